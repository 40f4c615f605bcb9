import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { defaultLanguageFor } from '../../domain/account-email-text.ts';
import { insertUser, updateUser, upsertMembership, userByEmail } from '../../stores/users.ts';
import { hashPassword } from './secrets.ts';

const demoOwnerEmail = 'demo@regua.local';

/** The demo's owner, created on the first start of an empty embedded database, with a generated password (returned once). Null when it exists. */
export async function createDemoOwner(db: Db, org: Organisation): Promise<{ email: string; password: string } | null> {
  const password = randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    if (await userByEmail(trx, demoOwnerEmail)) return null;
    const user = await insertUser(trx, { email: demoOwnerEmail, name: 'Demo', language: defaultLanguageFor(org.country) });
    await updateUser(trx, user.id, { password_hash: passwordHash });
    await upsertMembership(trx, org.id, user.id, 'owner');
    return { email: demoOwnerEmail, password };
  });
}
