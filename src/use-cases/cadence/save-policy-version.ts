import type { Db } from '../../db/database.ts';
import { getPolicyVersion, unchangedLatestVersion, type PolicyVersion } from './list-policies.ts';
import { savePolicy } from './policies.ts';

/**
 * Saves a policy as its next version, unless it would change nothing (same steps, segments and
 * default flag): then the latest version is returned as it is, so that a retried or repeated
 * save does not pile up identical versions.
 */
export async function savePolicyVersion(
  db: Db,
  organisationId: string,
  input: unknown,
  options: { segments: string[]; isDefault: boolean },
): Promise<{ created: boolean; version: PolicyVersion }> {
  const unchanged = await unchangedLatestVersion(db, organisationId, input, options);
  if (unchanged) return { created: false, version: unchanged };
  const saved = await savePolicy(db, organisationId, input, options);
  return { created: true, version: await getPolicyVersion(db, organisationId, saved.name, saved.version) };
}
