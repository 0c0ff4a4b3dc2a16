"""Issue 14: symptoms of the person's own beside the six built-in ones, logged like them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import Episode, Symptom, new_id
from twitchlog.domain.own_symptoms import custom_symptom
from twitchlog.storage import custom
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def test_an_own_symptom_is_added_logged_listed_and_kept_while_named(cli: CliRunner) -> None:
    before = cli("log", "calf", "--symptom", "eye strain")
    assert before.code == 2 and "symptom must be one of weakness," in before.err
    assert "(got 'eye strain')" in before.err and len(before.err.strip().splitlines()) == 1
    added = cli("symptom", "add", "Eye Strain")
    assert added.code == 0 and "--symptom 'eye strain'" in added.out
    saved = cli("log", "left", "calf", "--symptom", "eye-strain,pain")
    assert saved.code == 0 and "with pain, eye strain" in saved.out, saved
    assert "with pain, eye strain" in cli("list").out
    unknown = cli("log", "calf", "--symptom", "itchy")
    assert unknown.code == 2 and "fatigue, eye strain, for example pain" in unknown.err
    assert cli("symptom", "list").out.splitlines() == [
        "Built in: weakness, numbness, tingling, pain, stiffness, fatigue",
        "eye strain (1 episode)",
    ]
    kept = cli("symptom", "delete", "eye strain")
    assert kept.code == 2 and "eye strain is named by 1 episode and is kept" in kept.err
    assert cli("symptom", "add", "itching").code == 0
    assert cli("symptom", "delete", "itching").code == 0
    assert "itching" not in cli("symptom", "list").out


def test_a_built_in_or_repeated_symptom_name_is_refused(cli: CliRunner) -> None:
    builtin = cli("symptom", "add", "Pain")
    assert builtin.code == 2 and "pain is one of the built-in symptoms already" in builtin.err
    assert cli("symptom", "add", "twitchy toes").code == 0
    again = cli("symptom", "add", "twitchy-toes")
    assert again.code == 2 and "twitchy toes is already one of your symptoms" in again.err
    bad = cli("symptom", "add", "a;b")
    assert bad.code == 2 and "symptom name must start with a letter" in bad.err


def test_edit_sets_an_own_symptom(cli: CliRunner) -> None:
    assert cli("symptom", "add", "eye strain").code == 0
    ident = cli("log", "calf").out.split("[id ")[1].rstrip("]\n")
    edited = cli("edit", ident, "--symptom", "eye strain", "--symptom", "fatigue")
    assert edited.code == 0 and "with fatigue, eye strain" in edited.out, edited


def test_storage_accepts_only_built_in_or_own_symptoms(journal: Journal) -> None:
    started = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    ep = Episode(
        new_id(), started, "UTC", date(2026, 3, 1), "calf", symptoms=frozenset({"eye_strain"})
    )
    with pytest.raises(ValidationError, match="symptom 'eye strain' is not known"):
        repo.add_episode(journal, ep)
    custom.add_symptom(journal, custom_symptom("eye strain"))
    stored = repo.add_episode(journal, ep)
    assert repo.get_episode(journal, ep.id).symptoms == {"eye_strain"} == stored.symptoms
    # a word that merely contains another's is not counted as it
    custom.add_symptom(journal, custom_symptom("eye strain left"))
    assert custom.symptom_use(journal) == {"eye_strain": 1, "eye_strain_left": 0}
    both = Episode(
        new_id(),
        started,
        "UTC",
        date(2026, 3, 1),
        "calf",
        symptoms=frozenset({Symptom.PAIN, "eye_strain_left"}),
    )
    assert repo.add_episode(journal, both).symptoms == {"pain", "eye_strain_left"}


def test_own_symptoms_export_and_import_losslessly_into_a_journal_without_them(
    cli: CliRunner, tmp_path: Path
) -> None:
    assert cli("symptom", "add", "eye strain").code == 0
    assert cli("symptom", "add", "jaw ache").code == 0  # defined, named by no episode
    assert cli("log", "calf", "--symptom", "eye strain", "--symptom", "pain").code == 0
    folder, json_file = tmp_path / "csv", tmp_path / "all.json"
    exported = cli("export", "--out", str(folder))
    assert exported.code == 0 and "2 own symptoms" in exported.out, exported
    assert (folder / "symptoms.csv").read_bytes() == b"symptom\r\neye strain\r\njaw ache\r\n"
    assert ",eye_strain;pain," in (folder / "episodes.csv").read_text()
    assert cli("export", "--format", "json", "--out", str(json_file)).code == 0
    document = json.loads(json_file.read_text())
    assert document["symptoms"] == ["eye strain", "jaw ache"]
    assert document["episodes"][0]["symptoms"] == ["eye_strain", "pain"]
    for source in (folder, json_file):
        other = tmp_path / f"other-{source.name}.sqlite3"
        dry = cli("--db", str(other), "import", str(source))
        assert dry.code == 0 and "Would add the symptom eye strain" in dry.out, dry
        assert "Would add the symptom jaw ache" in dry.out
        assert cli("--db", str(other), "symptom", "list").out.count("(") == 0  # nothing written
        done = cli("--db", str(other), "import", str(source), "--apply")
        assert done.code == 0 and "Added the symptom jaw ache" in done.out, done
        assert "with pain, eye strain" in cli("--db", str(other), "list").out
        listed = cli("--db", str(other), "symptom", "list").out
        assert "eye strain (1 episode)" in listed and "jaw ache (0 episodes)" in listed
        again = tmp_path / f"again-{source.name}"
        assert cli("--db", str(other), "export", "--format", "json", "--out", str(again)).code == 0
        document_again = json.loads(again.read_text())
        assert document_again["episodes"] == document["episodes"]
        assert document_again["symptoms"] == document["symptoms"]
    alone = cli("--db", str(tmp_path / "third.sqlite3"), "import", str(folder / "episodes.csv"))
    assert alone.code == 65 and "episodes.csv row 2: symptoms must be one of" in alone.err
    assert "or an own symptom listed in symptoms.csv" in alone.err


def test_a10_rename_fixes_a_misspelt_symptom_and_its_episodes_follow(
    cli: CliRunner, db: Path
) -> None:
    """A symptom added with a typo and already logged could neither be deleted (it is named)
    nor fixed: ``symptom rename`` moves every episode naming it to the new name, moves each
    one's change marker on (so an open edit sees the change), and keeps the other symptoms."""
    import sqlite3

    assert cli("symptom", "add", "eye strian").code == 0
    first = cli("log", "calf", "--symptom", "eye strian", "--symptom", "pain")
    second = cli("log", "eyelid", "--symptom", "eye strian")
    other = cli("log", "thigh", "--symptom", "pain")
    assert first.code == second.code == other.code == 0
    before = dict(sqlite3.connect(db).execute("SELECT id, revision FROM episodes").fetchall())
    renamed = cli("symptom", "rename", "eye strian", "Eye Strain")
    assert renamed.code == 0 and renamed.out == "Renamed eye strian to eye strain (2 episodes).\n"
    assert cli("symptom", "list").out.splitlines()[1:] == ["eye strain (2 episodes)"]
    rows = sqlite3.connect(db).execute("SELECT id, symptoms, revision FROM episodes").fetchall()
    assert sorted(r[1] for r in rows) == ["eye_strain", "eye_strain;pain", "pain"]
    moved = {r[0] for r in rows if r[2] == before[r[0]] + 1}
    assert moved == {r[0] for r in rows if "eye_strain" in r[1]}
    assert "with pain, eye strain" in cli("list").out
    assert cli("log", "calf", "--symptom", "eye strian").code == 2  # the old name is gone


def test_a10_rename_refuses_unknown_taken_built_in_and_bad_names(cli: CliRunner, db: Path) -> None:
    import sqlite3

    assert cli("symptom", "add", "eye strain").code == 0
    assert cli("symptom", "add", "itching").code == 0
    assert cli("log", "calf", "--symptom", "itching").code == 0
    snapshot = sqlite3.connect(db).execute("SELECT * FROM episodes").fetchall()
    cases = {
        ("nope", "other"): "'nope' is not one of your symptoms (see: symptom list)",
        ("itching", "eye strain"): "eye strain is already one of your symptoms",
        ("itching", "Itching"): "itching has that name already",
        ("itching", "pain"): "pain is one of the built-in symptoms already",
        ("itching", "a;b"): "symptom name must start with a letter",
        ("pain", "ache"): "'pain' is not one of your symptoms (see: symptom list)",
    }
    for (old, new), said in cases.items():
        r = cli("symptom", "rename", old, new)
        assert r.code == 2 and said in r.err and len(r.err.strip().splitlines()) == 1, r
    assert sqlite3.connect(db).execute("SELECT * FROM episodes").fetchall() == snapshot
    assert cli("symptom", "list").out.splitlines()[1:] == [
        "eye strain (0 episodes)",
        "itching (1 episode)",
    ]
