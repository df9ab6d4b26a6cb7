"""Merge keyword and semantic results into one ranking: language-aware z-score fusion.

Method (``fuse``)
-----------------
1. Each source judges only what it can judge. Keyword (BM25) evidence counts only for
   passages in the query's language: a Chinese query's terms matching stray words in an
   English passage say little, and in a mixed library plain fusion let same-language
   keyword hits crowd out the right passage in the other language. A vector space counts
   only when it serves the query's language, and only for passages in its languages
   (MiniLM holds English only, so it is silent for a Chinese query and for Chinese
   passages; USE-m holds both and is what bridges languages). A space that does not
   serve the query's language adds neither evidence nor candidates.
2. Each source's scores are standardised (z-score) over the candidates it judges (the
   union of all sources' candidates in its languages), so BM25 and cosines of different
   models become comparable per query. A judged candidate that the source did not list
   gets the source's lowest listed score (it ranked below the cut), or 0 for a keyword
   list that holds every match (``exhaustive``). The keyword source also lists, below its
   cut, the best passages of each document holding the query's words (``SourceHits.cut``).
   When only the query's language is in play (no other-language passage among a
   bilingual space's best ten), everything below the cut counts as at the cut, listed
   or not: otherwise those extra passages widen the scale, so the best word matches
   count for less and the unlisted for less still (SciFact, all English: 0.723 -> 0.732
   nDCG@10; 0.733 with stems alone for claims, ``lexical.is_description``). When the other
   language competes the scale stays wide: keyword cannot judge those passages, and a
   narrower scale let same-language word matches pass the right Chinese page for an
   English question (one library question and one description fewer in the top 3).
3. z is passed through softplus, ``log(1 + e^z)``: strong evidence counts almost
   linearly, while the absence of evidence is close to neutral instead of a large
   penalty (a passage one model missed is not sunk by it).
4. A candidate's score is the weighted mean over the sources that judge it, weights
   keyword 0.4, ``minilm`` 0.4, ``usem3`` 0.2 (another space: 0.3). Because it is a mean,
   a passage in the other language (judged by USE-m alone) and a same-language passage
   (judged by all) are on one scale. Candidates no source may judge (e.g. a keyword hit in
   the other language that no vector space found) are kept, after all others.
5. Documents are ranked by the same scores grouped (``group_of``): a source's evidence
   for a document is its best for any of the document's passages (z still over the
   passages), then averaged as above; passages within a document keep their own order.
   Through the whole app (``desktop-search-cli eval``) this took SciFact from 0.728 to
   0.733 nDCG@10 and left the others as they were (xquad-zh 0.969, zh-questions-en-docs
   0.875, en-questions-zh-docs 0.877, mixed-library 0.930 / MRR 0.975). Standardising
   over documents instead of passages (research figure 0.736 below) lost a two-character
   Chinese query to an English chapter in a small library: with few candidates, a lone
   exact match gets a small z.

Measured with ``benchmarks/fusion_research.py`` (product chunker, analyzer, language
detector and a real FTS5 table; 100 chunks per source; chunks fused, then documents
ranked by their best chunk, as the engine does). nDCG@10, MRR@10 in brackets:

    set                    keyword   minilm    usem3   RRF kw+ml  RRF all   fuse
    scifact (809 q)          0.691    0.672    0.447    0.709     0.661    0.732
    xquad-zh (1181 q)        0.961    0.000    0.877    0.961     0.946    0.967
    zh-questions-en-docs     0.164    0.174    0.874    0.254     0.490    0.874
    en-questions-zh-docs     0.194    0.000    0.884    0.194     0.851    0.884
    mixed-library            0.632    0.348    0.879    0.548     0.687    0.934
                            (0.967)  (0.544)  (0.891)  (0.766)   (0.951)  (0.972)

(MiniLM scores 0 where the corpus is Chinese: its space holds English chunks only.) On
the cross-language sets ``fuse`` is USE-m alone, by design (nothing else may judge).
Split by a hash of the query id, the two halves give scifact 0.748 / 0.715 (keyword
0.714 / 0.668), xquad-zh 0.969 / 0.965, mixed 0.940 / 0.928 (MRR 0.975 / 0.969): hybrid
is at or above every single source on both halves. Weights come from a small grid (27
keyword/MiniLM/USE-m triples in 0.3-0.5 / 0.3-0.5 / 0.1-0.3, x z or softplus(z), x with or
without a confidence factor); choosing on one half and scoring the other lost at most
0.009 nDCG@10 (scifact; <= 0.001 elsewhere) against the best choice for that half. Fusing after
grouping each source's chunks by document instead: scifact 0.736, xquad-zh 0.967,
mixed 0.934 (0.971).

Also tried (research harness, document-level; nDCG@10 scifact / xquad-zh / mixed, MRR
mixed):
* RRF k=60 (above): rank fusion cannot tell a strong hit from a weak one and lets every
  source vote on every passage, so MiniLM's noise on Chinese and same-language keyword
  hits in a mixed library pull rankings down.
* Convex combination of max-normalised BM25 and raw cosine (Bruch et al. 2022 style),
  same language gating: scifact up to 0.736, but xquad-zh and mixed pull the keyword
  weight apart (keyword 0.2: 0.966 / 0.908; 0.35: 0.968 / 0.900; 0.65: 0.964 / 0.875).
  Min-max normalisation: scifact <= 0.730, xquad-zh 0.965, mixed 0.926 (MRR 0.941). z-score
  over each source's own hits instead of the pooled candidates: 0.729 / 0.968 / 0.930
  (0.964).
* Plain z (no softplus), same weights: 0.729 / 0.968 / 0.937; with USE-m at 0.1:
  0.733 / 0.965 / 0.938. Median/MAD z: 0.715 / 0.962 / 0.810. exp(z): 0.719 / 0.966 / 0.918.
* Keyword evidence for other-language passages at 0.1 / 0.3 of its weight: mixed falls
  to 0.894 / 0.844 (zh-questions-en-docs to 0.866 at 0.3).
* Per-query confidence (weight x top z): +0.005 scifact, -0.001 xquad-zh; weight x
  top1-top2 margin: scifact 0.715. Not worth the extra moving part.
* Mapping same-language candidates onto USE-m's score slots, so keyword only reorders
  within the query's language: mixed 0.911 (0.951).
* Document = best chunk + 0.1 x the other chunks: scifact -0.01 (0.3: -0.05).
* 200 instead of 100 chunks per source: +0.002 scifact (only set measured).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

#: Relative trust per source. Keyword and the English model are equally strong on English
#: (SciFact 0.69 / 0.67 alone); USE-m is weaker per language (0.45 on SciFact, 0.87 vs
#: keyword 0.96 on XQuAD-zh) but the only bridge between languages.
DEFAULT_WEIGHTS: Mapping[str, float] = {"keyword": 0.4, "minilm": 0.4, "usem3": 0.2}
#: Weight of a vector space not named above (e.g. one the user added).
OTHER_SPACE_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class SourceHits:
    """One retrieval source's candidates for a query."""

    source: str  # "keyword" or a vector space name such as "minilm", "usem3"
    kind: Literal["keyword", "semantic"]
    # (document or chunk key, raw score), best first. Keyword scores are positive BM25
    # (-fts5 bm25()); semantic scores are cosine similarities.
    hits: tuple[tuple[int, float], ...]
    # Languages this source's index holds ({"en"} for MiniLM, {"zh", "en"} for USE-m and
    # the keyword index).
    languages: frozenset[str]
    # True when ``hits`` holds every match (the source returned fewer than it was asked
    # for, e.g. ``len(hits) < limit``): an unlisted key then truly scored nothing (BM25 0)
    # instead of "just below the cut". With few keyword hits this matters: without it the
    # weakest of two exact matches would look no better than a passage with no match.
    exhaustive: bool = False
    # The score where the source cut its list (its weakest of the best k), when it listed
    # more below it: a keyword source also lists the best passages of each document
    # holding the query's words, whatever their rank. None: the weakest listed is the cut.
    cut: float | None = None


def rrf(sources: Sequence[SourceHits], *, k: int = 60) -> list[tuple[int, float]]:
    """Reciprocal rank fusion (Cormack et al. 2009), the baseline: sum of 1/(k + rank)."""
    scores: dict[int, float] = {}
    for src in sources:
        for rank, (key, _) in enumerate(src.hits):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda x: (-x[1], x[0]))


def _softplus(z: float) -> float:
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


def _weight(source: SourceHits, weights: Mapping[str, float]) -> float:
    if source.source in weights:
        return weights[source.source]
    return weights.get("keyword", 0.4) if source.kind == "keyword" else OTHER_SPACE_WEIGHT


def _judges(source: SourceHits, query_language: str, doc_language: str | None) -> bool:
    """May this source's evidence count for a candidate in ``doc_language``?"""
    if doc_language is None:
        return False
    if source.kind == "keyword":
        return doc_language == query_language
    return query_language in source.languages and doc_language in source.languages


#: How many of a bilingual space's best candidates are looked at to tell whether passages
#: in the other language compete for the query.
IN_PLAY = 10


def _other_language_in_play(
    sources: Sequence[SourceHits], query_language: str, language_of: Mapping[int, str]
) -> bool:
    """Are passages in another language than the query's among the best a space that reads
    both languages found? Keyword evidence cannot judge those, so its scale must not grow
    (see ``fuse``)."""
    for src in sources:
        if src.kind == "semantic" and len(src.languages) > 1 and query_language in src.languages:
            return any(
                language_of.get(key) not in (None, query_language) for key, _ in src.hits[:IN_PLAY]
            )
    return False


def fuse(
    sources: Sequence[SourceHits],
    *,
    query_language: str,
    language_of: Mapping[int, str],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    group_of: Mapping[int, int] | None = None,
    discount: Mapping[int, float] | None = None,
    group_language: Mapping[int, str] | None = None,
) -> list[tuple[int, float]]:
    """One ranking (key, fused score) best first; see the module docstring.

    ``query_language`` and ``language_of`` (language of every candidate key) decide which
    source may judge which candidate. With ``group_of`` (candidate key -> group, e.g. chunk
    -> document) the ranking is of groups: each source's evidence for a group is its best
    for any of the group's candidates, standardised over the candidates as usual, so a
    document whose keyword match and semantic match sit in different passages gets both.
    ``discount`` (candidate key -> factor) scales a candidate's evidence from every source
    after standardising: navigation passages (tables of contents, index pages) name every
    topic and match every query, so they count a fraction of what they seem to say.
    ``group_language`` (group -> its language, e.g. a document's) lets a group whose
    passages are in two languages also be judged only by the sources that can read its
    own language, when that scores it higher (see below).
    Weighting keyword evidence by query length, or by how clearly each source's top hit
    stands out, was measured and did not pay (module docstring).
    """
    return _ranking(
        _evidence(sources, query_language, language_of, weights, discount),
        query_language,
        group_of,
        group_language,
    )


def fuse_passages_and_groups(
    sources: Sequence[SourceHits],
    *,
    query_language: str,
    language_of: Mapping[int, str],
    group_of: Mapping[int, int],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    discount: Mapping[int, float] | None = None,
    group_language: Mapping[int, str] | None = None,
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """``fuse`` of the candidates and of their groups (``group_of``), from one working out
    of each source's evidence (the same for both: two ``fuse`` calls were 5 ms a query)."""
    evidence = _evidence(sources, query_language, language_of, weights, discount)
    return (
        _ranking(evidence, query_language, None, None),
        _ranking(evidence, query_language, group_of, group_language),
    )


@dataclass(slots=True)
class _Judged:
    """Each source's evidence for the candidates it judges (``fuse``, steps 1-3)."""

    sources: list[SourceHits]  # those that serve the query's language
    keys: list[int]  # every candidate
    # (weight, which candidates it judges, its softplus(z) for those, the source)
    judged: list[tuple[float, np.ndarray, np.ndarray, SourceHits]]


def _evidence(
    sources: Sequence[SourceHits],
    query_language: str,
    language_of: Mapping[int, str],
    weights: Mapping[str, float],
    discount: Mapping[int, float] | None,
) -> _Judged:
    # A vector space that does not serve the query's language (MiniLM for a Chinese
    # query) returns noise: it adds neither evidence nor candidates.
    sources = [s for s in sources if s.kind == "keyword" or query_language in s.languages]
    candidates: dict[int, None] = {}
    for src in sources:
        for key, _ in src.hits:
            candidates.setdefault(key, None)
    # In arrays over the candidates (the loops over ~500 candidates x 3 sources x 2 calls
    # were 40 ms of a query); sums run in the same order as the scalar code's did.
    keys = list(candidates)
    languages = [language_of.get(key) for key in keys]
    factor = (
        np.ones(len(keys))
        if discount is None
        else np.array([discount.get(key, 1.0) for key in keys], dtype=np.float64)
    )
    other_language = _other_language_in_play(sources, query_language, language_of)
    judged_by: list[tuple[float, np.ndarray, np.ndarray, SourceHits]] = []
    for src in sources:
        w = _weight(src, weights)
        if w <= 0 or not src.hits:
            continue
        can = {lang: _judges(src, query_language, lang) for lang in set(languages)}
        judged = np.array([can[lang] for lang in languages], dtype=bool)
        if not judged.any():
            continue
        listed = dict(src.hits)
        judged_keys = [key for key, j in zip(keys, judged.tolist(), strict=True) if j]
        values = _standardised(src, listed, judged_keys, other_language)
        if values is None:
            continue  # every judged candidate looks the same to this source
        judged_by.append((w, judged, _softplus_array(values) * factor[judged], src))
    return _Judged(sources, keys, judged_by)


def _ranking(
    ev: _Judged,
    query_language: str,
    group_of: Mapping[int, int] | None,
    group_language: Mapping[int, str] | None,
) -> list[tuple[int, float]]:
    """Steps 4-5 of ``fuse``: the weighted mean per candidate or group, best first."""
    if not ev.keys:
        return []
    keys = ev.keys
    groups = keys if group_of is None else [group_of.get(key, key) for key in keys]
    group_keys, slot = np.unique(np.asarray(groups, dtype=np.int64), return_inverse=True)
    total = np.zeros(len(group_keys))
    weight_sum = np.zeros(len(group_keys))
    own_total = np.zeros(len(group_keys))  # per group, the sources that judge its language
    own_weight = np.zeros(len(group_keys))
    own_language = (
        None
        if group_language is None
        else [group_language.get(int(g)) for g in group_keys.tolist()]
    )
    for w, judged, evidence, src in ev.judged:
        best = np.full(len(group_keys), -np.inf)  # this source's best evidence per group
        np.maximum.at(best, slot[judged], evidence)
        touched = best > -np.inf
        total[touched] += w * best[touched]
        weight_sum[touched] += w
        if own_language is not None:
            reads_own = {lang: _judges(src, query_language, lang) for lang in set(own_language)}
            reads = touched & np.array([reads_own[lang] for lang in own_language], dtype=bool)
            own_total[reads] += w * best[reads]
            own_weight[reads] += w

    scored_mask = weight_sum > 0
    scores = np.zeros(len(group_keys))
    scores[scored_mask] = total[scored_mask] / weight_sum[scored_mask]
    # A Chinese help page with a few English lines is judged, for an English question, by
    # keyword and MiniLM too, which see only those lines: their weak evidence averaged in
    # would sink USE-m's strong evidence for its Chinese text. Such a document keeps the
    # mean of the sources that read its own language when that is higher. A document in
    # one language has the same judges either way, so it ranks as before.
    own = own_weight > 0
    scores[own] = np.maximum(scores[own], own_total[own] / own_weight[own])
    if not scored_mask.any():
        return list(_fallback(ev.sources, group_of).items())
    idx = np.flatnonzero(scored_mask)
    idx = idx[np.lexsort((group_keys[idx], -scores[idx]))]
    ranked = list(zip(group_keys[idx].tolist(), scores[idx].tolist(), strict=True))
    if not scored_mask.all():
        # Candidates no source could judge stay findable, after the others, in RRF order.
        scored = set(group_keys[idx].tolist())
        rest = [key for key in _fallback(ev.sources, group_of) if key not in scored]
        bottom = ranked[-1][1]
        ranked.extend((key, bottom - 1.0 - i * 1e-6) for i, key in enumerate(rest))
    return ranked


def _fallback(
    sources: Sequence[SourceHits], group_of: Mapping[int, int] | None
) -> dict[int, float]:
    """RRF order, each key (or group) at its best."""
    fallback: dict[int, float] = {}
    for key, score in rrf(sources):
        fallback.setdefault(key if group_of is None else group_of.get(key, key), score)
    return fallback


def _standardised(
    src: SourceHits, listed: dict[int, float], judged: list[int], other_language: bool
) -> np.ndarray | None:
    """z-scores of the judged candidates by this source (unlisted at its floor or cut), or
    None when the source tells none of them apart."""
    lowest = min(listed.values())
    # Unlisted = below the source's cut: just under its lowest listed score.
    floor = 0.0 if (src.exhaustive and src.kind == "keyword") else lowest - 1e-9
    if src.cut is not None and not other_language:
        # One language in play: what ranked below the cut is not told apart, whether
        # listed as a document's extra passage or not listed at all.
        values = [max(listed.get(key, src.cut), src.cut) for key in judged]
    else:
        values = [listed.get(key, floor) for key in judged]
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    if std <= 1e-12:
        # Listed and unlisted candidates tie when the cut fell on the only hit: a
        # listed candidate still beats an unlisted one.
        values = [1.0 if key in listed else 0.0 for key in judged]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        if std <= 1e-12:
            return None
    return (np.array(values) - mean) / std


def _softplus_array(z: np.ndarray) -> np.ndarray:
    """``_softplus`` over an array."""
    with np.errstate(over="ignore"):
        return np.where(z > 0, z + np.log1p(np.exp(-z)), np.log1p(np.exp(z)))
