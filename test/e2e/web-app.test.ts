import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/database.ts';
import { buildServer } from '../../src/http/server.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { insertUser, updateUser, upsertMembership } from '../../src/stores/users.ts';
import { hashPassword } from '../../src/use-cases/users/secrets.ts';
import type { Role } from '../../src/domain/roles.ts';
import { openTestDatabase, testEngines } from '../support/engines.ts';
import { givenOrganisation } from '../support/portfolio.ts';

/**
 * The web app in a real browser (Debian's chromium driven by playwright-core): a collector signs in,
 * imports customers and invoices (a bad file first: its row errors show, nothing is imported), runs the
 * cadence, sees the reminder in Messages and in the customer's timeline, logs a call with a promise from
 * the worklist and sees the worklist change; a viewer is refused; another organisation's user sees none
 * of it. axe-core on every main page; pt-BR screenshots to docs/screenshots/.
 */
const chromiumPath = '/usr/bin/chromium';
const dist = new URL('../../web/dist/index.html', import.meta.url);
const skip = process.env.CI
  ? false
  : !existsSync(chromiumPath)
    ? `chromium is not installed at ${chromiumPath} (apt-get install chromium); .ci/run installs it`
    : !existsSync(dist)
      ? 'the web app is not built (npm run build:web)'
      : false;

const password = 'senha-muito-secreta-1';
const runDate = '2026-11-09';
const customersCsv = (rows: string[]) =>
  ['external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit', ...rows].join('\n') + '\n';
const goodCustomers = customersCsv([
  'ANA,Ana Lima Comércio,,ana@example.com,,+5511911112222,pt-BR,America/Sao_Paulo,BR,varejo,',
  'BRUNO,Bruno Reis Serviços,,,+551133334444,,pt-BR,America/Sao_Paulo,BR,varejo,',
]);
const badCustomers = customersCsv(['ANA,Ana Lima Comércio,,not-an-email,,,pt-BR,America/Sao_Paulo,BR,,', ',Sem Id,,,,,pt-BR,America/Sao_Paulo,XX,,']);
const invoicesCsv =
  [
    'external_id,customer_external_id,issue_date,due_date,amount,currency,description',
    // Ana: due Wed 4 Nov, so Mon 9 Nov is D+5 (WhatsApp reminder). Bruno: due Fri 30 Oct, so 9 Nov is D+10 (a call task).
    'NF-ANA,ANA,2026-10-05,2026-11-04,1200.00,BRL,Pães e bolos',
    'NF-BRUNO,BRUNO,2026-09-30,2026-10-30,800.00,BRL,Manutenção',
  ].join('\n') + '\n';

async function givenUser(database: Database, organisationId: string, email: string, role: Role): Promise<void> {
  const user = await insertUser(database.db, { email, name: email.split('@')[0]!, language: 'pt-BR' });
  await updateUser(database.db, user.id, { password_hash: await hashPassword(password) });
  await upsertMembership(database.db, organisationId, user.id, role);
}

describe('web app in chromium: sign in, import, run, messages, timeline, call with a promise, roles, organisations', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await openTestDatabase(testEngines[0] ?? 'pglite');
    const padaria = await givenOrganisation(database.db, 'padaria');
    const other = await createOrganisation(database.db, { slug: 'outra', name: 'Outra Empresa' });
    await givenUser(database, padaria.id, 'ana.cobranca@padaria.test', 'collector');
    await givenUser(database, padaria.id, 'vitor@padaria.test', 'viewer');
    await givenUser(database, padaria.id, 'dona@padaria.test', 'owner');
    await givenUser(database, other.id, 'olga@outra.test', 'admin');
    app = await buildServer({ db: database.db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function signedIn(email: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
    // axe-core is injected as an inline script, which the app's Content-Security-Policy (rightly) refuses.
    const context = await browser.newContext({ locale: 'pt-BR', viewport, bypassCSP: true });
    contexts.push(context);
    // Nothing but this server: any other request is refused.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hoje' }).waitFor();
    return page;
  }

  const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name }).click();

  /** Every block has loaded (no "Carregando…" left). */
  const settled = (page: Page) => page.waitForFunction('document.querySelector(".loading") === null');

  async function noSeriousViolations(page: Page, label: string): Promise<void> {
    await settled(page);
    await page.addScriptTag({ path: new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname });
    // A string, evaluated in the page (this file is type-checked without the DOM library).
    const violations = await page.evaluate<string[]>(`axe.run({ resultTypes: ['violations'] }).then((result) => result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.impact + ' ' + v.id + ': ' + v.nodes.map((n) => String(n.target)).join(', ')))`);
    assert.deepEqual(violations, [], `axe on ${label}`);
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await settled(page);
    mkdirSync(new URL('../../docs/screenshots/', import.meta.url), { recursive: true });
    writeFileSync(new URL(`../../docs/screenshots/${name}.png`, import.meta.url), await page.screenshot({ fullPage: true }));
  }

  async function upload(page: Page, kind: 'Clientes' | 'Faturas', name: string, content: string): Promise<void> {
    await page.getByRole('radio', { name: kind }).check();
    await page.getByLabel('Arquivo CSV (UTF-8, com cabeçalho)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
  }

  test('a collector works the day end to end in Portuguese', async () => {
    const page = await signedIn('ana.cobranca@padaria.test');
    await noSeriousViolations(page, 'Hoje (empty)');

    // Import: a bad file first — its row errors show, nothing is imported.
    await nav(page, 'Importar');
    await upload(page, 'Clientes', 'clientes-ruins.csv', badCustomers);
    const rejected = page.getByRole('table').filter({ has: page.getByText('Recusado: nada foi importado.') });
    await rejected.waitFor();
    assert.match(await page.getByRole('alert').innerText(), /clientes-ruins\.csv: rejected, nothing was imported/);
    const lines = await rejected.locator('tbody tr td:first-child').allInnerTexts();
    assert.ok(lines.length >= 2 && lines.every((l) => l === '2' || l === '3'), `row errors on lines 2 and 3: ${lines.join(',')}`);
    await screenshot(page, 'import-rejected');
    await noSeriousViolations(page, 'Importar (rejected)');
    const nothing = await database.db.selectFrom('customers').select('id').execute();
    assert.equal(nothing.length, 0, 'nothing was imported');

    await upload(page, 'Clientes', 'clientes.csv', goodCustomers);
    await page.getByText('2 linhas importadas: 2 novas, 0 alteradas, 0 sem mudança.').waitFor();
    await upload(page, 'Faturas', 'faturas.csv', invoicesCsv);
    await page.getByText('2 linhas importadas: 2 novas, 0 alteradas, 0 sem mudança.').waitFor();

    // Run the cadence for a business date: the counts show.
    await nav(page, 'Executar');
    await page.getByLabel('Data de referência').fill(runDate);
    await page.getByRole('button', { name: 'Executar', exact: true }).click();
    const summary = page.locator('.run-summary');
    await summary.waitFor();
    assert.equal(await summary.locator('dd[data-channel="whatsapp"]').innerText(), '1');
    assert.equal(await summary.locator('dd[data-channel="call_task"]').innerText(), '1');
    await screenshot(page, 'run');
    await noSeriousViolations(page, 'Executar');

    // The reminder in Messages, with its rendered text on demand.
    await nav(page, 'Mensagens');
    const reminder = page.locator('.messages > li').filter({ hasText: 'ANA' });
    await reminder.waitFor();
    assert.match(await reminder.innerText(), /WhatsApp/);
    assert.match(await reminder.innerText(), /\+5511911112222/);
    await reminder.getByRole('button', { name: 'Ver a mensagem' }).click();
    await reminder.locator('.rendered').waitFor();
    await screenshot(page, 'messages');
    await noSeriousViolations(page, 'Mensagens');

    // … and in Ana's timeline, found through the customer search.
    await nav(page, 'Clientes');
    await page.getByLabel('Buscar').fill('Ana');
    await page.getByRole('search').getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('link', { name: 'Ana Lima Comércio' }).waitFor();
    // The unfiltered first page may still be on screen: wait for the search's answer to replace it.
    await page.getByRole('link', { name: 'Bruno Reis Serviços' }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('main table tbody tr').count(), 1, 'the search finds Ana only');
    await screenshot(page, 'customers');
    await noSeriousViolations(page, 'Clientes');
    await page.getByRole('link', { name: 'Ana Lima Comércio' }).click();
    const timeline = page.locator('.timeline');
    await timeline.getByText('Etapa da régua').first().waitFor();
    assert.match(await timeline.innerText(), /whatsapp_reminder/);
    assert.match(await page.locator('main').innerText(), /R\$\s?1\.200,00/, 'money in the pt-BR format');
    await screenshot(page, 'customer');
    await noSeriousViolations(page, 'Cliente');

    // Today: Bruno's call task heads the worklist; the call (with a promise) closes it.
    await nav(page, 'Hoje');
    const worklist = page.locator('table.worklist tbody tr');
    await worklist.first().waitFor();
    assert.deepEqual(await worklist.locator('td:first-child').allInnerTexts(), ['Bruno Reis Serviços']);
    await screenshot(page, 'today');
    await noSeriousViolations(page, 'Hoje');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Bruno Reis Serviços' }).waitFor();
    await page.getByText('Esta ligação conclui o item da fila de trabalho que você abriu.').waitFor();
    await page.getByLabel('Resultado').selectOption('promised');
    await page.getByLabel('Anotação').fill('Paga na sexta');
    await page.getByLabel('O cliente prometeu pagar').check();
    await page.getByLabel('Data prometida').fill('2026-12-18');
    await page.getByLabel('Valor prometido').fill('800,00');
    await page.getByRole('button', { name: 'Salvar a ligação' }).click();
    await page.getByText('Salvo.').waitFor();
    // The timeline reloads after the save: wait for the new entries rather than read it at once.
    await page.locator('.timeline').getByText('Item da fila concluído').first().waitFor();
    const entries = await page.locator('.timeline').innerText();
    assert.match(entries, /Item da fila concluído/);
    assert.match(entries, /Promessa de pagamento/);
    await nav(page, 'Hoje');
    await page.getByRole('heading', { level: 2, name: 'Fila de trabalho' }).waitFor();
    await page.locator('section[aria-label="Fila de trabalho"]').getByText('Nada por aqui.').waitFor();
    assert.equal(await page.locator('table.worklist').count(), 0, 'the worklist no longer has the call');
    const promises = await database.db.selectFrom('promises').select(['amount_minor', 'promised_date', 'status']).execute();
    assert.deepEqual(
      promises.map((p) => [p.amount_minor, p.status]),
      [[80_000, 'pending']],
    );

    for (const [label, name] of [
      ['Escalonamentos', 'escalations'],
      ['Configurações', 'settings'],
    ] as const) {
      await nav(page, label);
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      await screenshot(page, name);
      await noSeriousViolations(page, label);
    }

    // A phone's width: nothing spills sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const label of ['Hoje', 'Clientes', 'Mensagens']) {
      await nav(page, label);
      await settled(page);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 1, `${label} at 375 px overflows by ${overflow}px`);
    }
    await nav(page, 'Hoje');
    await screenshot(page, 'today-375');
  });

  test('the owner reads the dashboard, cancels a waiting message, creates an API token and sees her sessions', async () => {
    const page = await signedIn('dona@padaria.test');
    await nav(page, 'Painel');
    await page.getByRole('heading', { level: 1, name: 'Painel' }).waitFor();
    await page.getByRole('img', { name: 'Recebíveis em aberto por faixa de atraso, BRL' }).waitFor();
    await page.getByRole('img', { name: 'Total vencido semana a semana, BRL' }).waitFor();
    await screenshot(page, 'dashboard-pt-BR');
    await noSeriousViolations(page, 'Painel');

    // Ana's WhatsApp reminder still waits (no transport here): the owner cancels it.
    await nav(page, 'Mensagens');
    const reminder = page.locator('.messages > li').filter({ hasText: 'ANA' });
    await reminder.getByRole('button', { name: 'Cancelar a mensagem' }).click();
    await page.getByText('A mensagem foi cancelada.').waitFor();
    await reminder.getByText('Cancelada').first().waitFor();
    assert.equal(await reminder.getByRole('button', { name: 'Cancelar a mensagem' }).count(), 0);
    const cancelled = await database.db.selectFrom('outbox_messages').select(['status', 'cancel_reason']).execute();
    assert.deepEqual(
      cancelled.map((m) => [m.status, m.cancel_reason]),
      [['cancelled', 'cancelled_by_user']],
    );

    await nav(page, 'Configurações');
    await page.getByLabel('Nome do token').fill('ERP');
    await page.getByRole('button', { name: 'Criar um token' }).click();
    await page.getByText('Copie o token agora: ele é mostrado uma única vez.').waitFor();
    assert.match(await page.locator('code.secret').innerText(), /^rg_[0-9a-f]{32}_[0-9a-f]{32}_/);
    await page.locator('section[aria-label="Suas sessões"]').getByText('este navegador').waitFor();
    await noSeriousViolations(page, 'Configurações (token created)');
  });

  test('a viewer sees the customer but is refused a call, with the API message', async () => {
    const page = await signedIn('vitor@padaria.test');
    await nav(page, 'Clientes');
    await page.getByRole('link', { name: 'Ana Lima Comércio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ana Lima Comércio' }).waitFor();
    await page.getByLabel('Anotação').fill('tentativa');
    await page.getByRole('button', { name: 'Salvar a ligação' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'viewer' });
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /your role \(viewer\) may not/);
  });

  test('a user of another organisation sees none of it', async () => {
    const page = await signedIn('olga@outra.test');
    await nav(page, 'Clientes');
    await page.getByText('Nada por aqui.').waitFor();
    const ana = await database.db.selectFrom('customers').select('id').where('external_id', '=', 'ANA').executeTakeFirstOrThrow();
    await page.goto(`${base}/customers/${ana.id}`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /not found|no customer/i);
    await nav(page, 'Mensagens');
    await page.getByText('Nada por aqui.').waitFor();
  });
});

// The bundle stays small: the first load's JavaScript, gzipped, within 250 kB.
test('web app: the JavaScript of the first load is at most 250 kB gzipped', { skip: existsSync(dist) ? false : 'the web app is not built' }, async () => {
  const { gzipSync } = await import('node:zlib');
  const html = readFileSync(dist, 'utf8');
  const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  assert.ok(scripts.length > 0);
  const total = scripts.reduce((sum, path) => sum + gzipSync(readFileSync(new URL(`../../web/dist/${path}`, import.meta.url))).length, 0);
  assert.ok(total <= 250_000, `${total} bytes gzipped`);
});
