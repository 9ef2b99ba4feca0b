"""Recipes load from the shipped files; ranges are cut per year, at split points and by halves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from o2c_desktop.services.portals import REPORTS, PortalCredentials
from o2c_desktop.services.portals.engine.driver import BrowserOptions, browser_arguments
from o2c_desktop.services.portals.engine.runner import initial_ranges
from o2c_desktop.services.portals.errors import RecipeError
from o2c_desktop.services.portals.ranges import (
    apply_split_points,
    bisect,
    calendar_year_ranges,
    range_text,
)
from o2c_desktop.services.portals.recipes import load_recipe


@pytest.mark.parametrize("recipe_id", sorted(REPORTS))
def test_every_registered_report_has_a_valid_recipe(recipe_id: str) -> None:
    recipe = load_recipe(recipe_id)
    assert recipe.portal == REPORTS[recipe_id]
    assert recipe.login and recipe.navigate
    assert recipe.real_base_url.startswith("https://")
    assert recipe.kind == "table" or recipe.per_range


def test_recipes_follow_the_observed_navigation() -> None:
    altas = load_recipe("sai.altas")
    assert altas.chunking == "calendar_year" and altas.download_glob == "altas_export_*.xlsx"
    assert any("li:nth-child(6)" in s.selector for s in altas.navigate)
    ordenes = load_recipe("sai.ordenes")
    assert ordenes.navigate[-1].selector.endswith("li:nth-child(3) a")
    prei = load_recipe("prei.facturas_vs_cr")
    assert prei.chunking == "year_bisect" and prei.file_type == "xls"
    assert any(s.selector == "#j_idt26_modal" for s in prei.per_range)
    sagi = load_recipe("sagi.facturas2024")
    assert sagi.table is not None and len(sagi.table.columns) == 12


def test_broken_recipe_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('portal = "x"\n[[login]]\naction = "fly"\n')
    with pytest.raises(RecipeError, match="missing or invalid key"):
        load_recipe("bad", tmp_path)
    with pytest.raises(RecipeError, match="not found"):
        load_recipe("nowhere", tmp_path)
    good = load_recipe("sai.altas").source
    assert good is not None
    text = good.read_text(encoding="utf-8").replace('action = "hover"', 'action = "fly"')
    (tmp_path / "drifted.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RecipeError, match="unknown action 'fly'"):
        load_recipe("drifted", tmp_path)


def test_calendar_year_ranges_end_on_the_last_day_asked() -> None:
    assert calendar_year_ranges(date(2023, 1, 1), date(2025, 8, 25)) == [
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 8, 25)),
    ]
    assert calendar_year_ranges(date(2024, 3, 5), date(2024, 3, 5)) == [
        (date(2024, 3, 5), date(2024, 3, 5))
    ]
    with pytest.raises(ValueError):
        calendar_year_ranges(date(2024, 3, 5), date(2024, 3, 4))


def test_split_points_cut_ranges_where_the_portal_refused_before() -> None:
    years = calendar_year_ranges(date(2024, 1, 1), date(2025, 8, 25))
    cut = apply_split_points(years, [date(2025, 6, 20), date(2024, 7, 1), date(2030, 1, 1)])
    assert cut == [
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 19)),
        (date(2025, 6, 20), date(2025, 8, 25)),
    ]
    # A split point on a range's first day changes nothing.
    assert apply_split_points(years, [date(2025, 1, 1)]) == years
    prei = load_recipe("prei.facturas_vs_cr")
    assert initial_ranges(prei, date(2025, 1, 1), date(2025, 8, 25), [date(2025, 6, 20)]) == [
        (date(2025, 1, 1), date(2025, 6, 19)),
        (date(2025, 6, 20), date(2025, 8, 25)),
    ]


def test_bisect_covers_the_range_without_overlap() -> None:
    assert bisect((date(2025, 1, 1), date(2025, 1, 10))) == (
        (date(2025, 1, 1), date(2025, 1, 5)),
        (date(2025, 1, 6), date(2025, 1, 10)),
    )
    assert bisect((date(2025, 1, 1), date(2025, 1, 2))) == (
        (date(2025, 1, 1), date(2025, 1, 1)),
        (date(2025, 1, 2), date(2025, 1, 2)),
    )
    assert bisect((date(2025, 1, 1), date(2025, 1, 1))) is None
    assert range_text((date(2025, 1, 1), date(2025, 6, 19))) == "01/01/2025–19/06/2025"


def test_browser_can_only_resolve_the_portal_host(tmp_path: Path) -> None:
    args = browser_arguments(BrowserOptions(), "127.0.0.1", tmp_path)
    assert "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" in args
    assert f"--user-data-dir={tmp_path}" in args
    for flag in ("--disable-background-networking", "--disable-component-update", "--no-sandbox"):
        assert flag in args
    assert "--headless=new" in args
    assert "--headless=new" not in browser_arguments(
        BrowserOptions(headless=False), "x.gob.mx", tmp_path
    )


def test_credentials_never_show_the_password() -> None:
    assert "s3cret-Value" not in repr(PortalCredentials("demo", "s3cret-Value"))


def test_a_form_step_needs_fields_with_selectors_and_range_ends(tmp_path: Path) -> None:
    good = load_recipe("sai.altas")
    [form] = [s for s in good.per_range if s.action == "fill_form"]
    assert [f["value"] for f in form.param("fields")] == ["from", "to"]
    assert form.marker == "app-altas input[formcontrolname=inicial]", "the report page's mark"
    assert good.source is not None
    text = good.source.read_text(encoding="utf-8")
    for broken, reason in (
        (text.replace('value = "to"', 'value = "mañana"'), "value must be 'from' or 'to'"),
        (text.replace('selector = "app-altas input[formcontrolname=final]", ', ""), "selector"),
    ):
        (tmp_path / "form.toml").write_text(broken, encoding="utf-8")
        with pytest.raises(RecipeError, match=reason):
            load_recipe("form", tmp_path)


def test_every_action_a_recipe_may_name_is_one_the_engine_runs() -> None:
    from o2c_desktop.services.portals.engine.steps import ACTIONS
    from o2c_desktop.services.portals.recipes import STEP_ACTIONS

    assert set(ACTIONS) == STEP_ACTIONS
