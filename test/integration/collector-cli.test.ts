import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

// The CLI opens the database itself, so each engine gets a database the child process can reach.
for (const engine of testEngines) {
  describe(`CLI: a collector's commands (promise, dispute, agency, suspension, bureau notice) [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;
    let noticeId = '';

    before(async () => {
      const opened = await openDatabaseForCli(engine, 'collector_cli');
      const database = opened.database;
      env = opened.env;
      dropDatabase = opened.drop;
      const org = await givenOrganisation(database.db, 'desk');
      const c1 = await givenCustomer(database.db, org.id, { externalId: 'C1' });
      await givenInvoice(database.db, org.id, c1, { externalId: 'NF-1', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 50000 });
      await givenInvoice(database.db, org.id, c1, { externalId: 'NF-2', issueDate: '2026-08-01', dueDate: '2026-09-15', amountMinor: 20000 });
      const c2 = await givenCustomer(database.db, org.id, { externalId: 'C2' });
      await givenInvoice(database.db, org.id, c2, { externalId: 'NF-3', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 90000 });
      const listing = await database.db
        .insertInto('outbox_messages')
        .values({
          organisation_id: org.id,
          customer_id: c2,
          dedupe_key: 'letter-1',
          as_of: '2026-10-16',
          policy_name: 'escalation',
          step_id: 'bureau-notice',
          channel: 'letter',
          template: 'final_notice',
          tone: 'final',
          language: 'pt-BR',
          recipient: 'Av. Paulista, 1000, São Paulo - SP',
          timezone: 'America/Sao_Paulo',
          country: 'BR',
          currency: 'BRL',
          receivable_ids: [],
          status: 'queued_for_print',
          sent_at: new Date('2026-10-16T13:00:00Z'),
          next_attempt_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      noticeId = (
        await database.db
          .insertInto('bureau_notices')
          .values({
            organisation_id: org.id,
            customer_id: c2,
            outbox_message_id: listing.id,
            channel: 'letter',
            receivable_ids: [],
            delivery_evidence: '{}',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await database.close();
    });
    after(async () => {
      await dropDatabase?.();
    });

    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, '--org', 'desk', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('promise create and list; bad input exits 1 naming the option', () => {
      const made = regua('promise', 'create', '--customer', 'C1', '--date', '2027-01-15', '--amount', '500.00', '--invoices', 'NF-1', '--json');
      assert.equal(made.status, 0, made.stderr);
      const promise = JSON.parse(made.stdout) as { amount: unknown; invoices: { external_id: string }[]; status: string };
      assert.deepEqual(
        [promise.amount, promise.invoices.map((i) => i.external_id), promise.status],
        [{ amount: '500.00', currency: 'BRL' }, ['NF-1'], 'pending'],
      );
      const listed = regua('promise', 'list', '--customer', 'C1');
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /2027-01-15 +500\.00 BRL +pending +phone +NF-1/);
      const bad = regua('promise', 'create', '--customer', 'C1', '--date', '15/01/2027', '--amount', '500.00');
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--date "15\/01\/2027" is not a date/);
      const unknown = regua('promise', 'list', '--customer', 'NOBODY');
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /NOBODY/);
    });

    it('dispute open, then resolve with a partial credit note; a bad resolution exits 1', () => {
      const opened = regua('dispute', 'open', '--invoice', 'NF-2', '--reason', 'wrong quantity', '--deadline', '2027-01-10', '--json');
      assert.equal(opened.status, 0, opened.stderr);
      const { id } = JSON.parse(opened.stdout) as { id: string };
      const bad = regua('dispute', 'resolve', id, '--resolution', 'forgiven');
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--resolution must be one of credit_note, adjustment, rejected/);
      const resolved = regua(
        'dispute',
        'resolve',
        id,
        '--resolution',
        'credit_note',
        '--amount',
        '50.00',
        '--note',
        'two boxes missing',
        '--date',
        '2026-11-20',
      );
      assert.equal(resolved.status, 0, resolved.stderr);
      assert.match(resolved.stdout, /on NF-2: accepted \(credit_note\); invoice open, open 150\.00 BRL/);
    });

    it('agency hand-off and recall; suspension start and end', () => {
      const handed = regua('agency', 'handoff', '--customer', 'C1', '--agency', 'Cobra Bem', '--commission', '12.5', '--date', '2026-11-20');
      assert.equal(handed.status, 0, handed.stderr);
      assert.match(handed.stdout, /to Cobra Bem, 650\.00 BRL on 2 invoice\(s\) plus 29\.63 of late charges, commission 12\.5 %/);
      const list = regua('agency', 'list', '--status', 'active', '--json');
      const [handoff] = (JSON.parse(list.stdout) as { data: { id: string; agency: string }[] }).data;
      assert.equal(handoff!.agency, 'Cobra Bem');
      const badCommission = regua('agency', 'handoff', '--customer', 'C2', '--agency', 'X', '--commission', 'lots');
      assert.equal(badCommission.status, 1);
      assert.match(badCommission.stderr, /commission "lots"/);
      const recalled = regua('agency', 'recall', handoff!.id, '--date', '2026-11-21');
      assert.equal(recalled.status, 0, recalled.stderr);
      assert.match(recalled.stdout, /C1 recalled from Cobra Bem/);

      const started = regua('suspension', 'start', '--customer', 'C2', '--reason', '90 days overdue');
      assert.equal(started.status, 0, started.stderr);
      assert.match(started.stdout, /service to C2 suspended at .* \(90 days overdue\)/);
      const twice = regua('suspension', 'start', '--customer', 'C2');
      assert.equal(twice.status, 1);
      const ended = regua('suspension', 'end', '--customer', 'C2', '--json');
      assert.equal(ended.status, 0, ended.stderr);
      assert.notEqual((JSON.parse(ended.stdout) as { ended_at: string | null }).ended_at, null);
    });

    it('bureau notice-delivered: the AR of a letter notice by customer; a time without zone exits 1', () => {
      const bad = regua('bureau', 'notice-delivered', '--customer', 'C2', '--at', '2026-10-22 15:00', '--reference', 'JT123456789BR');
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--at "2026-10-22 15:00" is not an ISO 8601 instant/);
      const proven = regua('bureau', 'notice-delivered', '--customer', 'C2', '--at', '2026-10-22T12:00:00-03:00', '--reference', 'JT123456789BR', '--json');
      assert.equal(proven.status, 0, proven.stderr);
      const notice = JSON.parse(proven.stdout) as { id: string; delivered_at: string; delivery_evidence: { kind: string; reference: string } };
      assert.deepEqual(
        [notice.id, notice.delivered_at, notice.delivery_evidence.kind, notice.delivery_evidence.reference],
        [noticeId, '2026-10-22T15:00:00.000Z', 'ar', 'JT123456789BR'],
      );
      const none = regua('bureau', 'notice-delivered', '--customer', 'C2', '--at', '2026-10-22T12:00:00-03:00', '--reference', 'X');
      assert.equal(none.status, 1);
      assert.match(none.stderr, /no prior notice waiting for proof of delivery/);
    });
  });
}
