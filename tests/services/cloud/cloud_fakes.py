"""Real stand-ins for the cloud, all on 127.0.0.1: moto's S3 server, the fakesnow Snowflake
server (the real connector speaks HTTP to it), a fault proxy, and a small ingested world.

Loaded by path from the cloud tests and the CLI test (the tests folders are not packages).
"""

from __future__ import annotations

import http.client
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from shared_worlds import built_once

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator import generate
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings, S3Settings, SnowflakeSettings

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
SNOWFLAKE_PASSWORD = "snow-emulator-pass"
WORLD_FOLDERS = ("sai", "prei", "sagi", "registro", "camunda", "contratos", "pagos")
# Folders whose file names carry their snapshot date.
DATED_FOLDERS = ("prei", "sagi", "pagos")


@contextmanager
def moto_s3() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _keep_null_timestamps() -> None:
    """fakesnow 0.12 sends NULL timestamps as 1970-01-01 (its struct has no validity mask);
    real Snowflake sends NULL. Put the mask back so results compare with DuckDB's."""
    import fakesnow.arrow as fs_arrow

    original = fs_arrow.timestamp_to_sf_struct
    if getattr(original, "keeps_nulls", False):
        return

    def with_nulls(ts: pa.Array | pa.ChunkedArray) -> pa.Array:
        if isinstance(ts, pa.ChunkedArray):
            ts = ts.combine_chunks()
        struct = original(ts)
        if ts.null_count == 0:
            return struct
        return pa.StructArray.from_arrays(
            arrays=struct.flatten(), fields=list(struct.type), mask=pc.is_null(ts)
        )

    with_nulls.keeps_nulls = True  # type: ignore[attr-defined]
    fs_arrow.timestamp_to_sf_struct = with_nulls


_emulator: dict[str, Any] = {}


@contextmanager
def snowflake_emulator() -> Iterator[dict[str, Any]]:
    """One fakesnow server per test process: ``fakesnow.server()`` can be called only once (its
    own ``import fakesnow.server`` replaces the function by the module). Tests keep apart by
    using a database of their own. It stops with the process (a daemon thread)."""
    if not _emulator:
        import atexit
        from contextlib import ExitStack

        import fakesnow

        _keep_null_timestamps()
        stack = ExitStack()
        _emulator.update(stack.enter_context(fakesnow.server()))
        atexit.register(_stop_quietly, stack)
    yield dict(_emulator)


def _stop_quietly(stack: Any) -> None:
    """At exit pytest has closed the stream uvicorn's handler writes to: its "Shutting down"
    line would print a logging error instead."""
    import logging

    logging.getLogger("uvicorn.error").disabled = True
    stack.close()


def cloud_settings(
    *,
    endpoint: str = "",
    bucket: str = "",
    snowflake: dict[str, Any] | None = None,
    database: str = "O2C",
    **extra: Any,
) -> CloudSettings:
    s3 = S3Settings(
        bucket=bucket,
        prefix="o2c",
        region="us-east-1",
        endpoint_url=endpoint,
        max_attempts=1,
        timeout_s=5,
    )
    sf = SnowflakeSettings()
    if snowflake is not None:
        sf = SnowflakeSettings(
            account="fakesnow",
            user="fake",
            authenticator="password",
            host=snowflake["host"],
            port=snowflake["port"],
            protocol="http",
            login_timeout_s=5,
            database=database,
        )
    return CloudSettings(s3=s3, snowflake=sf, retry_base_s=0, retry_max_s=0, **extra)


def build_world(root: Path, *, seed: int = 7, scale: int = 30, stamped: bool = False) -> Path:
    """A data folder (warehouse + archive) holding a small generated world. ``stamped``: the
    folders whose files carry no snapshot date in their names are known from the world's as-of
    date, so a cut at that date sees the world as it stood then (not only "today")."""
    exports = root / "exports"
    generation = generate(exports, seed=seed, scale=scale)
    data = root / "data"
    warehouse = Warehouse(data / "warehouse.duckdb")
    try:
        archive = RawArchive(data / "archive", warehouse)
        folders = [exports / f for f in WORLD_FOLDERS if (exports / f).exists()]
        batches = [(folders, None)]
        if stamped:
            stamp = datetime.combine(generation.as_of, time(12))
            batches = [
                ([f for f in folders if f.name in DATED_FOLDERS], None),
                ([f for f in folders if f.name not in DATED_FOLDERS], stamp),
            ]
        for paths, snapshot_at in batches:
            outcomes = ingest_paths(
                warehouse,
                archive,
                paths,
                quarantine_dir=data / "quarantine",
                snapshot_at=snapshot_at,
            )
            assert all(o.status in ("loaded", "duplicate") for o in outcomes)
    finally:
        warehouse.close()
    return data


def world_once(factory: Any, *, stamped: bool = False) -> Path:
    """The data folder of ``build_world`` with the default world, built once per test run
    (tests/support/shared_worlds.py); copy it before writing to it."""
    name = "cloud-world-stamped" if stamped else "cloud-world"
    return built_once(factory, name, lambda root: build_world(root, stamped=stamped)) / "data"


def copy_world(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


class FaultProxy:
    """An HTTP proxy in front of a server: ``mode`` 'pass' forwards, 'slowdown' answers 503
    SlowDown as S3 does under throttling, 'reject' answers 403 InvalidAccessKeyId, 'drop' closes
    the connection without an answer."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.removeprefix("http://")
        self.mode = "pass"
        self.requests = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                proxy.requests += 1
                body = self._body()
                if proxy.mode == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if proxy.mode in ("slowdown", "reject"):
                    code, status = (
                        ("SlowDown", 503)
                        if proxy.mode == "slowdown"
                        else ("InvalidAccessKeyId", 403)
                    )
                    payload = (
                        b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>'
                        + code.encode()
                        + b"</Code><Message>Refused by the test proxy.</Message></Error>"
                    )
                    self.send_response(status)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                upstream = http.client.HTTPConnection(proxy.upstream, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers.pop("Transfer-Encoding", None)
                headers["Content-Length"] = str(len(body))
                headers["Host"] = self.headers.get("Host", proxy.upstream)
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                head = self.command == "HEAD"
                for key, value in answer.getheaders():
                    skipped = ("transfer-encoding", "connection") + (
                        () if head else ("content-length",)
                    )
                    if key.lower() not in skipped:
                        self.send_header(key, value)
                if not head:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return b"".join(chunks)
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
