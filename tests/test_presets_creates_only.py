"""Presets that stand for a bad send break creates only (issue 15): loaded un-narrowed, they
used to answer every request, so `GET Messages.json` returned 21211 and `smsim send` failed
on its number lookup instead of showing the preset's error for the create.

Every preset acting at the api point is checked with the official SDK against a real server:
reads of messages, numbers, the account and Messaging Services answer 200, a create answers
the preset's error with its HTTP status, and `smsim send` prints that error for the create.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from twilio.base.exceptions import TwilioRestException

# preset -> (Twilio error code, HTTP status) a create answers.
BAD_SENDS = {"blacklisted-pair": (21610, 400), "invalid-to": (21211, 400),
             "wrong-credentials": (20003, 401), "rate-limited": (20429, 429)}
# rate-limited fires on a fifth of creates: narrowed to every create (and nothing more) so
# the test is certain which create it hits.
NARROW = {"rate-limited": {"probability": 1}}


def test_every_api_preset_is_checked_here(sim):
    presets = sim.control("GET", "/faults/presets").json()["presets"]
    api = {p["name"] for p in presets
           if any((r.get("effect") or {}).get("type") in ("api_error", "latency")
                  or any(e["type"] in ("api_error", "latency") for e in r.get("effects", []))
                  for r in p["rules"])}
    assert api == set(BAD_SENDS)


@pytest.mark.parametrize("name", sorted(BAD_SENDS))
def test_a_bad_send_preset_leaves_reads_alone(sim, account, client, us_number, name):
    code, status = BAD_SENDS[name]
    before = client.messages.create(to="+15550188001", from_=us_number, body="before").sid
    loaded = sim.control("POST", f"/faults/presets/{name}",
                         json={"match": NARROW[name]} if name in NARROW else None)
    assert loaded.status_code == 201, loaded.text

    client.messaging.base_url = sim.url
    for _ in range(3):  # a probability would show on repeated reads
        assert [m.sid for m in client.messages.list()] == [before]
        assert us_number in [n.phone_number for n in client.incoming_phone_numbers.list()]
        assert client.messages(before).fetch().sid == before
        assert client.api.accounts(account["account_sid"]).fetch().status == "active"
        assert client.messaging.v1.services.list() == []

    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to="+15550188002", from_=us_number, body="after")
    assert (refused.value.code, refused.value.status) == (code, status)

    sent = subprocess.run(
        [sys.executable, "-m", "smsim", "send", "--url", sim.url, "--account-sid",
         account["account_sid"], "--auth-token", account["auth_token"], "--to",
         "+15550188003", "--watch", "0"], capture_output=True, text=True, timeout=60)
    assert sent.returncode == 1, sent.stdout + sent.stderr
    assert f"error {code} (HTTP {status})" in sent.stderr
    # The number lookup went through: the one refused request of the send is its create.
    logged = sim.control("GET", "/requests").json()["requests"]
    refused_requests = {(r["method"], r["path"].rsplit("/", 1)[-1]) for r in logged
                        if r["status"] >= 400}
    assert refused_requests == {("POST", "Messages.json")}
