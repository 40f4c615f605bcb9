import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';

const asOf = '2026-11-17';
const now = new Date('2026-11-17T13:00:00Z');

describeEachEngine('a cadence run says how it ended: finished, failed, or abandoned when its process died', (database) => {
  let api: ApiClient;
  const runs = async () =>
    ((await api.get('/api/v1/runs')).json() as { data: { trigger: string; status: string; error: string | null; finished_at: string | null }[] }).data;

  it('a run killed after committing its decisions (its row left "running") is closed as abandoned by the next run', async () => {
    const { db } = database();
    const org = await givenOrganisation(db, 'runs');
    const customer = await givenCustomer(db, org.id, { externalId: 'C1' });
    await givenInvoice(db, org.id, customer, { externalId: 'NF-1', dueDate: '2026-11-10', amountMinor: 10_000 });
    api = await givenApi(db, org.id);
    // What `regua run` leaves behind when SIGKILL lands after its batches committed: a started row, never finished.
    await sql`insert into cadence_runs (organisation_id, as_of, trigger, started_at, summary) values (${org.id}, '2026-11-16', 'cli', ${new Date('2026-11-16T13:00:00Z')}, null)`.execute(
      db,
    );
    await runCadence(db, org, { asOf, now });
    const [latest, killed] = await runs();
    assert.deepEqual([latest!.status, killed!.status], ['finished', 'abandoned']);
    assert.ok(killed!.finished_at, 'the abandoned run has an end');
  });

  it('a run that stops on an error is failed, with the error kept', async () => {
    const { db } = database();
    const org = (await db.selectFrom('organisations').selectAll().where('slug', '=', 'runs').executeTakeFirstOrThrow())!;
    await assert.rejects(
      runCadence(db, org, {
        asOf: '2026-11-18',
        now: new Date('2026-11-18T13:00:00Z'),
        onProgress: () => {
          throw new Error('disk full');
        },
      }),
      /disk full/,
    );
    const [failed] = await runs();
    assert.deepEqual([failed!.status, failed!.error], ['failed', 'disk full']);
    assert.ok(failed!.finished_at);
    await api.close();
  });
});
