import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

// The layer boundaries of docs/architecture.md are ESLint rules; these check the rules bite.
const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

test('SQL outside src/stores is refused, inside it is allowed', async () => {
  const query = "import type { Db } from '../db/database.ts';\nexport const q = (db: Db) => db.selectFrom('invoices').selectAll().execute();\n";
  assert.ok((await problems('src/use-cases/example.ts', query)).some((m) => m.includes('SQL lives in src/stores')));
  assert.deepEqual(await problems('src/stores/example.ts', query), []);
});

test('the domain may not import the database or I/O', async () => {
  const code = "import type { Db } from '../db/database.ts';\nexport type X = Db;\n";
  assert.ok((await problems('src/domain/example.ts', code)).some((m) => m.includes('src/domain is pure')));
});

test('routes and commands do not reach stores', async () => {
  const code = "import { organisationById } from '../../stores/organisations.ts';\nexport const f = organisationById;\n";
  assert.ok((await problems('src/http/routes/example.ts', code)).some((m) => m.includes('call use cases')));
  assert.ok((await problems('src/cli/commands/example.ts', code)).some((m) => m.includes('call use cases')));
});
