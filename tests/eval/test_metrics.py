import math

import pytest

from desktop_search.eval.metrics import evaluate, mrr_at_k, ndcg_at_k, recall_at_k


def test_ndcg_perfect_ranking_is_one():
    assert ndcg_at_k(["a", "b", "c"], {"a": 2, "b": 1}) == pytest.approx(1.0)


def test_ndcg_uses_graded_relevance_and_log_discount():
    # ideal: a(2) then b(1); got: b then a
    got = 1 / math.log2(2) + 2 / math.log2(3)
    ideal = 2 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(got / ideal)


def test_ndcg_ignores_hits_below_cutoff():
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at_k(ranking, {"a": 1}) == 0.0
    assert ndcg_at_k(ranking, {"a": 1}, k=11) == pytest.approx(1 / math.log2(12))


def test_ndcg_ideal_is_capped_at_k():
    rel = {f"d{i}": 1 for i in range(20)}
    assert ndcg_at_k([f"d{i}" for i in range(10)], rel) == pytest.approx(1.0)


def test_duplicates_count_once():
    assert ndcg_at_k(["a", "a", "b"], {"b": 1}) == pytest.approx(1 / math.log2(3))
    assert recall_at_k(["a", "a"], {"a": 1, "b": 1}) == 0.5


def test_recall_and_mrr():
    ranking = ["x", "a", "y", "b"]
    rel = {"a": 1, "b": 1, "c": 1}
    assert recall_at_k(ranking, rel) == pytest.approx(2 / 3)
    assert recall_at_k(ranking, rel, k=2) == pytest.approx(1 / 3)
    assert mrr_at_k(ranking, rel) == pytest.approx(0.5)
    assert mrr_at_k(["x"] * 3 + [f"y{i}" for i in range(10)] + ["a"], rel) == 0.0


def test_zero_relevance_is_not_relevant():
    assert mrr_at_k(["a"], {"a": 0}) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0


def test_evaluate_means_and_missing_rankings_score_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    m = evaluate({"q1": ["a"]}, qrels)
    assert m["ndcg@10"] == pytest.approx(0.5)
    assert m["recall@100"] == pytest.approx(0.5)
    assert m["mrr@10"] == pytest.approx(0.5)
