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
  document), so no document is hidden behind another's passages; matches only inside
  navigation chunks (tables of contents, indexes) count half.
* A document's *coverage* is the sum of its concepts' match levels: documents holding all
  of the query's words, exactly, come first in a lookup (``engine``); within a level,
  a document-level BM25 (matching passages as term frequency, document length in
  passages) orders them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import Catalog
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
#: Half credit for a stem-only match and for a match only inside navigation chunks.
STEM_LEVEL = 0.5
NAV_FACTOR = 0.5
_K1, _B = 1.2, 0.5


@dataclass(frozen=True, slots=True)
class Concept:
    """One word of the query as FTS5 expressions."""

    surface: str
    exact: str | None  # expression on the unstemmed column (English words)
    loose: str  # expression on the terms column (stem, Chinese word as bigram phrase)


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    content_id: int
    coverage: float  # sum of the concepts' match levels (1 exact, 0.5 stem / nav only)
    score: float  # document-level BM25 over the concepts
    exact_all: bool  # holds every found concept exactly, outside navigation


@dataclass(frozen=True, slots=True)
class LexicalEvidence:
    concepts: tuple[Concept, ...]
    missing: tuple[str, ...]  # concepts no document (under the filters) contains
    documents: tuple[DocumentEvidence, ...]  # best first: coverage, then score
    complete: bool  # every document holding a found concept is listed (none were common)

    @property
    def found(self) -> int:
        return len(self.concepts) - len(self.missing)

    def coverage_of(self) -> dict[int, float]:
        return {d.content_id: d.coverage for d in self.documents}


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


def is_lookup(q: ParsedQuery, evidence: LexicalEvidence, *, most_words: int = 4) -> bool:
    """Is the query a lookup of words the user remembers (the documents holding them come
    first) rather than a question or a described need (meaning decides)?

    One or two words are a lookup; a question never is; three or four words are when typed
    as separate words, not as one Chinese phrase ("用键查找值的数据结构" describes a need).
    """
    if evidence.found == 0 or is_question(q):
        return False
    n = len(evidence.concepts)
    if n <= 2:
        return True
    if n > most_words:
        return False
    return not any(
        len(query_concepts(run)) >= 3 for run in _RUNS.findall(q.text) if _HAN.match(run)
    )


_EN_QUESTION_STARTS = frozenset(
    "what how why when where which who whom whose is are can could does do did should would "
    "will was were has have".split()
)
_ZH_QUESTION_WORDS = ("什么", "怎么", "怎样", "如何", "为什么", "为何", "哪", "是否", "吗", "呢")


def _restricted(where: str) -> str:
    return (
        "SELECT k.content_id, sum(CASE WHEN k.nav THEN 0 ELSE 1 END), count(*) "
        "FROM chunk_terms t JOIN chunks k ON k.id = t.rowid JOIN contents c ON c.id = k.content_id "
        f"WHERE chunk_terms MATCH ? AND {where} GROUP BY k.content_id"
    )


def _documents_holding(
    catalog: Catalog, expr: str, where: str, args: Sequence[object]
) -> dict[int, tuple[int, int]] | None:
    """content id -> (matching passages outside navigation, all matching passages); None when
    the expression is too common to list."""
    (n,) = catalog.db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM chunk_terms WHERE chunk_terms MATCH ? LIMIT ?)",
        (expr, COMMON_PASSAGES + 1),
    ).fetchone()
    if n > COMMON_PASSAGES:
        return None
    if n == 0:
        return {}
    return {
        int(content_id): (int(prose), int(total))
        for content_id, prose, total in catalog.db.execute(_restricted(where), [expr, *args])
    }


def _matches_anywhere(catalog: Catalog, expr: str) -> bool:
    return (
        catalog.db.execute(
            "SELECT 1 FROM chunk_terms WHERE chunk_terms MATCH ? LIMIT 1", (expr,)
        ).fetchone()
        is not None
    )


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def gather(catalog: Catalog, q: ParsedQuery, where: str, args: Sequence[object]) -> LexicalEvidence:
    """Documents holding the query's words, best first (see the module docstring).

    ``where``/``args``: the restriction over chunks ``k`` and contents ``c`` (filters,
    phrases, exclusions) from ``search/keyword.py``.
    """
    concepts = tuple(query_concepts(q.text))
    if not concepts:
        return LexicalEvidence((), (), (), True)
    n_docs = max(1, catalog.document_count())
    lengths: dict[int, int] = {}
    level: dict[int, float] = {}
    score: dict[int, float] = {}
    exact_count: dict[int, int] = {}
    missing: list[str] = []
    complete = True
    per_concept: list[tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]] = []
    for c in concepts:
        exact = _documents_holding(catalog, c.exact, where, args) if c.exact else {}
        loose = _documents_holding(catalog, c.loose, where, args)
        if exact is None or loose is None:
            complete = False
            per_concept.append(({}, {}))
            continue
        if not exact and not loose and not _matches_anywhere(catalog, c.loose):
            # Only a word no document holds is "missing": one whose documents the
            # filters or a -word left out is not (saying so would be false).
            missing.append(c.surface)
        per_concept.append((exact, loose))
        lengths.update(dict.fromkeys(set(exact) | set(loose), 0))
    if lengths:
        lengths = catalog.passage_counts(list(lengths))
    avg = catalog.average_passages()
    for c, (exact, loose) in zip(concepts, per_concept, strict=True):
        strong = exact if c.exact else loose  # a Chinese word matched whole is exact
        idf_strong = _idf(n_docs, len(strong))
        idf_loose = _idf(n_docs, len(loose))
        for content_id in set(strong) | set(loose):
            if content_id in strong:
                prose, total = strong[content_id]
                lvl, idf = 1.0, idf_strong
            else:
                prose, total = loose[content_id]
                lvl, idf = STEM_LEVEL, idf_loose
            if prose == 0:
                lvl *= NAV_FACTOR
            else:
                exact_count[content_id] = exact_count.get(content_id, 0) + (lvl == 1.0)
            tf = prose + NAV_FACTOR * (total - prose)
            norm = _K1 * (1 - _B + _B * lengths.get(content_id, avg) / avg)
            level[content_id] = level.get(content_id, 0.0) + lvl
            score[content_id] = score.get(content_id, 0.0) + lvl * idf * tf * (_K1 + 1) / (
                tf + norm
            )
    found = len(concepts) - len(missing)
    docs = sorted(
        (
            DocumentEvidence(cid, level[cid], score[cid], exact_count.get(cid, 0) >= found)
            for cid in level
        ),
        key=lambda d: (-d.coverage, -d.score, d.content_id),
    )
    return LexicalEvidence(concepts, tuple(missing), tuple(docs), complete)


def passage_expression(q: ParsedQuery, concepts: Sequence[Concept]) -> str:
    """One FTS5 expression for ranking passages by BM25: the query's terms as analysed for
    the index (Chinese characters and bigrams, English stems: measured best on XQuAD-zh and
    SciFact) or its English words as written (the exact column adds to their score)."""
    parts = ["terms : " + _quote(t) for t in q.terms]
    parts += [c.exact for c in concepts if c.exact]
    return " OR ".join(dict.fromkeys(parts))


def coverage_in_text(concepts: Sequence[Concept], text: str) -> float:
    """How many of the concepts ``text`` holds as written (a team library's passage, whose
    document lists are not in the local catalog): 1 per word found whole."""
    from desktop_search.text.analyzer import exact_words

    words = set(exact_words(text))
    held = 0.0
    for c in concepts:
        if c.exact is not None:
            held += c.surface.casefold() in words
        else:
            held += c.surface in text
    return held
