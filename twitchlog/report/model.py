"""What the report shows, as frozen dataclasses (standard library only, no matplotlib).

:func:`twitchlog.report.build.build_report` fills these from the journal; the renderers only
lay them out. Tests check the numbers here, which are exactly what the plotting code draws.
``None`` in a series means "not logged" and is drawn as a gap or a "not logged" mark,
never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from twitchlog.domain.sites import Side


@dataclass(frozen=True, slots=True)
class Header:
    """Title block: whose report, which period, when it was made and how complete it is."""

    name: str
    start: date
    end: date
    made_on: date
    calendar_days: int
    checked_in_days: int
    logged_days: int
    longest_gap_days: int


@dataclass(frozen=True, slots=True)
class Section:
    """A titled block of plain sentences (one paragraph each)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlagAnswer:
    """One red flag and the days it was recorded on (empty: none recorded)."""

    label: str
    dates: tuple[date, ...]
    extra: str = ""


@dataclass(frozen=True, slots=True)
class RateRatio:
    """A rate ratio per unit of a factor with its 95 % interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class FactorLine:
    """One factor's finding for the report, in the analysis module's words and numbers.

    ``sentence`` is the analysis module's whole sentence; ``short`` the same finding without
    the caveats every pattern repeats (page 1 states them once for all factors). The rate
    ratios are for the factor on the same day, the day before, and both days together.
    """

    label: str
    unit: str
    verdict: str
    sentence: str
    short: str
    days: int
    same_day: RateRatio | None
    day_before: RateRatio | None
    both_days: RateRatio | None
    p_adjusted: float | None
    higher_mean: float | None
    higher_days: int
    lower_mean: float | None
    lower_days: int
    factor: str = ""


@dataclass(frozen=True, slots=True)
class MapMarker:
    """One body-map marker: ``view`` (front, back, face, other), position in that view's units
    (``x`` as drawn, the viewer's left negative; ``y`` down from the top), episodes counted
    there, marker area in points², and ``new`` when the place was first seen in the period.
    """

    site: str
    side: Side | None
    view: str
    x: float
    y: float
    count: int
    area: float
    new: bool
    #: In the "other" column: the words after the count (``left behind the knee``).
    label: str = ""


@dataclass(frozen=True, slots=True)
class Course:
    """The whole diary week by week, for the course chart on page 1.

    ``per_week[i]`` is the episodes per logged day of week ``weeks[i]`` (``None`` when no
    day of that week was logged). ``verdict`` is the period's trend in words and
    ``detail`` its size ("about 20 % fewer episodes per 30 days (95 % interval 8 % to 30 %
    fewer)").
    """

    weeks: tuple[date, ...]
    per_week: tuple[float | None, ...]
    start: date
    end: date
    verdict: str
    detail: str


@dataclass(frozen=True, slots=True)
class MedBand:
    """A medicine or supplement taken from ``start`` to ``stop`` (clipped to the chart)."""

    name: str
    start: date
    stop: date
    ongoing: bool


@dataclass(frozen=True, slots=True)
class ExperimentBand:
    """A run of days of an experiment's changed condition (its schedule, drawn as a band)."""

    start: date
    stop: date
    label: str


@dataclass(frozen=True, slots=True)
class ChartData:
    """Every number the chart figure draws; all daily series are aligned with ``days``.

    ``episodes[i]`` is ``None`` when day ``i`` was not logged (no check-in and no episode);
    ``mean7[i]`` is the mean over the logged days of the 7 days ending on day ``i``.
    ``site_counts[r][b]`` counts episodes at ``sites[r]`` in bin ``b`` of ``bin_days`` days
    starting at ``days[0]``. ``hour_counts`` has 24 entries (local hour of start).
    """

    days: tuple[date, ...]
    episodes: tuple[int | None, ...]
    mean7: tuple[float | None, ...]
    caffeine_mg: tuple[float | None, ...]
    sleep_h: tuple[float | None, ...]
    stress: tuple[float | None, ...]
    medicines: tuple[MedBand, ...]
    bin_days: int
    sites: tuple[str, ...]
    site_counts: tuple[tuple[int, ...], ...]
    hour_counts: tuple[int, ...]
    #: Every day-log factor's daily series by factor key (for the summary chart's panels).
    factor_series: dict[str, tuple[float | None, ...]] = field(default_factory=dict)
    #: The changed-condition days of self-experiments in the period (bands on the chart).
    experiment: tuple[ExperimentBand, ...] = ()

    @property
    def missing_days(self) -> tuple[date, ...]:
        """Days drawn as "not logged"."""
        return tuple(d for d, n in zip(self.days, self.episodes, strict=True) if n is None)


@dataclass(frozen=True, slots=True)
class Table:
    """A details table: a title, column headings and rows of text cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportData:
    """The whole report, ready to lay out.

    ``empty`` is true when nothing was recorded in the period (the report is then one page
    that says so). ``glance`` holds the "At a glance" answers; ``flags`` answers every red
    flag; ``medicines`` and ``tests`` are one line each; ``factors`` are the analysis findings.
    """

    header: Header
    empty: bool
    glance: tuple[Section, ...]
    flags: tuple[FlagAnswer, ...]
    medicines: tuple[str, ...]
    tests: tuple[str, ...]
    factors: tuple[FactorLine, ...]
    factors_note: str
    factors_caveat: str
    methods: str
    disclaimer: str
    chart: ChartData
    tables: tuple[Table, ...]
    markers: tuple[MapMarker, ...] = ()
    course: Course | None = None
    where: str = ""
    patterns: tuple[str, ...] = ()
    others: str = ""
    caption: str = ""
    #: A finished self-experiment's plan and adherence, and its result (page 1), or nothing.
    experiment: tuple[str, ...] = ()
    #: The factor keys (as in ``chart.factor_series``) of a running experiment: drawn in no
    #: factor panel, as their findings are held back until it ends.
    held_back: tuple[str, ...] = ()
