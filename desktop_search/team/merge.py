"""Put team candidates beside local ones, for the app's own fusion, and build their hits.

Each source's lists are joined by source name (local keyword with team keyword, local
MiniLM with team MiniLM, ...), so a team passage is standardised and weighted in the
same pool as a local one: fusion cannot tell them apart except by their keys, which
for team rows are negative (never a local chunk id).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace

from desktop_search.search import fusion, lexical
from desktop_search.search.hits import DocumentHit, Passage
from desktop_search.search.query import ParsedQuery
from desktop_search.search.snippets import make_snippet
from desktop_search.store.chunk_map import ChunkDocuments
from desktop_search.team.reader import TeamCandidates


def merge_sources(
    local: Sequence[fusion.SourceHits], teams: Sequence[TeamCandidates]
) -> list[fusion.SourceHits]:
    """One SourceHits per source name, local and team hits together, best first."""
    by_name: dict[str, list[fusion.SourceHits]] = {}
    for src in [*local, *(s for t in teams for s in t.sources)]:
        by_name.setdefault(src.source, []).append(src)
    out = []
    for name, parts in by_name.items():
        hits = sorted((h for p in parts for h in p.hits), key=lambda h: -h[1])
        out.append(
            fusion.SourceHits(
                name,
                parts[0].kind,
                tuple(hits),
                frozenset().union(*(p.languages for p in parts)),
                exhaustive=all(p.exhaustive for p in parts),
                cut=min((p.cut for p in parts if p.cut is not None), default=None),
            )
        )
    return out


def team_documents(teams: Sequence[TeamCandidates]) -> ChunkDocuments:
    """Each row key's document key and chunk language, as ``Catalog.chunk_documents`` gives."""
    return ChunkDocuments(
        {key: t.groups.get(key, key) for t in teams for key in t.rows},
        {key: row.language for t in teams for key, row in t.rows.items()},
    )


def merge_words(
    local: lexical.LexicalEvidence, teams: Sequence[TeamCandidates]
) -> lexical.LexicalEvidence:
    """The query's words per document over the local and the team libraries: documents by
    coverage, then document BM25 (each library's own statistics, as lexical.gather); a word
    is missing only where no library that answered holds it."""
    answered = [t.words for t in teams if t.words is not None]
    if not answered:
        return local
    coverage = dict(local.coverage)
    scores = dict(local.scores)
    missing = set(local.missing)
    for w in answered:
        coverage.update(w.coverage)
        scores.update(w.scores)
        missing &= set(w.missing)
    order = sorted(coverage, key=lambda d: (-coverage[d], -scores.get(d, 0.0), d))
    return lexical.LexicalEvidence(
        local.concepts,
        tuple(m for m in local.missing if m in missing),
        tuple(order),
        local.complete and all(w.complete for w in answered),
        {d: coverage[d] for d in order},
        scores,
    )


def team_navigation(teams: Sequence[TeamCandidates]) -> set[int]:
    """Row keys of team passages that are tables of contents, index pages and the like."""
    return {key for t in teams for key, row in t.rows.items() if row.nav}


def team_document_facts(teams: Sequence[TeamCandidates]) -> dict[int, tuple[int, str]]:
    """Team document key -> (passages, language), as the catalog gives for local ones."""
    return {
        t.groups.get(key, key): (row.passages, row.doc_language)
        for t in teams
        for key, row in t.rows.items()
    }


def team_hits(
    q: ParsedQuery,
    ranked: Sequence[tuple[int, float]],
    teams: Sequence[TeamCandidates],
    per_doc: int,
    k: int,
    order: Callable[[int, list[tuple[float, int]]], list[tuple[float, int]]] | None = None,
) -> list[DocumentHit]:
    """The first ``k`` team documents in fused order, one hit per text (as ``_group`` makes
    local ones), its passages best first (``order``: the engine's choice of which of a
    document's passages to show first)."""
    rows = {key: row for t in teams for key, row in t.rows.items()}
    groups = {key: g for t in teams for key, g in t.groups.items()}
    # One hit per document text (identical files are one, as locally), at its best file.
    by_file: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for key, score in ranked:
        row = rows.get(key)
        if row is not None:
            by_file.setdefault((row.library, groups.get(key, key)), []).append((key, score))
    hits = []
    texts: dict[tuple[str, str], int] = {}  # (library, text hash) -> index in hits
    for passages in by_file.values():
        first = rows[passages[0][0]]
        same = texts.get((first.library, first.text_hash))
        if same is not None:  # the same text again (a copy re-encoded): "also at"
            if first.path != hits[same].path and first.path not in hits[same].also_at:
                hits[same] = replace(hits[same], also_at=(*hits[same].also_at, first.path))
            continue
        if len(hits) >= k:
            break
        texts[(first.library, first.text_hash)] = len(hits)
        best = passages[0][1]
        if order is not None:
            shown = order(groups.get(passages[0][0], passages[0][0]), [(s, k) for k, s in passages])
            passages = [(k, s) for s, k in shown]
        hits.append(
            DocumentHit(
                first.path,
                first.name,
                os.path.dirname(first.path)
                if "://" not in first.path
                else first.path.rsplit("/", 1)[0],
                first.suffix,
                first.title or None,
                first.mtime_ns / 1e9,
                first.size,
                first.doc_language,
                best,
                tuple(
                    Passage(
                        key,
                        groups.get(key, key),
                        rows[key].start,
                        rows[key].end,
                        rows[key].page,
                        rows[key].location,
                        score,
                        make_snippet(rows[key].text, q.text, phrases=q.phrases),
                    )
                    for key, score in passages[:per_doc]
                ),
                library=first.library,
            )
        )
    return hits


def combine(
    local: Sequence[DocumentHit],
    team: Sequence[DocumentHit],
    k: int,
    ranked: Sequence[tuple[int, float]] = (),
) -> list[DocumentHit]:
    """Local and team documents in one list, in the engine's ranked order (a lookup's
    documents holding the words stay first), by fused score where ``ranked`` is not given."""
    if ranked:
        position = {key: i for i, (key, _) in reversed(list(enumerate(ranked)))}

        def place(h: DocumentHit) -> float:
            return min((position.get(p.chunk_id, len(position)) for p in h.passages), default=1e9)

        order = sorted([*local, *team], key=lambda h: (place(h), h.library != "local"))
        return order[:k]
    order = sorted(
        [(h.score, 0, i, h) for i, h in enumerate(local)]
        + [(h.score, 1, i, h) for i, h in enumerate(team)],
        key=lambda x: (-x[0], x[1], x[2]),
    )
    return [h for *_, h in order][:k]


def notes(teams: Sequence[TeamCandidates]) -> tuple[str, ...]:
    return tuple(t.note for t in teams if t.note)
