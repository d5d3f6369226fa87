"""X-Twilio-Signature, computed as Twilio does (twilio-python request_validator.py).

The full URL Twilio requested (query string included), then for each parameter name in sorted
order each of its values in sorted order, name and value appended; HMAC-SHA1 with the
account's auth token as key; base64. Our own code, checked in tests against the SDK's
``RequestValidator`` and its published test vectors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable


def signing_string(url: str, params: dict[str, str | Iterable[str]]) -> str:
    parts = [url]
    for name in sorted(set(params)):
        values = params[name]
        values = [values] if isinstance(values, str) else list(values)
        for value in sorted(set(values)):
            parts.append(f"{name}{value}")
    return "".join(parts)


def sign(auth_token: str, url: str, params: dict[str, str | Iterable[str]]) -> str:
    mac = hmac.new(auth_token.encode(), signing_string(url, params).encode(), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode().strip()
