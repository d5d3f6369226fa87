"""Extract the few Twilio OpenAPI schemas our conformance tests need.

Why: the test suite checks our JSON responses against Twilio's official
OpenAPI description (twilio/twilio-oai, ``twilio_api_v2010.json``). That file
is ~1.9 MB and lives outside this repository, so a fresh clone would not have
it. This script writes a small, deterministic, structure-only extract to
``tests/oai/schemas.json`` (plus ``tests/oai/LICENSE``) that is committed and
used by ``tests/oai_conformance.py``. Re-run it whenever the upstream spec is
updated; ``tests/test_oai_extract.py`` checks the committed extract is exactly
what this script produces when the full spec is present.

Usage (stdlib only)::

    python tools/extract_oai_schemas.py [path/to/twilio_api_v2010.json]

The default spec path is ``../shared/twilio-oai/twilio_api_v2010.json``
relative to the repository root. ``SOURCE.txt`` (provenance, with the upstream
commit) and ``LICENSE`` (MIT) must sit next to the spec file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "twilio-oai" / "twilio_api_v2010.json"
OUT_DIR = REPO_ROOT / "tests" / "oai"

_ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
_REF_PREFIX = "#/components/schemas/"

# Our name -> component schema name.
COMPONENT_KINDS = {
    "message": "api.v2010.account.message",
    "message_media": "api.v2010.account.message.media",
    "incoming_phone_number": "api.v2010.account.incoming_phone_number",
}
# Our name -> path whose GET 200 JSON response is the paging envelope.
LIST_KINDS = {
    "list_message": f"{_ACCOUNT}/Messages.json",
    "list_message_media": f"{_ACCOUNT}/Messages/{{MessageSid}}/Media.json",
    "list_incoming_phone_number": f"{_ACCOUNT}/IncomingPhoneNumbers.json",
}

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


def _source_line(spec_dir: Path) -> str:
    text = (spec_dir / "SOURCE.txt").read_text(encoding="utf-8")
    commit = re.search(r"\b[0-9a-f]{40}\b", text)
    if commit is None:
        raise ValueError(f"no commit hash in {spec_dir / 'SOURCE.txt'}")
    return f"twilio/twilio-oai@{commit.group(0)} spec/json/twilio_api_v2010.json"


def build_extract(spec_path: Path) -> dict[str, Any]:
    """Build the trimmed extract (a JSON-ready dict) from the full spec."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    components = spec["components"]["schemas"]

    kinds: dict[str, Any] = {}
    for kind, component in COMPONENT_KINDS.items():
        if component not in components:
            raise KeyError(f"component schema {component!r} missing from spec")
        kinds[kind] = {"$ref": _REF_PREFIX + component}
    for kind, path in LIST_KINDS.items():
        response = spec["paths"][path]["get"]["responses"]["200"]
        kinds[kind] = strip_schema(response["content"]["application/json"]["schema"])

    # Transitive closure of referenced component schemas.
    needed: set[str] = set()
    pending = _refs(kinds)
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending |= _refs(components[name]) - needed

    license_text = (spec_path.parent / "LICENSE").read_text(encoding="utf-8")
    return {
        "_source": _source_line(spec_path.parent),
        "_license": license_text.strip(),
        "schemas": kinds,
        "components": {
            "schemas": {name: strip_schema(components[name]) for name in needed},
        },
    }


def render_extract(extract: dict[str, Any]) -> str:
    """Serialise deterministically (sorted keys, indent 1, trailing newline)."""
    return json.dumps(extract, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_license(spec_path: Path) -> str:
    """Text of ``tests/oai/LICENSE``: provenance note plus the MIT licence."""
    license_text = (spec_path.parent / "LICENSE").read_text(encoding="utf-8").strip()
    note = (
        "schemas.json is extracted (structure only) from "
        f"{_source_line(spec_path.parent)} by tools/extract_oai_schemas.py."
    )
    return f"{note}\n\n{license_text}\n"


def main(argv: list[str]) -> int:
    spec_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    if not spec_path.is_file():
        print(f"spec not found: {spec_path}", file=sys.stderr)
        return 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "schemas.json").write_text(
        render_extract(build_extract(spec_path)), encoding="utf-8", newline="\n"
    )
    (OUT_DIR / "LICENSE").write_text(render_license(spec_path), encoding="utf-8", newline="\n")
    print(f"wrote {OUT_DIR / 'schemas.json'} and {OUT_DIR / 'LICENSE'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
