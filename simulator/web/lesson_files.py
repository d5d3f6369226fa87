"""The lesson pack as the server reads it: parsed once, and again only when a file changed
(a trainer may edit one between two classes; the lesson ticker looks ten times a second).
Its own module, below the player and the pages, which both read it."""

from __future__ import annotations

import threading

from smsim.domain.lessons import Lesson, discover, load_all, pack_dir

_lock = threading.Lock()
_read: dict = {"key": None, "lessons": {}}


def pack() -> dict[str, Lesson]:
    """Every lesson, in the guide's order; LessonError naming the file for a broken one."""
    directory = pack_dir()
    key = (str(directory),
           tuple((p.name, p.stat().st_mtime_ns) for p in discover(directory).values()))
    with _lock:
        if _read["key"] != key:
            _read["lessons"] = load_all(directory)
            _read["key"] = key
        return _read["lessons"]
