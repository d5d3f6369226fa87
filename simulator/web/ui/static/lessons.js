// smsim lessons: start a lesson in a world of its own, and the player (/lessons/<id>?world=AC…).
// The player's state lives in the lesson's world (GET/POST /_sim/lesson): this script only
// shows it and sends the trainer's buttons, so a reload finds the lesson where it stands.
// Self-contained (no names shared with app.js), no dependencies, no external requests.
"use strict";

(() => {
  const world = document.body.dataset.world || "";
  const lang = document.body.dataset.lang === "ja" ? "ja" : "en";
  const labelsNode = document.getElementById("lesson-labels");
  const t = labelsNode ? JSON.parse(labelsNode.textContent) : {};

  async function call(url, options = {}) {
    const headers = { "Content-Type": "application/json", ...(options.headers || {}) };
    if (world && !("X-Smsim-Account" in headers)) headers["X-Smsim-Account"] = world;
    if (headers["X-Smsim-Account"] === "") delete headers["X-Smsim-Account"]; // the default world
    // A look that gets no answer is given up after a while, so the next one can go out.
    const response = await fetch(url, { ...options, headers, signal: AbortSignal.timeout(20000) });
    const text = await response.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
    if (!response.ok) throw new Error(data.error || data.message || `HTTP ${response.status}`);
    return data;
  }

  function pageUrl(lessonId, worldSid) {
    const params = new URLSearchParams();
    if (lang === "ja") params.set("lang", "ja");
    if (worldSid) params.set("world", worldSid);
    const query = params.toString();
    return `/lessons/${encodeURIComponent(lessonId)}${query ? "?" + query : ""}`;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // --- starting a lesson ------------------------------------------------------------------
  function startPanel() {
    const panel = document.getElementById("lesson-start-panel");
    if (!panel) return;
    const button = document.getElementById("lesson-start");
    const error = document.getElementById("lesson-start-error");
    button.addEventListener("click", async () => {
      button.disabled = true;
      error.hidden = true;
      try {
        const started = await call(`/_sim/lessons/${encodeURIComponent(panel.dataset.lesson)}/start`, {
          method: "POST",
          // A new world: never the one the page shows.
          headers: { "X-Smsim-Account": "" },
          body: JSON.stringify({
            speed: Number(document.getElementById("lesson-start-speed").value),
            paused: document.getElementById("lesson-start-paused").checked,
          }),
        });
        location.assign(pageUrl(panel.dataset.lesson, started.world));
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        button.disabled = false;
      }
    });
  }

  // --- the player -------------------------------------------------------------------------
  function player() {
    const root = document.getElementById("lesson-player");
    if (!root) return;
    const steps = Number(root.dataset.steps);
    const buttons = {
      play: document.getElementById("lesson-play"),
      pause: document.getElementById("lesson-pause"),
      step: document.getElementById("lesson-step"),
    };
    const speed = document.getElementById("lesson-speed");
    const errorLine = document.getElementById("lesson-error");
    let busy = false;
    let diagnosed = false;
    let next = null; // wall seconds until the current wait ends, while the lesson plays

    function showError(message) {
      errorLine.textContent = message || "";
      errorLine.hidden = !message;
    }

    function renderControls(state) {
      const status = document.getElementById("lesson-status");
      status.textContent = state.done ? t.lesson_finished : state.paused ? t.lesson_paused : t.lesson_playing;
      status.dataset.state = state.done ? "finished" : state.paused ? "paused" : "playing";
      buttons.play.disabled = state.done || !state.paused;
      buttons.pause.disabled = state.done || state.paused;
      buttons.step.disabled = state.done;
      speed.disabled = state.done;
      const value = String(state.speed);
      if (![...speed.options].some((o) => Number(o.value) === state.speed)) {
        speed.append(new Option(`×${value}`, value));
      }
      if (document.activeElement !== speed) {
        speed.value = [...speed.options].find((o) => Number(o.value) === state.speed).value;
      }
      document.getElementById("lesson-clock").textContent = state.now.slice(11, 19);
      const progress = document.getElementById("lesson-progress");
      progress.value = state.done ? steps : state.step;
      document.getElementById("lesson-progress-text").textContent = state.done
        ? t.lesson_finished
        : t.lesson_step_of.replace("{step}", state.step + 1).replace("{steps}", steps);
      root.dataset.step = state.step;
      root.dataset.state = status.dataset.state;
    }

    function renderSteps(state) {
      document.querySelectorAll(".lesson-step").forEach((item) => {
        const index = Number(item.dataset.step);
        const current = !state.done && index === state.step;
        item.hidden = !state.done && index > state.step;
        item.classList.toggle("current", current);
        item.classList.toggle("done", state.done || index < state.step);
        if (current) item.setAttribute("aria-current", "step");
        else item.removeAttribute("aria-current");
      });
      const lists = new Map();
      document.querySelectorAll("[data-events-for]").forEach((list) => lists.set(list.dataset.eventsFor, []));
      for (const event of state.events) {
        const items = lists.get(String(event.step));
        if (items) items.push(event);
      }
      document.getElementById("lesson-setup-block").hidden = !lists.get("-1").length;
      document.querySelectorAll("[data-events-for]").forEach((list) => {
        const events = lists.get(list.dataset.eventsFor);
        if (list.childElementCount === events.length) return; // events only ever grow
        list.replaceChildren(...events.map((event) => {
          const item = element("li", null, `event event-${event.kind}`);
          item.append(element("time", event.at.slice(11, 19)), " ", event.text);
          return item;
        }));
      });
    }

    function renderLog(state) {
      const body = document.getElementById("lesson-log");
      if (!state.messages.length) {
        const row = element("tr");
        const cell = element("td", t.lesson_messages_none);
        cell.colSpan = 8;
        row.append(cell);
        body.replaceChildren(row);
        return;
      }
      const directions = {
        "outbound-api": t.lesson_dir_outbound_api, "outbound-reply": t.lesson_dir_outbound_reply,
        inbound: t.lesson_dir_inbound,
      };
      body.replaceChildren(...state.messages.map((m) => {
        const row = element("tr");
        row.dataset.sid = m.sid;
        const link = element("a", `${m.sid.slice(0, 8)}…${m.sid.slice(-4)}`);
        link.title = m.sid;
        link.href = `/messages/${m.sid}?world=${encodeURIComponent(world)}${lang === "ja" ? "&lang=ja" : ""}`;
        const badge = element("span", (t.statuses || {})[m.status] || m.status, `badge status-${m.status}`);
        const error = element("td", m.error_code ? String(m.error_code) : "");
        if (m.error_code && lang !== "ja") error.append(" ", m.error_title);
        const cells = [element("td", m.created.slice(11, 19)), element("td"), element("td", directions[m.direction] || m.direction),
          element("td"), element("td", m.from || "-"), element("td", m.to), error, element("td", m.body, "body")];
        cells[1].append(link);
        cells[3].append(badge);
        row.append(...cells);
        return row;
      }));
    }

    async function renderDiagnosis() {
      diagnosed = true;
      const section = document.getElementById("lesson-diagnosis");
      const verdict = document.getElementById("lesson-verdict");
      const findings = document.getElementById("lesson-findings");
      section.hidden = false;
      verdict.textContent = t.lesson_diagnosing;
      try {
        const report = await call(`/_sim/lesson/diagnosis?lang=${lang}`);
        verdict.textContent = (report.matches ? t.lesson_matches : t.lesson_differs).replace("{symptom}", report.expected);
        verdict.className = report.matches ? "lesson-verdict-match" : "warn";
        section.dataset.matches = String(report.matches);
        if (!report.symptoms.length) { findings.replaceChildren(element("p", t.lesson_healthy)); return; }
        findings.replaceChildren(...report.symptoms.map((s) => {
          const finding = element("div", null, "finding");
          finding.dataset.symptom = s.id;
          finding.append(element("h3", `${t.lesson_found}: [${s.id}] ${s.title}`));
          finding.append(element("h4", t.lesson_evidence));
          const facts = element("ul");
          facts.lang = "en"; // the decision tree's facts: SIDs, numbers and times, in English
          facts.append(...s.evidence.map((fact) => element("li", fact)));
          finding.append(facts, element("h4", t.lesson_fix), element("p", s.advice));
          return finding;
        }));
      } catch (e) {
        verdict.textContent = e.message;
      }
    }

    function render(state) {
      renderControls(state);
      renderSteps(state);
      renderLog(state);
      if (state.done && !diagnosed) renderDiagnosis();
    }

    async function refresh(options) {
      if (busy && !options) return;
      busy = true;
      try {
        const state = await call(`/_sim/lesson?lang=${lang}`, options);
        showError("");
        render(state);
        next = state.done ? null : state.next_in_seconds;
      } catch (e) {
        showError(e.message);
      } finally {
        busy = false;
      }
    }

    function steer(body) {
      return refresh({ method: "POST", body: JSON.stringify(body) });
    }

    buttons.play.addEventListener("click", () => steer({ action: "play", speed: Number(speed.value) }));
    buttons.pause.addEventListener("click", () => steer({ action: "pause" }));
    buttons.step.addEventListener("click", () => steer({ action: "step" }));
    speed.addEventListener("change", () => steer({ speed: Number(speed.value) }));
    document.getElementById("lesson-delete").addEventListener("click", async () => {
      if (!confirm(t.lesson_delete_confirm)) return;
      try {
        await call(`/_sim/accounts/${encodeURIComponent(world)}`, { method: "DELETE", headers: { "X-Smsim-Account": "" } });
        location.assign(`/lessons${lang === "ja" ? "?lang=ja" : ""}`);
      } catch (e) { showError(e.message); }
    });
    // The player acts when looked at: come back when the current wait ends (so the lesson's
    // actions happen on time at any speed), and at least every second for the live log.
    async function heartbeat() {
      await refresh();
      if (document.getElementById("lesson-status").dataset.state === "finished") return;
      const wait = next === null ? 1000 : Math.min(1000, next * 1000 + 20);
      setTimeout(heartbeat, wait);
    }
    heartbeat();
  }

  startPanel();
  player();
})();
