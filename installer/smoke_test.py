"""Smoke-test a built one-folder app: it runs with no Python, no network and an empty home.

    python installer/smoke_test.py dist/desktop-search [--corpus ../shared/corpus]

Checks, each printed as PASS/FAIL:
  1. ``desktop-search-cli --version`` and ``desktop-search --version`` print the version;
  2. the CLI indexes a small folder (Chinese text files and some Rust-book HTML pages)
     and embeds it with BOTH bundled models, in its sandboxed extraction child;
  3. searches answer with the expected file first (semantic-only and hybrid);
  4. programs the app runs (a stand-in Tesseract) get the system's LD_LIBRARY_PATH,
     not the bundle's library folder;
  5. the window starts offscreen, stays up, starts its indexing worker as a
     ``--multiprocessing-fork`` child (not a second window), and is stopped.
The app runs in a clean environment (no PYTHON*, no virtualenv, HOME an empty
folder, offscreen Qt) and, where the kernel allows it, in a network namespace with
no network at all (``unshare -n``). Only the standard library is used here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREADS_QUERY = "run code in parallel on several threads"
THREADS_FILE = "ch16-01-threads.html"
RUST_PAGES = (
    "ch16-01-threads.html",
    "ch16-02-message-passing.html",
    "ch16-03-shared-state.html",
    "ch08-02-strings.html",
    "ch04-01-what-is-ownership.html",
)
ZH_QUERY = "向量数据库"
GUI_UP_S = 5.0
WORKER_EXIT_S = 30.0

results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> bool:
    results.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
    return ok


def clean_env(home: Path) -> dict[str, str]:
    """An environment like a fresh desktop session's: nothing Python, nothing from this shell."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(home / "tmp"),
    }
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def no_network_prefix() -> list[str]:
    """``unshare -n`` when it works here (root or user namespaces), else nothing."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for cmd in ([unshare, "-n", "true"], [unshare, "-rn", "true"]):
        try:
            if subprocess.run(cmd, capture_output=True, timeout=10).returncode == 0:
                return cmd[:-1]
        except (OSError, subprocess.SubprocessError):
            pass
    return []


def run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    started = time.monotonic()
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    proc.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    return proc


def tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def make_corpus(corpus: Path, docs: Path) -> list[str]:
    """Copy the Chinese texts and a few Rust-book pages; return what was copied."""
    docs.mkdir(parents=True)
    copied = []
    for f in sorted((corpus / "zh").glob("*.txt")):
        shutil.copy2(f, docs / f.name)
        copied.append(f.name)
    for name in RUST_PAGES:
        src = corpus / "en" / "rust-book" / name
        if src.exists():
            shutil.copy2(src, docs / name)
            copied.append(name)
    return copied


def search(cli, prefix, data, env, query: str, mode: str) -> list[str]:
    proc = run(
        [*prefix, str(cli), "--data-dir", str(data), "search", query, "-k", "5",
         "--mode", mode, "--json"],
        env, timeout=300,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(tail(proc.stderr or proc.stdout))
    return [h["name"] for h in json.loads(proc.stdout)["hits"]]


def children_of(pid: int) -> list[tuple[int, list[str]]]:
    """(pid, argv) of the direct children of ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                child = int(stat.parent.name)
                argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
                found.append((child, [a.decode(errors="replace") for a in argv if a]))
        except (OSError, IndexError, ValueError):
            continue
    return found


def gui_check(gui: Path, prefix: list[str], data: Path, env: dict[str, str]) -> None:
    """The window starts offscreen, stays up, starts its worker; then it is stopped."""
    proc = subprocess.Popen(
        [*prefix, str(gui), "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    try:
        deadline = time.monotonic() + GUI_UP_S
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.25)
        alive = proc.poll() is None
        detail = f"up {GUI_UP_S:.0f} s" if alive else f"exited with {proc.returncode}"
        if not check("GUI starts offscreen and stays up", alive, detail):
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            print(tail(out, 30))
            return
        # ``unshare -n`` execs the app, so proc.pid is the app itself.
        workers: list[list[str]] = []
        for _ in range(40):  # the worker starts from the event loop, shortly after show()
            kids = children_of(proc.pid)
            workers = [argv for _pid, argv in kids if "--multiprocessing-fork" in argv]
            if workers:
                break
            time.sleep(0.25)
        check(
            "GUI started its indexing worker as a multiprocessing child",
            bool(workers),
            f"{Path(workers[0][0]).name} --multiprocessing-fork ..." if workers else "none",
        )
    finally:
        # SIGTERM to the window alone, as at logout: Qt ends at once, and the worker must
        # notice the app is gone and end by itself, with its sandbox child.
        started = time.monotonic()
        if proc.poll() is None:
            proc.terminate()
            proc.wait(10)
        gone = False
        while time.monotonic() - started < WORKER_EXIT_S:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                gone = True
                break
            time.sleep(0.25)
        if not gone:
            os.killpg(proc.pid, signal.SIGKILL)
        check(
            "window ended by SIGTERM; its worker ended by itself",
            gone,
            f"all gone {time.monotonic() - started:.1f} s after SIGTERM"
            if gone
            else f"still running after {WORKER_EXIT_S:.0f} s: killed",
        )


def tools_env_check(cli: Path, prefix: list[str], tmp: Path, env: dict[str, str]) -> None:
    """Programs the app runs (here a stand-in Tesseract) get the system's library path."""
    app_dir = str(cli.parent)
    seen = tmp / "tool-env.txt"
    fake = tmp / "fake-tesseract"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "${{LD_LIBRARY_PATH-}}" >> "{seen}"\nexit 1\n')
    fake.chmod(0o755)
    docs = tmp / "ocr-docs"
    docs.mkdir()
    shutil.copy2(ROOT / "desktop_search" / "gui" / "resources" / "icons" / "desktop-search-64.png",
                 docs / "scan.png")  # fmt: skip
    run(
        [*prefix, str(cli), "--data-dir", str(tmp / "ocr-data"), "index", "--no-embed", str(docs)],
        {**env, "DESKTOP_SEARCH_TESSERACT": str(fake)},
        timeout=600,
    )
    if not seen.exists():
        check("programs the app runs get the system's LD_LIBRARY_PATH", False, "never ran")
        return
    paths = seen.read_text().split()
    check(
        "programs the app runs get the system's LD_LIBRARY_PATH",
        not any(app_dir in p for p in paths),
        f"LD_LIBRARY_PATH={paths[0] if paths else ''!r}",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("app", type=Path, help="the built folder, e.g. dist/desktop-search")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()

    app = args.app.resolve()
    cli, gui = app / "desktop-search-cli", app / "desktop-search"
    version = "?"
    init = ROOT / "desktop_search" / "__init__.py"
    for line in init.read_text("utf-8").splitlines():
        if line.startswith("__version__"):
            version = line.split("=", 1)[1].strip().strip("\"'")

    tmp = Path(tempfile.mkdtemp(prefix="ds-smoke-"))
    env = clean_env(tmp / "home")
    prefix = no_network_prefix()
    print(f"app: {app}\ntemp: {tmp}\nnetwork: {'none (unshare -n)' if prefix else 'not isolated'}")
    try:
        for exe in (cli, gui):
            proc = run([*prefix, str(exe), "--version"], env, timeout=120)
            out = (proc.stdout + proc.stderr).strip()
            check(
                f"{exe.name} --version",
                proc.returncode == 0 and version in out,
                f"{out!r} in {proc.elapsed:.1f} s" if proc.returncode == 0 else tail(out),
            )

        if not args.corpus.is_dir():
            check("corpus present", False, f"{args.corpus} not found: pass --corpus")
            return 1
        docs, data = tmp / "docs", tmp / "data"
        copied = make_corpus(args.corpus, docs)
        proc = run(
            [*prefix, str(cli), "--data-dir", str(data), "index", str(docs)], env, timeout=1800
        )
        last = tail(proc.stdout + proc.stderr, 1)
        check(
            f"CLI indexes {len(copied)} files",
            proc.returncode == 0
            and f"{len(copied)} indexed, 0 unreadable" in proc.stdout + proc.stderr,
            f"{proc.elapsed:.0f} s: {last}" if proc.returncode == 0 else tail(proc.stderr),
        )

        proc = run([*prefix, str(cli), "--data-dir", str(data), "status"], env, timeout=120)
        spaces = [ln for ln in proc.stdout.splitlines() if ln.startswith("space ")]
        both = len(spaces) >= 2 and all(
            (lambda a, b: a == b and int(a) > 0)(*ln.split(": ", 1)[1].split()[0].split("/"))
            for ln in spaces
        )
        check("both bundled models embedded every chunk", both, "; ".join(spaces) or proc.stdout)

        if THREADS_FILE in copied:
            for mode in ("semantic", "hybrid"):
                try:
                    names = search(cli, prefix, data, env, THREADS_QUERY, mode)
                    check(
                        f"{mode} search {THREADS_QUERY!r} -> {THREADS_FILE}",
                        bool(names) and names[0] == THREADS_FILE,
                        ", ".join(names[:3]),
                    )
                except Exception as exc:  # a crash is a failed check, not a stopped test
                    check(f"{mode} search {THREADS_QUERY!r}", False, str(exc))
        try:
            names = search(cli, prefix, data, env, ZH_QUERY, "hybrid")
            zh = {p.name for p in (args.corpus / "zh").glob("*.txt")}
            check(
                f"hybrid search {ZH_QUERY!r} -> a Chinese document",
                bool(names) and names[0] in zh,
                ", ".join(names[:3]),
            )
        except Exception as exc:
            check(f"hybrid search {ZH_QUERY!r}", False, str(exc))

        tools_env_check(cli, prefix, tmp, env)
        gui_check(gui, prefix, tmp / "gui-data", env)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    failed = sum(1 for _n, ok, _d in results if not ok)
    print(f"smoke test: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
