"""Quizzes, their trainees and the wrong join codes (migration 012_quiz), in the default
world's file. JSON columns are stored as text and handed back as text: engine/quiz.py reads
them."""

from __future__ import annotations

from smsim.store.database import Store

EVERY_ADDRESS = "*"


def insert_quiz(store: Store, row: dict) -> dict:
    return store.insert_returning("quizzes", row)


def quiz_by_code(store: Store, code: str) -> dict | None:
    return store.get("quizzes", code=code)


def quiz_by_id(store: Store, quiz_id: int) -> dict | None:
    return store.get("quizzes", id=quiz_id)


def quizzes(store: Store, limit: int) -> list[dict]:
    """Newest first."""
    return store.select("quizzes", order="id DESC", limit=int(limit))


def update_quiz(store: Store, quiz_id: int, changes: dict) -> None:
    store.update_row("quizzes", quiz_id, changes)


def network_joining(store: Store) -> bool:
    """Does an open quiz take trainees over the network?"""
    row = store.row("SELECT 1 AS yes FROM quizzes WHERE state = 'open' AND allow_network = 1 "
                    "LIMIT 1")
    return row is not None


def quiz_of_world(store: Store, world: str) -> dict | None:
    """The quiz a world belongs to (a trainee's or the rehearsal's), with the trainee's row
    when it is a trainee's (``trainee_name`` NULL otherwise); the newest quiz if several."""
    return store.row(
        "SELECT q.*, t.name AS trainee_name FROM quizzes q "
        "LEFT JOIN quiz_trainees t ON t.quiz_id = q.id AND t.world = ? "
        "WHERE t.world IS NOT NULL OR q.reference_world = ? ORDER BY q.id DESC LIMIT 1",
        [world, world])


def insert_trainee(store: Store, row: dict) -> None:
    store.insert("quiz_trainees", row)


def trainee(store: Store, world: str) -> dict | None:
    return store.get("quiz_trainees", world=world)


def trainees(store: Store, quiz_id: int) -> list[dict]:
    """In the order they joined."""
    return store.select("quiz_trainees", "quiz_id = ?", [quiz_id], order="joined_at, rowid")


def count_trainees(store: Store, quiz_id: int) -> int:
    return store.count("quiz_trainees", "quiz_id = ?", [quiz_id])


def name_taken(store: Store, quiz_id: int, name: str) -> bool:
    return store.count("quiz_trainees", "quiz_id = ? AND lower(name) = lower(?)",
                       [quiz_id, name]) > 0


def update_trainee(store: Store, world: str, changes: dict) -> None:
    assignments = ", ".join(f"[{k}] = ?" for k in changes)
    store.execute(f"UPDATE quiz_trainees SET {assignments} WHERE world = ?",
                  [*changes.values(), world])


def add_failure(store: Store, address: str, at: float) -> tuple[int, int]:
    """Count one wrong code from ``address`` (and in all); (its count, the count in all)."""
    counts = []
    for who in (address, EVERY_ADDRESS):
        row = store.execute(
            "INSERT INTO quiz_join_failures(address, failures, last_at) VALUES (?, 1, ?) "
            "ON CONFLICT(address) DO UPDATE SET failures = failures + 1, "
            "last_at = excluded.last_at RETURNING failures", [who, at]).fetchone()
        counts.append(int(row[0]))
    return counts[0], counts[1]


def failures(store: Store, address: str) -> tuple[int, int]:
    """Wrong codes from ``address``, and in all."""
    rows = {row["address"]: row["failures"] for row in store.rows(
        "SELECT address, failures FROM quiz_join_failures WHERE address IN (?, ?)",
        [address, EVERY_ADDRESS])}
    return rows.get(address, 0), rows.get(EVERY_ADDRESS, 0)


def all_failures(store: Store) -> list[dict]:
    """Every address with wrong codes (not the total), most first."""
    return store.select("quiz_join_failures", "address != ?", [EVERY_ADDRESS],
                        order="failures DESC, address")


def clear_failures(store: Store) -> None:
    store.execute("DELETE FROM quiz_join_failures")
