"""What every imitated portal of the demo needs: data, credentials, delays, temp folder."""

from __future__ import annotations

import html
import itertools
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from o2c_desktop.services.portals.demo.data import DemoData
from o2c_desktop.services.portals.demo.server import PortalState, Request, Response


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

    def sign_in(
        self, state: PortalState, request: Request, user_field: str, password_field: str
    ) -> bool:
        """Log the form's user in to ``state``'s portal if its password is right and no fault
        refuses it; the portal counts the login or the refusal either way."""
        user = request.form.get(user_field, "")
        password = request.form.get(password_field, "")
        expected = self.users[state.name]
        right = user == expected.user and password == expected.password
        if state.faults.wrong_password or not right:
            state.count_login_refused()
            return False
        request.session.user = user
        state.count_login()
        return True


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
