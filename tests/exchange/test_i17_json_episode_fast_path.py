"""Issue 17: a JSON export's usual episode object is decoded without text cells
(``rows.episode_from_json``); every object gives exactly what the full way gives, the same
episode (change markers and ``recorded_at`` included) or the same refusal."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.exchange import json_format
from twitchlog.exchange.rows import ImportContext, episode_from_json
from twitchlog.exchange.tables import EPISODES

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
CTX = ImportContext("Europe/Berlin", NOW, frozenset({"behind_knee"}), frozenset({"eye_strain"}))

BASES: tuple[dict[str, Any], ...] = (
    {
        "id": "fb2c2959-674c-4e1e-883f-fa37be881112",
        "started_at": "2025-12-07T01:33:07+01:00",
        "timezone": "Europe/Berlin",
        "local_date": "2025-12-07",
        "duration_s": 159,
        "site": "calf",
        "side": "right",
        "kind": "cramp",
        "intensity": 8,
        "context": "rest",
        "visible": None,
        "symptoms": ["pain"],
        "note": "",
        "updated_at": "2026-12-01T18:44:51+00:00",
        "recorded_at": "2025-12-07T04:16:54+00:00",
    },
    {"id": "ep-2", "started_at": "2026-03-29T03:30:00+02:00", "timezone": "Europe/Berlin"},
)

#: Values tried in every field: the usual ones and the awkward ones around them.
VALUES: tuple[Any, ...] = (
    None, "", " ", "x", "ep 1", " ep-1 ", "ep-\x00", "é" * 101, 0, 1, 5, 10, 11, -1, 86401,
    10**400, 1.0, 5.5, float("inf"), True, False, [], ["pain"], ["PAIN", "eye strain"],
    ["nope"], [1], "pain", {}, "2026-03-01T14:05:00+01:00", "2026-03-01T14:05:00",
    "2026-03-29T02:30:00", "2026-10-25T02:30:00", "1899-12-31T23:00:00Z", "2999-01-01T00:00:00Z",
    "2026-12-01T20:10:00Z", "2026-03-01", "2026-03-03", "2026-W09-7", " 2026-03-01",
    "Europe/Berlin", "Mars/Base", " Europe/Berlin", "UTC", "left", "LEFT", " both ", "twitch",
    "Cramp", "rest", "after_exercise", "behind_knee", "Calf", "line\r\nbreak\r", "yes",
)  # fmt: skip


def _outcome(obj: dict[str, Any]) -> Any:
    try:
        ep = json_format._decode(EPISODES, obj, CTX)
    except ValidationError as exc:
        return ("refused", exc.field, exc.message)
    return tuple(getattr(ep, f.name) for f in dataclasses.fields(ep))


def _variants() -> list[dict[str, Any]]:
    out = [dict(b) for b in BASES]
    for base in BASES:
        for field in (*EPISODES.columns, "recorded_at"):
            for value in VALUES:
                out.append({**base, field: value})
            out.append({k: v for k, v in base.items() if k != field})
    return out


def test_i17_json_episodes_decode_as_the_full_way_does(monkeypatch: pytest.MonkeyPatch) -> None:
    variants = _variants()
    taken = sum(1 for obj in variants if episode_from_json(obj, CTX) is not None)
    fast = [_outcome(obj) for obj in variants]
    monkeypatch.setattr(json_format, "episode_from_json", lambda obj, ctx: None)
    full = [_outcome(obj) for obj in variants]
    differing = [(v, a, b) for v, a, b in zip(variants, fast, full, strict=True) if a != b]
    assert differing == []
    accepted = sum(1 for o in full if o[0] != "refused")
    assert 100 < taken <= accepted < len(variants) - 100  # accepted and refused both tried
