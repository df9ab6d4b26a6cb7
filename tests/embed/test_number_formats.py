"""A faster number format is used only where retrieval judged it good enough (issue 21).

The timed probe picks the fastest allowed format; a format that failed the quality rule
(nDCG@10 more than 0.005 below fp32 on a set, or known-item top-1 lower) is never even
timed, however fast it would run.
"""

from __future__ import annotations

import pytest

from desktop_search.embed import number_formats as formats
from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder

MODEL = "st:sentence-transformers/all-MiniLM-L6-v2"


def _verdicts(passed: bool):
    drop = 0.001 if passed else 0.012
    return {MODEL: {formats.INT8: formats.Verdict(passed, drop, 0.0, "test")}}


def test_the_rule_allows_small_drops_only():
    assert formats.passes([0.0, 0.004, -0.01], known_item_drop=0.0)
    assert not formats.passes([0.0, 0.006], known_item_drop=0.0)
    assert not formats.passes([0.0, 0.001], known_item_drop=0.005)


def test_int8_is_not_allowed_without_a_verdict_or_after_failing():
    assert formats.INT8 not in formats.allowed_formats(MODEL, {})
    assert formats.INT8 not in formats.allowed_formats(MODEL, _verdicts(passed=False))
    assert formats.INT8 in formats.allowed_formats(MODEL, _verdicts(passed=True))
    assert formats.allowed_formats("st:someone-elses-model", _verdicts(passed=True))[:2] == (
        formats.FP32,
        formats.BF16,
    )


class _Probe:
    """Probe times: int8 would be five times faster than fp32."""

    def __init__(self) -> None:
        self.timed: list[str] = []
        self.variants: dict[str, object] = {}  # the models it built to time them

    def __call__(self, name: str) -> float:
        self.timed.append(name)
        self.variants[name] = (name, "probe copy")
        return {formats.FP32: 1.0, formats.BF16: 0.95, formats.INT8: 0.2}[name]


@pytest.fixture
def embedder(monkeypatch):
    """The packaged MiniLM's embedder with its probe and int8 conversion stubbed out."""
    monkeypatch.delenv("DESKTOP_SEARCH_PRECISION", raising=False)
    e = SentenceTransformerEmbedder()
    probe = _Probe()
    monkeypatch.setattr(e, "_probe_timer", lambda: probe)
    monkeypatch.setattr(e, "_load", lambda: object())
    monkeypatch.setattr(formats, "int8_model", lambda model: ("int8", model))
    return e, probe


def test_a_format_that_failed_retrieval_is_never_chosen_even_when_fastest(embedder, monkeypatch):
    e, probe = embedder
    monkeypatch.setattr(formats, "VERDICTS", _verdicts(passed=False))
    assert e._document_format() == formats.FP32
    assert formats.INT8 not in probe.timed


def test_int8_is_chosen_where_it_passed_and_runs_faster(embedder, monkeypatch):
    e, _ = embedder
    monkeypatch.setattr(formats, "VERDICTS", _verdicts(passed=True))
    assert e._document_format() == formats.INT8
    assert e._model == ("int8", "probe copy")  # documents run on the probe's int8 model


def test_a_format_barely_faster_than_fp32_is_not_worth_it():
    times = {formats.FP32: 1.0, formats.INT8: 0.95}
    assert formats.fastest([formats.FP32, formats.INT8], times.__getitem__) == formats.FP32
