"""Defects found by attacking own symptoms (issue 14) as a user would: each test is named
after the defect it guards against."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.cli.conftest import CliRunner


def test_a7_symptom_add_hint_is_a_command_the_shell_accepts(cli: CliRunner) -> None:
    """``symptom add "it's bad"`` suggested ``--symptom 'it's bad'``: pasted into a shell,
    the quote is unbalanced. The suggested command must split back into the name."""
    added = cli("symptom", "add", "it's bad")
    assert added.code == 0, added.err
    command = added.out.split("Log it with: ", 1)[1].strip()
    assert shlex.split(command)[-2:] == ["--symptom", "it's bad"], command
    plain = cli("symptom", "add", "eye strain")
    assert "--symptom 'eye strain'" in plain.out  # unchanged for a name without '


def test_a7_import_reads_an_own_symptom_by_its_name_as_well_as_its_key(
    cli: CliRunner, tmp_path: Path
) -> None:
    """A hand-made episodes.csv naming ``eye strain`` (as the person writes it) was refused
    while ``Eye_Strain`` was taken; the name as written is now read as its key, as
    ``log --symptom`` does. An unknown one is still refused with one line, nothing written."""
    assert cli("symptom", "add", "eye strain").code == 0
    header = (
        "id,started_at,timezone,local_date,duration_s,site,side,kind,intensity,context,"
        "visible,symptoms,note,updated_at,recorded_at"
    )
    row = (
        "11111111-1111-4111-8111-111111111111,2026-11-01T08:00:00+00:00,UTC,2026-11-01,,calf,"
        ",twitch,,,,{},,2026-11-01T08:00:00+00:00,2026-11-01T08:00:00+00:00"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\r\n{row.format('itchy')}\r\n", encoding="utf-8")
    refused = cli("import", "--apply", str(bad))
    assert refused.code == 65 and len(refused.err.strip().splitlines()) == 1, refused
    assert "symptoms" in refused.err and "'itchy'" in refused.err
    assert "calf" not in cli("list").out
    good = tmp_path / "episodes.csv"
    good.write_text(f"{header}\r\n{row.format('Eye Strain;pain')}\r\n", encoding="utf-8")
    imported = cli("import", "--apply", str(good))
    assert imported.code == 0, imported.err
    assert "with pain, eye strain" in cli("list").out


def test_a7_a_name_typed_with_a_combining_accent_is_the_same_name(cli: CliRunner) -> None:
    """``e`` + a combining acute (as some keyboards and file names give it) was refused with
    "must start with a letter and hold only letters", though it reads as ``é``; and the
    composed and decomposed forms would have been two different symptoms."""
    decomposed = "e\u0301tourdi"
    added = cli("symptom", "add", decomposed)
    assert added.code == 0, added.err
    again = cli("symptom", "add", "\u00e9tourdi")
    assert again.code == 2 and "already one of your symptoms" in again.err
    logged = cli("log", "calf", "--symptom", decomposed)
    assert logged.code == 0 and "with \u00e9tourdi" in logged.out, logged
