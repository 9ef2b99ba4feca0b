"""Full demo sync of every report through headless Chromium: wall time against the portal's delays.

    .venv/bin/python bench/bench_sync.py [--scale 400] [--export-delay 1.0] [--repeat 3] [--headed]
    .venv/bin/python bench/bench_sync.py --profile   # one sync, time per WebDriver command and step

Two ways over the same demo portal, measured in the same run, alternating, median of --repeat:

* sync: what ``o2c sync`` does headless, one browser and one login per portal
  (``PortalBrowser``), its reports in sequence, the portals side by side (one thread each);
* baseline: the former way, one browser start and one login per report (``run_report``), one
  report after another.

The floor is the time the portal itself makes the browser wait for exports: the configured export
delay times the number of exports the run made, as a person clicking through the reports one
after another would wait; the goal ("≤ 1.5× the portal's own delays") is compared to it. The
parallel floor is the slowest portal's delays alone: what portals side by side must wait at
least; sync's ratio to it says how much the engine (browser starts, logins, navigation, typing,
waits, download checks) adds. Logins are counted by the demo portal itself.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from o2c_desktop.services.portals import (
    PORTALS,
    REPORTS,
    BrowserOptions,
    HumanRequest,
    PortalBrowser,
    PortalCredentials,
    ReportOutcome,
    run_report,
)
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.sync.side_by_side import run_side_by_side

sys.path.insert(0, str(Path(__file__).parent))
from sync_profile import profiled  # a helper beside this script

AS_OF = date(2025, 8, 25)
DATE_FROM = date(2023, 1, 1)


def answer_captcha(request: HumanRequest) -> str:
    match = re.search(r"\d+", request.challenge)
    return match.group(0) if match else ""


def credentials(portal: DemoPortal, name: str) -> PortalCredentials:
    user = portal.users[name]
    return PortalCredentials(user.user, user.password)


def one_browser_per_portal(
    portal: DemoPortal, folder: Path, browser: BrowserOptions
) -> list[ReportOutcome]:
    """As ``SyncService`` does: headless, the portals side by side; visible, one after another."""
    outcomes: list[ReportOutcome] = []
    cancel = threading.Event()

    def sync_portal(name: str) -> None:
        with PortalBrowser(
            name,
            base_url=portal.base_url,
            credentials=credentials(portal, name),
            human=answer_captcha,
            cancel=cancel,
            browser=browser,
        ) as portal_browser:
            for recipe_id in PORTALS[name].reports:
                outcomes.append(
                    portal_browser.run_report(
                        recipe_id,
                        date_from=DATE_FROM,
                        date_to=AS_OF,
                        download_dir=folder / recipe_id / "downloads",
                        evidence_dir=folder / recipe_id / "evidence",
                    )
                )

    if browser.headless:
        run_side_by_side({name: lambda n=name: sync_portal(n) for name in PORTALS}, cancel)
    else:
        for name in PORTALS:
            sync_portal(name)
    return outcomes


def one_browser_per_report(
    portal: DemoPortal, folder: Path, browser: BrowserOptions
) -> list[ReportOutcome]:
    return [
        run_report(
            recipe_id,
            base_url=portal.base_url,
            credentials=credentials(portal, name),
            date_from=DATE_FROM,
            date_to=AS_OF,
            download_dir=folder / recipe_id / "downloads",
            evidence_dir=folder / recipe_id / "evidence",
            human=answer_captcha,
            cancel=threading.Event(),
            browser=browser,
        )
        for recipe_id, name in REPORTS.items()
    ]


Way = Callable[[DemoPortal, Path, BrowserOptions], list[ReportOutcome]]
WAYS: dict[str, Way] = {"sync": one_browser_per_portal, "baseline": one_browser_per_report}


@dataclass(frozen=True)
class Result:
    wall: float
    floor: float  # every export's delay, one after another
    parallel_floor: float  # the slowest portal's export delays
    files: int
    logins: int
    failed: list[str]


def measure(way: Way, portal: DemoPortal, browser: BrowserOptions, delay: float) -> Result:
    logins_before = sum(portal.activity(name).logins for name in PORTALS)
    with tempfile.TemporaryDirectory(prefix="o2c-bench-") as tmp:
        started = time.perf_counter()
        outcomes: list[ReportOutcome] = way(portal, Path(tmp), browser)
        wall = time.perf_counter() - started
    failed = [
        f"{o.recipe_id} {o.status}: {o.error.en if o.error else ''}"
        for o in outcomes
        if o.status != "ok"
    ]
    # SAGI has no export: its pages are read, the portal makes nobody wait.
    exports = {name: 0 for name in PORTALS}
    for o in outcomes:
        if not o.recipe_id.startswith("sagi"):
            exports[REPORTS[o.recipe_id]] += len(o.files)
    return Result(
        wall=wall,
        floor=sum(exports.values()) * delay,
        parallel_floor=max(exports.values()) * delay,
        files=sum(len(o.files) for o in outcomes),
        logins=sum(portal.activity(name).logins for name in PORTALS) - logins_before,
        failed=failed,
    )


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=400)
    parser.add_argument("--export-delay", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--headed", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="one sync only: time per WebDriver command and step"
    )
    args = parser.parse_args()
    browser = BrowserOptions(headless=not args.headed)

    started = time.perf_counter()
    portal = DemoPortal(
        seed=args.seed, scale=args.scale, as_of=AS_OF, export_delay_s=args.export_delay
    )
    built_s = time.perf_counter() - started
    print(f"demo world seed={args.seed} scale={args.scale} built in {built_s:.1f} s")
    print(f"load average at start: {load()}")
    if args.profile:
        with portal:
            measure(one_browser_per_portal, portal, browser, args.export_delay)  # warm-up
            with profiled() as profile:
                result = measure(one_browser_per_portal, portal, browser, args.export_delay)
        print(
            f"sync {result.wall:.1f} s, floor {result.floor:.1f} s, "
            f"parallel floor {result.parallel_floor:.1f} s, load {load()}"
        )
        for failure in result.failed:
            print(f"  not ok: {failure}")
        print(profile.report(result.wall))
        return
    results: dict[str, list[Result]] = {name: [] for name in WAYS}
    with portal:
        for round_no in range(args.repeat):
            # Alternate which way goes first, so neither always gets the warmer machine.
            order = list(WAYS) if round_no % 2 == 0 else list(reversed(WAYS))
            for name in order:
                result = measure(WAYS[name], portal, browser, args.export_delay)
                results[name].append(result)
                print(
                    f"round {round_no + 1} {name:8} {result.wall:6.1f} s, "
                    f"floor {result.floor:5.1f} s, parallel floor {result.parallel_floor:5.1f} s, "
                    f"{result.files} files, "
                    f"{result.logins} logins, load {load()}"
                )
                for failure in result.failed:
                    print(f"  not ok: {failure}")

    everyone = results["sync"] + results["baseline"]
    floor = statistics.median(r.floor for r in everyone)
    parallel = statistics.median(r.parallel_floor for r in everyone)
    print(f"\nmedian of {args.repeat}, export delay {args.export_delay} s, load average {load()}")
    print(f"{'way':34} {'wall s':>7} {'× floor':>8} {'× parallel floor':>17} {'logins':>6}")

    def row(label: str, wall: float, logins: str) -> None:
        ratio = wall / floor if floor else float("nan")
        ratio_parallel = wall / parallel if parallel else float("nan")
        print(f"{label:34} {wall:7.1f} {ratio:8.2f} {ratio_parallel:17.2f} {logins:>6}")

    row("floor (all export delays)", floor, "-")
    row("parallel floor (slowest portal)", parallel, "-")
    labels = {"sync": "sync (portals side by side)", "baseline": "baseline (browser per report)"}
    for name, label in labels.items():
        wall = statistics.median(r.wall for r in results[name])
        logins = statistics.median(r.logins for r in results[name])
        row(label, wall, f"{logins:.0f}")
    print("goal: sync ≤ 1.5 × floor (the portal's own delays, one report after another)")
    sync_wall = statistics.median(r.wall for r in results["sync"])
    base_wall = statistics.median(r.wall for r in results["baseline"])
    print(f"sync is {base_wall / sync_wall:.2f}× faster than the baseline")


if __name__ == "__main__":
    main()
