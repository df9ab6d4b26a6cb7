"""``desktop-search-cli``: index folders and search them from a terminal.

Errors a user can fix (a missing folder, an unreadable index) print one plain line
and exit non-zero; tracebacks go to the log file only.
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from desktop_search import __version__
from desktop_search.cli import team_index
from desktop_search.cli.progress_line import ProgressLine, format_duration
from desktop_search.cli.terminal_text import safe
from desktop_search.file_lock import held_elsewhere
from desktop_search.paths import add_location_arguments, app_paths
from desktop_search.search.engine import MODES
from desktop_search.search.filters import SearchFilters
from desktop_search.settings import Settings
from desktop_search.store.catalog import CatalogError, FileStatus, storage_problem

log = logging.getLogger("desktop_search.cli")

_SHOWN_PROBLEMS = 20  # scan problems listed after an index run; the rest in status --failed
_PERIODS = {"day": 86400, "week": 7 * 86400, "month": 31 * 86400, "year": 366 * 86400}


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-search-cli",
        description="Index folders and search your documents by meaning (offline).",
    )
    add_location_arguments(p, __version__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ix = sub.add_parser("index", help="add folders and index them (no folder: re-scan all)")
    ix.add_argument("paths", nargs="*", metavar="PATH")
    ix.add_argument("--no-embed", action="store_true", help="keyword index only; embed later")
    team_index.add_arguments(ix)

    s = sub.add_parser("search", help="search the index")
    s.add_argument(
        "query",
        nargs="+",
        help='words, "exact phrases" and -excluded words (several arguments are joined)',
    )
    s.add_argument("-k", type=int, default=10, help="number of documents (default 10)")
    s.add_argument("--mode", choices=MODES, default="hybrid")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="EXT",
        help="only files with this extension (repeatable), e.g. --type pdf",
    )
    s.add_argument(
        "--folder",
        action="append",
        default=[],
        metavar="DIR",
        help="only files under this folder (repeatable)",
    )
    s.add_argument("--within", choices=sorted(_PERIODS), help="only files modified within")

    st = sub.add_parser("status", help="folders, file counts, vector spaces")
    st.add_argument(
        "--failed",
        action="store_true",
        help="list files that could not be read, were skipped or were only partly read",
    )

    f = sub.add_parser("forget", help="remove a folder from the index")
    f.add_argument("path")

    ck = sub.add_parser("check", help="verify the index is consistent")
    ck.add_argument("--repair", action="store_true", help="also remake what can be remade in place")

    sp = sub.add_parser("spaces", help="list, add or drop embedding models (vector spaces)")
    sp_sub = sp.add_subparsers(dest="action", metavar="ACTION")
    sp_sub.add_parser("list", help="the spaces and how far each has got")
    add = sp_sub.add_parser(
        "add", help="add a model: a Hugging Face name, a local folder, or a .zip/.tar.gz of one"
    )
    add.add_argument("model")
    add.add_argument("--name", help="space name (default: from the model name)")
    add.add_argument("--languages", help="comma-separated languages it serves, e.g. zh,en")
    add.add_argument("--query-prefix")
    add.add_argument("--document-prefix")
    add.add_argument(
        "--download",
        action="store_true",
        help="allow downloading the model now (honours HF_ENDPOINT for mirrors)",
    )
    drop = sp_sub.add_parser("drop", help="remove a space and its vectors")
    drop.add_argument("name")
    rebuild = sp_sub.add_parser(
        "rebuild", help="embed a space again from scratch at the next index"
    )
    rebuild.add_argument("name")

    ev = sub.add_parser(
        "eval",
        help="measure retrieval quality: a BEIR-format dataset, or a TSV of known-item queries",
    )
    ev.add_argument(
        "dataset",
        help="a BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv), or a TSV file "
        "'query<TAB>expected path suffix<TAB>kind' run against the existing index",
    )
    ev.add_argument("--modes", default="keyword,semantic,hybrid")
    ev.add_argument("--limit", type=int, default=0, help="only the first N queries")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--misses", action="store_true", help="TSV: list queries not ranked first")
    return p


def _check_data_dir(args: argparse.Namespace, *, readonly: bool) -> None:
    """Plain words for a --data-dir that cannot hold an index, and for an index not made yet."""
    if args.data_dir:
        home = Path(args.data_dir).expanduser()
        if home.exists() and not home.is_dir():
            raise UserError(f"--data-dir {args.data_dir} is not a folder")
    if readonly and not app_paths(args.data_dir).catalog.is_file():
        raise UserError("no index yet: run `desktop-search-cli index FOLDER` first")


def _open_library(args: argparse.Namespace, *, readonly: bool = False):
    from desktop_search.app.library import Library

    _check_data_dir(args, readonly=readonly)
    if readonly:  # a search embeds one short query: one thread is fastest (cores.py)
        from desktop_search.cores import limit_blas_threads

        limit_blas_threads(1)
    try:
        # A search embeds one short query: one thread is fastest and leaves cores to indexing.
        return Library(app_paths(args.data_dir), readonly=readonly, threads=1 if readonly else None)
    except CatalogError as exc:
        raise UserError(f"cannot open the index: {exc.reason}") from exc
    except OSError as exc:
        where = args.data_dir or app_paths(None).data
        raise UserError(
            storage_problem(exc) or f"cannot use {where} as the data folder ({exc.strerror or exc})"
        ) from exc


APP_RUNNING = (
    "the app is running, and its indexer keeps the settings: make this change in the "
    "app's window, or quit the app and run this again"
)


APP_INDEXING = (
    "the app is running, and its indexer keeps the index of your folders up to date: "
    "quit the app and run this again"
)


def _refuse_while_the_app_runs(lib, reason: str = APP_RUNNING) -> None:
    """The running indexer owns the settings and writes the index (docs/architecture.md):
    it would neither see a change written here nor expect a second writer of the catalog
    (two indexers would read and embed the same files at once), so say so instead."""
    if held_elsewhere(lib.paths.indexer_lock):
        raise UserError(reason)


def _change_settings(lib, change: Callable[[Settings], Settings]) -> Settings:
    """Change the settings as saved now, when no app runs (locked and merged, as the
    indexer does: a change it saved meanwhile is kept)."""
    _refuse_while_the_app_runs(lib)
    return lib.change_settings(change)


def cmd_index(args: argparse.Namespace) -> int:
    if args.team:
        return team_index.cmd_index_team(args, UserError)
    if args.watch:
        raise UserError("--watch needs --team (the app itself watches your own folders)")
    lib = _open_library(args)
    for raw in args.paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise UserError(f"no such folder: {raw}")
        if not path.is_dir():
            raise UserError(f"not a folder: {raw}")

    def with_paths(settings: Settings) -> Settings:
        for raw in args.paths:
            settings = settings.with_folder(str(Path(raw).expanduser()))
        return settings

    if with_paths(lib.settings) != lib.settings:
        _change_settings(lib, with_paths)
    _refuse_while_the_app_runs(lib, APP_INDEXING)
    roots = [str(Path(p).resolve()) for p in args.paths] or list(lib.settings.folders)
    if not roots:
        raise UserError("no folders yet: give one, e.g. desktop-search-cli index ~/Documents")
    started = time.monotonic()
    errors: list[tuple[str, str]] = []
    indexer = lib.indexer(
        on_progress=ProgressLine(), on_file_error=lambda p, r: errors.append((p, r))
    )
    try:
        summary = indexer.scan(roots)
        print(
            f"found {summary.new} new, {summary.changed} changed, {summary.deleted} deleted, "
            f"{summary.unchanged} unchanged files",
            file=sys.stderr,
        )
        for root, reason in summary.unavailable:
            print(
                f"  {safe(root)} is {reason}: its index is kept as it was "
                f"(to drop it: desktop-search-cli forget {shlex.quote(root)})",
                file=sys.stderr,
            )
        progress = indexer.run(embed=not args.no_embed)
    finally:
        indexer.close()
    counts = lib.catalog.status_counts()
    took = time.monotonic() - started
    print(
        f"done in {format_duration(took)}: {counts.get(FileStatus.INDEXED, 0)} indexed, "
        f"{counts.get(FileStatus.FAILED, 0)} unreadable, "
        f"{counts.get(FileStatus.SKIPPED, 0)} skipped; {progress.chunks_embedded} new vectors",
        file=sys.stderr,
    )
    for path, reason in errors[:_SHOWN_PROBLEMS]:
        print(f"  {safe(path)}: {reason}", file=sys.stderr)
    if len(errors) > _SHOWN_PROBLEMS:
        print(f"  ... and {len(errors) - _SHOWN_PROBLEMS} more", file=sys.stderr)
    if counts.get(FileStatus.PENDING):
        print(
            f"  {counts['pending']} files changed while being read: run index again to read them",
            file=sys.stderr,
        )
    if counts.get(FileStatus.FAILED) or counts.get(FileStatus.SKIPPED) or errors:
        print("  see them with: desktop-search-cli status --failed", file=sys.stderr)
    return 0


def _filters(args: argparse.Namespace) -> SearchFilters:
    folders = []
    for raw in args.folder:
        path = Path(raw).expanduser()
        if not path.is_dir():
            raise UserError(f"no such folder: {raw}")
        folders.append(str(path.resolve()))
    since = time.time() - _PERIODS[args.within] if args.within else None
    return SearchFilters(tuple(folders), tuple(t.lower().lstrip(".") for t in args.type), since)


def _hit_json(hit) -> dict:
    d = asdict(hit)
    for p in d["passages"]:
        p["snippet"]["highlights"] = [list(h) for h in p["snippet"]["highlights"]]
    return d


def _marked(snippet, *, tty: bool) -> str:
    on, off = ("\033[1;33m", "\033[0m") if tty else ("[", "]")
    text, out, pos = snippet.text, [], 0

    def shown(piece: str) -> str:  # document text may hold escape sequences too
        return safe(piece.replace("\n", " ").replace("\t", " "))

    for a, b in snippet.highlights:
        out += [shown(text[pos:a]), on, shown(text[a:b]), off]
        pos = b
    out.append(shown(text[pos:]))
    return (
        ("…" if snippet.clipped_start else "") + "".join(out) + ("…" if snippet.clipped_end else "")
    )


def cmd_search(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise UserError("-k must be at least 1")
    args.query = _query_text(args.query)
    lib = _open_library(args, readonly=True)
    if not lib.catalog.document_count() and not lib.settings.team_libraries:
        # not 'No document contains "hello"': there is no document at all
        raise UserError("nothing is indexed yet: run `desktop-search-cli index FOLDER` first")
    result = lib.search(args.query, k=args.k, mode=args.mode, filters=_filters(args))
    if args.json:
        json.dump(
            {
                "query": args.query,
                "mode": args.mode,
                "elapsed_ms": round(result.elapsed_ms, 1),
                "missing_words": list(result.missing_words),
                "hits": [_hit_json(h) for h in result.hits],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    notice = missing_words_notice(result)
    if notice:
        print(notice)
    if not result.hits:
        print("no results" + (" — try fewer words" if len(args.query.split()) > 3 else ""))
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        return 0
    tty = sys.stdout.isatty()
    for n, hit in enumerate(result.hits, 1):
        where = f" · page {hit.page}" if hit.page else ""
        expected = bool(result.missing_words) or result.lookup  # words, not a question
        related = " · related" if expected and not hit.holds_words else ""
        source = f"  [{hit.library}]" if hit.library != "local" else ""
        print(f"{n}. {safe(hit.name)}{where}  ({hit.relevance:.0%}{related}){source}")
        print(f"   {safe(hit.path)}")
        for other in hit.also_at:
            print(f"   also at {safe(other)}")
        if hit.best:
            print(f"   {_marked(hit.best.snippet, tty=tty)}")
    n = len(result.hits)
    print(f"{n} document{'' if n == 1 else 's'} in {result.elapsed_ms:.0f} ms", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def missing_words_notice(result) -> str:
    """'No document contains "quokka"...' when some of the query's words are nowhere."""
    if not result.missing_words:
        return ""
    words = ", ".join(f'"{safe(w)}"' for w in result.missing_words)
    if result.nothing_contains:
        return f"No document contains {words}." + (" Related by meaning:" if result.hits else "")
    if result.hits and not result.hits[0].holds_words:  # the best ones: by meaning
        return (
            f"No document contains {words}; showing related documents and documents with "
            "your other words."
        )
    return f"No document contains {words}; showing documents with your other words."


def cmd_status(args: argparse.Namespace) -> int:
    lib = _open_library(args, readonly=True)
    cat = lib.catalog
    print(f"data folder: {lib.paths.data}")
    from desktop_search.logs import log_file_in_use

    print(f"log file:    {log_file_in_use() or lib.paths.log_file}")
    folders = lib.settings.folders or tuple(cat.roots())
    if not folders:
        print("no folders yet: desktop-search-cli index ~/Documents")
    from desktop_search.scan.availability import unavailable_reason

    for folder in folders:
        c = cat.status_counts(folder)
        reason = unavailable_reason(
            folder, files_known=sum(c.values()), was_mounted=cat.folder_was_mounted(folder)
        )
        print(
            f"folder {safe(folder)}: {c.get(FileStatus.INDEXED, 0)} indexed, "
            f"{c.get(FileStatus.PENDING, 0)} pending, {c.get(FileStatus.FAILED, 0)} unreadable, "
            f"{c.get(FileStatus.SKIPPED, 0)} skipped"
            + (f" (not available: {reason})" if reason else "")
        )
    print(f"chunks: {cat.chunk_count()}")
    for row in cat.spaces():
        count = cat.count_needing_vectors(row)
        print(
            f"space {row.name} ({row.model_id}, {row.dim}-d): "
            f"{count.embedded}/{count.total} chunks embedded"
        )
    from desktop_search.embed.advice import language_advice

    advice = language_advice(cat, lib.spaces)
    if advice:
        print(f"note: {advice}")
    if args.failed:
        _print_outcomes(cat)
    return 0


def _print_outcomes(cat) -> None:
    """Every file that is not simply indexed, grouped by what happened, with the reason."""
    groups = (
        (FileStatus.FAILED, "could not be read"),
        (FileStatus.SKIPPED, "skipped"),
        (FileStatus.INDEXED, "partly indexed"),
        (FileStatus.PENDING, "waiting to be read again"),
    )
    for status, heading in groups:
        rows = [
            r
            for r in cat.files(status=status)
            if r.error or status in (FileStatus.FAILED, FileStatus.SKIPPED)
        ]
        if rows:
            print(f"{heading} ({len(rows)}):")
        for rec in rows:
            print(f"  {safe(rec.path)}: {safe(rec.error or 'no reason recorded')}")


def cmd_forget(args: argparse.Namespace) -> int:
    lib = _open_library(args)
    folder = str(Path(args.path).expanduser().resolve())
    known = folder in lib.settings.folders or folder in lib.catalog.roots()
    if not known:
        raise UserError(f"not an indexed folder: {args.path}")
    _refuse_while_the_app_runs(lib)
    n = lib.forget_folder(folder)
    print(f"forgot {folder} ({n} files)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_search.store.consistency import (
        DAMAGED,
        POSTINGS_OUT_OF_STEP,
        Problem,
        check_catalog,
    )

    catalog_file = app_paths(args.data_dir).catalog
    try:
        lib = _open_library(args, readonly=True)
        problems = check_catalog(lib.catalog, lib.paths.vectors)
    except UserError as exc:
        if not isinstance(exc.__cause__, CatalogError) or "damaged" not in str(exc):
            raise
        detail = exc.__cause__.__cause__ or exc.__cause__.reason
        problems = [Problem(f"{DAMAGED} ({detail})", 1)]
    except sqlite3.DatabaseError as exc:  # damage the integrity check did not reach
        log.exception("check failed")
        problems = [Problem(f"{DAMAGED} ({exc})", 1)]
    if args.repair and any(p.what == POSTINGS_OUT_OF_STEP for p in problems):
        _refuse_while_the_app_runs(lib, APP_INDEXING)
        lib.close()
        with _open_library(args) as writable:
            writable.catalog.rebuild_postings()
            problems = check_catalog(writable.catalog, writable.paths.vectors)
        print("remade the keyword postings from the keyword index")
    for p in problems:
        print(f"problem: {p.what} ({p.count})")
    if any(p.what == POSTINGS_OUT_OF_STEP for p in problems):
        print("to repair: run `desktop-search-cli check --repair`")
        return 1
    if any(p.what.startswith(DAMAGED) for p in problems):
        print(
            f"to repair: move {catalog_file} aside and run `desktop-search-cli index`; "
            "your documents are untouched and are read again"
        )
        return 1
    if problems:
        print("run `desktop-search-cli index` to repair (vector indexes are rebuilt on load)")
        return 1
    print("index is consistent")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from desktop_search.eval.harness import run_eval

    dataset = Path(args.dataset)
    if dataset.is_file():
        return _eval_known_items(args, dataset)
    if not (dataset / "corpus.jsonl").exists():
        raise UserError(f"not a BEIR dataset (no corpus.jsonl): {args.dataset}")
    return run_eval(
        dataset,
        modes=args.modes.split(","),
        limit=args.limit,
        as_json=args.json,
        data_dir=args.data_dir,
        on_progress=None if args.json else ProgressLine(),
    )


def _eval_known_items(args: argparse.Namespace, tsv: Path) -> int:
    from desktop_search.eval.known_item import run_known_item

    lib = _open_library(args, readonly=True)
    try:
        if not lib.catalog.chunk_count():
            raise UserError("no index yet: run desktop-search-cli index FOLDER first")
        try:
            return run_known_item(
                lib,
                tsv,
                modes=args.modes.split(","),
                limit=args.limit,
                as_json=args.json,
                misses=args.misses,
            )
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    finally:
        lib.close()


def cmd_spaces(args: argparse.Namespace) -> int:
    from desktop_search.embed.spaces import make_spaces
    from desktop_search.store.vectors import drop_space

    action = args.action or "list"
    lib = _open_library(args, readonly=action == "list")
    if action == "list":
        rows = {r.name: r for r in lib.catalog.spaces()}
        for spec in lib.settings.spaces:
            row = rows.get(spec.name)
            progress = "not built yet"
            if row is not None:
                count = lib.catalog.count_needing_vectors(row)
                progress = f"{count.embedded}/{count.total} chunks embedded, {row.dim}-d"
            model = spec.model or "packaged all-MiniLM-L6-v2"
            print(f"{spec.name}: {model} [{','.join(spec.languages)}] {progress}")
        for name in sorted(set(rows) - {spec.name for spec in lib.settings.spaces}):
            count = lib.catalog.vector_count(rows[name].id)
            print(
                f"{name}: no longer used, {count} vectors kept "
                f"(to delete them: desktop-search-cli spaces drop {shlex.quote(name)})"
            )
        from desktop_search.embed.advice import language_advice

        advice = language_advice(lib.catalog, lib.spaces)
        if advice:
            print(f"note: {advice}")
        return 0
    configured = {s.name for s in lib.settings.spaces}
    left_over = {r.name for r in lib.catalog.spaces()} - configured
    if action == "rebuild" and args.name not in configured:
        raise UserError(f"no space named {args.name}")
    if action == "drop" and args.name not in configured | left_over:
        raise UserError(f"no space named {args.name}")
    if action == "rebuild" or (action == "drop" and args.name in left_over):
        _refuse_while_the_app_runs(lib, APP_INDEXING)  # (a configured one: APP_RUNNING)
    if action == "rebuild":
        drop_space(lib.catalog, args.name, lib.paths.vectors)
        print(
            f"space {args.name} will be rebuilt by the next `desktop-search-cli index`; "
            "the other spaces keep answering"
        )
        return 0
    if action == "drop":
        from dataclasses import replace

        if args.name in configured:
            _change_settings(
                lib,
                lambda s: replace(s, spaces=tuple(sp for sp in s.spaces if sp.name != args.name)),
            )
        drop_space(lib.catalog, args.name, lib.paths.vectors)
        print(f"dropped space {args.name}")
        return 0
    # add
    from dataclasses import replace

    from desktop_search.embed.model_import import ModelImportError, resolve_model_source
    from desktop_search.embed.presets import spec_for_model

    try:
        model = resolve_model_source(args.model, lib.paths.data / "models")
    except ModelImportError as exc:
        raise UserError(str(exc)) from exc
    spec = spec_for_model(
        model,
        name=args.name,
        languages=tuple(args.languages.split(",")) if args.languages else None,
        query_prefix=args.query_prefix,
        document_prefix=args.document_prefix,
    )
    if spec.name in {s.name for s in lib.settings.spaces}:
        raise UserError(f"a space named {spec.name} exists; choose another --name")
    space = make_spaces([spec])[0]
    try:
        dim = space.embedder.encode_queries(["test"]).shape[1]
    except Exception as exc:
        hint = "" if args.download else " (add --download to fetch it; HF_ENDPOINT sets a mirror)"
        raise UserError(f"cannot load model {args.model}: {exc}{hint}") from exc
    _change_settings(lib, lambda s: replace(s, spaces=(*s.spaces, spec)))
    print(
        f"added space {spec.name} ({dim}-d, languages {','.join(spec.languages)}); "
        "its vectors are made by the next `desktop-search-cli index`"
    )
    return 0


COMMANDS = {
    "index": cmd_index,
    "search": cmd_search,
    "status": cmd_status,
    "forget": cmd_forget,
    "check": cmd_check,
    "eval": cmd_eval,
    "spaces": cmd_spaces,
}


def _damage_words(exc: BaseException) -> str | None:
    """Plain words for an index that is damaged or incomplete, else None."""
    text = str(exc).lower()
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    if "no such table" in text:
        return (
            "the index is incomplete (a table is missing): "
            "run `desktop-search-cli index` to repair it"
        )
    # Scribbled pages also show as text that is not text (a broken row read back).
    if "malformed" in text or "not a database" in text or "could not decode" in text:
        return "the index database is damaged: `desktop-search-cli check` says what to do"
    return None


def _needs_index(args: argparse.Namespace) -> bool:
    if args.command in ("search", "status", "check"):
        return True
    return args.command == "spaces" and args.action in (None, "list")


_SEARCH_VALUED = {"-k", "--mode", "--type", "--folder", "--within"}


def _search_words_first(argv: list[str]) -> list[str]:
    """``search -gene`` means "without gene" (the README's syntax), not an unknown option.

    Query words starting with "-" are moved behind a ``--``, so argparse takes them as
    words; the options of ``search`` keep their meaning.
    """
    at = 0
    while at < len(argv) and argv[at].startswith("-"):  # global options before the command
        at += 2 if argv[at] == "--data-dir" else 1
    if at >= len(argv) or argv[at] != "search":
        return argv
    at += 1
    options: list[str] = []
    words: list[str] = []
    rest = argv[at:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            words += rest[i + 1 :]
            break
        name = arg.split("=", 1)[0]
        if name in _SEARCH_VALUED or (arg.startswith("-k") and arg[2:].isdigit()):
            takes_next = "=" not in arg and name == arg and i + 1 < len(rest)
            options += rest[i : i + 2] if takes_next else [arg]
            i += 2 if takes_next else 1
            continue
        if arg in ("--json", "-h", "--help") or (arg.startswith("--") and len(arg) > 2):
            options.append(arg)
        else:
            words.append(arg)
        i += 1
    return [*argv[:at], *options, "--", *words] if words else argv


def _query_text(words: list[str]) -> str:
    """The query as text; bytes the terminal sent that are not UTF-8 are dropped."""
    raw = " ".join(words)
    if not raw.strip():
        raise UserError("the query is empty: type the words to search for")
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\ufffd", "")
    if not text.strip():
        raise UserError("the query is not readable text (is the terminal set to UTF-8?)")
    return text


def main(argv: list[str] | None = None) -> int:
    argv = _search_words_first(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    if getattr(args, "download", False):
        # The one place the app may reach the network: a download the user asked for.
        import os

        os.environ["HF_HUB_OFFLINE"] = "0"
    from desktop_search.logs import setup_logging

    try:
        # A command that only reads says "no index yet" before anything is created.
        _check_data_dir(args, readonly=_needs_index(args))
        if args.command == "forget" and not app_paths(args.data_dir).catalog.is_file():
            raise UserError(f"not an indexed folder: {args.path}")  # and nothing created
        setup_logging(app_paths(args.data_dir).log_file)
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"desktop-search-cli: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        plain = storage_problem(exc) or _damage_words(exc)
        if plain is None:
            log.exception("command %s failed", args.command)
            plain = f"unexpected error: {exc} (details in the log)"
        print(f"desktop-search-cli: {plain}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the index is intact and resumes next time", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("command %s failed", args.command)
        print(f"desktop-search-cli: unexpected error: {exc} (details in the log)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
