"""Extract the few Twilio OpenAPI schemas our conformance tests need.

Why: the test suite checks our JSON responses against Twilio's official
OpenAPI descriptions (twilio/twilio-oai): ``twilio_api_v2010.json`` for the
2010-04-01 API (Messages, Media, IncomingPhoneNumbers),
``twilio_messaging_v1.json`` for Messaging Services (``/v1/Services``),
``twilio_verify_v2.json`` for Verify (``/v2/Services``, Verifications,
VerificationCheck) and ``twilio_lookups_v2.json`` for Lookup
(``/v2/PhoneNumbers/{PhoneNumber}``). Those files are large and live outside
this repository, so a fresh clone would not have them. This script writes a
small, deterministic, structure-only extract of all four to
``tests/oai/schemas.json`` (plus ``tests/oai/LICENSE``) that is committed and
used by ``tests/oai_conformance.py``. Re-run it whenever the upstream specs
are updated; ``tests/test_oai_extract.py`` checks the committed extract is
exactly what this script produces when the full specs are present.

Usage (stdlib only)::

    python tools/extract_oai_schemas.py [SPEC_DIR | path/to/one/of/the/spec/files]

The spec files are read from one directory, by default
``../shared/twilio-oai/`` relative to the repository root. The optional
argument overrides it: either that directory, or the path of any one spec file
(see ``SPEC_FILES``), in which case the file's directory is used and the other
specs must sit next to it. ``SOURCE.txt`` (provenance, with the upstream
commit, naming every file) and ``LICENSE`` (MIT) must be in the same directory.

All specs' component schemas go into one ``components.schemas`` map (most
names are namespaced, ``api.v2010.*`` / ``messaging.v1.*`` / ``verify.v2.*``;
Lookup's are not, e.g. ``LookupResponse``); the script fails if a name would
ever collide, rather than silently merging.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC_DIR = REPO_ROOT.parent / "shared" / "twilio-oai"
OUT_DIR = REPO_ROOT / "tests" / "oai"

_ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
_REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class SpecKinds:
    """What to take from one spec file."""

    filename: str
    # Our name -> component schema name.
    components: dict[str, str]
    # Our name -> (path whose GET 200 JSON response is the paging envelope, its title).
    lists: dict[str, tuple[str, str]]


SPECS = (
    SpecKinds(
        filename="twilio_api_v2010.json",
        components={
            "message": "api.v2010.account.message",
            "message_media": "api.v2010.account.message.media",
            "incoming_phone_number": "api.v2010.account.incoming_phone_number",
        },
        lists={
            "list_message": (f"{_ACCOUNT}/Messages.json", "ListMessageResponse"),
            "list_message_media": (
                f"{_ACCOUNT}/Messages/{{MessageSid}}/Media.json",
                "ListMediaResponse",
            ),
            "list_incoming_phone_number": (
                f"{_ACCOUNT}/IncomingPhoneNumbers.json",
                "ListIncomingPhoneNumberResponse",
            ),
        },
    ),
    SpecKinds(
        filename="twilio_messaging_v1.json",
        components={
            "service": "messaging.v1.service",
            "service_phone_number": "messaging.v1.service.phone_number",
        },
        lists={
            "list_service": ("/v1/Services", "ListServiceResponse"),
            "list_service_phone_number": (
                "/v1/Services/{ServiceSid}/PhoneNumbers",
                "ListPhoneNumberResponse",
            ),
        },
    ),
    SpecKinds(
        filename="twilio_verify_v2.json",
        components={
            "verify_service": "verify.v2.service",
            "verify_verification": "verify.v2.service.verification",
            "verify_verification_check": "verify.v2.service.verification_check",
        },
        lists={"list_verify_service": ("/v2/Services", "ListServiceResponse")},
    ),
    SpecKinds(
        filename="twilio_lookups_v2.json",
        # This spec names its schemas in the newer style (``LookupResponse``, not
        # ``lookups.v2.phone_number``): the GET /v2/PhoneNumbers/{PhoneNumber} 200 body.
        components={"lookup_phone_number": "LookupResponse"},
        lists={},
    ),
)
SPEC_FILES = tuple(spec.filename for spec in SPECS)

# Documentation-only keywords dropped from schema objects.
_DROP_KEYS = frozenset({"description", "example", "examples"})
# Keywords whose values are data, not sub-schemas: copied verbatim.
_LITERAL_KEYS = frozenset({"enum", "required", "default", "type", "pattern", "format"})


def strip_schema(node: Any) -> Any:
    """Return a copy of a schema keeping structure only.

    Drops ``description``, ``example(s)`` and ``x-*`` vendor keys. Keys of a
    ``properties`` map are property names, never filtered.
    """
    if isinstance(node, list):
        return [strip_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP_KEYS or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {name: strip_schema(sub) for name, sub in value.items()}
        elif key in _LITERAL_KEYS:
            out[key] = value
        else:
            out[key] = strip_schema(value)
    return out


def _refs(node: Any) -> set[str]:
    """All component schema names referenced anywhere inside ``node``."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith(_REF_PREFIX):
                raise ValueError(f"unsupported $ref {ref!r}")
            found.add(ref[len(_REF_PREFIX) :])
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= _refs(item)
    return found


def spec_dir_of(path: Path) -> Path:
    """The spec directory named by a command-line argument (directory or spec file)."""
    if path.is_dir():
        return path
    if path.name in SPEC_FILES:
        return path.parent
    raise ValueError(f"expected a directory or one of {', '.join(SPEC_FILES)}, got {path}")


def _source_line(spec_dir: Path) -> str:
    source = spec_dir / "SOURCE.txt"
    text = source.read_text(encoding="utf-8")
    commit = re.search(r"\b[0-9a-f]{40}\b", text)
    if commit is None:
        raise ValueError(f"no commit hash in {source}")
    for filename in SPEC_FILES:
        if f"spec/json/{filename}" not in text:
            raise ValueError(f"{source} does not name spec/json/{filename}")
    files = ", ".join(f"spec/json/{filename}" for filename in SPEC_FILES)
    return f"twilio/twilio-oai@{commit.group(0)} {files}"


def _extract_one(spec_path: Path, wanted: SpecKinds) -> tuple[dict[str, Any], dict[str, Any]]:
    """(kinds, needed component schemas) taken from one spec file."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    components = spec["components"]["schemas"]

    kinds: dict[str, Any] = {}
    for kind, component in wanted.components.items():
        if component not in components:
            raise KeyError(f"component schema {component!r} missing from {spec_path.name}")
        kinds[kind] = {"$ref": _REF_PREFIX + component}
    for kind, (path, title) in wanted.lists.items():
        response = spec["paths"][path]["get"]["responses"]["200"]
        schema = response["content"]["application/json"]["schema"]
        if schema.get("title") != title:
            raise ValueError(
                f"{spec_path.name} GET {path} 200: title {schema.get('title')!r}, "
                f"expected {title!r}"
            )
        kinds[kind] = strip_schema(schema)

    # Transitive closure of referenced component schemas, within this spec.
    needed: set[str] = set()
    pending = _refs(kinds)
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        if name not in components:
            raise KeyError(f"$ref to {name!r} missing from {spec_path.name}")
        needed.add(name)
        pending |= _refs(components[name]) - needed
    return kinds, {name: strip_schema(components[name]) for name in needed}


def build_extract(spec_dir: Path) -> dict[str, Any]:
    """Build the trimmed extract (a JSON-ready dict) from the full specs in ``spec_dir``."""
    kinds: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for wanted in SPECS:
        spec_kinds, spec_schemas = _extract_one(spec_dir / wanted.filename, wanted)
        if clash := sorted(spec_kinds.keys() & kinds.keys()):
            raise ValueError(f"kind name(s) {clash} defined twice")
        kinds.update(spec_kinds)
        # All $refs resolve in one shared namespace, so a name from two specs
        # would silently point one spec's refs at the other's schema.
        for name in sorted(spec_schemas.keys() & schemas.keys()):
            raise ValueError(
                f"component schema {name!r} is in both {origin[name]} and {wanted.filename}"
            )
        schemas.update(spec_schemas)
        origin.update(dict.fromkeys(spec_schemas, wanted.filename))

    license_text = (spec_dir / "LICENSE").read_text(encoding="utf-8")
    return {
        "_source": _source_line(spec_dir),
        "_license": license_text.strip(),
        "schemas": kinds,
        "components": {"schemas": schemas},
    }


def render_extract(extract: dict[str, Any]) -> str:
    """Serialise deterministically (sorted keys, indent 1, trailing newline)."""
    return json.dumps(extract, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_license(spec_dir: Path) -> str:
    """Text of ``tests/oai/LICENSE``: provenance note plus the MIT licence."""
    license_text = (spec_dir / "LICENSE").read_text(encoding="utf-8").strip()
    note = (
        "schemas.json is extracted (structure only) from "
        f"{_source_line(spec_dir)} by tools/extract_oai_schemas.py."
    )
    return f"{note}\n\n{license_text}\n"


def main(argv: list[str]) -> int:
    try:
        spec_dir = spec_dir_of(Path(argv[1])) if len(argv) > 1 else DEFAULT_SPEC_DIR
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    missing = [name for name in SPEC_FILES if not (spec_dir / name).is_file()]
    if missing:
        print(f"spec not found in {spec_dir}: {', '.join(missing)}", file=sys.stderr)
        return 1
    extract = render_extract(build_extract(spec_dir))
    license_text = render_license(spec_dir)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "schemas.json").write_text(extract, encoding="utf-8", newline="\n")
    (OUT_DIR / "LICENSE").write_text(license_text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT_DIR / 'schemas.json'} and {OUT_DIR / 'LICENSE'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
