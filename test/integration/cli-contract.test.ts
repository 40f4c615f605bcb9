import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;
const bcbStaticExample = '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const boletoLine = '00190000090114971860168524522114675860000102656';
const customersHeader = 'external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit';

// DESIGN.md §4 as other programs see it: the real binary, its exit codes, stdout and stderr.
for (const engine of testEngines) {
  describe(`CLI contract: parse, import, aging [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'regua-contract-'));

    before(async () => {
      const opened = await openDatabaseForCli(engine, 'cli_contract');
      env = opened.env;
      dropDatabase = opened.drop;
      await opened.database.close();
    });
    after(async () => {
      await dropDatabase?.();
    });

    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('pix parse: the Banco Central example gives its fields (exit 0); a wrong CRC exits 1 naming the check', () => {
      const ok = regua('pix', 'parse', '--json', bcbStaticExample);
      assert.equal(ok.status, 0, ok.stderr);
      const fields = JSON.parse(ok.stdout) as Record<string, unknown>;
      assert.deepEqual([fields.key, fields.merchant_name, fields.merchant_city, fields.txid, fields.crc], ['123e4567-e12b-12d1-a456-426655440000', 'Fulano de Tal', 'BRASILIA', '***', '1D3D']);
      const bad = regua('pix', 'parse', `${bcbStaticExample.slice(0, -1)}E`);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /crc/i);
      assert.equal(bad.stdout, '');
    });

    it('boleto parse: the line gives its barcode, bank, amount and due date; a wrong check digit exits 1 naming it', () => {
      const ok = regua('boleto', 'parse', '--json', boletoLine);
      assert.equal(ok.status, 0, ok.stderr);
      const fields = JSON.parse(ok.stdout) as Record<string, unknown>;
      assert.deepEqual([fields.barcode, fields.bank_code, fields.amount], ['00196758600001026560000001149718606852452211', '001', '1026.56']);
      const bad = regua('boleto', 'parse', `${boletoLine.slice(0, -1)}7`);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /check digit/);
    });

    it('import: a bad file exits 1 with every bad row (line, column, reason) and writes nothing; a good one then imports', () => {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, `${customersHeader}\nC1,Padaria,123,financeiro@padaria.example,,,pt-BR,America/Sao_Paulo,BR,,\nC2,Mercado,,mercado@example,,,pt-BR,America/Sao_Paulo,BR,,\n`);
      const rejected = regua('import', 'customers', bad);
      assert.equal(rejected.status, 1);
      assert.match(rejected.stderr, /line 2, column tax_id: CPF must have 11 digits/);
      assert.match(rejected.stderr, /line 3, column email: .* is not an e-mail address/);
      assert.match(rejected.stderr, /nothing was imported/);
      const good = join(dir, 'good.csv');
      writeFileSync(good, `${customersHeader}\nC1,Padaria,529.982.247-25,financeiro@padaria.example,,,pt-BR,America/Sao_Paulo,BR,,\n`);
      const imported = regua('import', 'customers', good, '--json');
      assert.equal(imported.status, 0, imported.stderr);
      assert.equal((JSON.parse(imported.stdout) as { inserted: number }).inserted, 1);
    });

    it('aging --format json has the documented shape', () => {
      const aging = regua('aging', '--as-of', '2026-11-22', '--format', 'json');
      assert.equal(aging.status, 0, aging.stderr);
      const report = JSON.parse(aging.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(report), ['as_of', 'buckets', 'totals', 'customers']);
      assert.deepEqual(report.buckets, ['current', '1-30', '31-60', '61-90', '90+']);
      const badDate = regua('aging', '--as-of', '22/11/2026');
      assert.equal(badDate.status, 1);
    });

    it('a reader that goes away early (regua … | head) is not an error', async () => {
      const child = spawn(process.execPath, [bin, 'pix', 'parse', bcbStaticExample], { env: { ...process.env, ...env } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(status, 0, stderr);
      assert.doesNotMatch(stderr, /EPIPE/);
    });
  });
}
