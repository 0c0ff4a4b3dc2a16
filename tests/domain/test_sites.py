"""Body sites: friendly input maps to stable keys; unknown input names the keys that exist."""

from __future__ import annotations

import pytest

from twitchlog.domain import SITES, Side, ValidationError, parse_site
from twitchlog.domain.sites import site_suggestions


@pytest.mark.parametrize(
    ("text", "site", "side"),
    [
        ("eyelid", "eyelid", None),
        ("left eye", "eyelid", Side.LEFT),
        ("L calf", "calf", Side.LEFT),
        ("right thumb", "thumb", Side.RIGHT),
        ("R  Upper Arm", "upper_arm", Side.RIGHT),
        ("upper_arm", "upper_arm", None),
        ("calf left", "calf", Side.LEFT),
        ("both calves", "calf", Side.BOTH),
        ("quads", "thigh", None),
    ],
)
def test_friendly_input_maps_to_catalogue(text: str, site: str, side: Side | None) -> None:
    assert parse_site(text) == (site, side)


def test_catalogue_keys_are_the_documented_ones() -> None:
    assert len(SITES) == 28 and SITES[0] == "eyelid" and SITES[-1] == "toe"
    assert all(parse_site(key) == (key, None) for key in SITES)


def test_unknown_site_lists_the_keys() -> None:
    with pytest.raises(ValidationError) as err:
        parse_site("nose")
    assert err.value.field == "site"
    assert "'nose' is not known" in err.value.message
    assert "eyelid" in err.value.message and "toe" in err.value.message


def test_suggestions_for_type_ahead() -> None:
    assert "eyelid" in site_suggestions("ey")
    assert "upper arm" in site_suggestions("up")
    assert site_suggestions("zz") == []
