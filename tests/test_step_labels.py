"""Delivery steps in Japanese (issue 15): every step kind and every reason the planner and the
engine write has its label in labels/steps.toml, and reads back into Japanese with nothing
English left but the values. The domain's reasons are made here by the planner itself over
every branch it has; the engine's own (a scheduled create, an inbound text received or no
longer receivable) by a real server."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask, g, render_template_string
from smsim.domain import inbound_plan, phone, whatsapp
from smsim.domain.handsets import Carrier, Handset, WhatsApp
from smsim.domain.planner import Facts, fail_at, plan, plan_overflow
from smsim.domain.sender_queue import Slot
from smsim.web.ui import step_labels
from smsim.web.ui.blueprint import bp
from smsim.web.ui.labels import LABELS

from tests.browser import LATIN_IN_JAPANESE
from tests.server import start_simulator

T0 = 1000.0
SENDER, TO = "+15017122661", "+15558675310"
CARRIER = Carrier("US-mobile", latency_min=6.0, latency_max=6.0)
# Latin words a Japanese reason may keep: acronyms and names Japanese writing keeps.
KEPT = {"Twilio", "WhatsApp"}
# Keys the engine writes (the server test below makes them), not the domain.
ENGINE_KEYS = {"reason_accepted_scheduled", "reason_outbox_released", "reason_outbox_received"}
# An inbound message's story (engine/message_story.py): its own reasons, one of each shape.
STORY_REASONS = {
    "reason_story_received": "+15017122661 received it",
    "reason_story_no_webhook": "the number has no SMS webhook URL",
    "reason_story_webhook_due": "due to http://127.0.0.1:9/sms",
    "reason_story_webhook_answer": "POST http://127.0.0.1:9/sms: 200",
}


def facts(**changes) -> Facts:
    return replace(Facts(created_at=T0, sender=SENDER, sender_is_long_code=True, to=TO,
                         segments=1, slot=Slot(T0 + 1, T0 + 2, 0.0), queue_ahead=0, rate=1.0,
                         validity_period=36_000, handset=Handset(TO), carrier=CARRIER,
                         sent_before_by_sender=0), **changes)


def domain_steps() -> list:
    """Steps over every branch of the planner: queue, service, schedule, expiry, each carrier
    and handset failure, every reason a copy is late, duplicated or hidden, receipts, faults."""
    cases = [
        facts(), facts(initial_status="accepted"), facts(initial_status="scheduled"),
        facts(queue_ahead=101), facts(validity_period=0, slot=Slot(T0 + 5, T0 + 6, 4.0)),
        facts(carrier=replace(CARRIER, unreachable=True)),
        facts(carrier=replace(CARRIER, filter_after=1), sent_before_by_sender=1),
        facts(handset=Handset(TO, active=False)), facts(handset=Handset(TO, power="off")),
        facts(handset=Handset(TO, signal="none")),
        facts(handset=Handset(TO, signal="poor", roaming=True),
              carrier=replace(CARRIER, congestion_delay=45, duplicate_copies=1,
                              roaming_duplicate_probability=1.0, drop_receipts=True)),
        facts(handset=Handset(TO, blocked_senders=(SENDER,))),
        facts(hidden_by_fault=True),
    ]
    steps = [step for case in cases for step in plan(case, random.Random("labels"))]
    normal = plan(facts(), random.Random("labels"))
    for at, status, code in (("queued", "failed", 30001), ("dequeued", "failed", 30034),
                             ("delivered", "undelivered", 30003),
                             ("delivered", "undelivered", 30008)):
        steps += fail_at(normal, at, status, code, "fault rule 3")
        steps += fail_at(normal, at, status, code, "fault rule 4 (unreachable-handset: x)")
    return steps + plan_overflow(T0, SENDER) + whatsapp_steps()


def whatsapp_steps() -> list:
    """A WhatsApp message's steps over every branch of its plan (domain/whatsapp.py): the
    sandbox, the window, no app, a held message, a Messaging Service, faults, a phone back."""
    def wa(handset=None, in_window=True, member=True, dequeue_at=None, status="queued",
           faults=None):
        return whatsapp.plan(T0, status, TO, handset or Handset(TO), in_window,
                             random.Random("labels"), sandbox_member=member,
                             dequeue_at=dequeue_at, faults=faults)
    reads = Handset(TO, whatsapp=WhatsApp(reads_after=30))
    late = whatsapp.Faults(delay=20, why="fault rule 3")
    slow = whatsapp.Faults(slow=40, why="fault rule 4")
    silent = whatsapp.Faults(no_receipt=True, why="fault rule 5")
    no_app = Handset(TO, whatsapp=WhatsApp(installed=False))
    rng = random.Random("labels")
    return [*wa(member=False), *wa(in_window=False), *wa(no_app),
            *wa(Handset(TO, power="off")), *wa(Handset(TO, signal="none")), *wa(reads),
            *wa(dequeue_at=T0 + 6.5), *wa(status="accepted"), *wa(status="scheduled"),
            *wa(faults=late), *wa(dequeue_at=T0 + 6.5, faults=late), *wa(faults=slow),
            *wa(faults=silent), *whatsapp.arrival(T0, no_app, rng),
            *whatsapp.arrival(T0 + 60, reads, rng, held_since=T0),
            *whatsapp.arrival(T0 + 60, reads, rng, held_since=T0, faults=slow)]


def domain_outbox_reasons() -> list[str]:
    """Where a handset's text to our number stops, over every branch of its fate."""
    def fate(sender="+15550100014", handset=None, carrier=CARRIER, to_sms=True, blocked=()):
        address = phone.parse_recipient(sender)
        return inbound_plan.fate(address, phone.parse_recipient(SENDER),
                                 handset or Handset(address.value), carrier, to_sms,
                                 list(blocked), random.Random("labels"), T0)[2]
    roams = Handset("+15550100014", roaming=True, signal="poor")
    return [fate("55555"), fate(handset=Handset("+15550100014", power="off")),
            fate(handset=Handset("+15550100014", signal="none")), fate(to_sms=None),
            fate("+8613800138000", blocked=["CN"]), fate(to_sms=False),
            fate(handset=roams, carrier=replace(CARRIER, roaming_loss_probability=1.0)),
            fate(handset=roams, carrier=replace(CARRIER, roaming_loss_probability=0.0))]


def untranslated(reason: str) -> list[str]:
    """Latin words the Japanese of ``reason`` shows outside its values."""
    marked = step_labels.reason_text(reason, "ja", html=True)
    text = re.sub(r'<span translate="no">.*?</span>', "", str(marked))
    # (Acronyms in capitals stay: "US A2P 10DLC", Twilio's own name for a programme.)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in KEPT and not w.isupper()]


def used_keys(reasons) -> set[str]:
    keys = set()
    for reason in reasons:
        for part in reason.split("; "):
            head, colon, rest = part.partition(": ")
            found = step_labels.match(rest if colon and head in step_labels.ERROR_KEYS
                                      else part)
            if found:
                keys.add(found[0])
    return keys


def test_every_step_kind_has_a_label_in_both_languages():
    kinds = {step.kind for step in domain_steps()}
    assert kinds >= {"created", "send_at", "queued", "dequeued", "handed_to_carrier",
                     "handset_received", "delivered", "receipt_missing", "undelivered",
                     "failed"}
    for kind in kinds:
        assert f"step_{kind}" in LABELS["en"] and f"step_{kind}" in LABELS["ja"], kind
        assert step_labels.kind_text(kind, "ja") != step_labels.kind_text(kind, "en")
    assert step_labels.kind_text("handset_received", "en") == "handset received"


def test_every_reason_the_domain_writes_reads_in_japanese():
    reasons = [step.reason for step in domain_steps()] + domain_outbox_reasons()
    for reason in reasons:
        assert untranslated(reason) == [], (reason, step_labels.reason_text(reason, "ja"))
        assert step_labels.reason_text(reason, "en") == reason
    # ... and every label is one the code writes (the engine's are made below).
    reason_keys = {k for k in LABELS["en"] if k.startswith("reason_")}
    assert used_keys(reasons) == reason_keys - ENGINE_KEYS - set(STORY_REASONS)


@pytest.mark.parametrize("reason, japanese", [
    ("Unreachable destination handset: handset switched off; carrier gave up after 120 s",
     "宛先の端末に到達できません: 端末の電源がオフ、キャリアは 120秒後に配信を断念"),
    ("more than 100 message(s) ahead in +15017122661's queue",
     "+15017122661 のキューで先に待つメッセージ 100 通超"),
    ("Unknown destination handset: +15558675310 is not an active number",
     "宛先の端末が不明です: +15558675310 は使われていない番号"),
    ("Unknown error: fault rule 4 (unreachable-handset: x)",
     "不明なエラー: 障害ルール 4 (unreachable-handset: x)"),
])
def test_reasons_read_part_by_part(reason, japanese):
    assert step_labels.reason_text(reason, "ja") == japanese


def test_values_are_marked_as_data_and_escaped():
    marked = str(step_labels.reason_text("handed to carrier <b>&Co", "ja", html=True))
    assert marked == 'キャリア <span translate="no">&lt;b&gt;&amp;Co</span> に引き渡し'
    # A reason no template knows is shown as it is, escaped.
    assert str(step_labels.reason_text("<odd>", "ja", html=True)) == "&lt;odd&gt;"


def test_both_languages_name_the_same_values():
    for key, english in LABELS["en"].items():
        if key.startswith("reason_"):
            assert sorted(step_labels.fields_of(english)) == \
                sorted(step_labels.fields_of(LABELS["ja"][key])), key


def test_the_template_helpers():
    """What the message page's templates call: step_label(kind), reason_label(reason)."""
    app = Flask(__name__)
    app.register_blueprint(bp)
    page = "{{ step_label(k) }} / {{ reason_label(r) }} / {{ reason_label(r, html=True) }}"
    with app.test_request_context("/"):
        g.lang = "ja"
        shown = render_template_string(page, k="handed_to_carrier",
                                       r="handed to carrier US-mobile")
        assert shown == ('キャリアに引き渡し / キャリア US-mobile に引き渡し / '
                         'キャリア <span translate="no">US-mobile</span> に引き渡し')
        g.lang = "en"
        assert render_template_string(page, k="handed_to_carrier", r="handed to carrier X") \
            == "handed to carrier / handed to carrier X / handed to carrier X"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("step-labels"))
    yield simulator
    simulator.stop()


def test_the_engines_own_reasons_read_in_japanese(server):
    """A scheduled create, a text received, and one whose number went away before it
    arrived: the reasons the engine writes itself."""
    account = server.new_account("step labels")
    world = {"X-Smsim-Account": account["account_sid"]}
    client = server.client(account["account_sid"], account["auth_token"])
    client.messaging.base_url = server.url  # Messaging Services, as the README says
    ours = next(n for n in account["numbers"] if n["capabilities"]["sms"])
    service = client.messaging.v1.services.create(friendly_name="labels")
    client.messaging.v1.services(service.sid).phone_numbers.create(
        phone_number_sid=ours["sid"])
    now = datetime.fromtimestamp(server.control("GET", "/clock", headers=world)
                                 .json()["epoch"], UTC)
    scheduled = client.messages.create(to="+15550177001", messaging_service_sid=service.sid,
                                       body="later", schedule_type="fixed",
                                       send_at=now + timedelta(hours=1))
    spare = client.incoming_phone_numbers.create(phone_number="+15017120777")
    for number in (ours["phone_number"], spare.phone_number):
        sent = server.control("POST", "/handsets/+15550177002/messages", headers=world,
                              json={"to": number, "body": "hi"})
        assert sent.status_code == 201, sent.text
    client.incoming_phone_numbers(spare.sid).delete()  # gone before the text arrives
    server.control("POST", "/clock/advance", headers=world, json={"seconds": 60})
    steps = server.control("GET", f"/messages/{scheduled.sid}/steps?plan=true",
                           headers=world).json()["steps"]
    outbox = server.control("GET", "/handsets/+15550177002/outbox", headers=world).json()
    reasons = [s["reason"] for s in steps] + [t["reason"] for t in outbox["messages"]]
    assert used_keys(reasons) >= ENGINE_KEYS, reasons
    for reason in reasons:
        assert untranslated(reason) == [], (reason, step_labels.reason_text(reason, "ja"))
    server.control("DELETE", f"/accounts/{account['account_sid']}")


@pytest.mark.parametrize("key", sorted(STORY_REASONS))
def test_the_inbound_storys_reasons_read_in_japanese(key):
    reason = STORY_REASONS[key]
    assert used_keys([reason]) == {key}
    left = [w for w in untranslated(reason) if w not in LATIN_IN_JAPANESE]  # "Webhook"
    assert left == [], step_labels.reason_text(reason, "ja")
    assert step_labels.reason_text(reason, "en") == reason
