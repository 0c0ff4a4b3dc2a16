"""Issue 14: places of the person's own, added once with a side rule, logged like any site."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import Episode, new_id
from twitchlog.domain.own_sites import custom_site, parse_any_site
from twitchlog.domain.sites import Side
from twitchlog.storage import custom
from twitchlog.storage import repository as repo
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import Journal


def test_a_sided_place_takes_a_side_and_a_midline_place_refuses_one(cli: CliRunner) -> None:
    added = cli("site", "add", "Behind the knee")
    assert added.code == 0 and "Log it with: twitchlog log left behind the knee" in added.out
    assert cli("site", "add", "nape", "--midline").code == 0
    saved = cli("log", "left", "behind", "the", "knee", "--for", "30s")
    assert saved.code == 0 and "twitch: left behind the knee" in saved.out, saved
    refused = cli("log", "nape", "--side", "left")
    assert refused.code == 2 and "nape is on the midline and takes no side" in refused.err
    assert cli("log", "nape").code == 0
    listed = cli("list").out
    assert "left behind the knee" in listed and "twitch: nape" in listed
    assert cli("site", "list").out.splitlines() == [
        "behind the knee (left, right or both)",
        "nape (midline, no side)",
    ]


def test_a_known_or_repeated_place_is_refused_and_unknown_ones_list_mine(cli: CliRunner) -> None:
    assert cli("log", "calf").code == 0
    r = cli("site", "add", "upper-arm")
    assert r.code == 2 and "is already known as upper arm; log it with that name" in r.err
    assert cli("site", "add", "temple").code == 0
    again = cli("site", "add", "Temple")
    assert again.code == 2 and "temple is already one of your places" in again.err
    unknown = cli("log", "toenail")
    assert unknown.code == 2 and "toe, temple (for example 'left calf')" in unknown.err


def test_storage_accepts_only_catalogue_or_own_places(journal: Journal) -> None:
    started = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    ep = Episode(new_id(), started, "UTC", date(2026, 3, 1), "temple", Side.LEFT)
    with pytest.raises(ValidationError, match="site 'temple' is not known"):
        repo.add_episode(journal, ep)
    custom.add_site(journal, custom_site("temple", sided=True))
    assert repo.add_episode(journal, ep).site == "temple"
    # the table's trigger backs the domain rule
    with pytest.raises(JournalError), journal.write() as s:
        s.connection().exec_driver_sql(
            "UPDATE episodes SET site = 'elsewhere' WHERE id = ?", (ep.id,)
        )
    assert parse_any_site("temple right", custom.list_sites(journal)) == ("temple", Side.RIGHT)


def test_own_places_export_and_import_into_a_journal_without_them(
    cli: CliRunner, tmp_path: Path
) -> None:
    assert cli("site", "add", "behind the knee").code == 0
    assert cli("site", "add", "nape", "--midline").code == 0
    assert cli("log", "right", "behind", "the", "knee").code == 0
    assert cli("log", "nape").code == 0
    folder, json_file = tmp_path / "csv", tmp_path / "all.json"
    exported = cli("export", "--out", str(folder))
    assert exported.code == 0 and "2 own places" in exported.out and "sites.csv" in exported.out
    assert (folder / "sites.csv").read_bytes() == (
        b"site,sided\r\nbehind the knee,yes\r\nnape,no\r\n"
    )
    assert cli("export", "--format", "json", "--out", str(json_file)).code == 0
    for source in (folder, json_file):
        other = tmp_path / f"other-{source.name}.sqlite3"
        dry = cli("--db", str(other), "import", str(source))
        assert dry.code == 0 and "Would add the place behind the knee" in dry.out, dry
        done = cli("--db", str(other), "import", str(source), "--apply")
        assert done.code == 0 and "Added the place nape" in done.out, done
        assert "right behind the knee" in cli("--db", str(other), "list").out
        assert "nape (midline, no side)" in cli("--db", str(other), "site", "list").out
    alone = cli("--db", str(tmp_path / "third.sqlite3"), "import", str(folder / "episodes.csv"))
    # either place's row comes first (both were logged in the same second)
    assert alone.code == 65 and "episodes.csv row 2: site '" in alone.err, alone
    assert "is not known" in alone.err and "(for example 'left calf')" in alone.err


def test_a10_rename_fixes_a_misspelt_place_and_its_episodes_follow(
    cli: CliRunner, db: Path
) -> None:
    """A place added with a typo and logged could not be fixed: ``site rename`` keeps its side
    rule, moves every episode logged there (change marker on) and leaves the others alone."""
    import sqlite3

    assert cli("site", "add", "behnd the knee").code == 0
    assert cli("log", "left", "behnd the knee").code == 0
    assert cli("log", "right", "behnd the knee").code == 0
    assert cli("log", "calf").code == 0
    before = dict(sqlite3.connect(db).execute("SELECT id, revision FROM episodes").fetchall())
    r = cli("site", "rename", "behnd the knee", "Behind the Knee")
    assert r.code == 0 and r.out == "Renamed behnd the knee to behind the knee (2 episodes).\n", r
    assert cli("site", "list").out.splitlines() == ["behind the knee (left, right or both)"]
    rows = sqlite3.connect(db).execute("SELECT id, site, side, revision FROM episodes").fetchall()
    assert sorted((r[1], r[2]) for r in rows) == [
        ("behind_the_knee", "left"),
        ("behind_the_knee", "right"),
        ("calf", None),
    ]
    assert {r[0] for r in rows if r[3] == before[r[0]] + 1} == {
        r[0] for r in rows if r[1] == "behind_the_knee"
    }
    assert "left behind the knee" in cli("list").out
    assert cli("log", "left", "behnd the knee").code == 2  # the old name is gone


def test_a10_site_rename_and_delete_refuse_what_they_cannot_do(cli: CliRunner, db: Path) -> None:
    import sqlite3

    assert cli("site", "add", "nape", "--midline").code == 0
    assert cli("site", "add", "shin bone").code == 0
    assert cli("log", "nape").code == 0
    snapshot = sqlite3.connect(db).execute("SELECT * FROM episodes").fetchall()
    cases = {
        ("rename", "nope", "other"): "'nope' is not one of your places (see: site list)",
        ("rename", "nape", "shin bone"): "shin bone is already one of your places",
        ("rename", "nape", "Nape"): "nape has that name already",
        ("rename", "nape", "calf"): "site 'calf' is already known as calf",
        ("rename", "calf", "leg"): "'calf' is not one of your places (see: site list)",
        ("delete", "nape"): "nape is named by 1 episode and is kept",
        ("delete", "calf"): "'calf' is not one of your places (see: site list)",
    }
    for args, said in cases.items():
        r = cli("site", *args)
        assert r.code == 2 and said in r.err and len(r.err.strip().splitlines()) == 1, (args, r)
    assert sqlite3.connect(db).execute("SELECT * FROM episodes").fetchall() == snapshot
    gone = cli("site", "delete", "shin bone")
    assert gone.code == 0 and gone.out == "Deleted shin bone.\n"
    assert cli("site", "list").out.splitlines() == ["nape (midline, no side)"]


def test_a12_places_named_in_other_scripts_can_be_added_and_logged(cli: CliRunner) -> None:
    """Names with combining marks (Devanagari, Thai vowel signs) and a Turkish capital İ were
    refused as "not letters": "İ".lower() adds a combining dot, and vowel signs are marks."""
    for name, logged in (("कंधा", "कंधा"), ("İstanbul knee", "istanbul knee"), ("ต้นขา", "ต้นขา")):
        added = cli("site", "add", name)
        assert added.code == 0, added
        saved = cli("log", "left", *name.split(), "--for", "10s")
        assert saved.code == 0 and f"twitch: left {logged}" in saved.out, saved
    sym = cli("symptom", "add", "आंख दर्द")
    assert sym.code == 0, sym
    # still refused: a leading mark, markup-like text
    assert cli("site", "add", "\u0301abc").code == 2
    assert cli("site", "add", "a[b]").code == 2
