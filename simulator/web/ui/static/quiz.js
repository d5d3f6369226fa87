// Quiz mode (docs/quiz.md): the trainer's table of trainees refreshes itself, and a trainee's
// answer page reloads when the trainer reveals the answer. Uses app.js's worldFetch, so every
// request names the world the page shows.
"use strict";

function quizTrainerTable() {
  const table = document.querySelector("table.quiz-trainees[data-live]");
  if (!table) return;
  const rows = document.getElementById("quiz-rows");
  setInterval(async () => {
    try {
      const response = await worldFetch(table.dataset.live);
      if (!response.ok) return;
      const html = await response.text();
      if (html !== rows.innerHTML) rows.innerHTML = html;
    } catch (e) { /* the server restarts: try again next time */ }
  }, 1000);
}

function quizTraineePanel() {
  const panel = document.getElementById("quiz-panel");
  if (!panel) return;
  const timer = setInterval(async () => {
    try {
      const response = await worldFetch(panel.dataset.poll);
      if (!response.ok) return;
      const state = (await response.json()).state;
      if (state !== panel.dataset.state) {
        clearInterval(timer);
        location.reload();
      }
    } catch (e) { /* try again next time */ }
  }, 1000);
}

quizTrainerTable(); quizTraineePanel();
