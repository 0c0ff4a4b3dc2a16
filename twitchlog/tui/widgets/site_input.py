"""Site type-ahead: suggests catalogue names, friendly names and the person's own places,
after an optional side word."""

from __future__ import annotations

from collections.abc import Sequence

from textual.suggester import Suggester

from twitchlog.domain.own_sites import CustomSite, site_suggestions_with

_SIDE_PREFIXES = ("left ", "right ", "both ", "l ", "r ")


def split_side(value: str) -> tuple[str, str]:
    """``("left ", "ca")`` for ``left ca``; ``("", value)`` when no side word leads."""
    for prefix in _SIDE_PREFIXES:
        if value.startswith(prefix):
            return prefix, value[len(prefix) :]
    return "", value


def without_side(value: str) -> str:
    """The text after a leading side word."""
    return split_side(value)[1]


class SiteSuggester(Suggester):
    """``ey`` -> ``eyebrow``/``eyelid``…, ``left ca`` -> ``left calf``, ``ja`` -> ``jaw``
    when ``jaw`` is one of ``own`` (the person's own places; the list may grow)."""

    def __init__(self, own: Sequence[CustomSite] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.own = list(own)

    async def get_suggestion(self, value: str) -> str | None:
        """The first catalogue or friendly name that completes ``value``."""
        side, rest = split_side(value)
        if not rest.strip():
            return None
        found = site_suggestions_with(rest, self.own)
        return side + found[0] if found else None
