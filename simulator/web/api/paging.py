"""Twilio's list envelope and its paging, over any table ordered newest first.

The envelope keys and the relative ``next_page_uri`` with a ``PageToken`` are what the SDKs'
``Page`` classes need to follow pages (twilio-python ``twilio/base/page.py``; OAI
``ListMessageResponse``). A PageToken is ``PA`` + the SID of the last row of the page
(observed format) and ``PB`` + the first row's SID for the previous page; clients treat it as
opaque. Rows are ordered by insertion (rowid), newest first.
"""

from __future__ import annotations

from urllib.parse import urlencode

from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
# Ours: a page number past this is refused rather than overflowing SQLite's 64-bit OFFSET.
MAX_PAGE = 10_000_000


def _int_param(args, name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise TwilioError(20001, field=name, detail=f"{raw!r} is not an integer") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise TwilioError(20001, field=name, detail=f"must be {bound}")
    return value


def window(args) -> Window:
    """The page the request asks for: PageSize, Page and PageToken."""
    # Above the maximum the page is simply capped (ours; the SDKs send PageSize=limit for
    # list(limit=N), which works against Twilio for N over 1000).
    size = min(_int_param(args, "PageSize", DEFAULT_PAGE_SIZE, 1, None), MAX_PAGE_SIZE)
    number = _int_param(args, "Page", 0, 0, MAX_PAGE)
    return Window(size, number, args.get("PageToken") or "")


def envelope(found: Page | None, asked: Window, *, path: str, filters: list[tuple[str, str]],
             list_key: str, serialize) -> dict:
    """The rows ``found`` for the page ``asked``, wrapped in Twilio's envelope; ``found`` is
    None when the PageToken named no row (unknown or expired)."""
    if found is None:
        raise TwilioError(20001, field="PageToken", detail="unknown or expired page token")
    rows, has_next = found.rows, found.has_next
    size, number, token = asked.size, asked.number, asked.token

    def uri(page_number: int, page_token: str | None) -> str:
        query = [*filters, ("PageSize", size), ("Page", page_number)]
        if page_token:
            query.append(("PageToken", page_token))
        return f"{path}?{urlencode(query)}"

    start = number * size
    return {
        "end": start + len(rows) - 1 if rows else 0,
        "first_page_uri": uri(0, None),
        list_key: [serialize(row) for row in rows],
        "next_page_uri": uri(number + 1, "PA" + rows[-1]["sid"]) if has_next and rows else None,
        "page": number,
        "page_size": size,
        "previous_page_uri": uri(number - 1, "PB" + rows[0]["sid"]) if number > 0 and rows
        else None,
        "start": start if rows else 0,
        "uri": uri(number, token or None),
    }

