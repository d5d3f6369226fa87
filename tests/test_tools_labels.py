"""The Japanese words of the classroom's tools (simulator/web/ui/labels/tools.toml): no English
left in them but the names a developer types or reads on the wire. The browser tests check the
pages; this checks every label, including those a test world does not happen to show."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "simulator" / "web" / "ui" / "labels" / "tools.toml"

# Words that stay as they are on a Japanese page: API and HTTP names, the API's own parameter
# and status values, product names, and the command line and paths a developer types.
ON_THE_WIRE = {
    "API", "HTTP", "GET", "POST", "PUT", "URL", "SID", "ID", "IP", "SMS", "STOP", "Webhook",
    "SmsUrl", "StatusCallback", "Messaging", "Service", "Twilio", "smsim",
    "queued", "sent", "failed", "undelivered",
    "Accounts/AC", "Messages.json", "sim/numbers", "sim/requests", "xx",
    "faults", "preset", "NAME", "from", "to",  # smsim faults preset NAME --from … --to …
}


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z_./-]*", re.sub(r"\{\w+\}", "", text)))


def test_japanese_labels_keep_only_words_of_the_wire():
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    left = {key: sorted(english_words(text) - ON_THE_WIRE)
            for key, text in labels["ja"].items()}
    assert {key: words for key, words in left.items() if words} == {}


def test_the_check_finds_english_left_in_a_label():
    assert english_words("電源オフ (Power is off)") - ON_THE_WIRE == {"Power", "is", "off"}
    assert english_words("{to} へ送信中です") == set()
