"""Read what the user typed: free words, "exact phrases" and -excluded words.

People type queries the way they do in web search engines, so the same small syntax
works here: quotes demand the exact phrase, a leading minus leaves out documents
containing the word. Everything else is the meaning to search for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_search.text.analyzer import surface_words, terms
from desktop_search.text.language import detect_language

_TOKEN = re.compile(r'"([^"]+)"|“([^”]+)”|(?<!\S)-(\S+)|(\S+)')


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    raw: str
    text: str  # what is embedded: the query without exclusions and quote marks
    phrases: tuple[str, ...]
    excluded: tuple[str, ...]
    terms: tuple[str, ...]  # keyword terms of ``text`` (segmented, stemmed)
    language: str

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def highlight_words(self) -> tuple[str, ...]:
        return tuple(surface_words(self.text))


def parse_query(raw: str) -> ParsedQuery:
    """Split ``raw`` into meaning, phrases and exclusions."""
    phrases: list[str] = []
    excluded: list[str] = []
    words: list[str] = []
    for m in _TOKEN.finditer(raw.strip()):
        phrase = m.group(1) or m.group(2)
        if phrase and phrase.strip():
            phrases.append(phrase.strip())
            words.append(phrase.strip())
        elif m.group(3):
            excluded.append(m.group(3))
        elif m.group(4):
            words.append(m.group(4).strip('"“”'))
    text = " ".join(w for w in words if w)
    return ParsedQuery(
        raw=raw,
        text=text,
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        terms=tuple(dict.fromkeys(terms(text))),
        language=detect_language(text) if text else "en",
    )
