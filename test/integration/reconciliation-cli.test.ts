import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cnab240Retorno } from '../../src/payments/bank-files/fixtures/build.ts';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { givenInvoiceReferences, settledTitle } from '../support/reconciliation.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

// The CLI opens the database itself, so each engine gets a database the child process can reach.
for (const engine of testEngines) {
  describe(`CLI: regua bank import [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'regua-bank-'));
    const retorno = join(dir, 'retorno.ret');
    const broken = join(dir, 'extrato.csv');

    before(async () => {
      const opened = await openDatabaseForCli(engine, 'recon_cli');
      const database = opened.database;
      env = opened.env;
      dropDatabase = opened.drop;
      const org = await givenOrganisation(database.db, 'bank');
      const customer = await givenCustomer(database.db, org.id, { externalId: 'C1' });
      const invoice = await givenInvoice(database.db, org.id, customer, { externalId: 'NF-1', dueDate: '2026-03-02', amountMinor: 50000 });
      await givenInvoiceReferences(database.db, org.id, invoice, { nossoNumero: '555' });
      await database.close();
      writeFileSync(retorno, cnab240Retorno([
        settledTitle({ nossoNumero: '555', amountMinor: 50000, date: '2026-03-02' }),
        settledTitle({ nossoNumero: '556', amountMinor: 1234, date: '2026-03-02' }),
      ]));
      writeFileSync(broken, 'date,amount,description\n2026-03-02,12.00,PIX\n2026-03-03,doze,PIX\n');
    });
    after(async () => {
      await dropDatabase?.();
    });

    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, '--org', 'bank', 'bank', 'import', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('prints the counts as JSON; the same file again is reported as a duplicate', () => {
      const first = regua(retorno, '--json');
      assert.equal(first.status, 0, first.stderr);
      const result = JSON.parse(first.stdout) as Record<string, unknown>;
      assert.deepEqual([result.matched, result.suggested, result.unmatched, result.ignored, result.duplicate, result.duplicate_file], [1, 0, 1, 0, 0, false]);
      const again = regua(retorno);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /already imported/);
    });

    it('exits 1 on an unreadable file, naming the line and the field', () => {
      const run = regua(broken);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /line 3, field amount/);
    });
  });
}
