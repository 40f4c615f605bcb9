import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../../db/database.ts';
import { defaultPolicy, validatePolicy, type CadencePolicy } from '../../domain/cadence/index.ts';
import { hasStoredPolicy, latestPolicyVersions, policyVersion, policyVersions } from '../../stores/cadence-runs.ts';
import { NotFoundError } from '../errors.ts';

export interface PolicyVersion {
  name: string;
  version: number;
  segments: string[];
  isDefault: boolean;
  /** The policy as it was saved (name, version, steps). */
  definition: CadencePolicy;
  /** Null for the default shipped with Régua, which is not stored. */
  createdAt: Date | null;
  shipped: boolean;
}

class PolicyNotFoundError extends NotFoundError {
  override readonly code = 'policy_not_found';
}

const shippedDefault: PolicyVersion = {
  name: defaultPolicy.name,
  version: defaultPolicy.version,
  segments: [],
  isDefault: true,
  definition: defaultPolicy,
  createdAt: null,
  shipped: true,
};

function versionOf(row: { name: string; version: number; segments: string[]; is_default: boolean; definition: unknown; created_at: Date }): PolicyVersion {
  return {
    name: row.name,
    version: row.version,
    segments: row.segments,
    isDefault: row.is_default,
    definition: row.definition as CadencePolicy,
    createdAt: row.created_at,
    shipped: false,
  };
}

/**
 * The latest version of each policy; the default shipped with Régua when the organisation
 * has none marked default (it is what the run uses for customers no policy claims).
 */
export async function listPolicies(db: Db, organisationId: string): Promise<PolicyVersion[]> {
  const latest = (await latestPolicyVersions(db, organisationId)).map(versionOf);
  return latest.some((p) => p.isDefault) || latest.some((p) => p.name === defaultPolicy.name) ? latest : [shippedDefault, ...latest];
}

/** A policy's latest version and its history, newest first. */
export async function getPolicy(db: Db, organisationId: string, name: string): Promise<{ latest: PolicyVersion; versions: PolicyVersion[] }> {
  const rows = await policyVersions(db, organisationId, name);
  if (rows.length === 0) {
    if (name === defaultPolicy.name) return { latest: shippedDefault, versions: [shippedDefault] };
    throw new PolicyNotFoundError('policy', name);
  }
  const versions = rows.map(versionOf);
  return { latest: versions[0]!, versions };
}

export async function getPolicyVersion(db: Db, organisationId: string, name: string, version: number): Promise<PolicyVersion> {
  const row = await policyVersion(db, organisationId, name, version);
  if (row) return versionOf(row);
  if (name === defaultPolicy.name && version === defaultPolicy.version && !(await hasStoredPolicy(db, organisationId, name))) return shippedDefault;
  throw new PolicyNotFoundError('policy', `${name} v${version}`);
}

/**
 * The latest stored version when saving `input` would change nothing (same steps, segments and
 * default flag), so that a retried or repeated save does not pile up identical versions.
 */
export async function unchangedLatestVersion(
  db: Db,
  organisationId: string,
  input: unknown,
  options: { segments?: string[]; isDefault?: boolean },
): Promise<PolicyVersion | null> {
  const validated = validatePolicy(input);
  if (!validated.ok) return null;
  const [row] = await policyVersions(db, organisationId, validated.policy.name, 1);
  if (!row) return null;
  const latest = versionOf(row);
  const same =
    isDeepStrictEqual(latest.definition.steps, validated.policy.steps) &&
    isDeepStrictEqual([...latest.segments].sort(), [...(options.segments ?? [])].sort()) &&
    latest.isDefault === (options.isDefault ?? false);
  return same ? latest : null;
}
