"""The presenter's pages over plain HTTP against a real server (what the browser tests do
not look at): the timeline as an SVG file, the live timeline fragment, an inbound message's
own steps in both languages, and the refusals. Each test is in its own world."""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def get(sim, path: str, **params):
    return sim.session.get(f"{sim.url}{path}", params={"world": sim.world, **params},
                           timeout=10)


def svg_words(svg_text: str) -> list[str]:
    root = ET.fromstring(svg_text.split("?>", 1)[-1] if svg_text.startswith("<?xml")
                         else svg_text)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_the_timeline_as_an_svg_file(sim, account, client, us_number):
    sid = client.messages.create(to="+15550800001", from_=us_number, body="keep me").sid
    sim.advance(30)
    response = get(sim, f"/messages/{sid}/timeline.svg")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{sid}-timeline.svg"'
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "1200" and root.get("viewBox").startswith("0 0 1200 ")
    words = svg_words(response.text)
    assert {"created", "handed to carrier", "delivered"} <= set(words)
    japanese = get(sim, f"/messages/{sid}/timeline.svg", lang="ja", width="800")
    assert ET.fromstring(japanese.content).get("width") == "800"
    assert "配信済み" in svg_words(japanese.text)
    missing = get(sim, "/messages/SM" + "0" * 32 + "/timeline.svg")
    assert missing.status_code == 404 and missing.headers["Content-Type"].startswith("text/html")


def test_the_live_fragment_follows_the_message(sim, account, client, us_number):
    empty = get(sim, "/ui/fragment/timeline/latest").json()
    assert empty == {"sid": None, "live": True}
    sid = client.messages.create(to="+15550800002", from_=us_number, body="live").sid
    first = get(sim, "/ui/fragment/timeline/latest", width="700", size="present").json()
    assert first["sid"] == sid and first["live"] is True and first["status"] == "queued"
    assert 'viewBox="0 0 700 ' in first["timeline"] and "+15550800002" in first["summary"]
    sim.advance(30)
    done = get(sim, f"/ui/fragment/timeline/{sid}", width="99999").json()
    assert done["live"] is False and done["status"] == "delivered"
    assert done["steps"] > first["steps"]
    assert 'viewBox="0 0 4000 ' in done["timeline"]  # widths are bounded
    missing = get(sim, "/ui/fragment/timeline/SM" + "0" * 32)
    assert missing.status_code == 404
    assert missing.json() == {"error": "message SM" + "0" * 32 + " does not exist",
                              "status": 404}
    assert get(sim, "/present", sid="SM" + "0" * 32).status_code == 404


def test_an_inbound_stop_without_a_webhook_tells_its_own_story(sim, account, us_number):
    phone = "+15550800003"
    sent = sim.control("POST", f"/handsets/{phone}/messages",
                       json={"to": us_number, "body": "STOP"})
    assert sent.status_code in (200, 201), sent.text
    sim.advance(60)
    latest = get(sim, "/ui/fragment/timeline/latest").json()
    # The newest message is Twilio's answer to STOP; the STOP itself came just before it.
    page = get(sim, "/", symptom="opted-out").text
    stop_sid = page.split('<tr data-sid="')[1].split('"')[0]
    assert stop_sid != latest["sid"]
    for lang, expected in (("en", ["sent from the phone", "received by Twilio",
                                   "no webhook URL", "reply delivered"]),
                           ("ja", ["端末から送信", "Twilioが受信", "Webhook URLなし",
                                   "返信を配信"])):
        fragment = get(sim, f"/ui/fragment/timeline/{stop_sid}", lang=lang).json()
        words = svg_words(fragment["timeline"].split("</svg>")[0].split(
            '<div class="timeline-drawing">')[1] + "</svg>")
        for word in expected:
            assert word in words, (lang, word, words)
        assert any(w.startswith(("reply …", "返信 …")) for w in words)
        assert fragment["live"] is False
        whole = get(sim, f"/messages/{stop_sid}", lang=lang).text
        assert "None" not in whole, whole[whole.find("None") - 300:whole.find("None") + 100]
    assert latest["status"] == "delivered"
