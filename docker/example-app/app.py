"""An example application: sends SMS through the official twilio SDK pointed at smsim,
receives status callbacks and incoming messages, checks their signatures, and answers
with TwiML. Configuration by environment (see docker/compose.yaml)."""

from __future__ import annotations

import os

from flask import Flask, abort, jsonify, request
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

SMSIM_URL = os.environ.get("SMSIM_URL", "http://127.0.0.1:8080")
ACCOUNT_SID = os.environ["TWILIO_ACCOUNT_SID"]
AUTH_TOKEN = os.environ["TWILIO_AUTH_TOKEN"]
PUBLIC_URL = os.environ.get("APP_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
FROM = os.environ.get("APP_FROM", "+15017122661")

client = Client(ACCOUNT_SID, AUTH_TOKEN)
client.edge = client.region = None
client.api.base_url = SMSIM_URL
validator = RequestValidator(AUTH_TOKEN)
app = Flask(__name__)
seen = {"status": [], "incoming": []}


def signed() -> bool:
    url = PUBLIC_URL + request.full_path.rstrip("?")
    return validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", ""))


@app.post("/send")
def send():
    data = request.get_json(force=True)
    message = client.messages.create(to=data["to"], from_=FROM, body=data["body"],
                                     status_callback=f"{PUBLIC_URL}/status")
    return jsonify(sid=message.sid, status=message.status), 201


@app.post("/status")
def status():
    if not signed():
        abort(403)
    seen["status"].append(request.form.to_dict())
    return "", 204


@app.post("/sms")
def incoming():
    if not signed():
        abort(403)
    seen["incoming"].append(request.form.to_dict())
    reply = MessagingResponse()
    reply.message(f"You said: {request.form.get('Body', '')}")
    return str(reply), 200, {"Content-Type": "text/xml"}


@app.get("/seen")
def seen_so_far():
    return jsonify(seen)


def point_number_here() -> None:
    """Tell smsim where this app's SMS webhook is (the number's SmsUrl)."""
    number = client.incoming_phone_numbers.list(phone_number=FROM)[0]
    client.incoming_phone_numbers(number.sid).update(sms_url=f"{PUBLIC_URL}/sms")


if __name__ == "__main__":
    point_number_here()
    app.run(host=os.environ.get("APP_HOST", "0.0.0.0"),
            port=int(os.environ.get("APP_PORT", "5000")))
