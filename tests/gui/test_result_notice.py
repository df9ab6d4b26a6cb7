"""The line above the results says what the results are, in words that hold for them."""

from __future__ import annotations

from types import SimpleNamespace

from desktop_search.gui.result_notice import notice_text


def _result(*holds: bool):
    hits = tuple(SimpleNamespace(holds_words=h) for h in holds)
    return SimpleNamespace(missing_words=("违约金",), hits=hits, nothing_contains=not any(holds))


def test_the_notice_names_what_is_shown_first(qapp):
    assert notice_text(_result(True, False)) == (
        "No document contains “违约金”; showing documents with your other words."
    )
    # Seen: a Chinese question whose best results were related by meaning only was
    # introduced as "documents with your other words".
    assert notice_text(_result(False, True)) == (
        "No document contains “违约金”; showing related documents and documents with your "
        "other words."
    )
    related = notice_text(_result(False, False))
    assert related == "No document contains “违约金”. Related by meaning:"
    assert notice_text(_result()) == "No document contains “违约金”."
