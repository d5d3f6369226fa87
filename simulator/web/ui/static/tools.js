// smsim dashboard, the classroom's tools: the send form (through the Twilio API), handset
// compose and new handsets, preset narrowing. No dependencies, no external requests. Wrapped
// in a function so its names never clash with app.js's (both are classic scripts).
(function () {
  "use strict";

  const WORLD = document.body.dataset.world || "";
  const LANG = document.body.dataset.lang || "en";

  function headers(extra = {}) {
    const all = { "Content-Type": "application/json", ...extra };
    if (WORLD) all["X-Smsim-Account"] = WORLD;
    return all;
  }

  // A JSON request naming the page's world; never throws on an HTTP error: the caller shows
  // the refusal. A network failure is { ok: false, status: 0 }.
  async function call(url, options = {}) {
    try {
      const response = await fetch(url, { ...options, headers: headers(options.headers) });
      const text = await response.text();
      let data = {};
      try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
      return { ok: response.ok, status: response.status, data };
    } catch (error) {
      return { ok: false, status: 0, data: { error: String(error) } };
    }
  }

  // A link to a dashboard page that keeps the world and the language.
  function pageUrl(path) {
    const params = new URLSearchParams();
    if (WORLD) params.set("world", WORLD);
    if (LANG === "ja") params.set("lang", "ja");
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  }

  // "{name}" placeholders, as the labels write them (Python's str.format).
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function labels(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function showError(target, message) {
    target.textContent = message;
    target.hidden = !message;
  }

  // --- the send form: N creates through the Twilio API, each SID and status watched --------
  function sendForm() {
    const form = document.getElementById("send-form");
    if (!form) return;
    const words = labels("send-labels");
    const out = document.getElementById("send-result");
    const formError = document.getElementById("send-form-error");
    const from = document.getElementById("send-from");
    const test = document.getElementById("send-test");
    let watching = null;

    // Test credentials pass only with Twilio's magic From: choosing them picks it.
    test.addEventListener("change", () => {
      const magic = from.selectedOptions[0] && from.selectedOptions[0].hasAttribute("data-magic");
      if (test.checked && !magic) from.value = form.dataset.passingFrom;
      if (!test.checked && magic && from.options.length) from.selectedIndex = 0;
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (watching) clearInterval(watching);
      const f = new FormData(form);
      const request = { from: f.get("from"), to: f.get("to"), body: f.get("body"),
                        count: f.get("count"), test: test.checked };
      showError(formError, "");
      document.getElementById("send-count").removeAttribute("aria-invalid");
      out.textContent = words.sending;
      const answer = await call(form.dataset.url, { method: "POST", body: JSON.stringify(request) });
      if (!answer.ok) {
        out.textContent = "";
        showError(formError, answer.data.error || fill(words.failed, { status: answer.status }));
        if (answer.data.field === "count") document.getElementById("send-count").setAttribute("aria-invalid", "true");
        return;
      }
      watching = showOutcomes(out, answer.data, words, form.dataset.statesUrl);
    });
  }

  function showOutcomes(out, answer, words, statesUrl) {
    out.textContent = "";
    const results = answer.results;
    const created = results.filter((r) => r.created);
    const attempted = results.filter((r) => r.attempted);
    const testMode = answer.credentials === "test";
    out.append(element("p", "send-summary", fill(testMode ? words.summary_test : words.summary_live, {
      count: attempted.length, created: created.length, refused: attempted.length - created.length,
      account: answer.account_sid })));
    if (testMode) out.append(element("p", "hint send-test-note", words.test_note));
    const list = element("ol", "send-outcomes");
    for (const result of results) {
      const item = element("li", result.created ? "send-outcome" : "send-outcome refused");
      if (result.created) {
        item.dataset.sid = result.sid;
        const link = element("a", "sid", result.sid);
        link.href = pageUrl(`/messages/${result.sid}`);
        item.append(link, " ", element("span", `badge status-${result.status} send-status`, (words.statuses || {})[result.status] || result.status));
      } else if (!result.attempted) {
        item.append(element("p", "warn send-skipped", words.not_attempted));
      } else {
        const error = element("p", "warn send-error");
        const head = result.code ? `${result.code}: ${result.message}` : result.message;
        error.append(element("strong", "", head), ` (HTTP ${result.http_status}) `);
        if (result.more_info) {
          const more = element("a", "more-info", fill(words.more_info, { code: result.code }));
          more.href = result.more_info;
          more.rel = "noreferrer";
          error.append(more);
        }
        item.append(error);
      }
      list.append(item);
    }
    out.append(list);
    // Messages of test credentials never move: nothing to watch.
    if (testMode || !created.length) return null;
    const query = created.map((r) => `sid=${encodeURIComponent(r.sid)}`).join("&");
    const timer = setInterval(async () => {
      const answer = await call(`${statesUrl}?${query}`);
      if (!answer.ok) return;
      let moving = false;
      for (const [sid, state] of Object.entries(answer.data.states)) {
        const badge = list.querySelector(`li[data-sid="${sid}"] .send-status`);
        if (!badge) continue;
        // The status in the page's language; the error's English title only on an English page.
        const english = document.body.dataset.lang !== "ja";
        badge.textContent = ((words.statuses || {})[state.status] || state.status) +
          (state.error_code ? ` (${state.error_code}${english ? ` ${state.error_title}` : ""})` : "");
        badge.className = `badge status-${state.status} send-status`;
        if (!state.final) moving = true;
      }
      if (!moving) clearInterval(timer);
    }, 1000);
    return timer;
  }

  // --- handsets: compose results in words, new handsets for short codes and other countries -----
  function outboxSentence(words, text) {
    const specific = `outbox_${text.outcome}_${text.cause || "none"}`;
    const template = words[specific] || words[`outbox_${text.outcome}`] || `${text.outcome}: ${text.reason}`;
    const seconds = text.arrives_at ? Math.round((Date.parse(text.arrives_at) - Date.parse(text.sent_at)) / 1000) : 0;
    return fill(template, { to: text.to, sender: text.from, seconds, sid: text.message_sid || "" });
  }

  function handsetCompose() {
    const words = labels("outbox-labels");
    document.querySelectorAll("form.compose").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const f = new FormData(form);
        const out = form.querySelector("output");
        const answer = await call(`/_sim/handsets/${encodeURIComponent(form.dataset.number)}/messages`,
          { method: "POST", body: JSON.stringify({ to: f.get("to"), body: f.get("body"),
                                                    channel: f.get("channel") || "sms" }) });
        if (!answer.ok) {
          out.textContent = fill(words.outbox_refused || "{error}", { error: answer.data.error || answer.status });
          return;
        }
        const text = answer.data;
        const sentence = outboxSentence(words, text);
        out.textContent = sentence;
        form.querySelector("input[name=body]").value = "";
        // The card's outbox shows it at once, newest first.
        const outbox = form.closest("article").querySelector("ol.outbox");
        if (outbox) {
          outbox.querySelectorAll("li.empty").forEach((li) => li.remove());
          const item = element("li", `fate-${text.outcome}`);
          item.append(element("span", "meta", `${text.sent_at.slice(11, 19)} → ${text.to}`),
                      element("span", "text", text.body), " ", element("span", "fate", sentence));
          outbox.prepend(item);
        }
      });
    });
  }

  function addHandset() {
    const form = document.getElementById("add-handset");
    if (!form) return;
    const error = document.getElementById("add-handset-error");
    const hint = form.dataset.invalid;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const number = document.getElementById("add-handset-number").value.trim();
      const name = document.getElementById("add-handset-name").value.trim();
      showError(error, "");
      if (!number) { showError(error, hint); return; }
      const answer = await call(`/_sim/handsets/${encodeURIComponent(number)}`,
        { method: "PUT", body: JSON.stringify(name ? { name } : {}) });
      if (!answer.ok) {
        showError(error, answer.status === 400 || answer.status === 404 ? hint : answer.data.error);
        return;
      }
      const url = new URL(location.href);
      url.searchParams.set("added", answer.data.number);
      location.href = url.toString();
    });
  }

  // --- faults: a preset switched on, narrowed to the From and To the page gives -----------------
  function presets() {
    const words = labels("preset-labels");
    const error = document.getElementById("preset-error");
    document.querySelectorAll("[data-preset]").forEach((button) => button.addEventListener("click", async () => {
      const match = {};
      const from = document.getElementById("preset-from").value.trim();
      const to = document.getElementById("preset-to").value.trim();
      if (from) match.from = from;
      if (to) match.to = to;
      showError(error, "");
      const answer = await call(`/_sim/faults/presets/${encodeURIComponent(button.dataset.preset)}`,
        { method: "POST", body: JSON.stringify(Object.keys(match).length ? { match } : {}) });
      if (answer.ok) { location.reload(); return; }
      const message = answer.data.error || "";
      showError(error, message.startsWith("match.from") ? words.bad_from
        : message.startsWith("match.to") ? words.bad_to : fill(words.failed, { error: message }));
    }));
    document.querySelectorAll("[data-preset-off]").forEach((button) => button.addEventListener("click", async () => {
      for (const id of button.dataset.presetOff.split(",")) {
        await call(`/_sim/faults/${encodeURIComponent(id)}`, { method: "DELETE" });
      }
      location.reload();
    }));
  }

  sendForm(); handsetCompose(); addHandset(); presets();
})();
