"""Traffic a test makes on a running simulator: handsets texting in, a number's webhook,
Messaging Services through the SDK."""

from __future__ import annotations


def text(sim, sender: str, to: str, body: str, **extra) -> dict:
    response = sim.control("POST", f"/handsets/{sender}/messages",
                           json={"to": to, "body": body, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def outbox(sim, sender: str) -> list[dict]:
    return sim.control("GET", f"/handsets/{sender}/outbox").json()["messages"]


def inbox(sim, number: str) -> list[dict]:
    return sim.control("GET", f"/handsets/{number}/inbox").json()["messages"]


def point_sms_url(client, number: str, url: str, method: str = "POST", **fields):
    sid = client.incoming_phone_numbers.list(phone_number=number)[0].sid
    client.incoming_phone_numbers(sid).update(sms_url=url, sms_method=method, **fields)


def messaging(sim, account):
    client = sim.client(account["account_sid"], account["auth_token"])
    client.messaging.base_url = sim.url  # messaging.twilio.com/v1 on the same simulator
    return client


def service_with_numbers(sim, account, client, count: int = 2, **settings):
    service = client.messaging.v1.services.create(friendly_name="pool", **settings)
    numbers = [n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"]]
    while len(numbers) < count:
        numbers.append(client.incoming_phone_numbers.create(area_code="555").phone_number)
    for number in numbers[:count]:
        sid = client.incoming_phone_numbers.list(phone_number=number)[0].sid
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=sid)
    return service, numbers[:count]
