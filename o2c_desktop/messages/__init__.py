"""Messages a person can read: a code and its parameters, turned into text only at the edges.

Services raise errors, report progress and record run-history reasons as :class:`Message`
values. The CLI and the window render them in the person's language with :meth:`Message.text`,
from one catalogue (:mod:`o2c_desktop.messages.catalogue`); the run history stores the code and
the parameters, never rendered text, so a record reads in either language and nothing has to
parse a sentence to learn what happened.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from o2c_desktop.messages.catalogue import CATALOGUE

# Text written before messages had codes (old run-history rows, errors still phrased in place):
# its Spanish and English wording travel as the parameters.
TEXT = "text"
# Several messages read as one, e.g. what went wrong in each report of a run.
JOINED = "joined"


@dataclass(frozen=True)
class Message:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "es") -> str:
        if self.code == TEXT:
            wording = self.params.get(lang) or self.params.get("es") or ""
            return str(wording)
        if self.code == JOINED:
            parts = self.params["parts"]
            return str(self.params.get("separator", "; ")).join(p.text(lang) for p in parts)
        templates = CATALOGUE[self.code]
        template = templates[1] if lang == "en" else templates[0]
        return template.format(**{k: _rendered(v, lang) for k, v in self.params.items()})

    @property
    def es(self) -> str:
        return self.text("es")

    @property
    def en(self) -> str:
        return self.text("en")

    def to_json(self) -> str:
        return json.dumps(_encoded(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(stored: str) -> Message:
        return _decoded(json.loads(stored))

    @staticmethod
    def from_stored(stored: str | None) -> Message | None:
        """A message read back from the run history; text stored before codes existed reads as
        that text in both languages."""
        if stored is None:
            return None
        if stored.startswith("{"):
            try:
                return Message.from_json(stored)
            except (ValueError, KeyError, TypeError):
                pass
        return text(stored)


def msg(code: str, /, **params: Any) -> Message:
    if code not in CATALOGUE and code not in (TEXT, JOINED):
        raise KeyError(f"message code {code!r} is not in the catalogue")
    return Message(code, {k: _storable(v) for k, v in params.items()})


def _storable(value: Any) -> Any:
    """Parameters are kept as values the run history can store and give back: paths and
    exceptions as their text; dates stay dates (a template may format them)."""
    if isinstance(value, PurePath | BaseException):
        return str(value)
    return value


def text(es: str, en: str | None = None) -> Message:
    """Wording not (yet) in the catalogue, in both languages."""
    return Message(TEXT, {"es": es, "en": en or es})


def joined(parts: list[Message], separator: str = "; ") -> Message:
    return Message(JOINED, {"parts": parts, "separator": separator})


def _rendered(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, list) and all(isinstance(v, Message) for v in value):
        return [v.text(lang) for v in value]
    return value


def _encoded(message: Message) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in message.params.items():
        if isinstance(value, datetime):
            params[key] = {"datetime": value.isoformat()}
        elif isinstance(value, date):
            params[key] = {"date": value.isoformat()}
        elif isinstance(value, Decimal):
            params[key] = {"decimal": str(value)}
        elif isinstance(value, Message):
            params[key] = {"message": _encoded(value)}
        elif isinstance(value, list) and value and all(isinstance(v, Message) for v in value):
            params[key] = {"messages": [_encoded(v) for v in value]}
        else:
            params[key] = value
    return {"code": message.code, "params": params}


def _decoded(stored: Mapping[str, Any]) -> Message:
    params: dict[str, Any] = {}
    for key, value in stored["params"].items():
        if isinstance(value, dict) and set(value) == {"datetime"}:
            params[key] = datetime.fromisoformat(value["datetime"])
        elif isinstance(value, dict) and set(value) == {"date"}:
            params[key] = date.fromisoformat(value["date"])
        elif isinstance(value, dict) and set(value) == {"decimal"}:
            params[key] = Decimal(value["decimal"])
        elif isinstance(value, dict) and set(value) == {"message"}:
            params[key] = _decoded(value["message"])
        elif isinstance(value, dict) and set(value) == {"messages"}:
            params[key] = [_decoded(v) for v in value["messages"]]
        else:
            params[key] = value
    code = str(stored["code"])
    if code not in CATALOGUE and code not in (TEXT, JOINED):
        raise KeyError(code)
    return Message(code, params)


def render(message: Message | None, lang: str = "es") -> str:
    """The message's text, or empty when there is none."""
    return message.text(lang) if message is not None else ""


def rendered(record: Mapping[str, Any], lang: str = "es") -> dict[str, Any]:
    """A record whose messages are turned into text, for printing or a table."""
    return {k: v.text(lang) if isinstance(v, Message) else v for k, v in record.items()}
