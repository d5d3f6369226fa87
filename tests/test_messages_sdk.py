"""The Messages resource through the official twilio-python SDK against a real server."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from twilio.base.exceptions import TwilioRestException

TO = "+15558675310"


def test_create_returns_queued_message_as_twilio_shapes_it(client, us_number, account):
    message = client.messages.create(to=TO, from_=us_number, body="Hello from smsim")
    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert message.status == "queued"
    assert message.account_sid == account["account_sid"]
    assert message.direction == "outbound-api"
    assert message.to == TO and message.from_ == us_number
    assert message.body == "Hello from smsim"
    assert message.num_segments == "1" and message.num_media == "0"
    assert message.error_code is None and message.price is None and message.date_sent is None
    assert isinstance(message.date_created, datetime)
    assert message.uri == (f"/2010-04-01/Accounts/{account['account_sid']}/Messages/"
                           f"{message.sid}.json")


def test_fetch_returns_the_created_message(client, us_number):
    created = client.messages.create(to=TO, from_=us_number, body="fetch me")
    fetched = client.messages(created.sid).fetch()
    assert fetched.sid == created.sid and fetched.body == "fetch me"
    assert fetched.date_created == created.date_created


@pytest.mark.parametrize("body, segments", [
    ("a" * 160, "1"), ("a" * 161, "2"), ("{" * 80, "1"), ("{" * 81, "2"),
    ("あ" * 70, "1"), ("あ" * 71, "2"), ("x" * 1600, "11"),
])
def test_num_segments_follows_gsm7_and_ucs2_segmentation(client, us_number, body, segments):
    assert client.messages.create(to=TO, from_=us_number, body=body).num_segments == segments


def test_list_pages_through_every_message_newest_first(client, us_number):
    sids = [client.messages.create(to=TO, from_=us_number, body=f"m{i}").sid for i in range(7)]
    listed = client.messages.list(page_size=3)
    assert [m.sid for m in listed] == sids[::-1]
    first = client.messages.page(page_size=3)
    assert [m.sid for m in first] == sids[::-1][:3]
    second = first.next_page()
    assert [m.sid for m in second] == sids[::-1][3:6]
    third = second.next_page()
    assert [m.sid for m in third] == [sids[0]]
    assert third.next_page() is None
    assert [m.sid for m in second.previous_page()] == sids[::-1][:3]
    assert [m.sid for m in client.messages.stream(page_size=2, limit=5)] == sids[::-1][:5]


def test_list_filters_by_to_and_from(client, us_number):
    a = client.messages.create(to="+15558675311", from_=us_number, body="a")
    client.messages.create(to="+15558675312", from_=us_number, body="b")
    assert [m.sid for m in client.messages.list(to="+15558675311")] == [a.sid]
    assert len(client.messages.list(from_=us_number)) == 2
    assert client.messages.list(from_="+15005550000") == []


def test_date_sent_filters_exclude_unsent_messages(client, us_number):
    client.messages.create(to=TO, from_=us_number, body="not sent yet")
    today = datetime.utcnow()
    assert client.messages.list(date_sent=today) == []
    assert client.messages.list(date_sent_before=today) == []
    assert client.messages.list(date_sent_after=datetime(2000, 1, 1)) == []


def test_redact_empties_the_body(client, us_number):
    sid = client.messages.create(to=TO, from_=us_number, body="secret").sid
    assert client.messages(sid).update(body="").body == ""
    assert client.messages(sid).fetch().body == ""


def test_cancel_a_queued_message(client, us_number):
    sid = client.messages.create(to=TO, from_=us_number, body="never mind").sid
    canceled = client.messages(sid).update(status="canceled")
    assert canceled.status == "canceled" and canceled.date_sent is None
    with pytest.raises(TwilioRestException) as error:
        client.messages(sid).update(status="canceled")
    assert error.value.code == 30409 and error.value.status == 400


def test_update_refuses_a_non_empty_body(client, us_number):
    sid = client.messages.create(to=TO, from_=us_number, body="keep").sid
    with pytest.raises(TwilioRestException) as error:
        client.messages(sid).update(body="changed")
    assert error.value.status == 400 and "Body" in error.value.msg


def test_delete_then_fetch_is_404(client, us_number):
    sid = client.messages.create(to=TO, from_=us_number, body="bye").sid
    assert client.messages(sid).delete() is True
    with pytest.raises(TwilioRestException) as error:
        client.messages(sid).fetch()
    assert error.value.status == 404 and error.value.code == 20404
    with pytest.raises(TwilioRestException) as error:
        client.messages(sid).delete()
    assert error.value.code == 20404


def test_media_messages_have_mm_sids_and_a_media_list(client, us_number, account):
    urls = ["https://example.com/cat.jpg", "https://example.com/doc.pdf"]
    message = client.messages.create(to=TO, from_=us_number, media_url=urls)
    assert message.sid.startswith("MM") and message.num_media == "2"
    assert message.body == "" and message.num_segments == "0"
    media = client.messages(message.sid).media.list()
    assert sorted(m.content_type for m in media) == ["application/pdf", "image/jpeg"]
    assert all(m.parent_sid == message.sid and m.sid.startswith("ME") for m in media)
    one = client.messages(message.sid).media(media[0].sid).fetch()
    assert one.sid == media[0].sid and one.account_sid == account["account_sid"]
    assert client.messages(message.sid).media(media[0].sid).delete() is True
    assert len(client.messages(message.sid).media.list()) == 1


def test_accounts_are_isolated(sim, client, us_number):
    other = sim.new_account()
    other_client = sim.client(other["account_sid"], other["auth_token"])
    sid = client.messages.create(to=TO, from_=us_number, body="mine").sid
    assert other_client.messages.list() == []
    with pytest.raises(TwilioRestException) as error:
        other_client.messages(sid).fetch()
    assert error.value.status == 404
