"""Facts about a message's media that need no fetching."""

from __future__ import annotations

import mimetypes
from urllib.parse import urlsplit


def guess_content_type(url: str) -> str:
    # Twilio learns the type by fetching the media; we never fetch, so the extension decides.
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed or "application/octet-stream"
