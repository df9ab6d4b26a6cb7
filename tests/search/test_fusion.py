"""Fusion behaviour a user would notice, on small hand-made result lists."""

from __future__ import annotations

from desktop_search.search.fusion import SourceHits, fuse, fuse_passages_and_groups, rrf

ZH_EN = frozenset({"zh", "en"})
EN = frozenset({"en"})


def kw(*hits: tuple[int, float], exhaustive: bool = False) -> SourceHits:
    return SourceHits("keyword", "keyword", tuple(hits), ZH_EN, exhaustive)


def usem3(*hits: tuple[int, float]) -> SourceHits:
    return SourceHits("usem3", "semantic", tuple(hits), ZH_EN)


def minilm(*hits: tuple[int, float]) -> SourceHits:
    return SourceHits("minilm", "semantic", tuple(hits), EN)


def keys(ranked: list[tuple[int, float]]) -> list[int]:
    return [k for k, _ in ranked]


# Library used below: 1xx are Chinese passages, 2xx English ones.
LANG = {**{100 + i: "zh" for i in range(20)}, **{200 + i: "en" for i in range(20)}}


def test_same_language_exact_keyword_hit_is_not_lost():
    # Only one Chinese passage contains the query's words; the vector model finds it
    # mediocre (rank 6 of 8) but the exact match must come out on top.
    sem = usem3(*[(100 + i, 0.40 - 0.01 * i) for i in range(8)])
    ranked = fuse([kw((105, 7.5), exhaustive=True), sem], query_language="zh", language_of=LANG)
    assert keys(ranked)[0] == 105


def test_single_keyword_hit_wins_even_when_list_may_be_cut():
    sem = usem3(*[(100 + i, 0.40 - 0.01 * i) for i in range(8)])
    ranked = fuse([kw((105, 7.5)), sem], query_language="zh", language_of=LANG)
    assert keys(ranked).index(105) < 3


def test_cross_language_semantic_hit_can_rank_first():
    # A Chinese question whose answer is in an English passage: USE-m puts it far ahead;
    # keyword terms only loosely match some Chinese passages.
    sem = usem3((200, 0.62), (101, 0.35), (102, 0.33), (103, 0.31), (201, 0.30), (104, 0.28))
    words = kw((101, 4.0), (103, 3.6), (104, 3.1), (105, 2.9))
    ranked = fuse([words, sem], query_language="zh", language_of=LANG)
    assert keys(ranked)[0] == 200


def test_keyword_hits_in_query_language_do_not_push_better_other_language_doc_down():
    # Mixed library, English question: the Chinese version of the answer is the
    # multilingual model's clear favourite. Ordinary keyword matches spread over many
    # English passages must not bury it (plain RRF does).
    sem = usem3(
        (110, 0.70),
        (210, 0.45),
        (211, 0.44),
        (212, 0.43),
        (213, 0.42),
        (111, 0.40),
        (214, 0.39),
        (215, 0.38),
    )
    words = kw(*[(210 + i, 5.0 - 0.2 * i) for i in range(10)])
    eng = minilm(*[(210 + i, 0.50 - 0.01 * i) for i in range(10)])
    fused = keys(fuse([words, eng, sem], query_language="en", language_of=LANG))
    assert fused.index(110) <= 1
    assert keys(rrf([words, eng, sem])).index(110) > fused.index(110)


def test_keyword_does_not_speak_for_other_language_passages():
    # An English query's terms matching Latin words inside a Chinese passage do not lift
    # it above what the multilingual model says.
    sem = usem3((200, 0.60), (201, 0.50), (100, 0.40), (202, 0.30))
    words = kw((100, 9.0), (202, 1.0))
    ranked = keys(fuse([words, sem], query_language="en", language_of=LANG))
    assert ranked.index(200) < ranked.index(100)


def test_model_that_does_not_serve_query_language_does_not_drag_results_down():
    sem = usem3((100, 0.55), (101, 0.50), (200, 0.45), (102, 0.40))
    words = kw((101, 6.0), (100, 5.0), (102, 1.0))
    # MiniLM only holds English; for a Chinese query its cosines are noise.
    noise = minilm((200, 0.90), (201, 0.85), (202, 0.80))
    with_noise = fuse([words, noise, sem], query_language="zh", language_of=LANG)
    without = fuse([words, sem], query_language="zh", language_of=LANG)
    assert keys(with_noise)[:4] == keys(without)[:4]
    assert keys(with_noise)[0] in (100, 101)


def test_english_model_counts_for_english_query_and_passages():
    sem = usem3((200, 0.50), (201, 0.49), (202, 0.48))
    eng = minilm((202, 0.80), (200, 0.40), (201, 0.39))
    ranked = keys(fuse([eng, sem], query_language="en", language_of=LANG))
    assert ranked[0] == 202


def test_agreeing_sources_beat_a_single_source():
    sem = usem3((200, 0.60), (201, 0.59), (202, 0.40), (203, 0.39))
    words = kw((201, 8.0), (203, 7.0), (204, 2.0))
    ranked = keys(fuse([words, sem], query_language="en", language_of=LANG))
    assert ranked[0] == 201


def test_other_language_keyword_hit_stays_findable_below_model_hits():
    # An English word found only in a Chinese passage that no vector space returned.
    sem = usem3((200, 0.6), (201, 0.5))
    ranked = keys(fuse([kw((100, 3.0)), sem], query_language="en", language_of=LANG))
    assert ranked == [200, 201, 100]


def test_candidates_no_source_may_judge_are_kept_last():
    # English query, a keyword hit in a Chinese passage, and only MiniLM (English) as
    # a vector space: the Chinese passage cannot be judged but is not dropped.
    eng = minilm((200, 0.6), (201, 0.5))
    ranked = keys(fuse([kw((100, 3.0)), eng], query_language="en", language_of=LANG))
    assert ranked == [200, 201, 100]


def test_scores_are_best_first_and_every_candidate_appears_once():
    sem = usem3((200, 0.6), (100, 0.5), (201, 0.4))
    words = kw((201, 2.0), (202, 1.0))
    ranked = fuse([words, minilm((202, 0.3)), sem], query_language="en", language_of=LANG)
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert sorted(keys(ranked)) == [100, 200, 201, 202]


def test_empty_inputs():
    assert fuse([], query_language="en", language_of={}) == []
    assert fuse([kw(), usem3()], query_language="zh", language_of=LANG) == []


def test_rrf_baseline():
    a = kw((1, 9.0), (2, 8.0))
    b = usem3((2, 0.9), (3, 0.8))
    ranked = rrf([a, b])
    assert keys(ranked) == [2, 1, 3]
    assert ranked[0][1] == 1 / 62 + 1 / 61


def test_a_document_gets_evidence_from_all_its_passages():
    """Document 1's exact words are in one passage and its meaning in another; document 2
    has one passage that is second best for both. Ranked as documents, 1 must come first,
    though no single passage of it beats passage 210 in both lists."""
    keyword = kw((200, 9.0), (210, 7.0), *[(211 + i, 1.0) for i in range(6)], exhaustive=True)
    english = minilm((201, 0.80), (210, 0.70), *[(211 + i, 0.30) for i in range(6)])
    document = {200: 1, 201: 1, 210: 2, **{211 + i: 3 + i for i in range(6)}}
    by_passage = fuse([keyword, english], query_language="en", language_of=LANG)
    assert keys(by_passage)[0] == 210
    by_document = fuse([keyword, english], query_language="en", language_of=LANG, group_of=document)
    assert keys(by_document)[:2] == [1, 2]
    assert len(keys(by_document)) == len(set(document.values()))  # each document once


def test_a_chinese_page_with_a_few_english_lines_is_not_sunk_by_them():
    """An English question; its answer is Chinese help page 1, which also holds two English
    lines (a menu path). USE-m finds the Chinese passage best of all; keyword and MiniLM
    see only the English lines and rate them poorly. Page 1 must not fall below page 2,
    a Chinese page USE-m rates a little lower, because of the lines it happens to hold."""
    sem = usem3((100, 0.62), (110, 0.60), *[(111 + i, 0.30) for i in range(6)], (201, 0.35))
    words = kw((210, 9.0), (201, 2.0), *[(211 + i, 1.5) for i in range(6)], exhaustive=True)
    english = minilm((210, 0.70), (201, 0.25), *[(211 + i, 0.30) for i in range(6)])
    document = {100: 1, 201: 1, 110: 2, 210: 3, **{111 + i: 4 + i for i in range(6)}}
    document.update({211 + i: 10 + i for i in range(6)})
    pages = {1: "zh", 2: "zh", 3: "en", **{4 + i: "zh" for i in range(6)}}
    pages.update({10 + i: "en" for i in range(6)})
    sources = [words, english, sem]
    mixed = fuse(sources, query_language="en", language_of=LANG, group_of=document)
    assert keys(mixed).index(1) > keys(mixed).index(2)  # judged by the lines it barely holds
    ranked = fuse(
        sources, query_language="en", language_of=LANG, group_of=document, group_language=pages
    )
    assert keys(ranked).index(1) < keys(ranked).index(2)
    assert [k for k in keys(ranked) if k not in (1, 2)] == [
        k for k in keys(mixed) if k not in (1, 2)
    ]
    # The engine ranks passages and documents in one go: the same two rankings.
    both = fuse_passages_and_groups(
        sources, query_language="en", language_of=LANG, group_of=document, group_language=pages
    )
    assert both == (fuse(sources, query_language="en", language_of=LANG), ranked)


def _english_pool(extras: tuple[tuple[int, float], ...]) -> list[SourceHits]:
    """An English query in an English library: the keyword source's best three (cut at
    7.0), ``extras`` listed below the cut (a found document's own best passages), and two
    spaces that found the same passages, extras included."""
    words = SourceHits(
        "keyword", "keyword", ((200, 9.0), (201, 8.0), (202, 7.0), *extras), ZH_EN, cut=7.0
    )
    sims = [(203, 0.61), (200, 0.55), (204, 0.52), (201, 0.50), (205, 0.47), (202, 0.45)]
    return [words, minilm(*sims), usem3(*sims)]


def test_extra_passages_below_the_cut_do_not_reshuffle_the_others_in_one_language():
    # Passages 204 and 205 are in documents that hold the query's words, so the keyword
    # source lists them, far below its cut. That must not change how the rest compare
    # to each other (it used to lower what every unlisted passage was worth).
    alone = fuse(_english_pool(()), query_language="en", language_of=LANG)
    extras = fuse(_english_pool(((204, 0.4), (205, 0.2))), query_language="en", language_of=LANG)
    assert keys(extras) == keys(alone)
    scores = dict(extras)
    assert scores[204] == scores[205] or keys(extras).index(204) < keys(extras).index(205)


def test_below_the_cut_is_told_apart_when_the_other_language_competes():
    # A Chinese passage among the multilingual model's best: keyword evidence keeps its
    # wide scale (it cannot judge that passage), so an extra passage still beats one the
    # words did not find at all.
    words = SourceHits(
        "keyword", "keyword", ((200, 9.0), (201, 8.0), (202, 7.0), (204, 0.4)), ZH_EN, cut=7.0
    )
    sims = [(110, 0.62), (203, 0.47), (204, 0.47), (200, 0.45)]
    ranked = dict(fuse([words, usem3(*sims)], query_language="en", language_of=LANG))
    assert ranked[204] > ranked[203]
