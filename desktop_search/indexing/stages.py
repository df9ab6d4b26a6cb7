"""Named stages over bounded queues that stop together: the shape of the indexing flow.

After beets' ``util/pipeline.py``: the first stage produces items, each later stage
takes the items of the one before and hands on what it makes. In use every stage has
a thread of its own and a bounded inbox, so a fast stage waits for a slow one instead
of filling memory (back-pressure), and reading overlaps embedding. In tests the same
stages run one after another in the caller's thread (``threaded=False``): each item
goes through every stage before the next one is made.

An exception in any stage stops all of them and is raised again by ``run_stages`` as
a ``StageError`` naming the stage and the item (a file's path) it was working on, so a
stage that fails at its start cannot leave the others waiting for it for ever.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

_END = object()  # the stage before has no more items
_POLL_S = 0.2  # how often a waiting stage looks whether the others stopped
JOIN_S = 10.0  # after a failure or a stop, how long to wait for a stage busy in one item

Handler = Callable[[list], Iterable | None]  # the items waiting (one or more) -> outputs


class StageError(Exception):
    """A stage failed; the flow stopped. ``__cause__`` is what the stage raised."""

    def __init__(self, stage: str, item: str | None, cause: BaseException) -> None:
        where = f" at {item}" if item else ""
        super().__init__(f"{stage} stopped{where}: {cause}")
        self.stage = stage
        self.item = item
        self.cause = cause


@dataclass(frozen=True)
class Stage:
    """One step of the flow.

    The first stage's ``produce`` yields the items. A later stage's ``handle`` gets the
    items waiting in its inbox (with ``batch`` all of them at once, else one at a time)
    and returns what goes on to the next stage; ``finish`` runs after the last input,
    ``idle`` when no input came for a moment (threaded runs only).
    """

    name: str
    produce: Callable[[], Iterator] | None = None
    handle: Handler | None = None
    finish: Callable[[], Iterable | None] | None = None
    idle: Callable[[], Iterable | None] | None = None
    inbox: int = 16  # bound on the items waiting for this stage
    batch: bool = False
    describe: Callable[[object], str | None] = lambda item: getattr(item, "path", None)


class _Failure:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.error: StageError | None = None

    def record(self, stage: Stage, item: object, exc: BaseException) -> None:
        """Keep the first failure; the file is the item's, or the one the error names."""
        with self._lock:
            if self.error is None:
                named = _described(stage, item) or getattr(exc, "path", None)
                self.error = StageError(stage.name, str(named) if named else None, exc)
                self.error.__cause__ = exc


def _described(stage: Stage, item: object) -> str | None:
    if item is None:
        return None
    if isinstance(item, list):
        item = item[-1] if item else None
    try:
        return stage.describe(item) if item is not None else None
    except Exception:  # naming the item must not hide the real error
        return None


def run_stages(
    stages: Sequence[Stage],
    *,
    threaded: bool = True,
    should_stop: Callable[[], bool] = lambda: False,
    halt: threading.Event | None = None,
) -> None:
    """Run ``stages`` until the first one is done and the rest have handled everything.

    ``should_stop`` ends the run early without error (the user stopped indexing);
    ``halt`` is set when the run ends for any reason, so a stage waiting on something of
    its own can watch it. Raises ``StageError`` if any stage raised.
    """
    if not stages or stages[0].produce is None:
        raise ValueError("the first stage must produce the items")
    halt = halt or threading.Event()
    failure = _Failure()
    try:
        if threaded:
            _run_threaded(stages, should_stop, halt, failure)
        else:
            _run_sequential(stages, should_stop, failure)
    finally:
        halt.set()
    if failure.error is not None:
        raise failure.error


def _outputs(result: Iterable | None) -> Iterable:
    return () if result is None else result


def _run_sequential(stages: Sequence[Stage], should_stop, failure: _Failure) -> None:
    def push(index: int, item: object) -> None:
        if index == len(stages) or should_stop():
            return
        stage = stages[index]
        try:
            outputs = list(_outputs(stage.handle([item] if stage.batch else item)))
        except Exception as exc:
            failure.record(stage, item, exc)
            raise
        for out in outputs:
            push(index + 1, out)

    produced = stages[0].produce()
    try:
        for item in produced:
            if should_stop():
                return
            push(1, item)
        for index, stage in enumerate(stages[1:], start=1):
            if should_stop() or stage.finish is None:
                continue
            try:
                outputs = list(_outputs(stage.finish()))
            except Exception as exc:
                failure.record(stage, None, exc)
                raise
            for out in outputs:
                push(index + 1, out)
    except Exception as exc:
        if failure.error is None:  # the first stage's own error
            failure.record(stages[0], None, exc)
    finally:
        close = getattr(produced, "close", None)
        if close is not None:
            close()


def _run_threaded(stages: Sequence[Stage], should_stop, halt, failure: _Failure) -> None:
    inboxes: list[queue.Queue] = [queue.Queue(maxsize=s.inbox) for s in stages]

    def stopped() -> bool:
        return halt.is_set() or should_stop()

    def put(index: int, item: object) -> bool:
        """Hand ``item`` to stage ``index``; False when the run is over."""
        if index == len(stages):
            return True
        while not stopped():
            try:
                inboxes[index].put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def hand_on(index: int, outputs: Iterable | None) -> bool:
        return all(put(index + 1, out) for out in _outputs(outputs))

    def first(stage: Stage) -> None:
        item = None
        produced = stage.produce()
        try:
            for item in produced:
                if stopped() or not put(1, item):
                    return
            put(1, _END)
        finally:
            close = getattr(produced, "close", None)
            if close is not None:
                close()  # its ``finally`` runs now, in its own thread

    def later(index: int, stage: Stage) -> None:
        inbox = inboxes[index]
        while not stopped():
            try:
                got = inbox.get(timeout=_POLL_S)
            except queue.Empty:
                if stage.idle is not None and not hand_on(index, stage.idle()):
                    return
                continue
            items = [got]
            if stage.batch:
                while items[-1] is not _END:
                    try:
                        items.append(inbox.get_nowait())
                    except queue.Empty:
                        break
            ended = items[-1] is _END
            items = [i for i in items if i is not _END]
            if items:
                for part in [items] if stage.batch else items:
                    current[index] = part
                    if stopped() or not hand_on(index, stage.handle(part)):
                        return
            if ended:
                current[index] = None
                if stage.finish is not None and not hand_on(index, stage.finish()):
                    return
                put(index + 1, _END)
                return

    current: list[object] = [None] * len(stages)

    def guarded(index: int) -> None:
        stage = stages[index]
        try:
            if index == 0:
                first(stage)
            else:
                later(index, stage)
        except BaseException as exc:
            failure.record(stage, current[index], exc)
            halt.set()

    threads = [
        threading.Thread(target=guarded, args=(i,), name=f"stage-{s.name}", daemon=True)
        for i, s in enumerate(stages)
    ]
    for thread in threads:
        thread.start()
    # The last stage ends last on a normal run; a failure or a stop ends every stage.
    while threads[-1].is_alive() and not halt.is_set():
        threads[-1].join(timeout=_POLL_S)
    halt.set()
    for thread in threads:
        thread.join(timeout=JOIN_S)
