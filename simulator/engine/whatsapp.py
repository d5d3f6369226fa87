"""WhatsApp facts read from the world: the 24-hour window and the sandbox (docs/whatsapp.md)."""

from __future__ import annotations

from smsim.domain import phone, whatsapp
from smsim.domain.clock import iso8601
from smsim.store import messages as messages_store
from smsim.store import whatsapp as whatsapp_store
from smsim.store.database import Store


def sandbox_code(store: Store) -> str:
    return whatsapp.sandbox_code(store.seed())


def last_contact(store: Store, business: phone.Address, user: phone.Address,
                 now: float) -> float | None:
    """When the user last wrote to the business (its window opened), up to ``now``; joining
    the sandbox counts as writing to the sandbox number."""
    times = [messages_store.last_inbound_at(store, user.wire, business.wire, now)]
    if business.value == whatsapp.SANDBOX_NUMBER:
        joined = whatsapp_store.joined_at(store, user.value)
        times.append(joined if joined is not None and joined <= now else None)
    times = [t for t in times if t is not None]
    return max(times) if times else None


def sandbox_member(store: Store, user: str, now: float) -> bool:
    return whatsapp.sandbox_member(whatsapp_store.joined_at(store, user), now)


def join_sandbox(store: Store, user: str, at: float) -> None:
    whatsapp_store.join(store, user, at)


def leave_sandbox(store: Store, user: str) -> bool:
    """The trainer ends ``user``'s membership at once (ours: Twilio's user sends `stop`,
    which is not simulated); False when they were not a member."""
    with store.write():
        return whatsapp_store.leave(store, user)


def members(store: Store) -> list[dict]:
    """Everyone who joined: number, joined_at and expires_at (epoch seconds), active now."""
    now = store.now()
    return [{"number": m["user"], "joined_at": m["joined_at"],
             "expires_at": m["joined_at"] + whatsapp.SANDBOX_MEMBERSHIP_SECONDS,
             "active": whatsapp.sandbox_member(m["joined_at"], now)}
            for m in whatsapp_store.members(store)]


def sandbox(store: Store) -> dict:
    """The sandbox as the control plane shows it (ours)."""
    return {"number": phone.WHATSAPP_PREFIX + whatsapp.SANDBOX_NUMBER,
            "join": f"join {sandbox_code(store)}",
            "members": [{**m, "joined_at": iso8601(m["joined_at"]),
                         "expires_at": iso8601(m["expires_at"])} for m in members(store)]}
