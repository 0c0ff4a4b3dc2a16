"""Found by attacking (round 4): an open episode form kept the own places and symptoms it had
read, so after ``twitchlog symptom rename`` elsewhere it still offered the old name, and a tick
on it was refused on save ("symptom 'sore eyes' is not known")."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import SelectionList

from tests.tui.conftest import settle, until
from twitchlog.domain.own_sites import custom_site
from twitchlog.domain.own_symptoms import custom_symptom
from twitchlog.storage.custom import add_site, add_symptom, rename_site, rename_symptom
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import EpisodeDialog


def _labels(box: SelectionList[str]) -> list[str]:
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


def test_a11_an_open_form_offers_the_new_names_after_a_rename_elsewhere(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    add_symptom(journal, custom_symptom("sore eyes"))
    add_symptom(journal, custom_symptom("jaw ache"))
    add_site(journal, custom_site("behnd the knee", sided=True))

    async def run() -> None:
        app = make_app(watch=True)  # polls the journal as the real app does
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            box = dialog.query_one("#symptoms", SelectionList)
            box.select("sore_eyes")
            box.select("jaw_ache")
            other = Journal.open(journal.path)  # the CLI's own connection
            rename_symptom(other, "sore eyes", "dry eyes")
            rename_site(other, "behnd the knee", "behind the knee")
            other.dispose()
            await until(pilot, lambda: "dry eyes" in _labels(box), "the new name offered")
            assert "sore eyes" not in _labels(box)
            assert box.selected == ["jaw_ache"]  # the other tick stays
            said = str(dialog.query_one("#err-symptoms").render())
            assert "sore eyes is no longer one of your symptoms" in said, said
            assert [s.label for s in dialog.own_sites] == ["behind the knee"]

    asyncio.run(run())
