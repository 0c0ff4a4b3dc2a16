"""Lay the report out on pages (points, no drawing): page 1 answers, page 2 charts and tables.

``lay_out(data, paper)`` returns :class:`~twitchlog.report.layout.Page` objects with every line
placed; ``render.py`` draws them. Page 2 is fitted on one page: the charts get less height
and the tables fewer rows until it does (``PAGE_TWO_FITS``); nothing overlaps or is cut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from twitchlog.report.findings import PATTERN_WORDS
from twitchlog.report.layout import PAPERS, POINTS_PER_INCH, Flow, Page, Run, Style, width_of
from twitchlog.report.model import ReportData, Table
from twitchlog.report.page_one import write_page_one

MARGIN = 0.5 * POINTS_PER_INCH
FOOTER_SPACE = 14.0
GAP = 8.0

CELL = Style(size=7, leading=1.3)
CELL_HEAD = Style(size=7, bold=True, leading=1.3)
HEAD = Style(size=9.5, bold=True, leading=1.4)
QUIET = Style(size=7, italic=True, color="#444444", leading=1.25)


def paper_points(paper: str) -> tuple[float, float]:
    """Width and height of ``paper`` (``a4`` or ``letter``) in points."""
    w, h = PAPERS[paper]
    return w * POINTS_PER_INCH, h * POINTS_PER_INCH


def _p(text: str, style: Style) -> list[Run]:
    return [Run(text, style)]


def _heading(flow: Flow, text: str) -> None:
    flow.space(3)
    flow.paragraph([_p(text, HEAD)], keep=2 * CELL.line_height)


def _chart_page(
    flow: Flow, height: Callable[[int], float] | None = None, label_rows: int = 0
) -> int:
    """The charts' heading and area; with ``height`` (tables' height for a row count), the
    charts take what the tables leave and the row count that fits is returned. The charts
    keep at least ``MIN_CHART_SHARE`` of the page, and more when they have many labelled
    rows (``label_rows``: medicine bands and grid sites), so their labels stay apart.
    """
    flow.new_page()
    flow.paragraph([_p("Details: the period day by day", HEAD)])
    flow.paragraph(
        [
            _p(
                "Hatched grey: days not logged (no check-in, no episode), which are unknown, not "
                "zero. Gaps in the factor lines: not logged that day.",
                QUIET,
            )
        ]
    )
    flow.space(4)
    room = flow.bottom_limit - flow.y
    if height is not None:  # page 2: the tables below take what the charts leave
        least = max(MIN_CHART_SHARE * flow.height, CHART_BASE + LABEL_ROW * label_rows)
        rows = TABLE_ROWS[-1]
        for rows in TABLE_ROWS:
            if room - height(rows) - 8 >= least:
                break
        chart = max(LAST_CHART_SHARE * flow.height, room - height(rows) - 8)
        flow.page.chart = flow.block(chart)
        return rows
    flow.page.chart = flow.block(room)
    return 0


def trimmed(table: Table, rows: int, keep_last: bool = False, named: bool = False) -> Table:
    """``table`` with at most ``rows`` rows (the first, or the last), the rest counted in
    its note (``named``: listed by their first cell), so page 2 stays one page.
    """
    if len(table.rows) <= rows:
        return table
    hidden = len(table.rows) - rows
    kept = table.rows[-rows:] if keep_last else table.rows[:rows]
    if named:
        rest = table.rows[rows:]
        verdicts = " or ".join(dict.fromkeys(r[1] for r in rest))
        names = ": " + ", ".join(r[0] for r in rest) if hidden <= 8 else ""
        note = f"Also checked, {hidden} more ({verdicts}){names}. {table.note}"
    else:
        where = "earlier rows" if keep_last else "more rows"
        note = f"{hidden} {where} not shown (see the charts above). {table.note}".strip()
    return replace(table, rows=kept, note=note)


def column_widths(table: Table, available: float) -> list[float]:
    """Natural column widths; if too wide, each column gives up width in proportion to how much
    it can (down to its longest word), so long text wraps and short cells stay whole.
    """
    cols = len(table.columns)

    def words(i: int) -> list[tuple[str, Style]]:
        head = [(w, CELL_HEAD) for w in table.columns[i].split(" ") if w]
        return head + [(w, CELL) for r in table.rows for w in r[i].split(" ") if w]

    natural = [
        max([width_of(table.columns[i], CELL_HEAD)] + [width_of(r[i], CELL) for r in table.rows])
        + 1.0
        for i in range(cols)
    ]
    floor = [max(width_of(w, st) for w, st in words(i)) + 1.0 for i in range(cols)]
    room = available - GAP * (cols - 1)
    excess = sum(natural) - room
    if excess <= 0:
        return natural
    slack = [n - f for n, f in zip(natural, floor, strict=True)]
    if sum(slack) >= excess:
        total = sum(slack)
        return [n - excess * s / total for n, s in zip(natural, slack, strict=True)]
    # Not even the longest words fit side by side: share the room; long words get split.
    return [f * room / sum(floor) for f in floor]


def _table(flow: Flow, table: Table) -> None:
    _heading(flow, table.title)
    widths = column_widths(table, flow.text_width)
    head = [[_p(c, CELL_HEAD)] for c in table.columns]
    flow.columns(head, widths, GAP)
    flow.rule()
    for row in table.rows:
        before = len(flow.pages)
        flow.ensure(CELL.line_height)
        if len(flow.pages) != before:
            flow.columns(head, widths, GAP)
            flow.rule()
        flow.columns([[_p(c, CELL)] for c in row], widths, GAP)
    if table.note:
        flow.space(2)
        flow.paragraph([_p(table.note, QUIET)])


def _details(flow: Flow, data: ReportData, rows: int) -> None:
    places, weeks, findings = data.tables
    patterns = sum(1 for r in findings.rows if r[1] == PATTERN_WORDS)
    for table in (
        trimmed(places, rows),
        trimmed(weeks, rows, keep_last=True),
        trimmed(findings, max(patterns, rows + 2), named=True),
    ):
        _table(flow, table)
    flow.space(3)
    flow.paragraph([_p(data.methods, QUIET)])


#: Table rows tried in turn on page 2, until the charts keep at least ``MIN_CHART_SHARE``.
TABLE_ROWS: tuple[int, ...] = (14, 10, 8, 6, 4)
MIN_CHART_SHARE = 0.40
#: Least chart height in points: the time panels, plus this much per labelled row.
CHART_BASE = 230.0
LABEL_ROW = 9.5
#: With the fewest rows the charts may shrink to this share before page 2 would overflow.
LAST_CHART_SHARE = 0.28


def _tables_height(data: ReportData, width: float, height: float, rows: int) -> float:
    """Height the tables and the methods take at the top of a fresh page."""
    scratch = Flow(width, height * 4, MARGIN, FOOTER_SPACE)
    _details(scratch, data, rows)
    return scratch.y - MARGIN


def lay_out(data: ReportData, paper: str) -> list[Page]:
    """All pages of the report on ``paper``; an empty period gives one page."""
    width, height = paper_points(paper)
    first = write_page_one(data, width, height, MARGIN, FOOTER_SPACE)
    if data.empty:
        return first.pages
    from twitchlog.report.charts import MAX_MED_ROWS, grid_sites

    meds = min(MAX_MED_ROWS, len({b.name for b in data.chart.medicines}))
    labelled = meds + len(grid_sites(data.chart))
    rows = _chart_page(first, lambda n: _tables_height(data, width, height, n), labelled)
    _details(first, data, rows)
    return first.pages
