import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateTaxId } from '../domain/tax-id.ts';
import { createRandom } from './random.ts';
import { generateCif, generateCnpj, generateCompanyRfc, generateCpf, generateDni, generateEin, generatePersonRfc } from './tax-ids.ts';

const runs = 500;

function eachSeed(body: (random: ReturnType<typeof createRandom>, seed: number) => void): void {
  for (let seed = 0; seed < runs; seed++) body(createRandom(seed), seed);
}

describe('generated tax ids pass their check digits', () => {
  it('CPF: formatted 000.000.000-00, fiscal region as ninth digit, a consumer', () => {
    eachSeed((random) => {
      const cpf = generateCpf(random, 8);
      assert.match(cpf, /^\d{3}\.\d{3}\.\d{2}8-\d{2}$/);
      assert.deepEqual(validateTaxId('BR', cpf), { ok: true, kind: 'cpf', normalized: cpf.replace(/\D/g, ''), partyType: 'consumer' });
    });
  });

  it('CNPJ: formatted 00.000.000/0000-00, a business', () => {
    eachSeed((random) => {
      const cnpj = generateCnpj(random);
      assert.match(cnpj, /^\d{2}\.\d{3}\.\d{3}\/000\d-\d{2}$/);
      assert.deepEqual(validateTaxId('BR', cnpj), { ok: true, kind: 'cnpj', normalized: cnpj.replace(/\D/g, ''), partyType: 'business' });
    });
  });

  it('RFC of a company: 3 letters from the name, the incorporation date, homoclave', () => {
    eachSeed((random) => {
      const rfc = generateCompanyRfc(random, 'Abarrotes La Esperanza S.A. de C.V.', '2011-03-09');
      assert.match(rfc, /^AES110309[A-Z0-9]{3}$/, 'initials of Abarrotes, Esperanza… and no "La", "S.A." or "C.V."');
      assert.deepEqual(validateTaxId('MX', rfc), { ok: true, kind: 'rfc', normalized: rfc, partyType: 'business' });
    });
    const single = generateCompanyRfc(createRandom(1), 'Azteca S. de R.L. de C.V.', '1999-12-31');
    assert.match(single, /^AZT991231/);
  });

  it('RFC of a person: surname letters, initials, birth date', () => {
    eachSeed((random) => {
      const rfc = generatePersonRfc(random, { given: 'José Luis', paternal: 'Núñez', maternal: 'Ramírez' }, '1984-02-29');
      // N + first inner vowel U, R for Ramírez, L (José is skipped before a second name).
      assert.match(rfc, /^NURL840229[A-Z0-9]{3}$/);
      assert.deepEqual(validateTaxId('MX', rfc), { ok: true, kind: 'rfc', normalized: rfc, partyType: 'consumer' });
    });
  });

  it('DNI: 8 digits and the control letter', () => {
    eachSeed((random) => {
      const dni = generateDni(random);
      assert.match(dni, /^\d{8}[A-Z]$/);
      assert.deepEqual(validateTaxId('ES', dni), { ok: true, kind: 'nif', normalized: dni, partyType: 'consumer' });
    });
  });

  it('CIF: form letter, province, control digit', () => {
    eachSeed((random, seed) => {
      const form = (['A', 'B', 'F'] as const)[seed % 3]!;
      const cif = generateCif(random, form);
      assert.match(cif, new RegExp(`^${form}\\d{8}$`));
      assert.deepEqual(validateTaxId('ES', cif), { ok: true, kind: 'nif', normalized: cif, partyType: 'business' });
    });
  });

  it('EIN: 00-0000000 with a prefix the IRS assigns', () => {
    eachSeed((random) => {
      const ein = generateEin(random);
      assert.match(ein, /^\d{2}-\d{7}$/);
      assert.deepEqual(validateTaxId('US', ein), { ok: true, kind: 'ein', normalized: ein.replace('-', ''), partyType: 'business' });
    });
  });
});
