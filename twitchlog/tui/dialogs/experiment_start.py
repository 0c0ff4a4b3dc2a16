"""The form that plans a self-experiment: what to test, the two conditions, how long.

``ctrl+s`` first shows the plan and what it can find for this person (their diary's power,
computed in a worker); nothing is stored yet. A second ``ctrl+s`` with the same values draws the
schedule and stores it, before the first day. Changing a field shows the plan again first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    DEFAULT_WEEKS,
    MAX_BLOCK_DAYS,
    MAX_WEEKS,
    MED_PREFIX,
    MIN_BLOCK_DAYS,
    MIN_WEEKS,
    ExperimentPlan,
    tests_day_after,
)
from twitchlog.domain.experiment_record import (
    Experiment,
    parse_start,
    plan_lines,
    resolve_factor,
)
from twitchlog.domain.factors import FactorDef
from twitchlog.domain.validation import inert
from twitchlog.storage.custom import list_factors
from twitchlog.storage.experiments import check_can_start, start_experiment
from twitchlog.storage.repository import list_medications
from twitchlog.tui.dialogs.form import ErrorCollector, FormDialog, FormErrors
from twitchlog.tui.messages import EntrySaved
from twitchlog.tui.widgets.fields import FieldError, FieldRow

_TEXT_FIELDS = ("factor", "test_words", "usual_words", "weeks", "block_days", "washout_days")


def _whole(field: str, text: str, words: str, allowed: str, example: int) -> int:
    """The number in a form field, or one line naming the field, its range and an example."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError(
            field,
            f"{words} must be a whole number {allowed}, for example {example} "
            f"(got {inert(text)!r})",
        ) from None


class StartExperimentDialog(FormDialog[Experiment]):
    """Plan an experiment; see its plan and power; then draw and start it."""

    error_rows: ClassVar[dict[str, str]] = {"start": "first", "experiment": "form"}

    def __init__(self, ctx: AppContext, *, factor: str = "") -> None:
        super().__init__(ctx)
        self.factor = factor
        self._previewed: dict[str, str] | None = None
        self._plan: ExperimentPlan | None = None

    def compose(self) -> ComposeResult:
        """The fields, the preview, and the buttons."""
        tomorrow = self.ctx.today() + timedelta(days=1)
        with VerticalScroll():
            yield Label("Plan an experiment", classes="title")
            yield FieldRow(
                "What to test",
                Input(self.factor or "caffeine", compact=True, id="factor"),
                "factor",
                hint="a factor (caffeine, sleep…) or a medicine",
            )
            yield FieldRow(
                "Changed",
                Input(compact=True, id="test_words", placeholder="at most 100 mg"),
                "test_words",
                hint="the change in words; a medicine: leave empty",
            )
            yield FieldRow(
                "Usual",
                Input(compact=True, id="usual_words", placeholder="as usual"),
                "usual_words",
            )
            yield FieldRow(
                "Weeks", Input(str(DEFAULT_WEEKS), compact=True, id="weeks"), "weeks", hint="2-26"
            )
            yield FieldRow(
                "Block days",
                Input(str(DEFAULT_BLOCK_DAYS), compact=True, id="block_days"),
                "block_days",
                hint="1-7 days in a row on one condition; 1 (washout 0): a habit gone in a day",
            )
            yield FieldRow(
                "Washout days",
                Input(str(DEFAULT_WASHOUT_DAYS), compact=True, id="washout_days"),
                "washout_days",
                hint="left out after a change; 0: also compares the day after",
            )
            yield FieldRow(
                "First day",
                Input(tomorrow.isoformat(), compact=True, id="first"),
                "first",
                hint="tomorrow, +3 or YYYY-MM-DD",
            )
            yield FieldRow(
                "Interim look",
                Checkbox("one look at halfway", compact=True, id="interim"),
                "interim",
                hint="may stop early if very clear",
            )
            yield Static("", id="preview", markup=False)
            yield FieldError("form")
            with Horizontal(classes="buttons"):
                yield Button("Show plan (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """Start with the changed condition (the factor is filled in: caffeine or the one asked)."""
        self.remember_initial()
        self._add_footer()
        self.query_one("#test_words", Input).focus()

    def values(self) -> dict[str, str]:
        """The fields as text (the interim look as "yes" or "")."""
        values = {k: self.query_one(f"#{k}", Input).value for k in (*_TEXT_FIELDS, "first")}
        values["interim"] = "yes" if self.query_one("#interim", Checkbox).value else ""
        return values

    def fill(self, values: dict[str, str]) -> None:
        """Not used: this form keeps no draft."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Preview/start or cancel."""
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        """A changed field needs a new preview before anything is started."""
        if self._previewed is not None and self.values() != self._previewed:
            self._previewed = None
            self._plan = None
            self.query_one("#preview", Static).update("")
            self.query_one("#save", Button).label = "Show plan (ctrl+s)"

    def _read_plan(
        self, v: dict[str, str], medicines: list[str], own: Sequence[FactorDef] = ()
    ) -> ExperimentPlan:
        """The plan the fields describe; ValidationError for the first field that is wrong."""
        try:
            return self._plan_from(v, medicines, own)
        except FormErrors as exc:
            raise exc.errors[0] from None

    def _plan_from(
        self, v: dict[str, str], medicines: list[str], own: Sequence[FactorDef]
    ) -> ExperimentPlan:
        errors = ErrorCollector()
        today = self.ctx.today()
        found = errors.check(lambda: resolve_factor(v["factor"], medicines, own))
        weeks = errors.check(
            lambda: _whole("weeks", v["weeks"], "weeks", f"{MIN_WEEKS}-{MAX_WEEKS}", DEFAULT_WEEKS)
        )
        block = errors.check(
            lambda: _whole(
                "block_days",
                v["block_days"],
                "block days",
                f"{MIN_BLOCK_DAYS}-{MAX_BLOCK_DAYS}",
                DEFAULT_BLOCK_DAYS,
            )
        )
        washout = errors.check(
            lambda: _whole(
                "washout_days",
                v["washout_days"],
                "washout days",
                "from 0 to one less than the block days",
                0,
            )
        )
        first = errors.check(lambda: parse_start(v["first"], today))
        errors.raise_any()
        assert found is not None and first is not None
        key, name = found
        medicine = key.startswith(MED_PREFIX)
        test = v["test_words"].strip() or (f"taking {name}" if medicine else "")
        usual = v["usual_words"].strip() or (f"not taking {name}" if medicine else "as usual")
        if not test:
            raise ValidationError(
                "test_words", 'the change must be described, for example "at most 100 mg"'
            )
        washout_days = DEFAULT_WASHOUT_DAYS if washout is None else washout
        return ExperimentPlan(
            key,
            name,
            test,
            usual,
            first,
            weeks or DEFAULT_WEEKS,
            block or DEFAULT_BLOCK_DAYS,
            washout_days,
            interim=v.get("interim") == "yes",
            day_after=tests_day_after(washout_days),
        )

    def start_save(self) -> None:
        """First the preview (plan and power); with the same values again, start."""
        plan = self._plan
        if plan is not None and self.values() == self._previewed:
            self.save_in_worker(
                lambda: start_experiment(
                    self.ctx.journal, plan, self.ctx.today(), now=self.ctx.now()
                ),
                self._started,
            )
            return
        self._preview(self.values())

    def _preview_ready(self, values: dict[str, str], plan: ExperimentPlan, power: str) -> None:
        self._saving = False
        self._previewed = values
        self._plan = plan
        text = "\n".join([*plan_lines(plan), power, "ctrl+s draws the schedule and starts."])
        self.query_one("#preview", Static).update(inert(text))
        self.query_one("#save", Button).label = "Draw and start (ctrl+s)"
        self.query_one("#preview", Static).scroll_visible()

    def _preview(self, values: dict[str, str]) -> None:
        journal = self.ctx.journal
        today = self.ctx.today()
        self.query_one("#preview", Static).update("Working out what this plan can find for you…")

        def plan_and_power() -> tuple[ExperimentPlan, str]:
            from twitchlog.analysis.experiment import plan_power, power_text
            from twitchlog.storage.repository import load_slice

            medicines = [m.name for m in list_medications(journal)]
            plan = self._read_plan(values, medicines, list_factors(journal))
            check_can_start(journal, plan, today)
            diary = load_slice(journal, today - timedelta(days=120), today)
            return plan, str(power_text(plan_power(diary, plan), plan))

        self.save_in_worker(
            plan_and_power, lambda found: self._preview_ready(values, found[0], found[1])
        )

    def save_failed(self, field: str, message: str) -> None:
        """The preview or the start was refused: say it at its field, in this form's words."""
        if field == "interim":
            message = (
                message.replace("--weeks ", "weeks ")
                .replace("--block-days ", "block days ")
                .replace("--washout ", "washout days ")
                .replace("leave out --interim", "untick the interim look")
            )
        super().save_failed(field, message)
        self.query_one("#preview", Static).update("")

    def _started(self, exp: Experiment) -> None:
        self.app.post_message(
            EntrySaved(f"Experiment started: {exp.plan.name} from {exp.plan.start.isoformat()}")
        )
        self.finish(exp)
