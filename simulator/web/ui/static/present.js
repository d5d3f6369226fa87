// The presenter view: pick the message shown, and save, restore and delete snapshots of the
// world (/_sim/snapshots). A restore reloads the page, so everything shown is the restored
// world's; what happened is said once the page is back.
"use strict";

(function presenter() {
  const root = document.getElementById("present");
  if (!root) return;
  const world = document.body.dataset.world || "";
  const words = JSON.parse(document.getElementById("present-labels").textContent);
  const form = document.getElementById("snap-form");
  const nameField = document.getElementById("snap-name");
  const list = document.getElementById("snap-list");
  const result = document.getElementById("snap-result");
  const FLASH = "smsim-present-flash";

  const picker = document.getElementById("present-sid");
  if (picker) picker.addEventListener("change", () => picker.form.requestSubmit());

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  }

  async function call(method, url, body) {
    const headers = world ? { "X-Smsim-Account": world } : {};
    if (body) headers["Content-Type"] = "application/json";
    const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function say(text, failed = false) {
    result.textContent = text;
    result.classList.toggle("warn", failed);
  }

  function item(snapshot) {
    const li = document.createElement("li");
    li.dataset.snapshot = snapshot.name;
    const name = document.createElement("strong");
    name.textContent = snapshot.name;
    const details = document.createElement("span");
    details.className = "snap-details";
    details.textContent = fill(words.details, {
      taken: snapshot.taken_at.slice(0, 19).replace("T", " "),
      time: snapshot.time.slice(0, 19).replace("T", " "), messages: snapshot.messages,
    });
    const restore = document.createElement("button");
    restore.type = "button";
    restore.dataset.restore = snapshot.name;
    restore.textContent = words.restore;
    restore.addEventListener("click", () => restoreSnapshot(snapshot));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.dataset.delete = snapshot.name;
    remove.textContent = words.delete;
    remove.addEventListener("click", () => deleteSnapshot(snapshot));
    li.append(name, " ", details, " ", restore, " ", remove);
    return li;
  }

  async function show() {
    try {
      const { snapshots } = await call("GET", "/_sim/snapshots");
      list.replaceChildren(...(snapshots.length ? snapshots.map(item) : [Object.assign(
        document.createElement("li"), { className: "hint", textContent: words.none })]));
    } catch (e) { say(`${words.failed} ${e.message}`, true); }
  }

  async function restoreSnapshot(snapshot) {
    if (!window.confirm(fill(words.confirm, { name: snapshot.name }))) return;
    try {
      const done = await call("POST", `/_sim/snapshots/${encodeURIComponent(snapshot.name)}/restore`);
      sessionStorage.setItem(FLASH, fill(words.restored, {
        name: snapshot.name, time: done.clock.now.slice(0, 19).replace("T", " ") }));
      window.location.reload();
    } catch (e) { say(`${words.failed} ${e.message}`, true); }
  }

  async function deleteSnapshot(snapshot) {
    try {
      await call("DELETE", `/_sim/snapshots/${encodeURIComponent(snapshot.name)}`);
      say(fill(words.deleted, { name: snapshot.name }));
      show();
    } catch (e) { say(`${words.failed} ${e.message}`, true); }
  }

  async function save(name, replace) {
    const saved = await call("POST", "/_sim/snapshots", replace ? { name, replace } : { name });
    say(fill(words.saved, { name: saved.name }));
    show();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = nameField.value.trim();
    try {
      await save(name, false);
    } catch (e) {
      // A name taken already: save over it once the trainer says so.
      const taken = [...list.querySelectorAll("[data-snapshot]")].some((li) => li.dataset.snapshot === name);
      if (taken && window.confirm(fill(words.replace, { name }))) {
        try { await save(name, true); } catch (again) { say(`${words.failed} ${again.message}`, true); }
      } else {
        say(`${words.failed} ${e.message}`, true);
      }
    }
  });

  const flash = sessionStorage.getItem(FLASH);
  if (flash) { sessionStorage.removeItem(FLASH); say(flash); }
  show();
})();
