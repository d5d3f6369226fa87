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
