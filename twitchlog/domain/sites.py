"""The body-site catalogue: stable keys, friendly names, and parsing of what people type."""

from __future__ import annotations

import re
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
