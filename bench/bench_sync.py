"""Full demo sync of every report through headless Chromium: wall time and engine overhead.

    .venv/bin/python bench/bench_sync.py [--scale 400] [--export-delay 1.0] [--headed]

The baseline is the time the portal itself makes the browser wait for exports: the configured
export delay times the number of exports the run made (measured in the same run). The ratio
wall / baseline says how much the engine (browser start, logins, navigation, typing, waits,
download checks) adds on top of what a person clicking through would also wait.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from o2c_desktop.services.portals import (
    REPORTS,
    BrowserOptions,
    HumanRequest,
    PortalCredentials,
    run_report,
)
from o2c_desktop.services.portals.demo import DemoPortal

AS_OF = date(2025, 8, 25)


def answer_captcha(request: HumanRequest) -> str:
    match = re.search(r"\d+", request.challenge)
    return match.group(0) if match else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=400)
    parser.add_argument("--export-delay", type=float, default=1.0)
    parser.add_argument("--headed", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    portal = DemoPortal(
        seed=args.seed, scale=args.scale, as_of=AS_OF, export_delay_s=args.export_delay
    )
    build_s = time.perf_counter() - started
    total_wall = total_baseline = 0.0
    print(f"demo world seed={args.seed} scale={args.scale} built in {build_s:.1f} s")
    print(
        f"{'report':24} {'status':8} {'files':>5} {'exports':>7} "
        f"{'wall s':>7} {'base s':>7} {'ratio':>6}"
    )
    with portal, tempfile.TemporaryDirectory(prefix="o2c-bench-") as tmp:
        for recipe_id in REPORTS:
            user = portal.users[REPORTS[recipe_id]]
            t0 = time.perf_counter()
            outcome = run_report(
                recipe_id,
                base_url=portal.base_url,
                credentials=PortalCredentials(user.user, user.password),
                date_from=date(2023, 1, 1),
                date_to=AS_OF,
                download_dir=Path(tmp) / recipe_id / "downloads",
                evidence_dir=Path(tmp) / recipe_id / "evidence",
                human=answer_captcha,
                cancel=threading.Event(),
                browser=BrowserOptions(headless=not args.headed),
            )
            wall = time.perf_counter() - t0
            # SAGI has no export: its baseline is zero and its time is all engine + page loads.
            exports = 0 if recipe_id.startswith("sagi") else len(outcome.files)
            baseline = exports * args.export_delay
            total_wall += wall
            total_baseline += baseline
            ratio = f"{wall / baseline:6.2f}" if baseline else "     -"
            print(
                f"{recipe_id:24} {outcome.status:8} {len(outcome.files):5d} {exports:7d} "
                f"{wall:7.1f} {baseline:7.1f} {ratio}"
            )
            if outcome.error is not None:
                print(f"  error: {outcome.error.es}")
    ratio = total_wall / total_baseline if total_baseline else float("nan")
    print(f"{'total':24} {'':8} {'':5} {'':7} {total_wall:7.1f} {total_baseline:7.1f} {ratio:6.2f}")
    print(f"engine overhead over the portal's export delays: {total_wall - total_baseline:.1f} s")


if __name__ == "__main__":
    main()
