"""Portal recipes: the steps, selectors and waits of one report, read from a TOML data file.

A recipe lives in ``resources/recipes/<id>.toml``. Portals change their pages; an administrator
edits the file, not the code. The engine knows a small vocabulary of step actions (see
``engine.steps``) and three loops (``kind``): one export per date range, one export per range
with automatic splitting of refused ranges, and a paginated table read page by page.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from o2c_desktop.paths import resources_dir
from o2c_desktop.services.portals.errors import RecipeError

Kind = Literal["export", "table"]
Chunking = Literal["calendar_year", "year_bisect", "none"]
FileType = Literal["xlsx", "xls"]


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for each kind of event; tests shrink them, recipes set real values."""

    element_s: float = 20.0
    page_load_s: float = 60.0
    export_start_s: float = 180.0
    export_done_s: float = 300.0
    download_s: float = 120.0
    human_s: float = 300.0
    attempts: int = 5
    backoff_s: float = 2.0

    def merged(self, overrides: Mapping[str, float]) -> Timeouts:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown timeouts: {sorted(unknown)}")
        values: dict[str, Any] = {
            k: int(v) if k == "attempts" else float(v) for k, v in overrides.items()
        }
        return replace(self, **values)


@dataclass(frozen=True)
class Step:
    """One action of a recipe: ``action`` from the engine's vocabulary, a selector, parameters."""

    action: str
    name: str
    selector: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    @property
    def marker(self) -> str:
        """A selector found on the page this step works on (a form's first field)."""
        if self.selector:
            return self.selector
        fields = self.params.get("fields")
        if isinstance(fields, list) and fields and isinstance(fields[0], Mapping):
            return str(fields[0].get("selector", ""))
        return ""


@dataclass(frozen=True)
class Markers:
    """What tells the engine where it is: a login form means the session was lost."""

    logged_out: str
    error_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """How to read a paginated HTML table (SAGI)."""

    table: str
    rows_per_page_open: str
    rows_per_page_option: str
    next_button: str
    loading_text: str
    columns: tuple[str, ...]
    dataset: str


@dataclass(frozen=True)
class Recipe:
    id: str
    portal: str
    title: str
    kind: Kind
    chunking: Chunking
    real_base_url: str
    timeouts: Timeouts
    markers: Markers
    login: tuple[Step, ...]
    navigate: tuple[Step, ...]
    per_range: tuple[Step, ...] = ()
    file_type: FileType = "xlsx"
    download_glob: str = ""
    download_name: str = ""
    table: TableSpec | None = None
    source: Path | None = None


# The actions a recipe step may name; the engine runs each (engine/steps.py ACTIONS, checked
# equal by the tests).
STEP_ACTIONS = frozenset({
    "open", "click", "hover", "wait_visible", "wait_gone", "close_if_present", "human_captcha",
    "type_user", "type_password", "expect_login", "type_date", "fill_form", "check_results",
    "export_when_ready", "download",
})  # fmt: skip


@dataclass(frozen=True)
class FormField:
    name: str
    selector: str
    value: str  # "from" or "to": which end of the queried range


def form_fields(step: Step) -> tuple[FormField, ...]:
    """The ``fields`` of a ``fill_form`` step; ``ValueError`` when one is malformed."""
    raw = step.param("fields")
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"step {step.name} needs a list of fields")
    parsed = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or not item.get("selector"):
            raise ValueError(f"field {i} of step {step.name} needs a selector")
        value = str(item.get("value", ""))
        if value not in ("from", "to"):
            raise ValueError(f"field {i} of step {step.name}: value must be 'from' or 'to'")
        parsed.append(FormField(str(item.get("name", f"campo {i}")), str(item["selector"]), value))
    return tuple(parsed)


def recipes_folder() -> Path:
    return resources_dir() / "recipes"


def _steps(recipe_id: str, raw: Any, section: str) -> tuple[Step, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RecipeError(recipe_id, f"[[{section}]] must be a list of steps")
    steps = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or "action" not in item:
            raise RecipeError(recipe_id, f"step {i} of {section} has no action")
        params = {k: v for k, v in item.items() if k not in {"action", "name", "selector"}}
        steps.append(
            Step(
                action=str(item["action"]),
                name=str(item.get("name", f"{section}.{i}:{item['action']}")),
                selector=str(item.get("selector", "")),
                params=params,
            )
        )
    return tuple(steps)


def parse_recipe(recipe_id: str, data: Mapping[str, Any], source: Path | None = None) -> Recipe:
    """Build a recipe from parsed TOML; any missing or wrong key is a ``RecipeError``."""
    try:
        markers = data["markers"]
        table_raw = data.get("table")
        table = (
            TableSpec(
                table=table_raw["table"],
                rows_per_page_open=table_raw["rows_per_page_open"],
                rows_per_page_option=table_raw["rows_per_page_option"],
                next_button=table_raw["next_button"],
                loading_text=table_raw["loading_text"],
                columns=tuple(table_raw["columns"]),
                dataset=table_raw["dataset"],
            )
            if table_raw
            else None
        )
        recipe = Recipe(
            id=recipe_id,
            portal=str(data["portal"]),
            title=str(data["title"]),
            kind=data["kind"],
            chunking=data["chunking"],
            real_base_url=str(data["real_base_url"]).rstrip("/"),
            timeouts=Timeouts().merged(data.get("timeouts", {})),
            markers=Markers(
                logged_out=str(markers["logged_out"]),
                error_texts=tuple(markers.get("error_texts", ())),
            ),
            login=_steps(recipe_id, data.get("login"), "login"),
            navigate=_steps(recipe_id, data.get("navigate"), "navigate"),
            per_range=_steps(recipe_id, data.get("per_range"), "per_range"),
            file_type=data.get("file_type", "xlsx"),
            download_glob=str(data.get("download_glob", "")),
            download_name=str(data.get("download_name", "")),
            table=table,
            source=source,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RecipeError(recipe_id, f"missing or invalid key: {exc}") from exc
    if recipe.kind not in ("export", "table") or recipe.chunking not in (
        "calendar_year",
        "year_bisect",
        "none",
    ):
        raise RecipeError(recipe_id, f"unknown kind/chunking {recipe.kind}/{recipe.chunking}")
    if recipe.kind == "table" and recipe.table is None:
        raise RecipeError(recipe_id, "a table recipe needs a [table] section")
    for step in (*recipe.login, *recipe.navigate, *recipe.per_range):
        if step.action not in STEP_ACTIONS:
            raise RecipeError(recipe_id, f"step {step.name} has unknown action {step.action!r}")
        if step.action == "fill_form":
            try:
                form_fields(step)
            except ValueError as exc:
                raise RecipeError(recipe_id, str(exc)) from exc
    return recipe


def load_recipe(recipe_id: str, folder: Path | None = None) -> Recipe:
    path = (folder or recipes_folder()) / f"{recipe_id}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RecipeError(recipe_id, f"file {path} not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(recipe_id, f"invalid TOML in {path}: {exc}") from exc
    return parse_recipe(recipe_id, data, path)
