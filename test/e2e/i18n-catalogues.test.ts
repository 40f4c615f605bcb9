import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../web/src/i18n/en.ts';
import { es } from '../../web/src/i18n/es.ts';
import { ptBR } from '../../web/src/i18n/pt-BR.ts';

// The web app's three catalogues have the same keys, every text is filled in, and the {placeholders} of each text match English.
test('web app: the pt-BR, es and en catalogues have the same keys and placeholders', () => {
  const keys = Object.keys(en).sort();
  for (const [name, catalogue] of Object.entries({ 'pt-BR': ptBR, es })) {
    assert.deepEqual(Object.keys(catalogue).sort(), keys, `${name} has exactly the English keys`);
    for (const key of keys) {
      const text = (catalogue as Record<string, string>)[key]!;
      assert.ok(text.trim().length > 0, `${name} ${key} is empty`);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(placeholders(text), placeholders((en as Record<string, string>)[key]!), `${name} ${key} placeholders`);
    }
  }
});
