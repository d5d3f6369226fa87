"""Two worker processes share one SQLite file and give the same answers as one."""

from __future__ import annotations

import pytest

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    server = start_simulator(tmp_path_factory.mktemp("workers"), workers=2)
    yield server
    server.stop()


def test_sdk_round_trip_on_two_workers(two_workers):
    account = two_workers.new_account()
    client = two_workers.client(account["account_sid"], account["auth_token"])
    sender = account["numbers"][0]["phone_number"] if account["numbers"][0]["capabilities"][
        "sms"] else account["numbers"][1]["phone_number"]
    # Enough requests that both workers serve some; every answer must see every write.
    sids = []
    for i in range(40):
        message = client.messages.create(to="+15558675310", from_=sender, body=f"w{i}")
        sids.append(message.sid)
        assert client.messages(message.sid).fetch().body == f"w{i}"
    assert [m.sid for m in client.messages.list(page_size=7)] == sids[::-1]
    assert len(set(sids)) == 40
    client.messages(sids[0]).update(body="")
    assert client.messages(sids[0]).fetch().body == ""
    assert client.messages(sids[1]).delete() is True
    assert len(client.messages.list()) == 39
    default = two_workers.client(DEFAULT_SID, DEFAULT_TOKEN)
    assert default.messages.list() == []
