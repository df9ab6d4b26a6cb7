"""The CLI's one-line progress says only what it knows."""

from __future__ import annotations

from desktop_search.cli.progress_line import describe
from desktop_search.indexing.progress import IndexProgress


def test_no_pace_is_shown_before_there_is_one():
    # Seen: "vectors 63/139 (0/s)" while the first batch had loaded the model.
    loading = IndexProgress("embedding", chunks_total=139, chunks_embedded=63)
    assert describe(loading) == "embedding · vectors 63/139"
    paced = IndexProgress(
        "embedding", chunks_total=139, chunks_embedded=100, chunks_per_s=42.4, eta_s=1.0
    )
    assert describe(paced) == "embedding · vectors 100/139 (42/s) · ~1s left"
