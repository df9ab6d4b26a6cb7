"""What a search returns: documents, best first, each with its best passages.

Kept free of numpy, FAISS and the models: the window's process unpickles these when the
search process answers, and importing the engine there would hold its GIL for a moment
the window would feel.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_search.search.query import ParsedQuery
from desktop_search.search.snippets import Snippet


@dataclass(frozen=True, slots=True)
class Passage:
    chunk_id: int
    content_id: int
    start: int  # offsets into the document's extracted text
    end: int
    page: int | None
    location: str | None
    score: float
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class DocumentHit:
    path: str
    name: str
    folder: str
    suffix: str
    title: str | None
    modified: float  # Unix time
    size: int
    language: str  # language of the document
    score: float
    passages: tuple[Passage, ...]
    name_match: bool = False  # the file name matched the query
    also_at: tuple[str, ...] = ()  # other files with the same text (copies, re-encodings)
    # How sure the match is, 0-1, comparable across queries (the relevance bar): the share
    # of the query's words the document holds, or its calibrated similarity by meaning.
    relevance: float = 0.0
    holds_words: bool = False  # the document contains the query's words (not only related)
    library: str = "local"  # "local", or the name of the team library it came from

    @property
    def best(self) -> Passage | None:
        return self.passages[0] if self.passages else None

    @property
    def page(self) -> int | None:
        return self.best.page if self.best else None


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: ParsedQuery
    hits: tuple[DocumentHit, ...]
    elapsed_ms: float
    spaces_used: tuple[str, ...]
    # Plain-words status of the libraries searched (a team library that did not answer).
    notes: tuple[str, ...] = ()
    # True when a team library is still to answer: a fuller result follows.
    partial: bool = False
    # Query words that no document (under the filters) contains: shown as "No document
    # contains ...", the results then being related by meaning only.
    missing_words: tuple[str, ...] = ()
    lookup: bool = False  # read as a lookup of words (not a question)

    @property
    def nothing_contains(self) -> bool:
        """No document holds any of the query's words: every hit is related by meaning."""
        return bool(self.missing_words) and not any(h.holds_words for h in self.hits)
