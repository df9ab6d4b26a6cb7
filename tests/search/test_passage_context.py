"""The preview's text: each passage with the text around it, best first, none twice."""

from __future__ import annotations

from desktop_search.search.passage_context import read_sections


def test_sections_hold_their_passages_and_the_query_words(indexed):
    hit = next(
        h
        for h in indexed.engine.search("ownership rules", k=5, mode="keyword").hits
        if h.name == "ch04-01-what-is-ownership.html"
    )
    sections = read_sections(indexed.catalog, hit, "ownership rules")
    assert sections
    best = hit.passages[0]
    first = sections[0]
    # the best passage comes first, its text as stored, with its surroundings
    a, b = first.passages[0]
    stored = indexed.catalog.content_text(best.content_id, best.start, best.end)
    assert first.text[a:b] == stored
    # the query's words are marked where they stand
    assert first.marks
    assert all(first.text[s:e].lower().startswith(("owner", "rule")) for s, e in first.marks)
    # no stretch of the document is shown twice
    texts = [s.text for s in sections]
    assert len(texts) == len(set(texts))
