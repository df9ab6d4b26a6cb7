"""Keyword terms for the full-text index, identical at index and query time.

SQLite's own tokenizers cannot split Chinese (a run of Han characters is one token),
so text is turned into space-separated terms here and FTS5 only splits on spaces.
Chinese becomes single characters plus character bigrams, English is case-folded and
Snowball-stemmed. Bigrams beat jieba segmentation on XQuAD-zh (keyword nDCG@10 0.967
vs 0.961 for jieba's search mode, 0.963 precise mode; benchmarks/fusion_research.py
--han), need no dictionary, and find names and new words a dictionary does not know;
the single characters let a one-character query match inside a longer word.

Each chunk also keeps its English words unstemmed (``exact_text``, a column of its own),
so a query for "popped" prefers the chapter that says "popped" over pages that only say
"pop": people look for the word they remember, and a stem-only match is weaker evidence.
Han runs are stored characters first, then their bigrams in order, so a Chinese word of
three or more characters is found as a phrase of consecutive bigrams (whole word, not
loose characters).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
# A "word" is a run of letters/digits (any script but Han) or a run of Han characters.
_RUNS = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff_]+",
    re.UNICODE,
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Common English words carry no evidence and make BM25 noisy on short queries.
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have how i if in into is it its of on or
    that the their there these they this to was were what when where which who why will
    with do does did not no can could should would may might you your we our he she his her
    them than then so such about over also been being""".split()
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _han_terms(run: str) -> list[str]:
    """Characters and overlapping character pairs of a run of Han characters."""
    if len(run) == 1:
        return [run]
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Keyword terms of ``text`` in order (Chinese segmented, English stemmed)."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if _HAN.match(run):
            out.extend(_han_terms(run))
            continue
        word = run.casefold()
        if drop_stopwords and word in STOPWORDS:
            continue
        out.append(_stem(word))
    return out


def index_text(text: str) -> str:
    """The form stored in the FTS5 column: terms joined by spaces."""
    return " ".join(terms(text))


def exact_words(text: str) -> list[str]:
    """Case-folded words of ``text`` as written (not stemmed), without Han runs or stopwords."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if _HAN.match(run):
            continue
        word = run.casefold()
        if word not in STOPWORDS:
            out.append(word)
    return out


def exact_text(text: str) -> str:
    """The form stored in the ``exact`` FTS5 column: unstemmed words joined by spaces."""
    return " ".join(exact_words(text))


def chunk_keywords(text: str, title: str | None = None) -> tuple[str, str]:
    """(terms, exact) columns for one chunk; ``title`` is prepended (the document's first
    chunk carries a title that is not in its body, so the title is findable by keyword)."""
    if title:
        text = title + "\n" + text
    return index_text(text), exact_text(text)


def _jieba():
    """rjieba, imported on first use: loading its dictionary holds the GIL for ~85 ms."""
    import rjieba

    return rjieba


def load_segmenter() -> None:
    """Load the Chinese word segmenter now (a warm-up), not in the first Chinese query
    (85-240 ms on a 2-core machine)."""
    _jieba().cut("向量")


def jieba_words(run: str) -> list[str]:
    """Words of a run of Chinese text (jieba's precise mode)."""
    return [t for t in _jieba().cut(run) if t.strip()]


def surface_words(text: str) -> list[str]:
    """Words of a query as the user typed them (for highlighting): Han words and Latin words."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if _HAN.match(run):
            out.extend(t for t in _jieba().cut(run) if t.strip())
        elif run.casefold() not in STOPWORDS:
            out.append(run)
    return out


def fold(token: str) -> str:
    """A token as FTS5's unicode61 tokenizer matches it: case and diacritics folded
    (``Café`` = ``cafe``), for what must agree with the keyword index (team libraries,
    highlights)."""
    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFD", token.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
