"""Text layout in points: measured word wrapping and a flow that breaks pages.

Text is measured with matplotlib's font metrics (DejaVu Sans, or inside ``core_font(True)``
the PDF core font Helvetica, which the PDF uses when all its text is in that font's
encoding), so a line never runs past its column. The flow places blocks top-down and starts
a new page when the next block does not fit, so nothing overlaps and nothing is cut: the
result is a list of pages of :class:`Word` placements, checked by the tests, then drawn by
``pages.py``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

FONT = "DejaVu Sans"
#: Widths are padded by this factor against rounding differences between renderers.
SAFETY = 1.02
POINTS_PER_INCH = 72.0
#: The font's full ascent and descent, in em (every glyph's ink lies between them).
ASCENT = 0.93
DESCENT = 0.24
#: Drawn instead of a character the report font has no glyph for.
REPLACEMENT = "\ufffd"
#: No-break space: words joined by it stay on one line.
NBSP = "\u00a0"

#: Paper sizes in inches (width, height).
PAPERS: dict[str, tuple[float, float]] = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}


@dataclass(frozen=True, slots=True)
class Style:
    """Font size in points, weight, colour and line spacing of a run of text."""

    size: float = 8.0
    bold: bool = False
    color: str = "#000000"
    italic: bool = False
    leading: float = 1.3

    @property
    def line_height(self) -> float:
        """Distance between baselines, in points."""
        return self.size * self.leading


@dataclass(frozen=True, slots=True)
class Word:
    """One placed line of text: left ``x`` and baseline ``y`` in points from the top left."""

    x: float
    y: float
    text: str
    style: Style
    width: float

    @property
    def top(self) -> float:
        """Highest ink of the font above the baseline (DejaVu Sans ascent, 0.93 em)."""
        return self.y - self.style.size * ASCENT

    @property
    def bottom(self) -> float:
        """Lowest ink of the font below the baseline (DejaVu Sans descent, 0.24 em)."""
        return self.y + self.style.size * DESCENT


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line at ``y`` from ``x0`` to ``x1`` (points)."""

    x0: float
    x1: float
    y: float


@dataclass
class Page:
    """What one page holds: placed lines, rules, and an optional chart area (points)."""

    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    chart: tuple[float, float, float, float] | None = None
    #: Pictures drawn on the page: ("bodymap" or "course", area in points from the top left).
    figures: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)


#: Font size at which glyph advances are read (large, so rounding does not matter).
_UNITS = 1000.0


#: The PDF core font drawn instead of DejaVu Sans when every text is in its encoding
#: (see ``render.core_fonts_fit``): its metrics files per (bold, italic).
CORE_FONT = "Helvetica"
_CORE_AFM = {
    (False, False): "Helvetica.afm",
    (True, False): "Helvetica-Bold.afm",
    (False, True): "Helvetica-Oblique.afm",
    (True, True): "Helvetica-BoldOblique.afm",
}


def _core_metrics(bold: bool, italic: bool) -> Any:
    """The core font's metrics: matplotlib's parsed AFM file, the very object its PDF backend
    measures and draws with (from its cache, so the file is parsed once for both)."""
    from pathlib import Path

    import matplotlib

    # private, but it is what backend_pdf gets its metrics from (keyed by the file's path)
    from matplotlib.backends._backend_pdf_ps import _cached_get_afm_from_fname

    path = Path(matplotlib.get_data_path()) / "fonts" / "pdfcorefonts" / _CORE_AFM[bold, italic]
    return _cached_get_afm_from_fname(str(path))


_CORE: ContextVar[bool] = ContextVar("twitchlog_report_core_font", default=False)


@contextmanager
def core_font(on: bool) -> Iterator[None]:
    """Measure text in the PDF core font (Helvetica) instead of DejaVu Sans inside the
    block (the renderer lays out and draws a core-font PDF in it; per thread/context).
    """
    token = _CORE.set(on)
    try:
        yield
    finally:
        _CORE.reset(token)


class _Advances:
    """Glyph advance widths of one face of the report font, per character, at 1 point.

    DejaVu Sans advances are read once per character with FreeType (no hinting); with
    ``core`` the widths are Helvetica's, from the metrics file matplotlib's PDF backend
    draws the core font with. Summing advances ignores kerning, which only ever makes text
    narrower, so measured widths are safe.
    """

    def __init__(self, bold: bool, italic: bool, core: bool = False) -> None:
        from matplotlib.font_manager import FontProperties, findfont
        from matplotlib.ft2font import FT2Font

        path = findfont(
            FontProperties(
                family=FONT,
                weight="bold" if bold else "normal",
                style="italic" if italic else "normal",
            )
        )
        self._font = FT2Font(path)
        self._font.set_size(_UNITS, 72)
        self._core = _core_metrics(bold, italic) if core else None
        self._widths: dict[str, float] = {}
        self._texts: dict[str, float] = {}
        self._has: dict[str, bool] = {}

    def drawable(self, text: str) -> str:
        """``text`` with every character the font has no glyph for replaced by U+FFFD."""
        has = self._has
        out = []
        for ch in text:
            ok = has.get(ch)
            if ok is None:
                ok = has[ch] = self._font.get_char_index(ord(ch)) != 0
            out.append(ch if ok else REPLACEMENT)
        return "".join(out)

    def width(self, text: str) -> float:
        """Width of ``text`` at 1 point (each text is measured once)."""
        known = self._texts.get(text)
        if known is not None:
            return known
        from matplotlib.ft2font import LoadFlags

        total = 0.0
        widths = self._widths
        for ch in text:
            w = widths.get(ch)
            if w is None:
                # A character without a glyph is drawn as REPLACEMENT (see printable).
                code = ord(ch) if self._font.get_char_index(ord(ch)) else ord(REPLACEMENT)
                if self._core is not None:
                    w = widths[ch] = self._core.get_str_bbox_and_descent(ch)[2] / _UNITS
                else:
                    glyph = self._font.load_char(code, flags=LoadFlags.NO_HINTING)
                    w = widths[ch] = glyph.linearHoriAdvance / 65536.0 / _UNITS
            total += w
        if len(self._texts) < 100_000:
            self._texts[text] = total
        return total


@lru_cache(maxsize=8)
def _advances(bold: bool, italic: bool, core: bool = False) -> _Advances:
    return _Advances(bold, italic, core)


_LOCK = threading.Lock()


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` in points in the report font (plain text, no math, no kerning)."""
    with _LOCK:  # FreeType faces are not thread-safe; the TUI renders in a worker
        return _advances(bold, italic, _CORE.get()).width(text) * size


_WHITESPACE = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, bold: bool = False, italic: bool = False) -> str:
    """User text made safe to lay out: one line, no control characters, no missing glyphs.

    Line breaks and tabs become spaces (the layout breaks lines itself); characters the
    report font cannot draw become U+FFFD, so they show as "unknown" instead of vanishing.
    """
    text = _CONTROL.sub("", _WHITESPACE.sub(" ", text))
    with _LOCK:
        return _advances(bold, italic).drawable(text)


def width_of(text: str, style: Style) -> float:
    """Width of ``text`` in ``style``, in points, with the ``SAFETY`` margin."""
    return text_width(text, style.size, style.bold, style.italic) * SAFETY


@dataclass(frozen=True, slots=True)
class Run:
    """Text of one style; a paragraph is a sequence of runs that flow on the same lines."""

    text: str
    style: Style


#: A placed piece of a line: offset from the line's left edge, text, style and width.
Piece = tuple[float, str, Style, float]


def _split_long(word: str, style: Style, width: float) -> list[str]:
    parts = []
    while width_of(word, style) > width and len(word) > 1:
        cut = len(word) - 1
        while cut > 1 and width_of(word[:cut], style) > width:
            cut -= 1
        parts.append(word[:cut])
        word = word[cut:]
    parts.append(word)
    return parts


def wrap_runs(runs: Sequence[Run], width: float) -> list[list[Piece]]:
    """Greedy word wrap of inline runs to ``width`` points; a too-long word is split.

    Each line is a list of pieces (one per run on that line) with their x offsets.
    """
    tokens: list[tuple[str, Style, bool]] = []  # word, style, space before
    for run in runs:
        # A percent sign stays with its number; only plain spaces break lines.
        text = printable(run.text, run.style.bold, run.style.italic).replace(" %", NBSP + "%")
        for word in (w for w in text.split(" ") if w):
            glue = bool(tokens)
            for j, part in enumerate(_split_long(word, run.style, width)):
                tokens.append((part, run.style, glue and j == 0))
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    x = 0.0
    for word, style, glue in tokens:
        space = width_of(" ", style) if glue and line else 0.0
        w = width_of(word, style)
        if line and x + space + w > width:
            lines.append(line)
            line, x, space = [], 0.0, 0.0
        if line and line[-1][2] is style:
            off, prev, _, prev_w = line[-1]
            joined = f"{prev} {word}" if space else prev + word
            line[-1] = (off, joined, style, prev_w + space + w)
        else:
            line.append((x + space, word, style, w))
        x += space + w
    if line:
        lines.append(line)
    return lines


def wrap(text: str, style: Style, width: float) -> list[str]:
    """Greedy word wrap of plain ``text`` in one style to ``width`` points."""
    return [" ".join(p[1] for p in line) for line in wrap_runs([Run(text, style)], width)]


#: A paragraph: runs flowing inline. A cell or block is a sequence of paragraphs.
Para = Sequence[Run]


class Flow:
    """Places blocks on pages of ``width`` x ``height`` points within ``margin``.

    ``footer_space`` is kept free at the bottom of every page for the page footer.
    """

    def __init__(self, width: float, height: float, margin: float, footer_space: float) -> None:
        self.width = width
        self.height = height
        self.margin = margin
        self.bottom_limit = height - margin - footer_space
        self.pages: list[Page] = []
        self.y = 0.0
        self.new_page()

    @property
    def left(self) -> float:
        """Left edge of the text area."""
        return self.margin

    @property
    def text_width(self) -> float:
        """Width of the text area."""
        return self.width - 2 * self.margin

    @property
    def page(self) -> Page:
        """The page being filled."""
        return self.pages[-1]

    def new_page(self) -> None:
        """Start a new page at the top margin."""
        self.pages.append(Page())
        self.y = self.margin

    def space(self, points: float) -> None:
        """Leave vertical space (dropped at the top of a page)."""
        if self.y > self.margin:
            self.y += points

    def ensure(self, points: float) -> None:
        """Start a new page unless ``points`` of height still fit on this one."""
        if self.y + points > self.bottom_limit and self.y > self.margin:
            self.new_page()

    def rule(self) -> None:
        """A thin horizontal line across the text area."""
        self.page.rules.append(Rule(self.left, self.left + self.text_width, self.y))
        self.y += 4

    def _lines(self, paras: Sequence[Para], width: float) -> list[list[Piece]]:
        out: list[list[Piece]] = []
        for para in paras:
            out.extend(wrap_runs(para, width))
        return out

    @staticmethod
    def _line_height(line: Sequence[Piece]) -> float:
        return max(p[2].line_height for p in line)

    def _height(self, lines: Sequence[Sequence[Piece]]) -> float:
        return sum(self._line_height(line) for line in lines)

    def _place(self, line: Sequence[Piece], x: float, y: float) -> float:
        """Place one line whose box starts at ``y``; returns its height."""
        height = self._line_height(line)
        size = max(p[2].size for p in line)
        baseline = y + height - size * 0.3
        for off, text, style, w in line:
            self.page.words.append(Word(x + off, baseline, text, style, w))
        return height

    def paragraph(self, paras: Sequence[Para], indent: float = 0.0, keep: float = 0.0) -> None:
        """Wrapped paragraphs; moves to a new page first if the block (plus ``keep``) won't fit.

        A block taller than a whole page is split line by line.
        """
        lines = self._lines(paras, self.text_width - indent)
        self.ensure(self._height(lines) + keep)
        for line in lines:
            self.ensure(self._line_height(line))
            self.y += self._place(line, self.left + indent, self.y)

    def columns(self, cells: Sequence[Sequence[Para]], widths: Sequence[float], gap: float) -> None:
        """One row of side-by-side wrapped cells (``widths`` in points, ``gap`` between them)."""
        wrapped = [self._lines(c, w) for c, w in zip(cells, widths, strict=True)]
        height = max((self._height(w) for w in wrapped), default=0.0)
        self.ensure(height)
        x = self.left
        for lines, w in zip(wrapped, widths, strict=True):
            y = self.y
            for line in lines:
                y += self._place(line, x, y)
            x += w + gap
        self.y += height

    def block(self, height: float) -> tuple[float, float, float, float]:
        """Reserve ``height`` points across the text area; returns (x, y, width, height)."""
        self.ensure(height)
        area = (self.left, self.y, self.text_width, height)
        self.y += height
        return area
