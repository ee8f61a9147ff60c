"""A stand-in LogLogic server for the unit tests (the real stack is tested by test_stack.py)."""

import http.server
import json
import threading
import time

import pytest


class FakeIngest:
    """Records each request and answers with what ``answer(n, body)`` returns: (status, headers, body) or None to
    drop the connection without an answer."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                n = len(fake.requests)
                fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                      "body": json.loads(body), "at": time.monotonic()})
                reply = fake.answer(n, fake.requests[-1]["body"])
                if reply is None:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, headers, text = reply
                data = text.encode("utf-8")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def ids(self):
        return [e["event_id"] for r in self.requests for e in r["body"]["events"]]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


OK = (200, {}, '{"ok":true}')


@pytest.fixture
def fake():
    servers = []

    def start(answer=lambda n, body: OK):
        server = FakeIngest(answer)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
