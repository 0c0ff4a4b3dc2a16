"""A stored self-experiment: its plan, the schedule drawn for it, and how it ended.

Standard library only. The plan and the schedule come from ``domain/experiment.py``; this
module adds what the journal keeps about one experiment over time (when it was drawn, its
seed, whether it runs, was stopped early or finished) and the rules that follow from the
calendar: an experiment still marked running whose last day has passed has finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from twitchlog.domain.experiment import ExperimentPlan, ScheduleDay


class ExperimentStatus(StrEnum):
    """Where an experiment stands (stored as these texts)."""

    RUNNING = "running"
    """Drawn and not ended: it may not have started yet, or be under way."""
    STOPPED = "stopped"
    """Ended early by ``experiment stop``; analysed as far as it got, with that said."""
    FINISHED = "finished"
    """Ran to its last day."""


@dataclass(frozen=True, slots=True)
class Experiment:
    """One experiment as the journal keeps it; the plan, seed and schedule never change."""

    id: str
    plan: ExperimentPlan
    seed: int
    schedule: tuple[ScheduleDay, ...]
    status: ExperimentStatus
    created_at: datetime
    """When the schedule was drawn and stored (UTC), before the plan's first day."""
    stopped_at: datetime | None = None
    """When ``experiment stop`` was given (UTC)."""
    stopped_on: date | None = None
    """The last day that counts, for a stopped experiment (the local day of the stop)."""

    def status_on(self, today: date) -> ExperimentStatus:
        """The status as of ``today``: a running one past its last day has finished."""
        if self.status is ExperimentStatus.RUNNING and today > self.plan.end:
            return ExperimentStatus.FINISHED
        return self.status

    def ended(self, today: date) -> bool:
        """Whether it was stopped or has finished by ``today``."""
        return self.status_on(today) is not ExperimentStatus.RUNNING

    def last_day(self, today: date) -> date:
        """The last day that counts so far: the plan's end, the stop day, or today."""
        last = self.plan.end
        if self.stopped_on is not None:
            last = min(last, self.stopped_on)
        return min(last, today)
