"""The indexer process: its entry point and the settings it starts with.

Indexing a person's folders takes hours of CPU, runs third-party parsers on any file
it meets and loads large models. In its own process it cannot freeze the window (no
shared GIL) or take it down (a native crash ends only this process, which the app
restarts), and it can run at low CPU priority. The work itself is ``indexer_worker``.

The window imports this module to spawn the process, so it stays light: the worker
and everything it needs (numpy, FAISS, the readers: 0.8 s of imports, measured with
``python -X importtime -c "import desktop_search.indexing.pipeline"``) are imported
in the child only, after its thread pools are sized.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

import psutil

from desktop_search.app.rest import RELEASE_ENV
from desktop_search.cores import usable_cores
from desktop_search.indexing.messages import Error, WorkerConfig
from desktop_search.logs import setup_logging
from desktop_search.paths import app_paths
from desktop_search.process_name import set_process_name

log = logging.getLogger(__name__)

EXTRACT_ENV = "DESKTOP_SEARCH_EXTRACT"  # tests only: "module:function", run in-process
POLLING_ENV = "DESKTOP_SEARCH_WATCH_POLLING"  # "1": watch by polling (odd file systems)
EXIT_FATAL = 3  # the worker cannot run here (e.g. damaged catalog): restarting will not help
STOP_WAIT_S = 0.6  # the app waits 1.2 s (indexing_client.STOP_TIMEOUT_S), then ends us
_NICE = 10


def config_from_env(home: str | Path | None = None) -> WorkerConfig:
    """A worker configuration for ``home``, with the overrides the environment asks for."""
    return WorkerConfig(
        home=str(home) if home is not None else None,
        extract=os.environ.get(EXTRACT_ENV) or None,
        polling=os.environ.get(POLLING_ENV, "") not in ("", "0"),
        **(
            {"release_after_s": float(os.environ[RELEASE_ENV])} if RELEASE_ENV in os.environ else {}
        ),
    )


def _lower_priority() -> None:
    """Give the window and the user's other programs the CPU and disk first."""
    try:
        if hasattr(os, "nice"):
            os.nice(_NICE)
        else:  # Windows
            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
    except Exception as exc:
        log.info("could not lower CPU priority: %s", exc)
    with contextlib.suppress(Exception):
        if hasattr(psutil, "IOPRIO_CLASS_BE"):
            psutil.Process().ionice(psutil.IOPRIO_CLASS_BE, 7)


def _limit_threads(threads: int) -> None:
    """Size the math libraries' thread pools to our cores (set before numpy/torch load)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))


def worker_main(conn: Connection, config: WorkerConfig) -> None:
    """Entry point of the worker process: index and watch until told to stop."""
    set_process_name("ds-indexer")
    _limit_threads(usable_cores())
    _lower_priority()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the app, which stops us
    paths = app_paths(config.home).ensure()
    setup_logging(paths.log / "indexer.log")
    # Only now: numpy reads the thread counts above when it loads (see the docstring).
    from desktop_search.app.indexer_worker import Worker
    from desktop_search.store.catalog import CatalogError

    worker = Worker(conn, config)
    with contextlib.suppress(ValueError):  # a polite kill saves and exits like Shutdown
        signal.signal(signal.SIGTERM, lambda *_: worker._stopping.set())
    try:
        worker.serve()
        if worker.abandoned:  # a thread still busy in native code: do not wait at exit
            logging.shutdown()
            os._exit(0)
    except CatalogError as exc:
        log.error("cannot open the index: %s", exc)
        worker.send(Error(f"Indexing cannot run: {exc.reason}.", fatal=True))
        worker.close()
        conn.close()
        os._exit(EXIT_FATAL)
    except Exception as exc:
        log.exception("the indexer worker failed")
        worker.send(Error(f"The indexer failed: {exc}"))
        raise
    finally:
        with contextlib.suppress(OSError):
            conn.close()
