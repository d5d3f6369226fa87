// smsim dashboard, a handset's WhatsApp side (docs/whatsapp.md "On the dashboard"): its
// settings saved through PUT /_sim/handsets/{n}, joining the sandbox by the real path (the
// phone sends the join phrase over WhatsApp: POST /_sim/handsets/{n}/messages), leaving it
// (DELETE /_sim/whatsapp/sandbox/members/{n}), and a number's WhatsApp sender switch.
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

  const words = labels();
  settingsForms(words); sandboxButtons(words); senderSwitches(); composeChannels();
})();
