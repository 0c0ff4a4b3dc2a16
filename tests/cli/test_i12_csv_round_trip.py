"""Issue 12 item 12: CSV keeps everything JSON keeps (drink counts, when an episode was
recorded); a round trip changes nothing and says so; a record the journal holds with other
content is not counted as "already in the journal"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.cli.main import run
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_i12_a_round_trip_keeps_drinks_and_says_nothing_to_import(
    fmt: str, cli: CliRunner, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("log", "calf").code == 0
    assert cli("day", "--coffee", "2", "--tea", "1", "--sleep", "7").code == 0
    out = tmp_path / f"export.{fmt}"
    r = cli("export", "--format", fmt, "--out", str(out))
    assert r.code == 0 and "1 episode, 1 day, 0 medicines, 0 health notes" in r.out, r
    again = cli("import", str(out))
    assert again.code == 0
    assert "Nothing to import: every record is already in the journal." in again.out
    assert "would import" not in again.out
    fresh = tmp_path / "fresh" / "journal.sqlite3"
    fresh.parent.mkdir()
    assert run(["--db", str(fresh), "import", str(out), "--apply"]) == 0
    capsys.readouterr()
    original, copy = Journal(db), Journal(fresh)
    assert repo.all_days(copy) == repo.all_days(original)
    assert repo.all_days(copy)[0].drinks == {"coffee": 2, "tea": 1}
    assert [e.recorded_at for e in repo.all_episodes(copy)] == [
        e.recorded_at for e in repo.all_episodes(original)
    ]


def test_i12_a_changed_record_is_not_already_in_the_journal(cli: CliRunner, tmp_path: Path) -> None:
    first = cli("log", "calf")
    ident = first.out.split("[id ")[1].split("]")[0]
    out = tmp_path / "export.json"
    assert cli("export", "--format", "json", "--out", str(out)).code == 0
    assert cli("edit", ident, "--intensity", "7").code == 0
    r = cli("import", str(out))
    assert r.code == 0
    assert "episodes: 1 (0 new, 0 already in the journal, 1 different" in r.out, r
    assert "Nothing to import" not in r.out
