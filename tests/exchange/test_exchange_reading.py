"""Reading import files: headers in any order, BOM, folders, JSON, defaults and duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.exchange.exchange_samples import NOW, awkward_journal
from twitchlog.domain import Kind, MedKind, NoteKind, Side, Symptom
from twitchlog.exchange import ImportFormatError, JournalData, export_csv, export_json, read_import


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_columns_in_any_order_with_bom_and_crlf_are_recognised(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "whatever.txt",
        "Note,SITE,started_at,intensity,side,kind,symptoms,visible\r\n"
        'hi,calf,2026-05-01T22:00:00+02:00,7,L,Cramp," pain ; stiffness ",YES\r\n',
        bom=True,
    )
    (episode,) = read_import([path], "Europe/Berlin", NOW).episodes

    assert episode.site == "calf"
    assert episode.side is Side.LEFT
    assert episode.kind is Kind.CRAMP
    assert episode.intensity == 7
    assert episode.visible is True
    assert episode.symptoms == {Symptom.PAIN, Symptom.STIFFNESS}
    assert episode.note == "hi"
    assert episode.started_at == datetime(2026, 5, 1, 20, 0, tzinfo=UTC)


def test_missing_columns_mean_not_recorded_and_defaults_apply(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", "site,started_at\neyelid,2026-05-01 23:30\n")
    (episode,) = read_import([path], "America/New_York", NOW).episodes

    assert episode.timezone == "America/New_York"
    assert episode.started_at == datetime(2026, 5, 2, 3, 30, tzinfo=UTC)
    assert episode.local_date == date(2026, 5, 1)  # derived in the episode's own zone
    assert episode.kind is Kind.TWITCH
    assert (episode.duration_s, episode.intensity, episode.visible, episode.side) == (
        None,
        None,
        None,
        None,
    )
    assert episode.recorded_at is None


def test_local_date_from_the_file_wins_when_present(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        "started_at,site,local_date\n2026-05-02T01:30:00+02:00,eyelid,2026-05-01\n",
    )
    (episode,) = read_import([path], "Europe/Berlin", NOW).episodes

    assert episode.local_date == date(2026, 5, 1)


def test_a_dst_fold_wall_time_takes_the_first_occurrence(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", "started_at,site\n2026-10-25 02:30,eyelid\n")
    (episode,) = read_import([path], "Europe/Berlin", NOW).episodes

    assert episode.started_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_day_logs_keep_unlogged_factors_apart_from_zero(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.csv",
        "date,checked_in,caffeine_mg,sleep_h,stress\n2026-05-01,yes,0,,3\n2026-05-02,no,,,\n",
    )
    first, second = read_import([path], "Europe/Berlin", NOW).days

    assert (first.checked_in, first.caffeine_mg, first.sleep_h, first.stress) == (
        True,
        0.0,
        None,
        3,
    )
    assert isinstance(first.caffeine_mg, float) and isinstance(first.stress, int)
    assert (second.checked_in, second.caffeine_mg) == (False, None)


def test_medications_and_health_notes_are_recognised_by_header(tmp_path: Path) -> None:
    meds = _write(tmp_path / "a.csv", "start,name,dose\n2026-01-01,Magnesium,400 mg\n")
    notes = _write(tmp_path / "b.csv", "topic,kind,date,text\nEMG,test,2026-02-01,normal\n")
    batch = read_import([meds, notes], "Europe/Berlin", NOW)

    assert [(m.name, m.dose, m.kind, m.stop) for m in batch.medications] == [
        ("Magnesium", "400 mg", MedKind.MEDICINE, None)
    ]
    assert [(n.topic, n.kind, n.text) for n in batch.health_notes] == [
        ("EMG", NoteKind.TEST, "normal")
    ]
    assert batch.medications[0].id and batch.health_notes[0].id


def test_a_folder_with_only_some_files_is_read(tmp_path: Path) -> None:
    export_csv(tmp_path / "full", awkward_journal())
    folder = tmp_path / "partial"
    folder.mkdir()
    (folder / "days.csv").write_bytes((tmp_path / "full" / "days.csv").read_bytes())
    batch = read_import([folder], "Europe/Berlin", NOW)

    assert len(batch.days) == len(awkward_journal().days)
    assert batch.episodes == () and batch.medications == ()


def test_json_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    export_json(tmp_path / "backup.txt", awkward_journal())
    batch = read_import([tmp_path / "backup.txt"], "Europe/Berlin", NOW)

    assert len(batch.episodes) == len(awkward_journal().episodes)


def test_the_same_records_in_two_files_are_kept_once(tmp_path: Path) -> None:
    data = awkward_journal()
    export_csv(tmp_path / "csv", data)
    export_json(tmp_path / "all.json", data)
    batch = read_import([tmp_path / "csv", tmp_path / "all.json"], "Europe/Berlin", NOW)

    assert (
        batch.counts()
        == JournalData(data.episodes, data.days, data.medications, data.health_notes).counts()
    )


def test_a_hand_written_leading_quote_is_kept(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", "started_at,site,note\n2026-05-01 08:00,eyelid,'tis odd\n")
    (episode,) = read_import([path], "Europe/Berlin", NOW).episodes

    assert episode.note == "'tis odd"


def test_two_different_records_with_one_id_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        "id,started_at,site\nx1,2026-05-01 08:00,eyelid\n\nx1,2026-05-01 09:00,eyelid\n",
    )
    with pytest.raises(ImportFormatError) as err:
        read_import([path], "Europe/Berlin", NOW)

    assert str(err.value) == (
        "e.csv row 4: id 'x1' appears twice with different content (also e.csv row 2)"
    )


def test_two_day_logs_for_one_date_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "days.csv", "date,checked_in,stress\n2026-05-01,yes,3\n2026-05-01,yes,4\n"
    )
    with pytest.raises(ImportFormatError, match=r"^days.csv row 3: date '2026-05-01' appears"):
        read_import([path], "Europe/Berlin", NOW)


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "episodes.csv",
        'started_at,site,note\n2026-05-01 08:00,eyelid,"two\nlines"\n2026-05-01 09:00,elbo,\n',
    )
    with pytest.raises(ImportFormatError) as err:
        read_import([path], "Europe/Berlin", NOW)

    assert err.value.row == 3
    assert err.value.field == "site"
    assert str(err.value).startswith("episodes.csv row 3: site 'elbo' is not known; use one of:")
