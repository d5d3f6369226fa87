// A message's timeline that keeps itself current (the message page, the presenter view):
// while the message is not final it asks every second for the timeline laid out for the
// width it is shown at (one SVG unit = one CSS pixel, so labels keep their size), and
// swaps it in when it changed. The presenter view can follow the newest message.
"use strict";

(function liveTimeline() {
  const box = document.getElementById("timeline");
  if (!box) return;
  const world = document.body.dataset.world || "";
  const summary = document.getElementById("summary");
  const badge = document.getElementById("message-status");
  const empty = document.getElementById("present-empty");
  const links = document.getElementById("present-links");
  const follow = box.dataset.follow === "true";
  let sid = box.dataset.sid;
  let live = box.dataset.live === "true";
  let laidOutFor = 0; // the width the drawing shown was laid out for (0: the server's guess)
  let busy = false;
  const shown = { timeline: null, summary: null }; // the server's last text of each

  function url() {
    const params = new URLSearchParams({
      size: box.dataset.size || "page",
      width: String(Math.round(box.clientWidth)),
      lang: document.documentElement.lang || "en",
    });
    return box.dataset.url.replace("SID", follow ? "latest" : encodeURIComponent(sid)) + "?" + params;
  }

  function showSid(newSid) {
    sid = newSid;
    box.dataset.sid = sid;
    if (links) {
      links.hidden = false;
      links.querySelectorAll("a[data-href]").forEach((a) => {
        a.href = a.dataset.href.replace("SID", encodeURIComponent(sid));
      });
    }
    if (empty) empty.hidden = true;
  }

  async function refresh(force = false) {
    const width = Math.round(box.clientWidth);
    if (busy || !(live || follow || force || width !== laidOutFor)) return;
    busy = true;
    try {
      const response = await fetch(url(), { headers: world ? { "X-Smsim-Account": world } : {} });
      if (!response.ok) return;
      const data = await response.json();
      if (!data.sid) return; // following, and the world has no message yet
      if (data.sid !== sid) showSid(data.sid);
      if (shown.timeline !== data.timeline) box.innerHTML = shown.timeline = data.timeline;
      if (summary && shown.summary !== data.summary) summary.innerHTML = shown.summary = data.summary;
      if (badge) {
        badge.textContent = data.status_label || data.status;
        badge.dataset.status = data.status;
        badge.className = `badge status-${data.status}`;
      }
      laidOutFor = width;
      live = data.live;
      box.dataset.live = String(live);
    } catch (e) {
      /* the server restarts: try again next second */
    } finally {
      busy = false;
    }
  }

  refresh(true);
  setInterval(refresh, 1000);
  // The clock moved from this page's header: look at once, whatever the message's state.
  document.addEventListener("smsim:clock", () => { live = true; refresh(true); });
  window.addEventListener("resize", () => refresh());
  document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
})();
