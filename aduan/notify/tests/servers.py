"""Real servers on 127.0.0.1 for the tests: an SMTP server (aiosmtpd) and a JSON SMS
gateway (http.server) that honours idempotency keys, both able to fail or to hold a
request until the test lets it go."""

import asyncio
import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hold:
    """Make the first N requests wait, after they were taken in, until released."""

    def __init__(self):
        self.count = 0
        self.released = threading.Event()
        self.arrived = threading.Event()

    def wait_here(self) -> bool:
        if self.count <= 0:
            return False
        self.count -= 1
        self.arrived.set()
        return True


class SmtpSink:
    """aiosmtpd handler: keeps every message it was given (raw bytes, parsed)."""

    def __init__(self):
        self.messages = []
        self.hold = Hold()
        self.fail_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_next > 0:
            self.fail_next -= 1
            return "451 4.3.0 try again later"
        self.messages.append(
            message_from_bytes(envelope.original_content, policy=policy.default)
        )
        if self.hold.wait_here():
            while not self.hold.released.is_set():
                await asyncio.sleep(0.02)
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.messages]


class SmtpServer:
    def __init__(self):
        self.sink = SmtpSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sink.hold.released.set()
        self.controller.stop()


class GatewayState:
    def __init__(self, token: str):
        self.token = token
        self.requests = []  # (idempotency key, JSON body) for every request
        self.delivered = {}  # key -> provider id: what reached the phone, once
        self.fail_next = 0
        self.hold = Hold()
        self.lock = threading.Lock()


def _handler(state: GatewayState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            with state.lock:
                state.requests.append((key, body))
                if self.headers.get("Authorization") != f"Bearer {state.token}":
                    return self._answer(401, {"error": "unauthorised"})
                if state.fail_next > 0:
                    state.fail_next -= 1
                    return self._answer(503, {"error": "busy"})
                # The provider's idempotency: a known key gets the first answer back
                # and sends nothing again.
                if key not in state.delivered:
                    state.delivered[key] = f"gw-{len(state.delivered) + 1}"
                provider_id = state.delivered[key]
                held = state.hold.wait_here()
            if held:
                state.hold.released.wait(60)
            return self._answer(200, {"id": provider_id, "status": "accepted"})

    return Handler


class GatewayServer:
    def __init__(self, token: str = "rahasia-gateway"):
        self.state = GatewayState(token)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "GatewayServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state.hold.released.set()
        self.server.shutdown()
        self.server.server_close()
