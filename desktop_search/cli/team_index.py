"""``desktop-search-cli index --team URI[#collection] PATH...``: index folders into a team library.

Credentials come from the environment (``DESKTOP_SEARCH_TEAM_USER`` with
``DESKTOP_SEARCH_TEAM_PASSWORD``, or ``DESKTOP_SEARCH_TEAM_TOKEN``), never from the
command line, where every user of the machine could read them in the process list.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from desktop_search.cli.progress_line import ProgressLine, format_duration

USER_ENV = "DESKTOP_SEARCH_TEAM_USER"
PASSWORD_ENV = "DESKTOP_SEARCH_TEAM_PASSWORD"
TOKEN_ENV = "DESKTOP_SEARCH_TEAM_TOKEN"


def add_arguments(ix: argparse.ArgumentParser) -> None:
    ix.add_argument(
        "--team",
        metavar="URI[#COLLECTION]",
        help="index into a shared team library on Milvus (http://server:19530#name, or a "
        f"milvus-lite file); credentials from ${USER_ENV}/${PASSWORD_ENV} or ${TOKEN_ENV}",
    )
    ix.add_argument(
        "--watch", action="store_true", help="with --team: keep watching and keep it current"
    )
    tls = ix.add_mutually_exclusive_group()
    tls.add_argument("--tls", dest="tls", action="store_true", default=None)
    tls.add_argument(
        "--no-tls",
        dest="tls",
        action="store_false",
        help="TLS is on for every server not on this machine unless --no-tls",
    )


def cmd_index_team(args: argparse.Namespace, user_error: type[Exception]) -> int:
    from desktop_search.app.team_indexer import TeamIndexer
    from desktop_search.team.target import TeamError, parse_target

    roots = []
    for raw in args.paths:
        path = Path(raw).expanduser()
        if not path.is_dir():
            raise user_error(f"no such folder: {raw}")
        roots.append(str(path.resolve()))
    user = os.environ.get(USER_ENV, "")
    secret = os.environ.get(PASSWORD_ENV, "") if user else os.environ.get(TOKEN_ENV, "")
    try:
        target = parse_target(args.team, user=user, secret=secret, tls=args.tls, timeout_s=10.0)
        errors: list[tuple[str, str]] = []
        team = TeamIndexer(
            target,
            home=args.data_dir,
            on_progress=ProgressLine(),
            on_file_error=lambda p, r: errors.append((p, r)),
        )
    except TeamError as exc:
        raise user_error(exc.reason) from None
    # SIGTERM (a service manager stopping us) ends the run as Ctrl+C does: cleanly.
    signal.signal(signal.SIGTERM, lambda *_: team.stop())
    try:
        folders = team.add_folders(roots)
        if not folders:
            raise user_error("no folders yet: give one, e.g. --team URI /srv/share")
        started = time.monotonic()
        result = team.run(roots or folders)
        _report(target.display, result, time.monotonic() - started)
        if args.watch:
            print(f"watching {len(folders)} folders; Ctrl+C stops", file=sys.stderr)
            team.watch(on_run=lambda r: _report(target.display, r, None))
    except TeamError as exc:
        raise user_error(exc.reason) from None
    except KeyboardInterrupt:
        team.stop()
        print("stopped; the team library resumes from here next time", file=sys.stderr)
        return 130
    finally:
        team.close()
    return 0


def _report(name: str, result, took: float | None) -> None:
    s = result.sync
    scan = result.scan
    found = (
        f"found {scan.new} new, {scan.changed} changed, {scan.deleted} deleted, "
        f"{scan.unchanged} unchanged files; "
        if scan
        else ""
    )
    waiting = f"; {s.files_waiting} files wait for vectors" if s.files_waiting else ""
    when = f" in {format_duration(took)}" if took is not None else ""
    print(
        f"team library {name}{when}: {found}{result.embedded} new vectors; "
        f"{s.files_written} files written ({s.rows_written} chunks), "
        f"{s.files_removed} removed{waiting}",
        file=sys.stderr,
    )
