import type { Command } from 'commander';
import { formatBps } from '../../domain/fees.ts';
import type { PaymentTermsRules } from '../../domain/payment-terms.ts';
import { acknowledgementJson, paymentTermsJson } from '../../http/schemas/payment-terms.ts';
import { UserError } from '../../use-cases/errors.ts';
import { acknowledgeTerms, createPaymentTerms, listPaymentTerms, type AcknowledgementChannel } from '../../use-cases/payment-terms/payment-terms.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

interface CreateOptions {
  segment?: string;
  customer?: string;
  netDays: string;
  graceDays: string;
  discountBps?: string;
  discountDays?: string;
  lateFeeBps?: string;
  interestBps?: string;
  statutoryB2b?: boolean;
  json?: boolean;
}

/** `regua terms create|list|acknowledge`: versioned payment terms and customers' acknowledgements (as the API). */
export function registerPaymentTerms(program: Command, globals: () => GlobalOptions): void {
  const print = (json: boolean | undefined, value: unknown, line: string): void =>
    void process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${line}\n`);
  const terms = program.command('terms').description('payment terms (net days, grace, early-payment discount, fine, interest) and acknowledgements');

  terms
    .command('create')
    .description("save payment terms as their next version: the organisation's default, or a segment's (--segment) or a customer's (--customer)")
    .option('--segment <segment>', "terms of a segment's customers (those without their own)")
    .option('--customer <external_id>', "a customer's own terms")
    .requiredOption('--net-days <n>', 'days from issue to due date')
    .option('--grace-days <n>', 'days after the due date with no late charge at all', '0')
    .option('--discount-bps <bps>', 'early-payment discount, basis points (200 = 2 %)')
    .option('--discount-days <n>', 'the discount applies when paid at least this many days before the due date')
    .option('--late-fee-bps <bps>', 'late fine, basis points of the open amount')
    .option('--interest-bps <bps>', 'simple interest a month, basis points, pro rata per day')
    .option('--statutory-b2b', 'Spain: the Ley 3/2004 B2B interest and EUR 40 instead of fine and interest')
    .option('--json', 'print JSON')
    .action(async (o: CreateOptions) => {
      if (o.segment !== undefined && o.customer !== undefined) throw new UserError('give --segment or --customer, not both');
      if ((o.discountBps === undefined) !== (o.discountDays === undefined)) throw new UserError('--discount-bps and --discount-days go together');
      const rules = {
        netDays: whole('--net-days', o.netDays),
        graceDays: whole('--grace-days', o.graceDays),
        ...(o.discountBps !== undefined
          ? { earlyPaymentDiscount: { bps: whole('--discount-bps', o.discountBps), daysBeforeDue: whole('--discount-days', o.discountDays!) } }
          : {}),
        ...(o.lateFeeBps !== undefined ? { lateFee: { kind: 'percent', bps: whole('--late-fee-bps', o.lateFeeBps) } } : {}),
        ...(o.interestBps !== undefined ? { interest: { monthlyBps: whole('--interest-bps', o.interestBps), basis: 'simple_pro_rata_30' } } : {}),
        ...(o.statutoryB2b ? { statutoryB2B: true } : {}),
      };
      const scope = o.customer !== undefined ? 'customer' : o.segment !== undefined ? 'segment' : 'organisation';
      const saved = await withContext(globals(), (context) =>
        createPaymentTerms(context.database.db, orgContextOf(context), {
          scope,
          ...(o.segment !== undefined ? { segment: o.segment } : {}),
          ...(o.customer !== undefined ? { customer_external_id: o.customer } : {}),
          rules,
        }),
      );
      print(o.json, paymentTermsJson(saved), `payment terms ${saved.name} v${saved.version} (${saved.id}): ${describe(saved.rules)}`);
    });

  terms
    .command('list')
    .description('every version of the payment terms, newest first')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await withContext(globals(), (context) => listPaymentTerms(context.database.db, orgContextOf(context)));
      if (o.json) return print(true, { data: rows.map(paymentTermsJson) }, '');
      if (rows.length === 0) return print(false, null, 'no payment terms on file: the country defaults apply');
      print(
        false,
        null,
        textTable(
          ['name', 'version', 'default', 'created', 'id', 'rules'],
          rows.map((t) => [t.name, String(t.version), t.is_default ? 'yes' : '', new Date(t.created_at).toISOString().slice(0, 10), t.id, describe(t.rules)]),
          (c) => c === 1,
        ),
      );
    });

  terms
    .command('acknowledge')
    .description("record a customer's acknowledgement of the payment terms (written to the contact record, cited in the small-claims packet)")
    .requiredOption('--customer <external_id>', "the customer's external id")
    .requiredOption('--channel <channel>', 'signed_contract | portal | email | whatsapp | sms | phone | letter | in_person | other')
    .option('--terms <id>', 'the terms version acknowledged (default: the terms that apply to the customer now)')
    .option('--at <iso>', 'when it was acknowledged, ISO 8601 (default: now)')
    .option('--evidence <text>', 'the accepted text, or how it was accepted')
    .option('--reference <ref>', 'a reference to the evidence: contract number, portal session, message id')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; channel: string; terms?: string; at?: string; evidence?: string; reference?: string; json?: boolean }) => {
      const ack = await withContext(globals(), (context) =>
        acknowledgeTerms(context.database.db, orgContextOf(context), {
          customer_external_id: o.customer,
          channel: o.channel as AcknowledgementChannel,
          ...(o.terms !== undefined ? { terms_id: o.terms } : {}),
          ...(o.at !== undefined ? { acknowledged_at: o.at } : {}),
          ...(o.evidence !== undefined ? { evidence_text: o.evidence } : {}),
          ...(o.reference !== undefined ? { evidence_reference: o.reference } : {}),
        }),
      );
      print(
        o.json,
        acknowledgementJson(ack),
        `${ack.customer_external_id} acknowledged ${ack.terms_name} v${ack.terms_version} by ${ack.channel} at ${ack.acknowledged_at.toISOString()} (${ack.id})`,
      );
    });
}

function whole(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new UserError(`${name} "${text}" is not a whole number`);
  return value;
}

/** "net 30, grace 3, 2 % off 5 days before due, fine 2 %, interest 1 % a month". */
function describe(rules: PaymentTermsRules): string {
  const parts = [`net ${rules.netDays}`, `grace ${rules.graceDays}`];
  if (rules.earlyPaymentDiscount) parts.push(`${formatBps(rules.earlyPaymentDiscount.bps)} off ${rules.earlyPaymentDiscount.daysBeforeDue} days before due`);
  if (rules.lateFee)
    parts.push(
      rules.lateFee.kind === 'percent' ? `fine ${formatBps(rules.lateFee.bps)}` : `fine ${rules.lateFee.amountMinor} ${rules.lateFee.currency} minor units`,
    );
  if (rules.interest) parts.push(`interest ${formatBps(rules.interest.monthlyBps)} a month`);
  if (rules.statutoryB2B) parts.push('statutory B2B');
  return parts.join(', ');
}
