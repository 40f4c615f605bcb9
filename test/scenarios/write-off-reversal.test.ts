import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { openPglite, openPostgres } from '../../src/db/database.ts';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

/** The total aging line of the customer as of a date, from the CLI's JSON. */
function agingTotal(regua: (...args: string[]) => ReturnType<typeof spawnSync>, asOf: string): string | null {
  const run = regua('aging', '--as-of', asOf, '--format', 'json');
  assert.equal(run.status, 0, String(run.stderr));
  const report = JSON.parse(String(run.stdout)) as { customers: { external_id: string; total: string }[] };
  return report.customers.find((c) => c.external_id === 'OFICINA')?.total ?? null;
}

// The CLI opens the database itself, so each engine gets a database the child process can reach.
for (const engine of testEngines) {
  describe(`write-offs from the CLI, and reversed with a reason [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;
    let organisationId = '';

    before(async () => {
      const opened = await openDatabaseForCli(engine, 'write_off_reversal');
      env = opened.env;
      dropDatabase = opened.drop;
      const org = await givenOrganisation(opened.database.db, 'writeoffs');
      organisationId = org.id;
      const oficina = await givenCustomer(opened.database.db, org.id, { externalId: 'OFICINA' });
      await givenInvoice(opened.database.db, org.id, oficina, { externalId: 'NF-W1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 40000 });
      await opened.database.close();
    });
    after(async () => {
      await dropDatabase?.();
    });

    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, '--org', 'writeoffs', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('31 Oct: `regua writeoff create` writes NF-W1 off; aging leaves it out from that day', () => {
      const made = regua('writeoff', 'create', '--invoice', 'NF-W1', '--reason', 'debtor closed the shop', '--date', '2026-10-31', '--json');
      assert.equal(made.status, 0, made.stderr);
      const writeOff = JSON.parse(made.stdout) as { written_off_on: string; amount: unknown; reversed_on: unknown };
      assert.deepEqual([writeOff.written_off_on, writeOff.amount, writeOff.reversed_on], ['2026-10-31', { amount: '400.00', currency: 'BRL' }, null]);
      assert.equal(agingTotal(regua, '2026-10-30'), '400.00');
      assert.equal(agingTotal(regua, '2026-11-10'), null);
    });

    it('bad input exits 1 naming what is wrong', () => {
      const noReason = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', ' ');
      assert.equal(noReason.status, 1);
      assert.match(noReason.stderr, /--reason/);
      const badDate = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'x', '--date', '2026-13-01');
      assert.equal(badDate.status, 1);
      assert.match(badDate.stderr, /--date "2026-13-01"/);
      const early = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'x', '--date', '2026-10-01');
      assert.equal(early.status, 1);
      assert.match(early.stderr, /precedes the write-off on 2026-10-31/);
    });

    it('20 Nov: the owner turns up and agrees to pay; `regua writeoff reverse` reopens NF-W1 from 20 Nov; aging as of 10 Nov is unchanged', async () => {
      const reversed = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'owner agreed to pay', '--date', '2026-11-20', '--json');
      assert.equal(reversed.status, 0, reversed.stderr);
      const body = JSON.parse(reversed.stdout) as { reversed_on: string; reversal_reason: string };
      assert.deepEqual([body.reversed_on, body.reversal_reason], ['2026-11-20', 'owner agreed to pay']);
      assert.equal(agingTotal(regua, '2026-10-30'), '400.00');
      assert.equal(agingTotal(regua, '2026-11-10'), null, 'history as of 10 Nov does not move');
      assert.equal(agingTotal(regua, '2026-11-20'), '400.00');

      const again = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'twice');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /only a written-off invoice/);

      const csv = regua('writeoff', 'export', '--from', '2026-10-01', '--to', '2026-11-30');
      assert.equal(csv.status, 0, csv.stderr);
      const entries = csv.stdout.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2).join(' '));
      assert.deepEqual(entries, ['2026-10-31 write_off', '2026-11-20 write_off_reversal']);

      // The CLI has exited: this process may open the database to read the contact record.
      const database = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite(env.REGUA_DATA_DIR!);
      try {
      const record = await database.db.selectFrom('interactions').select(['kind', 'content']).where('organisation_id', '=', organisationId).where('kind', 'in', ['invoice_written_off', 'write_off_reversed']).orderBy('seq').execute();
      assert.deepEqual(record.map((r) => [r.kind, r.content.reason]), [['invoice_written_off', 'debtor closed the shop'], ['write_off_reversed', 'owner agreed to pay']]);
      const invoice = await database.db.selectFrom('invoices').select(['status', 'written_off_on']).where('organisation_id', '=', organisationId).where('external_id', '=', 'NF-W1').executeTakeFirstOrThrow();
      assert.deepEqual(invoice, { status: 'open', written_off_on: null });
      } finally {
        await database.close();
      }
    });

    it('31 Dec: written off again; the reopened weeks between still show in aging', () => {
      const made = regua('writeoff', 'create', '--invoice', 'NF-W1', '--reason', 'promise broken', '--date', '2026-12-31');
      assert.equal(made.status, 0, made.stderr);
      assert.equal(agingTotal(regua, '2026-12-31'), null);
      assert.equal(agingTotal(regua, '2026-11-25'), '400.00');
    });
  });
}
