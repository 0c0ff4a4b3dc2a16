"""The body-site catalogue: stable keys, friendly names, and parsing of what people type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from twitchlog.domain.errors import ValidationError

#: Stable site keys, head to toe. They are stored, exported and never renamed.
SITES: tuple[str, ...] = (
    "eyelid",
    "eyebrow",
    "forehead",
    "cheek",
    "lip",
    "jaw",
    "tongue",
    "neck",
    "shoulder",
    "upper_arm",
    "elbow",
    "forearm",
    "wrist",
    "hand",
    "thumb",
    "finger",
    "chest",
    "abdomen",
    "back",
    "buttock",
    "hip",
    "thigh",
    "knee",
    "calf",
    "shin",
    "ankle",
    "foot",
    "toe",
)

#: Sites on the face: twitching that spreads across these is a red flag worth noting.
FACE_SITES: frozenset[str] = frozenset(
    {"eyelid", "eyebrow", "forehead", "cheek", "lip", "jaw", "tongue"}
)


@dataclass(frozen=True, slots=True)
class MapPoint:
    """Where a site sits on the report's body map.

    ``view`` is ``front``, ``back`` or ``face`` (the face inset). ``x`` is the distance from
    the midline toward the person's own side (0 = on the midline), ``y`` the height from the
    top (0) to the soles (10 on the body, 2.6 on the face). The report mirrors ``x`` for
    left and right and for the front and back views.
    """

    view: str
    x: float
    y: float


#: Map coordinates of every catalogue site (a site missing here is drawn in a neutral place).
SITE_MAP: dict[str, MapPoint] = {
    "forehead": MapPoint("face", 0.32, 0.45),
    "eyebrow": MapPoint("face", 0.42, 0.82),
    "eyelid": MapPoint("face", 0.42, 1.08),
    "cheek": MapPoint("face", 0.58, 1.55),
    "lip": MapPoint("face", 0.2, 2.0),
    "jaw": MapPoint("face", 0.55, 2.3),
    "tongue": MapPoint("face", 0.0, 2.02),
    "neck": MapPoint("front", 0.12, 1.45),
    "shoulder": MapPoint("front", 0.98, 1.9),
    "upper_arm": MapPoint("front", 1.2, 2.6),
    "elbow": MapPoint("back", 1.3, 3.25),
    "forearm": MapPoint("front", 1.38, 3.85),
    "wrist": MapPoint("front", 1.5, 4.5),
    "hand": MapPoint("front", 1.58, 4.85),
    "thumb": MapPoint("front", 1.42, 5.1),
    "finger": MapPoint("front", 1.63, 5.3),
    "chest": MapPoint("front", 0.42, 2.3),
    "abdomen": MapPoint("front", 0.3, 3.6),
    "back": MapPoint("back", 0.4, 2.9),
    "buttock": MapPoint("back", 0.45, 4.85),
    "hip": MapPoint("front", 0.78, 4.45),
    "thigh": MapPoint("front", 0.5, 5.5),
    "knee": MapPoint("front", 0.48, 6.6),
    "calf": MapPoint("back", 0.46, 7.5),
    "shin": MapPoint("front", 0.44, 7.6),
    "ankle": MapPoint("front", 0.44, 8.85),
    "foot": MapPoint("front", 0.5, 9.3),
    "toe": MapPoint("front", 0.55, 9.6),
}


class Side(StrEnum):
    """Which side of the body; ``None`` on an episode means not given or midline."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


#: Friendly words people type, mapped to a catalogue key.
SITE_ALIASES: dict[str, str] = {
    "eye": "eyelid",
    "eyes": "eyelid",
    "eyelids": "eyelid",
    "lid": "eyelid",
    "upper eyelid": "eyelid",
    "lower eyelid": "eyelid",
    "brow": "eyebrow",
    "eyebrows": "eyebrow",
    "face": "cheek",
    "cheeks": "cheek",
    "lips": "lip",
    "mouth": "lip",
    "chin": "jaw",
    "arm": "upper_arm",
    "upper arm": "upper_arm",
    "bicep": "upper_arm",
    "biceps": "upper_arm",
    "tricep": "upper_arm",
    "triceps": "upper_arm",
    "fingers": "finger",
    "hands": "hand",
    "palm": "hand",
    "thumbs": "thumb",
    "belly": "abdomen",
    "stomach": "abdomen",
    "tummy": "abdomen",
    "lower back": "back",
    "upper back": "back",
    "glute": "buttock",
    "glutes": "buttock",
    "bum": "buttock",
    "butt": "buttock",
    "thighs": "thigh",
    "quad": "thigh",
    "quads": "thigh",
    "hamstring": "thigh",
    "calves": "calf",
    "leg": "calf",
    "lower leg": "calf",
    "shins": "shin",
    "feet": "foot",
    "sole": "foot",
    "toes": "toe",
    "shoulders": "shoulder",
    "knees": "knee",
    "hips": "hip",
    "elbows": "elbow",
    "wrists": "wrist",
    "ankles": "ankle",
    "forearms": "forearm",
}

_SIDE_WORDS: dict[str, Side] = {
    "l": Side.LEFT,
    "left": Side.LEFT,
    "r": Side.RIGHT,
    "right": Side.RIGHT,
    "both": Side.BOTH,
    "b": Side.BOTH,
    "bilateral": Side.BOTH,
}


def site_label(key: str) -> str:
    """The human name of a site key (``upper_arm`` -> ``upper arm``)."""
    return key.replace("_", " ")


def parse_side(text: str) -> Side:
    """Parse ``left``/``L``/``right``/``R``/``both``; raise ValidationError otherwise."""
    side = _SIDE_WORDS.get(text.strip().lower())
    if side is None:
        raise ValidationError(
            "side", f"side must be left, right or both, for example left (got {text!r})"
        )
    return side


def _site_key(words: str) -> str | None:
    normal = words.replace("-", " ").replace("_", " ").strip()
    underscored = normal.replace(" ", "_")
    if underscored in SITES:
        return underscored
    return SITE_ALIASES.get(normal)


def parse_site(text: str) -> tuple[str, Side | None]:
    """Turn friendly input into ``(site_key, side)``.

    Accepts catalogue keys (``calf``), friendly names (``left eye``, ``L calf``,
    ``right thumb``, ``upper arm``) and a side written after the site (``calf left``).
    Raises ValidationError naming the known keys when nothing matches.
    """
    words = re.split(r"[\s]+", text.strip().lower())
    words = [w for w in words if w]
    side: Side | None = None
    if len(words) > 1 and words[0] in _SIDE_WORDS:
        side = _SIDE_WORDS[words[0]]
        words = words[1:]
    elif len(words) > 1 and words[-1] in _SIDE_WORDS:
        side = _SIDE_WORDS[words[-1]]
        words = words[:-1]
    key = _site_key(" ".join(words)) if words else None
    if key is None:
        raise ValidationError(
            "site",
            f"site {text.strip()!r} is not known; use one of: "
            f"{', '.join(site_label(s) for s in SITES)} (for example 'left calf')",
        )
    return key, side


def site_suggestions(prefix: str) -> list[str]:
    """Catalogue keys and friendly names that start with ``prefix`` (for type-ahead)."""
    p = prefix.strip().lower()
    names = [site_label(s) for s in SITES] + sorted(SITE_ALIASES)
    return [n for n in names if n.startswith(p)] if p else [site_label(s) for s in SITES]
