"""What every entry form shares: errors next to fields, drafts, and asking before discarding.

A form lists its field values as text (:meth:`FormDialog.values`) so a draft can be written
and put back; ``ctrl+s`` validates and saves in a thread worker; ``escape`` asks first when
something was typed.

A form that edits a stored record remembers the record as loaded and saves only the fields the
person changed, against that record (:meth:`FormDialog.save_changes`). When the record was
saved elsewhere meanwhile and that save changed one of the same fields, nothing is written and
:class:`ConflictDialog` shows both values: keep mine, take theirs, or back to the form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, SelectionList

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.storage.conflicts import ChangedElsewhere
from twitchlog.storage.errors import JournalError
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.conflict import Choice, Collision, ConflictDialog
from twitchlog.tui.drafts import Draft, DraftStore
from twitchlog.tui.widgets.fields import FieldError
from twitchlog.tui.widgets.footer import NARROW, KeysFooter
from twitchlog.tui.workers import deliver

T = TypeVar("T")
R = TypeVar("R")

#: Seconds of quiet typing before the draft is written.
DRAFT_DELAY = 0.5


class FormErrors(Exception):
    """Several fields cannot be read or are out of range; each error names its field."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class ErrorCollector:
    """Reads every field and keeps each :class:`ValidationError`, so a form shows them all
    at once (``check`` returns None for a field that failed); ``raise_any`` raises them."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(self, read: Callable[[], R]) -> R | None:
        """``read()``, or None after keeping its ValidationError."""
        try:
            return read()
        except ValidationError as exc:
            self.errors.append(exc)
            return None

    def raise_any(self) -> None:
        """Raise :class:`FormErrors` if any field failed."""
        if self.errors:
            raise FormErrors(self.errors)


class FormDialog(ModalScreen[T]):
    """Base of the entry forms; subclasses fill in ``values``, ``fill`` and ``save``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    FormDialog { align: center middle; padding-bottom: 1; }
    FormDialog > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 2;
    }
    FormDialog .title { text-style: bold; padding: 1 0 0 0; }
    FormDialog Input { width: 40; }
    FormDialog Select { width: 40; }
    FormDialog.-narrow Input { width: 26; }
    FormDialog.-narrow Select { width: 26; }
    FormDialog #err-form { padding-left: 0; }
    FormDialog .buttons { height: auto; padding: 1 0; }
    FormDialog .buttons Button { margin-right: 2; }
    """

    #: Which draft kind this form writes (``episode`` or ``day``); empty writes none.
    draft_form: ClassVar[str] = ""

    def __init__(self, ctx: AppContext, drafts: DraftStore | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.drafts = drafts
        self._initial: dict[str, str] = {}
        self._draft_timer: Timer | None = None
        self._draft_dropped = False
        self._saving = False
        self._pending: tuple[Any, dict[str, Any], Callable[[Any], None]] | None = None

    # ---------------------------------------------------------- subclass API

    def values(self) -> dict[str, str]:
        """The form's fields as text."""
        raise NotImplementedError

    def fill(self, values: dict[str, str]) -> None:
        """Put ``values`` (from a draft) into the fields."""
        raise NotImplementedError

    def draft_target(self) -> str:
        """What the draft is for (an episode id or a day); empty for a new entry."""
        return ""

    def start_save(self) -> None:
        """Validate (raise ValidationError) and start the thread worker that saves."""
        raise NotImplementedError

    # ---------------------------------------------------------- forms that edit a record

    #: How the record is named in the conflict dialog (``day``, ``episode``).
    record_word: ClassVar[str] = "entry"

    def write_changes(self, loaded: Any, changes: Mapping[str, Any]) -> Any:
        """The journal call (in the worker) that writes ``changes`` against ``loaded``."""
        raise NotImplementedError

    def describe_field(self, field: str, value: Any) -> tuple[str, str]:
        """The label of ``field`` and ``value`` as the person reads it (plain text)."""
        return field, str(value)

    def rebase(self, current: Any, changes: Mapping[str, Any]) -> None:
        """Back from a conflict: take ``current`` as loaded and show its values in every
        field the person did not change (their own changes stay in the fields)."""
        raise NotImplementedError

    def save_changes(
        self, loaded: Any, changes: Mapping[str, Any], done: Callable[[Any], None]
    ) -> None:
        """Write only ``changes`` against ``loaded`` in a worker, then ``done(saved)``."""
        pending = dict(changes)
        self._pending = (loaded, pending, done)
        self.save_in_worker(lambda: self.write_changes(loaded, pending), done)

    def changed_elsewhere(self, error: ChangedElsewhere) -> None:
        """The record changed elsewhere in the same fields: ask, then act on the answer."""
        if self._pending is None:  # pragma: no cover - only save_changes can collide
            self.save_failed("form", str(error))
            return
        _loaded, changes, done = self._pending
        current = error.current
        rows: list[Collision] = []
        for field in error.fields:
            label, mine = self.describe_field(field, changes[field])
            theirs = self.describe_field(field, getattr(current, field))[1]
            if all(r.label != label for r in rows):
                rows.append(Collision(label, mine, theirs))

        def answered(choice: Choice | None) -> None:
            if choice is Choice.MINE:
                self.save_changes(current, changes, done)
            elif choice is Choice.THEIRS:
                rest = {k: v for k, v in changes.items() if k not in error.fields}
                if rest:
                    self.save_changes(current, rest, done)
                else:
                    done(current)
            else:
                self._saving = False
                self.rebase(current, changes)
                self.show_error(
                    "form",
                    "saved elsewhere meanwhile: the fields you did not change now show the "
                    "newer values; ctrl+s saves yours",
                )

        self.app.push_screen(ConflictDialog(self.record_word, rows), answered)

    # ---------------------------------------------------------- shared behaviour

    @on(Mount)
    def _add_footer(self) -> None:
        """Every form shows its keys at the bottom."""
        self.mount(KeysFooter())
        self.on_resize()

    def on_resize(self) -> None:
        """Narrower fields below 110 columns, so the hints beside them stay readable."""
        self.set_class(self.app.size.width < NARROW, "-narrow")

    def remember_initial(self) -> None:
        """Take the current values as "nothing typed yet"."""
        self._initial = self.values()

    @property
    def dirty(self) -> bool:
        """Whether something was typed since the form opened."""
        return self.values() != self._initial

    #: Errors of domain fields shown at another row (``duration_s`` under Duration).
    error_rows: ClassVar[dict[str, str]] = {}
    #: The control to focus for an error row, when its id differs from the row's.
    error_controls: ClassVar[dict[str, str]] = {}

    def show_error(self, field: str, message: str) -> None:
        """Show ``message`` under ``field`` (or at the bottom if there is no such row)."""
        field = self.error_rows.get(field, field)
        errors = self.query(f"#err-{field}").results(FieldError)
        target = next(errors, None) or self.query_one("#err-form", FieldError)
        target.say(message)

    def show_errors(self, errors: list[ValidationError]) -> None:
        """Show every message at its field and move the focus to the first field."""
        for error in errors:
            self.show_error(error.field, error.message)
        if not errors:
            return
        row = self.error_rows.get(errors[0].field, errors[0].field)
        control = self.error_controls.get(row, row)
        found = [w for w in self.query(f"#{control}") if w.focusable]
        if found:
            found[0].focus()
            found[0].scroll_visible()

    def clear_errors(self) -> None:
        """Hide every validation message."""
        for err in self.query(FieldError):
            err.say("")

    def action_save(self) -> None:
        """Validate; on success save in a worker, else show every message at its field.

        ``ctrl+s`` is a priority key: the app runs it as it arrives, before the focused field
        has taken the keys typed just before it (a busy app queues them). The save therefore
        runs from the focused field's queue, after those keys: it saves what was typed, not
        ``ca`` of ``calf`` or ``1`` of ``10``."""
        focused = self.focused
        if focused is None or focused is self or not focused.call_later(self._save_now):
            self._save_now()

    def _save_now(self) -> None:
        if self._saving or not self.is_attached:
            return
        self.clear_errors()
        try:
            self.start_save()
        except FormErrors as exc:
            self.show_errors(exc.errors)
            return
        except ValidationError as exc:
            self.show_errors([exc])
            return
        self._saving = True

    @work(thread=True, exclusive=True, group="save")
    def save_in_worker(self, write: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``write`` (one journal call) in a thread; then ``done(result)`` on the UI
        thread, or :meth:`save_failed` with the field and message the journal gave."""
        try:
            result = write()
        except ChangedElsewhere as exc:
            deliver(self, self.changed_elsewhere, exc)
            return
        except ValidationError as exc:
            deliver(self, self.save_failed, exc.field, exc.message)
            return
        except JournalError as exc:
            deliver(self, self.save_failed, "form", str(exc))
            return
        deliver(self, done, result)

    def save_failed(self, field: str, message: str) -> None:
        """Called on the UI thread when the worker could not save."""
        self._saving = False
        self.show_error(field, message)

    def finish(self, result: T) -> None:
        """Saved: forget the draft and close with ``result``."""
        self._drop_draft()
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without saving; ask first when something was typed."""
        if not self.dirty:
            self._drop_draft()
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._drop_draft()
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard what you typed?", yes="Discard", no="Keep editing"), answered
        )

    def _drop_draft(self) -> None:
        self._draft_dropped = True  # a write already queued by the timer must not revive it
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.drafts is not None and self.draft_form:
            self.drafts.clear()

    def write_draft_now(self) -> None:
        """Write the draft at once (the app calls this before it exits)."""
        if self.drafts is None or not self.draft_form or self._draft_dropped or not self.dirty:
            return
        self.drafts.save(Draft(self.draft_form, self.values(), self.draft_target()))

    def _schedule_draft(self) -> None:
        if self.drafts is None or not self.draft_form or not self._initial:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.write_draft_now)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _typed(self, event: Any) -> None:
        self._schedule_draft()
