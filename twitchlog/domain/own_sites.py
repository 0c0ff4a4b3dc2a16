"""Places of the person's own, beside the site catalogue ("behind the knee", "temple").

A custom site is added once with its side rule: ``sided`` places take left, right or both
(``behind the knee``); a midline place takes no side (``nape``). Its key is its name in lower
case with ``_`` for spaces (``behind_the_knee``), so ``site_label`` shows it as typed and the
key never clashes with a catalogue key (a name the catalogue already knows is refused). The
report's body map has no position for it: it is shown beside the map (a neutral position).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import is_plain_name, normal_name
from twitchlog.domain.sites import SITES, Side, parse_site, site_label

#: Longest name of a custom site.
MAX_SITE_NAME = 40


#: The words a log line reads as a side before or after a place (``parse_any_site``).
_SIDE_WORDS = frozenset({"left", "right", "both", "l", "r", "b", "bilateral"})


@dataclass(frozen=True, slots=True)
class CustomSite:
    """A place outside the catalogue: its key (``behind_the_knee``), and its side rule."""

    key: str
    sided: bool = True

    @property
    def label(self) -> str:
        """``behind the knee``."""
        return site_label(self.key)


def custom_site(name: str, *, sided: bool) -> CustomSite:
    """A checked custom site from the name as typed."""
    clean = normal_name(name)
    if not clean or len(clean) > MAX_SITE_NAME:
        raise ValidationError(
            "site", f"site name must be 1-{MAX_SITE_NAME} characters, for example 'behind the knee'"
        )
    if not is_plain_name(clean):
        raise ValidationError(
            "site",
            f"site name must start with a letter and hold only letters, digits, spaces and ' "
            f"(got {name.strip()[:40]!r})",
        )
    try:
        known, side = parse_site(clean)
    except ValidationError:
        pass
    else:
        where = f"{side.value} {site_label(known)}" if side else site_label(known)
        raise ValidationError(
            "site", f"site {name.strip()!r} is already known as {where}; log it with that name"
        )
    words = clean.split()
    if words[0] in _SIDE_WORDS:
        raise ValidationError(
            "site", "a site's name must not start with a side; give the side when logging"
        )
    if len(words) > 1 and words[-1] in _SIDE_WORDS:  # "log nape right" reads "right" as a side
        raise ValidationError(
            "site",
            f"a site's name must not end with a side (got {clean!r}); give the side when logging",
        )
    return CustomSite(clean.replace(" ", "_"), sided)


def parse_any_site(text: str, own: Sequence[CustomSite]) -> tuple[str, Side | None]:
    """Like :func:`~twitchlog.domain.sites.parse_site`, also knowing the person's own places
    (``left behind the knee``, ``behind the knee right``); the side rule is checked."""
    try:
        return parse_site(text)
    except ValidationError as exc:
        if not own:
            raise
        words = normal_name(text).split()
        side: Side | None = None
        sides = {"l": Side.LEFT, "left": Side.LEFT, "r": Side.RIGHT, "right": Side.RIGHT}
        sides |= {"both": Side.BOTH, "b": Side.BOTH, "bilateral": Side.BOTH}
        if len(words) > 1 and words[0] in sides:
            side, words = sides[words[0]], words[1:]
        elif len(words) > 1 and words[-1] in sides:
            side, words = sides[words[-1]], words[:-1]
        key = "_".join(words)
        for site in own:
            if site.key == key:
                check_side(site, side)
                return key, side
        names = ", ".join([*(site_label(s) for s in SITES), *(s.label for s in own)])
        raise ValidationError(
            "site",
            f"site {text.strip()!r} is not known; use one of: {names} (for example 'left calf')",
        ) from exc


def check_side(site: CustomSite, side: Side | None) -> None:
    """A midline place takes no side."""
    if side is not None and not site.sided:
        raise ValidationError(
            "side", f"{site.label} is on the midline and takes no side (got {side.value})"
        )


def site_suggestions_with(prefix: str, own: Sequence[CustomSite]) -> list[str]:
    """The catalogue's suggestions for ``prefix`` followed by the person's own places."""
    from twitchlog.domain.sites import site_suggestions

    p = prefix.strip().lower()
    mine = [s.label for s in own if s.label.startswith(p)]
    return [*site_suggestions(prefix), *sorted(mine)]


__all__ = [
    "CustomSite",
    "check_side",
    "custom_site",
    "parse_any_site",
    "site_suggestions_with",
]
