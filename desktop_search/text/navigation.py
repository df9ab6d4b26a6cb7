"""Recognise navigation text: tables of contents, back-of-book and generated indexes.

Real manuals open with pages of "5 什么是 TEX？ . . . . . 5" and close with "\\ttl@labelling
. . . 3457"; Sphinx writes a genindex page that holds every term of the manual. Such
text names every topic without saying anything about any of them, so it matches every
query by keyword and by meaning and must never outrank a passage that explains. It is
recognised per chunk, from its shape alone (no dictionary, any language):

* dot leaders (". . . ." or "……") joining an entry to its page number (a leader that
  a page number does not follow is an ellipsis: Chinese prose writes "……" or "......"
  for one, and a quoted speech may hold several);
* most lines ending in a page number or a run of page numbers ("shade, 12, 34–36");
* long runs of short fragments with no sentences whose word sequences repeat (generated
  indexes: "pickletools command line option trace command line option ...");
* link lists: a web page's list whose text is nearly all links (a chapter's table of
  contents, a site map) is read as one line of entries joined by " · "
  (``extract/html.py``); mostly such runs, the passage is navigation.
"""

from __future__ import annotations

import re
from collections import Counter

_LEADER = re.compile(
    r"(?:(?:\.[ \t]?){5,}|…{2,}|(?:·[ \t]?){5,}|(?:_[ \t]?){8,})\s*(?:\d{1,4}|[ivxlc]{1,6})\b",
    re.I,
)
#: Bumped whenever the rules here change: the catalog marks its stored passages anew.
RULE_VERSION = 3
# An entry's text, a space, then a page number or a run of them ("shade 12, 34–36", "xi").
_ENDS_WITH_PAGE = re.compile(r"\S\s+(?:\d{1,4}|[ivxlc]{1,6})(?:\s*[,–-]\s*\d{1,4})*\s*$", re.I)
_SENTENCE_END = re.compile(r"[a-z\u4e00-\u9fff)\"'”][.!?。！？](?:\s|$)")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CODE = re.compile(r"[{};=]|\(\)|->|::")
#: Joins the entries of a web page's link list on one line (``extract/html.py``).
LINK_JOINER = " · "
# Five or more entries so joined.
_LINK_RUN = re.compile(rf"(?:[^\n·]{{1,120}}{LINK_JOINER}){{4,}}[^\n·]{{1,120}}")


def navigation_score(text: str) -> float:
    """How much of ``text`` is navigation, 0 (prose) to 1 (a table of contents or index)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return 0.0
    leaders = len(_LEADER.findall(text))
    # Dot-leader lines are entries; three of them make a table of contents or an index.
    if leaders >= 3:
        return min(1.0, 0.5 + leaders / (2 * len(lines)))
    page_lines = sum(1 for ln in lines if len(ln) < 80 and _ENDS_WITH_PAGE.search(ln))
    if len(lines) >= 6 and page_lines / len(lines) >= 0.6:
        return page_lines / len(lines)
    if LINK_JOINER in text:
        linked = sum(len(m.group()) for m in _LINK_RUN.finditer(text))
        share = linked / max(1, sum(len(ln) for ln in lines))
        if share >= 0.5:
            return min(1.0, share)
    return _generated_index_score(text)


def _generated_index_score(text: str) -> float:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < 60 or _CODE.search(text):
        return 0.0
    sentences = len(_SENTENCE_END.findall(text))
    if sentences * 40 > len(words):  # prose has a sentence end every 15-25 words
        return 0.0
    trigrams = Counter(zip(words, words[1:], words[2:], strict=False))
    repeated = sum(n for n in trigrams.values() if n >= 3)
    share = repeated / max(1, len(words) - 2)
    return min(1.0, share * 2) if share >= 0.2 else 0.0


def is_navigation(text: str) -> bool:
    """True for a table of contents, an index page or a similar list of pointers."""
    return navigation_score(text) >= 0.5
