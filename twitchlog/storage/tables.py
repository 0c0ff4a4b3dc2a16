"""SQLModel tables (``...Row``). They mirror the schema the migrations create; rows never
leave ``storage`` (the repository converts them to domain values through ``records``).

A test checks that these columns match the migrated schema and the quick-log writer.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class EpisodeRow(SQLModel, table=True):
    """One episode; times are UTC text, the local day is the person's day at that moment.

    ``updated_at`` and ``revision`` are the change marker (``records`` sets them on every write).
    """

    __tablename__ = "episodes"

    id: str = Field(primary_key=True)
    started_at: str = Field(index=True)
    timezone: str
    local_date: str = Field(index=True)
    site: str
    side: str | None = None
    kind: str
    duration_s: int | None = None
    intensity: int | None = None
    context: str | None = None
    visible: int | None = None
    symptoms: str = ""
    note: str = ""
    recorded_at: str
    updated_at: str
    revision: int = 1


class DayLogRow(SQLModel, table=True):
    """One local day's factors; NULL means not logged."""

    __tablename__ = "day_logs"

    day: str = Field(primary_key=True)
    checked_in: int = 0
    caffeine_mg: float | None = None
    sleep_h: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    cigarettes: int | None = None
    exercise_min: int | None = None
    alcohol_drinks: float | None = None
    water_l: float | None = None
    screen_h: float | None = None
    note: str = ""
    updated_at: str
    drinks: str = "{}"
    revision: int = 1
    tags_complete: int = 0


class FactorDefRow(SQLModel, table=True):
    """A person's own factor under a stable id (a rename keeps its values); ``name_key`` is
    the name as compared (``domain.factors.normal_name``), unique."""

    __tablename__ = "factor_defs"

    id: str = Field(primary_key=True)
    name: str
    name_key: str
    kind: str
    unit: str = ""
    low: float
    high: float
    whole: int
    created_on: str
    retired_on: str | None = None
    updated_at: str


class DayFactorValueRow(SQLModel, table=True):
    """One custom factor's value on one day (a tag: 1 set, 0 explicitly unset)."""

    __tablename__ = "day_factor_values"

    day: str = Field(primary_key=True, foreign_key="day_logs.day")
    factor_id: str = Field(primary_key=True, foreign_key="factor_defs.id")
    value: float


class CustomSiteRow(SQLModel, table=True):
    """A place outside the site catalogue, with its side rule (``sided``: asks left/right)."""

    __tablename__ = "custom_sites"

    key: str = Field(primary_key=True)
    label: str
    sided: int


class CustomSymptomRow(SQLModel, table=True):
    """A symptom beside the six built-in ones."""

    __tablename__ = "custom_symptoms"

    key: str = Field(primary_key=True)
    label: str


class MedicationRow(SQLModel, table=True):
    """A medicine or supplement taken from ``start`` to ``stop`` (NULL while ongoing)."""

    __tablename__ = "medications"

    id: str = Field(primary_key=True)
    name: str
    dose: str = ""
    kind: str
    start: str
    stop: str | None = None
    note: str = ""


class HealthNoteRow(SQLModel, table=True):
    """A test, a visit or a red-flag observation."""

    __tablename__ = "health_notes"

    id: str = Field(primary_key=True)
    day: str = Field(index=True)
    kind: str
    topic: str
    text: str = ""


class ExperimentRow(SQLModel, table=True):
    """A randomized self-experiment's plan (fixed once drawn) and how it ended.

    ``status`` is ``running`` until ``experiment stop`` (``stopped``, with ``stopped_at`` and
    the last day ``stopped_on``) or until a later start marks it ``finished``. ``interim`` is
    1 when the plan has its one pre-planned interim look at halfway; ``day_after`` is 1 when
    its test compares the same day or the day after (only without washout days).
    """

    __tablename__ = "experiments"

    id: str = Field(primary_key=True)
    factor: str
    name: str
    test_words: str
    usual_words: str
    start: str
    weeks: int
    block_days: int
    washout_days: int
    seed: int
    status: str
    created_at: str
    stopped_at: str | None = None
    stopped_on: str | None = None
    interim: int = 0
    day_after: int = 0


class ExperimentDayRow(SQLModel, table=True):
    """One day of an experiment's schedule, stored with the plan; never changed afterwards."""

    __tablename__ = "experiment_days"

    experiment_id: str = Field(primary_key=True, foreign_key="experiments.id")
    day: str = Field(primary_key=True)
    arm: str
    washout: int
