"""The person's own places in the exchange formats: ``sites.csv`` (``site,sided``) and the JSON
``sites`` list. A journal without own places exports exactly as before (no file, no key).

Episodes name a place by its key (``behind_the_knee``) in the ``site`` column, like a
catalogue site; on import a place is known from the same import or from the journal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.own_sites import CustomSite, custom_site
from twitchlog.exchange.cells import format_yes_no, parse_yes_no
from twitchlog.exchange.errors import ImportFormatError

SITES_FILE: Final = "sites.csv"
SITE_COLUMNS: Final = ("site", "sided")


def site_row(site: CustomSite) -> dict[str, str]:
    """A place as ``sites.csv`` cells (its name as shown, and its side rule)."""
    return {"site": site.label, "sided": format_yes_no(site.sided)}


def site_from_row(site: str, sided: str) -> CustomSite:
    """Decode and check one place (``sided`` empty means yes)."""
    return custom_site(site, sided=bool(parse_yes_no("sided", sided, empty=True)))


def sites_csv(sites: Iterable[CustomSite]) -> str:
    """``sites.csv`` as text, by key, CRLF endings."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SITE_COLUMNS)
    for site in sorted(sites, key=lambda s: s.key):
        row = site_row(site)
        writer.writerow([row[c] for c in SITE_COLUMNS])
    return out.getvalue()


def is_sites_header(names: Sequence[str]) -> bool:
    """Whether a CSV header is that of ``sites.csv`` (``episodes.csv`` has no ``sided``)."""
    return set(names) == set(SITE_COLUMNS)


def parse_sites_csv(text: str, source: str) -> list[CustomSite]:
    """Decode ``sites.csv``; the first bad row raises :class:`ImportFormatError`."""
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except csv.Error as exc:
        raise ImportFormatError(f"not valid CSV ({exc})", file=source) from None
    names = [c.strip().lower() for c in rows[0]]
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(names):
            raise ImportFormatError(
                f"has {len(cells)} cells, the header has {len(names)}", file=source, row=number
            )
        row = dict(zip(names, cells, strict=True))
        try:
            out.append(site_from_row(row["site"], row["sided"]))
        except ValidationError as exc:
            raise ImportFormatError(exc.message, file=source, row=number, field=exc.field) from None
    return out


__all__ = [
    "SITES_FILE",
    "SITE_COLUMNS",
    "is_sites_header",
    "parse_sites_csv",
    "site_from_row",
    "site_row",
    "sites_csv",
]
