"""A change marker (``updated_at``) far in the future was accepted by ``import``: the newer
change wins when the same entry meets again, so such a marker would win every later
comparison and hide the person's own later edits. Now refused beyond a day ahead of the clock
(a little ahead is another machine's clock, and an export's markers stay importable)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from twitchlog.cli.main import run


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a13_a_future_change_marker_is_refused_and_nothing_written(
    tmp_path: Path, capsys: object
) -> None:
    db = tmp_path / "j" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    assert run(["--db", str(db), "log", "calf"]) == 0
    episode = {
        "id": "ep-future-marker",
        "started_at": "2026-11-01T10:00:00+00:00",
        "timezone": "UTC",
        "site": "calf",
        "updated_at": "2099-01-01T00:00:00+00:00",
    }
    day = {"date": "2026-11-01", "checked_in": True, "updated_at": "2099-01-01T00:00:00Z"}
    for name, body in (("episode", {"episodes": [episode]}), ("day", {"days": [day]})):
        source = tmp_path / f"{name}.json"
        source.write_text(json.dumps({"format": "twitchlog/1", **body}))
        assert run(["--db", str(db), "import", str(source), "--apply"]) == 65, name
        err = capsys.readouterr().err  # type: ignore[attr-defined]
        assert "updated_at must not be more than a day after this computer's clock" in err, err
        assert "2099-01-01 00:00" in err and "Traceback" not in err
        assert _count(db, "episodes") == 1 and _count(db, "day_logs") == 0
    # a marker a few hours ahead (another machine's clock) is fine
    ahead = datetime.now(UTC) + timedelta(hours=3)
    episode["updated_at"] = ahead.replace(microsecond=0).isoformat()
    source = tmp_path / "ok.json"
    source.write_text(json.dumps({"format": "twitchlog/1", "episodes": [episode]}))
    assert run(["--db", str(db), "import", str(source), "--apply"]) == 0
    assert _count(db, "episodes") == 2
