"""Pages of lists that have no named query yet (transitional: see web/api/paging.page)."""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store import pages as pages_store
from smsim.store.database import Store


def page_where(store: Store, table: str, where: str, params: list,
               window: Window) -> Page | None:
    return pages_store.page_where(store, table, where, params, window)
