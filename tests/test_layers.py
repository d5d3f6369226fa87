"""The layer rule, read from the code with ``ast`` (docs/architecture.md).

Imports go down only: web -> engine -> store -> domain. Clients talk HTTP: they may use the
pure domain, never the store, the engine or the web layer (``serve`` alone may boot the web
layer). The domain does no I/O; every SQL statement lives in ``store/``; ``web/`` never imports
the store; no module takes part in an import cycle.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "simulator"
PACKAGE = "smsim"

# How far down each layer sits; a module may import its own layer or a lower one.
RANK = {"domain": 0, "store": 1, "engine": 2, "web": 3}
# Modules that may import a layer they would otherwise not see, and why.
ALLOWED = {
    # `smsim serve` boots the server: the one client that is not HTTP.
    "smsim.clients.cli.serve": {"web"},
}
# Third-party and standard modules a pure domain must not use: I/O, SQL, HTTP, the web
# framework, threads and the wall clock.
NOT_IN_DOMAIN = {"flask", "werkzeug", "sqlite3", "sqlite_utils", "requests", "twilio",
                 "socket", "subprocess", "threading", "time", "urllib.request", "http"}
NOT_IN_ENGINE = {"flask", "werkzeug"}
# An SQL statement, or a piece of one (a WHERE fragment with a placeholder).
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|"
                 r"CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE|BEGIN\s+IMMEDIATE|SAVEPOINT|"
                 r"ORDER\s+BY|GROUP\s+BY|WHERE\s)|\[?\w+\]?\s*(=|<=|>=|<|>|IN\s*\(|LIKE)\s*\?",
                 re.DOTALL)


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def layer(self) -> str | None:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RANK) else None


def read_modules(source: Path, package: str = PACKAGE) -> dict[str, Module]:
    modules = {}
    for path in sorted(source.rglob("*.py")):
        parts = list(path.relative_to(source).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join([package, *parts])
        modules[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    return modules


def imported(module: Module, known: dict[str, Module]) -> set[str]:
    """Every module of the package (and every outside module) that ``module`` imports,
    top-level or inside a function."""
    out = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{module.path}: relative import; use smsim.…")
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                out.add(sub if sub in known else node.module)
    return out


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else None


def violations(source: Path, package: str = PACKAGE) -> list[str]:
    modules = read_modules(source, package)
    found = []
    graph: dict[str, set[str]] = {}
    for module in modules.values():
        here = layer_of(module.name)
        targets = imported(module, modules)
        graph[module.name] = {t for t in targets if t in modules}
        for target in targets:
            there = layer_of(target)
            if here == "domain" and any(target == m or target.startswith(m + ".")
                                        for m in NOT_IN_DOMAIN):
                found.append(f"{module.name} (domain) imports {target}: no I/O in domain")
            if here == "engine" and target.split(".")[0] in NOT_IN_ENGINE:
                found.append(f"{module.name} (engine) imports {target}: no Flask in engine")
            if there is None or there == here or target in (package,):
                continue
            if there in ALLOWED.get(module.name, ()):
                continue
            if here == "clients":
                if there != "domain":
                    found.append(f"{module.name} (clients) imports {target}: clients talk "
                                 "HTTP, and may use only the domain")
            elif here in RANK and there in RANK and RANK[there] > RANK[here]:
                found.append(f"{module.name} ({here}) imports {target} ({there}): "
                             "imports go down only")
            elif here in RANK and there == "clients":
                found.append(f"{module.name} ({here}) imports {target}: only clients "
                             "import clients")
            elif here == "web" and there == "store":
                found.append(f"{module.name} (web) imports {target}: web calls the engine, "
                             "never the store")
        if here != "store":
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and SQL.search(node.value):
                    found.append(f"{module.path.relative_to(source)}:{node.lineno}: SQL "
                                 f"outside store/: {node.value.strip()[:60]!r}")
    found.extend(f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_package_keeps_the_layer_rule():
    assert violations(SOURCE) == []


def test_every_package_folder_is_in_the_wheel():
    """pyproject lists the packages by hand (the root is renamed): a new folder must be added."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {".".join([PACKAGE, *p.parent.relative_to(SOURCE).parts])
               for p in SOURCE.rglob("__init__.py")}
    assert folders <= listed, f"add to pyproject's packages: {sorted(folders - listed)}"
    assert "smsim.scenario_pack" in listed


# --- the checker catches what it is for --------------------------------------------------

def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


CLEAN = {
    "__init__.py": "", "domain/__init__.py": "", "store/__init__.py": "",
    "engine/__init__.py": "", "web/__init__.py": "", "clients/__init__.py": "",
    "domain/rules.py": "X = 1\n",
    "store/rows.py": "from smsim.domain import rules\nSQL = 'SELECT * FROM t WHERE a = ?'\n",
    "engine/use.py": "from smsim.store import rows\nfrom smsim.domain import rules\n",
    "web/page.py": "from smsim.engine import use\n",
    "clients/cli.py": "import requests\nfrom smsim.domain import rules\n",
}


@pytest.mark.parametrize("change, expected", [
    ({"domain/rules.py": "from smsim.engine import use\n"}, "imports go down only"),
    ({"store/rows.py": "from smsim.web import page\n"}, "imports go down only"),
    ({"web/page.py": "from smsim.store import rows\n"}, "never the store"),
    ({"clients/cli.py": "from smsim.engine import use\n"}, "clients talk HTTP"),
    ({"engine/use.py": "def f(store):\n    return store.q('DELETE FROM messages')\n"},
     "SQL outside store/"),
    ({"engine/use.py": "W = 'account_sid = ? AND status = ?'\n"}, "SQL outside store/"),
    ({"web/page.py": "ORDER = 'seq DESC'\nQ = 'SELECT sid FROM messages ORDER BY seq'\n"},
     "SQL outside store/"),
    ({"domain/rules.py": "import time\nNOW = time.time()\n"}, "no I/O in domain"),
    ({"domain/rules.py": "import sqlite3\n"}, "no I/O in domain"),
    ({"engine/use.py": "from flask import request\n"}, "no Flask in engine"),
    ({"engine/use.py": "from smsim.engine import other\n",
      "engine/other.py": "from smsim.engine import use\n"}, "import cycle"),
])
def test_the_checker_refuses(tmp_path, change, expected):
    clean = write_tree(tmp_path / "clean", CLEAN)
    assert violations(clean) == []
    broken = write_tree(tmp_path / "broken", {**CLEAN, **change})
    assert any(expected in v for v in violations(broken)), violations(broken)
