"""The scenario's stand-in application: a loopback HTTP server answering webhooks as told."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class App:
    def __init__(self):
        self.answers: dict[str, tuple[int, str, str, float]] = {}
        self.hits: list[str] = []
        app = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = urlsplit(self.path).path
                app.hits.append(path)
                status, body, content_type, delay = app.answers.get(
                    path, (200, "<Response/>", "text/xml", 0.0))
                if delay:
                    time.sleep(delay)  # a slow app is the point of such a scenario
                data = body.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()

    def configure(self, spec: dict) -> None:
        self.answers[spec["path"]] = (int(spec.get("status", 200)),
                                      spec.get("body", "<Response/>"),
                                      spec.get("content_type", "text/xml"),
                                      float(spec.get("delay", 0.0)))

    def url(self, value: str | None) -> str | None:
        """"app:/sms" -> this app's URL; anything else unchanged."""
        if isinstance(value, str) and value.startswith("app:"):
            return self.base + value[4:]
        return value

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
