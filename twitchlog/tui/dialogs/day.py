"""The day check-in form (``d``): the factors of any day, pre-filled with what is logged.

Caffeine comes from drink counters (the mg total is shown) or a number typed in mg. An empty
field means "not logged" and is saved as such, never as 0. ``pageup``/``pagedown`` move to the
previous or next day.

Saving writes only the fields the person changed, against the day as loaded: a factor logged
elsewhere meanwhile (``twitchlog day`` in another terminal) is kept; the same factor changed
on both sides is asked about (see ``form.py``).

The person's own factors (``twitchlog factor add``) follow the built-ins once the day has
loaded: numbers and scales as fields with the same rules (empty = not logged), tags as ticks,
and "tags complete": only on a day marked so does an unticked tag count as "no" (the rule in
``domain/factors.py``). Values of retired factors are kept as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from twitchlog.context import AppContext
from twitchlog.domain.changes import changed_fields
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment_record import Experiment, day_condition_text
from twitchlog.domain.factors import (
    BUILTIN_FACTORS,
    FactorDef,
    number_text,
    parse_factor_value,
    value_text,
    with_factors,
)
from twitchlog.domain.labels import example, words
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, DayLog
from twitchlog.domain.times import parse_day
from twitchlog.domain.validation import (
    RANGES,
    caffeine_from_drinks,
    check_day_not_future,
    check_number,
    check_text,
    validate_day,
)
from twitchlog.storage.custom import list_factors
from twitchlog.storage.errors import JournalError
from twitchlog.storage.experiments import latest_experiment
from twitchlog.storage.repository import get_day, patch_day
from twitchlog.storage.views import day_counts
from twitchlog.tui.dialogs.form import ErrorCollector, FormDialog
from twitchlog.tui.drafts import DraftStore
from twitchlog.tui.messages import DaySaved
from twitchlog.tui.widgets.drinks import DrinkCounter
from twitchlog.tui.widgets.fields import FieldError, FieldRow
from twitchlog.tui.workers import deliver

#: What a day can be typed with (``today``, ``-3``, ``2026-11-30``); not ``+``.
DAY_CHARS: Final = r"[\w .\-/]*"

#: The factor inputs below caffeine (which has its drink counters): field, label, hint, all
#: read from the factor catalogue.
FACTORS: Final[tuple[tuple[str, str, str], ...]] = tuple(
    (f.key, f.label, f.hint) for f in BUILTIN_FACTORS if f.key != "caffeine_mg"
)


def parse_factor(field: str, text: str) -> float | int | None:
    """Text to a factor value: empty is None (not logged); checked against the ranges."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError(
            field,
            f"{words(field)} must be a number, for example {example(field)} (got {text.strip()!r})",
        ) from None
    whole = RANGES[field][3]
    result: float | int = int(value) if whole and value.is_integer() else value
    check_number(field, result)
    return result


@dataclass(frozen=True)
class DayLoaded:
    """What a check-in for ``day`` starts from: its log and how many episodes it has."""

    day: date
    log: DayLog | None
    episodes: int
    own: tuple[FactorDef, ...] = ()
    experiment: Experiment | None = None


#: How the conflict dialog names each day-log field.
FIELD_LABELS: Final[dict[str, str]] = {
    "checked_in": "Checked in",
    "caffeine_mg": "Caffeine (mg)",
    "drinks": "Drinks",
    **{field: label for field, label, _ in FACTORS},
    "note": "Note",
    "custom": "Own factors",
    "tags_complete": "Tags complete",
}

#: Id prefix of an own factor's control (``own-<key>``); its row and error use the same name.
OWN: Final = "own-"


def show_day_value(field: str, value: Any) -> str:
    """A day-log value as the conflict dialog shows it (not logged is never 0)."""
    if field == "drinks":
        return ", ".join(f"{n} {d}" for d, n in sorted(value.items())) or "none"
    if field == "checked_in":
        return "yes" if value else "no"
    if field == "note":
        flat = " ".join(str(value).split())
        return (flat[:60] + "…" if len(flat) > 60 else flat) or "(empty)"
    if value is None:
        return "not logged"
    return str(int(value)) if float(value).is_integer() else str(value)


def _own_value(factor: FactorDef, name: str, text: str) -> float | int | None:
    """An own factor's typed value; an error is shown at its row (``own-<key>``)."""
    try:
        return parse_factor_value(factor, text)
    except ValidationError as exc:
        raise ValidationError(name, exc.message) from None


class DayDialog(FormDialog[DayLog | None]):
    """Check in a day: factors, drinks, checked in (no twitches beyond those logged), note."""

    draft_form = "day"
    record_word = "day"
    error_controls: ClassVar[dict[str, str]] = {"date": "day"}
    BINDINGS: ClassVar[list[BindingType]] = [
        *FormDialog.BINDINGS,
        Binding("pageup", "shift_day(-1)", "Previous day"),
        Binding("pagedown", "shift_day(1)", "Next day"),
    ]
    DEFAULT_CSS = """
    DayDialog #drinks { height: auto; padding-left: 18; }
    DayDialog #caffeine-total { padding-left: 19; color: $text-muted; }
    DayDialog #day-episodes { padding-left: 18; color: $text-muted; }
    DayDialog #own-factors { height: auto; }
    """

    def __init__(
        self,
        ctx: AppContext,
        drafts: DraftStore | None = None,
        *,
        day: date | None = None,
        draft_values: dict[str, str] | None = None,
    ) -> None:
        super().__init__(ctx, drafts)
        self.day = day or ctx.today()
        self.draft_values = draft_values
        self._loaded = False
        self._drink_mg: float | None = None
        #: The day as loaded (revision 0 when nothing is logged): what a save is compared with.
        self.base = DayLog(day=self.day)
        #: The active own factors shown below the built-ins (``None`` until first loaded).
        self.own: tuple[FactorDef, ...] | None = None
        #: The latest experiment (its condition for the day is shown at the top).
        self.experiment: Experiment | None = None

    def compose(self) -> ComposeResult:
        """Day, drinks, factors, checked in, note."""
        with VerticalScroll():
            yield Label("Check in a day", classes="title")
            condition = Static("", id="experiment-day", markup=False)
            condition.display = False  # shown on a day of an experiment
            yield condition
            yield FieldRow(
                "Day",
                # ``+`` is a drink key: it must not type into the day (``-3`` still does).
                Input(compact=True, value=self.day.isoformat(), id="day", restrict=DAY_CHARS),
                "date",
                hint="today, yesterday, -3, YYYY-MM-DD; pgup/pgdn",
            )
            yield Label("Caffeine: +/- on a drink", classes="title")
            with Vertical(id="drinks"):
                for drink in CAFFEINE_MG_PER_DRINK:
                    yield DrinkCounter(drink)
            yield FieldRow(
                "Caffeine (mg)",
                Input(compact=True, id="caffeine_mg"),
                "caffeine_mg",
                hint="from drinks, or type mg",
            )
            yield FieldError("drinks")
            for field, label, hint in FACTORS:
                yield FieldRow(label, Input(compact=True, id=field), field, hint=hint)
            yield Vertical(id="own-factors")
            yield FieldRow(
                "Checked in",
                Checkbox(
                    "all of this day's twitches are logged (tick also if there were none)",
                    False,
                    id="checked_in",
                ),
                "checked_in",
            )
            yield Static("", id="day-episodes", markup=False)
            yield FieldRow(
                "Note", Input(compact=True, id="note", placeholder="kept as written"), "note"
            )
            yield FieldError("form")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """Load the day's log in a worker; the form stays read-only until it arrives."""
        self.query_one("#day", Input).focus()
        self._load(self.day)

    @work(thread=True, exclusive=True, group="load-day")
    def _load(self, day: date) -> None:
        try:
            loaded = DayLoaded(
                day,
                get_day(self.ctx.journal, day),
                day_counts(self.ctx.journal, day, day).get(day, 0),
                tuple(list_factors(self.ctx.journal, include_retired=False)),
                latest_experiment(self.ctx.journal),
            )
        except JournalError as exc:
            deliver(self, self.show_error, "form", str(exc))
            return
        deliver(self, self._show_loaded, loaded)

    def _show_loaded(self, loaded: DayLoaded) -> None:
        if self.own is None:  # the own factors' rows are made once, on the first load
            self.own = loaded.own
            self.call_later(self._mount_own, loaded)
            return
        self.day = loaded.day
        self.base = loaded.log or DayLog(day=loaded.day)
        self.experiment = loaded.experiment
        self.fill(self._values_of(loaded.day, loaded.log))
        self._show_experiment_day()
        n = loaded.episodes
        words = "no episodes logged: checked in, it counts as a day without twitches"
        self.query_one("#day-episodes", Static).update(
            Text(words if n == 0 else f"{n} episode{'s' if n != 1 else ''} logged on this day")
        )
        if not self._loaded:
            self._loaded = True
            self.remember_initial()
            if self.draft_values is not None:
                self.fill(self.draft_values)
        else:
            self.remember_initial()

    async def _mount_own(self, loaded: DayLoaded) -> None:
        """Mount a row per active own factor (and "tags complete"), then show the day."""
        rows: list[FieldRow] = []
        for f in self.own or ():
            if f.is_tag:
                control: Input | Checkbox = Checkbox(f.name, False, id=OWN + f.key)
                rows.append(FieldRow("Tag", control, OWN + f.key))
            else:
                control = Input(compact=True, id=OWN + f.key)
                rows.append(FieldRow(f.label, control, OWN + f.key, hint=f.hint))
        if any(f.is_tag for f in self.own or ()):
            rows.append(
                FieldRow(
                    "Tags complete",
                    Checkbox(
                        "unticked tags mean no for this day",
                        False,
                        id="tags_complete",
                    ),
                    "tags_complete",
                )
            )
        if rows:
            await self.query_one("#own-factors", Vertical).mount_all(rows)
        self._show_loaded(loaded)

    def _own_fields(self) -> list[str]:
        """The form's names of the own factors' values (and of "tags complete")."""
        own = self.own or ()
        tags = ["tags_complete"] if any(f.is_tag for f in own) else []
        return [OWN + f.key for f in own] + tags

    def _values_of(self, day: date, log: DayLog | None) -> dict[str, str]:
        values = {"date": day.isoformat(), "note": "", "checked_in": "0"}
        for f in self.own or ():
            stored = None if log is None else log.custom.get(f.key)
            if f.is_tag:
                values[OWN + f.key] = "1" if stored == 1.0 else "0"
            else:
                values[OWN + f.key] = "" if stored is None else number_text(stored)
        if any(f.is_tag for f in self.own or ()):
            values["tags_complete"] = "1" if log is not None and log.tags_complete else "0"
        for drink in CAFFEINE_MG_PER_DRINK:
            values[f"drink_{drink}"] = "0"
        values["caffeine_mg"] = ""
        for field, _, _ in FACTORS:
            values[field] = ""
        if log is None:
            return values
        for drink, count in log.drinks.items():
            values[f"drink_{drink}"] = str(count)
        for field in ("caffeine_mg", *(f for f, _, _ in FACTORS)):
            value = getattr(log, field)
            if value is not None:
                values[field] = str(int(value)) if float(value).is_integer() else str(value)
        values["note"] = log.note
        # Checked in means one thing everywhere (CLI --check-in, export, analysis): "all of this
        # day's twitches are logged". Only the person ticking the box says so; saving sleep or
        # stress alone never does (issue 12 item 11).
        values["checked_in"] = "1" if log.checked_in else "0"
        return values

    def values(self) -> dict[str, str]:
        """Every field as text."""
        values = {"date": self.query_one("#day", Input).value}
        for counter in self.query(DrinkCounter):
            values[f"drink_{counter.drink}"] = str(counter.count)
        for field in ("caffeine_mg", *(f for f, _, _ in FACTORS), "note"):
            values[field] = self.query_one(f"#{field}", Input).value
        values["checked_in"] = "1" if self.query_one("#checked_in", Checkbox).value else "0"
        for name in self._own_fields():
            control = self.query_one(f"#{name}")
            if isinstance(control, Checkbox):
                values[name] = "1" if control.value else "0"
            elif isinstance(control, Input):
                values[name] = control.value
        return values

    def fill(self, values: dict[str, str]) -> None:
        """Put text values into the fields."""
        if "date" in values:
            self.query_one("#day", Input).value = values["date"]
        for counter in self.query(DrinkCounter):
            raw = values.get(f"drink_{counter.drink}")
            if raw is not None and raw.isdigit():
                counter.count = int(raw)
        for field in ("caffeine_mg", *(f for f, _, _ in FACTORS), "note"):
            if field in values:
                self.query_one(f"#{field}", Input).value = values[field]
        if "checked_in" in values:
            self.query_one("#checked_in", Checkbox).value = values["checked_in"] == "1"
        for name in self._own_fields():
            if name not in values:
                continue
            control = self.query_one(f"#{name}")
            if isinstance(control, Checkbox):
                control.value = values[name] == "1"
            elif isinstance(control, Input):
                control.value = values[name]

    def draft_target(self) -> str:
        """The day being checked in."""
        return self.day.isoformat()

    @on(DrinkCounter.Changed)
    def _drinks_changed(self, event: DrinkCounter.Changed) -> None:
        drinks = {c.drink: c.count for c in self.query(DrinkCounter) if c.count}
        box = self.query_one("#caffeine_mg", Input)
        if drinks:
            box.value = f"{caffeine_from_drinks(drinks):g}"
        elif self._drink_mg is not None and box.value == f"{self._drink_mg:g}":
            box.value = ""  # the total came from the drinks just taken away
        self._drink_mg = caffeine_from_drinks(drinks) if drinks else None
        self._schedule_draft()

    @on(Input.Submitted, "#day")
    def _day_submitted(self) -> None:
        self._change_day(self.query_one("#day", Input).value)

    @on(Input.Blurred, "#day")
    def _day_left(self) -> None:
        """Leaving the Day field loads the day typed there (a form never shows one day's
        values under another day's date)."""
        text = self.query_one("#day", Input).value
        try:
            day = self._read_day(text)
        except ValidationError as exc:
            self.show_error("date", exc.message)
            return
        if day != self.day:
            self._change_day(text)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _experiment_value_typed(self, event: Input.Changed | Checkbox.Changed) -> None:
        """The tested factor's value changed: say again whether it keeps to today's plan."""
        exp = self.experiment
        if exp is not None and event.control.id in (exp.plan.factor, OWN + exp.plan.factor):
            self._show_experiment_day()

    def _show_experiment_day(self) -> None:
        """The experiment's condition for this day and whether the value typed keeps to it."""
        exp = self.experiment
        line = "" if exp is None else day_condition_text(exp, self.day, self._tested_value(exp))
        box = self.query_one("#experiment-day", Static)
        box.update(line)
        box.display = bool(line)

    def _tested_value(self, exp: Experiment) -> float | None:
        """The tested factor's value as typed in this form (``None``: not logged or unreadable)."""
        key = exp.plan.factor
        if exp.plan.is_medicine:
            return None
        found = list(self.query(f"#{key}" if key in RANGES else f"#{OWN}{key}"))
        control = found[0] if found else None
        if isinstance(control, Checkbox):
            return 1.0 if control.value else 0.0
        if not isinstance(control, Input):
            return None
        try:
            return float(control.value.strip().replace(",", ".")) if control.value.strip() else None
        except ValueError:
            return None

    @on(Input.Changed, "#day")
    def _day_typed(self) -> None:
        """An error about the day is stale once the day is typed again."""
        self.query_one("#err-date", FieldError).say("")

    def action_shift_day(self, delta: int) -> None:
        """Move to the previous or next day (never after today)."""
        target = self.day + timedelta(days=delta)
        if target <= self.ctx.today():
            self._change_day(target.isoformat())

    def _change_day(self, text: str) -> None:
        self.clear_errors()
        try:
            day = parse_day(text, self.ctx.today())
            check_day_not_future(day, self.ctx.today())
        except ValidationError as exc:
            self.show_error("date", exc.message)
            return
        typed = {k: v for k, v in self.values().items() if k != "date"}
        if typed != {k: v for k, v in self._initial.items() if k != "date"} and day != self.day:
            self.show_error("form", "save or cancel this day before choosing another")
            self.query_one("#day", Input).value = self.day.isoformat()
            return
        self._load(day)

    def build(self) -> DayLog:
        """The day log the fields describe; raises :class:`FormErrors` with every field that
        cannot be read (each error names its field)."""
        v = self.values()
        errors = ErrorCollector()
        day = errors.check(lambda: self._read_day(v["date"]))
        if day is not None and day != self.day:
            errors.errors.append(ValidationError("date", "the day is still loading"))
        drinks = {d: int(v[f"drink_{d}"]) for d in CAFFEINE_MG_PER_DRINK if v[f"drink_{d}"] != "0"}
        typed_mg = errors.check(lambda: parse_factor("caffeine_mg", v["caffeine_mg"]))
        caffeine = caffeine_from_drinks(drinks) if drinks else typed_mg
        if drinks and typed_mg is not None and typed_mg != caffeine:
            errors.errors.append(
                ValidationError(
                    "caffeine_mg",
                    f"caffeine comes from the drinks counted ({caffeine:g} mg); set the drinks "
                    f"to 0 to type mg yourself (got {v['caffeine_mg'].strip()!r})",
                )
            )
        factors: dict[str, float | None] = {
            field: errors.check(partial(parse_factor, field, v[field])) for field, _, _ in FACTORS
        }
        errors.check(lambda: check_text("note", v["note"]))
        custom = self._read_own(v, errors)
        errors.raise_any()
        assert day is not None  # read without an error
        log = DayLog(
            day=day,
            checked_in=v["checked_in"] == "1",
            caffeine_mg=caffeine,
            drinks=drinks,
            note=v["note"],
            custom=custom,
            tags_complete=v.get("tags_complete", "1" if self.base.tags_complete else "0") == "1",
        )
        return validate_day(with_factors(log, factors))

    def _read_own(self, v: dict[str, str], errors: ErrorCollector) -> dict[str, float]:
        """The own factors' values: the loaded ones (retired factors' too) with the form's over
        them. An unticked tag keeps a stored explicit "no"; otherwise it is not stored. A value
        that cannot be read goes to ``errors`` (named at its row)."""
        custom = dict(self.base.custom)
        for f in self.own or ():
            name = OWN + f.key
            if f.is_tag:
                if v.get(name) == "1":
                    custom[f.key] = 1.0
                elif custom.get(f.key) != 0.0:
                    custom.pop(f.key, None)
                continue
            value = errors.check(lambda f=f, name=name: _own_value(f, name, v.get(name, "")))  # type: ignore[misc]
            if value is None:
                custom.pop(f.key, None)
            else:
                custom[f.key] = float(value)
        return custom

    def _read_day(self, text: str) -> date:
        day = parse_day(text, self.ctx.today())
        check_day_not_future(day, self.ctx.today())
        return day

    def start_save(self) -> None:
        """Validate, then save the changed fields in a worker."""
        if not self._loaded:
            raise ValidationError("form", "the day is still loading")
        changes = changed_fields(self.base, self.build())
        if not changes:
            self._saved(self.base)
            return
        self.save_changes(self.base, changes, self._saved)

    def write_changes(self, loaded: DayLog, changes: Mapping[str, Any]) -> DayLog:
        """Write only ``changes`` to the day, against the day as loaded."""
        return patch_day(self.ctx.journal, loaded.day, changes, loaded=loaded)

    def describe_field(self, field: str, value: Any) -> tuple[str, str]:
        """The form's label of ``field`` and ``value`` as text."""
        if field == "custom":
            shown = [
                f"{f.name} {value_text(f, value[f.key])}" for f in self.own or () if f.key in value
            ]
            return FIELD_LABELS[field], ", ".join(shown) or "none"
        return FIELD_LABELS.get(field, field), show_day_value(field, value)

    def rebase(self, current: Any, changes: Mapping[str, Any]) -> None:
        """Show ``current``'s values in the fields the person did not change."""
        self.base = current
        fresh = self._values_of(self.day, current)
        typed = self.values()
        merged = {}
        for key, value in typed.items():
            field = (
                "drinks" if key.startswith("drink_") else "custom" if key.startswith(OWN) else key
            )
            # the check-in box is the person's: it starts ticked whatever is stored
            keep = key in ("date", "checked_in") or field in changes
            merged[key] = value if keep else fresh[key]
        self.fill(merged)

    def _saved(self, log: DayLog) -> None:
        state = "checked in" if log.checked_in else "saved"
        self.app.post_message(DaySaved(f"{log.day.isoformat()} {state}"))
        self.finish(log)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
