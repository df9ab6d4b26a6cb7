"""The one account of indexing: each contradiction a new user saw, as plain data.

From the issue's first hour: "Up to date" beside "Indexing your documents…" on
relaunch; "less than a minute left" at the end of reading with 23 minutes of embedding
ahead; "Waiting 0" while passages remained; Pause and the bar gone after Resume; Pause
offered with nothing to pause; both spaces' passages added up as one number.
"""

from __future__ import annotations

from desktop_search.indexing import index_state as s
from desktop_search.indexing.index_state import IndexStateTracker, LibraryCounts
from desktop_search.indexing.progress import IndexProgress, SpaceCount

EN = SpaceCount("minilm", 1200, 1883, ("en",))
ZH = SpaceCount("usem3", 300, 2906, ("en", "zh"))


def test_relaunch_with_no_progress_yet_is_checking_not_up_to_date():
    t = IndexStateTracker()
    t.set_counts(LibraryCounts(documents=40))
    assert t.set_worker("starting").phase == s.STARTING
    state = t.set_worker("indexing")  # the start-up scan, before any progress message
    assert state.phase == s.CHECKING
    assert state.busy and state.can_pause
    assert state.phase != s.UP_TO_DATE


def test_end_of_reading_gives_no_time_left_while_embedding_is_ahead():
    t = IndexStateTracker()
    t.set_worker("indexing")
    reading = IndexProgress("reading", files_total=44, files_done=44, eta_s=0.0)
    state = t.set_progress(reading)
    assert state.phase == s.READING and state.eta_s is None
    # what the pipeline reports between its two halves: "idle", with eta 0
    state = t.set_progress(IndexProgress("idle", files_total=44, files_done=44, eta_s=0.0))
    assert state.busy and state.eta_s is None


def test_passages_left_are_counted_per_space_and_the_rest_is_not_up_to_date():
    t = IndexStateTracker()
    t.set_worker("indexing")
    state = t.set_progress(IndexProgress("embedding", spaces=(EN, ZH), eta_s=1380))
    assert state.phase == s.EMBEDDING
    assert state.spaces == (EN, ZH)
    assert state.passages_waiting == (1883 - 1200) + (2906 - 300)
    assert state.eta_s == 1380
    assert 0 < state.fraction < 1
    # The worker rests (say a service refused) but the catalog still has passages left.
    t.set_worker("idle")
    state = t.set_counts(LibraryCounts(documents=41, spaces=(EN, ZH)), t.epoch)
    assert state.phase == s.INCOMPLETE
    assert not state.can_pause


def test_resume_brings_back_the_work_at_once():
    t = IndexStateTracker()
    t.set_worker("indexing")
    embedding = IndexProgress("embedding", chunks_total=5000, chunks_embedded=1200)
    t.set_progress(embedding)
    t.set_worker("paused")
    state = t.set_progress(IndexProgress("paused", chunks_total=5000, chunks_embedded=1200))
    assert state.phase == s.PAUSED and state.can_resume and not state.can_pause
    state = t.set_worker("indexing")  # Resume: no new progress message for a while
    assert state.phase == s.EMBEDDING
    assert state.can_pause and state.shows_bar
    assert state.progress == embedding


def test_nothing_to_pause_when_up_to_date():
    t = IndexStateTracker()
    t.set_worker("indexing")
    t.set_progress(IndexProgress("reading", files_total=2, files_done=1))
    state = t.set_worker("idle")
    assert state.phase == s.UP_TO_DATE
    assert not state.can_pause and not state.can_resume and not state.shows_bar


def test_counts_read_before_the_pass_ended_do_not_bring_back_waiting_files():
    t = IndexStateTracker()
    t.set_worker("indexing")
    before = t.epoch
    t.set_worker("idle")
    state = t.set_counts(LibraryCounts(documents=40, files_pending=3), before)  # stale read
    assert state.phase == s.UP_TO_DATE
    state = t.set_counts(LibraryCounts(documents=43), t.epoch)
    assert state.phase == s.UP_TO_DATE and state.counts.documents == 43
