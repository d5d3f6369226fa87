"""What a quiz opens over the network (docs/quiz.md, README "Security"), through real HTTP
from a non-loopback address of this machine to a server on ``--host 0.0.0.0
--control-remote`` (as tests/test_access.py does): the join page with the code, a trainee's
own world with its credentials, and nothing else. Each test has a server of its own: the
wrong-code locks and "a quiz allows the network" are the server's, not a world's."""

from __future__ import annotations

import re

import pytest
import requests

from tests.quiz_pages import credentials_of, error_of, evidence_sids, join_here, start_quiz
from tests.server import DEFAULT_SID, DEFAULT_TOKEN, outward_address, start_simulator

pytestmark = pytest.mark.skipif(outward_address() is None,
                                reason="this machine has no non-loopback IPv4 address")
EVIL = "http://evil.example"


class Remote:
    """The simulator as a client on another machine reaches it."""

    def __init__(self, sim):
        self.sim = sim
        self.url = f"http://{outward_address()}:{sim.url.rsplit(':', 1)[1]}"

    def get(self, path, **kwargs):
        return requests.get(self.url + path, timeout=30, allow_redirects=False, **kwargs)

    def post(self, path, **kwargs):
        return requests.post(self.url + path, timeout=60, allow_redirects=False, **kwargs)

    def delete(self, path, **kwargs):
        return requests.delete(self.url + path, timeout=30, **kwargs)

    def join(self, code: str, name: str) -> tuple[str, str]:
        joined = self.post("/quiz/join", data={"code": code, "name": name})
        assert joined.status_code == 201, error_of(joined)
        sid, token = credentials_of(joined.text)
        link = re.search(r'id="quiz-open-world" href="([^"]+)"', joined.text).group(1)
        host = self.url.removeprefix("http://")
        assert link == f"http://{sid}:{token}@{host}/?world={sid}"
        return sid, token


@pytest.fixture
def remote(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--host", "0.0.0.0", "--control-remote"))
    yield Remote(sim)
    sim.stop()


def test_a_remote_trainee_joins_with_the_code_and_reaches_their_own_world_only(remote):
    code = start_quiz(remote.sim.url, "carrier-duplicate", allow_network="on")
    assert remote.get("/quiz/join").status_code == 200  # no credentials: the code is the secret
    assert remote.get("/ui/static/quiz.css").status_code == 200
    assert remote.get("/").status_code == 401  # the rest is as before
    sid, token = remote.join(code, "Aiko")
    other, other_token = remote.join(code, "Ben")
    mine = (sid, token)

    # Their own world: its pages, its page script's requests, its control plane.
    log = remote.get("/", params={"world": sid}, auth=mine)
    assert log.status_code == 200
    selector = re.search(r'<select name="world" id="world-select">(.*?)</select>', log.text,
                         re.S).group(1)
    assert re.findall(r'<option value="(\w*)"', selector) == [sid]  # not the others'
    answer = remote.get("/quiz/answer", params={"world": sid}, auth=mine)
    message = evidence_sids(answer.text)[0]
    test_sid = re.search(r'option value="(AC\w+)"[^>]*>[^<]*test credentials', log.text)
    for path, params, headers in (
            (f"/messages/{message}", {"world": sid}, {}),
            ("/handsets", {"world": sid}, {}),
            ("/requests", {"world": sid}, {}),  # the request log page
            ("/ui/fragment/log", {"world": sid}, {}),
            (f"/ui/api/messages/{message}", {}, {"X-Smsim-Account": sid}),
            (f"/_sim/messages/{message}/steps", {}, {"X-Smsim-Account": sid}),
            ("/_sim/requests", {}, {"X-Smsim-Account": sid}),
            ("/_sim/handsets", {}, {"X-Smsim-Account": test_sid.group(1)}),  # its test SID
            ("/quiz/answer/state", {}, {"X-Smsim-Account": sid})):
        response = remote.get(path, params=params, headers=headers, auth=mine)
        assert response.status_code == 200, (path, response.text[:200])
    # A page without a world is the same page of their own.
    bare = remote.get("/handsets", params={"lang": "ja"}, auth=mine)
    assert bare.status_code == 302
    assert bare.headers["Location"] == f"/handsets?lang=ja&world={sid}"
    # The navigation's "Quiz" is their answer page.
    nav = remote.get("/quiz", params={"world": sid}, auth=mine)
    assert nav.status_code == 302 and "/quiz/answer" in nav.headers["Location"]

    # Another trainee's world, no world, the endpoints of every world, the trainer's pages.
    other_headers = {"X-Smsim-Account": other}
    for method, path, kwargs in (
            ("GET", "/", {"params": {"world": other}}),
            ("GET", f"/messages/{message}", {"params": {"world": other}}),
            ("GET", "/quiz/answer", {"params": {"world": other}}),
            ("GET", "/_sim/requests", {"headers": other_headers}),
            ("POST", "/_sim/reset", {"headers": other_headers, "json": {}}),
            ("GET", "/_sim/handsets", {}),  # names no world: the default one
            ("POST", "/_sim/reset", {"json": {}}),
            ("GET", "/_sim/accounts", {"headers": {"X-Smsim-Account": sid}}),
            ("GET", "/_sim/accounts", {}),
            ("POST", "/_sim/accounts", {"json": {}}),
            ("DELETE", f"/_sim/accounts/{other}", {"headers": {"X-Smsim-Account": sid}}),
            ("GET", f"/quiz/{code}", {"params": {"world": sid}}),
            ("GET", f"/quiz/{code}/rows", {"params": {"world": sid}}),
            ("POST", f"/quiz/{code}/reveal", {"params": {"world": sid}}),
            ("POST", f"/quiz/{code}/network", {"data": {"allow_network": "on"}}),
            ("POST", "/quiz", {"data": {"random": "1"}, "params": {"world": sid}}),
            ("POST", "/ui/api/scenarios/healthy/run", {"headers": {"X-Smsim-Account": sid},
                                                       "json": {}}),  # makes a world
            ("GET", "/no/such/page", {"params": {"world": sid}})):
        response = requests.request(method, remote.url + path, auth=mine, timeout=30,
                                    allow_redirects=False, **kwargs)
        assert response.status_code == 403, (method, path, response.text[:200])
        assert token not in response.text and other_token not in response.text
    # Nothing of that reached the other world, and every world is still there.
    assert requests.get(f"{remote.sim.url}/_sim/requests", timeout=10,
                        headers=other_headers).json()["requests"]
    worlds = {a["world"] for a in requests.get(f"{remote.sim.url}/_sim/accounts",
                                               timeout=10).json()["accounts"]}
    assert {sid, other} <= worlds
    # Wrong or borrowed credentials are no credentials.
    for auth in ((sid, "0" * 32), (other, token), None):
        refused = remote.get("/", params={"world": sid}, auth=auth)
        assert refused.status_code == 401, auth

    # The answer, sent from their own world; the trainer sees it.
    sent = remote.post("/quiz/answer", params={"world": sid}, auth=mine,
                       headers={"Origin": remote.url},
                       data={"symptom": "carrier-duplicate", "evidence": message})
    assert sent.status_code == 303, error_of(sent)
    rows = requests.get(f"{remote.sim.url}/quiz/{code}/rows", timeout=10).text
    assert "3/3" in rows[rows.index('data-name="Aiko"'):rows.index('data-name="Ben"')]
    # The Host allow-list and the cross-site refusals apply as to everyone.
    rebinding = remote.get("/quiz/join", headers={"Host": "evil.example"})
    assert rebinding.status_code == 403
    cross_site = remote.post("/quiz/answer", params={"world": sid}, auth=mine,
                             headers={"Origin": EVIL}, data={"symptom": "opted-out"})
    assert cross_site.status_code == 403
    forged_join = remote.post("/quiz/join", headers={"Origin": EVIL},
                              data={"code": code, "name": "Mallory"})
    assert forged_join.status_code == 403
    assert "Mallory" not in requests.get(f"{remote.sim.url}/quiz/{code}/rows", timeout=10).text

    # The trainer, remote with the default account's credentials, reaches everything.
    trainer = (DEFAULT_SID, DEFAULT_TOKEN)
    assert remote.get(f"/quiz/{code}", auth=trainer).status_code == 200
    assert remote.post(f"/quiz/{code}/reveal", auth=trainer).status_code == 303
    revealed = remote.get("/quiz/answer", params={"world": sid}, auth=mine)
    assert revealed.status_code == 200 and 'id="quiz-revealed"' in revealed.text
    # Closed: the trainee's credentials open nothing any more, and nobody joins.
    assert remote.post(f"/quiz/{code}/close", auth=trainer).status_code == 303
    assert remote.get("/", params={"world": sid}, auth=mine).status_code == 401
    assert remote.get("/quiz/join").status_code == 403


def test_without_allow_network_a_remote_client_cannot_join_until_the_trainer_allows_it(
        remote):
    code = start_quiz(remote.sim.url, "delayed-carrier")
    page = remote.get("/quiz/join")
    assert page.status_code == 403 and "network" in page.json()["error"]
    refused = remote.post("/quiz/join", data={"code": code, "name": "Chika"})
    assert refused.status_code == 403
    # On the trainer's machine, joining needs no permission.
    join_here(remote.sim.url, code, "Dai")
    # The trainer ticks the box.
    allowed = requests.post(f"{remote.sim.url}/quiz/{code}/network", timeout=10,
                            data={"allow_network": "on"}, allow_redirects=False)
    assert allowed.status_code == 303
    sid, token = remote.join(code, "Chika")
    assert remote.get("/", params={"world": sid}, auth=(sid, token)).status_code == 200
    # ... and unticks it: the trainee is out again, and nobody else gets in.
    requests.post(f"{remote.sim.url}/quiz/{code}/network", data={}, timeout=10)
    assert remote.get("/", params={"world": sid}, auth=(sid, token)).status_code == 401
    assert remote.post("/quiz/join", data={"code": code, "name": "Emi"}).status_code == 403
    # A quiz that allows it does not open another that does not.
    other = start_quiz(remote.sim.url, "opted-out", allow_network="on")
    assert remote.get("/quiz/join").status_code == 200
    closed_to_network = remote.post("/quiz/join", data={"code": code, "name": "Emi"})
    assert closed_to_network.status_code == 403
    assert error_of(closed_to_network)[0] == "code"
    remote.join(other, "Emi")


def test_wrong_codes_lock_the_address_out_until_the_trainer_unlocks(remote):
    code = start_quiz(remote.sim.url, "carrier-duplicate", allow_network="on")
    wrong = "Z" if code[0] != "Z" else "Y"
    for attempt in range(5):
        refused = remote.post("/quiz/join", data={"code": wrong * 6, "name": "Guess"})
        assert refused.status_code == 403 and error_of(refused)[0] == "code", attempt
    locked = remote.post("/quiz/join", data={"code": code, "name": "Fumi"})
    assert locked.status_code == 429 and error_of(locked)[0] == "code"
    trainer_page = requests.get(f"{remote.sim.url}/quiz/{code}", timeout=10).text
    assert outward_address() in trainer_page and "locked out" in trainer_page
    # The trainer's machine is never locked out.
    join_here(remote.sim.url, code, "Gen")
    unlocked = requests.post(f"{remote.sim.url}/quiz/{code}/unlock", timeout=10,
                             allow_redirects=False)
    assert unlocked.status_code == 303
    remote.join(code, "Fumi")


def test_without_control_remote_a_quiz_opens_nothing_to_the_network(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--host", "0.0.0.0"))
    try:
        remote = Remote(sim)
        code = start_quiz(sim.url, "carrier-duplicate", allow_network="on")
        page = requests.get(sim.url + "/quiz", timeout=10).text
        assert "--control-remote" in page  # the trainer is told why
        for response in (remote.get("/quiz/join"),
                         remote.post("/quiz/join", data={"code": code, "name": "Hana"})):
            assert response.status_code == 403
            assert "--control-remote" in response.json()["error"]
    finally:
        sim.stop()
