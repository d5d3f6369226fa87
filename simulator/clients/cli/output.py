"""How the CLI prints: plain tables for people, ``--json`` for programs."""

from __future__ import annotations

import json
import sys


def emit(args, data, rows: list[dict] | None = None, columns: list[str] | None = None,
         text: str | None = None) -> None:
    """JSON of ``data`` with --json; else a table of ``rows`` or the ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, default=str, ensure_ascii=False))  # ja readable
    elif rows is not None:
        print(table(rows, columns or (list(rows[0]) if rows else [])))
    else:
        print(text if text is not None else json.dumps(data, indent=2, default=str))


def cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ",".join(map(str, value)) or "-"
    return str(value)


def table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "(none)"
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    return "\n".join(lines)


def fail(command: str, message: str) -> int:
    print(f"smsim {command}: {message}", file=sys.stderr)
    return 1
