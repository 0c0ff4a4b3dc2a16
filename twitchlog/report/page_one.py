"""Page 1, the one that matters: header, body map and course, answers, red flags, patterns,
medicines, tests.

The text is laid out at full size first; if it runs past one page it is tried again a little
smaller (down to ``MIN_SCALE``), and only if it still does not fit does it flow on to the next
page. Either way nothing overlaps and nothing is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from twitchlog.report.findings import flag_text
from twitchlog.report.layout import Flow, Run, Style, Word, width_of, wrap
from twitchlog.report.model import ReportData
from twitchlog.report.words import day_text, plural

GAP = 8.0
#: Sizes tried for page 1, largest first; below this it flows on to a second page.
SCALES: tuple[float, ...] = (1.0, 0.96, 0.92, 0.88)
MIN_SCALE = SCALES[-1]
#: Medicine lines kept on page 1 when all of them do not fit (the latest are kept).
MAX_MEDS: tuple[int, ...] = (12, 8, 4)
#: Height of the body map at full scale (points) and its width per point of height.
MAP_HEIGHT = 265.0
MAP_ASPECT = 13.2 / 11.1
#: The course chart's title (page text above the chart, wrapped to its column).
COURSE_TITLE = "The whole diary: episodes per logged day, week by week"
NO_PATTERN = "No factor showed a clear pattern in this period."
EMPTY_TEXT = "Nothing recorded in this period: no check-ins and no episodes."


@dataclass(frozen=True, slots=True)
class Styles:
    """The text styles of page 1 at one scale."""

    title: Style
    name: Style
    sub: Style
    head: Style
    label: Style
    body: Style
    quiet: Style
    small: Style
    small_label: Style
    glance_label: float

    @classmethod
    def at(cls, scale: float) -> Styles:
        """The styles with every font size multiplied by ``scale``."""

        def s(style: Style) -> Style:
            return replace(style, size=round(style.size * scale, 2))

        return cls(
            title=s(Style(size=14, bold=True)),
            name=s(Style(size=11, bold=True)),
            sub=s(Style(size=8.5, color="#333333", leading=1.25)),
            head=s(Style(size=10, bold=True, leading=1.4)),
            label=s(Style(size=8, bold=True, leading=1.25)),
            body=s(Style(size=8, leading=1.25)),
            quiet=s(Style(size=7.5, italic=True, color="#444444", leading=1.25)),
            small=s(Style(size=7, color="#333333", leading=1.25)),
            small_label=s(Style(size=7.5, bold=True, leading=1.25)),
            glance_label=62.0 * scale,
        )


def _p(text: str, style: Style) -> list[Run]:
    return [Run(text, style)]


def header_lines(data: ReportData) -> tuple[str, str]:
    """The subtitle lines: period and completeness, and when the report was made."""
    h = data.header
    share = round(100 * h.checked_in_days / h.calendar_days) if h.calendar_days else 0
    first = (
        f"Period {day_text(h.start)} to {day_text(h.end)} ({plural(h.calendar_days, 'day')}): "
        f"checked in on {h.checked_in_days} of {h.calendar_days} days ({share} %)."
    )
    second = (
        f"Days with any entry: {h.logged_days}; longest gap without entries: "
        f"{plural(h.longest_gap_days, 'day')}. Made on {day_text(h.made_on)} with twitchlog "
        "from the person's own diary."
    )
    return first, second


class PageOne:
    """Writes page 1 into a flow with one set of styles."""

    def __init__(self, flow: Flow, data: ReportData, st: Styles, max_meds: int) -> None:
        self.flow = flow
        self.data = data
        self.st = st
        self.max_meds = max_meds
        course = data.course
        #: Nothing at all in the diary up to the end day (not only in the period).
        self.empty_diary = data.empty and (course is None or not course.weeks)

    def header(self) -> None:
        """Title, optional name at the right, period and completeness."""
        flow, st = self.flow, self.st
        title = "Muscle twitch diary: summary for the doctor"
        name = self.data.header.name
        room = flow.text_width - width_of(title, st.title) - 2 * GAP
        if name and width_of(name, st.name) <= room:
            w = width_of(name, st.name) + 1
            flow.columns(
                [[_p(title, st.title)], [_p(name, st.name)]], [flow.text_width - w - GAP, w], GAP
            )
        else:
            flow.paragraph([_p(title, st.title)])
            if name:
                flow.paragraph([_p(name, st.name)])
        first, second = header_lines(self.data)
        flow.paragraph([_p(first, st.sub), _p(second, st.sub)])
        flow.space(2)
        flow.rule()

    def heading(self, text: str) -> None:
        """A section heading kept with the start of its section."""
        self.flow.space(3 * self.st.body.size / 7.5)
        self.flow.paragraph([_p(text, self.st.head)], keep=2 * self.st.body.line_height)

    def labelled(self, label: str, text: str) -> None:
        """A bold label column and a wrapped text column."""
        lw = self.st.glance_label
        self.flow.columns(
            [[_p(label, self.st.label)], [_p(text, self.st.body)]],
            [lw, self.flow.text_width - lw - GAP],
            GAP,
        )
        self.flow.space(1.5)

    def bullets(self, lines: tuple[str, ...]) -> None:
        """One bullet per line, or "None recorded."."""
        if not lines:
            self.flow.paragraph([_p("None recorded.", self.st.body)])
            return
        for line in lines:
            self.flow.columns(
                [[_p("•", self.st.body)], [_p(line, self.st.body)]],
                [7, self.flow.text_width - 9],
                2,
            )

    def flags(self) -> None:
        """Every red flag with its answer, two to a row."""
        flow, st = self.flow, self.st
        self.heading(
            f"Red flags, each answered (whole diary up to {day_text(self.data.header.end)})"
        )
        half = (flow.text_width - 2 * GAP) / 2
        cells = [
            [
                [
                    Run(f"{f.label[:1].upper()}{f.label[1:]}:", st.label),
                    Run(flag_text(f, self.empty_diary), st.body),
                ]
            ]
            for f in self.data.flags
        ]
        for i in range(0, len(cells), 2):
            row = cells[i : i + 2]
            flow.columns(row, [half] * len(row), 2 * GAP)
            flow.space(1)
        flow.paragraph(
            [
                _p(
                    "Any of these, if present, is worth telling a doctor about; the diary only "
                    "shows what was recorded and does not assess them.",
                    st.quiet,
                )
            ]
        )

    def findings(self) -> None:
        """The patterns, one line each, then one line for every other factor."""
        self.heading("Daily factors: patterns (associations in this diary, not causes)")
        if not self.data.patterns:
            self.flow.paragraph([_p(NO_PATTERN, self.st.body)])
        for line in self.data.patterns:
            label, _, text = line.partition(": ")
            self.flow.paragraph([[Run(f"{label}: ", self.st.label), Run(text, self.st.body)]])
            self.flow.space(1)
        if self.data.others:
            self.flow.paragraph([_p(self.data.others, self.st.quiet)])

    def pictures(self) -> None:
        """The body map at the left; the course, the trend in words and "Where" at the right."""
        flow, st, data = self.flow, self.st, self.data
        height = MAP_HEIGHT * st.body.size / 8
        map_width = height * MAP_ASPECT
        x, y, width, _ = flow.block(height)
        flow.page.figures.append(("bodymap", (x, y, map_width, height)))
        right = x + map_width + GAP
        right_width = width - map_width - GAP
        course_height = height * 0.62
        # The course's title is page text, wrapped to its column, so it is never cut off.
        title_top = y
        for line in wrap(COURSE_TITLE, st.small_label, right_width):
            y += st.small_label.line_height
            flow.page.words.append(
                Word(right, y - st.small_label.size * 0.3, line, st.small_label,
                     width_of(line, st.small_label))
            )  # fmt: skip
        flow.page.figures.append(("course", (right, y, right_width, course_height - y + title_top)))
        y = title_top
        course = data.course
        words: list[tuple[str, Style]] = []
        if course is not None:
            words.append((f"Trend in this period: {course.verdict}", st.label))
            words.append((course.detail, st.body))
        words.append(("Where: " + data.where, st.body))
        words.append(
            (
                "Map: one dot per place, its area and number the episodes in this period; "
                "black ring: first seen in this period; dot on the midline: side not given; "
                "'both sides' counts on each side.",
                st.quiet,
            )
        )
        ty = y + course_height + 4
        for text, style in words:
            for line in wrap(text, style, right_width):
                ty += style.line_height
                flow.page.words.append(
                    Word(right, ty - style.size * 0.3, line, style, width_of(line, style))
                )
            ty += 2

    def write(self) -> None:
        """The whole of page 1 (and its overflow, if any)."""
        data, flow, st = self.data, self.flow, self.st
        self.header()
        if data.empty:
            flow.space(3)
            flow.paragraph([_p(EMPTY_TEXT, st.label)])
            flow.space(3)
            self.labelled(data.glance[0].title, " ".join(data.glance[0].paragraphs))
        else:
            self.pictures()
            self.heading("Answers")
            for section in data.glance:
                self.labelled(section.title, " ".join(section.paragraphs))
        self.flags()
        if not data.empty:
            self.findings()
        if data.experiment:
            self.heading("Self-experiment (randomized: the days were drawn at random)")
            for line in data.experiment:
                self.flow.paragraph([_p(line, st.body)])
                flow.space(1)
        self.heading("Medicines and supplements")
        self.bullets(data.medicines[max(0, len(data.medicines) - self.max_meds) :])
        hidden = len(data.medicines) - self.max_meds
        if hidden > 0:
            flow.paragraph([_p(f"and {plural(hidden, 'earlier one')}, not listed.", st.quiet)])
        self.heading("Tests and visits")
        self.bullets(data.tests)
        flow.space(4)
        flow.rule()
        flow.paragraph([_p(data.disclaimer, st.small)])


def write_page_one(
    data: ReportData, width: float, height: float, margin: float, footer: float
) -> Flow:
    """Page 1 at the largest scale that fits on one page; if even ``MIN_SCALE`` does not fit,
    the earliest medicines are counted instead of listed (down to 4), then it flows on.

    Returns the flow, positioned after page 1's text, for the later pages.
    """
    flow = Flow(width, height, margin, footer)
    for max_meds in (len(data.medicines), *MAX_MEDS):
        for scale in SCALES:
            flow = Flow(width, height, margin, footer)
            PageOne(flow, data, Styles.at(scale), max_meds).write()
            if len(flow.pages) == 1:
                return flow
    return flow
