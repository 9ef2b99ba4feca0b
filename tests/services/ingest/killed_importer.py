"""A program that holds its reading processes open, says so, and waits to be killed: the
reading processes must not outlive it. It waits on its standard input, so a test that fails
before killing it ends it by closing that pipe."""

from __future__ import annotations

import os
import sys

from o2c_desktop.services.ingest import reading_processes

if __name__ == "__main__":
    with reading_processes.reading_processes():
        pool = reading_processes.executor()
        assert pool is not None
        # Every process of the pool is started and has run its initializer.
        for future in [pool.submit(os.getpid) for _ in range(8)]:
            future.result()
        print("ready", flush=True)
        sys.stdin.read()
    sys.exit(1)
