"""The episode form (``e`` new, ``g`` again, ``enter`` in History to edit).

Site first (with type-ahead, the person's own places included; ``ctrl+o`` adds the typed
place as their own), then when (``now``, ``14:05``, ``10 min ago``), side, duration,
intensity, kind, context, visible or felt, symptoms (the person's own below the built-in
ones; ``ctrl+y`` adds one) and a note. ``ctrl+s`` saves.

Editing saves only the fields the person changed, against the episode as loaded: a change
made elsewhere meanwhile (``twitchlog edit``) to other fields is kept; the same field changed
on both sides is asked about (see ``form.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar, Final
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from twitchlog.context import AppContext
from twitchlog.domain.changes import changed_fields
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import Context, Episode, Kind, Symptom, new_id
from twitchlog.domain.own_sites import (
    CustomSite,
    check_side,
    custom_site,
    parse_any_site,
    site_suggestions_with,
)
from twitchlog.domain.own_symptoms import (
    CustomSymptom,
    custom_symptom,
    symptom_labels,
    symptom_of,
)
from twitchlog.domain.sites import Side, site_label
from twitchlog.domain.times import check_not_future, local_day, parse_duration, parse_when, zone
from twitchlog.domain.validation import check_number, check_text, validate_episode
from twitchlog.storage.custom import add_site, add_symptom, list_sites, list_symptoms
from twitchlog.storage.errors import JournalError
from twitchlog.storage.repository import add_episode, patch_episode
from twitchlog.tui.dialogs.form import ErrorCollector, FormDialog
from twitchlog.tui.dialogs.own_place import OwnPlaceDialog
from twitchlog.tui.dialogs.own_symptom import OwnSymptomDialog
from twitchlog.tui.drafts import DraftStore
from twitchlog.tui.messages import EpisodeSaved, JournalChanged
from twitchlog.tui.widgets.fields import FieldError, FieldRow
from twitchlog.tui.widgets.site_input import SiteSuggester, without_side
from twitchlog.tui.workers import deliver

_SIDES = [("left", "left"), ("right", "right"), ("both", "both")]
_KINDS = [(k.value, k.value) for k in Kind]
_CONTEXTS = [
    ("at rest", "rest"),
    ("during activity", "activity"),
    ("after exercise", "after_exercise"),
]
_VISIBLE = [("visible", "visible"), ("only felt", "felt")]
_CHOICES: dict[str, set[str]] = {
    "side": {v for _, v in _SIDES},
    "kind": {v for _, v in _KINDS},
    "context": {v for _, v in _CONTEXTS},
    "visible": {v for _, v in _VISIBLE},
}


def describe(episode: Episode) -> str:
    """``left eyelid twitch`` (for toasts and titles)."""
    side = f"{episode.side.value} " if episode.side else ""
    return f"{side}{site_label(episode.site)} {episode.kind.value}"


#: The Site hint for a place neither the catalogue nor the person's own places know.
UNKNOWN_SITE_HINT: Final = "unknown: ctrl+o adds it"


def site_hint(text: str, own: Sequence[CustomSite] = ()) -> str:
    """``= left eyelid`` when ``text`` names a site (or one of ``own``, the person's own
    places), else a few names it could become."""
    if not text.strip():
        return "→ accepts the suggestion"
    try:
        site, side = parse_any_site(text, own)
    except ValidationError as exc:
        if exc.field == "side":  # an own midline place typed with a side
            return exc.message
        rest = without_side(text.strip().lower())
        found = list(dict.fromkeys(site_suggestions_with(rest, own)))
        return ("maybe: " + ", ".join(found[:4])) if found else UNKNOWN_SITE_HINT
    return f"= {side.value + ' ' if side else ''}{site_label(site)}"


#: The When hint while nothing readable is typed.
WHEN_HINT: Final = "now, 14:05, 10 min ago"


def when_hint(text: str, now: datetime, tz: ZoneInfo) -> str:
    """``= Mon 30 Nov 23:59, yesterday`` for what ``text`` resolves to, else the examples
    (a clock time after now is yesterday's: the person sees it before saving)."""
    try:
        started = parse_when(text, now, tz)
    except ValidationError:
        return WHEN_HINT
    return "= " + when_words(started, now, tz)


def when_words(started: datetime, now: datetime, tz: ZoneInfo) -> str:
    """``Mon 30 Nov 23:59, yesterday`` (``today``, ``yesterday``, ``3 days ago``)."""
    local = started.astimezone(tz)
    days = (now.astimezone(tz).date() - local.date()).days
    if days == 0:
        ago = "today"
    elif days == 1:
        ago = "yesterday"
    elif days > 1:
        ago = f"{days} days ago"
    else:
        ago = "in the future"
    return f"{local:%a %d %b %H:%M}, {ago}"


#: The form's label of each episode field (for the conflict dialog).
FIELD_LABELS: Final[dict[str, str]] = {
    "started_at": "When",
    "timezone": "Zone",
    "local_date": "Day",
    "site": "Site",
    "side": "Side",
    "kind": "Kind",
    "duration_s": "Duration",
    "intensity": "Intensity",
    "context": "Context",
    "visible": "Visible or felt",
    "symptoms": "Symptoms",
    "note": "Note",
}
#: Form field (``values()`` key) -> the episode fields it shows.
_FORM_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "site": ("site",),
    "time": ("started_at", "timezone", "local_date"),
    "side": ("side",),
    "duration": ("duration_s",),
    "intensity": ("intensity",),
    "kind": ("kind",),
    "context": ("context",),
    "visible": ("visible",),
    "symptoms": ("symptoms",),
    "note": ("note",),
}


def show_episode_value(field: str, value: Any, tz_name: str) -> str:
    """An episode value as the conflict dialog shows it."""
    if value is None:
        return "—"
    if field == "started_at":
        return f"{value.astimezone(zone(tz_name)):%Y-%m-%d %H:%M}"
    if field == "site":
        return site_label(value)
    if field == "symptoms":
        return ", ".join(symptom_labels(value)) or "none"
    if field == "visible":
        return "visible" if value else "only felt"
    if field == "duration_s":
        return f"{value}s"
    if field == "note":
        flat = " ".join(str(value).split())
        return (flat[:60] + "…" if len(flat) > 60 else flat) or "(empty)"
    return str(getattr(value, "value", value))


def read_intensity(text: str) -> int | None:
    """Intensity 1-10 from the field; empty is None (not given)."""
    if not text.strip():
        return None
    try:
        intensity = int(text.strip())
    except ValueError:
        raise ValidationError(
            "intensity", f"intensity must be a whole number 1-10, for example 4 (got {text!r})"
        ) from None
    check_number("intensity", intensity)
    return intensity


def _select_value(select: Select[str]) -> str:
    value = select.value
    return value if isinstance(value, str) else ""


class EpisodeDialog(FormDialog[Episode | None]):
    """Log a new episode, repeat the last one, or edit an existing one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "own_place", "Own place", tooltip="add the typed site as your own"),
        Binding("ctrl+y", "own_symptom", "Own symptom", tooltip="add a symptom of your own"),
    ]
    draft_form = "episode"
    record_word = "episode"
    follows_journal = True
    """Told of writes elsewhere (``JournalChanged``): its own places and symptoms are read
    again."""
    error_rows: ClassVar[dict[str, str]] = {
        "duration_s": "duration",
        "started_at": "time",
        "local_date": "time",
        "timezone": "time",
    }

    def __init__(
        self,
        ctx: AppContext,
        drafts: DraftStore | None = None,
        *,
        episode: Episode | None = None,
        repeat_of: Episode | None = None,
        draft_values: dict[str, str] | None = None,
    ) -> None:
        super().__init__(ctx, drafts)
        self.episode = episode
        self.repeat_of = repeat_of
        self.draft_values = draft_values
        self._initial_when = ""
        self._side_from_site: str | None = None
        """The side Side shows because it was typed with the site (``L calf``)."""
        self.own_sites: list[CustomSite] = list_sites(ctx.journal)
        """The person's own places (``ctrl+o`` adds one)."""
        self._suggester = SiteSuggester(self.own_sites)
        self.own_symptoms: list[CustomSymptom] = list_symptoms(ctx.journal)
        """The person's own symptoms, shown below the built-in ones (``ctrl+y`` adds one)."""

    def compose(self) -> ComposeResult:
        """The fields, top to bottom."""
        if self.episode is not None:
            title = f"Edit episode: {describe(self.episode)}"
        elif self.repeat_of is not None:
            title = f"Again: {describe(self.repeat_of)} now (enter saves)"
        else:
            title = "Log an episode"
        with VerticalScroll():
            yield Label(title, classes="title", markup=False)
            yield FieldRow(
                "Site",
                Input(
                    compact=True,
                    placeholder="eyelid, left eye, L calf…",
                    id="site",
                    suggester=self._suggester,
                ),
                "site",
                hint="→ accepts the suggestion",
            )
            yield FieldRow(
                "When",
                Input(compact=True, value="now", id="time"),
                "time",
                hint=WHEN_HINT,
            )
            yield FieldRow("Side", Select(_SIDES, prompt="—", id="side", compact=True), "side")
            yield FieldRow(
                "Duration",
                Input(compact=True, placeholder="30s, 2m, 1h", id="duration"),
                "duration",
            )
            yield FieldRow(
                "Intensity",
                Input(compact=True, placeholder="1 (barely) to 10", id="intensity"),
                "intensity",
            )
            yield FieldRow(
                "Kind",
                Select(_KINDS, allow_blank=False, value="twitch", id="kind", compact=True),
                "kind",
            )
            yield FieldRow(
                "Context", Select(_CONTEXTS, prompt="—", id="context", compact=True), "context"
            )
            yield FieldRow(
                "Visible or felt",
                Select(_VISIBLE, prompt="—", id="visible", compact=True),
                "visible",
            )
            yield FieldRow(
                "Symptoms",
                SelectionList[str](
                    *[(s.value, s.value) for s in Symptom],
                    *[(s.label, s.key) for s in self.own_symptoms],
                    id="symptoms",
                ),
                "symptoms",
                hint="ctrl+y adds your own",
            )
            yield FieldRow(
                "Note",
                Input(compact=True, placeholder="anything else (kept as written)", id="note"),
                "note",
            )
            yield FieldError("form")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
            yield Static("", id="spacer")

    def on_mount(self) -> None:
        """Fill in what is known, then focus where typing starts."""
        source = self.episode or self.repeat_of
        if source is not None:
            values = self._values_of(source, with_details=True)
            if self.episode is None:
                # Again: the same episode, now. Symptoms and the note describe that one time
                # (a red-flag symptom is ticked on purpose, never copied).
                values |= {"symptoms": "", "note": ""}
            self.fill(values)
        if self.episode is not None:
            self._initial_when = self._when_text(self.episode)
            self.query_one("#time", Input).value = self._initial_when
        self.remember_initial()
        if self.draft_values is not None:
            self.fill(self.draft_values)
        if self.repeat_of is not None:
            self.query_one("#save", Button).focus()
        else:
            self.query_one("#site", Input).focus()

    def _when_text(self, episode: Episode) -> str:
        local = episode.started_at.astimezone(zone(episode.timezone))
        return f"{local:%Y-%m-%d %H:%M}"

    @staticmethod
    def _values_of(ep: Episode, *, with_details: bool) -> dict[str, str]:
        values = {
            "site": site_label(ep.site),
            "side": ep.side.value if ep.side else "",
            "kind": ep.kind.value,
        }
        if with_details:
            values |= {
                "duration": f"{ep.duration_s}s" if ep.duration_s is not None else "",
                "intensity": str(ep.intensity) if ep.intensity is not None else "",
                "context": ep.context.value if ep.context else "",
                "visible": "" if ep.visible is None else ("visible" if ep.visible else "felt"),
                "symptoms": ",".join(sorted(ep.symptoms)),
                "note": ep.note,
            }
        return values

    def values(self) -> dict[str, str]:
        """Every field as text."""
        return {
            "site": self.query_one("#site", Input).value,
            "time": self.query_one("#time", Input).value,
            "side": _select_value(self.query_one("#side", Select)),
            "duration": self.query_one("#duration", Input).value,
            "intensity": self.query_one("#intensity", Input).value,
            "kind": _select_value(self.query_one("#kind", Select)),
            "context": _select_value(self.query_one("#context", Select)),
            "visible": _select_value(self.query_one("#visible", Select)),
            "symptoms": ",".join(sorted(self.query_one("#symptoms", SelectionList).selected)),
            "note": self.query_one("#note", Input).value,
        }

    def fill(self, values: dict[str, str]) -> None:
        """Put text values into the fields (unknown choices are left blank)."""
        for key in ("site", "time", "duration", "intensity", "note"):
            if key in values:
                self.query_one(f"#{key}", Input).value = values[key]
        for key in ("side", "kind", "context", "visible"):
            if key in values:
                select: Select[str] = self.query_one(f"#{key}", Select)
                if values[key] in _CHOICES[key]:
                    select.value = values[key]
                elif key != "kind":
                    select.clear()
        if "symptoms" in values:
            chosen = {s for s in values["symptoms"].split(",") if s}
            symptoms: SelectionList[str] = self.query_one("#symptoms", SelectionList)
            symptoms.deselect_all()
            known = {x.value for x in Symptom} | {x.key for x in self.own_symptoms}
            for s in chosen & known:
                symptoms.select(s)

    def draft_target(self) -> str:
        """The edited episode's id."""
        return self.episode.id if self.episode else ""

    def build(self, now: datetime) -> Episode:
        """The episode the fields describe; raises :class:`FormErrors` with every field that
        cannot be read (each error names its field)."""
        v = self.values()
        errors = ErrorCollector()
        parsed_site = errors.check(lambda: self._read_site(v["site"]))
        tz_name = self.episode.timezone if self.episode else self.ctx.settings.timezone
        tz = zone(tz_name)
        if self.episode is not None and v["time"] == self._initial_when:
            started: datetime | None = self.episode.started_at
        else:
            started = errors.check(lambda: self._read_when(v["time"], now, tz))
        duration = errors.check(
            lambda: parse_duration(v["duration"]) if v["duration"].strip() else None
        )
        intensity = errors.check(lambda: read_intensity(v["intensity"]))
        errors.check(lambda: check_text("note", v["note"]))
        errors.raise_any()
        assert parsed_site is not None and started is not None  # read without an error
        site, typed_side = parsed_site
        side = Side(v["side"]) if v["side"] else typed_side
        unmoved = self.episode is not None and started == self.episode.started_at
        episode = Episode(
            id=self.episode.id if self.episode else new_id(),
            started_at=started,
            timezone=tz_name,
            local_date=self.episode.local_date
            if self.episode is not None and unmoved
            else local_day(started, tz, self.ctx.settings.day_start_hour),
            site=site,
            side=side,
            kind=Kind(v["kind"] or "twitch"),
            duration_s=duration,
            intensity=intensity,
            context=Context(v["context"]) if v["context"] else None,
            visible=None if not v["visible"] else v["visible"] == "visible",
            symptoms=frozenset(symptom_of(s) for s in v["symptoms"].split(",") if s),
            note=v["note"],
            recorded_at=self.episode.recorded_at if self.episode else None,
        )
        own = {s.key: s for s in self.own_sites}
        if site in own:
            errors.check(lambda: check_side(own[site], side))
            errors.raise_any()
        return validate_episode(
            episode,
            now=now,
            custom_sites=own.keys(),
            custom_symptoms={s.key for s in self.own_symptoms},
        )

    def _read_site(self, text: str) -> tuple[str, Side | None]:
        if not text.strip():
            raise ValidationError("site", "site must be given (for example eyelid or left calf)")
        return parse_any_site(text, self.own_sites)

    @staticmethod
    def _read_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
        started = parse_when(text, now, tz)
        check_not_future(started, now)
        return started

    def start_save(self) -> None:
        """Validate, then save in a worker."""
        episode = self.build(self.ctx.now())
        journal = self.ctx.journal
        if self.episode is None:
            self.save_in_worker(
                lambda: add_episode(journal, episode), lambda saved: self._saved(saved, True)
            )
        else:
            changes = changed_fields(self.episode, episode)
            if not changes:
                self._saved(self.episode, False)
                return
            self.save_changes(self.episode, changes, lambda saved: self._saved(saved, False))

    def write_changes(self, loaded: Episode, changes: Mapping[str, Any]) -> Episode:
        """Write only ``changes`` to the episode, against the episode as loaded."""
        return patch_episode(self.ctx.journal, loaded.id, changes, loaded=loaded)

    def describe_field(self, field: str, value: Any) -> tuple[str, str]:
        """The form's label of ``field`` and ``value`` as text."""
        tz_name = self.episode.timezone if self.episode else self.ctx.settings.timezone
        return FIELD_LABELS.get(field, field), show_episode_value(field, value, tz_name)

    def rebase(self, current: Any, changes: Mapping[str, Any]) -> None:
        """Show ``current``'s values in the fields the person did not change."""
        self.episode = current
        fresh = self._values_of(current, with_details=True)
        fresh["time"] = self._when_text(current)
        merged = {}
        for key, value in self.values().items():
            mine = any(f in changes for f in _FORM_FIELDS[key])
            merged[key] = value if mine else fresh[key]
        if not any(f in changes for f in _FORM_FIELDS["time"]):
            self._initial_when = fresh["time"]
        self.fill(merged)

    def _saved(self, episode: Episode, new: bool) -> None:
        verb = "Logged" if new else "Saved"
        when = when_words(episode.started_at, self.ctx.now(), zone(episode.timezone))
        self.app.post_message(EpisodeSaved(f"{verb} {describe(episode)}, {when}", episode))
        self.finish(replace(episode))

    @on(Input.Changed, "#site")
    def _site_typed(self, event: Input.Changed) -> None:
        """Say which catalogue site the text means, or what it could become; a side typed
        with it (``L calf``) shows in Side, unless Side was chosen by hand."""
        self.query_one("#hint-site", Label).update(Text(site_hint(event.value, self.own_sites)))
        try:
            typed_side = (
                parse_any_site(event.value, self.own_sites)[1] if event.value.strip() else None
            )
        except ValidationError:
            typed_side = None
        select: Select[str] = self.query_one("#side", Select)
        by_hand = select.value not in (Select.NULL, self._side_from_site)
        if by_hand:
            return
        self._side_from_site = typed_side.value if typed_side else None
        if typed_side is not None:
            select.value = typed_side.value
        elif select.value != Select.NULL:
            select.clear()

    @on(Input.Changed, "#time")
    def _when_typed(self, event: Input.Changed) -> None:
        """Say which day and time the text means, as it is typed."""
        tz_name = self.episode.timezone if self.episode else self.ctx.settings.timezone
        hint = when_hint(event.value, self.ctx.now(), zone(tz_name))
        self.query_one("#hint-time", Label).update(Text(hint))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    # ------------------------------------------------------------ own places

    def action_own_place(self) -> None:
        """Offer to add the typed site as one of the person's own places (its side rule is
        asked); a site already known only says so."""
        self.clear_errors()
        text = self.query_one("#site", Input).value
        try:
            name = without_side(text.strip().lower())
            place = custom_site(name, sided=True)
            if any(s.key == place.key for s in self.own_sites):
                raise ValidationError("site", f"{place.label} is already one of your places")
        except ValidationError as exc:
            self.show_error("site", exc.message)
            return

        def answered(sided: bool | None) -> None:
            if sided is not None:
                self._add_own_place(CustomSite(place.key, sided))

        self.app.push_screen(OwnPlaceDialog(place.label), answered)

    @work(thread=True, exclusive=True, group="own-place")
    def _add_own_place(self, place: CustomSite) -> None:
        """Store the place in a thread; then it is offered and accepted like the catalogue's."""
        try:
            add_site(self.ctx.journal, place)
        except ValidationError as exc:
            deliver(self, self.show_error, "site", exc.message)
            return
        except JournalError as exc:
            deliver(self, self.show_error, "form", str(exc))
            return
        deliver(self, self._own_place_added, place)

    def _own_place_added(self, place: CustomSite) -> None:
        self.own_sites.append(place)
        self._suggester.own = list(self.own_sites)
        site = self.query_one("#site", Input)
        self.query_one("#hint-site", Label).update(Text(site_hint(site.value, self.own_sites)))
        rule = "with sides" if place.sided else "on the midline"
        self.notify(f"Added {place.label} to your places ({rule})", markup=False)
        site.focus()

    # ------------------------------------------------------------ changes elsewhere

    @on(JournalChanged)
    def _journal_changed(self, _: JournalChanged) -> None:
        """Another window or the CLI wrote: read the own places and symptoms again (they may
        have been added, renamed or deleted there)."""
        self._read_own_names()

    @work(thread=True, exclusive=True, group="own-names")
    def _read_own_names(self) -> None:
        try:
            sites, symptoms = list_sites(self.ctx.journal), list_symptoms(self.ctx.journal)
        except JournalError:
            return  # the save says what is wrong with the journal
        deliver(self, self._own_names_read, sites, symptoms)

    def _own_names_read(self, sites: list[CustomSite], symptoms: list[CustomSymptom]) -> None:
        self.own_sites[:] = sites
        self._suggester.own = list(sites)
        keys = {s.key for s in symptoms}
        had = {s.key for s in self.own_symptoms}
        if keys == had:
            return
        box: SelectionList[str] = self.query_one("#symptoms", SelectionList)
        ticked = set(box.selected)
        gone = [s for s in self.own_symptoms if s.key not in keys]
        gone_keys = {s.key for s in gone}
        for i in reversed(range(box.option_count)):
            if box.get_option_at_index(i).value in gone_keys:
                box.remove_option_at_index(i)
        for symptom in symptoms:
            if symptom.key not in had:
                box.add_option((symptom.label, symptom.key))
        self.own_symptoms = list(symptoms)
        lost = [s.label for s in gone if s.key in ticked]
        if lost:
            self.show_error(
                "symptoms",
                f"{', '.join(lost)} is no longer one of your symptoms (renamed or deleted "
                "elsewhere); tick the one you mean",
            )

    # ------------------------------------------------------------ own symptoms

    def action_own_symptom(self) -> None:
        """Ask for the name of a new own symptom; it is added below the built-in ones, ticked."""
        self.clear_errors()

        def answered(name: str | None) -> None:
            if name is None:
                return
            try:
                symptom = custom_symptom(name)
                if any(s.key == symptom.key for s in self.own_symptoms):
                    raise ValidationError(
                        "symptoms", f"{symptom.label} is already one of your symptoms"
                    )
            except ValidationError as exc:
                self.show_error("symptoms", exc.message)
                return
            self._add_own_symptom(symptom)

        self.app.push_screen(OwnSymptomDialog(), answered)

    @work(thread=True, exclusive=True, group="own-symptom")
    def _add_own_symptom(self, symptom: CustomSymptom) -> None:
        """Store the symptom in a thread; then it is a check box like the built-in ones."""
        try:
            try:
                add_symptom(self.ctx.journal, symptom)
            except ValidationError:
                # Added meanwhile elsewhere (the CLI, another window): shown here, ticked.
                if all(s.key != symptom.key for s in list_symptoms(self.ctx.journal)):
                    raise
        except ValidationError as exc:
            deliver(self, self.show_error, "symptoms", exc.message)
            return
        except JournalError as exc:
            deliver(self, self.show_error, "form", str(exc))
            return
        deliver(self, self._own_symptom_added, symptom)

    def _own_symptom_added(self, symptom: CustomSymptom) -> None:
        self.own_symptoms.append(symptom)
        symptoms: SelectionList[str] = self.query_one("#symptoms", SelectionList)
        symptoms.add_option((symptom.label, symptom.key))
        symptoms.select(symptom.key)
        self.notify(f"Added {symptom.label} to your symptoms", markup=False)
        symptoms.focus()
