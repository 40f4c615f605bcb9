-- A queued message is judged again when it is sent (deliver-messages.ts); one that is no
-- longer true is cancelled, and this says why in a machine-readable code (disputed,
-- promise_to_pay, payment_plan, with_agency, in_court, customer_paused, opted_out, settled …).
alter table outbox_messages add column cancel_reason text;
alter table outbox_messages add constraint outbox_cancel_reason check ((cancel_reason is null) or (status = 'cancelled'));
