"""The chunker: every chunk fits the model, offsets map back, nothing is lost."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_search.chunk import chunk_segments, chunk_text
from desktop_search.extract.base import Segment


@pytest.fixture(scope="module")
def minilm():
    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


sentences = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=120).map(lambda s: s + ". "),
        st.text(alphabet="我喜欢吃苹果合同违约金条款向量数据库", min_size=1, max_size=200).map(
            lambda s: s + "。"
        ),
        st.just("\n\n"),
        st.text(alphabet="x", min_size=300, max_size=900),  # one word longer than the limit
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=sentences, max_tokens=st.sampled_from([16, 64, 254]))
def test_chunks_fit_cover_and_map_back(minilm, text, max_tokens):
    chunks = chunk_text(text, minilm.token_spans, max_tokens=max_tokens, overlap_tokens=8)
    covered = set()
    for start, end, n in chunks:
        piece = text[start:end]
        assert piece.strip(), "no empty chunks"
        assert n <= max_tokens
        # The model sees exactly this text: it must fit its limit when tokenized again.
        assert len(minilm.token_spans(piece)) <= max_tokens + 2  # word pieces re-split at cuts
        covered.update(range(start, end))
    # No text lost: every token of the input lies inside some chunk.
    for start, _end in minilm.token_spans(text):
        assert start in covered


def test_chinese_sentences_end_on_chinese_punctuation(minilm):
    text = "第一句话很长。" * 40 + "第二部分！" * 40
    chunks = chunk_text(text, minilm.token_spans, max_tokens=64)
    assert len(chunks) > 3
    for start, end, _ in chunks[:-1]:
        assert text[end - 1] in "。！", f"chunk ends mid-sentence: {text[start:end][-10:]!r}"


def test_segments_keep_pages_and_offsets(minilm):
    segments = [Segment("Page one text. " * 30, page=1), Segment("第二页的内容。" * 30, page=2)]
    full, chunks = chunk_segments(segments, minilm.token_spans, max_tokens=64)
    assert {c.page for c in chunks} == {1, 2}
    for c in chunks:
        expected = segments[c.page - 1].text
        assert full[c.start : c.end] in expected
    assert full.startswith(segments[0].text)


def test_no_stub_chunk_before_a_long_sentence(minilm):
    text = "Title.\n" + " ".join(["word"] * 300) + "."
    chunks = chunk_text(text, minilm.token_spans, max_tokens=100)
    assert min(n for _, _, n in chunks) >= 25
    assert _words(text[chunks[0][0] : chunks[0][1]])[0] == "Title"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=sentences, window=st.integers(min_value=1, max_value=400))
def test_windows_keep_every_token_and_fit(minilm, text, window):
    chunks = chunk_text(
        text, minilm.token_spans, max_tokens=32, overlap_tokens=8, window_chars=window
    )
    covered = set()
    for start, end, n in chunks:
        assert text[start:end].strip()
        assert n <= 32
        covered.update(range(start, end))
    for start, end in minilm.token_spans(text):
        # A window cut inside a word splits that word; each half is still kept.
        assert start in covered or any(i in covered for i in range(start, end))


def test_a_long_one_line_text_reaches_the_tokenizer_a_window_at_a_time(minilm):
    # 2 MB with no line break: tokenizing it whole held ~100 bytes per character.
    text = "lorem ipsum dolor sit amet consectetur adipiscing " * 40_000
    seen: list[int] = []

    def spans(piece: str):
        seen.append(len(piece))
        return minilm.token_spans(piece)

    chunks = chunk_text(text, spans, max_tokens=254)
    assert max(seen) <= 100_000
    assert chunks[-1][1] == len(text.rstrip())
    # Nothing lost at the window cuts: each chunk starts where the last one ended or before.
    for (_, prev_end, _), (start, _, _) in itertools.pairwise(chunks):
        assert not text[prev_end:start].strip()


def test_windows_cut_between_sentences_when_they_can():
    from desktop_search.chunk.chunker import text_windows

    text = ("A sentence here. " * 10) + ("x" * 50)
    pieces = text_windows(text, 100)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert text[: pieces[0][1]].endswith(". ")
