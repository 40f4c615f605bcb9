import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { allPolicyVersions, editedTemplateChannels, insertPolicyVersion, latestPolicyVersionNumber } from '../../stores/cadence-runs.ts';
import { defaultPolicy, validatePolicy, type CadencePolicy } from '../../domain/cadence/index.ts';
import type { FieldError } from '../../domain/field-error.ts';
import { templateChannels, templateKeys } from '../../channels/templates/message-context.ts';
import { ValidationError } from '../errors.ts';

export interface StoredPolicy {
  policy: CadencePolicy;
  segments: string[];
  isDefault: boolean;
}

export interface PolicySet {
  byName: Map<string, StoredPolicy>;
  fallback: StoredPolicy;
}

/** The latest version of each of the organisation's policies; the shipped default when it has none. */
export async function loadPolicies(db: Db | Tx, organisationId: string): Promise<PolicySet> {
  const rows = await allPolicyVersions(db, organisationId);
  const byName = new Map<string, StoredPolicy>();
  for (const row of rows) {
    if (byName.has(row.name)) continue;
    const validated = validatePolicy(row.definition);
    if (!validated.ok)
      throw new Error(`stored policy ${row.name} v${row.version} is invalid: ${validated.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    byName.set(row.name, { policy: { ...validated.policy, name: row.name, version: row.version }, segments: row.segments, isDefault: row.is_default });
  }
  const fallback = [...byName.values()].find((p) => p.isDefault) ?? { policy: defaultPolicy, segments: [], isDefault: true };
  return { byName, fallback };
}

/** A customer's own policy, else the one of its segment, else the default. */
export function policyFor(set: PolicySet, customer: { cadence_policy_name: string | null; segment: string | null }): CadencePolicy {
  if (customer.cadence_policy_name) {
    const own = set.byName.get(customer.cadence_policy_name);
    if (own) return own.policy;
  }
  if (customer.segment) {
    for (const stored of set.byName.values()) if (stored.segments.includes(customer.segment)) return stored.policy;
  }
  return set.fallback.policy;
}

/**
 * Saves a policy as a new version of its name (versions are never edited in place, so the
 * record of what was sent stays explainable).
 */
export async function savePolicy(
  db: Db,
  organisationId: string,
  input: unknown,
  options: { segments?: string[]; isDefault?: boolean } = {},
): Promise<{ name: string; version: number }> {
  const validated = validatePolicy(input);
  if (!validated.ok) throw new ValidationError(validated.errors.map((e) => ({ field: e.path, reason: e.message })));
  const { policy } = validated;
  const edited = await editedTemplateChannels(db, organisationId);
  const missing = templateProblems(policy, input as { steps: { id: unknown }[] }, new Set(edited.map((o) => `${o.key}/${o.channel}`)));
  if (missing.length > 0) throw new ValidationError(missing);
  return inTransaction(db, async (trx) => {
    const version = (await latestPolicyVersionNumber(trx, organisationId, policy.name)) + 1;
    await insertPolicyVersion(trx, organisationId, {
      name: policy.name,
      version,
      segments: options.segments ?? [],
      isDefault: options.isDefault ?? false,
      definition: { ...policy, version },
    });
    return { name: policy.name, version };
  });
}

/**
 * Steps that send a message must name a template Régua ships for their channel (and their
 * fallback channel), or one the organisation edited for it (`edited`: "key/channel"), else
 * every message of the step would fail at delivery. Call tasks and actions carry free text
 * (the task's instructions, the action's name).
 */
function templateProblems(policy: CadencePolicy, input: { steps: { id: unknown }[] }, edited: ReadonlySet<string>): FieldError[] {
  const problems: FieldError[] = [];
  for (const step of policy.steps) {
    const index = input.steps.findIndex((s) => s.id === step.id);
    for (const channel of [step.channel, step.fallbackChannel]) {
      if (channel === undefined || channel === 'call_task' || channel === 'action') continue;
      const channels: readonly string[] | undefined = (templateChannels as Record<string, readonly string[]>)[step.template];
      if (channels?.includes(channel) || edited.has(`${step.template}/${channel}`)) continue;
      const known = templateKeys.filter((k) => templateChannels[k].includes(channel));
      problems.push({
        field: `steps[${index}].template`,
        reason: `step "${step.id}": ${channels ? `template "${step.template}" has no ${channel} version` : `unknown template "${step.template}"`} (templates for ${channel}: ${known.join(', ')})`,
      });
    }
  }
  return problems;
}
