"""About twitching: calm, plain words shared by ``twitchlog about`` and the app's help screen.

General information, never a diagnosis: what is common, what a doctor will ask, and which
signs are worth seeing a doctor soon about (the red flags, worded as everywhere else).
"""

from __future__ import annotations

from typing import Final

from twitchlog.domain.models import RED_FLAG_LABELS

#: Sections as (title, paragraphs); each paragraph is one block of plain text.
ABOUT_SECTIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "Twitching is common",
        (
            "Most people have muscle twitches now and then: an eyelid that flutters, a calf or "
            "thigh that flickers, a thumb that jumps. Most twitching is harmless and comes and "
            "goes with everyday things such as caffeine, short or poor sleep, stress, hard "
            "exercise and some medicines.",
            "A diary helps you see what goes with your twitching, and helps a doctor answer "
            "their questions in a minute instead of from memory. twitchlog does not diagnose "
            "anything.",
        ),
    ),
    (
        "What a doctor will ask",
        (
            "When it started, and whether after a new medicine, an illness or hard exercise.",
            "Where it happens, on which side, and whether it has moved to new places.",
            "How often and how long: episodes a day, and whether it is getting better or worse.",
            "What it is like: at rest or after activity, visible or only felt.",
            "Other symptoms: cramps, stiffness, numbness or tingling, pain, tiredness.",
            "Medicines and supplements, with doses and dates, and tests you have had.",
        ),
    ),
    (
        "See a doctor soon if you notice",
        (
            *(label[0].upper() + label[1:] for label in RED_FLAG_LABELS.values()),
            "Also when a twitch lasts more than two weeks, shows up in more than one place, or "
            "comes with stiffness.",
        ),
    ),
)


def about_text(width: int = 78) -> str:
    """The sections as plain text, wrapped to ``width`` columns."""
    import textwrap

    lines: list[str] = []
    for title, paragraphs in ABOUT_SECTIONS:
        lines += [title, "-" * len(title)]
        bullet = title != "Twitching is common"
        for paragraph in paragraphs:
            if bullet:
                lines += textwrap.wrap(
                    paragraph, width, initial_indent="- ", subsequent_indent="  "
                )
            else:
                lines += [*textwrap.wrap(paragraph, width), ""]
        if bullet:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
