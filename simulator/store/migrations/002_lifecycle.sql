ALTER TABLE numbers ADD COLUMN send_rate REAL;
ALTER TABLE messages ADD COLUMN callback_url TEXT;
CREATE TABLE steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_sid TEXT NOT NULL REFERENCES messages(sid) ON DELETE CASCADE,
    at REAL NOT NULL, kind TEXT NOT NULL, status TEXT, reason TEXT NOT NULL,
    error_code INTEGER, copy INTEGER, shown INTEGER NOT NULL DEFAULT 1,
    done INTEGER NOT NULL DEFAULT 0);
CREATE INDEX steps_due ON steps(done, at, id);
CREATE INDEX steps_message ON steps(message_sid, id);
CREATE TABLE sender_queues (
    account_sid TEXT NOT NULL, sender TEXT NOT NULL, free_at REAL NOT NULL,
    PRIMARY KEY (account_sid, sender));
CREATE TABLE handsets (number TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE carriers (name TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE carrier_counts (
    carrier TEXT NOT NULL, sender TEXT NOT NULL, sent INTEGER NOT NULL,
    PRIMARY KEY (carrier, sender));
CREATE TABLE inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, message_sid TEXT NOT NULL,
    from_addr TEXT, body TEXT NOT NULL, received_at REAL NOT NULL, copy INTEGER NOT NULL,
    shown INTEGER NOT NULL);
CREATE INDEX inbox_number ON inbox(number, id);
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account_sid TEXT NOT NULL,
    message_sid TEXT, kind TEXT NOT NULL, url TEXT NOT NULL, method TEXT NOT NULL,
    params TEXT NOT NULL, due_at REAL NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
    idempotency_token TEXT NOT NULL, created_at REAL NOT NULL);
CREATE INDEX webhooks_due ON webhooks(state, due_at, id);
CREATE INDEX webhooks_message ON webhooks(message_sid, id);
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    url TEXT NOT NULL, at REAL NOT NULL, wall_time REAL NOT NULL,
    status_code INTEGER, latency_ms REAL, error TEXT, error_code INTEGER,
    response_body TEXT, signature TEXT NOT NULL);
