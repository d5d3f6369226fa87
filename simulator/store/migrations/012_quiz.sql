-- Quiz mode (docs/quiz.md): a trainer hides a failure, each trainee gets a world of their own
-- with it, answers, and the trainer reveals. Kept in the default world's file (the registry
-- of worlds is there too), so every worker process sees the same quiz.
CREATE TABLE quizzes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,              -- the join code trainees type (the secret)
    symptoms TEXT NOT NULL,                 -- JSON: the hidden symptom ids
    setups TEXT NOT NULL,                   -- JSON: the scenario files played in every world
    reference_world TEXT,                   -- the world the set-up was rehearsed in
    diagnosis TEXT NOT NULL,                -- JSON: the rehearsal's findings (the answer)
    allow_network INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'open',     -- open, revealed, closed
    created_at REAL NOT NULL,
    revealed_at REAL,
    closed_at REAL);
-- One row per trainee: their own world (its account SID names it), their answer and score.
CREATE TABLE quiz_trainees (
    world TEXT PRIMARY KEY,
    quiz_id INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    joined_at REAL NOT NULL,
    answer TEXT,                            -- JSON: the symptom ids named
    evidence TEXT,                          -- JSON: the message SIDs cited
    score TEXT,                             -- JSON: the score of the answer
    answered_at REAL);
CREATE INDEX quiz_trainees_quiz ON quiz_trainees(quiz_id, joined_at);
-- Wrong join codes from clients over the network, by address ('*': all of them): a few lock
-- the address out of joining, many lock every remote client out, until the trainer unlocks.
CREATE TABLE quiz_join_failures (
    address TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at REAL NOT NULL);
