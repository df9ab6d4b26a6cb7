"""Which of the query's words each document holds, and how rare they are.

People mostly search their own folders for a document they know is there, by a word or
two they remember. Ranking passages by BM25 alone fails them in three ways, all seen on a
real library: a stem match ("pop") ranks with the exact word they typed ("popped"); a
Chinese word is scored as loose characters and bigrams, so 差值 打开文档 does not find the
page holding both words; and one huge document (a log of 20,000 matching lines, an index
page holding every term) fills the whole candidate list. So keyword evidence is gathered
per *document* and per query *word* here:

* A query word is a concept: an English word matches exactly (the unstemmed column) or
  by stem (worth half); a Chinese word (segmented with jieba) matches only as a whole
  word, a phrase of its consecutive character bigrams.
* For each concept every document holding it is found (a plain FTS5 lookup, grouped by
  document), so no document is hidden behind another's passages; a match only inside
  navigation chunks (tables of contents, indexes) drops a quarter step (``NAV_PENALTY``).
* A document's *coverage* is the sum of its concepts' match levels: documents holding all
  of the query's words, exactly, come first in a lookup (``engine``); within a level,
  a document-level BM25 (matching passages as term frequency, document length in
  passages) orders them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop_search.search.keyword import Lookups, Phrase, phrase_expression
from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import Catalog
from desktop_search.store.chunk_map import ChunkMap
from desktop_search.text.analyzer import _HAN, _RUNS, STOPWORDS, _stem, jieba_words

#: Chinese function and question words: no evidence of what a document is about.
ZH_STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 什么 怎么 怎样 怎么样 如何 为什么 为何 哪 哪些
    哪个 哪里 是否 有没有 能否 可以 能 会 要 想 请问 一个 一种 这 那 这个 那个 这些 那些 我 你
    他 她 它 我们 你们 他们 我想 吗 里 中 对 把 被 用 之 其 有 没有 就 都 也 还 又 让 给 从 到
    为 以 时 地 得 着 过 该 应该 需要 意思 指 叫 做""".split()
)

#: Phrases above this many matching passages are common words: their document lists are not
#: gathered (they would cost more than they tell), only their passages' BM25 counts.
COMMON_PASSAGES = 20000
#: Half credit for a stem-only match; a match only inside navigation chunks drops a quarter
#: step: the word as typed in a table of contents (0.75) still comes before a stem in prose
#: (0.5; "querying" finds the one page listing it, not a chapter on queries), a stem only
#: there after both (0.25). Their passages count half as term frequency.
STEM_LEVEL = 0.5
NAV_PENALTY = 0.25
NAV_FACTOR = 0.5
_K1, _B = 1.2, 0.5


@dataclass(frozen=True, slots=True)
class Concept:
    """One word of the query as FTS5 expressions."""

    surface: str
    exact: str | None  # expression on the unstemmed column (English words)
    loose: str  # expression on the terms column (stem, Chinese word as bigram phrase)


@dataclass(frozen=True, slots=True)
class LexicalEvidence:
    concepts: tuple[Concept, ...]
    missing: tuple[str, ...]  # concepts no document (under the filters) contains
    documents: tuple[int, ...]  # content ids holding a found concept, best first
    complete: bool  # every document holding a found concept is listed (none were common)
    #: content id -> sum of its concepts' match levels (1 exact, 0.5 stem / navigation only)
    coverage: dict[int, float] = field(default_factory=dict)
    #: content id -> document BM25 (orders documents within a coverage level)
    scores: dict[int, float] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return len(self.concepts) - len(self.missing)

    def coverage_of(self) -> dict[int, float]:
        return self.coverage


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _han_concept(word: str) -> str:
    if len(word) <= 2:
        return _quote(word)
    return _quote(" ".join(word[i : i + 2] for i in range(len(word) - 1)))


def _han_words(run: str) -> list[str]:
    """Whole words of a run of Chinese as typed: a short run (up to four characters, no
    function word in it) is one word, as the user meant it (jieba cuts 上色 into 上 / 色);
    a longer run is segmented by jieba, its function words dropped, and characters jieba
    left single are joined back (names and new words it does not know: 齉龘)."""
    words = [w for w in jieba_words(run) if _HAN.match(w)]
    if len(run) <= 4 and not any(w in ZH_STOPWORDS for w in words):
        return [run]
    out: list[str] = []
    single = ""
    for w in [*words, ""]:
        if len(w) == 1 and w not in ZH_STOPWORDS:
            single += w
            continue
        if single:
            out.append(single)
            single = ""
        if w and w not in ZH_STOPWORDS:
            out.append(w)
    return out


def query_concepts(text: str) -> list[Concept]:
    """The query's content words, each once, in order."""
    out: dict[str, Concept] = {}
    for run in _RUNS.findall(text):
        if _HAN.match(run):
            for word in _han_words(run):
                out.setdefault(word, Concept(word, None, "terms : " + _han_concept(word)))
            continue
        word = run.casefold()
        if word in STOPWORDS:
            continue
        out.setdefault(
            word, Concept(run, "exact : " + _quote(word), "terms : " + _quote(_stem(word)))
        )
    return list(out.values())


def is_question(q: ParsedQuery) -> bool:
    """Does the query ask something (then it leans on meaning) rather than look a word up?"""
    text = q.text.strip()
    if text.endswith(("?", "？")):
        return True
    words = [w.casefold() for w in re.findall(r"[A-Za-z']+", text)]
    if words and words[0] in _EN_QUESTION_STARTS:
        return True
    return any(w in text for w in _ZH_QUESTION_WORDS)


def is_description(q: ParsedQuery, evidence: LexicalEvidence, *, most_words: int = 4) -> bool:
    """A described need or a claim: neither a lookup nor a question ("a to-do list that
    always pops the most urgent task first"). Its words say what the text is about, not
    how a remembered passage spells them."""
    return not is_question(q) and not is_lookup(q, evidence, most_words=most_words)


def is_lookup(q: ParsedQuery, evidence: LexicalEvidence, *, most_words: int = 4) -> bool:
    """Is the query a lookup of words the user remembers (the documents holding them come
    first) rather than a question or a described need (meaning decides)? Only when some
    document holds its words (``looks_like_lookup`` for the shape alone)."""
    return evidence.found > 0 and looks_like_lookup(q, evidence.concepts, most_words=most_words)


def looks_like_lookup(q: ParsedQuery, concepts: Sequence[Concept], *, most_words: int = 4) -> bool:
    """Is the query shaped like a lookup? One or two words are; a question never is; three
    or four words are when typed as separate words, not as one Chinese phrase
    ("用键查找值的数据结构" describes a need)."""
    if is_question(q):
        return False
    n = len(concepts)
    if n <= 2:
        return True
    # Three or four remembered words, not a phrase with "a", "of" between them.
    if n > most_words or len(_LATIN_WORD.findall(q.text)) > most_words:
        return False
    return not any(
        len(query_concepts(run)) >= 3 for run in _RUNS.findall(q.text) if _HAN.match(run)
    )


_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_EN_QUESTION_STARTS = frozenset(
    "what how why when where which who whom whose is are can could does do did should would "
    "will was were has have".split()
)
_ZH_QUESTION_WORDS = ("什么", "怎么", "怎样", "如何", "为什么", "为何", "哪", "是否", "吗", "呢")


@dataclass(frozen=True, slots=True)
class Holding:
    """The documents holding one expression: ids, passages outside navigation, all."""

    docs: np.ndarray
    prose: np.ndarray
    total: np.ndarray

    @classmethod
    def none(cls) -> Holding:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty)


def _documents_holding(
    lookups: Lookups, chunks: ChunkMap, expr: str, allowed: np.ndarray
) -> tuple[Holding | None, bool]:
    """The documents holding ``expr`` among the ``allowed`` chunks (None when it is too
    common to list), and whether any chunk at all matches it (allowed or not)."""
    ids = lookups.matching(expr)
    if len(ids) > COMMON_PASSAGES:
        return None, True
    anywhere = len(ids) > 0
    ids = chunks.known(ids)
    ids = ids[allowed[ids]]
    # Counted by content id (no sort): the documents in id order, as np.unique gave them.
    content = chunks.content[ids]
    total = np.bincount(content)
    docs = np.flatnonzero(total)
    prose = np.bincount(content, weights=~chunks.nav[ids], minlength=len(total))[docs]
    return Holding(docs, prose.astype(np.int64), total[docs]), anywhere


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def gather(
    catalog: Catalog,
    q: ParsedQuery,
    chunks: ChunkMap,
    allowed: np.ndarray,
    lookups: Lookups | None = None,
) -> LexicalEvidence:
    """Documents holding the query's words, best first (see the module docstring).

    ``allowed``: a mask over the ids of ``chunks``, those the filters, phrases and
    exclusions leave (``search/keyword.py``). Scored in arrays indexed by content id.
    ``lookups``: the query's keyword index answers, shared with the passage search.
    """
    concepts = tuple(query_concepts(q.text))
    if not concepts:
        return LexicalEvidence((), (), (), True)
    lookups = lookups or Lookups(catalog)
    n_docs = max(1, catalog.document_count())
    missing: list[str] = []
    complete = True
    per_concept: list[tuple[Holding, Holding]] = []
    for c in concepts:
        exact, _ = (
            _documents_holding(lookups, chunks, c.exact, allowed)
            if c.exact
            else (Holding.none(), False)
        )
        loose, anywhere = _documents_holding(lookups, chunks, c.loose, allowed)
        if exact is None or loose is None:
            complete = False
            per_concept.append((Holding.none(), Holding.none()))
            continue
        if not len(exact.docs) and not len(loose.docs) and not anywhere:
            # Only a word no document holds is "missing": one whose documents the
            # filters or a -word left out is not (saying so would be false).
            missing.append(c.surface)
        per_concept.append((exact, loose))
    lengths = chunks.passage_counts().astype(np.float64)
    order, coverage, scores = score_documents(
        concepts, per_concept, lengths, catalog.average_passages(), n_docs
    )
    return LexicalEvidence(concepts, tuple(missing), tuple(order), complete, coverage, scores)


def score_documents(
    concepts: Sequence[Concept],
    per_concept: Sequence[tuple[Holding, Holding]],
    lengths: np.ndarray,
    avg: float,
    n_docs: int,
) -> tuple[list[int], dict[int, float], dict[int, float]]:
    """Documents holding a concept best first, their coverage and document BM25, from each
    concept's (exact, loose) holdings over document numbers ``0..len(lengths)-1``
    (``lengths``: passages per document). A team library's documents are scored here too
    (``team/words.py``), so they rank exactly as the same documents would locally."""
    size = len(lengths)
    norm = _K1 * (1 - _B + _B * lengths / avg)
    level = np.zeros(size)
    score = np.zeros(size)
    for c, (exact, loose) in zip(concepts, per_concept, strict=True):
        strong = exact if c.exact else loose  # a Chinese word matched whole is exact
        lvl = np.zeros(size)
        idf = np.zeros(size)
        prose = np.zeros(size)
        total = np.zeros(size)
        for held, held_level in ((loose, STEM_LEVEL), (strong, 1.0)):  # strong overrides
            lvl[held.docs] = held_level
            idf[held.docs] = _idf(n_docs, len(held.docs))
            prose[held.docs] = held.prose
            total[held.docs] = held.total
        touched = lvl > 0
        nav_only = touched & (prose == 0)
        lvl[nav_only] -= NAV_PENALTY
        tf = prose + NAV_FACTOR * (total - prose)
        level += lvl
        with np.errstate(invalid="ignore", divide="ignore"):
            gain = lvl * idf * tf * (_K1 + 1) / (tf + norm)
        score += np.where(touched, gain, 0.0)
    held = np.flatnonzero(level > 0)
    ranked = held[np.lexsort((held, -score[held], -level[held]))]
    order = ranked.tolist()  # (indexing by the list instead made it an array again: 2 ms)
    coverage = dict(zip(order, level[ranked].tolist(), strict=True))
    return order, coverage, dict(zip(order, score[ranked].tolist(), strict=True))


def passage_phrases(
    q: ParsedQuery, concepts: Sequence[Concept], *, exact: bool = True
) -> list[Phrase]:
    """The phrases ranking passages by BM25 (any of them): the query's terms as analysed
    for the index (Chinese characters and bigrams, English stems: measured best on XQuAD-zh
    and SciFact) or, with ``exact``, its English words as written (the exact column adds to
    their score: a remembered word as typed beats its stem)."""
    parts: list[Phrase] = [("terms", t) for t in q.terms]
    if exact:
        parts += [("exact", c.surface.casefold()) for c in concepts if c.exact]
    return list(dict.fromkeys(parts))


def passage_expression(q: ParsedQuery, concepts: Sequence[Concept], *, exact: bool = True) -> str:
    """``passage_phrases`` as one FTS5 expression."""
    return phrase_expression(passage_phrases(q, concepts, exact=exact))
