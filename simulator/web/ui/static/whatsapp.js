// smsim dashboard, a handset's WhatsApp side (docs/whatsapp.md "On the dashboard"): its
// settings saved through PUT /_sim/handsets/{n}, joining the sandbox by the real path (the
// phone sends the join phrase over WhatsApp: POST /_sim/handsets/{n}/messages), leaving it
// (DELETE /_sim/whatsapp/sandbox/members/{n}), a number's WhatsApp sender switch, and the
// sandbox/templates panel's forms (PUT /_sim/whatsapp/sandbox, PUT and DELETE
// /_sim/whatsapp/templates/{HX}).
(function () {
  "use strict";

  const WORLD = document.body.dataset.world || "";

  async function call(url, method, body) {
    const headers = { "Content-Type": "application/json" };
    if (WORLD) headers["X-Smsim-Account"] = WORLD;
    try {
      const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
      let data = {};
      try { data = await response.json(); } catch (e) { data = {}; }
      return { ok: response.ok, status: response.status, data };
    } catch (error) {
      return { ok: false, status: 0, data: { error: String(error) } };
    }
  }

  function labels() {
    const element = document.getElementById("whatsapp-labels");
    return element ? JSON.parse(element.textContent) : {};
  }

  const handset = (number) => `/_sim/handsets/${encodeURIComponent(number)}`;

  function settingsForms(words) {
    document.querySelectorAll("form.wa-settings").forEach((form) => {
      const mode = form.querySelector("select[name=reads_mode]");
      const seconds = form.querySelector("input[name=reads_after]");
      const sync = () => { seconds.disabled = mode.value === "never"; };
      mode.addEventListener("change", sync);
      sync();
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const out = form.querySelector("output");
        const whatsapp = { installed: form.querySelector("input[name=installed]").checked };
        whatsapp.reads_after = mode.value === "never" ? null : Number(seconds.value || 0);
        const answer = await call(handset(form.dataset.number), "PUT", { whatsapp });
        if (!answer.ok) {
          seconds.setAttribute("aria-invalid", "true");
          out.textContent = (words.failed || "{error}").replace("{error}", answer.data.error || answer.status);
          return;
        }
        // The card's facts and buttons follow the new settings.
        location.reload();
      });
    });
  }

  function sandboxButtons(words) {
    document.querySelectorAll("button.wa-join").forEach((button) => button.addEventListener("click", async () => {
      const out = button.parentElement.querySelector("output");
      const answer = await call(`${handset(button.dataset.number)}/messages`, "POST",
        { channel: "whatsapp", to: `whatsapp:${button.dataset.to}`, body: button.dataset.phrase });
      if (!answer.ok) {
        out.textContent = (words.failed || "{error}").replace("{error}", answer.data.error || answer.status);
        return;
      }
      // The phone's outbox tells where the phrase is: on its way, or not sent.
      location.reload();
    }));
    document.querySelectorAll("button.wa-leave").forEach((button) => button.addEventListener("click", async () => {
      const out = button.parentElement.querySelector("output");
      const answer = await call(`/_sim/whatsapp/sandbox/members/${encodeURIComponent(button.dataset.number)}`, "DELETE");
      if (!answer.ok && answer.status !== 404) {
        out.textContent = (words.failed || "{error}").replace("{error}", answer.data.error || answer.status);
        return;
      }
      location.reload();
    }));
  }

  function senderSwitches() {
    document.querySelectorAll("button.wa-sender").forEach((button) => button.addEventListener("click", async () => {
      const out = button.parentElement.querySelector("output");
      const answer = await call(`/_sim/numbers/${encodeURIComponent(button.dataset.number)}`, "PUT",
        { whatsapp: button.dataset.whatsapp === "true" });
      if (!answer.ok) { out.textContent = answer.data.error || String(answer.status); return; }
      location.reload();
    }));
  }

  // A WhatsApp message goes to a WhatsApp number: the sandbox is a choice for WhatsApp only.
  function composeChannels() {
    document.querySelectorAll("form.compose").forEach((form) => {
      const channel = form.querySelector("select[name=channel]");
      if (!channel) return;
      const sync = () => {
        form.querySelectorAll("option[data-whatsapp-only]").forEach((option) => {
          option.disabled = channel.value !== "whatsapp";
          if (option.disabled && option.selected) form.querySelector("select[name=to]").selectedIndex = 0;
        });
      };
      channel.addEventListener("change", sync);
      sync();
    });
  }

  // --- The panel's forms: the sandbox's webhooks and the templates -------------------------

  function formWords() {
    const element = document.getElementById("whatsapp-form-labels");
    return element ? JSON.parse(element.textContent) : { fields: {} };
  }

  // A refusal in the form's <output>: the field it names in the page's language, then the
  // control plane's own words (English, marked as data: they quote the field and the value).
  // The control plane's errors start with the field's name ("sid: ...", "body must be ...").
  function refuse(form, words, error, own) {
    const out = form.querySelector("output");
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const field = own ? own.field : (/^([a-z_]+)\b/.exec(error || "") || [])[1];
    const input = field ? form.querySelector(`[name="${field}"]`) : null;
    if (input) input.setAttribute("aria-invalid", "true");
    const named = input && words.fields[field];
    out.replaceChildren();
    const prefix = document.createElement("span");
    prefix.textContent = named ? words.failed.replace("{field}", named) : words.failed_plain;
    const detail = document.createElement("span");
    detail.className = "wa-error";
    detail.textContent = own ? own.text : String(error);
    if (!own) detail.setAttribute("translate", "no");
    out.append(prefix, " ", detail);
    out.dataset.field = field || "";
  }

  function hooksForm(words) {
    const form = document.getElementById("wa-hooks-form");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (name) => form.querySelector(`[name="${name}"]`).value.trim();
      // Every field is sent: an empty URL clears it (docs/whatsapp.md, the sandbox's webhooks).
      const answer = await call("/_sim/whatsapp/sandbox", "PUT", {
        inbound_url: value("inbound_url"), inbound_method: value("inbound_method"),
        status_callback_url: value("status_callback_url") });
      if (!answer.ok) { refuse(form, words, answer.data.error || answer.status); return; }
      location.reload();
    });
  }

  // A fresh template SID: HX and 32 hex digits from the browser's random source (the world's
  // seeded source is left alone: a page view must not change what the world draws next).
  function newSid() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "HX" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Default variables as "name=value" lines, or a JSON object; {error} names what is wrong.
  function parseVariables(text, words) {
    const trimmed = text.trim();
    if (!trimmed) return { value: {} };
    if (trimmed.startsWith("{")) {
      try {
        const value = JSON.parse(trimmed);
        if (value && typeof value === "object" && !Array.isArray(value)) return { value };
      } catch (e) { /* told below */ }
      return { error: words.variables_json };
    }
    const value = {};
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i += 1) {
      if (!lines[i].trim()) continue;
      const at = lines[i].indexOf("=");
      if (at < 1 || !lines[i].slice(0, at).trim()) {
        return { error: words.variables_line.replace("{line}", String(i + 1)) };
      }
      value[lines[i].slice(0, at).trim()] = lines[i].slice(at + 1).trim();
    }
    return { value };
  }

  function templateForm(words) {
    const form = document.getElementById("wa-template-form");
    if (!form) return;
    const field = (name) => form.querySelector(`[name="${name}"]`);
    if (!field("sid").value) field("sid").value = newSid();
    document.getElementById("wa-template-new").addEventListener("click", () => {
      field("sid").value = newSid();
      field("sid").focus();
    });
    document.querySelectorAll("button.wa-template-edit").forEach((button) => button.addEventListener("click", () => {
      for (const name of ["sid", "body", "status", "variables"]) field(name).value = button.dataset[name];
      form.dataset.editedSid = button.dataset.sid;
      form.dataset.editedStatus = button.dataset.status;
      form.scrollIntoView({ block: "nearest" });
      field("body").focus();
    }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const sid = field("sid").value.trim();
      if (!sid) { refuse(form, words, null, { field: "sid", text: words.sid_required }); return; }
      const variables = parseVariables(field("variables").value, words);
      if (variables.error) { refuse(form, words, null, { field: "variables", text: variables.error }); return; }
      const change = { body: field("body").value, variables: variables.value };
      // A status given is forced and drops a review still running (docs/whatsapp.md): an
      // edited template whose status the trainer left as it was keeps its review.
      const kept = sid === form.dataset.editedSid && field("status").value === form.dataset.editedStatus;
      if (!kept) change.status = field("status").value;
      const answer = await call(`/_sim/whatsapp/templates/${encodeURIComponent(sid)}`, "PUT", change);
      if (!answer.ok) { refuse(form, words, answer.data.error || answer.status); return; }
      location.reload();
    });
    document.querySelectorAll("button.wa-template-delete").forEach((button) => button.addEventListener("click", async () => {
      const answer = await call(`/_sim/whatsapp/templates/${encodeURIComponent(button.dataset.sid)}`, "DELETE");
      if (!answer.ok) {
        const out = button.parentElement.querySelector("output");
        out.replaceChildren(words.delete_failed, " ");
        const detail = document.createElement("span");
        detail.setAttribute("translate", "no");
        detail.textContent = answer.data.error || String(answer.status);
        out.append(detail);
        return;
      }
      location.reload();
    }));
  }

  const words = labels();
  settingsForms(words); sandboxButtons(words); senderSwitches(); composeChannels();
  const panelWords = formWords();
  hooksForm(panelWords); templateForm(panelWords);
})();
