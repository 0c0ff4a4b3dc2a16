"""Site type-ahead: suggests catalogue names and friendly names, after an optional side word."""

from __future__ import annotations

from textual.suggester import Suggester

from twitchlog.domain.sites import site_suggestions

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
    """``ey`` -> ``eyebrow``/``eyelid``…, ``left ca`` -> ``left calf``."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        """The first catalogue or friendly name that completes ``value``."""
        side, rest = split_side(value)
        if not rest.strip():
            return None
        found = site_suggestions(rest)
        return side + found[0] if found else None
