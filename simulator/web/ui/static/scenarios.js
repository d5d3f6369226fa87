// The Scenarios page: Run plays a scenario in a new world of its own; its result, and a link
// to that world, appear beside the button that ran it (also after a reload: the page's world
// keeps a note of each scenario's last run). Labels come from the table's data-* attributes;
// a symptom is named by its title in the page's language, its id beside it as data
// (translate="no"), as is an error's own text.
"use strict";

(function scenarioPage() {
  const table = document.getElementById("scenario-table");
  if (!table) return;
  const t = table.dataset;
  const world = document.body.dataset.world || "";
  const lang = document.body.dataset.lang || "en";
  const titles = JSON.parse(t.symptomTitles || "{}");

  async function call(url, options = {}) {
    const headers = { "Content-Type": "application/json" };
    if (world) headers["X-Smsim-Account"] = world;  // the world this page shows
    const response = await fetch(url, { ...options, headers });
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: `HTTP ${response.status}` }; }
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function worldLink(sid) {
    const link = document.createElement("a");
    const query = new URLSearchParams({ world: sid });
    if (lang === "ja") query.set("lang", "ja");
    link.href = `${t.logUrl}?${query}`;
    link.className = "run-world";
    link.textContent = t.openWorld;
    return link;
  }

  function data(text, tag = "code") {
    const element = document.createElement(tag);
    element.translate = false;  // translate="no": an id, a SID, the simulator's own message
    element.textContent = text;
    return element;
  }

  function symptom(id) {
    const span = document.createElement("span");
    span.className = "symptom";
    span.append(titles[id] ? `${titles[id]} ` : "", data(id));
    return span;
  }

  function show(output, run) {
    output.replaceChildren();
    if (!run || !run.scenario) return;
    const verdict = document.createElement("span");
    verdict.className = "verdict";
    if (run.running) {
      verdict.dataset.verdict = "running";
      verdict.textContent = t.running;
    } else if (run.error) {
      verdict.dataset.verdict = "error";
      verdict.append(`${t.error}: `, data(run.error));
    } else {
      verdict.dataset.verdict = run.verdict;
      const found = (run.detected || []).map(symptom);
      verdict.append(`${run.verdict === "pass" ? t.passed : t.failed} (${t.detected}: `,
        ...(found.length ? found : [t.noSymptom]), ")");
    }
    output.append(verdict, " ");
    if (run.world && run.world_exists !== false) output.append(worldLink(run.world));
    else if (run.world) output.append(t.worldGone);
  }

  // Poll until the run ends. A run this page started keeps its button disabled meanwhile;
  // one found running as the page opens does not (its server may have restarted mid-run).
  function watch(name, button, output, hold) {
    if (hold) button.disabled = true;
    const timer = setInterval(async () => {
      try {
        const run = await call(`${t.runsUrl}?${new URLSearchParams({ scenario: name })}`);
        if (run.running) return;
        clearInterval(timer);
        button.disabled = false;
        show(output, run);
      } catch (e) { /* the server restarts: look again next time */ }
    }, 500);
  }

  const rows = new Map();
  table.querySelectorAll("[data-run-scenario]").forEach((button) => {
    const name = button.dataset.runScenario;
    const output = document.getElementById(`scenario-result-${name}`);
    rows.set(name, { button, output });
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        // The run's world is named after the scenario's title in the page's language.
        const query = lang === "ja" ? "?lang=ja" : "";
        const run = await call(`/ui/api/scenarios/${encodeURIComponent(name)}/run${query}`,
          { method: "POST", body: "{}" });
        show(output, run);
        watch(name, button, output, true);
      } catch (error) {
        button.disabled = false;
        show(output, { scenario: name, error: error.message });
      }
    });
  });

  // The last run of each scenario started from this world, as the page opens.
  call(t.runsUrl).then((data) => {
    for (const [name, run] of Object.entries(data.runs || {})) {
      const row = rows.get(name);
      if (!row) continue;
      show(row.output, run);
      if (run.running) watch(name, row.button, row.output, false);
    }
  }).catch(() => {});
})();
