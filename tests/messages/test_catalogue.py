"""The message catalogue: every code a clerk can meet reads in Spanish and English, with the same
parameters, and every code the program uses is in it."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import string
from pathlib import Path

import pytest

import o2c_desktop
from o2c_desktop.errors import UserError
from o2c_desktop.messages import JOINED, TEXT, Message, joined, msg, text
from o2c_desktop.messages.catalogue import CATALOGUE, FAMILIES
from o2c_desktop.services.portals import errors as portal_errors

SOURCE = Path(o2c_desktop.__file__).parent


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_with_the_same_parameters(code: str) -> None:
    es, en = CATALOGUE[code]
    assert es.strip() and en.strip()
    assert placeholders(es) == placeholders(en), code


def codes_named_in_source() -> set[str]:
    """Every string constant in the program that is written like a message code."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.is_relative_to(SOURCE / "messages"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
            elif isinstance(node, ast.Constant) and node.value in CATALOGUE:
                found.add(node.value)
    return found


def test_every_code_used_is_in_the_catalogue_and_every_entry_is_used() -> None:
    used = codes_named_in_source()
    assert used - set(CATALOGUE) == set(), "codes without wording"
    assert set(CATALOGUE) - used == set(), "wording no code uses"


def test_every_family_module_is_read_into_the_catalogue() -> None:
    """A family file added to the package but not named in FAMILIES would leave its codes
    unknown (and its errors unreadable) until someone noticed."""
    package = importlib.import_module("o2c_desktop.messages.catalogue")
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert modules == set(FAMILIES)


def test_an_unknown_code_is_refused_when_the_message_is_made() -> None:
    with pytest.raises(KeyError):
        msg("portal.no_such_thing")


def portal_error_examples() -> list[portal_errors.PortalError]:
    """One of each portal error, with parameters as the engine passes them."""
    folder = Path("/opt/edge")
    return [
        portal_errors.LoginRejected("sai", "ventas01", "Usuario o contraseña incorrectos"),
        portal_errors.LoginNotRetried("sai", "ventas01"),
        portal_errors.CaptchaNotSolved("sai", 300),
        portal_errors.SessionExpired("prei", 3, "descarga de facturas"),
        portal_errors.PortalUnavailable("sagi", 3, "HTTP 503", "https://sagi.example/altas"),
        portal_errors.PortalNotReached("sai", "https://sai.example", "ERR_NAME_NOT_RESOLVED", 2),
        portal_errors.PortalNotReached("sai", "https://sai.example", "ERR_SSL_PROTOCOL_ERROR"),
        portal_errors.PortalTimeout("prei", 2, "buscar", 90),
        portal_errors.ExportNeverFinished("sai", "altas", "01/03/2025–31/03/2025", 600),
        portal_errors.LayoutChanged("sai", "sai_altas", "buscar", "#btnBuscar"),
        portal_errors.InvalidDownload("sai", "altas.xlsx", "0 bytes"),
        portal_errors.PartialExtraction("sagi", "altas", 3, 7),
        portal_errors.RunCancelled("prei"),
        portal_errors.BrowserUnavailable("chromium", "no se encontró el ejecutable"),
        portal_errors.DriverNotFound("edge", ("C:/o2c/drivers",), None, folder, "not on PATH"),
        portal_errors.DriverNotFound("chrome", ("PATH",), "131.0.6778.85", None, "not found"),
        portal_errors.DriverVersionMismatch(
            "chromium", Path("/usr/bin/chromedriver"), "120.0", "131.0.1", None
        ),
        portal_errors.DriverVersionMismatch(
            "edge", Path("C:/d/msedgedriver.exe"), "120", "131.2", folder
        ),
        portal_errors.DriverVersionMismatch("edge", None, "120", "131.2", folder),
        portal_errors.BrowserStopped("sai", "chrome not reachable"),
        portal_errors.RecipeError("sai_altas", "falta el paso «login»"),
    ]


def test_every_portal_error_is_made_from_the_catalogue_and_reads_in_both_languages() -> None:
    examples = portal_error_examples()
    defined = {
        cls for _, cls in inspect.getmembers(portal_errors, inspect.isclass)
        if issubclass(cls, portal_errors.PortalError) and cls is not portal_errors.PortalError
    }  # fmt: skip
    assert {type(e) for e in examples} == defined, "an example of every portal error"
    for error in examples:
        assert error.reason.code in CATALOGUE
        assert error.es != error.en
        for wording in (error.es, error.en):
            assert "{" not in wording and "}" not in wording, wording
    login = examples[0]
    assert login.message("es").startswith("SAI rechazó la contraseña del usuario ventas01")
    assert login.message("en").startswith("SAI rejected the password of user ventas01")
    reached = examples[5]
    assert "no se encontró el servidor" in reached.es and "(2 intentos)" in reached.es
    assert "the server was not found" in reached.en and "(2 attempts)" in reached.en
    assert "error de red ERR_SSL_PROTOCOL_ERROR" in examples[6].es


def test_a_message_survives_the_run_history_round_trip_with_what_it_contains() -> None:
    step = msg("sync.files_not_loaded", outcome=msg("sync.step_loaded", files=3, rows=120),
               count=1, first="«altas.xlsx» no se pudo leer")  # fmt: skip
    run = joined([msg("run.report_outcome", report="sai.altas", outcome=step)])
    again = Message.from_json(run.to_json())
    assert again == run
    assert (
        again.es
        == "sai.altas: 3 archivos, 120 filas; 1 archivo(s) sin cargar: «altas.xlsx» no se pudo leer"
    )
    assert (
        again.en
        == "sai.altas: 3 files, 120 rows; 1 file(s) not loaded: «altas.xlsx» no se pudo leer"
    )


def test_text_stored_before_codes_reads_as_itself() -> None:
    old = "La ejecución se interrumpió (el programa se cerró antes de terminar)."
    assert Message.from_stored(old) == text(old)
    assert Message.from_stored(old).en == old  # type: ignore[union-attr]
    assert Message.from_stored(None) is None
    assert Message.from_stored("{no es json") == text("{no es json")
    assert {TEXT, JOINED}.isdisjoint(CATALOGUE)


def user_error_classes() -> set[str]:
    names = {"UserError"}
    for info in pkgutil.walk_packages(o2c_desktop.__path__, "o2c_desktop."):
        if info.name.startswith(("o2c_desktop.ui", "o2c_desktop.__main__")):
            continue
        module = importlib.import_module(info.name)
        names |= {
            name for name, obj in vars(module).items()
            if inspect.isclass(obj) and issubclass(obj, UserError)
        }  # fmt: skip
    return names


def test_every_error_a_clerk_can_meet_is_made_from_the_catalogue() -> None:
    """No error is worded in place: each is a catalogue code (so it exists in Spanish and
    English, checked above); text given instead is refused when the error is made."""
    classes = user_error_classes()
    worded_in_place = []
    for path in SOURCE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            worded = isinstance(first, ast.JoinedStr | ast.BinOp) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str)
            )
            if name in classes and worded:
                worded_in_place.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert worded_in_place == []
    with pytest.raises(TypeError, match="catalogue"):
        UserError("El portal no respondió.")  # type: ignore[arg-type]


def test_odd_text_stays_text() -> None:
    """Braces in a file name are a value, not a template; a stored code this version does not
    know reads as what was stored."""
    odd = msg("portal.invalid_download", portal="SAI", name="altas {0} {x}.xlsx", reason="0 B")
    assert "«altas {0} {x}.xlsx»" in odd.es and "'altas {0} {x}.xlsx'" in odd.en
    unknown = '{"code": "portal.from_a_newer_version", "params": {}}'
    assert Message.from_stored(unknown) == text(unknown)
