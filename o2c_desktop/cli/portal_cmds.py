"""Portal verbs: ``demo-portal`` serves the local imitation of SAI, PREI and SAGI."""

from __future__ import annotations

import signal
import threading

import click

from o2c_desktop.cli.core_cmds import language_without_a_data_folder
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.portals.demo import DemoPortal


@click.command(name="demo-portal")
@click.option("--seed", type=int, default=7, show_default=True, help="Semilla de los datos.")
@click.option(
    "--scale", type=click.IntRange(10), default=200, show_default=True, help="Líneas de orden."
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Puerto (0: uno libre).")
@click.option(
    "--export-delay",
    type=click.FloatRange(0),
    default=2.0,
    show_default=True,
    help="Segundos que tarda cada exportación.",
)
@pass_state
def demo_portal(state: CliState, seed: int, scale: int, port: int, export_delay: float) -> None:
    """Sirve el portal de demostración (SAI, PREI, SAGI) en 127.0.0.1 hasta Ctrl+C."""
    lang = language_without_a_data_folder(state)

    def say(line: Message) -> None:
        click.echo(line.text(lang))

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with DemoPortal(seed=seed, scale=scale, port=port, export_delay_s=export_delay) as portal:
        base = portal.base_url
        say(msg("demo_portal.serving", url=base))
        click.echo(f"  SAI:  {base}/abasto-web/reporteAltas")
        click.echo(f"  PREI: {base}/piref/")
        click.echo(f"  SAGI: {base}/contratos/login")
        for name, user in portal.users.items():
            say(msg("demo_portal.user", portal=name, user=user.user, password=user.password))
        say(msg("demo_portal.stop_hint"))
        stop.wait()
    say(msg("demo_portal.stopped"))


COMMANDS = [demo_portal]
