-- Verify v2 (docs/verify.md): services, verifications and each send of a code, linked to the
-- Message that carried it (an SMS through the same queue, carrier and handset as any other).
CREATE TABLE verify_services (
    sid TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL REFERENCES accounts(sid) ON DELETE CASCADE,
    friendly_name TEXT NOT NULL,
    code_length INTEGER NOT NULL DEFAULT 6,
    settings TEXT NOT NULL,                 -- JSON: the boolean and text settings we echo
    date_created REAL NOT NULL, date_updated REAL NOT NULL);
CREATE TABLE verifications (
    sid TEXT PRIMARY KEY,
    service_sid TEXT NOT NULL REFERENCES verify_services(sid) ON DELETE CASCADE,
    account_sid TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,                   -- pending, approved, canceled, max_attempts_reached
    code TEXT NOT NULL,
    checks INTEGER NOT NULL DEFAULT 0,      -- wrong codes checked so far
    date_created REAL NOT NULL, date_updated REAL NOT NULL);
CREATE INDEX verifications_to ON verifications(service_sid, to_addr, date_created);
CREATE TABLE verification_attempts (
    sid TEXT PRIMARY KEY,                   -- VL...
    verification_sid TEXT NOT NULL REFERENCES verifications(sid) ON DELETE CASCADE,
    service_sid TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    channel TEXT NOT NULL,
    message_sid TEXT,                       -- the SMS that carried the code
    at REAL NOT NULL);
CREATE INDEX verification_attempts_to ON verification_attempts(service_sid, to_addr, at);
