"""Pack sentences into chunks that fit the embedding model, keeping offsets.

The model's own tokenizer decides what fits: a chunk never exceeds ``max_tokens``
model tokens, so nothing is silently truncated at embedding time. Text is tokenized
once per segment (with character offsets), and sentences are packed greedily up to
the limit; a sentence longer than the limit is cut at token boundaries. Consecutive
chunks share a little overlap (the last sentence(s), at most ``overlap_tokens``) so a
passage that straddles a boundary is still found.

A long text is tokenized a window at a time (``WINDOW_CHARS``, cut at a sentence
boundary where there is one), so the memory it takes is bounded whatever its length:
a tokenizer holds about 100 bytes per character of its input (offsets, ids, token
strings), which made a 20 MB one-line text take 3 GB when tokenized whole.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from desktop_search.chunk.sentences import last_boundary, sentence_spans
from desktop_search.extract.base import Segment

# Character spans of the model tokens of a text (no special tokens).
TokenSpans = Callable[[str], Sequence[tuple[int, int]]]

# Characters tokenized at a time: ~10 MB of tokenizer memory, and hundreds of chunks,
# so the cut between windows (a chunk boundary, without overlap) is rare.
WINDOW_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of a document: offsets into the document's full text."""

    start: int
    end: int
    page: int | None = None
    location: str | None = None
    tokens: int = 0


def chunk_text(
    text: str,
    token_spans: TokenSpans,
    *,
    max_tokens: int = 254,
    overlap_tokens: int = 32,
    window_chars: int = WINDOW_CHARS,
) -> list[tuple[int, int, int]]:
    """(start, end, token_count) chunks of ``text``; whitespace-only text gives none."""
    out: list[tuple[int, int, int]] = []
    for w_start, w_end in text_windows(text, window_chars):
        window = text[w_start:w_end]
        for start, end, n in _chunk_window(window, token_spans, max_tokens, overlap_tokens):
            out.append((w_start + start, w_start + end, n))
    return out


def text_windows(text: str, window_chars: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most ``window_chars``, cut between sentences.

    Where the second half of a window holds no sentence boundary, the cut falls on
    whitespace, and only in text with neither (a base64 blob) in the middle of a word.
    """
    window_chars = max(1, window_chars)
    pieces: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + window_chars)
        if end < n:
            lo = start + window_chars // 2
            cut = last_boundary(text, lo, end)
            if cut is None:
                space = max(text.rfind(" ", lo, end), text.rfind("\n", lo, end))
                cut = space + 1 if space >= lo else end
            end = cut
        pieces.append((start, end))
        start = end
    return pieces


def _chunk_window(
    text: str, token_spans: TokenSpans, max_tokens: int, overlap_tokens: int
) -> list[tuple[int, int, int]]:
    if not text.strip():
        return []
    tokens = list(token_spans(text))
    if not tokens:
        return []
    token_starts = [s for s, _ in tokens]
    # Units are sentences expressed as token index ranges; long sentences are split.
    units: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(text):
        first = bisect_left(token_starts, s_start)
        last = bisect_left(token_starts, s_end)
        while last - first > max_tokens:
            units.append((first, first + max_tokens))
            first += max_tokens
        if last > first:
            units.append((first, last))

    chunks: list[tuple[int, int]] = []  # token index ranges
    min_tokens = max_tokens // 4
    i = 0
    while i < len(units):
        first = units[i][0]
        j = i
        while j + 1 < len(units) and units[j + 1][1] - first <= max_tokens:
            j += 1
        size = units[j][1] - first
        if size < min_tokens and j + 1 < len(units):
            # A short sentence before a long one would make a stub chunk: borrow the
            # start of the long sentence instead.
            nxt_first, nxt_last = units[j + 1]
            cut = nxt_first + (max_tokens - size)
            units[j + 1 : j + 2] = [(nxt_first, cut), (cut, nxt_last)]
            j += 1
        chunks.append((first, units[j][1]))
        if j + 1 >= len(units):
            break
        # Overlap: step back over trailing sentences worth at most overlap_tokens.
        k = j + 1
        while k - 1 > i and units[j][1] - units[k - 1][0] <= overlap_tokens:
            k -= 1
        i = k
    if len(chunks) > 1 and chunks[-1][1] - chunks[-1][0] < min_tokens:
        # A stub at the end: start the last chunk earlier, on a sentence boundary.
        # (Or mid-sentence, when the sentence before is too long to take whole.)
        last_end = chunks[-1][1]
        start = min(u[0] for u in units if last_end - u[0] <= max_tokens)
        if last_end - start < min_tokens:
            start = max(0, last_end - max_tokens)
        chunks[-1] = (start, last_end)

    out: list[tuple[int, int, int]] = []
    for t_first, t_last in chunks:
        start = tokens[t_first][0]
        end = tokens[t_last - 1][1]
        out.append((start, end, t_last - t_first))
    return out


def chunk_segments(
    segments: Iterable[Segment],
    token_spans: TokenSpans,
    *,
    max_tokens: int = 254,
    overlap_tokens: int = 32,
    separator: str = "\n\n",
) -> tuple[str, list[Chunk]]:
    """The document's full text (segments joined) and its chunks, which never cross segments.

    Chunks stay inside one segment so each has one page/location.
    """
    parts: list[str] = []
    chunks: list[Chunk] = []
    offset = 0
    for segment in segments:
        if parts:
            parts.append(separator)
            offset += len(separator)
        for start, end, n in chunk_text(
            segment.text, token_spans, max_tokens=max_tokens, overlap_tokens=overlap_tokens
        ):
            chunks.append(Chunk(offset + start, offset + end, segment.page, segment.location, n))
        parts.append(segment.text)
        offset += len(segment.text)
    return "".join(parts), chunks
