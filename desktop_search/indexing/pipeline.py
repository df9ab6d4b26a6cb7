"""The indexing pipeline: read + chunk -> store -> embed, three stages that stop together.

The stages run in threads of their own over bounded queues (``stages.run_stages``):
while the model embeds one batch, the next files are being read and stored, and the
bounded queues give back-pressure so reading never runs far ahead and fills memory.
The embedding stage takes its passages from the catalog, not from the queue. A stage
that fails stops the others and ``run`` raises its error. Each file or vector batch
is stored in its own transaction, so stopping (or being killed) at any moment loses
at most the work in flight; the next run picks up from what the catalog says is
missing. That is also why an embedding service that cannot be reached only pauses
embedding: the batch is tried again, with growing waits, and reading goes on meanwhile.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from desktop_search.embed.errors import EmbeddingServiceError, EndpointUnavailable
from desktop_search.embed.spaces import Space, chunking_embedder
from desktop_search.extract.base import ExtractedDocument
from desktop_search.indexing.changes import ScanSummary, reconcile
from desktop_search.indexing.crash_ledger import QUARANTINE_REASON, CrashLedger
from desktop_search.indexing.ocr_cache import OcrCache
from desktop_search.indexing.progress import IndexProgress, SpaceCount
from desktop_search.indexing.reading import Extract, ReadResult, read_file
from desktop_search.indexing.stages import Stage, run_stages
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.store.catalog import Catalog, FileStatus, PassageToEmbed, SpaceRow
from desktop_search.store.embed_order import EmbedOrder
from desktop_search.store.passage_reuse import PassageReuse
from desktop_search.store.vectors import VectorIndex, remove_stale_temp_files

log = logging.getLogger(__name__)

ProgressCallback = Callable[[IndexProgress], None]
OcrExtract = Callable[[Path, int], ExtractedDocument]  # (path, page images) -> document
CHANGED_NOTE = "changed while being read; it is read again at the next pass"
# A file written to while it was read is read again in the same run, after the rest and
# after a pause that grows each round (the program writing it may not be done yet); a
# file still changing after the last round keeps CHANGED_NOTE until it settles.
_REREAD_ROUNDS = 3
_REREAD_PAUSE_S = 0.5


def _held_chars(result: ReadResult) -> int:
    """Characters a read result holds in memory (its text and keyword terms)."""
    return len(result.text or "") + sum(len(c.terms) for c in result.chunks)


def _with_pages(ocr_extract: OcrExtract, pages: int, path: Path) -> ExtractedDocument:
    return ocr_extract(path, pages)


def _disk_stamp(path: str) -> tuple[int, int] | None:
    """(size, mtime) of ``path`` now, or None when it cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


# Files read ahead while a batch is embedded (their text is held meanwhile): enough that
# small files keep coming during a batch of several seconds.
_READ_AHEAD = 64
# Stored files the embedding stage has not looked at yet (paths: a few bytes each).
_STORED_AHEAD = 4096
# ... and at most this many characters of text and terms between them, so a folder of big
# files cannot fill memory while the model is busy (one larger file still goes through).
_READ_AHEAD_CHARS = 40_000_000


class Indexer:
    """Owns the catalog writes for one data folder."""

    def __init__(
        self,
        catalog: Catalog,
        spaces: Sequence[Space],
        vector_folder: Path,
        *,
        extract: Extract,
        excludes: ExcludeRules,
        max_bytes: int = 200 * 1024 * 1024,
        max_text_chars: int | None = 20_000_000,
        embed_batch: int = 128,
        on_progress: ProgressCallback | None = None,
        on_file_error: Callable[[str, str], None] | None = None,
        on_close: Callable[[], None] | None = None,
        on_start: Callable[[], None] | None = None,
        ocr_extract: OcrExtract | None = None,
        ocr_cache: OcrCache | None = None,
        service_wait_s: float = 2.0,
        service_wait_max_s: float = 60.0,
        links_outside: bool = False,
        threaded: bool = True,
    ) -> None:
        self.catalog = catalog
        self.ocr_extract = ocr_extract  # reads scans after every other file; None: no OCR
        self.ocr_cache = ocr_cache
        self._on_close = on_close
        self._on_start = on_start  # starts the extraction process (before any file)
        self.spaces = list(spaces)
        self.vector_folder = vector_folder
        self.extract = extract
        self.excludes = excludes
        self.links_outside = links_outside  # follow links to files outside a chosen folder
        self.max_bytes = max_bytes
        self.max_text_chars = max_text_chars
        self.embed_batch = embed_batch
        self.on_progress = on_progress or (lambda p: None)
        self.on_file_error = on_file_error
        # Waits while an embedding service is unreachable: first, then doubling up to max.
        self.service_wait_s = service_wait_s
        self.service_wait_max_s = service_wait_max_s
        # Spaces whose service refused us this run (bad key, unknown model): space -> reason.
        self.embed_errors: dict[str, str] = {}
        # After each run: drop contents no file uses and rewrite the FAISS caches. A
        # long-lived owner (the background worker) turns this off and does both on its
        # own schedule, so a moved file's content survives until its new path is read.
        self.housekeeping_after_run = True
        self.stop_event = threading.Event()
        self.resume_event = threading.Event()
        self.resume_event.set()
        self._space_rows: dict[str, SpaceRow] = {}
        self._order = EmbedOrder(catalog)  # what each space embeds next
        self._reuse = PassageReuse(catalog)  # a passage text is embedded once per space
        self.ledger = CrashLedger(catalog.path.with_name("reading-now"))
        remove_stale_temp_files(vector_folder)  # left by a save that was killed
        self._queued_chars = 0
        self._queue_room = threading.Condition()
        # Results handed to the writer and results it has stored, so the reader can wait
        # for the writer before it reads a file that ended an earlier run.
        self._handed = 0
        self._stored = 0
        self._stored_cond = threading.Condition()
        self._progress = IndexProgress("idle")
        self._started = time.monotonic()
        self._next_space = 0  # the space whose turn it is to embed a batch
        self._reread: list[str] = []  # changed while being read this round: read again
        self._emit_lock = threading.RLock()
        self._halt = threading.Event()  # set when a run's stages end, for any reason
        self._reading = False  # files are still being read and stored this run
        self._writer: Catalog | None = None  # the storing stage's own connection
        self._embedded = 0
        # The pace of embedding, for the time left: passages and seconds of the batches
        # after each space's first (which loads its model: 58 passages in 20 s made
        # "about 11 min left" of a 1.5-minute job).
        self._paced = (0, 0.0)
        self._warm: set[str] = set()  # spaces past their first batch this run
        self._batch_space: str | None = None  # the space the last batch was for
        self._embed_run = False  # this run embeds (its last stage)
        self._service_wait = 0.0
        self._retry_at = 0.0
        # One thread per stage; tests may run them one after another instead.
        self.threaded = threaded

    # -- control ----------------------------------------------------------------------
    def close(self) -> None:
        """Stop and release the extraction sandbox."""
        self.stop()
        self.ledger.close()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._on_close:
            self._on_close()
            self._on_close = None

    def stop(self) -> None:
        self.stop_event.set()
        self.resume_event.set()

    def pause(self) -> None:
        self.resume_event.clear()

    def resume(self) -> None:
        self.resume_event.set()

    def _wait_if_paused(self) -> None:
        if not self.resume_event.is_set():
            self._emit(phase="paused")
            self.resume_event.wait()

    def _emit(self, **changes: object) -> None:
        with self._emit_lock:  # the storing and the embedding stage both report
            elapsed = time.monotonic() - self._started
            self._progress = replace(self._progress, elapsed_s=elapsed, **changes)
            self.on_progress(self._progress)

    def _store_catalog(self) -> Catalog:
        """The storing stage's connection (SQLite runs one transaction per connection,
        and the embedding stage writes vectors through ``catalog`` meanwhile)."""
        if self._writer is None:
            self._writer = Catalog(self.catalog.path)
        return self._writer

    # -- scanning ---------------------------------------------------------------------
    def scan(self, roots: Sequence[str]) -> ScanSummary:
        """Mark new and changed files pending and forget deleted ones (for each root that
        is there: an unplugged or unmounted folder keeps its index)."""
        self._emit(phase="scanning")
        # Orphaned contents are collected after the run, not now: a moved file's new
        # path is read later in the run and must still find its content (and vectors).
        return reconcile(
            self.catalog,
            roots,
            self.excludes,
            on_error=self.on_file_error,
            links_outside=self.links_outside,
        )

    def collect_orphans(self) -> int:
        with self.catalog.transaction():
            return self.catalog.collect_orphans()

    # -- reading ----------------------------------------------------------------------
    def _read_stage(self, paths: list[str], suspects: frozenset[str]) -> Iterator[ReadResult]:
        """The first stage: each pending file read (hashed, extracted, chunked), in order.

        Then the files that changed while they were read, again, a few rounds at most.
        """
        halt = self._halt
        tokenizer = chunking_embedder(self.spaces)
        max_tokens = tokenizer.max_tokens or 254
        reader_db = Catalog(self.catalog.path, readonly=True)
        # Start-up work is done before the first file is noted as being read, so that
        # a stop meanwhile is not blamed on that file (see CrashLedger).
        try:
            if paths:  # nothing to read: load nothing (an idle worker unloads its models)
                tokenizer.token_spans("warm up")
                if self._on_start is not None:
                    self._on_start()
        except Exception:  # only a head start; the first file reports any real problem
            log.exception("preparing to read failed")

        def over() -> bool:
            return self.stop_event.is_set() or halt.is_set()

        def read(path: str, extract: Extract, *, ocr: bool = False) -> ReadResult:
            try:
                return read_file(
                    path,
                    extract=extract,
                    token_spans=tokenizer.token_spans,
                    max_tokens=max_tokens,
                    max_bytes=self.max_bytes,
                    content_known=lambda h: reader_db.content_id_for_hash(h) is not None,
                    ocr_cache=self.ocr_cache,
                    ocr=ocr,
                    max_text_chars=self.max_text_chars,
                )
            except Exception as exc:  # a bug, not a bad file: keep going, log it
                log.exception("reading %s failed", path)
                return ReadResult(
                    path, 0, 0, status=FileStatus.FAILED, error=f"internal error: {exc}"
                )

        def room_for(result: ReadResult) -> ReadResult:
            """Wait until the text read ahead leaves room for ``result`` (memory bound)."""
            if (
                result.status == FileStatus.NEEDS_OCR
            ):  # no OCR pass: the reason says what is missing
                result = replace(result, status=FileStatus.FAILED)
            size = _held_chars(result)
            with self._queue_room:
                while (
                    self._queued_chars
                    and self._queued_chars + size > _READ_AHEAD_CHARS
                    and not over()
                ):
                    self._queue_room.wait(0.2)
                self._queued_chars += size
            with self._stored_cond:
                self._handed += 1
            return result

        def all_stored() -> None:
            with self._stored_cond:
                while self._stored < self._handed and not over():
                    self._stored_cond.wait(0.2)

        def begin(path: str) -> None:
            if path in suspects:
                # It may end this run too: whatever was read before it is stored first,
                # or every run would lose (and read again) the files queued behind it.
                all_stored()
            self.ledger.begin(path)

        try:
            rounds = 0  # rounds of reading again what changed while it was read
            while True:
                # Scans and pictures wait until every other file is read: OCR takes
                # seconds a page.
                deferred: list[tuple[str, int]] = []
                for path in paths:
                    if over():
                        return
                    self.resume_event.wait()
                    begin(path)
                    result = read(path, self.extract)
                    self.ledger.end()
                    if result.status == FileStatus.NEEDS_OCR and self.ocr_extract is not None:
                        deferred.append((path, result.ocr_pages))
                    else:
                        yield room_for(result)
                ocr_extract = self.ocr_extract
                for path, pages in deferred:
                    if over() or ocr_extract is None:
                        return
                    self.resume_event.wait()
                    begin(path)
                    ocr_read = functools.partial(_with_pages, ocr_extract, pages)
                    result = read(path, ocr_read, ocr=True)
                    self.ledger.end()
                    yield room_for(result)
                all_stored()  # the files that changed while read are known once stored
                if over() or not self._reread or rounds >= _REREAD_ROUNDS:
                    return
                rounds += 1
                paths, self._reread = self._reread, []
                self._emit(files_total=self._progress.files_total + len(paths))
                # Files read again: give the program writing them time to finish.
                self.stop_event.wait(_REREAD_PAUSE_S * rounds)
        finally:
            reader_db.close()

    def _store_stage(self, r: ReadResult) -> list[str]:
        """The second stage: store one file read; hands its path on to the embedding."""
        self._wait_if_paused()
        self._store(r)
        with self._stored_cond:
            self._stored += 1
            self._stored_cond.notify_all()
        failed = self._progress.files_failed + (r.status == FileStatus.FAILED)
        self._emit(
            phase="reading",
            files_done=self._progress.files_done + 1,
            files_failed=failed,
            current=r.path,
        )
        return [r.path]

    def _stored_all(self) -> None:
        """Every file of the run is stored: say so now, not at the end of the next batch
        of embedding (which may load a model: "Reading 28 of 30 files" stayed 20 s)."""
        self._reading = False
        if self._embed_run and not self.stop_event.is_set():
            # From the catalog alone: asking a remote space's service for its dimension
            # here is one request more (and its refusal is the embedding stage's to report).
            ours = {s.name for s in self.spaces} - set(self.embed_errors)
            counts = [self._count(row) for row in self.catalog.spaces() if row.name in ours]
            if any(c.waiting for c in counts):
                self._emit(phase="embedding", current=None, spaces=counts)

    def _store(self, r: ReadResult) -> None:
        with self._queue_room:
            self._queued_chars -= _held_chars(r)
            self._queue_room.notify_all()
        cat = self._store_catalog()
        with cat.transaction():
            self.ledger.acquit(cat, r.path)
            record = cat.file(r.path)
            if record is None:
                return  # forgotten while being read
            if r.status == FileStatus.GONE:
                cat.remove_files([r.path])
                return
            if r.status == FileStatus.PENDING or self._stale(r, (record.size, record.mtime_ns)):
                # Changed while being read, or since: keep it pending with the newer
                # stamp (its old text stays searchable) and read it again this run.
                size, mtime = _disk_stamp(r.path) or (r.size, r.mtime_ns)
                cat.mark_pending(r.path, record.root, size, mtime, note=CHANGED_NOTE)
                self._reread.append(r.path)
                log.info("%s changed while being read; reading it again", r.path)
                return
            content_id = None
            if r.status == FileStatus.INDEXED:
                content_id = cat.content_id_for_hash(r.hash) if r.hash else None
                if content_id is None and r.text is not None:
                    content_id = cat.add_content(
                        r.hash or "",
                        r.text,
                        title=r.title,
                        language=r.language,
                        pages=r.pages,
                        chunks=r.chunks,
                    )
                if content_id is None:  # known content vanished meanwhile: read again
                    cat.mark_pending(r.path, record.root, r.size, r.mtime_ns)
                    return
            cat.set_file_result(
                r.path,
                status=r.status,
                hash=r.hash,
                content_id=content_id,
                error=r.error,
                size=r.size or None,
                mtime_ns=r.mtime_ns or None,
            )
        if r.status in (FileStatus.FAILED, FileStatus.SKIPPED) and r.error:
            log.info("%s %s: %s", r.status, r.path, r.error)

    @staticmethod
    def _stale(r: ReadResult, recorded: tuple[int, int]) -> bool:
        """True when ``r`` no longer holds what the file holds.

        The record's stamp differs from the one read when a scan or the watcher saw the
        file change. If the disk still shows the stamp that was read, the change came
        before reading began and what was read is current.
        """
        if not r.size or recorded == (r.size, r.mtime_ns):
            return False
        return _disk_stamp(r.path) != (r.size, r.mtime_ns)

    # -- embedding --------------------------------------------------------------------
    def _space_row(self, space: Space) -> SpaceRow:
        row = self._space_rows.get(space.name)
        if row is None:
            e = space.embedder
            row = self.catalog.ensure_space(space.name, e.model_id, e.dim, space.languages)
            self._space_rows[space.name] = row
        return row

    def _embed_one_batch(self, *, full_only: bool = False) -> int:
        """Embed one batch for the next space with work; 0 when there is none (to do now).

        Spaces take turns, batch by batch: embedding one space to the end before the
        next one left Chinese passages (which only the multilingual space serves)
        without any vector for the whole English pass, so a Chinese question found a
        new Chinese folder by meaning only minutes later than an English one.

        With ``full_only`` a space waits until a whole batch is ready: while files are
        still being read, a few chunks at a time would waste the model's batching.
        """
        n_spaces = len(self.spaces)
        for step in range(n_spaces):
            turn = (self._next_space + step) % n_spaces
            space = self.spaces[turn]
            if space.name in self.embed_errors:
                continue
            try:
                row = self._space_row(space)
                todo = self._todo(row)
                if not todo or (full_only and len(todo) < self.embed_batch):
                    continue
                vectors = self._reuse.vectors_for(
                    row.id, row.dim, todo, space.embedder.encode_documents
                )
            except EndpointUnavailable:
                raise  # the caller waits and tries this batch again
            except EmbeddingServiceError as exc:
                # A rejected key or an unknown model: waiting will not help. The other
                # spaces and the keyword index go on; the next run tries again.
                log.error("space %s: embedding stopped: %s", space.name, exc)
                self.embed_errors[space.name] = exc.reason
                continue
            self.catalog.add_vectors(row.id, [p.chunk_id for p in todo], vectors)
            self._next_space = (turn + 1) % n_spaces
            self._batch_space = space.name
            return len(todo)
        return 0

    def _todo(self, row: SpaceRow) -> list[PassageToEmbed]:
        """The next batch for ``row`` (store/embed_order.py): first passages in languages no
        other space serves (navigation never: sql_fragments.embeddable_sql), documents'
        first passages and newest files first.

        The multilingual space is the only one that makes Chinese passages findable by
        meaning; English ones are findable through MiniLM meanwhile. So it takes the
        Chinese passages first, then the rest.
        """
        others = set().union(*(s.languages for s in self.spaces if s.name != row.name))
        only_here = frozenset(row.languages - others)
        first = only_here if only_here != row.languages else frozenset()
        return self._order.next_batch(row, self.embed_batch, first)

    def _start_models(self) -> None:
        """Let models that run in processes of their own load while the first files are
        read: loading torch and a model takes seconds, and the first semantic hit on a new
        folder waited for it after the first batch was ready (``ChildProcessEmbedder``)."""
        for space in self.spaces:
            start = getattr(space.embedder, "start", None)
            if start is None:
                continue
            try:
                start()
            except Exception:  # only a head start: the first batch reports a real problem
                log.exception("space %s: starting its model failed", space.name)

    def space_counts(self) -> tuple[SpaceCount, ...]:
        """Passages with a vector and passages that need one, per space, catalog-wide."""
        counts = []
        for space in self.spaces:
            if space.name in self.embed_errors:
                continue
            try:
                row = self._space_row(space)
            except EndpointUnavailable:
                continue  # counted again once its service answers
            counts.append(self._count(row))
        return tuple(counts)

    def _count(self, row: SpaceRow) -> SpaceCount:
        n = self.catalog.count_needing_vectors(row)
        return SpaceCount(row.name, n.embedded, n.total, tuple(sorted(row.languages)))

    def _vectors_missing(self) -> int:
        return sum(c.waiting for c in self.space_counts())

    def save_vectors(self) -> None:
        """Write each space's FAISS cache and trim the log it now covers."""
        for space in self.spaces:
            try:
                row = self._space_row(space)
            except EmbeddingServiceError:
                continue  # nothing new for it; its cache is checked against the catalog on load
            index = VectorIndex(row, self.vector_folder)
            index.load(self.catalog)
            index.save()
            self.catalog.prune_vector_log(row.id, index.seq)

    def _vector_files_missing(self) -> bool:
        """A space's FAISS file was lost: write it again, so the next start need not rebuild."""
        return any(
            not VectorIndex(row, self.vector_folder).saved_copy_exists()
            for row in self.catalog.spaces()
            if self.catalog.vector_count(row.id)
        )

    # -- the embedding stage -------------------------------------------------------------
    def _embed_step(self, *, full_only: bool) -> int:
        """One batch (see ``_embed_one_batch``); 0 while an unreachable service is waited for."""
        if time.monotonic() < self._retry_at:
            return 0
        batch_started = time.monotonic()
        try:
            n = self._embed_one_batch(full_only=full_only)
        except EndpointUnavailable as exc:
            # Nothing is lost: vectors are stored only when a whole batch succeeded,
            # and the catalog says which chunks still need them.
            self._service_wait = min(
                self.service_wait_max_s, max(self.service_wait_s, self._service_wait * 2)
            )
            self._retry_at = time.monotonic() + self._service_wait
            log.warning("embedding waits %.0f s for the service: %s", self._service_wait, exc)
            self._emit(phase="waiting", current=exc.reason, eta_s=None)
            return 0
        if self._service_wait:
            log.info("the embedding service answers again")
            self._service_wait = 0.0
            self._emit(current=None)
        if n:
            self._embedded += n
            if self._batch_space in self._warm:
                done, seconds = self._paced
                self._paced = (done + n, seconds + time.monotonic() - batch_started)
            self._warm.add(self._batch_space or "")
            done, seconds = self._paced
            rate = done / seconds if done and seconds > 0 else 0.0
            counts = self.space_counts()
            missing = sum(c.waiting for c in counts)
            self._emit(
                phase="embedding" if not self._reading else "reading",
                chunks_embedded=self._embedded,
                chunks_total=self._embedded + missing,
                chunks_per_s=rate,
                eta_s=missing / rate if rate else None,
                spaces=counts,
            )
        return n

    def _embed_stage(self, _stored: list[str]) -> None:
        """The third stage, fed from the catalog: whole batches while files are still read.

        It is woken by the files stored (their paths), but takes its passages from the
        catalog, which says what still needs a vector (after a crash too).
        """
        while not self.stop_event.is_set():
            self._wait_if_paused()
            if not self._embed_step(full_only=True):
                return

    def _embed_idle(self) -> None:
        """No file stored for a moment (a big PDF being read): embed what is there."""
        if self._reading and not self.stop_event.is_set():
            self._wait_if_paused()
            self._embed_step(full_only=False)

    def _embed_rest(self) -> None:
        """Every file is stored: embed every passage still without a vector."""
        while not self.stop_event.is_set():
            self._wait_if_paused()
            if self._embed_step(full_only=False):
                continue
            if time.monotonic() >= self._retry_at:
                return  # nothing left (or only spaces whose service refused us)
            self.stop_event.wait(min(1.0, self._retry_at - time.monotonic()))

    def _stages(self, pending: list[str], suspects: frozenset[str], embed: bool) -> list[Stage]:
        """Read + chunk -> store -> embed (the last one only with ``embed``)."""
        stages = [
            Stage("reading", produce=lambda: self._read_stage(pending, suspects)),
            Stage("storing", handle=self._store_stage, finish=self._stored_all, inbox=_READ_AHEAD),
        ]
        if embed:
            # Paths only (a few bytes each): storing never waits for a batch being embedded,
            # so keyword search keeps up with reading.
            stages.append(
                Stage(
                    "embedding",
                    handle=self._embed_stage,
                    finish=self._embed_rest,
                    idle=self._embed_idle,
                    inbox=_STORED_AHEAD,
                    batch=True,
                    describe=lambda paths: None,
                )
            )
        return stages

    # -- the whole run ------------------------------------------------------------------
    def run(self, roots: Sequence[str] | None = None, *, embed: bool = True) -> IndexProgress:
        """Scan ``roots`` (if given), read every pending file, embed every missing vector.

        Raises ``StageError`` when a stage fails (not a file: a file that cannot be read
        is recorded as failed); every stage has stopped by then.
        """
        self._started = time.monotonic()
        if roots:
            self.scan(roots)
        self._queued_chars = 0
        self._handed = self._stored = 0
        self._reread = []
        quarantined = self.ledger.settle(self.catalog)
        if quarantined and self.on_file_error:
            self.on_file_error(quarantined, QUARANTINE_REASON)
        # A file that ended an earlier run is read last: if it ends this one too, every
        # other file has been read and stored by then.
        suspects = frozenset(self.ledger.suspects)
        pending = sorted(self.catalog.pending_paths(), key=lambda p: p in suspects)
        if pending or not embed:
            self._progress = IndexProgress("reading", files_total=len(pending))
        else:  # nothing to read: say what this run is for, with the work per space
            self._progress = IndexProgress("embedding", spaces=self.space_counts())
        self._emit()
        self.embed_errors = {}
        if embed and pending:
            self._start_models()
        self._reading = True
        self._embedded = 0
        self._paced = (0, 0.0)
        self._warm = set()
        self._embed_run = embed
        self._service_wait = 0.0  # current wait for an unreachable embedding service
        self._retry_at = 0.0  # monotonic time before which that service is left alone
        self._halt = threading.Event()
        run_stages(
            self._stages(pending, suspects, embed),
            threaded=self.threaded,
            should_stop=self.stop_event.is_set,
            halt=self._halt,
        )
        if self.housekeeping_after_run:
            removed = self.collect_orphans() if not self.stop_event.is_set() else 0
            if embed and (self._embedded or removed or self._vector_files_missing()):
                self.save_vectors()
        self._emit(phase="idle", current=None, eta_s=0.0)
        return self._progress
