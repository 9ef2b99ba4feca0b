"""What every imitated portal of the demo needs: data, credentials, delays, temp folder."""

from __future__ import annotations

import html
import itertools
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from o2c_desktop.services.portals.demo.data import DemoData
from o2c_desktop.services.portals.demo.server import Request, Response, redirect


@dataclass(frozen=True)
class DemoUser:
    portal: str
    user: str
    password: str

    def __repr__(self) -> str:
        return f"DemoUser(portal={self.portal!r}, user={self.user!r}, password='***')"


@dataclass
class DemoContext:
    data: DemoData
    users: dict[str, DemoUser]
    export_delay_s: float
    prei_limit: int
    files_dir: Path
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_number(self) -> int:
        with self._lock:
            return next(self._counter)

    def check_password(self, portal: str, user: str, password: str) -> bool:
        expected = self.users[portal]
        return user == expected.user and password == expected.password


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def parse_dmy(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a day
    except ValueError:
        return None


def file_response(
    path: Path, name: str, content_type: str, *, cut: bool, corrupt: bool
) -> Response:
    """An attachment; ``cut`` closes the connection half way, ``corrupt`` sends a short file."""
    body = path.read_bytes()
    path.unlink(missing_ok=True)
    if corrupt:
        body = body[: len(body) // 2]
    return Response(
        body=body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
        cut_at=len(body) // 2 if cut else None,
    )


def require_login(request: Request, login_path: str) -> Response | None:
    return None if request.session.user else redirect(login_path)
