"""The reader asks a team library only what it can answer in full."""

from __future__ import annotations

from desktop_search.search import lexical
from desktop_search.team import words


def _lookup(common=(), where=""):
    asked: list[dict] = []

    def search(**kw):
        asked.append(kw)
        return [[{"id": 1, "entity": {"hash": "a"}}, {"id": 2, "entity": {"hash": "b"}}]]

    return words.PassageLookup(search, where, common), asked


def test_a_word_too_common_to_count_is_not_fetched():
    # More passages hold "report" than one answer returns (the writer counted them):
    # fetching 16,384 rows with their text would only end in "too many".
    lookup, asked = _lookup(common={"report"})
    assert lookup.rows(("report",), ["hash"]) is None
    assert lookup.rows(("report", "budget"), ["hash"]) is None  # any of them: as many
    assert lookup.count(("report",)) == words.QUERY_LIMIT
    assert asked == []
    assert lookup.rows(("budget",), ["hash"]) == [{"hash": "a", "id": 1}, {"hash": "b", "id": 2}]
    assert len(asked) == 1


def test_under_a_filter_a_common_word_is_still_asked():
    # Within one folder or kind the word may be in few enough passages to list them all.
    lookup, asked = _lookup(common={"report"}, where='suffix in ["pdf"]')
    assert lookup.rows(("report",), ["hash"]) is not None
    assert asked[0]["filter"] == 'suffix in ["pdf"]'
    assert lookup.rows(("report",), ["hash"], filtered=False) is None  # the whole library
    assert len(asked) == 1


def test_a_chinese_word_is_looked_for_through_its_rarest_bigram():
    # "违约金" is the phrase "违约 约金": its passages hold 约金, the rarer of the two, so
    # only those are fetched (and checked), not every passage holding 违约 as well.
    asked: list[dict] = []

    def search(**kw):
        asked.append(kw)
        return [
            [
                {"id": 1, "entity": {"hash": "a", "ord": 0, "terms": "违 约 金 违约 约金"}},
                {"id": 2, "entity": {"hash": "b", "ord": 0, "terms": "约 金 约金 金条"}},
            ]
        ]

    lookup = words.PassageLookup(search, "", counts={"违约": 9000, "约金": 40})
    concept = lexical.Concept(surface="违约金", loose='terms : "违约 约金"', exact=None)
    found = words.concept_rows(lookup, concept, None)
    assert [kw["data"] for kw in asked] == [["约金"]]
    assert [r["hash"] for r in found.loose] == ["a"]  # the one holding the phrase
