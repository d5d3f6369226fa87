"""The message log's symptom filter offers every symptom of the guide and the four WhatsApp
ones (ours), and each one it can filter shows the messages `smsim diagnose` names for it:
every scenario of the pack whose symptom a message record can show is played in a world of
its own, then the log is read filtered on each symptom (plain HTTP: the filter is the
server's; the page's script has no part in it)."""

from __future__ import annotations

import re

import pytest
from smsim.clients.scenarios import runner
from smsim.clients.sim_client import SimClient
from smsim.domain import scenarios
from smsim.domain.diagnosis.symptoms import GUIDE_IDS
from smsim.engine.log_symptoms import LOG_SYMPTOMS, NOT_IN_LOG, WHATSAPP_IN_LOG

from tests.server import SCENARIO_DIR

SCENARIOS = scenarios.discover(SCENARIO_DIR)
ROW = re.compile(r'<tr data-sid="(\w+)"')
# One scenario per symptom a message record shows (the pack has one or more each).
IN_LOG = sorted(name for name, path in SCENARIOS.items()
                if set(scenarios.load(path).symptoms) <= set(LOG_SYMPTOMS))
# Scenarios of such a symptom that leave no record all the same: the roaming sender's text
# is lost on the way (a late one is a record: test below), the opt-out is declared before
# the world starts and the send is refused.
NO_RECORD = {"inbound-roaming-sender", "opted-out-declared"}


def log_sids(sim, world: str, symptom: str = "", lang: str = "en") -> list[str]:
    response = sim.session.get(f"{sim.url}/", params={"world": world, "symptom": symptom,
                                                       "lang": lang}, timeout=10)
    assert response.status_code == 200, response.text
    return ROW.findall(response.text)


def test_the_filter_offers_all_twenty_four_symptoms_in_both_languages(sim, account):
    # The guide's symptoms, and ours for WhatsApp in a group of their own (docs/whatsapp.md).
    assert set(LOG_SYMPTOMS) | set(NOT_IN_LOG) == set(GUIDE_IDS) | set(WHATSAPP_IN_LOG)
    assert not set(LOG_SYMPTOMS) & set(NOT_IN_LOG)
    for lang, word in (("en", "Handset blocks the sender"), ("ja", "端末が送信元をブロック")):
        page = sim.session.get(f"{sim.url}/", params={"world": account["account_sid"],
                                                      "lang": lang}, timeout=10).text
        select = page[page.index('<select name="symptom"'):]
        select = select[:select.index("</select>")]
        offered = re.findall(r'<option value="([\w-]+)" (?:selected)?\s*>([^<]+)</option>',
                             select)
        disabled = re.findall(r'<option value="([\w-]+)" disabled>([^<]+)</option>', select)
        assert [s for s, _ in offered] == list(LOG_SYMPTOMS)
        assert [s for s, _ in disabled] == list(NOT_IN_LOG)
        titles = [t for _, t in offered + disabled]
        assert word in titles and len(set(titles)) == 24
        # A title is words, never the id itself.
        assert not {s for s, _ in offered + disabled} & set(titles)
        if lang == "ja":
            assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in titles)


@pytest.mark.parametrize("name", IN_LOG)
def test_each_symptom_shows_the_messages_diagnose_names(sim, account, name):
    """The scenario's symptom lists exactly the messages the diagnosis names for it (all of
    them outbound delivered once within 30 s for "healthy"), and no other symptom but
    "healthy" lists any of the world's messages (the diagnosis found no other)."""
    world = account["account_sid"]
    scenario = scenarios.load(SCENARIOS[name])
    result = runner.run(SimClient(sim.url, account_sid=world), scenario)
    assert result.passed, (result.expected, result.detected, result.notes)
    everything = set(log_sids(sim, world))
    [symptom] = scenario.symptoms
    shown = log_sids(sim, world, symptom)
    assert bool(shown) == (name not in NO_RECORD), (symptom, sorted(everything))
    if symptom == "healthy":
        assert set(shown) <= everything
    else:
        named = {sid for f in result.findings if f["id"] == symptom
                 for sid in f["message_sids"]} & everything
        assert set(shown) == named
    for other in LOG_SYMPTOMS:
        if other not in (symptom, "healthy"):
            assert log_sids(sim, world, other) == [], other


def test_an_unknown_or_elsewhere_symptom_filters_nothing_and_never_fails(sim, account,
                                                                        client, us_number):
    sid = client.messages.create(to="+15550700001", from_=us_number, body="hi").sid
    world = account["account_sid"]
    for symptom in ("no-such-symptom", *NOT_IN_LOG):
        assert log_sids(sim, world, symptom) == [sid]
    fragment = sim.session.get(f"{sim.url}/ui/fragment/log", params={
        "world": world, "symptom": "healthy"}, timeout=10)
    assert fragment.status_code == 200 and sid not in fragment.text


def test_a_text_that_arrived_late_from_a_roaming_sender(sim, account, us_number, handset):
    phone = handset(carrier={"latency_min": 35, "latency_max": 40,
                             "roaming_loss_probability": 0}, roaming=True)
    sent = sim.control("POST", f"/handsets/{phone}/messages",
                       json={"to": us_number, "body": "from abroad, late"})
    assert sent.status_code in (200, 201), sent.text
    quick = handset()
    assert sim.control("POST", f"/handsets/{quick}/messages",
                       json={"to": us_number, "body": "from home"}).status_code in (200, 201)
    sim.advance(60)
    world = account["account_sid"]
    everything = log_sids(sim, world)
    assert len(everything) == 2
    [late] = log_sids(sim, world, "inbound-roaming-sender")
    assert late in everything
    page = sim.session.get(f"{sim.url}/messages/{late}", params={"world": world}).text
    assert "from abroad, late" in page
