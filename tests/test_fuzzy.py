"""One best-match-with-margin for places and organisations (landscape.normalise.fuzzy).

Similarities are difflib ratios worked out by hand: 2 * matching characters /
total characters ("abcd" vs "abce": 2 * 3 / 8 = 0.75).
"""

from __future__ import annotations

import pytest

from landscape import settings
from landscape.normalise.fuzzy import Match, Tie, best_match, closest


def similarity(key, candidate):
    [(_, score)] = closest(key, [(candidate, "x")], cutoff=0.0)
    return score


def test_similarity_is_the_difflib_ratio():
    assert similarity("abcd", "abce") == 0.75
    assert similarity("abcd", "abxy") == 0.5
    assert similarity("abcdefghij", "abcdefghix") == 0.9


def test_cutoff_is_inclusive():
    assert best_match("abcd", [("abce", "x")], cutoff=0.75, margin=0.02) == Match("x", 0.75)
    assert best_match("abcd", [("abce", "x")], cutoff=0.76, margin=0.02) is None
    assert best_match("abcd", [], cutoff=0.0, margin=0.02) is None


def test_margin_edges():
    candidates = [("abce", "near"), ("abxy", "far")]  # 0.75 and 0.5
    assert best_match("abcd", candidates, cutoff=0.5, margin=0.24) == Match("near", 0.75)
    # 0.75 - 0.25 = 0.5 exactly: within the margin is a tie
    assert best_match("abcd", candidates, cutoff=0.5, margin=0.25) == Tie(("near", "far"), 0.75)
    # a candidate below the cut-off cannot tie
    assert best_match("abcd", candidates, cutoff=0.6, margin=0.5) == Match("near", 0.75)


def test_equal_scores_tie_in_the_order_given():
    found = best_match("abcd", [("abcx", 2), ("abcy", 1)], cutoff=0.5, margin=0.0)
    assert found == Tie((2, 1), 0.75)


def test_an_item_scores_its_best_form_and_counts_once():
    # an organisation written by name or acronym: two forms, one item
    candidates = [("yayasan rimba kapuas", "YRK"), ("yrk", "YRK"), ("wwf", "WWF")]
    assert best_match("yrk", candidates, cutoff=0.8, margin=0.02) == Match("YRK", 1.0)
    assert closest("yrkk", candidates, cutoff=0.5) == [("YRK", 6 / 7)]


def test_closest_orders_best_first_then_as_given():
    candidates = [("abxy", "c"), ("abcx", "a"), ("abcy", "b"), ("zzzz", "d")]
    assert closest("abcd", candidates, cutoff=0.5) == [("a", 0.75), ("b", 0.75), ("c", 0.5)]


def test_defaults_are_read_from_settings(monkeypatch):
    monkeypatch.setattr(settings, "NAME_MATCH_CUTOFF", 0.76)
    assert best_match("abcd", [("abce", "x")]) is None
    monkeypatch.setattr(settings, "NAME_MATCH_CUTOFF", 0.5)
    monkeypatch.setattr(settings, "NAME_MATCH_MARGIN", 0.25)
    assert best_match("abcd", [("abce", "x"), ("abxy", "y")]) == Tie(("x", "y"), 0.75)


@pytest.mark.parametrize("margin", [0.0, 0.02])
def test_places_and_organisations_share_the_rule(margin, monkeypatch):
    """The gazetteer and the organisation index tie at the same margin."""
    from landscape.model import Organisation  # noqa: PLC0415
    from landscape.normalise.gazetteer import Gazetteer, Place  # noqa: PLC0415
    from landscape.normalise.orgs import OrgIndex  # noqa: PLC0415

    monkeypatch.setattr(settings, "NAME_MATCH_MARGIN", margin)
    # written "sungai abcdefgh" (15 characters) is 2*15/31 = 0.9677 from "sungai
    # zabcdefgh" and 2*14/29 = 0.9655 from "sungai bcdefgh": 0.002 apart, a tie at
    # margin 0.02 and a match at margin 0
    near, nearer = "Sungai Bcdefgh", "Sungai Zabcdefgh"
    gaz = Gazetteer([Place("61.05", "Sintang", "kabupaten", "61"),
                     Place("61.05.01", near, "kecamatan", "61.05"),
                     Place("61.05.02", nearer, "kecamatan", "61.05")], scope="61.05")
    found = gaz.parse("Sungai Abcdefgh", level="kecamatan")
    orgs = OrgIndex([Organisation(near, "", "LSM"), Organisation(nearer, "", "LSM")])
    org = orgs.resolve("Sungai Abcdefgh")
    if margin:
        assert found.matches == []
        assert "equally close" in found.unresolved[0].reason
        assert org.org is None
    else:
        assert [(m.place.code, m.confidence) for m in found.matches] == [("61.05.02", 0.968)]
        assert (org.org, org.confidence) == (Organisation(nearer, "", "LSM"), 0.968)
