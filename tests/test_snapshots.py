"""Snapshots of a world ("back to the start of the lesson") through the control plane, with
the official SDK sending: a restore returns the world to the saved state, and SIDs given out
since are never given out again. Each test is in its own world (the `account` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator

pytestmark = pytest.mark.both_worker_counts


def sids_of(client) -> set[str]:
    return {m.sid for m in client.messages.list(limit=200)}


def take(sim, name: str, **extra) -> dict:
    response = sim.control("POST", "/snapshots", json={"name": name, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def restore(sim, name: str) -> dict:
    response = sim.control("POST", f"/snapshots/{name}/restore")
    assert response.status_code == 200, response.text
    return response.json()


def test_restore_returns_the_world_and_never_reissues_a_sid(sim, account, client, us_number,
                                                            handset):
    phone = handset(name="Ada")
    before = client.messages.create(to=phone, from_=us_number, body="before the lesson").sid
    sim.advance(30)
    clock = sim.control("GET", "/clock").json()
    saved = take(sim, "lesson-start")
    assert saved["name"] == "lesson-start" and saved["messages"] == 1
    assert saved["time"] == clock["now"]

    during = client.messages.create(to=phone, from_=us_number, body="during the lesson").sid
    assert sim.control("PUT", f"/handsets/{phone}", json={"power": "off", "name": "Bob"}
                       ).status_code == 200
    assert sim.control("POST", "/faults/presets/carrier-duplicates").status_code in (200, 201)
    sim.advance(300)
    assert sids_of(client) == {before, during}

    restored = restore(sim, "lesson-start")
    assert restored["status"] == "restored"
    assert restored["clock"]["now"] == clock["now"]
    assert sim.control("GET", "/clock").json()["now"] == clock["now"]
    # The world as it was: the message sent since is gone, the handset and rules are back.
    assert sids_of(client) == {before}
    assert client.messages(before).fetch().status == "delivered"
    state = sim.control("GET", f"/handsets/{phone}").json()
    assert (state["power"], state["name"]) == ("on", "Ada")
    assert sim.control("GET", "/faults").json()["faults"] == []
    inbox = sim.control("GET", f"/handsets/{phone}/inbox").json()
    assert [copy["message_sid"] for copy in inbox["messages"]] == [before]

    # A new send gets a SID never seen: not the one given out after the snapshot.
    after = client.messages.create(to=phone, from_=us_number, body="again").sid
    assert after not in {before, during}
    sim.advance(30)
    assert client.messages(after).fetch().status == "delivered"
    assert sids_of(client) == {before, after}


def test_a_message_on_its_way_when_saved_goes_on_after_a_restore(sim, account, client,
                                                                 us_number, handset):
    phone = handset()
    sid = client.messages.create(to=phone, from_=us_number, body="in flight").sid
    take(sim, "in-flight")
    sim.advance(60)
    assert client.messages(sid).fetch().status == "delivered"
    restore(sim, "in-flight")
    assert client.messages(sid).fetch().status == "queued"
    sim.advance(60)
    assert client.messages(sid).fetch().status == "delivered"


def test_listing_replacing_and_deleting(sim, account, client, us_number):
    assert sim.control("GET", "/snapshots").json() == {"snapshots": []}
    take(sim, "first")
    client.messages.create(to="+15550300001", from_=us_number, body="one")
    take(sim, "second")
    listed = sim.control("GET", "/snapshots").json()["snapshots"]
    assert [(s["name"], s["messages"]) for s in listed] == [("first", 0), ("second", 1)]
    assert sim.control("GET", "/snapshots/second").json()["messages"] == 1

    again = sim.control("POST", "/snapshots", json={"name": "first"})
    assert again.status_code == 409 and "exists already" in again.json()["error"]
    assert take(sim, "first", replace=True)["messages"] == 1

    assert sim.control("DELETE", "/snapshots/first").status_code == 204
    assert [s["name"] for s in sim.control("GET", "/snapshots").json()["snapshots"]] == \
        ["second"]
    gone = sim.control("POST", "/snapshots/first/restore")
    assert gone.status_code == 404


@pytest.mark.parametrize(("method", "path", "body", "status", "words"), [
    ("POST", "/snapshots/no-such-lesson/restore", None, 404,
     "no snapshot named 'no-such-lesson'"),
    ("GET", "/snapshots/no-such-lesson", None, 404, "no snapshot named 'no-such-lesson'"),
    ("DELETE", "/snapshots/no-such-lesson", None, 404, "no snapshot named 'no-such-lesson'"),
    ("POST", "/snapshots", {}, 400, "name is required"),
    ("POST", "/snapshots", {"name": "../escape"}, 400, "name must be"),
    ("POST", "/snapshots", {"name": ""}, 400, "name must be"),
    ("POST", "/snapshots", {"name": 7}, 400, "name must be"),
    ("POST", "/snapshots", {"name": "ok", "replace": "yes"}, 400, "replace must be"),
    ("POST", "/snapshots", {"name": "ok", "colour": "red"}, 400, "unknown field(s): colour"),
])
def test_refusals_name_the_field_or_the_snapshot(sim, account, method, path, body, status,
                                                 words):
    response = sim.control(method, path, json=body)
    assert response.status_code == status, response.text
    assert response.json()["status"] == status
    assert words in response.json()["error"]


def test_snapshots_belong_to_their_world_and_go_with_it(sim, account):
    take(sim, "mine")
    other = sim.new_account("Other world")
    theirs = {"X-Smsim-Account": other["account_sid"]}
    try:
        assert sim.control("GET", "/snapshots", headers=theirs).json() == {"snapshots": []}
        refused = sim.control("POST", "/snapshots/mine/restore", headers=theirs)
        assert refused.status_code == 404
        made = sim.control("POST", "/snapshots", headers=theirs, json={"name": "theirs"})
        assert made.status_code == 201, made.text
        folder = Path(str(sim.db) + ".worlds") / f"{other['account_sid']}.db.snapshots"
        assert (folder / "theirs.db").exists()
    finally:
        assert sim.control("DELETE", f"/accounts/{other['account_sid']}").status_code == 204
    assert not folder.exists()
    assert [s["name"] for s in sim.control("GET", "/snapshots").json()["snapshots"]] == \
        ["mine"]


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of this module's own: restoring the default world must not touch the
    worlds of the shared server's other tests."""
    simulator = start_simulator(tmp_path_factory.mktemp("snapshots"), workers=2)
    yield simulator
    simulator.stop()


def test_restoring_the_default_world_keeps_every_other_world(own_server):
    server = own_server
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    before = client.messages.create(to="+15550900001", from_="+15017122661", body="one").sid
    older = server.new_account("Made before the snapshot")
    take(server, "default-start")
    after = client.messages.create(to="+15550900002", from_="+15017122661", body="two").sid
    newer = server.new_account("Made after the snapshot")
    restore(server, "default-start")
    assert {m.sid for m in client.messages.list()} == {before}
    listed = {a["account_sid"] for a in server.control("GET", "/accounts").json()["accounts"]}
    assert {older["account_sid"], newer["account_sid"]} <= listed
    for made in (older, newer):
        other = server.client(made["account_sid"], made["auth_token"])
        ours = next(n["phone_number"] for n in made["numbers"] if n["capabilities"]["sms"])
        assert other.messages.create(to="+15550900003", from_=ours, body="still here").sid
    again = client.messages.create(to="+15550900004", from_="+15017122661", body="three").sid
    assert again not in {before, after}
