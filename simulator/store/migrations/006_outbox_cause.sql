ALTER TABLE outbox ADD COLUMN cause TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_to ON outbox(to_addr, sent_at);
