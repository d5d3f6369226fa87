"""One page of any table's rows, newest first, by insertion order (rowid).

A PageToken is ``PA`` + the SID of the last row of the page (the next page) or ``PB`` + the
first row's SID (the previous page); see web/api/paging.py for the envelope around it.
"""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store.database import Store
from smsim.store.filters import Where


def page(store: Store, table: str, where: Where, window: Window,
         index: str | None = None) -> Page | None:
    """The rows of ``table`` matching ``where`` in ``window``; None when the window's
    PageToken names no row of the table (unknown or expired). ``index``: the one to read
    the matching rows through (see Store.select)."""
    size = window.size
    if window.token:
        prefix, anchor_sid = window.token[:2], window.token[2:]
        anchor = store.get(table, sid=anchor_sid)
        if prefix not in ("PA", "PB") or anchor is None:
            return None
        rowid = store.db.conn.execute(f"SELECT rowid FROM [{table}] WHERE sid = ?",
                                      [anchor_sid]).fetchone()[0]
        if prefix == "PA":
            rows = store.select(table, f"({where.sql}) AND rowid < ?", [*where.params, rowid],
                                order="rowid DESC", limit=size + 1, index=index)
            return Page(rows[:size], len(rows) > size)
        rows = store.select(table, f"({where.sql}) AND rowid > ?", [*where.params, rowid],
                            order="rowid ASC", limit=size, index=index)[::-1]
        return Page(rows, True)
    rows = store.select(table, where.sql, where.params, order="rowid DESC",
                        limit=f"{size + 1} OFFSET {window.number * size}", index=index)
    return Page(rows[:size], len(rows) > size)


def bounded(where: Where, column: str, bounds) -> Where:
    """``where`` with each time bound (domain.paging.Bound) on ``column`` added, in order."""
    for bound in bounds:
        if bound.op == "equal":
            where.clause(f"[{column}] = ?", bound.value)
        elif bound.op == "at_least":
            where.at_least(column, bound.value)
        elif bound.op == "at_most":
            where.clause(f"[{column}] <= ?", bound.value)
        elif bound.op == "before":
            where.before(column, bound.value)
        else:
            raise ValueError(f"unknown bound {bound.op!r}")
    return where

