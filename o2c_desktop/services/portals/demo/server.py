"""The demo portal's HTTP plumbing: requests, cookie sessions, fault switches, responses.

Stdlib only (``ThreadingHTTPServer``). Each imitated portal (``sai``, ``prei``, ``sagi``) owns a
path prefix and a cookie, like the real sites own a host and a cookie; the portal modules answer
the requests through ``Route`` handlers.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from o2c_desktop.services.portals.demo.faults import PortalFaults

log = logging.getLogger(__name__)

ERROR_500_PAGE = (
    "<!doctype html><html><head><title>HTTP Status 500 – Internal Server Error</title></head>"
    "<body><h1>HTTP Status 500 – Internal Server Error</h1><p>java.lang.NullPointerException"
    "</p></body></html>"
)


@dataclass
class Session:
    id: str
    captcha_answer: str = ""
    captcha_ok: bool = False
    user: str | None = None
    requests: int = 0


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    session: Session
    portal: str


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    cut_at: int | None = None  # close the connection after this many bytes (truncated download)


def html(text: str, status: int = 200) -> Response:
    return Response(status=status, body=text.encode("utf-8"))


def redirect(location: str) -> Response:
    return Response(status=303, headers={"Location": location})


def as_json(data: Any, status: int = 200) -> Response:
    return Response(
        status=status,
        body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )


def page(name: str, **values: str) -> Response:
    """A page from ``demo/pages`` with ``{{key}}`` placeholders filled."""
    text = resources.files("o2c_desktop.services.portals.demo").joinpath("pages", name)
    content = text.read_text(encoding="utf-8")
    for key, value in values.items():
        content = content.replace("{{" + key + "}}", value)
    return html(content)


Handler = Callable[[Request], Response]


@dataclass
class PortalState:
    """One imitated portal: its routes, sessions and fault switches."""

    name: str
    prefix: str
    routes: dict[tuple[str, str], Handler]
    faults: PortalFaults = field(default_factory=PortalFaults)
    report_pages: frozenset[str] = frozenset()  # pages that the HTTP 500 switch hits
    sessions: dict[str, Session] = field(default_factory=dict)
    http_500_left: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # What a test or the sync bench asks afterwards: how often someone logged in, how often a
    # captcha was answered right, how many sessions the portal dropped, how often a password
    # was refused.
    logins: int = 0
    captchas_solved: int = 0
    sessions_expired: int = 0
    logins_refused: int = 0

    def count_login(self) -> None:
        with self.lock:
            self.logins += 1

    def count_login_refused(self) -> None:
        with self.lock:
            self.logins_refused += 1

    def count_captcha_solved(self) -> None:
        with self.lock:
            self.captchas_solved += 1

    @property
    def cookie(self) -> str:
        return f"{self.name.upper()}_SESSION"

    def set_faults(self, faults: PortalFaults) -> None:
        with self.lock:
            self.faults = faults
            self.http_500_left = faults.http_500_pages

    def session_for(self, cookie_value: str | None) -> Session:
        """The caller's session; a new one when it is unknown or has expired."""
        with self.lock:
            session = self.sessions.get(cookie_value or "")
            limit = self.faults.session_expires_after
            if session is not None and limit is not None and session.requests >= limit:
                log.info("%s: dropping session after %d requests", self.name, session.requests)
                del self.sessions[session.id]
                self.sessions_expired += 1
                session = None
            if session is None:
                session = Session(id=secrets.token_hex(16))
                self.sessions[session.id] = session
            session.requests += 1
            return session

    def take_http_500(self, path: str) -> bool:
        with self.lock:
            if path in self.report_pages and self.http_500_left > 0:
                self.http_500_left -= 1
                return True
            return False


class DemoHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], portals: list[PortalState]) -> None:
        super().__init__(address, DemoRequestHandler)
        self.portals = portals
        self.stopping = threading.Event()

    def portal_for(self, path: str) -> PortalState | None:
        return next((p for p in self.portals if path.startswith(p.prefix)), None)


class DemoRequestHandler(BaseHTTPRequestHandler):
    server: DemoHttpServer
    server_version = "Apache-Coyote/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        form: dict[str, str] = {}
        body = b""
        if method == "POST":
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "json" not in (self.headers.get("Content-Type") or ""):
                form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()}
        if split.path.startswith("/__admin/"):
            self._send(self._admin(method, split.path, body), set_cookie=None)
            return
        portal = self.server.portal_for(split.path)
        if portal is None:
            self._send(html("<h1>404</h1>", HTTPStatus.NOT_FOUND), set_cookie=None)
            return
        cookies = SimpleCookie(self.headers.get("Cookie") or "")
        morsel = cookies.get(portal.cookie)
        session = portal.session_for(morsel.value if morsel else None)
        set_cookie = f"{portal.cookie}={session.id}; Path={portal.prefix}; HttpOnly"
        faults = portal.faults
        if faults.slow_page_s and method == "GET" and split.path in portal.report_pages:
            # The server's own stop event paces the delay so that shutting down is never slow.
            self.server.stopping.wait(faults.slow_page_s)
        if portal.take_http_500(split.path):
            log.info("%s: answering HTTP 500 on %s", portal.name, split.path)
            self._send(html(ERROR_500_PAGE, 500), set_cookie)
            return
        handler = portal.routes.get((method, split.path))
        if handler is None:
            self._send(html("<h1>404 Not Found</h1>", HTTPStatus.NOT_FOUND), set_cookie)
            return
        request = Request(method, split.path, query, form, session, portal.name)
        self._send(handler(request), set_cookie)

    def _admin(self, method: str, path: str, body: bytes) -> Response:
        # POST /__admin/faults/<portal> with a JSON object of switches (tests, demos).
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 3 and parts[1] == "faults":
            portal = next((p for p in self.server.portals if p.name == parts[2]), None)
            if portal is None:
                return as_json({"error": f"unknown portal {parts[2]}"}, 404)
            try:
                portal.set_faults(PortalFaults.from_dict(json.loads(body or b"{}")))
            except (ValueError, TypeError) as exc:
                return as_json({"error": str(exc)}, 400)
            return as_json(portal.faults.as_dict())
        return as_json({"error": "unknown admin request"}, 404)

    def _send(self, response: Response, set_cookie: str | None) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        if set_cookie:
            self.send_header("Set-Cookie", set_cookie)
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if response.cut_at is not None:
            self.wfile.write(response.body[: response.cut_at])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(response.body)
