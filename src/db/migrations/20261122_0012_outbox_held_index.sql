-- Every delivery pass puts messages held for want of a transport back in the queue when their
-- channel now has one; without this index that check read the whole outbox on every tick.
create index outbox_held on outbox_messages (organisation_id, channel) where status = 'held';
