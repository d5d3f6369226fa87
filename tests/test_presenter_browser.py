"""The dashboard on a projector, in a real headless Chromium against a real server: the live
log keeps its rows in place, the timeline's labels never overlap and it updates itself, the
page fits at 1024 px, at 150 % zoom and at 1920 px, the clock in every page's header, the
presenter view with its snapshots, and the print stylesheet. Each test is in a world of its
own. A failing test leaves a screenshot in tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.browser import By, Select, ec, new_browser, wait
from tests.server import start_simulator

LONG_BODY = ("Your parcel is on its way: track it at https://example.com/track/"
             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop and reply STOP to stop")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("presenter"))
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def browser():
    driver = new_browser(1280, 900)
    yield driver
    driver.quit()


class World:
    """A sealed world of the test's own: its account, its SMS number, its control plane."""

    def __init__(self, server, account: dict):
        self.server, self.account = server, account
        self.sid = account["account_sid"]
        self.number = next(n["phone_number"] for n in account["numbers"]
                           if n["capabilities"]["sms"])
        self.client = server.client(self.sid, account["auth_token"])

    def control(self, method: str, path: str, **kwargs):
        response = self.server.control(method, path, headers={"X-Smsim-Account": self.sid},
                                       **kwargs)
        assert response.status_code < 400, response.text
        return response.json() if response.content else None

    def send(self, to: str, body: str = "hello") -> str:
        return self.client.messages.create(to=to, from_=self.number, body=body).sid

    def advance(self, seconds: float) -> dict:
        return self.control("POST", "/clock/advance", json={"seconds": seconds})

    def url(self, path: str = "/", **query) -> str:
        query = {"world": self.sid, **query}
        return self.server.url + path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def world(server):
    made = World(server, server.new_account("Presenter class"))
    yield made
    server.control("DELETE", f"/accounts/{made.sid}")


def row_sids(page) -> list[str]:
    return page.execute_script(
        "return [...document.querySelectorAll('#log-rows tr[data-sid]')].map(r => r.dataset.sid)")


# --- 1. the live log -------------------------------------------------------------------------

def test_the_live_log_inserts_and_updates_rows_in_place(page, world):
    first = world.send("+15550500001", "first message, read by the class")
    page.get(world.url())
    row = wait(page, ec.presence_of_element_located((By.CSS_SELECTOR,
                                                     f'tr[data-sid="{first}"]')))
    # A reader selects the body's text; a marker tells a reload apart from a live update.
    page.execute_script("window.getSelection().selectAllChildren("
                        "arguments[0].querySelector('td.body')); window.marker = 'kept';", row)
    second = world.send("+15550500002", "second message")
    wait(page, lambda d: row_sids(d)[:2] == [second, first])
    world.advance(30)  # the first message's status changes: its cell is rewritten in place
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR,
                                        f'tr[data-sid="{first}"] .badge').text == "delivered")
    state = page.execute_script("""
        const [row, sid] = arguments, selection = window.getSelection();
        return {attached: row.isConnected,
                same: document.querySelector(`tr[data-sid="${sid}"]`) === row,
                selected: selection.toString(), inside: row.contains(selection.anchorNode),
                marker: window.marker};""", row, first)
    assert state == {"attached": True, "same": True,
                     "selected": "first message, read by the class", "inside": True,
                     "marker": "kept"}


# --- 2. the timeline -------------------------------------------------------------------------

def text_boxes(page) -> list[dict]:
    return page.execute_script("""
        return [...document.querySelectorAll('svg.timeline text')].map(t => {
          const b = t.getBBox();
          return {x: b.x, y: b.y, w: b.width, h: b.height, text: t.textContent}; });""")


def assert_no_overlap(boxes: list[dict]) -> None:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, f"{a['text']!r} overlaps {b['text']!r}: {a} {b}"


def laid_out(page) -> bool:
    """The timeline has been laid out for the width it is shown at (one unit, one px)."""
    return page.execute_script("""
        const svg = document.querySelector('svg.timeline'); if (!svg) return false;
        return Math.abs(svg.viewBox.baseVal.width - svg.getBoundingClientRect().width) < 2;""")


def rendered_font_sizes(page) -> list[float]:
    return page.execute_script("""
        const svg = document.querySelector('svg.timeline');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(
          t => parseFloat(getComputedStyle(t).fontSize) * scale);""")


def busy_message(world) -> str:
    """A message whose story crowds its first seconds: it waits behind four others in the
    sender's queue, its carrier is congested (delayed past 30 s) and delivers three copies
    a second apart."""
    phone = "+15550510001"
    world.control("PUT", f"/handsets/{phone}", json={"carrier": "Crowded"})
    world.control("PUT", "/carriers/Crowded", json={
        "duplicate_copies": 2, "duplicate_spacing": 1, "congestion_delay": 30})
    for i in range(4):
        world.send(f"+1555051100{i}", f"ahead {i}")
    sid = world.send(phone, "the one we watch")
    world.advance(120)
    return sid


def test_timeline_labels_never_overlap_and_stay_readable(page, world):
    sid = busy_message(world)
    page.get(world.url(f"/messages/{sid}"))
    wait(page, lambda d: laid_out(d))
    boxes = text_boxes(page)
    words = " ".join(b["text"] for b in boxes)
    for step in ("created", "left the queue", "handed to carrier", "handset received #3",
                 "delivered", "Delayed (over 30 s)", "in the queue", "with the carrier"):
        assert step in words
    assert_no_overlap(boxes)
    assert min(rendered_font_sizes(page)) >= 16
    # The presenter's size, full width on a 1920 px screen, and in Japanese at 150 % zoom.
    for width, zoom, lang in ((1920, 1.0, "en"), (1024, 1.5, "ja")):
        big = new_browser(width, 1000, zoom=zoom)
        try:
            big.get(world.url("/present", sid=sid, lang=lang))
            wait(big, lambda d: laid_out(d))
            boxes = text_boxes(big)
            assert len(boxes) >= 12
            assert_no_overlap(boxes)
            sizes = rendered_font_sizes(big)
            assert min(sizes) >= 16, sizes
            width_shown = big.execute_script(
                "return document.querySelector('svg.timeline').getBoundingClientRect().width")
            assert width_shown >= 0.9 * big.execute_script(
                "return document.documentElement.clientWidth") - 40
        finally:
            big.quit()


def test_an_inbound_message_has_its_own_steps_and_no_none(page, world, receiver):
    receiver.answer("/sms", body="<Response><Message>Thanks, we got it</Message></Response>",
                    content_type="text/xml")
    [number] = [n for n in world.client.incoming_phone_numbers.list()
                if n.phone_number == world.number]
    number.update(sms_url=receiver.url("/sms"))
    phone = "+15550520001"
    world.control("POST", f"/handsets/{phone}/messages",
                  json={"to": world.number, "body": "Is my order on its way?"})
    world.advance(60)
    [inbound] = world.client.messages.list(to=world.number)
    page.get(world.url(f"/messages/{inbound.sid}"))
    wait(page, lambda d: laid_out(d))
    words = [b["text"] for b in text_boxes(page)]
    assert "sent from the phone" in words and "received by Twilio" in words
    assert "webhook → 200" in words and "reply delivered" in words
    assert any(w.startswith("reply …") for w in words)
    assert_no_overlap(text_boxes(page))
    shown = page.find_element(By.TAG_NAME, "main").text
    assert "None" not in shown and "None" not in " ".join(words)
    summary = page.find_element(By.ID, "summary").text
    assert phone in summary and "inbound" in summary and "Is my order on its way?" in summary


def test_the_timeline_gains_a_step_after_an_advance_without_a_reload(page, world):
    sid = world.send("+15550530001", "watch me")
    page.get(world.url(f"/messages/{sid}"))
    # The live timeline redraws its SVG: its step count and text are read in one go.
    before, text = wait(page, lambda d: d.execute_script(
        "const s = document.querySelector('svg.timeline');"
        "return s && [Number(s.dataset.steps), s.textContent];"))
    assert "delivered" not in text
    page.execute_script("window.marker = 'kept'")
    world.advance(30)
    wait(page, lambda d: int(d.find_element(By.CSS_SELECTOR, "svg.timeline")
                             .get_attribute("data-steps")) > before)
    wait(page, lambda d: "delivered" in d.find_element(By.CSS_SELECTOR, "svg.timeline").text)
    assert page.execute_script("return window.marker") == "kept"
    # The status and the summary are live parts of their own: each may land a poll later.
    for part in ("message-status", "summary-status"):
        wait(page, lambda d, part=part: d.find_element(By.ID, part).text == "delivered")


# --- 3, 4. the summary and the layout -------------------------------------------------------

def fits(driver) -> bool:
    return driver.execute_script("const e = document.documentElement; "
                                 "return e.scrollWidth <= e.clientWidth")


@pytest.mark.parametrize(("width", "zoom"), [(1024, 1.0), (1024, 1.5), (1920, 1.0)],
                         ids=["1024px", "1024px-150%", "1920px"])
def test_pages_fit_the_screen(world, request, width, zoom):
    phone = "+15550540001"
    world.control("PUT", f"/handsets/{phone}", json={"power": "off"})
    failed = world.send(phone, LONG_BODY)
    world.send("+15550540002", LONG_BODY)
    talker = "+15550540003"
    world.control("POST", f"/handsets/{talker}/messages", json={
        "to": world.number, "body": "x" * 40 + "https://example.com/" + "y" * 80})
    world.advance(200)
    driver = new_browser(width, 900, zoom=zoom)
    try:
        driver.get(world.url())
        wait(driver, lambda d: len(row_sids(d)) >= 3)
        assert fits(driver)
        cells = driver.execute_script("""
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('#log-rows tr[data-sid]')].flatMap(row =>
              ['td.error', 'td.body'].map(css => {
                const r = row.querySelector(css).getBoundingClientRect();
                return {sid: row.dataset.sid, css, left: r.left, right: r.right, width};
              }));""")
        for cell in cells:
            assert 0 <= cell["left"] and cell["right"] <= cell["width"] + 0.5, cell
        error = driver.find_element(By.CSS_SELECTOR, f'tr[data-sid="{failed}"] td.error')
        assert "30003" in error.text and error.is_displayed()

        driver.get(world.url(f"/messages/{failed}"))
        wait(driver, lambda d: laid_out(d))
        assert fits(driver)
        summary = driver.find_element(By.ID, "summary")
        for field in ("+15550540001", "undelivered", "outbound-api", "30003",
                      "Unreachable destination handset", "https://example.com/track/"):
            assert field in summary.text
        top = summary.rect["y"]
        assert top < driver.find_element(By.CSS_SELECTOR, "svg.timeline").rect["y"]

        driver.get(world.url("/present"))
        wait(driver, lambda d: laid_out(d))
        assert fits(driver)

        driver.get(world.url("/handsets"))
        outbox = wait(driver, ec.presence_of_element_located(
            (By.CSS_SELECTOR, f'article.phone[data-number="{talker}"] .outbox li')))
        assert fits(driver)
        inside = driver.execute_script("""
            const li = arguments[0], card = li.closest('article').getBoundingClientRect();
            const r = li.getBoundingClientRect();
            return li.scrollWidth <= li.clientWidth && r.right <= card.right;""", outbox)
        assert inside
    except Exception:
        save_failure_screenshot_now(driver, request)
        raise
    finally:
        driver.quit()


def save_failure_screenshot_now(driver, request) -> None:
    from tests.browser import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{request.node.name}.png"))


# --- 5. the clock on every page --------------------------------------------------------------

def test_the_clock_is_on_every_page_and_moves_only_its_world(page, server, world):
    sid = world.send("+15550550001")
    for path in ("/", "/send", "/handsets", "/numbers", "/faults", "/scenarios", "/present",
                 f"/messages/{sid}"):
        page.get(world.url(path))
        clock = wait(page, ec.visibility_of_element_located((By.ID, "sim-clock")))
        assert page.find_element(By.ID, "sim-clock-mode").text == "manual (paused)", path
        assert page.find_element(By.ID, "sim-clock-hint").is_displayed(), path
        assert "+30 s" in clock.text and "+5 min" in clock.text, path
    default_clock = server.control("GET", "/clock").json()["epoch"]
    before = world.control("GET", "/clock")["epoch"]
    page.get(world.url())
    shown = page.find_element(By.ID, "sim-clock-time").text
    page.find_element(By.ID, "sim-clock-30s").click()
    wait(page, lambda d: d.find_element(By.ID, "sim-clock-time").text != shown)
    assert world.control("GET", "/clock")["epoch"] == pytest.approx(before + 30)
    page.find_element(By.ID, "sim-clock-5min").click()
    wait(page, lambda d: world.control("GET", "/clock")["epoch"]
         == pytest.approx(before + 330))
    # The sent message moved on with the clock, and the log shows it without a reload.
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR,
                                        f'tr[data-sid="{sid}"] .badge').text == "delivered")
    page.find_element(By.ID, "sim-clock-resume").click()
    wait(page, lambda d: d.find_element(By.ID, "sim-clock-mode").text == "realtime ×1")
    assert world.control("GET", "/clock")["mode"] == "realtime"
    assert not page.find_element(By.ID, "sim-clock-hint").is_displayed()
    page.find_element(By.ID, "sim-clock-pause").click()
    wait(page, lambda d: d.find_element(By.ID, "sim-clock-mode").text == "manual (paused)")
    assert world.control("GET", "/clock")["mode"] == "manual"
    assert server.control("GET", "/clock").json()["epoch"] == default_clock
    page.get(world.url(lang="ja"))
    assert page.find_element(By.ID, "sim-clock-mode").text == "手動 (一時停止中)"
    assert page.find_element(By.ID, "sim-clock-30s").text == "+30秒"
    assert "進めたときだけ" in page.find_element(By.ID, "sim-clock-hint").text


# --- 6, 7. the presenter view, snapshots, print ---------------------------------------------

def test_the_presenter_follows_the_newest_message_and_restores_a_snapshot(page, world):
    page.get(world.url("/present"))
    assert page.find_element(By.ID, "present-empty").is_displayed()
    nav = [a.text for a in page.find_elements(By.CSS_SELECTOR, "nav a")]
    assert "Presenter" in nav
    first = world.send("+15550560001", "the lesson's first message")
    wait(page, lambda d: "+15550560001" in d.find_element(By.ID, "summary").text)
    assert not page.find_element(By.ID, "present-empty").is_displayed()
    page.find_element(By.ID, "snap-name").clear()
    page.find_element(By.ID, "snap-name").send_keys("lesson-start")
    page.find_element(By.ID, "snap-save").click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-snapshot="lesson-start"]'))
    assert "lesson-start" in page.find_element(By.ID, "snap-result").text
    # Saving under the same name asks before saving over it.
    page.execute_script("document.getElementById('snap-result').textContent = ''")
    page.find_element(By.ID, "snap-save").click()
    alert = wait(page, ec.alert_is_present())
    assert "exists already" in alert.text
    alert.accept()
    wait(page, lambda d: "Saved" in d.find_element(By.ID, "snap-result").text)
    assert len(page.find_elements(By.CSS_SELECTOR, "[data-snapshot]")) == 1

    second = world.send("+15550560002", "what the class tried")
    wait(page, lambda d: "+15550560002" in d.find_element(By.ID, "summary").text)
    world.advance(30)
    wait(page, lambda d: "delivered" in d.find_element(By.CSS_SELECTOR, "svg.timeline").text)

    page.find_element(By.CSS_SELECTOR, '[data-restore="lesson-start"]').click()
    alert = wait(page, ec.alert_is_present())
    assert "lesson-start" in alert.text
    alert.accept()
    wait(page, lambda d: "Restored" in d.find_element(By.ID, "snap-result").text)
    wait(page, lambda d: "+15550560001" in d.find_element(By.ID, "summary").text)
    assert [m.sid for m in world.client.messages.list()] == [first]
    options = [o.get_attribute("value") for o in
               Select(page.find_element(By.ID, "present-sid")).options]
    assert first in options and second not in options


def test_printing_a_message_gives_its_summary_and_timeline_only(page, world, server):
    sid = world.send("+15550570001", "print me")
    world.advance(30)
    page.get(world.url(f"/messages/{sid}"))
    wait(page, lambda d: laid_out(d))
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        def shown(css: str) -> bool:
            return page.find_element(By.CSS_SELECTOR, css).is_displayed()

        assert not shown("header") and not shown("#diagnose") and not shown("#timeline-print")
        assert shown("#summary") and shown("svg.timeline")
        assert "print me" in page.find_element(By.ID, "summary").text
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = page.print_page()
    assert pdf.startswith("JVBER")  # base64 of "%PDF"
    download = page.find_element(By.ID, "timeline-download").get_attribute("href")
    response = server.session.get(download, timeout=10)
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert "delivered" in response.text


def synthetic_story(count: int) -> dict:
    """A story crowded past any real one: ``count`` events within two seconds, every kind
    of label, phases, still live (the "now" mark)."""
    kinds = ["created", "queued", "dequeued", "handed_to_carrier", "handset_received",
             "delivered", "undelivered", "receipt_missing", "webhook", "reply",
             "reply_delivered", "handset_sent", "received", "webhook_missing"]
    events = [{"at": 1000 + i * 2 / count, "kind": kinds[i % len(kinds)], "status": "200",
               "reason": "why", "error_code": 30003 if i % 3 else None, "copy": i,
               "shown": bool(i % 2), "sid": "SM" + "ab" * 16} for i in range(count)]
    events.append({**events[0], "at": 1045.0, "kind": "delivered"})
    return {"message": {"sid": "SM" + "0" * 32}, "origin": 1000.0, "now": 1050.0,
            "live": True, "events": events, "report": None,
            "phases": [{"kind": "queue", "start": 1000.0, "end": 1001.0, "open": False},
                       {"kind": "carrier", "start": 1001.0, "end": 1045.0, "open": False},
                       {"kind": "app", "start": 1045.0, "end": 1050.0, "open": True}]}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_crowded_timeline_never_overlaps_at_any_width(page, server, lang):
    """The layout itself, with the browser's real fonts: drawings made by ui/timeline.py for
    widths from a phone's to a projector's, each shown at its own width."""
    from smsim.web.ui.labels import LABELS
    from smsim.web.ui.timeline import svg

    page.get(server.url + f"/present?lang={lang}")
    for width in (320, 480, 683, 1024, 1920):
        for size in ("page", "present"):
            drawing = svg(synthetic_story(24), LABELS[lang], width, size)
            page.execute_script(
                "const main = document.querySelector('main');"
                "main.innerHTML = `<div style='width:${arguments[1]}px'>${arguments[0]}</div>`;",
                drawing, width)
            boxes = text_boxes(page)
            assert len(boxes) >= 28, (width, size)
            assert_no_overlap(boxes)
            view = page.execute_script(
                "const v = document.querySelector('svg.timeline').viewBox.baseVal;"
                "return [v.width, v.height]")
            for box in boxes:
                assert box["x"] >= 0 and box["x"] + box["w"] <= view[0] + 0.5, (width, box)
                assert box["y"] >= 0 and box["y"] + box["h"] <= view[1] + 0.5, (width, box)
