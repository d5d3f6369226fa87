"""The schema: named migrations, applied in order once, and the order a wipe empties tables."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    ("001_core", """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE accounts (
        sid TEXT PRIMARY KEY, auth_token TEXT NOT NULL, friendly_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('live', 'test')),
        live_sid TEXT REFERENCES accounts(sid) ON DELETE CASCADE,
        is_default INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'active',
        date_created REAL NOT NULL, date_updated REAL NOT NULL);
    CREATE TABLE api_keys (
        sid TEXT PRIMARY KEY, account_sid TEXT NOT NULL REFERENCES accounts(sid)
            ON DELETE CASCADE,
        secret TEXT NOT NULL, friendly_name TEXT NOT NULL,
        date_created REAL NOT NULL, date_updated REAL NOT NULL);
    CREATE TABLE numbers (
        sid TEXT PRIMARY KEY, account_sid TEXT NOT NULL REFERENCES accounts(sid)
            ON DELETE CASCADE,
        phone_number TEXT NOT NULL UNIQUE, friendly_name TEXT NOT NULL,
        sms_url TEXT NOT NULL DEFAULT '', sms_method TEXT NOT NULL DEFAULT 'POST',
        sms_fallback_url TEXT NOT NULL DEFAULT '', sms_fallback_method TEXT NOT NULL
            DEFAULT 'POST',
        status_callback TEXT NOT NULL DEFAULT '', status_callback_method TEXT NOT NULL
            DEFAULT 'POST',
        voice_url TEXT NOT NULL DEFAULT '', voice_method TEXT NOT NULL DEFAULT 'POST',
        cap_voice INTEGER NOT NULL, cap_sms INTEGER NOT NULL, cap_mms INTEGER NOT NULL,
        cap_fax INTEGER NOT NULL, type TEXT NOT NULL, origin TEXT NOT NULL DEFAULT 'twilio',
        date_created REAL NOT NULL, date_updated REAL NOT NULL);
    CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, sid TEXT NOT NULL UNIQUE,
        account_sid TEXT NOT NULL REFERENCES accounts(sid) ON DELETE CASCADE,
        direction TEXT NOT NULL, from_addr TEXT, to_addr TEXT NOT NULL, body TEXT NOT NULL,
        status TEXT NOT NULL, num_segments INTEGER NOT NULL, num_media INTEGER NOT NULL,
        error_code INTEGER, error_message TEXT, price TEXT, price_unit TEXT,
        messaging_service_sid TEXT, status_callback TEXT, validity_period INTEGER,
        date_created REAL NOT NULL, date_updated REAL NOT NULL, date_sent REAL);
    CREATE INDEX messages_account ON messages(account_sid, seq);
    CREATE TABLE media (
        sid TEXT PRIMARY KEY, message_sid TEXT NOT NULL REFERENCES messages(sid)
            ON DELETE CASCADE,
        account_sid TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NOT NULL,
        date_created REAL NOT NULL, date_updated REAL NOT NULL);
    CREATE INDEX media_message ON media(message_sid);
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, wall_time REAL NOT NULL,
        method TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL,
        account_sid TEXT, credential TEXT, params TEXT NOT NULL, status INTEGER NOT NULL,
        error_code INTEGER, sid TEXT);
    CREATE INDEX requests_account ON requests(account_sid, id);
    """),
    ("002_lifecycle", """
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
    """),
    ("003_sender_index", """
    CREATE INDEX messages_sender ON messages(account_sid, from_addr, status);
    CREATE INDEX messages_to ON messages(to_addr, status);
    """),
    ("004_inbound_services", """
    ALTER TABLE messages ADD COLUMN free INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE webhooks ADD COLUMN fallback_url TEXT;
    ALTER TABLE webhooks ADD COLUMN fallback_method TEXT;
    ALTER TABLE webhook_attempts ADD COLUMN outcome TEXT;
    CREATE TABLE services (
        sid TEXT PRIMARY KEY, account_sid TEXT NOT NULL REFERENCES accounts(sid)
            ON DELETE CASCADE,
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
    """),
    ("005_faults", """
    CREATE TABLE faults (
        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, spec TEXT NOT NULL,
        point TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0,
        fired INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
    CREATE TABLE fault_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id INTEGER NOT NULL, rule_name TEXT NOT NULL,
        point TEXT NOT NULL, at REAL NOT NULL, message_sid TEXT, request TEXT,
        facts TEXT NOT NULL, seen INTEGER NOT NULL, draw REAL, fired INTEGER NOT NULL,
        effects TEXT NOT NULL);
    CREATE INDEX fault_log_message ON fault_log(message_sid);
    ALTER TABLE webhooks ADD COLUMN ordered INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE webhooks ADD COLUMN bad_signature INTEGER NOT NULL DEFAULT 0;
    """),
    ("006_outbox_cause", """
    ALTER TABLE outbox ADD COLUMN cause TEXT NOT NULL DEFAULT '';
    CREATE INDEX outbox_to ON outbox(to_addr, sent_at);
    """),
    ("007_service_sender", """
    ALTER TABLE messages ADD COLUMN sender_picked INTEGER NOT NULL DEFAULT 0;
    """),
]


# Children before parents, so foreign keys never object.
WIPE_ORDER = (
    "fault_log", "faults", "outbox", "opt_outs", "sticky_senders", "service_numbers",
    "services", "webhook_attempts", "webhooks", "inbox", "carrier_counts", "carriers",
    "handsets", "sender_queues", "steps", "requests", "media", "messages", "numbers",
    "api_keys", "accounts",
)
