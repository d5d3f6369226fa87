"""How many SQL statements a request runs, counted with sqlite3's trace callback.

Structural, not timing: a plain SMS create runs at most 15 statements in one write
transaction (the catch-up before it included, when nothing is due), and a read runs no write
but its request-log row. A change that adds queries to the hot path fails here, loudly, with
the statements it ran.
"""

from __future__ import annotations

import base64

import pytest
from smsim.web import settings
from smsim.web.app import create_app

CREATE_BUDGET = 15
READ_BUDGET = 6
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture(params=["manual", "realtime"])
def api(tmp_path, request):
    """The app in this process (no dispatcher threads), an account's world, its credentials,
    and a recorder of every statement this thread's connections run."""
    db = str(tmp_path / "smsim.db")
    app = create_app(settings.load({"db": db, "clock": request.param, "seed": "budget"},
                                   environ={}), dispatch=False)
    client = app.test_client()
    account = client.post("/_sim/accounts", json={}).get_json()
    token = base64.b64encode(f"{account['account_sid']}:{account['auth_token']}".encode())
    headers = {"Authorization": "Basic " + token.decode()}
    url = f"/2010-04-01/Accounts/{account['account_sid']}/Messages.json"
    # One create first: connections opened, the world's credential learnt.
    client.post(url, data={"To": "+15558670001", "From": "+15017122661", "Body": "warm"},
                headers=headers)
    statements: list[str] = []
    for _, store in app.config["WORLDS"].all():
        store.db.conn.set_trace_callback(statements.append)
    return client, url, headers, statements


def shown(statements: list[str]) -> str:
    return "\n".join(f"  {s[:140]}" for s in statements)


def verbs(statements: list[str]) -> list[str]:
    return [s.split(None, 1)[0].upper() for s in statements]


def test_a_plain_sms_create_is_one_short_transaction(api):
    client, url, headers, statements = api
    response = client.post(url, data={"To": "+15558670002", "From": "+15017122661",
                                      "Body": "hello"}, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    ran = verbs(statements)
    assert len(statements) <= CREATE_BUDGET, (
        f"a create ran {len(statements)} statements, over the budget of {CREATE_BUDGET}:\n"
        + shown(statements))
    assert ran.count("BEGIN") == 1 and ran.count("COMMIT") == 1, shown(statements)
    assert "SAVEPOINT" not in ran, shown(statements)
    begin, commit = ran.index("BEGIN"), ran.index("COMMIT")
    outside = [s for i, s in enumerate(statements)
               if verbs([s])[0] in WRITES and not begin < i < commit]
    assert outside == [], "writes outside the create's transaction:\n" + shown(outside)
    # The request-log row is written in that transaction.
    assert any(s.startswith("INSERT INTO [requests]") for s in statements[begin:commit])


def test_a_read_writes_nothing_but_its_request_log_row(api):
    client, url, headers, statements = api
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert len(statements) <= READ_BUDGET, shown(statements)
    writes = [s for s in statements if verbs([s])[0] in WRITES]
    assert len(writes) == 1 and writes[0].startswith("INSERT INTO [requests]"), \
        shown(statements)
    assert "BEGIN" not in verbs(statements), shown(statements)


def test_the_count_catches_an_added_query(api):
    """The recorder sees every statement: one more query on the path shows up in it."""
    client, url, headers, statements = api
    client.post(url, data={"To": "+15558670003", "From": "+15017122661", "Body": "a"},
                headers=headers)
    before = len(statements)
    statements.clear()
    client.post(url, data={"To": "+15558670003", "From": "+15017122661", "Body": "b",
                           "StatusCallback": "https://example.com/status"}, headers=headers)
    assert len(statements) == before
