"""Offering a form that was being typed when the app was killed (the draft), and reopening it."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import App

from twitchlog.context import AppContext
from twitchlog.domain.models import Episode
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import importing
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.drafts import Draft, DraftStore
from twitchlog.tui.workers import deliver


class DraftOfferingApp(App[None]):
    """The part of the app that asks about a draft left behind and reopens its form."""

    ctx: AppContext
    drafts: DraftStore

    def offer_draft(self, draft: Draft) -> None:
        """Ask whether to continue with ``draft``; "Discard" deletes it."""
        what = "an episode" if draft.form == "episode" else f"the check-in of {draft.target}"

        def answered(restore: bool | None) -> None:
            if restore:
                self._restore_draft(draft)
            else:
                self.drafts.clear()

        self.push_screen(
            ConfirmDialog(
                f"You were typing {what} when twitchlog closed. Continue with it?",
                yes="Continue",
                no="Discard",
            ),
            answered,
        )

    def _restore_draft(self, draft: Draft) -> None:
        # The forms are imported when needed: the app's start does not wait for them.
        with importing():
            from twitchlog.tui.dialogs.day import DayDialog
            from twitchlog.tui.dialogs.episode import EpisodeDialog

        if draft.form == "day":
            try:
                day = date.fromisoformat(draft.target) if draft.target else None
            except ValueError:
                day = None
            self.push_screen(DayDialog(self.ctx, self.drafts, day=day, draft_values=draft.values))
        elif draft.target:
            self._edit_from_draft(draft)
        else:
            self.push_screen(EpisodeDialog(self.ctx, self.drafts, draft_values=draft.values))

    @work(thread=True, group="drafts")
    def _edit_from_draft(self, draft: Draft) -> None:
        with importing():
            from twitchlog.storage.repository import get_episode
            from twitchlog.tui.dialogs.episode import EpisodeDialog

        try:
            episode: Episode | None = get_episode(self.ctx.journal, draft.target)
        except JournalError:
            episode = None
        deliver(
            self,
            self.push_screen,
            EpisodeDialog(self.ctx, self.drafts, episode=episode, draft_values=draft.values),
        )
