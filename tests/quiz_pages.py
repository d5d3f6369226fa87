"""Reading and driving quiz mode's pages over HTTP, for the quiz tests."""

from __future__ import annotations

import re
from html import unescape

import requests


def start_quiz(url: str, *symptoms: str, **form) -> str:
    """A quiz hiding ``symptoms``, started from this machine; its code."""
    response = requests.post(f"{url}/quiz", data={"symptom": list(symptoms), **form},
                             allow_redirects=False, timeout=60)
    assert response.status_code == 303, error_of(response)
    return response.headers["Location"].split("/quiz/")[1].split("?")[0]


def join_here(url: str, code: str, name: str) -> str:
    """A trainee on this machine joins; their world's account SID."""
    response = requests.post(f"{url}/quiz/join", data={"code": code, "name": name},
                             allow_redirects=False, timeout=60)
    assert response.status_code == 303, error_of(response)
    location = response.headers["Location"]
    assert location.startswith("/?world=AC")
    return location.split("world=")[1].split("&")[0]


def error_of(response) -> tuple[str | None, str | None]:
    """(field, text) of the refusal a quiz page shows."""
    found = re.search(r'id="quiz-error"[^>]*data-field="([^"]+)">([^<]*)<', response.text)
    return (found.group(1), unescape(found.group(2))) if found else (None, None)


def credentials_of(page: str) -> tuple[str, str]:
    """The account SID and auth token the join page of a trainee over the network shows."""
    sid = re.search(r'data-account-sid="(AC\w+)"', page).group(1)
    token = re.search(r'data-auth-token="(\w+)"', page).group(1)
    return sid, token


def evidence_sids(page: str) -> list[str]:
    """The message SIDs an answer page offers as evidence."""
    return re.findall(r'name="evidence" value="(SM\w+)"', page)
