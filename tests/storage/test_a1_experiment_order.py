"""A1: the experiment drawn last is the one shown, even within one second."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from twitchlog.domain.experiment import ExperimentPlan
from twitchlog.storage import experiments as store
from twitchlog.storage.journal import Journal

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def test_a1_the_last_experiment_drawn_within_one_second_is_the_latest(journal: Journal) -> None:
    """Start, stop and start again within one second (instants are stored in whole seconds):
    `experiment result` and the Experiment screen showed the FIRST one's result."""
    names = ("first", "second", "third")
    for name in names:
        plan = ExperimentPlan(
            "caffeine_mg", name, "at most 100 mg", "as usual", TODAY + timedelta(days=1)
        )
        store.start_experiment(journal, plan, TODAY, seed=1, now=NOW)
        store.stop_experiment(journal, TODAY, NOW)
    latest = store.latest_experiment(journal)
    assert latest is not None and latest.plan.name == "third"
    assert [e.plan.name for e in store.list_experiments(journal)] == list(names)
