-- A cadence run says how it ended: finished, failed (with the error) or abandoned (its
-- process died; the next run of the organisation closes it). Until now a run whose process
-- was killed after committing its decisions stayed "running" for ever.
alter table cadence_runs add column status text not null default 'finished'
  check (status in ('running', 'finished', 'failed', 'abandoned'));
alter table cadence_runs add column error text;
update cadence_runs set status = 'running' where finished_at is null;
alter table cadence_runs alter column status set default 'running';
