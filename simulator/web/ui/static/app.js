// smsim dashboard: small hand-written script, no dependencies, no external requests.
"use strict";

// The world this page shows (its account SID; empty for the default world). Every request
// the script makes names it in the header the control plane and the dashboard read, and every
// link it draws carries it as ?world=.
const WORLD = document.body.dataset.world || "";

function worldHeaders(headers = {}) {
  return WORLD ? { ...headers, "X-Smsim-Account": WORLD } : headers;
}

function withWorld(url) {
  if (!WORLD) return url;
  return url + (url.includes("?") ? "&" : "?") + "world=" + encodeURIComponent(WORLD);
}

function worldFetch(url, options = {}) {
  return fetch(url, { ...options, headers: worldHeaders(options.headers) });
}

async function jsonFetch(url, options = {}) {
  const response = await worldFetch(url, {
    ...options,
    headers: { "Content-Type": "application/json", ...(options.headers || {}) },
  });
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
  if (!response.ok) {
    const message = data.message || data.error || `HTTP ${response.status}`;
    const error = new Error(data.code ? `${data.code}: ${message}` : message);
    error.data = data;
    throw error;
  }
  return data;
}

// The message log refreshes itself every second without a page reload, in place: a new
// message's row is inserted, a changed cell is rewritten, and every other row and cell keeps
// its DOM node, so a row the class is reading never jumps and a selection or focus stays.
function liveLog() {
  const table = document.querySelector("table.log[data-live]");
  if (!table) return;
  const body = document.getElementById("log-rows");
  if (new URLSearchParams(location.search).get("before")) return; // older pages stay put
  let last = null;
  const refresh = async () => {
    try {
      const response = await worldFetch(table.dataset.live);
      if (!response.ok) return;
      const html = await response.text();
      if (html === last) return;
      last = html;
      const fresh = document.createElement("tbody");
      fresh.innerHTML = html;
      mergeRows(body, [...fresh.rows]);
    } catch (e) { /* the server restarts: try again next second */ }
  };
  setInterval(refresh, 1000);
  document.addEventListener("smsim:clock", refresh);
}

// Make ``body``'s rows the ``wanted`` ones, in order, touching only what differs.
function mergeRows(body, wanted) {
  const keyOf = (row) => row.dataset.sid || `#${row.textContent}`;
  const current = new Map([...body.rows].map((row) => [keyOf(row), row]));
  wanted.forEach((row, index) => {
    let kept = current.get(keyOf(row));
    if (kept) {
      current.delete(keyOf(row));
      updateCells(kept, row);
    } else {
      kept = row;
      if (body.rows.length) kept.classList.add("arrived");
    }
    if (body.rows[index] !== kept) body.insertBefore(kept, body.rows[index] || null);
  });
  current.forEach((row) => row.remove());
}

function updateCells(row, fresh) {
  [...fresh.cells].forEach((cell, i) => {
    const old = row.cells[i];
    if (!old) { row.append(cell.cloneNode(true)); return; }
    if (old.innerHTML !== cell.innerHTML) old.replaceChildren(...cell.cloneNode(true).childNodes);
    if (old.className !== cell.className) old.className = cell.className;
  });
}

function handsetCards() {
  document.querySelectorAll("form.handset-state").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const f = new FormData(form);
      const body = {
        power: f.get("power"), signal: f.get("signal"),
        roaming: f.get("roaming") === "on", active: f.get("active") === "on",
        blocked_senders: (f.get("blocked_senders") || "").split(",").map((s) => s.trim()).filter(Boolean),
      };
      await jsonFetch(`/_sim/handsets/${encodeURIComponent(form.dataset.number)}`, { method: "PUT", body: JSON.stringify(body) });
      location.reload();
    });
  });
}

function faultsPage() {
  document.querySelectorAll("[data-remove-rule]").forEach((button) => button.addEventListener("click", async () => {
    await worldFetch(`/_sim/faults/${button.dataset.removeRule}`, { method: "DELETE" });
    location.reload();
  }));
  document.querySelectorAll("[data-advance]").forEach((button) => button.addEventListener("click", async () => {
    await jsonFetch("/_sim/clock/advance", { method: "POST", body: JSON.stringify({ seconds: Number(button.dataset.advance) }) });
    location.reload();
  }));
  document.querySelectorAll("[data-clock-mode]").forEach((button) => button.addEventListener("click", async () => {
    await jsonFetch("/_sim/clock", { method: "POST", body: JSON.stringify({ mode: button.dataset.clockMode }) });
    location.reload();
  }));
  document.querySelectorAll("[data-reset]").forEach((button) => button.addEventListener("click", async () => {
    if (!confirm(button.dataset.confirm || "Reset?")) return;
    await jsonFetch("/_sim/reset", { method: "POST", body: "{}" });
    location.reload();
  }));
}

function diagnoseButton() {
  const button = document.getElementById("diagnose");
  if (!button) return;
  button.addEventListener("click", async () => {
    const out = document.getElementById("diagnosis");
    out.textContent = "…";
    try {
      const report = await jsonFetch(button.dataset.url);
      out.innerHTML = "";
      if (!report.symptoms.length) { out.textContent = "healthy"; return; }
      for (const s of report.symptoms) {
        const div = document.createElement("div");
        div.className = "finding";
        const h = document.createElement("strong");
        h.textContent = `[${s.id}] ${s.title}`;
        div.append(h);
        for (const fact of s.evidence) { const p = document.createElement("p"); p.textContent = fact; div.append(p); }
        const advice = document.createElement("p"); advice.textContent = s.advice; div.append(advice);
        out.append(div);
      }
    } catch (error) { out.textContent = error.message; }
  });
}

function scenarios() {
  const out = document.getElementById("scenario-result");
  if (!out) return;
  document.querySelectorAll("[data-scenario]").forEach((button) => button.addEventListener("click", async () => {
    await jsonFetch(`/ui/api/scenarios/${button.dataset.scenario}/run`, { method: "POST", body: "{}" });
    out.textContent = `${button.dataset.scenario}: …`;
    const timer = setInterval(async () => {
      const last = await jsonFetch("/ui/api/scenarios/last");
      if (last.running) return;
      clearInterval(timer);
      out.textContent = last.error ? `${last.scenario}: ${last.error}`
        : `${last.scenario}: ${last.verdict} (expected ${last.expected.join(", ")}; detected ${last.detected.join(", ") || "healthy"})`;
    }, 500);
  }));
}

// Choosing a world in the selector shows it at once (the button does the same without a script).
function worldSelector() {
  const select = document.getElementById("world-select");
  if (select) select.addEventListener("change", () => select.form.requestSubmit());
}

worldSelector(); liveLog(); handsetCards(); faultsPage(); diagnoseButton(); scenarios();
