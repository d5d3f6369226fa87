"""Quiz mode (docs/quiz.md): the trainer's pages, the trainees' join and answer pages, and
the stand-in application a quiz world's webhooks reach.

The trainer (this machine, or the default account's credentials over the network) starts a
quiz at ``/quiz``: the failure is set up once in a rehearsal world and diagnosed, so a quiz
only starts when the diagnosis finds exactly what it hides. Trainees join at ``/quiz/join``
with the code; each gets a world of their own with the same set-up, investigates it with the
dashboard and answers at ``/quiz/answer``. State lives in the default world's store
(engine/quiz.py), never in this process: two workers serve the same quiz. Until the trainer
reveals the answer, a quiz world's diagnosis and fault rules are hidden.
"""

from __future__ import annotations

import socket

from flask import Response, abort, current_app, g, jsonify, redirect, render_template, request
from smsim.domain import quiz as rules
from smsim.domain import scenarios as scenario_files
from smsim.domain.clock import iso8601
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.engine import accounts, messages
from smsim.engine import quiz as quizzes
from smsim.web import access, world_context
from smsim.web.ui import quiz_setup
from smsim.web.ui.blueprint import bp, current_world, error_page, ui_url
from smsim.web.ui.labels import LABELS, pick_language
from smsim.web.ui.pages import row_view

EVIDENCE_ROWS = 40  # the newest messages offered as evidence to tick
# What would name the answer: hidden in a quiz world until the trainer reveals it.
HIDDEN_UNTIL_REVEAL = {"ui.diagnose_message", "ui.faults_page", "control.faults_collection",
                       "control.fault", "control.fault_log"}


def default():
    """The default world's store, which keeps every quiz."""
    return world_context.worlds().default


def config():
    return current_app.config["SMSIM"]


def _world_settings() -> dict:
    c = config()
    return {"mode": c.clock, "speed": c.speed, "public_url": c.public_url,
            "webhook_timeout": c.webhook_timeout}


def _pack() -> tuple[dict, dict, str | None]:
    """(symptom -> scenario names that hide it, name -> path, the pack's error)."""
    try:
        paths = scenario_files.discover(scenario_files.default_dir())
        loaded = [scenario_files.load(p) for p in paths.values()]
    except scenario_files.ScenarioError as exc:
        return {}, {}, str(exc)
    return rules.setups(loaded), paths, None


def _scenarios(quiz: dict) -> list:
    _, paths, problem = _pack()
    missing = [name for name in quiz["setups"] if name not in paths]
    if problem or missing:
        raise rules.QuizError("code", "setup_failed", 500,
                              detail=problem or f"no scenario named {', '.join(missing)}")
    return [scenario_files.load(paths[name]) for name in quiz["setups"]]


def _set_up_world(name: str, scenarios: list) -> dict:
    """A new world with the quiz's failure in it; its account. The world is deleted again if
    the set-up fails (QuizError)."""
    registry = world_context.worlds()
    _, account = quizzes.new_world(registry, name, **_world_settings())
    try:
        quiz_setup.set_up(current_app._get_current_object(), config(), account, scenarios)
    except quiz_setup.SetupError as exc:
        registry.delete(account["sid"])
        raise rules.QuizError("symptoms", "setup_failed", 500, detail=str(exc)) from None
    return account


def _error_text(exc: rules.QuizError) -> str:
    return g.t[f"quiz_err_{exc.key}"].format(**exc.params)


@bp.app_template_global()
def quiz_time(epoch: float | None) -> str:
    """A quiz time as the dashboard shows times: ``2030-01-01 00:00:00``."""
    return (iso8601(epoch) or "")[:19].replace("T", " ")


@bp.app_template_global()
def quiz_symptom_title(symptom_id: str) -> str:
    return CATALOGUE[symptom_id].title[g.lang]


@bp.app_template_global()
def quiz_symptom_advice(symptom_id: str) -> str:
    return CATALOGUE[symptom_id].advice[g.lang]


# --- hiding the answer -----------------------------------------------------------------------
@bp.before_app_request
def _hide_the_answer():
    """A quiz world's Diagnose button, fault rules and fault log would name the answer:
    refused until the trainer reveals it (every other page and request is evidence)."""
    if request.endpoint not in HIDDEN_UNTIL_REVEAL:
        return None
    world = world_context.worlds().sid_of(world_context.current_store())
    if world is None or not quizzes.hides_answers(default(), world):
        return None
    g.lang = pick_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    g.t = LABELS[g.lang]
    g.ui_world = world
    if request.endpoint == "ui.faults_page":
        return error_page(g.t["quiz_hidden"], 403, ui_url("ui.quiz_answer"), g.t["quiz"])
    return jsonify({"error": g.t["quiz_hidden"], "status": 403}), 403


@bp.app_template_global()
def answer_hidden() -> bool:
    """Whether the page's world is a quiz world whose answer is still hidden: pages leave out
    what would name it (the fault rules that fired on a message)."""
    world = world_context.worlds().sid_of(world_context.current_store())
    return world is not None and quizzes.hides_answers(default(), world)


# --- the stand-in application ----------------------------------------------------------------
@bp.route("/quiz/app/<path:rest>", methods=["GET", "POST"])
def quiz_app(rest):
    """What a quiz world's numbers call for a scenario's ``app:`` URLs: a 200 with empty
    TwiML, whatever was asked (no reply, no redirect)."""
    return Response("<Response/>", mimetype="text/xml")


# --- the trainer -----------------------------------------------------------------------------
def join_urls() -> list[str]:
    """Where trainees join: the URL the server is reached at, and, listening on every
    interface, this machine's address on its network (found without sending a packet)."""
    c = config()
    urls = [f"{c.public_url}/quiz/join"]
    if c.host in ("0.0.0.0", "::", ""):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect(("192.0.2.1", 9))  # TEST-NET-1: UDP connect sends nothing
                address = probe.getsockname()[0]
            except OSError:
                address = None
        if address and not address.startswith("127."):
            urls.append(f"http://{address}:{c.port}/quiz/join")
    return urls


def network_ready() -> bool:
    """Can a trainee on another machine reach the dashboard at all?"""
    c = config()
    return bool(c.control_remote) and c.host not in ("127.0.0.1", "localhost", "::1")


def _start_page(error: rules.QuizError | None = None, status: int = 200):
    available, _, problem = _pack()
    form = request.form if request.method == "POST" else {}
    return render_template(
        "quiz.html", available=available, pack_error=problem, quizzes=quizzes.listing(default()),
        error=error, error_text=_error_text(error) if error else None,
        chosen=form.getlist("symptom") if form else [],
        allow_network=bool(form.get("allow_network")) if form else False,
        network_ready=network_ready()), status


@bp.get("/quiz")
def quiz_page():
    """The trainer's start page; in a trainee's world, that trainee's answer page."""
    if (quizzes.of_world(default(), current_world()) or {}).get("trainee_name") is not None:
        return redirect(ui_url("ui.quiz_answer"))
    return _start_page()


@bp.post("/quiz")
def quiz_start():
    form = request.form
    store = default()
    try:
        available, paths, problem = _pack()
        if problem:
            raise rules.QuizError("symptoms", "setup_failed", 500, detail=problem)
        picked = rules.choose(form.getlist("symptom"), "random" in form, available,
                              quizzes.rng(store))
        code = quizzes.new_code(store)
        choice, account, findings = _rehearse(code, picked, available, paths)
    except rules.QuizError as exc:
        return _start_page(exc, exc.status)
    quiz = quizzes.start(store, code=code, choice=choice, reference_world=account["sid"],
                         diagnosis=findings, allow_network=bool(form.get("allow_network")))
    return redirect(ui_url("ui.quiz_view", code=quiz["code"]), 303)


def _rehearse(code: str, picked: rules.Choice, available: dict, paths: dict):
    """Set the failure up in a world of its own and diagnose it as a trainee's will be, until
    a set-up shows exactly the hidden failures: (that set-up, the world's account, its
    findings). The worlds of set-ups that did not are deleted; QuizError if none did."""
    app = current_app._get_current_object()
    for choice in rules.alternatives(picked, available):
        account = _set_up_world(code, [scenario_files.load(paths[n]) for n in choice.scenarios])
        findings = quiz_setup.diagnose_world(app, config(), account)
        if rules.set_up_problems(choice.symptoms, findings) == ([], []):
            return choice, account, findings
        world_context.worlds().delete(account["sid"])
    raise rules.QuizError("symptoms", "interfere", 409,
                          found=", ".join(f["id"] for f in findings) or "healthy",
                          hidden=", ".join(picked.symptoms))


def _quiz_or_404(code: str) -> dict:
    quiz = quizzes.by_code(default(), code)
    if quiz is None:
        abort(404)
    return quiz


@bp.get("/quiz/<code>")
def quiz_view(code):
    quiz = _quiz_or_404(code)
    return render_template("quiz_view.html", quiz=quiz,
                           trainees=quizzes.trainees(default(), quiz),
                           wrong_codes=quizzes.wrong_codes(default()), join_urls=join_urls(),
                           network_ready=network_ready())


@bp.get("/quiz/<code>/rows")
def quiz_rows(code):
    quiz = _quiz_or_404(code)
    return render_template("_quiz_rows.html", quiz=quiz,
                           trainees=quizzes.trainees(default(), quiz))


@bp.post("/quiz/<code>/network")
def quiz_network(code):
    quiz = _quiz_or_404(code)
    if quiz["state"] != "closed":
        quizzes.set_network(default(), quiz, bool(request.form.get("allow_network")))
    return redirect(ui_url("ui.quiz_view", code=quiz["code"]), 303)


@bp.post("/quiz/<code>/reveal")
def quiz_reveal(code):
    quiz = _quiz_or_404(code)
    quizzes.reveal(default(), quiz)
    return redirect(ui_url("ui.quiz_view", code=quiz["code"]), 303)


@bp.post("/quiz/<code>/close")
def quiz_close(code):
    quiz = _quiz_or_404(code)
    quizzes.close(default(), quiz)
    if request.form.get("delete_worlds"):
        registry = world_context.worlds()
        known = {sid for sid, _ in registry.all()}
        for world in [t["world"] for t in quizzes.trainees(default(), quiz)] + [
                quiz["reference_world"]]:
            if world in known:
                registry.delete(world)
    return redirect(ui_url("ui.quiz_view", code=quiz["code"]), 303)


@bp.post("/quiz/<code>/unlock")
def quiz_unlock(code):
    quiz = _quiz_or_404(code)
    quizzes.unlock(default())
    return redirect(ui_url("ui.quiz_view", code=quiz["code"]), 303)


# --- the trainees ----------------------------------------------------------------------------
@bp.route("/quiz/join", methods=["GET", "POST"])
def quiz_join():
    if request.method == "GET":
        return render_template("quiz_join.html", code=request.args.get("code", ""), name="",
                               error=None)
    form = request.form
    store = default()
    remote = not access.client_is_local()
    address = request.remote_addr or "?"
    try:
        if remote and quizzes.locked(store, address):
            raise rules.QuizError("code", "locked", 429)
        quiz = quizzes.by_code(store, form.get("code"))
        if quiz is None or quiz["state"] != "open":
            if remote:  # this machine's own clients are trusted: only others are counted
                quizzes.note_wrong_code(store, address)
            raise rules.QuizError("code", "wrong_code", 403)
        if remote and not quiz["allow_network"]:
            raise rules.QuizError("code", "not_over_network", 403)
        name = quizzes.check_join(store, quiz, form.get("name"))
        account = _set_up_world(f"{name} · {quiz['code']}", _scenarios(quiz))
    except rules.QuizError as exc:
        return render_template("quiz_join.html", code=form.get("code", ""),
                               name=form.get("name", ""), error=exc,
                               error_text=_error_text(exc)), exc.status
    quizzes.add_trainee(store, quiz, name, account["sid"])
    dashboard = ui_url("ui.log", world=account["sid"])
    if not remote:
        return redirect(dashboard, 303)
    # Over the network the trainee's browser needs the world's credentials: shown, and in a
    # link it can follow (the browser answers the login prompt with them).
    scheme, host = request.scheme, request.host
    return render_template("quiz_joined.html", account=account, name=name, quiz=quiz,
                           dashboard=dashboard,
                           link=f"{scheme}://{account['sid']}:{account['auth_token']}@{host}"
                                f"{dashboard}"), 201


def _seat() -> tuple[dict | None, dict | None]:
    """(the quiz, the trainee) of the world the page shows, or (None, None)."""
    world = current_world()
    quiz = quizzes.of_world(default(), world)
    if quiz is None or quiz["trainee_name"] is None:
        return None, None
    return quiz, quizzes.trainee(default(), world)


def _world_account() -> dict:
    """The account of the world the page shows (its own default account)."""
    return accounts.default(world_context.current_store())


@bp.route("/quiz/answer", methods=["GET", "POST"])
def quiz_answer():
    quiz, trainee = _seat()
    if quiz is None:
        return error_page(g.t["quiz_not_trainee"], 404, ui_url("ui.quiz_join"),
                          g.t["quiz_join_h"])
    error = None
    if request.method == "POST":
        form = request.form
        try:
            if quiz["state"] != "open":
                raise rules.QuizError("symptom", "answers_closed", 409)
            named, cited = rules.parse_answer(form.getlist("symptom"),
                                              form.getlist("evidence"),
                                              form.get("evidence_other"))
            findings = quiz_setup.diagnose_world(current_app._get_current_object(), config(),
                                                 _world_account())
            result = rules.score(quiz["symptoms"], named, cited, findings)
            quizzes.record_answer(default(), trainee["world"], named, cited, result)
            return redirect(ui_url("ui.quiz_answer", sent=1), 303)
        except rules.QuizError as exc:
            error = exc
    revealed = quiz["state"] == "revealed" or (quiz["state"] == "closed"
                                                and quiz["revealed_at"] is not None)
    findings = quiz_setup.diagnose_world(current_app._get_current_object(), config(),
                                         _world_account()) if revealed else None
    rows = [row_view(r) for r in messages.log_page(world_context.current_store(),
                                                    limit=EVIDENCE_ROWS)]
    return render_template("quiz_answer.html", quiz=quiz, trainee=trainee, revealed=revealed,
                           findings=findings, rows=rows, catalogue=CATALOGUE,
                           error=error, error_text=_error_text(error) if error else None,
                           sent=request.args.get("sent")), (error.status if error else 200)


@bp.get("/quiz/answer/state")
def quiz_answer_state():
    """What the answer page's script polls: the quiz's state (it reloads when it changes)."""
    quiz, _ = _seat()
    if quiz is None:
        return {"error": "this world is not a quiz trainee's world", "status": 404}, 404
    return {"state": quiz["state"]}
