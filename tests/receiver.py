"""A real HTTP server on a loopback port that records the webhooks it receives.

With a ``hook``, it runs test code on each request before it answers (an app that reads the
world while handling a callback) and keeps what the hook returned, or raised, in ``seen``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    method: str
    path: str
    url: str
    headers: dict
    params: dict  # name -> first value
    multi: dict  # name -> all values


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    base: str
    received: list[Received] = field(default_factory=list)
    # path -> (status, delay seconds, body, content type)
    answers: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hook: object = None  # callable(Received) -> anything, run before the answer
    # (the request, what the hook returned or the exception it raised), in arrival order
    seen: list = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def answer(self, path: str, status: int = 200, delay: float = 0.0, body: str = "",
               content_type: str = "text/plain") -> None:
        self.answers[path] = (status, delay, body, content_type)

    def on(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if urlsplit(r.path).path == path]

    def wait_for(self, path: str, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.on(path)
            if len(got) >= count:
                return got
            time.sleep(0.02)
        return self.on(path)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_receiver(hook=None) -> Receiver:
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            query = urlsplit(self.path).query
            multi = parse_qs(raw if self.command == "POST" else query, keep_blank_values=True)
            receiver = holder["receiver"]
            received = Received(self.command, self.path, receiver.base + self.path,
                                dict(self.headers), {k: v[0] for k, v in multi.items()}, multi)
            with receiver.lock:
                receiver.received.append(received)
            if receiver.hook is not None:
                try:
                    result = receiver.hook(received)
                except Exception as exc:  # kept for the test to see, not lost in a thread
                    result = exc
                with receiver.lock:
                    receiver.seen.append((received, result))
            status, delay, body, content_type = receiver.answers.get(
                urlsplit(self.path).path, (200, 0.0, "", "text/plain"))
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
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
    receiver = Receiver(server, f"http://127.0.0.1:{server.server_address[1]}", hook=hook)
    holder["receiver"] = receiver
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
