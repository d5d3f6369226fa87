"""One small builder for the WHERE clause of a list: optional criteria, parameterised.

Every list the API, the control plane and the dashboard serve filters on a few optional
fields; a criterion given as None (or "") is left out, so callers pass their query
parameters straight through. Column names come from our own code, never from a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def clause(self, sql: str, *params) -> Where:
        """A clause of our own with its parameters (always applied)."""
        self.clauses.append(sql)
        self.params.extend(params)
        return self

    def equal(self, column: str, value) -> Where:
        if value is None or value == "":
            return self
        return self.clause(f"[{column}] = ?", value)

    def at_least(self, column: str, value) -> Where:
        if value is None:
            return self
        return self.clause(f"[{column}] >= ?", value)

    def before(self, column: str, value) -> Where:
        if value is None:
            return self
        return self.clause(f"[{column}] < ?", value)

    def flag(self, column: str, value: bool | None) -> Where:
        if value is None:
            return self
        return self.clause(f"[{column}] = ?", int(value))

    def any_of(self, column: str, values) -> Where:
        if values is None:
            return self
        values = list(values)
        if not values:
            return self.clause("0")
        return self.clause(f"[{column}] IN ({', '.join('?' * len(values))})", *values)

    def prefix(self, column: str, value: str | None) -> Where:
        """``column`` starts with ``value`` literally (``%`` and ``_`` are not wildcards)."""
        if not value:
            return self
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return self.clause(f"[{column}] LIKE ? ESCAPE '\\'", escaped + "%")

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) or "1"
