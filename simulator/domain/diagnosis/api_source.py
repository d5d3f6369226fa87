"""The Messages and IncomingPhoneNumbers reads of an evidence source, over the official
twilio SDK's client (passed in; this module imports no SDK and does no I/O of its own).
Subclasses say how the clock and the control plane are read."""

from __future__ import annotations

from smsim.domain.diagnosis.evidence import MESSAGE_LIMIT, epoch


def message_dict(m) -> dict:
    return {"sid": m.sid, "status": m.status, "direction": m.direction, "from": m.from_,
            "to": m.to, "body": m.body or "", "error_code": m.error_code,
            "created": epoch(m.date_created),
            "messaging_service_sid": m.messaging_service_sid}


class ApiSource:
    def __init__(self, client):
        self.client = client

    @property
    def account_sid(self) -> str:
        return self.client.account_sid

    def message(self, sid: str) -> dict:
        return message_dict(self.client.messages(sid).fetch())

    def messages(self, to: str | None, from_: str | None) -> list[dict]:
        filters = {k: v for k, v in (("to", to), ("from_", from_)) if v}
        return [message_dict(m) for m in self.client.messages.list(limit=MESSAGE_LIMIT,
                                                                     **filters)]

    def numbers(self) -> list[dict]:
        return [{"sid": n.sid, "phone_number": n.phone_number, "sms_url": n.sms_url or "",
                 "capabilities": n.capabilities or {}}
                for n in self.client.incoming_phone_numbers.list()]

    def now(self) -> float:
        raise NotImplementedError

    def read(self, path: str, **params) -> dict | None:
        raise NotImplementedError
