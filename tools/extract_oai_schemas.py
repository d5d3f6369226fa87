"""Extract the few Twilio OpenAPI schemas our conformance tests need.

Why: the test suite checks our JSON responses against Twilio's official
OpenAPI descriptions (twilio/twilio-oai): ``twilio_api_v2010.json`` for the
2010-04-01 API (Messages, Media, IncomingPhoneNumbers),
``twilio_messaging_v1.json`` for Messaging Services (``/v1/Services``),
``twilio_verify_v2.json`` for Verify (``/v2/Services``, Verifications,
VerificationCheck), ``twilio_lookups_v2.json`` for Lookup
(``/v2/PhoneNumbers/{PhoneNumber}``) and ``twilio_content_v1.json`` for the
Content API (``/v1/Content`` and its WhatsApp ApprovalRequests). Those files
are large and live outside this repository, so a fresh clone would not have
them. This script writes small, deterministic, structure-only extracts that
are committed and used by ``tests/oai_conformance.py``:

* ``tests/oai/schemas.json`` from the first four, read from one directory;
* ``tests/oai/content_schemas.json`` from the Content spec, which that
  directory may lack, so it is found on its own (below);
* ``tests/oai/LICENSE``: the provenance of both (their ``_source`` lines) and
  the MIT licence.

Re-run it whenever the upstream specs are updated;
``tests/test_oai_extract.py`` checks each committed extract is exactly what
this script produces whenever that extract's spec is present.

Usage (stdlib, plus ``git`` for a twilio-oai repository)::

    python tools/extract_oai_schemas.py [SPEC_DIR | path/to/one/of/the/spec/files]
                                        [--content-spec FILE_OR_TWILIO_OAI_REPO]

The four specs are read from one directory, by default
``../shared/twilio-oai/`` relative to the repository root. The optional
argument overrides it: either that directory, or the path of any one spec file
(see ``SPEC_FILES``), in which case the file's directory is used and the other
specs must sit next to it. ``SOURCE.txt`` (provenance, with the upstream
commit, naming every file) and ``LICENSE`` (MIT) must be in the same directory.

The Content spec (``--content-spec``) is either a ``twilio_content_v1.json``
file with such a ``SOURCE.txt`` (naming it) and ``LICENSE`` beside it, or a
twilio/twilio-oai git repository (a clone or a bare mirror), read at its
``HEAD``, whose commit is the provenance. Without the option the first present
of ``content_spec_candidates()`` is used: the file in the spec directory, then
a mirror ``.mirror/twilio+twilio-oai/repo`` in a folder above the repository
(as on the machine smsim was built on; the committed extract came from
twilio/twilio-oai@d50069b44ea8cd23141385bdb6db48f16ff75bb5, the commit of the
other four). An extract whose spec is not found is left as committed, and the
script says so; it fails only when neither is found.

All specs' component schemas go into one ``components.schemas`` map (most
names are namespaced, ``api.v2010.*`` / ``messaging.v1.*`` / ``verify.v2.*`` /
``content.v1.*``; Lookup's are not, e.g. ``LookupResponse``); the script fails
if a name would ever collide, rather than silently merging.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC_DIR = REPO_ROOT.parent / "shared" / "twilio-oai"
OUT_DIR = REPO_ROOT / "tests" / "oai"
EXTRACT_NAME = "schemas.json"
CONTENT_EXTRACT_NAME = "content_schemas.json"
# Where a twilio/twilio-oai mirror sits, relative to a folder above the repository.
MIRROR = Path(".mirror") / "twilio+twilio-oai" / "repo"

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
            "service_channel_sender": "messaging.v1.service.channel_sender",
        },
        lists={
            "list_service": ("/v1/Services", "ListServiceResponse"),
            "list_service_phone_number": (
                "/v1/Services/{ServiceSid}/PhoneNumbers",
                "ListPhoneNumberResponse",
            ),
            "list_service_channel_sender": (
                "/v1/Services/{MessagingServiceSid}/ChannelSenders",
                "ListChannelSenderResponse",
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

# The Content API (content.twilio.com/v1), extracted on its own (see the module docstring).
CONTENT_SPEC = SpecKinds(
    filename="twilio_content_v1.json",
    components={
        "content": "content.v1.content",
        "content_approval_fetch": "content.v1.content.approval_fetch",
        "content_approval_create": "content.v1.content.approval_create",
    },
    lists={"list_content": ("/v1/Content", "ListContentResponse")},
)

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


def _commit_in(source: Path, filenames: tuple[str, ...]) -> str:
    """The upstream commit named in ``source`` (a SOURCE.txt), which must name every file."""
    text = source.read_text(encoding="utf-8")
    commit = re.search(r"\b[0-9a-f]{40}\b", text)
    if commit is None:
        raise ValueError(f"no commit hash in {source}")
    for filename in filenames:
        if f"spec/json/{filename}" not in text:
            raise ValueError(f"{source} does not name spec/json/{filename}")
    return commit.group(0)


def source_line(commit: str, filenames: tuple[str, ...]) -> str:
    files = ", ".join(f"spec/json/{filename}" for filename in filenames)
    return f"twilio/twilio-oai@{commit} {files}"


def _source_line(spec_dir: Path) -> str:
    return source_line(_commit_in(spec_dir / "SOURCE.txt", SPEC_FILES), SPEC_FILES)


def _extract_one(
    spec: dict[str, Any], name: str, wanted: SpecKinds
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(kinds, needed component schemas) taken from one parsed spec file called ``name``."""
    components = spec["components"]["schemas"]

    kinds: dict[str, Any] = {}
    for kind, component in wanted.components.items():
        if component not in components:
            raise KeyError(f"component schema {component!r} missing from {name}")
        kinds[kind] = {"$ref": _REF_PREFIX + component}
    for kind, (path, title) in wanted.lists.items():
        response = spec["paths"][path]["get"]["responses"]["200"]
        schema = response["content"]["application/json"]["schema"]
        if schema.get("title") != title:
            raise ValueError(
                f"{name} GET {path} 200: title {schema.get('title')!r}, expected {title!r}"
            )
        kinds[kind] = strip_schema(schema)

    # Transitive closure of referenced component schemas, within this spec.
    needed: set[str] = set()
    pending = _refs(kinds)
    while pending:
        component = pending.pop()
        if component in needed:
            continue
        if component not in components:
            raise KeyError(f"$ref to {component!r} missing from {name}")
        needed.add(component)
        pending |= _refs(components[component]) - needed
    return kinds, {component: strip_schema(components[component]) for component in needed}


def _assemble(
    parts: list[tuple[SpecKinds, dict[str, Any]]], source: str, license_text: str
) -> dict[str, Any]:
    """One extract from parsed specs, refusing a kind or component name given twice."""
    kinds: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for wanted, spec in parts:
        spec_kinds, spec_schemas = _extract_one(spec, wanted.filename, wanted)
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
    return {
        "_source": source,
        "_license": license_text.strip(),
        "schemas": kinds,
        "components": {"schemas": schemas},
    }


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def build_extract(spec_dir: Path) -> dict[str, Any]:
    """Build the trimmed extract (a JSON-ready dict) from the full specs in ``spec_dir``."""
    parts = [(wanted, _read_json(spec_dir / wanted.filename)) for wanted in SPECS]
    license_text = (spec_dir / "LICENSE").read_text(encoding="utf-8")
    return _assemble(parts, _source_line(spec_dir), license_text)


def content_spec_candidates(spec_dir: Path = DEFAULT_SPEC_DIR) -> list[Path]:
    """Where the Content spec is looked for without ``--content-spec``, in order."""
    return [
        spec_dir / CONTENT_SPEC.filename,
        *(folder / MIRROR for folder in REPO_ROOT.parents),
    ]


def _is_git_repo(path: Path) -> bool:
    return path.is_dir() and ((path / "HEAD").is_file() or (path / ".git").exists())


def find_content_spec(spec_dir: Path = DEFAULT_SPEC_DIR) -> Path | None:
    """The first present of ``content_spec_candidates``, or None."""
    for path in content_spec_candidates(spec_dir):
        if path.is_file() or _is_git_repo(path):
            return path
    return None


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ValueError(f"git {' '.join(args)} in {repo}: {done.stderr.strip()}")
    return done.stdout


def read_content_spec(path: Path) -> tuple[dict[str, Any], str, str]:
    """(parsed Content spec, its source line, licence text) from a file or a git repo."""
    filenames = (CONTENT_SPEC.filename,)
    if _is_git_repo(path):
        commit = _git(path, "rev-parse", "HEAD").strip()
        spec = json.loads(_git(path, "show", f"{commit}:spec/json/{CONTENT_SPEC.filename}"))
        return spec, source_line(commit, filenames), _git(path, "show", f"{commit}:LICENSE")
    if path.name != CONTENT_SPEC.filename:
        raise ValueError(f"expected {CONTENT_SPEC.filename} or a twilio-oai repository, "
                         f"got {path}")
    commit = _commit_in(path.parent / "SOURCE.txt", filenames)
    license_text = (path.parent / "LICENSE").read_text(encoding="utf-8")
    return _read_json(path), source_line(commit, filenames), license_text


def build_content_extract(path: Path) -> dict[str, Any]:
    """The Content extract from ``path`` (see ``read_content_spec``)."""
    spec, source, license_text = read_content_spec(path)
    return _assemble([(CONTENT_SPEC, spec)], source, license_text)


def render_extract(extract: dict[str, Any]) -> str:
    """Serialise deterministically (sorted keys, indent 1, trailing newline)."""
    return json.dumps(extract, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_license(extracts: dict[str, dict[str, Any]]) -> str:
    """Text of ``tests/oai/LICENSE``: each extract file's provenance, then the MIT licence.

    ``extracts`` maps a file name in ``tests/oai`` to its extract, in the order the notes
    are written; they must share one licence text (all come from twilio/twilio-oai).
    """
    licenses = {extract["_license"] for extract in extracts.values()}
    if len(licenses) != 1:
        raise ValueError(f"the extracts carry {len(licenses)} different licence texts")
    notes = "\n".join(
        f"{name} is extracted (structure only) from {extract['_source']} "
        "by tools/extract_oai_schemas.py."
        for name, extract in extracts.items()
    )
    return f"{notes}\n\n{licenses.pop()}\n"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=Path(argv[0]).name, description=__doc__.split("\n")[0])
    parser.add_argument("spec", nargs="?", type=Path, default=None,
                        help=f"spec directory or one of {', '.join(SPEC_FILES)}")
    parser.add_argument("--content-spec", type=Path, default=None,
                        help=f"{CONTENT_SPEC.filename} (with SOURCE.txt and LICENSE beside it) "
                        "or a twilio/twilio-oai git repository")
    return parser.parse_args(argv[1:])


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    try:
        spec_dir = spec_dir_of(args.spec) if args.spec else DEFAULT_SPEC_DIR
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    content_path = args.content_spec or find_content_spec(spec_dir)
    if args.content_spec and not (args.content_spec.is_file() or _is_git_repo(args.content_spec)):
        print(f"Content spec not found: {args.content_spec}", file=sys.stderr)
        return 2
    written: dict[str, str] = {}
    missing = [name for name in SPEC_FILES if not (spec_dir / name).is_file()]
    if missing:
        print(f"spec not found in {spec_dir}: {', '.join(missing)}; "
              f"kept tests/oai/{EXTRACT_NAME}", file=sys.stderr)
    else:
        written[EXTRACT_NAME] = render_extract(build_extract(spec_dir))
    if content_path is None:
        print(f"{CONTENT_SPEC.filename} not found (tried "
              f"{', '.join(map(str, content_spec_candidates(spec_dir)))}); give --content-spec; "
              f"kept tests/oai/{CONTENT_EXTRACT_NAME}", file=sys.stderr)
    else:
        try:
            written[CONTENT_EXTRACT_NAME] = render_extract(build_content_extract(content_path))
        except (OSError, ValueError) as error:  # no SOURCE.txt beside it, not a twilio-oai repo
            print(f"{content_path}: {error}", file=sys.stderr)
            return 1
    if not written:
        return 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in written.items():
        (OUT_DIR / name).write_text(text, encoding="utf-8", newline="\n")
    # The licence names every extract, the ones kept as committed too.
    extracts = {name: json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
                for name in (EXTRACT_NAME, CONTENT_EXTRACT_NAME)
                if (OUT_DIR / name).is_file()}
    (OUT_DIR / "LICENSE").write_text(render_license(extracts), encoding="utf-8", newline="\n")
    print(f"wrote {', '.join(str(OUT_DIR / name) for name in written)} and {OUT_DIR / 'LICENSE'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
