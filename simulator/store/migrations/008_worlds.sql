-- The registry of sealed worlds, kept in the default world's file: each account created with
-- POST /_sim/accounts lives in a database file of its own (see engine/worlds.py).
CREATE TABLE worlds (
    account_sid TEXT PRIMARY KEY, file TEXT NOT NULL, created_at REAL NOT NULL);
-- Every SID a Basic user name may be (the live and test account SIDs, API key SIDs), and the
-- world whose file holds it.
CREATE TABLE world_credentials (
    sid TEXT PRIMARY KEY,
    world TEXT NOT NULL REFERENCES worlds(account_sid) ON DELETE CASCADE);
CREATE INDEX world_credentials_world ON world_credentials(world);
