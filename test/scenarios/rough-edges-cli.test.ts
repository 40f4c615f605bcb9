import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

/**
 * A new user's first afternoon with the CLI, replayed on past dates: what used to cost it
 * (a run that silently sent nothing, links to localhost, a policy naming a template that does
 * not exist, a promise that could not be dated, a token that could not be revoked) is said or
 * refused at once.
 */
const bin = new URL('../../bin/regua.js', import.meta.url).pathname;
const readmeUrl = new URL('../../README.md', import.meta.url);
const now = '2026-11-17T13:00:00Z'; // Tuesday 10:00 in São Paulo

for (const engine of testEngines) {
  describe(`a new user's rough edges, from the CLI [${engine}]`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let env: NodeJS.ProcessEnv;
    let drop: (() => Promise<void>) | undefined;
    let tokenId = '';
    const dir = mkdtempSync(join(tmpdir(), 'regua-edges-'));

    before(async () => {
      smtp = await startSmtpServer();
      const opened = await openDatabaseForCli(engine, 'edges');
      env = opened.env;
      drop = opened.drop;
      const db = opened.database.db;
      // Created as a first start would: a name, no tax id, no address.
      const org = await createOrganisation(db, { slug: 'edges', name: 'Padaria Nova' });
      const c1 = await givenCustomer(db, org.id, { externalId: 'C1' });
      await givenInvoice(db, org.id, c1, { externalId: 'NF-1', issueDate: '2026-10-01', dueDate: '2026-11-16', amountMinor: 30000 });
      await givenInvoice(db, org.id, c1, { externalId: 'NF-2', issueDate: '2026-10-01', dueDate: '2026-11-10', amountMinor: 12000 });
      tokenId = (await createApiToken(db, org.id, 'erp sync')).id;
      await opened.database.close();
    });
    after(async () => {
      await smtp.close();
      await drop?.();
    });

    const regua = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      runCli(['--org', 'edges', ...args], { ...process.env, PUBLIC_URL: '', SMTP_URL: smtp.url, ...env, ...extra });

    it('Day 1: the run says at the start that nothing can be sent without the creditor identity, and that links point at localhost; the JSON summary shows the delivery', async () => {
      const run = await regua(['run', '--as-of', '2026-11-17', '--now', now, '--json']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /organisation edges has no tax id and address: .*regua org update --tax-id … --address …/);
      assert.match(run.stderr, /PUBLIC_URL is not set: opt-out links in messages point at http:\/\/127\.0\.0\.1:3000/);
      const summary = JSON.parse(run.stdout) as Record<string, unknown>;
      // DESIGN §4's keys first and unchanged, then the delivery and the warnings.
      assert.deepEqual(Object.keys(summary), ['as_of', 'customers_evaluated', 'actions', 'suppressed', 'deferred', 'delivery', 'warnings']);
      assert.deepEqual(summary.actions, { email: 1, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 });
      assert.deepEqual(summary.delivery, { sent: 0, deferred: 0, held: 0, failed: 1, retried: 0 });
      assert.equal((summary.warnings as string[]).length, 2);
      assert.equal(smtp.messages.length, 0);

      const fixed = await regua(['org', 'update', '--tax-id', '11.222.333/0001-81', '--address', 'Rua A, 100', '--city', 'Campinas']);
      assert.equal(fixed.code, 0, fixed.stderr);
      const deliver = await regua(['deliver', '--now', now], { PUBLIC_URL: 'https://cobranca.padarianova.example' });
      assert.equal(deliver.code, 0, deliver.stderr);
      assert.doesNotMatch(deliver.stderr, /warning/);
    });

    it("Day 1: the README's policy example is accepted; a policy naming an unknown template is refused, naming the step", async () => {
      const example = /### Cadence policy JSON[\s\S]*?```json\n([\s\S]*?)```/.exec(readFileSync(readmeUrl, 'utf8'))?.[1];
      assert.ok(example, 'the README has the example');
      const good = join(dir, 'policy.json');
      writeFileSync(good, example);
      const imported = await regua(['policy', 'import', good, '--default']);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /policy b2b-brazil saved as version 1/);

      const typo = JSON.parse(example) as { steps: { template: string }[] };
      typo.steps[1]!.template = 'friendly_remider';
      const bad = join(dir, 'typo.json');
      writeFileSync(bad, JSON.stringify({ ...typo, name: 'typo' }));
      const refused = await regua(['policy', 'import', bad]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /steps\[1\]\.template: step "d\+1-email": unknown template "friendly_remider" \(templates for email: /);
    });

    it('Day 3 replayed later: a promise and a dispute take the business date they happened on', async () => {
      const promise = await regua([
        'promise',
        'create',
        '--customer',
        'C1',
        '--as-of',
        '2026-11-19',
        '--date',
        '2026-11-24',
        '--amount',
        '300.00',
        '--invoices',
        'NF-1',
        '--json',
      ]);
      assert.equal(promise.code, 0, promise.stderr);
      assert.equal((JSON.parse(promise.stdout) as { promised_date: string }).promised_date, '2026-11-24');
      const late = await regua([
        'promise',
        'create',
        '--customer',
        'C1',
        '--as-of',
        '2026-11-19',
        '--date',
        '2026-11-18',
        '--amount',
        '100.00',
        '--invoices',
        'NF-2',
      ]);
      assert.equal(late.code, 1);
      assert.match(late.stderr, /2026-11-18 is in the past \(today is 2026-11-19\)/);

      const before = await regua(['dispute', 'open', '--invoice', 'NF-2', '--reason', 'wrong price', '--date', '2026-11-19', '--deadline', '2026-11-18']);
      assert.equal(before.code, 1);
      assert.match(before.stderr, /deadline: 2026-11-18 precedes the opening date 2026-11-19/);
      const dispute = await regua(['dispute', 'open', '--invoice', 'NF-2', '--reason', 'wrong price', '--date', '2026-11-19', '--deadline', '2026-11-26']);
      assert.equal(dispute.code, 0, dispute.stderr);
      assert.match(dispute.stdout, /opened on NF-2 \(C1\), resolve by 2026-11-26/);
    });

    it('an API token is listed and revoked from the CLI', async () => {
      const revoked = await regua(['token', 'revoke', tokenId]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stdout, new RegExp(`token ${tokenId} \\("erp sync"\\) revoked at 20`));
      const listed = await regua(['token', 'list', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      const tokens = (JSON.parse(listed.stdout) as { data: { id: string; name: string; revoked_at: string | null }[] }).data;
      assert.deepEqual(
        tokens.map((t) => [t.id, t.name, t.revoked_at !== null]),
        [[tokenId, 'erp sync', true]],
      );
    });
  });
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
