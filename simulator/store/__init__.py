"""Every SQL statement of smsim, as named functions grouped by concept, and the migrations."""

from smsim.store.database import Store

__all__ = ["Store"]
