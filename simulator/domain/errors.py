"""The Twilio error catalogue: code, HTTP status and message template.

Every error the simulator returns on the Twilio surface comes from this table, so the body
shape (``{code, message, more_info, status}``) and the status for a code never drift apart.
Sources: twilio.com/docs/errors/{code} pages and real response bodies quoted in
``shared/reference/twilio-api.md`` section 2. Where Twilio's exact message is not known, the
template says so in a comment and the docs list it as ours.
"""

from __future__ import annotations

from dataclasses import dataclass

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


@dataclass(frozen=True)
class ErrorSpec:
    code: int
    status: int
    template: str
    title: str


def _spec(code: int, status: int, template: str, title: str | None = None) -> ErrorSpec:
    return ErrorSpec(code, status, template, title or template)


CATALOGUE: dict[int, ErrorSpec] = {
    spec.code: spec
    for spec in [
        # 20003: body message "Authenticate" (twilio-python/node issues, HTTP 401).
        _spec(20003, 401, "Authenticate", "Permission Denied"),
        # 20004: Twilio answers a wrong HTTP method with 405 and this code.
        _spec(20004, 405, "Method not allowed"),
        # 20008: test credentials on a resource other than create (docs iam/test-credentials).
        _spec(20008, 403, "Resource not accessible with Test Account Credentials",
              "Cannot access this resource with Test Credentials"),
        # 20404: "The requested resource {path} was not found" (captured bodies).
        # 20001: our code for a parameter we cannot accept where Twilio's exact code is not
        # documented (a non-form body, a non-empty Body on update); the message names the field.
        _spec(20001, 400, "Invalid parameter {field}: {detail}", "Invalid parameter"),
        _spec(20404, 404, "The requested resource {path} was not found", "Not Found"),
        _spec(20429, 429, "Too Many Requests"),
        _spec(20500, 500, "An internal server error has occurred", "Internal Server Error"),
        # 21211/21212: legacy API wording (3rd-party captures).
        _spec(21211, 400, "The 'To' number {to} is not a valid phone number.",
              "Invalid 'To' Phone Number"),
        _spec(21212, 400, "The 'From' number {from_} is not a valid phone number, shortcode, "
              "or alphanumeric sender ID.", "Invalid 'From' Number"),
        _spec(21265, 400, "'To' number cannot be a Short Code: {to}",
              "'To' number cannot be a Short Code"),
        _spec(21266, 400, "'To' and 'From' numbers cannot be the same: {to}",
              "'To' and 'From' numbers cannot be the same"),
        _spec(21408, 400, "Permission to send an SMS has not been enabled for the region "
              "indicated by the 'To' number: {to}.",
              "Permission to send an SMS has not been enabled for the region"),
        # 21421/21422: IncomingPhoneNumbers create (TwilioDevEd api-snippets outputs).
        _spec(21421, 400, "{number} is not a valid number", "PhoneNumber is invalid"),
        _spec(21422, 400, "{number} is not available", "PhoneNumber is not available"),
        _spec(21602, 400, "Message body is required."),
        _spec(21603, 400, "A 'From' or 'MessagingServiceSid' parameter is required to send "
              "a message"),
        _spec(21604, 400, "A 'To' phone number is required."),
        _spec(21606, 400, "The From phone number {from_} is not a valid, SMS-capable inbound "
              "phone number or short code for your account.",
              "The 'From' phone number provided is not a valid message-capable Twilio phone "
              "number for this destination/account"),
        # 21609: StatusCallback "must contain a valid hostname" (OAI CreateMessageRequest).
        _spec(21609, 400, "The StatusCallback URL {url} is not a valid URL.",
              "Invalid StatusCallback url"),
        _spec(21610, 400, "The message From/To pair violates a blacklist rule.",
              "Attempt to send to unsubscribed recipient"),
        _spec(21611, 400, "This 'From' number has exceeded the maximum number of queued "
              "messages"),
        _spec(21612, 400, "The 'To' phone number: {to}, is not currently reachable using the "
              "'From' phone number: {from_} via SMS.",
              "Message cannot be sent with the current combination of 'To' and/or 'From'"),
        # 21614: "To number: +15005550009, is not a mobile number" (api-snippets output).
        _spec(21614, 400, "To number: {to}, is not a mobile number",
              "'To' number is not a valid mobile number"),
        _spec(21617, 400, "The concatenated message body exceeds the 1600 character limit."),
        _spec(21619, 400, "A text message body, media URL or content SID is required",
              "A Message Body, Media URL or Content SID is required"),
        _spec(21620, 400, "Invalid media URL(s): {url}", "Invalid media URL(s)"),
        _spec(21623, 400, "Number of media files exceeds allowed limit (10).",
              "Number of media files exceeds allowed limit"),
        # 21704: "The Messaging Service contains no phone numbers" (docs errors/21704).
        _spec(21704, 400, "The Messaging Service contains no phone numbers",
              "Messaging Service contains no phone numbers"),
        _spec(21710, 400, "Phone Number {sid} is already in a Messaging Service",
              "The Phone Number is already in the Messaging Service"),
        _spec(21705, 400, "The Messaging Service Sid {sid} is invalid.",
              "The Messaging Service is invalid"),
        # 60618 "Lookup Malformed Request Parameter": "An invalid value was passed for query
        # parameters" (docs errors/60618); we answer it for an unknown Lookup ``Fields`` value.
        _spec(60618, 400, "Invalid value for {field}: {detail}",
              "Lookup Malformed Request Parameter"),
        # Scheduling (docs errors/35111, 35115, 35118).
        _spec(35111, 400, "SendAt timestamp is missing"),
        _spec(35115, 400, "Scheduling does not support this timestamp: SendAt must be more "
              "than 300 seconds and at most 35 days ahead",
              "Scheduling does not support this timestamp"),
        _spec(35118, 400, "MessagingServiceSid is required to schedule a message"),
        # 30409 "This message cannot be canceled" (docs errors/30409): the message has
        # moved past the point where it can be called off.
        _spec(30409, 400, "This message cannot be canceled: its status is {state}.",
              "This message cannot be canceled"),
        # Twilio refuses to delete a message still awaiting its delivery receipt
        # ("Cannot delete message in state SENT", quoted by users); the code is ours.
        _spec(20009, 400, "Cannot delete message in state {state}",
              "Cannot delete message"),
        # Verify v2 (twilio.com/docs/api/errors/602xx, 604xx; reference section 11).
        _spec(60200, 400, "Invalid parameter: {detail}", "Invalid parameter"),
        _spec(60202, 429, "Max check attempts reached"),
        _spec(60203, 429, "Max send attempts reached"),
        _spec(60212, 429, "Too many concurrent requests for phone number"),
        # 60410: Fraud Guard blocks a prefix for up to 12 hours; the status is ours.
        _spec(60410, 403, "Verification delivery attempt blocked",
              "Verification delivery attempt blocked (Fraud Guard)"),
        _spec(60412, 403, "Suspicious activity detected", "Suspected fraud"),
        # 21910: From and To of different channels, e.g. From +1... with To whatsapp:+1...
        # (botbuilder-dotnet #5569 quotes the body).
        _spec(21910, 400, "Invalid From and To pair. From and To should be of the same "
              "channel"),
        # Content templates on a create (docs api/errors/2165x). 21656's first sentence is
        # Twilio's (twilio-node #1082 quotes the body); what follows it in each message,
        # naming the parameter, is ours.
        _spec(21654, 400, "ContentSid Required: ContentVariables was sent without a "
              "ContentSid.", "ContentSid Required"),
        _spec(21655, 400, "The ContentSid is Invalid: {detail}", "The ContentSid is Invalid"),
        _spec(21656, 400, "The Content Variables parameter is invalid. {detail}",
              "The Content Variables parameter is invalid."),
        _spec(21658, 400, "Parameter exceeded character limit: {detail}",
              "Parameter exceeded character limit"),
        # 63007: a create whose whatsapp: From is not a WhatsApp sender of the account is
        # refused with HTTP 400 (freescout #3595 quotes the body; docs errors/63007).
        _spec(63007, 400, "Twilio could not find a Channel with the specified From address"),
        # Asynchronous WhatsApp codes (on a Message and in status callbacks; docs errors/630xx).
        _spec(63003, 400, "Channel could not find To address"),
        _spec(63015, 400, "Channel Sandbox can only send messages to phone numbers that have "
              "joined the Sandbox"),
        _spec(63016, 400, "Failed to send freeform message because you are outside the "
              "allowed window. If you are using WhatsApp, please use a Message Template."),
        # docs api/errors/63028: ContentVariables that do not match the template's.
        _spec(63028, 400, "Number of parameters provided does not match the expected number "
              "of parameters"),
        # Twilio's error pages 63040 ("Template Rejected") / 63041 / 63042: the template is
        # rejected, paused or disabled by WhatsApp (the last two titles are ours).
        _spec(63040, 400, "Template Rejected"),
        _spec(63041, 400, "Template paused"),
        _spec(63042, 400, "Template disabled"),
        # Debugger codes of webhooks (recorded on attempts, never an API answer).
        _spec(11200, 502, "HTTP retrieval failure"),
        _spec(12100, 502, "Document parse failure"),
        _spec(12200, 502, "Schema validation warning"),
        _spec(12300, 502, "Invalid Content-Type"),
        # Delivery (asynchronous) codes: they appear on a Message and in status callbacks.
        _spec(30001, 400, "Queue overflow"),
        _spec(30002, 400, "Account suspended"),
        _spec(30003, 400, "Unreachable destination handset"),
        _spec(30004, 400, "Message blocked"),
        _spec(30005, 400, "Unknown destination handset"),
        _spec(30006, 400, "Landline or unreachable carrier"),
        _spec(30007, 400, "Message filtered", "Message filtered (Carrier violation)"),
        _spec(30008, 400, "Unknown error"),
        _spec(30034, 400, "Message from an unregistered number",
              "US A2P 10DLC - Message from an Unregistered Number"),
        _spec(30036, 400, "Validity Period Expired"),
    ]
}


class TwilioError(Exception):
    """An error answered on the Twilio surface with Twilio's JSON error body."""

    def __init__(self, code: int, status: int | None = None, message: str | None = None,
                 *, retry_after: int | None = None, **fields: object):
        spec = CATALOGUE.get(code)
        if spec is None and (status is None or message is None):
            raise ValueError(f"error code {code} is not in the catalogue")
        self.code = code
        self.status = status if status is not None else spec.status
        self.message = message if message is not None else spec.template.format(**fields)
        # Seconds for a Retry-After header (a 429 has one; default 1).
        self.retry_after = retry_after
        super().__init__(f"{self.code}: {self.message}")

    def body(self) -> dict:
        # Key order as in Twilio's captured bodies: code, message, more_info, status.
        return {
            "code": self.code,
            "message": self.message,
            "more_info": MORE_INFO.format(code=self.code),
            "status": self.status,
        }


def title(code: int) -> str:
    """The short title of a code, used for a Message's ``error_message``."""
    spec = CATALOGUE.get(code)
    return spec.title if spec else "Unknown error"
