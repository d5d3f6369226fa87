"""How long an outbound message may wait in its queue before it fails (30001... 30003)."""

from __future__ import annotations

DEFAULT_VALIDITY = 36_000  # seconds (OAI CreateMessageRequest ValidityPeriod default)
