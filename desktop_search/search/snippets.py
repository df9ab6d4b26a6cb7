"""Cut a readable snippet from a passage and mark the query's words in it.

Highlights are character spans into the original text, never HTML: the GUI escapes
the text and wraps the spans, so markup inside documents cannot break the display.
English words match by stem (a query for "running" marks "runs"); Chinese words match
as substrings (苹果 in 我喜欢吃苹果), whole characters only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desktop_search.text.analyzer import STOPWORDS, _stem, fold, surface_words
from desktop_search.text.analyzer import terms as analyze

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff_]"  # a letter of a non-Han word
_LATIN_WORDS = re.compile(_LATIN + "+")
_LATIN_LETTER = re.compile(_LATIN)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[Span, ...]  # (start, end) into ``text``
    clipped_start: bool = False  # text was cut at the start ("…" belongs before it)
    clipped_end: bool = False


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@lru_cache(maxsize=64)
def _query_words(query: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The query's English stems and Chinese words to mark, worked out once per query
    (not once per passage shown: with jieba that was 1 ms a snippet)."""
    query_stems = frozenset(fold(t) for t in analyze(query) if not _HAN.match(t))
    han_words = [w for w in surface_words(query) if _HAN.match(w)]
    # Single characters light up everywhere; mark them only when the query is one character.
    if any(len(w) > 1 for w in han_words):
        han_words = [w for w in han_words if len(w) > 1]
    return query_stems, tuple(han_words)


@lru_cache(maxsize=64)
def _stem_heads(query_stems: frozenset[str]) -> re.Pattern[str]:
    """The first two letters of each stem, found in any case.

    Snowball's English stemmer changes only word endings: a stem keeps its word's first
    two letters (all 22,922 distinct words of the library, benchmarks/library). So only
    the words that begin like a stem are stemmed, not all of a passage's (10 ms a query).
    The pattern is this small on purpose: one with the word-letter class compiled in
    took 9-19 ms to compile, for every new query."""
    heads = sorted({stem[:2] for stem in query_stems}, key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads), re.IGNORECASE)


def _words_like(text: str, query_stems: frozenset[str]) -> Iterator[re.Match[str]]:
    """The whole words of ``text`` that begin as one of ``query_stems`` does."""
    for head in _stem_heads(query_stems).finditer(text):
        at = head.start()
        if at and _LATIN_LETTER.match(text, at - 1):
            continue  # inside a word
        word = _LATIN_WORDS.match(text, at)
        if word is not None:
            yield word


def _phrase_spans(lowered: str, phrases: Sequence[str]) -> list[Span]:
    """Where each phrase occurs in ``lowered`` (the text in lower case, same offsets)."""
    spans: list[Span] = []
    for phrase in phrases:
        p = phrase.lower()
        start = lowered.find(p)
        while p and start != -1:
            spans.append((start, start + len(p)))
            start = lowered.find(p, start + len(p))
    return spans


def _lowered(text: str) -> tuple[str, bool]:
    """``text`` in lower case with its offsets, and whether case-folding keeps them."""
    folded = text.casefold()
    same_length = len(folded) == len(text)  # no "ß" -> "ss": offsets carry over
    return (folded if same_length else text.lower()), same_length


def highlight_spans(text: str, query: str, *, phrases: Sequence[str] = ()) -> list[Span]:
    """Spans of ``text`` that match the query's words (by stem) or its phrases."""
    return _highlights(text, query, phrases)[0]


def _highlights(text: str, query: str, phrases: Sequence[str]) -> tuple[list[Span], list[Span]]:
    """``highlight_spans``, and the phrases' own spans among them (before merging)."""
    spans: list[Span] = []
    lowered, same_length = _lowered(text)
    query_stems, han_words = _query_words(query)
    if query_stems:
        # Case-blind matching of the first letters needs one letter per letter folded.
        words = _words_like(text, query_stems) if same_length else _LATIN_WORDS.finditer(text)
        for m in words:
            word = m.group().casefold()
            if word not in STOPWORDS and fold(_stem(word)) in query_stems:  # as FTS5 matched
                spans.append(m.span())
    for word in han_words:
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    wanted = _phrase_spans(lowered, phrases)
    return _merge(spans + wanted), wanted


def make_snippet(
    text: str, query: str, *, phrases: Sequence[str] = (), width: int = 240
) -> Snippet:
    """The ``width``-character window of ``text`` with the most highlights, cut at spaces;
    one that shows a quoted phrase whole before any other (its words may be denser
    elsewhere, but the phrase is what was asked for)."""
    text = " ".join(text.split())  # one line: newlines and runs of spaces read badly in a list
    spans, wanted = _highlights(text, query, phrases)
    if len(text) <= width:
        return Snippet(text, tuple(spans))
    best_start, best = 0, (-1, -1)
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]  # merged spans: sorted and apart, so ends are sorted too
    for s, _ in spans:
        start = max(0, s - width // 4)
        count = bisect_right(ends, start + width) - bisect_left(starts, start)
        shown = sum(1 for a, b in wanted if a >= start and b <= start + width)
        if (shown, count) > best:
            best_start, best = start, (shown, count)
    start = best_start
    end = min(len(text), start + width)
    if end == len(text) and not spans:
        start = max(0, end - width)
    # Near the end with marks, the window is not widened backwards: the mark stays in the
    # first lines a result list shows (a word at a passage's end was cut off the list).
    # Move the cut to a word boundary for Latin text (Chinese can break anywhere).
    if start > 0:
        space = text.find(" ", start, min(start + 20, end))
        if space != -1 and not _HAN.match(text[start]):
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        if space != -1 and not _HAN.match(text[end - 1]):
            end = space
    inner = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    return Snippet(text[start:end], tuple(inner), start > 0, end < len(text))
