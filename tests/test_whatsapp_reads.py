"""A phone's ``whatsapp.reads_after`` changed after a message arrived (docs/whatsapp.md): the
messages it has and has not read are read on the new setting, counted from their arrival,
or at once if that time has passed; ``never`` takes a planned read back. Official SDK
against a real server, the clock advanced through the control plane, `read` callbacks on a
real webhook receiver."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

from tests.test_whatsapp_held import conversation, set_handset


def test_reads_after_changed_after_arrival_replans_the_read(sim, client, account, us_number,
                                                            receiver, handset):
    business, user, phone = conversation(sim, us_number, handset)  # never reads
    callback = receiver.url("/reads")
    first = client.messages.create(from_=business, to=user, body="one",
                                   status_callback=callback)
    second = client.messages.create(from_=business, to=user, body="two")
    sim.advance(10)
    assert {client.messages(m.sid).fetch().status for m in (first, second)} == {"delivered"}

    # Told to read 3600 s after arrival: nothing yet, then both are read, with a callback.
    changed = set_handset(sim, phone, whatsapp={"reads_after": 3600})
    assert changed["replanned_messages"] == 2
    sim.advance(1800)
    assert client.messages(first.sid).fetch().status == "delivered"
    sim.advance(1800)
    assert {client.messages(m.sid).fetch().status for m in (first, second)} == {"read"}
    [read] = [h for h in receiver.wait_for("/reads", 3) if h.params["MessageStatus"] == "read"]
    assert RequestValidator(account["auth_token"]).validate(
        read.url, read.params, read.headers["X-Twilio-Signature"])

    # A message waiting to be read, then the holder never reads: the read is taken back;
    # then told to read after 60 s, long past: read at once.
    third = client.messages.create(from_=business, to=user, body="three")
    sim.advance(10)
    assert set_handset(sim, phone, whatsapp={"reads_after": None})["replanned_messages"] == 1
    sim.advance(7200)
    assert client.messages(third.sid).fetch().status == "delivered"
    assert set_handset(sim, phone, whatsapp={"reads_after": 60})["replanned_messages"] == 1
    sim.advance(1)
    assert client.messages(third.sid).fetch().status == "read"
    # A setting that changes nothing re-plans nothing: the fourth keeps its planned read.
    fourth = client.messages.create(from_=business, to=user, body="four")
    sim.advance(10)
    assert set_handset(sim, phone, whatsapp={"reads_after": 60})["replanned_messages"] == 0
    sim.advance(60)
    assert client.messages(fourth.sid).fetch().status == "read"
