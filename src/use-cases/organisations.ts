import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { UserError } from './errors.ts';

export const defaultOrganisationSlug = 'default';

/**
 * The organisation a command acts on: the one named by --org, or the first one ever
 * created (made on first start when there is none).
 */
export async function resolveOrganisation(db: Db, slug?: string): Promise<Organisation> {
  if (slug) {
    const found = await db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!found) throw new UserError(`unknown organisation "${slug}" (create it with: regua org create ${slug} --name "…")`);
    return found;
  }
  const first = await db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return first ?? createOrganisation(db, { slug: defaultOrganisationSlug, name: 'Minha Empresa Ltda' });
}

export interface NewOrganisation {
  slug: string;
  name: string;
  legalName?: string;
  taxId?: string;
  address?: string;
  country?: string;
  timezone?: string;
  defaultCurrency?: string;
}

export async function createOrganisation(db: Db, input: NewOrganisation): Promise<Organisation> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) {
    throw new UserError(`organisation slug "${input.slug}" must be lower-case letters, digits and dashes`);
  }
  return db
    .insertInto('organisations')
    .values({
      slug: input.slug, name: input.name, legal_name: input.legalName ?? input.name, tax_id: input.taxId ?? null, address: input.address ?? null,
      ...(input.country ? { country: input.country } : {}),
      ...(input.timezone ? { timezone: input.timezone } : {}),
      ...(input.defaultCurrency ? { default_currency: input.defaultCurrency } : {}),
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst()
    .then(async (created) => created ?? (await db.selectFrom('organisations').selectAll().where('slug', '=', input.slug).executeTakeFirstOrThrow()));
}
