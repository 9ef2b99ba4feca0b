from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request


def test_demo_portal_serves_until_stopped() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "o2c_desktop", "demo-portal", "--scale", "50"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Portal de demostración en http://127.0.0.1:"), first
        base = first.split(" en ", 1)[1].strip()
        with urllib.request.urlopen(f"{base}/piref/", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200
        assert "<title>PISP - Portal de Servicios a Proveedores</title>" in page
    finally:
        os.kill(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Portal detenido." in out
