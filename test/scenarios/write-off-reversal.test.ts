import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { openPglite, openPostgres } from '../../src/db/database.ts';
import { agingReport } from '../../src/use-cases/aging-report.ts';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { orgContextById } from '../support/org-context.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

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

    const regua = (...args: string[]) =>
      spawnSync(process.execPath, [bin, '--org', 'writeoffs', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('31 Oct: `regua writeoff create` writes NF-W1 off; a reversal without a reason or before the write-off is refused', () => {
      const made = regua('writeoff', 'create', '--invoice', 'NF-W1', '--reason', 'debtor closed the shop', '--date', '2026-10-31', '--json');
      assert.equal(made.status, 0, made.stderr);
      const writeOff = JSON.parse(made.stdout) as { written_off_on: string; amount: unknown; reversed_on: unknown };
      assert.deepEqual([writeOff.written_off_on, writeOff.amount, writeOff.reversed_on], ['2026-10-31', { amount: '400.00', currency: 'BRL' }, null]);

      const noReason = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', ' ');
      assert.equal(noReason.status, 1);
      assert.match(noReason.stderr, /--reason/);
      const early = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'x', '--date', '2026-10-01');
      assert.equal(early.status, 1);
      assert.match(early.stderr, /precedes the write-off on 2026-10-31/);
    });

    it('20 Nov: the owner turns up and agrees to pay; `regua writeoff reverse` reopens NF-W1; a second reversal is refused; the export shows both entries', () => {
      const reversed = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'owner agreed to pay', '--date', '2026-11-20', '--json');
      assert.equal(reversed.status, 0, reversed.stderr);
      const body = JSON.parse(reversed.stdout) as { reversed_on: string; reversal_reason: string };
      assert.deepEqual([body.reversed_on, body.reversal_reason], ['2026-11-20', 'owner agreed to pay']);

      const again = regua('writeoff', 'reverse', '--invoice', 'NF-W1', '--reason', 'twice');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /only a written-off invoice/);

      const csv = regua('writeoff', 'export', '--from', '2026-10-01', '--to', '2026-11-30');
      assert.equal(csv.status, 0, csv.stderr);
      const entries = csv.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(' '));
      assert.deepEqual(entries, ['2026-10-31 write_off', '2026-11-20 write_off_reversal']);
    });

    it('31 Dec: written off again; aging as of each earlier date is what it was that day, and the record holds every step', async () => {
      const made = regua('writeoff', 'create', '--invoice', 'NF-W1', '--reason', 'promise broken', '--date', '2026-12-31');
      assert.equal(made.status, 0, made.stderr);

      // The CLI has exited: this process may open the database.
      const database = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite(env.REGUA_DATA_DIR!);
      try {
        const total = async (asOf: string) =>
          (await agingReport(database.db, await orgContextById(database.db, organisationId), asOf)).lines.find((c) => c.externalId === 'OFICINA')?.total ?? 0;
        assert.deepEqual(
          [await total('2026-10-30'), await total('2026-11-10'), await total('2026-11-25'), await total('2026-12-31')],
          [40000, 0, 40000, 0],
          'open before the write-off, out while written off, back after the reversal, out again',
        );
        const record = await database.db
          .selectFrom('interactions')
          .select(['kind', 'content'])
          .where('organisation_id', '=', organisationId)
          .where('kind', 'in', ['invoice_written_off', 'write_off_reversed'])
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          record.map((r) => [r.kind, r.content.reason]),
          [
            ['invoice_written_off', 'debtor closed the shop'],
            ['write_off_reversed', 'owner agreed to pay'],
            ['invoice_written_off', 'promise broken'],
          ],
        );
      } finally {
        await database.close();
      }
    });
  });
}
