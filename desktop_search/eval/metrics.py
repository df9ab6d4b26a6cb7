"""Ranking metrics with graded relevance, as used by BEIR/MTEB (pytrec_eval conventions).

``ranking`` is a list of document ids, best first; ``relevant`` maps document id to a
graded relevance (> 0 means relevant). Duplicated ids in a ranking count once (first place).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


def _dedup(ranking: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for d in ranking:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def ndcg_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """Normalised DCG with gain = graded relevance and discount 1/log2(rank+1)."""
    gains = sorted((g for g in relevant.values() if g > 0), reverse=True)
    if not gains:
        return 0.0
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(_dedup(ranking)[:k]))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    return dcg / idcg


def recall_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the top ``k``."""
    rel = {d for d, g in relevant.items() if g > 0}
    if not rel:
        return 0.0
    return len(rel.intersection(_dedup(ranking)[:k])) / len(rel)


def mrr_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """Reciprocal rank of the first relevant document within the top ``k`` (else 0)."""
    for i, d in enumerate(_dedup(ranking)[:k]):
        if relevant.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> dict[str, float]:
    """Mean nDCG@10, Recall@100 and MRR@10 over the queries in ``qrels``.

    A query with no ranking counts as 0 on every metric.
    """
    qids = [q for q, rel in qrels.items() if any(g > 0 for g in rel.values())]
    if not qids:
        return {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    n = len(qids)
    return {
        "ndcg@10": sum(ndcg_at_k(rankings.get(q, ()), qrels[q]) for q in qids) / n,
        "recall@100": sum(recall_at_k(rankings.get(q, ()), qrels[q]) for q in qids) / n,
        "mrr@10": sum(mrr_at_k(rankings.get(q, ()), qrels[q]) for q in qids) / n,
    }
