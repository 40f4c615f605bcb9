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
      await givenInvoice(database.db, org.id, customer, { externalId: 'NF-2', dueDate: '2026-03-09', amountMinor: 1234 });
      await givenInvoiceReferences(database.db, org.id, invoice, { nossoNumero: '555' });
      await database.close();
      writeFileSync(
        retorno,
        cnab240Retorno([
          settledTitle({ nossoNumero: '555', amountMinor: 50000, date: '2026-03-02' }),
          settledTitle({ nossoNumero: '556', amountMinor: 1234, date: '2026-03-02' }),
          settledTitle({ nossoNumero: '557', amountMinor: 999, date: '2026-03-03' }),
        ]),
      );
      writeFileSync(broken, 'date,amount,description\n2026-03-02,12.00,PIX\n2026-03-03,doze,PIX\n');
    });
    after(async () => {
      await dropDatabase?.();
    });

    const bankCli = (...args: string[]) =>
      spawnSync(process.execPath, [bin, '--org', 'bank', 'bank', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const regua = (...args: string[]) => bankCli('import', ...args);

    it('prints the counts as JSON; the same file again is reported as a duplicate', () => {
      const first = regua(retorno, '--json');
      assert.equal(first.status, 0, first.stderr);
      const result = JSON.parse(first.stdout) as Record<string, unknown>;
      assert.deepEqual([result.matched, result.suggested, result.unmatched, result.ignored, result.duplicate, result.duplicate_file], [1, 0, 2, 0, 0, false]);
      const again = regua(retorno);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /already imported/);
    });

    it('the review queue: listed, one line allocated to an invoice by hand, one ignored; the queue is then empty', () => {
      const queue = bankCli('queue', '--json');
      assert.equal(queue.status, 0, queue.stderr);
      const lines = (JSON.parse(queue.stdout) as { data: { id: string; amount: { amount: string }; status: string }[] }).data;
      assert.deepEqual(
        lines.map((l) => [l.amount.amount, l.status]),
        [
          ['12.34', 'unmatched'],
          ['9.99', 'unmatched'],
        ],
      );
      assert.match(bankCli('queue').stdout, /12\.34 BRL +unmatched/);

      const allocated = bankCli('allocate', lines[0]!.id, '--invoice', 'NF-2', '--json');
      assert.equal(allocated.status, 0, allocated.stderr);
      const body = JSON.parse(allocated.stdout) as {
        line: { status: string };
        payment: { allocations: { invoice_external_id: string; amount: { amount: string } }[] };
      };
      assert.equal(body.line.status, 'allocated');
      assert.deepEqual(
        body.payment.allocations.map((a) => [a.invoice_external_id, a.amount.amount]),
        [['NF-2', '12.34']],
      );
      const twice = bankCli('allocate', lines[0]!.id, '--invoice', 'NF-2');
      assert.equal(twice.status, 1, 'a line leaves the queue once');

      const neither = bankCli('allocate', lines[1]!.id);
      assert.equal(neither.status, 1);
      assert.match(neither.stderr, /--invoice or --customer/);
      const ignored = bankCli('ignore', lines[1]!.id, '--reason', 'bank fee refund');
      assert.equal(ignored.status, 0, ignored.stderr);
      assert.match(ignored.stdout, /ignored \(bank fee refund\)/);
      assert.match(bankCli('queue').stdout, /queue is empty/);
    });

    it('exits 1 on an unreadable file, naming the line and the field', () => {
      const run = regua(broken);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /line 3, field amount/);
    });
  });
}
