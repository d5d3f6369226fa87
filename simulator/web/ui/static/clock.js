// The simulated clock in every dashboard page's header: the world's time, its mode as a
// state ("manual (paused)", "realtime ×2"), and pause, resume and advance buttons that call
// the control plane (/_sim/clock) for the page's world. No dependencies.
"use strict";

(function simClock() {
  const box = document.getElementById("sim-clock");
  if (!box) return;
  const world = document.body.dataset.world || "";
  const time = document.getElementById("sim-clock-time");
  const mode = document.getElementById("sim-clock-mode");
  const hint = document.getElementById("sim-clock-hint");
  const error = document.getElementById("sim-clock-error");
  const pause = document.getElementById("sim-clock-pause");
  const resume = document.getElementById("sim-clock-resume");
  const buttons = [...box.querySelectorAll("button")];

  // What the server said, and when (this page's monotonic clock): a realtime clock is drawn
  // ticking between two reads.
  let state = { mode: box.dataset.mode, speed: Number(box.dataset.speed), epoch: Number(box.dataset.epoch) };
  let readAt = performance.now();

  function headers(extra = {}) {
    return world ? { ...extra, "X-Smsim-Account": world } : extra;
  }

  function format(epoch) {
    return new Date(Math.floor(epoch) * 1000).toISOString().slice(0, 19).replace("T", " ");
  }

  function draw() {
    const elapsed = (performance.now() - readAt) / 1000;
    const now = state.mode === "manual" ? state.epoch : state.epoch + elapsed * state.speed;
    time.textContent = format(now);
    time.dateTime = new Date(Math.floor(now) * 1000).toISOString();
    const manual = state.mode === "manual";
    mode.textContent = manual ? box.dataset.manual
      : box.dataset.realtime.replace("{speed}", String(state.speed));
    box.dataset.mode = state.mode;
    pause.hidden = manual;
    resume.hidden = !manual;
    hint.hidden = !manual;
  }

  function adopt(clock) {
    state = { mode: clock.mode, speed: Number(clock.speed), epoch: Number(clock.epoch) };
    readAt = performance.now();
    draw();
  }

  async function request(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: headers(body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  async function change(url, body) {
    buttons.forEach((b) => { b.disabled = true; });
    error.hidden = true;
    try {
      adopt(await request("POST", url, body));
      // The pages that show the world (the log, a timeline) look again at once.
      document.dispatchEvent(new CustomEvent("smsim:clock", { detail: state }));
    } catch (e) {
      error.textContent = `${error.dataset.prefix} ${e.message}`;
      error.hidden = false;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  box.querySelectorAll("[data-clock-mode-to]").forEach((button) => button.addEventListener(
    "click", () => change("/_sim/clock", { mode: button.dataset.clockModeTo })));
  box.querySelectorAll("[data-clock-step]").forEach((button) => button.addEventListener(
    "click", () => change("/_sim/clock/advance", { seconds: Number(button.dataset.clockStep) })));

  async function sync() {
    try { adopt(await request("GET", "/_sim/clock")); } catch (e) { /* next time */ }
  }
  draw();
  setInterval(draw, 250);
  setInterval(sync, 2000);
})();
