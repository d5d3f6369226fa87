"""Validate simulator JSON responses against Twilio's official OpenAPI schemas.

The schemas come from ``tests/oai/schemas.json``, a committed, structure-only
extract of twilio/twilio-oai's ``twilio_api_v2010.json``,
``twilio_messaging_v1.json``, ``twilio_verify_v2.json`` and
``twilio_lookups_v2.json``, and ``tests/oai/content_schemas.json``, the same of
``twilio_content_v1.json`` (both at commit
d50069b44ea8cd23141385bdb6db48f16ff75bb5; see ``tools/extract_oai_schemas.py``
and ``tests/oai/LICENSE``), so this works on a fresh clone without the full specs.

Usage::

    from tests.oai_conformance import assert_conforms

    assert_conforms("message", resp.get_json())
    assert_conforms("list_message", resp.get_json())
    assert_conforms("service", resp.json())

Kinds from the 2010-04-01 API: ``message``, ``message_media``,
``incoming_phone_number``, ``list_message``, ``list_message_media``,
``list_incoming_phone_number``. From Messaging v1 (``/v1/Services``):
``service``, ``service_phone_number``, ``service_channel_sender``, ``list_service``,
``list_service_phone_number``, ``list_service_channel_sender`` (v1 lists page
with a ``meta`` object instead of the 2010 top-level ``*_page_uri`` fields). From
Verify v2 (``/v2/Services``):
``verify_service``, ``verify_verification``, ``verify_verification_check``,
``list_verify_service`` (ISO 8601 ``date-time`` dates, ``meta`` paging). From
Lookup v2: ``lookup_phone_number`` (``GET /v2/PhoneNumbers/{PhoneNumber}``;
its spec omits ``nullable`` where its own examples answer null, see
``_null_as_in_lookup_examples``). From Content v1 (content.twilio.com):
``content`` (``/v1/Content`` create 201 and ``/v1/Content/{Sid}`` fetch),
``list_content`` (``ListContentResponse``, ``meta`` paging),
``content_approval_fetch`` (``GET /v1/Content/{Sid}/ApprovalRequests``) and
``content_approval_create`` (``POST .../ApprovalRequests/whatsapp`` 201); ISO 8601
``date-time`` dates; ``types``, ``variables``, ``links`` and ``whatsapp`` are free
objects in that spec, so only their being objects is checked.

The spec is OpenAPI 3.0, converted here to JSON Schema 2020-12:
``nullable: true`` also allows ``null``; ``$ref`` to
``#/components/schemas/X`` resolves within the extract (OpenAPI 3.0 ignores
siblings of ``$ref``, so ``$ref``'d enums such as ``status`` are not
nullable). ``format`` is only enforced (on strings; ``null`` is left to
``type``/``nullable``) for the two date formats:

* ``date-time-rfc-2822`` (2010-04-01 API): ``Fri, 24 May 2019 17:44:46 +0000``;
* ``date-time`` (Messaging v1, Verify v2, ISO 8601): exactly ``YYYY-MM-DDTHH:MM:SSZ``,
  e.g. ``2015-07-30T20:12:31Z``, a real calendar date and time in UTC, as
  Twilio returns it (no fractions of a second, no ``+00:00`` offset).

Other formats (``uri``, ``phone-number``, ``currency`` ...) are not checked,
since Twilio returns relative URIs and empty strings there.

``strict=True`` (the default) adds ``additionalProperties: false`` at the top
level of each resource object and list envelope, to catch fields we return
that Twilio does not have. A list envelope's own inline objects (the v1
``meta`` paging object) are closed too, to exactly their spec keys. List items
are resource objects, so they get the same rule through their own schema;
objects nested in resources (``subresource_uris``, ``capabilities``,
``links``) stay open. The specs have no ``required`` lists, so a field we omit
is not reported.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS_PATH = Path(__file__).resolve().parent / "oai" / "schemas.json"
CONTENT_SCHEMAS_PATH = SCHEMAS_PATH.with_name("content_schemas.json")

_REF_PREFIX = "#/components/schemas/"
_RFC_2822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} \+0000",
    re.ASCII,
)
_ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)

# Only the formats registered here are asserted; all others are ignored.
_FORMAT_CHECKER = FormatChecker(formats=())


@_FORMAT_CHECKER.checks("date-time-rfc-2822")
def _is_rfc_2822(value: object) -> bool:
    # Non-strings (null) are left to the "type" keyword.
    return not isinstance(value, str) or _RFC_2822.fullmatch(value) is not None


@_FORMAT_CHECKER.checks("date-time")
def _is_iso_8601_utc(value: object) -> bool:
    # Non-strings (null) are left to the "type" keyword.
    if not isinstance(value, str):
        return True
    if _ISO_8601.fullmatch(value) is None:
        return False
    try:  # a real date and time, not 2015-02-30T25:00:00Z
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


@functools.cache
def _extract() -> dict[str, Any]:
    """Both committed extracts as one: their kinds and component schemas, never a name
    given twice (one $ref namespace)."""
    kinds: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for path in (SCHEMAS_PATH, CONTENT_SCHEMAS_PATH):
        extract = json.loads(path.read_text(encoding="utf-8"))
        for mine, theirs in ((kinds, extract["schemas"]),
                             (schemas, extract["components"]["schemas"])):
            if clash := sorted(mine.keys() & theirs.keys()):
                raise ValueError(f"{path.name} repeats {clash}")
            mine.update(theirs)
    return {"schemas": kinds, "components": {"schemas": schemas}}


def kinds() -> tuple[str, ...]:
    """The schema names ``assert_conforms`` accepts."""
    return tuple(sorted(_extract()["schemas"]))


def _convert(node: Any) -> Any:
    """OpenAPI 3.0 schema object -> JSON Schema 2020-12 (recursively)."""
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if ref is not None:
        if not ref.startswith(_REF_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r}")
        # OpenAPI 3.0: siblings of $ref are ignored.
        return {"$ref": "#/$defs/" + ref[len(_REF_PREFIX) :]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: _convert(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = _convert(value)
        else:
            out[key] = value
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _closed(schema: dict[str, Any]) -> dict[str, Any]:
    """Forbid properties not listed, at this object's top level only."""
    if "properties" in schema and "additionalProperties" not in schema:
        return {**schema, "additionalProperties": False}
    return schema


def _closed_root(schema: dict[str, Any]) -> dict[str, Any]:
    """Close a kind's root schema and the inline objects directly inside it.

    For a list envelope that is the envelope itself and its v1 ``meta`` object.
    Resource kinds are a bare ``$ref`` (closed through ``$defs``), and 2010
    envelopes have only scalars and arrays of ``$ref`` inside, so this closes
    nothing else.
    """
    schema = _closed(schema)
    if "properties" in schema:
        schema = {
            **schema,
            "properties": {name: _closed(sub) for name, sub in schema["properties"].items()},
        }
    return schema


# Lookup v2 properties that also allow null. twilio_lookups_v2.json marks only the number's
# own fields nullable, yet its own examples (fetch, fetchInvalid, fetchLineTypeIntelligence ...)
# answer null for every package not asked for, for ``validation_errors`` of a valid number and
# for ``error_code`` inside a package. We follow the examples (Twilio's answers): in
# ``LookupResponse`` every property but ``valid`` and ``url``, in a package (``*Info``) every
# property.
_LOOKUP_ALWAYS_SET = frozenset({"valid", "url"})


def _null_as_in_lookup_examples(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    if name != "LookupResponse" and not (name.endswith("Info") and "." not in name):
        return schema
    kept = _LOOKUP_ALWAYS_SET if name == "LookupResponse" else frozenset()
    properties = {
        prop: sub if prop in kept else {"anyOf": [sub, {"type": "null"}]}
        for prop, sub in schema.get("properties", {}).items()
    }
    return {**schema, "properties": properties}


@functools.cache
def _validator(kind: str, strict: bool) -> Draft202012Validator:
    extract = _extract()
    if kind not in extract["schemas"]:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(kinds())}")
    defs = {
        name: _null_as_in_lookup_examples(name, _convert(s))
        for name, s in extract["components"]["schemas"].items()
    }
    root = _convert(extract["schemas"][kind])
    if strict:
        defs = {name: _closed(s) for name, s in defs.items()}
        root = _closed_root(root)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": defs}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)


def _json_path(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def conformance_errors(kind: str, payload: Any, *, strict: bool = True) -> list[str]:
    """All violations of ``kind``'s schema, as sorted ``"$.path: message"`` lines."""
    errors = _validator(kind, strict).iter_errors(payload)
    return sorted(f"{_json_path(e.absolute_path)}: {e.message}" for e in errors)


def assert_conforms(kind: str, payload: dict, *, strict: bool = True) -> None:
    """Assert ``payload`` matches Twilio's OpenAPI schema for ``kind``.

    Raises AssertionError listing every violation; ValueError for an unknown kind.
    """
    problems = conformance_errors(kind, payload, strict=strict)
    if problems:
        raise AssertionError(
            f"{kind} payload does not conform to Twilio's OpenAPI schema "
            f"({len(problems)} violation(s)):\n" + "\n".join(f"  - {p}" for p in problems)
        )
