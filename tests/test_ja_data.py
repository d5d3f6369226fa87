"""Japanese in the data the dashboard shows from outside its templates (issue 15): scenario
files, presets, and the diagnosis (titles, evidence, advice, skipped checks), in both
languages. The data itself here; `smsim diagnose --lang ja` and the dashboard's Diagnose
against a real server for a few symptoms set up by scenarios; the pages in a real Chromium
in tests/test_ja_pages.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from smsim.clients.scenarios import runner
from smsim.clients.sim_client import SimClient
from smsim.domain import presets, scenarios
from smsim.domain.diagnosis import evidence, facts, report
from smsim.domain.diagnosis.symptoms import CATALOGUE

from tests.server import SCENARIO_DIR, start_simulator

# Latin words Japanese text keeps: acronyms, product and command names, and the keywords a
# recipient texts (as Twilio's Japanese guide writes them).
KEPT = {"smsim", "send", "Twilio", "Webhook", "Explorer", "Google", "Voice", "Facebook",
        "Skype", "IncomingPhoneNumbers", "SmsUrl", "sms_url", "STOP", "START", "YES", "QUIT",
        "UNSTOP", "CODE", "https", "www", "twilio", "com", "docs", "errors",
        "WhatsApp", "ContentSid", "ContentVariables", "join"}
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_]*(?![A-Za-z0-9_])")


def english_words(text: str) -> list[str]:
    """Latin words that are not acronyms (all capitals) nor kept names."""
    return [w for w in WORD.findall(text) if not w.isupper() and w not in KEPT]


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words (an English sentence left behind), outside the
    data a Japanese sentence carries as it is: quoted bodies 「…」, SIDs, numbers, codes,
    symptom ids (api-rejected)."""
    text = re.sub(r"「[^」]*」", " ", text)
    text = re.sub(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+", " ", text)
    words = {w for w in WORD.findall(text) if not w.isupper() and w not in KEPT}
    spans = re.finditer(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_']*(?:[\s,]+[A-Za-z][A-Za-z_']*)+",
                        text)
    runs = []
    for span in spans:
        counted = [w for w in re.findall(r"[A-Za-z][A-Za-z_']*", span.group()) if w in words]
        if len(counted) >= 2:
            runs.append(span.group())
    return runs


def is_japanese(text: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))


# --- scenario files ------------------------------------------------------------------------

SHIPPED = scenarios.discover(SCENARIO_DIR)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_scenario_has_both_languages(name):
    scenario = scenarios.load(SHIPPED[name])
    assert set(scenario.titles) == set(scenario.descriptions) == {"en", "ja"}
    for text in (scenario.title_in("ja"), scenario.description_in("ja")):
        assert is_japanese(text) and english_words(text) == [], text
    assert scenario.title_in("en") == scenario.title and not is_japanese(scenario.title)


def write(tmp_path, text: str):
    path = tmp_path / "mine.toml"
    path.write_text('symptoms = ["healthy"]\n' + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, error", [
    ('title = "T"\ntitle_ja = 3\n', "mine.toml: title_ja: must be a non-empty string"),
    ('title = "T"\ndescription_ja = "説明"\n',
     "mine.toml: description_ja needs description (the English one) beside it"),
    ('title = "T"\ndescription = ""\n', "mine.toml: description: must be a non-empty string"),
    ('title = "T"\ntitle_fr = "Titre"\n', "mine.toml: unknown key(s) title_fr"),
])
def test_a_bad_translation_is_refused_naming_file_and_field(tmp_path, text, error):
    with pytest.raises(scenarios.ScenarioError) as refused:
        scenarios.load(write(tmp_path, text))
    assert str(refused.value) == error


def test_a_scenario_of_ones_own_may_be_english_only(tmp_path):
    scenario = scenarios.load(write(tmp_path, 'title = "Mine"\ndescription = "Only English"\n'))
    assert (scenario.title_in("ja"), scenario.description_in("ja")) == ("Mine", "Only English")


def test_scenario_list_in_japanese(tmp_path):
    done = subprocess.run([sys.executable, "-m", "smsim", "scenario", "list", "--lang", "ja",
                           "--json", "--dir", str(SCENARIO_DIR)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    listed = {s["name"]: s["title"] for s in json.loads(done.stdout)["scenarios"]}
    assert listed["healthy"] == scenarios.load(SHIPPED["healthy"]).title_in("ja")
    assert "正常な通信" in done.stdout  # readable, not \u escapes


# --- presets --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(presets.PRESETS))
def test_every_preset_has_both_languages(name):
    preset = presets.PRESETS[name]
    for lang in ("en", "ja"):
        assert preset.title_in(lang) and preset.description_in(lang)
    for text in (preset.title_in("ja"), preset.description_in("ja")):
        assert is_japanese(text) and english_words(text) == [], text
    assert preset.description_in("en") == preset.description  # what /_sim lists


def test_a_preset_without_its_japanese_is_refused_naming_it():
    text = ('["mine"]\ntitle = "Mine"\ntitle_ja = "自作"\nsymptom = "healthy"\n'
            'section = "5"\ndescription = "D"\nrules = []\n')
    with pytest.raises(ValueError, match=r"\['mine'\] description_ja: a non-empty string"):
        presets.parse(text)
    assert presets.parse(text + 'description_ja = "説明"\n')["mine"].description_in("ja") \
        == "説明"


# --- the diagnosis, as data -------------------------------------------------------------

def test_the_catalogue_in_japanese_has_no_english_sentence():
    for symptom in CATALOGUE.values():
        for text in (symptom.title["ja"], symptom.advice["ja"]):
            assert english_runs(text) == [], (symptom.id, text)
            assert "キャリアー" not in text  # the dashboard's term: キャリア


# One example of every kind of evidence line (a kind added to facts.TEXTS must come here).
SAMPLES = {
    "auth-refused": {"method": "POST", "path": "/2010-04-01/Accounts/AC1/Messages.json",
                     "time": "00:00:00"},
    "test-credentials": {"time": "00:00:00", "to": "+15550100006", "from": "+15005550006",
                         "test_sid": "AC2", "sid": "SM1"},
    "api-refused": {"time": "00:00:00", "to": "555-CALL-NOW", "from": "+15017122661",
                    "status": 400, "code": 21211},
    "api-refused-opted-out": {"time": "00:00:30", "to": "+15550100015",
                              "from": "+15017122661", "status": 400, "code": 21610},
    "api-refused-no-sms": {"time": "00:00:00", "to": "+15550100012", "from": "+815031234567",
                           "status": 400, "code": 21606},
    "no-message-no-request": {"to": "+15550100002", "from": None, "window": True},
    "opt-out-record": {"recipient": "+15550100015", "keyword": "STOP",
                       "scope": "+15017122661", "time": "00:00:09", "sid": None},
    "same-records": {"count": 2, "times": ["00:00:00", "00:00:02"]},
    "same-posts": {"count": 2, "times": ["00:00:00", "00:00:02"], "to": "+15550100016",
                   "body": "Your code is 4321"},
    "message-failed": {"sid": "SM1", "to": "+15550100020", "status": "undelivered",
                       "code": 30003},
    "sender-filtered": {"count": 2, "sender": "+15017122661", "recipients": 2},
    "sent-no-delivery": {"sid": "SM1", "to": "+15550100028"},
    "blocked-sender": {"sid": "SM1", "status": "delivered", "to": "+15550100027",
                       "sender": "+15017122661"},
    "not-in-inbox": {"sid": "SM1", "status": "sent", "to": "+15550100010"},
    "copies": {"sid": "SM1", "to": "+15550100017", "count": 2,
               "times": ["00:00:07", "00:00:11"]},
    "delayed": {"sid": "SM1", "total": 68.2, "queue": 60.0, "sender": "+15017122661",
                "carrier": 8.2},
    "handset-state": {"number": "+15550100020", "power": "off", "signal": "none",
                      "active": False},
    "no-webhook-posted": {"sid": "SM1", "sender": "+15550100013", "to": "+15017122661"},
    "sms-url-empty": {"sid": "SM1", "sender": "+15550100013", "to": "+15017122661"},
    "text-lost-or-late": {"sender": "+15550100014", "to": "+15017122661",
                          "time": "00:00:00", "late": True, "delay": 41.0,
                          "reason": "carrier latency 7.0 s; roaming +34.0 s",
                          "cause": "roaming"},
    "no-sms-capability": {"number": "+815031234567",
                          "capabilities": {"voice": True, "sms": False, "mms": False}},
    "verification-code": {"verification": "VE1", "status": "pending", "sid": "SM1",
                          "lost": True},
    "window-closed": {"sid": "SM1", "to": "whatsapp:+15550100030",
                      "from": "whatsapp:+15017122661"},
    "template-not-approved": {"sid": "SM1", "template": "HX0123456789abcdef0123456789abcdef"},
    "template-with-body": {"sid": "SM1", "template": "HX0123456789abcdef0123456789abcdef"},
    "template-failed": {"sid": "SM1", "template": "HX0123456789abcdef0123456789abcdef",
                        "code": 63028},
    "sandbox-not-joined": {"sid": "SM1", "to": "whatsapp:+15550100032"},
    "unread": {"sid": "SM1", "to": "whatsapp:+15550100033", "minutes": 120.0},
}


def test_every_kind_of_evidence_reads_in_both_languages():
    assert set(SAMPLES) == set(facts.TEXTS)
    for kind, values in SAMPLES.items():
        seen = facts.fact(kind, **values)
        english, japanese = facts.render(seen, "en"), facts.render(seen, "ja")
        assert not is_japanese(english), english
        assert is_japanese(japanese) and english_runs(japanese) == [], japanese


@pytest.mark.parametrize("kind, values, english, japanese", [
    ("handset-state", SAMPLES["handset-state"],
     "handset +15550100020: power off, signal none, not in service",
     "端末 +15550100020 の状態: 電源オフ、圏外、番号は使われていません"),
    ("message-failed", SAMPLES["message-failed"],
     "SM1 to +15550100020: undelivered, error 30003 (Unreachable destination handset)",
     "SM1 (宛先 +15550100020): 不達、エラー 30003"),
    ("opt-out-record", SAMPLES["opt-out-record"],
     "+15550100015 texted STOP to +15017122661 at 00:00:09",
     "+15550100015 が 00:00:09 に +15017122661 へ STOP と送信しています"),
    ("text-lost-or-late", {**SAMPLES["text-lost-or-late"], "late": False, "delay": 0.0},
     "text from +15550100014 to +15017122661 at 00:00:00 never reached Twilio: carrier "
     "latency 7.0 s; roaming +34.0 s",
     "00:00:00 に +15550100014 から +15017122661 へ送られたSMSはTwilioに届いていません: "
     "送信元がローミング中で、ローミング先のネットワークがSMSを破棄しました"),
    ("verification-code", SAMPLES["verification-code"],
     "verification VE1 stays pending: its code SM1 never reached the phone",
     "認証 VE1 は確認待ちのままです: 認証コードのSMS SM1 が端末に届いていません"),
    ("verification-code", {**SAMPLES["verification-code"], "lost": False,
                           "status": "approved"},
     "SM1 carried the code of verification VE1 (approved)",
     "SM1 は認証 VE1 (承認済み) の認証コードのSMSです"),
])
def test_evidence_lines(kind, values, english, japanese):
    seen = facts.fact(kind, **values)
    assert (facts.render(seen, "en"), facts.render(seen, "ja")) == (english, japanese)


def test_skipped_checks_in_japanese():
    ev = evidence.Evidence("AC1", 0.0, evidence.Scope(), [], [], source=None, skipped={
        "request-log": evidence.Unavailable("unavailable: GET /_sim/requests: evidence "
                                            "endpoints are switched off", 404),
        "opt-outs": evidence.Unavailable("no simulator control plane (real Twilio)")})
    from smsim.domain.diagnosis.tree import Findings

    japanese = report.as_json(ev, Findings(), "ja")
    assert [(c["check"], c["title"], c["reason"]) for c in japanese["checks_skipped"]] == [
        ("opt-outs", "配信停止の一覧", "シミュレーターのコントロールプレーンがありません "
                                        "(本物のTwilioです)"),
        ("request-log", "リクエストログ", "読み取れません (HTTP 404)")]
    text = report.as_text(japanese, "ja")
    assert "  リクエストログ: 読み取れません (HTTP 404)。検出できない症状: api-rejected" in text
    assert english_runs(text) == [], text
    english = report.as_text(report.as_json(ev, Findings(), "en"), "en")
    assert "  request-log (unavailable: GET /_sim/requests: evidence endpoints are switched " \
           "off): cannot detect api-rejected" in english


# --- the diagnosis over a real server ----------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("ja-data"))
    yield simulator
    simulator.stop()


def texts_of(report_json: dict) -> list[str]:
    """Every sentence of a report: titles, evidence, advice, skipped checks."""
    found = []
    for symptom in report_json["symptoms"]:
        found += [symptom["title"], symptom["advice"], *symptom["evidence"]]
    for check in report_json["checks_skipped"]:
        found += [check["title"], check["reason"]]
    return found


# Scenarios setting up symptoms with evidence of each kind: the handset, the request log,
# duplicates, the delivery steps, an inbound text, an opt-out.
SYMPTOMS = ["handset-unreachable-30003", "opted-out", "app-duplicate", "delayed-carrier",
            "inbound-roaming-sender", "carrier-duplicate", "sent-not-received"]
# Those a message's own diagnosis shows too (a duplicate send takes two messages; an opt-out
# and a lost text have no message of the symptom).
ONE_MESSAGE_SHOWS_IT = {"handset-unreachable-30003", "delayed-carrier", "carrier-duplicate",
                        "sent-not-received"}


@pytest.mark.parametrize("name", SYMPTOMS)
def test_diagnose_in_japanese_cli_and_dashboard(server, name):
    """`smsim diagnose --lang ja --json`, and the dashboard's Diagnose button's endpoint
    (GET /ui/api/diagnose/<sid>?lang=ja, as the message page calls it), say it all in
    Japanese: SIDs, numbers, times and codes aside."""
    account = server.new_account(name)
    world = account["account_sid"]
    control = SimClient(server.url).in_world(world)
    result = runner.run(control, scenarios.load(SHIPPED[name]))
    assert result.passed, result.as_json()
    done = subprocess.run([sys.executable, "-m", "smsim", "diagnose", "--url", server.url,
                           "--account-sid", world, "--auth-token", account["auth_token"],
                           "--since", "1h", "--lang", "ja", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    cli = json.loads(done.stdout)
    assert [s["id"] for s in cli["symptoms"]] == result.detected
    for text in texts_of(cli):
        assert is_japanese(text) and english_runs(text) == [], text
    plain = subprocess.run([sys.executable, "-m", "smsim", "diagnose", "--url", server.url,
                            "--account-sid", world, "--auth-token", account["auth_token"],
                            "--since", "1h", "--lang", "ja"], capture_output=True, text=True,
                           timeout=60).stdout
    assert english_runs(plain) == [], plain

    # The message page of each message a finding names: the same, for that message alone
    # (the STOP that opted a recipient out is a healthy message of its own).
    sids = [sid for s in cli["symptoms"] for sid in s["message_sids"]][:3]
    found = []
    for sid in sids:
        answer = server.session.get(f"{server.url}/ui/api/diagnose/{sid}",
                                    params={"lang": "ja", "world": world}, timeout=60)
        assert answer.status_code == 200, answer.text
        found += answer.json()["symptoms"]
        for text in texts_of(answer.json()):
            assert is_japanese(text) and english_runs(text) == [], text
    assert bool(found) == (name in ONE_MESSAGE_SHOWS_IT), found
    server.control("DELETE", f"/accounts/{world}")
