"""The preview's text: each passage with the text around it, best first, none twice."""

from __future__ import annotations

from dataclasses import replace

from desktop_search.search.passage_context import OPENING_CHARS, read_opening, read_sections


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


def test_a_file_found_by_its_name_shows_how_it_begins(indexed):
    hit = indexed.engine.search("ownership rules", k=5, mode="keyword").hits[0]
    (section,) = read_opening(indexed.catalog, replace(hit, passages=(), name_match=True))
    record = indexed.catalog.file(hit.path)
    stored = indexed.catalog.content_text(record.content_id, 0, OPENING_CHARS)
    assert stored.strip().startswith(section.text[:200])
    assert 200 < len(section.text) <= OPENING_CHARS and section.clipped_end
    assert section.passages == () and not section.clipped_start
