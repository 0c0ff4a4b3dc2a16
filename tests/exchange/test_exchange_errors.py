"""Every bad input gives one ImportFormatError naming file, row and field, on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange.exchange_samples import NOW
from twitchlog.exchange import ImportFormatError, read_import

EP = "started_at,site,intensity,duration_s,side,timezone,local_date,symptoms,visible,note\n"
GOOD = "2026-05-01 08:00,eyelid,3,30,left,Europe/Berlin,,,,"


def _episode_row(**cells: str) -> str:
    names = EP.strip().split(",")
    values = dict(zip(names, GOOD.split(","), strict=True))
    values.update(cells)
    return EP + ",".join(values[n] for n in names) + "\n"


def _error(tmp_path: Path, name: str, text: str | bytes) -> ImportFormatError:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(ImportFormatError) as err:
        read_import([path], "Europe/Berlin", NOW)
    message = str(err.value)
    assert "\n" not in message and "\r" not in message
    assert len(message) <= 300
    return err.value


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"intensity": "12"}, "intensity must be 1-10, for example 4 (got 12)"),
        ({"intensity": "0"}, "intensity must be 1-10, for example 4 (got 0)"),
        ({"intensity": "2.5"}, "intensity must be a whole number 1-10, for example 4 (got 2.5)"),
        ({"intensity": "nan"}, "intensity must be a number (got 'nan')"),
        ({"intensity": "1_0"}, "intensity must be a number (got '1_0')"),
        ({"duration_s": "inf"}, "duration_s must be a number (got 'inf')"),
        ({"duration_s": "1e999"}, "duration must be 1-86400 seconds, for example 30 (got inf)"),
        ({"duration_s": "-5"}, "duration must be 1-86400 seconds, for example 30 (got -5)"),
        ({"duration_s": "86401"}, "duration must be 1-86400 seconds, for example 30 (got 86401)"),
        ({"side": "up"}, "side must be left, right or both, for example left (got 'up')"),
        ({"timezone": "Mars/Base"}, "timezone must be an IANA name such as Europe/Berlin"),
        ({"symptoms": "pain;itchy"}, "symptoms must be one of weakness, numbness, tingling"),
        ({"visible": "maybe"}, "visible must be yes, no or empty (got 'maybe')"),
        ({"local_date": "2026-13-01"}, "local_date must be a date YYYY-MM-DD (got '2026-13-01')"),
        ({"local_date": "2026-04-20"}, "local_date must be within a day of started_at's local"),
        ({"started_at": "yesterday"}, "started_at must be a date-time such as 2026-03-01T14:05"),
        ({"started_at": "0001-01-01T00:00:00+14:00"}, "started_at must be a date-time such as"),
        ({"started_at": "9999-12-31T23:59:59-12:00"}, "started_at must be a date-time such as"),
        ({"started_at": ""}, "started_at must be a date-time such as 2026-03-01T14:05:00+01:00"),
        ({"started_at": "2026-03-29 02:30"}, "started_at 2026-03-29 02:30 does not exist in Euro"),
        ({"started_at": "2027-01-01T00:00:00+00:00"}, "time must not be more than 5 minutes in"),
        ({"site": "elbo"}, "site 'elbo' is not known; use one of: eyelid, eyebrow"),
        ({"site": "x" * 10_000}, "site must be at most 100 characters (got 10,000)"),
        ({"note": "x" * 10_001}, "note must be at most 10,000 characters (got 10,001)"),
        ({"note": "a\x00b"}, "note must not contain control characters"),
    ],
)
def test_bad_episode_cells_name_file_row_and_field(
    tmp_path: Path, cells: dict[str, str], expected: str
) -> None:
    error = _error(tmp_path, "episodes.csv", _episode_row(**cells))

    assert str(error).startswith(f"episodes.csv row 2: {expected}")
    assert error.file == "episodes.csv" and error.row == 2


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "days.csv",
            "date,checked_in,caffeine_mg\n2026-05-01,yes,-5\n",
            " row 2: caffeine must be 0-2000 mg, for example 200 (got -5)",
        ),
        (
            "days.csv",
            "date,checked_in,caffeine_mg\n2026-05-01,yes,1e999\n",
            " row 2: caffeine must be 0-2000 mg, for example 200 (got inf)",
        ),
        (
            "days.csv",
            "date,checked_in,sleep_quality\n2026-05-01,yes,2.5\n",
            " row 2: sleep quality must be a whole number 1-5, for example 4 (got 2.5)",
        ),
        (
            "days.csv",
            "date,checked_in\n2026-05-01,maybe\n",
            " row 2: checked_in must be yes, no or empty (got 'maybe')",
        ),
        (
            "days.csv",
            "date,checked_in\n2027-05-01,yes\n",
            " row 2: date must be today or earlier (got 2027-05-01)",
        ),
        (
            "days.csv",
            "date,checked_in\n01.05.2026,yes\n",
            " row 2: date must be a date YYYY-MM-DD (got '01.05.2026')",
        ),
        (
            "days.csv",
            "date,checked_in\n,yes\n",
            " row 2: date must be a date YYYY-MM-DD (got nothing)",
        ),
        (
            "m.csv",
            "name,start,stop\nMg,2026-05-01,2026-04-01\n",
            " row 2: stop must be on or after the start 2026-05-01 (got 2026-04-01)",
        ),
        ("m.csv", "name,start,kind\n ,2026-05-01,\n", " row 2: name must not be empty"),
        (
            "m.csv",
            "name,start,kind\nMg,2026-05-01,pill\n",
            " row 2: kind must be one of medicine, supplement (got 'pill')",
        ),
        (
            "n.csv",
            "date,kind,topic\n2026-05-01,,EMG\n",
            " row 2: kind must be one of test, visit, flag (got nothing)",
        ),
        (
            "n.csv",
            "date,kind,topic\n2026-05-01,flag,sneezing\n",
            " row 2: red flag must be one of weakness, muscle wasting",
        ),
        (
            "e.csv",
            "started_at,site\n2026-05-01 08:00,eyelid,extra\n",
            " row 2: has 3 cells, the header has 2",
        ),
        (
            "e.csv",
            'started_at,site\n2026-05-01 08:00,"eyelid\n',
            " row 2: not valid CSV (unexpected end of data)",
        ),
        ("e.csv", 'started_at,site\n2026-05-01 08:00,"eye"lid\n', " row 2: not valid CSV"),
        (
            "e.csv",
            "started_at,site,colour\n",
            " row 1: unknown column 'colour' in episodes.csv; allowed: id,",
        ),
        ("e.csv", "started_at,site,site\n", " row 1: column 'site' appears twice"),
        ("e.csv", "hello,world\n1,2\n", " row 1: header not recognised; expected the columns of"),
        ("e.csv", "", ": the file is empty (no header row)"),
        ("e.csv", "\n\n", ": the file is empty (no header row)"),
        ("e.csv", b"\xff\xfe\x00garbage", ": not UTF-8 text (byte 0xff at offset 0)"),
        ("e.json", "{not json", ": not valid JSON"),
        (
            "e.json",
            '{"format": "other/2"}',
            ": not a twitchlog export (format must be 'twitchlog/1')",
        ),
        ("e.json", "[1, 2]", ": not a twitchlog export"),
        ("e.json", '{"format": "twitchlog/1", "episodes": {}}', ": episodes must be a list"),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [3]}',
            " days item 1: each of days must be an object",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "stress": NaN}]}',
            ": not valid JSON (NaN is not a number JSON allows)",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "stress": 1e999}]}',
            " days item 1: stress must be 0-10, for example 3 (got inf)",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "stress": "3"}]}',
            " days item 1: stress must be a number or null",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "checked_in": 1}]}',
            " days item 1: checked_in must be true, false or null",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "drinks": {"beer": 1}}]}',
            " days item 1: drink must be one of coffee, espresso, tea, cola, energy (got 'beer')",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "drinks": {"tea": 99}}]}',
            " days item 1: tea must be 0-50 cups, for example 2 (got 99)",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "mood": 3}]}',
            " days item 1: unknown field 'mood'",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "episodes": [{"site": "eyelid", "started_at": 5}]}',
            " episodes item 1: started_at must be text",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "episodes": [{"site": "eyelid", '
            '"started_at": "2026-05-01T08:00:00Z", "symptoms": "pain"}]}',
            " episodes item 1: symptoms must be a list of texts",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "episodes": [{"site": "eyelid", '
            '"started_at": "2026-05-01T08:00:00Z", "recorded_at": "soon"}]}',
            " episodes item 1: recorded_at must be a date-time such as",
        ),
        (
            "e.json",
            '{"format": "twitchlog/1", "episodes": [{"site": "eyelid", '
            '"started_at": "2026-05-01T08:00:00Z", "recorded_at": 5}]}',
            " episodes item 1: recorded_at must be text",
        ),
        (  # the row's own fields are said before recorded_at
            "e.json",
            '{"format": "twitchlog/1", "episodes": [{"site": "nowhere", '
            '"started_at": "2026-05-01T08:00:00Z", "recorded_at": "soon"}]}',
            " episodes item 1: site 'nowhere' is not known",
        ),
        ("e.json", "[" * 100_000, ": not valid JSON"),
        (
            "e.json",
            '{"format": "twitchlog/1", "days": [{"date": "2026-05-01", "stress": '
            + "9" * 5000
            + "}]}",
            ": not valid JSON",
        ),
    ],
)
def test_bad_files_give_one_line_errors(
    tmp_path: Path, name: str, text: str | bytes, expected: str
) -> None:
    error = _error(tmp_path, name, text)

    assert str(error).startswith(name + expected), str(error)


def test_a_huge_note_is_never_echoed(tmp_path: Path) -> None:
    secret = "my private words " * 1000
    error = _error(tmp_path, "episodes.csv", _episode_row(intensity="99", note=secret))

    assert "private" not in str(error)


def test_a_missing_path_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"^nope.csv: no such file or folder$"):
        read_import([tmp_path / "nope.csv"], "Europe/Berlin", NOW)


def test_an_empty_folder_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"the folder holds none of episodes.csv"):
        read_import([tmp_path], "Europe/Berlin", NOW)


def test_an_unknown_default_zone_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"^timezone must be an IANA name"):
        read_import([tmp_path], "Nowhere/Land", NOW)
