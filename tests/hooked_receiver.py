"""A webhook receiver that runs code of the test's on each request before it answers.

The app a callback reaches may read the world while handling it (fetch the message through
the API, say); what it reads then is the subject of the event-order tests. tests/receiver.py
records and answers only, and stays as it is; this one records in the same shape
(``Received``) and, per request, calls ``hook(received)`` and keeps what it returns.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.receiver import Received


@dataclass
class HookedReceiver:
    server: ThreadingHTTPServer
    base: str
    hook: object  # callable(Received) -> anything; run before the answer is sent
    # (the request, what the hook returned, or the exception it raised) in arrival order
    seen: list[tuple[Received, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_hooked_receiver(hook, body: str = "", content_type: str = "text/plain"
                          ) -> HookedReceiver:
    """Answer every request 200 with ``body``, after ``hook`` has run on it."""
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            multi = parse_qs(raw if self.command == "POST" else urlsplit(self.path).query,
                             keep_blank_values=True)
            receiver = holder["receiver"]
            received = Received(self.command, self.path, receiver.base + self.path,
                                dict(self.headers), {k: v[0] for k, v in multi.items()}, multi)
            try:
                result = receiver.hook(received)
            except Exception as exc:  # kept for the test to see, not lost in a thread
                result = exc
            with receiver.lock:
                receiver.seen.append((received, result))
            try:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _handle

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = HookedReceiver(server, f"http://127.0.0.1:{server.server_address[1]}", hook)
    holder["receiver"] = receiver
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
