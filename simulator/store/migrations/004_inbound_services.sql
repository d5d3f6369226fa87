ALTER TABLE messages ADD COLUMN free INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhooks ADD COLUMN fallback_url TEXT;
ALTER TABLE webhooks ADD COLUMN fallback_method TEXT;
ALTER TABLE webhook_attempts ADD COLUMN outcome TEXT;
CREATE TABLE services (
    sid TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL REFERENCES accounts(sid) ON DELETE CASCADE,
    friendly_name TEXT NOT NULL, settings TEXT NOT NULL,
    date_created REAL NOT NULL, date_updated REAL NOT NULL);
CREATE TABLE service_numbers (
    service_sid TEXT NOT NULL REFERENCES services(sid) ON DELETE CASCADE,
    number_sid TEXT NOT NULL UNIQUE REFERENCES numbers(sid) ON DELETE CASCADE,
    date_created REAL NOT NULL, date_updated REAL NOT NULL,
    PRIMARY KEY (service_sid, number_sid));
CREATE TABLE sticky_senders (
    service_sid TEXT NOT NULL REFERENCES services(sid) ON DELETE CASCADE,
    recipient TEXT NOT NULL, number_sid TEXT NOT NULL REFERENCES numbers(sid)
        ON DELETE CASCADE,
    PRIMARY KEY (service_sid, recipient));
CREATE TABLE opt_outs (
    account_sid TEXT NOT NULL, scope TEXT NOT NULL, scope_id TEXT NOT NULL,
    recipient TEXT NOT NULL, keyword TEXT NOT NULL, message_sid TEXT,
    at REAL NOT NULL, PRIMARY KEY (scope, scope_id, recipient));
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, to_addr TEXT NOT NULL,
    body TEXT NOT NULL, media TEXT NOT NULL, sent_at REAL NOT NULL,
    arrive_at REAL, done INTEGER NOT NULL DEFAULT 0, outcome TEXT NOT NULL,
    reason TEXT NOT NULL, message_sid TEXT);
CREATE INDEX outbox_due ON outbox(done, arrive_at, id);
CREATE INDEX outbox_number ON outbox(number, id);
