"""WhatsApp facts read from the world: the 24-hour window and the sandbox (docs/whatsapp.md)."""

from __future__ import annotations

from smsim.domain import phone, whatsapp
from smsim.domain.clock import iso8601
from smsim.engine import accounts
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
    """The trainer ends ``user``'s membership at once (ours; the user's own way is sending
    `stop`, engine/inbound.py); False when they were not a member."""
    with store.write():
        return whatsapp_store.leave(store, user)


def end_membership(store: Store, user: str) -> None:
    """``user`` sent `stop` (inside the caller's transaction)."""
    whatsapp_store.leave(store, user)


def answer_handset(store: Store, user: str, body: str, at: float) -> None:
    """The sandbox's own reply to ``user`` (the join and stop confirmations): in the phone's
    WhatsApp inbox at ``at``; ours: not a Message of any account, so not in the Messages
    list, no SID, no status callback, and not paced with the account's sandbox sends."""
    whatsapp_store.inbox_reply(store, {
        "number": user, "message_sid": "", "from_addr": phone.WHATSAPP_PREFIX
        + whatsapp.SANDBOX_NUMBER, "body": body, "received_at": at, "copy": 1, "shown": 1})


def settings(store: Store) -> dict:
    """The sandbox's settings: inbound_url, inbound_method, status_callback_url and the
    account_sid that set them (whose auth token signs the sandbox's webhooks)."""
    return {**whatsapp.SANDBOX_SETTINGS, **whatsapp_store.settings(store)}


def save_settings(store: Store, account_sid: str | None, changes: dict) -> dict:
    """Apply ``changes`` (ValueError naming the field); the account that sets them owns the
    sandbox's webhooks (ours: Twilio's sandbox is one per account, ours one per world)."""
    with store.write():
        merged = whatsapp.sandbox_settings(settings(store), changes)
        merged["account_sid"] = account_sid
        whatsapp_store.save_settings(store, merged)
    return merged


def webhook_account(store: Store) -> str | None:
    """The account a member's message to the sandbox belongs to: the one that set the
    settings, else the world's default account."""
    chosen = settings(store)["account_sid"]
    if chosen and accounts.get(store, chosen):
        return chosen
    default = accounts.default(store)
    return default["sid"] if default else None


def status_callback(store: Store, account_sid: str) -> str | None:
    """The sandbox's "Status callback URL", for the messages the account that set it sends
    from the sandbox without a StatusCallback of their own."""
    chosen = settings(store)
    return chosen["status_callback_url"] if chosen["account_sid"] == account_sid else None


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
            "join": f"join {sandbox_code(store)}", "settings": settings(store),
            "members": [{**m, "joined_at": iso8601(m["joined_at"]),
                         "expires_at": iso8601(m["expires_at"])} for m in members(store)]}
