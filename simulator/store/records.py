"""Rows of one table found by SID: the get, insert, update and delete every resource has.

A concept's store module binds these to its table (``get, insert, ... = Records("x").crud``)
and writes named functions only for the queries of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from smsim.store.database import Store


@dataclass(frozen=True)
class Records:
    table: str

    def get(self, store: Store, sid: str) -> dict | None:
        return store.get(self.table, sid=sid)

    def insert(self, store: Store, row: dict) -> None:
        store.insert(self.table, row)

    def update(self, store: Store, sid: str, changes: dict) -> None:
        store.update(self.table, sid, changes)

    def delete(self, store: Store, sid: str) -> None:
        store.delete(self.table, sid)

    @property
    def crud(self):
        """(get, insert, update, delete), to bind as a module's functions."""
        return self.get, self.insert, self.update, self.delete
