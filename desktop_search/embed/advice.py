"""Tell the user when the models cannot understand most of their documents.

An English-only model over a mostly Chinese library finds almost nothing by meaning
(nDCG@10 0.245 on XQuAD-zh); the user should hear that, with the fix, rather than
silently get poor results.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_search.embed.presets import RECOMMENDED_FOR_CHINESE
from desktop_search.embed.spaces import Space
from desktop_search.store.catalog import Catalog


def language_shares(catalog: Catalog) -> dict[str, float]:
    """Share of chunks per language in the library."""
    counts = catalog.language_counts()
    total = sum(counts.values())
    return {lang: n / total for lang, n in counts.items()} if total else {}


def language_advice(catalog: Catalog, spaces: Sequence[Space]) -> str | None:
    """A plain warning when a large part of the library is in a language no space serves."""
    served = set().union(*(s.languages for s in spaces)) if spaces else set()
    for lang, share in sorted(language_shares(catalog).items(), key=lambda x: -x[1]):
        if share >= 0.3 and lang not in served:
            name = {"zh": "Chinese", "en": "English"}.get(lang, lang)
            return (
                f"{share:.0%} of your documents are in {name}, but no search model understands "
                f"{name}: meaning-based search will miss them (keyword search still works). "
                "Add a model that does, e.g. "
                f"desktop-search-cli spaces add {RECOMMENDED_FOR_CHINESE}"
            )
    return None
