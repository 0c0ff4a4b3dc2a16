"""Schema migrations keyed on ``PRAGMA user_version`` (standard library ``sqlite3`` only).

Each step and its version bump run in one ``BEGIN IMMEDIATE`` transaction, so a failure leaves
the file's schema, version and data exactly as they were; a new file (version 0) takes every
step in one transaction. Foreign-key enforcement is switched off around a step (outside the
transaction, as SQLite requires) so a table rebuild can never fire a cascade, and
``PRAGMA foreign_key_check`` must come back empty before the commit.
The caller takes a verified backup before calling :func:`migrate` on an existing journal.

The DDL here is frozen history: never edit a released step, add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK
from twitchlog.domain.sites import SITES
from twitchlog.domain.validation import MAX_NOTE_CHARS, RANGES


def _between(column: str, key: str | None = None) -> str:
    low, high, _unit, _whole = RANGES[key or column]
    return f"CHECK ({column} BETWEEN {low:g} AND {high:g})"


def _in(column: str, values: Sequence[str]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"CHECK ({column} IN ({quoted}))"


_DATE_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
_INSTANT_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"

V1_SQL = f"""
CREATE TABLE episodes (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    started_at TEXT NOT NULL CHECK (started_at GLOB {_INSTANT_GLOB}),
    timezone TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    local_date TEXT NOT NULL CHECK (local_date GLOB {_DATE_GLOB}),
    site TEXT NOT NULL {_in("site", SITES)},
    side TEXT {_in("side", ("left", "right", "both"))},
    kind TEXT NOT NULL {_in("kind", ("twitch", "cramp", "spasm"))},
    duration_s INTEGER {_between("duration_s")},
    intensity INTEGER {_between("intensity")},
    context TEXT {_in("context", ("rest", "activity", "after_exercise"))},
    visible INTEGER CHECK (visible IN (0, 1)),
    symptoms TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= {MAX_NOTE_CHARS}),
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB {_INSTANT_GLOB})
) STRICT;
CREATE INDEX ix_episodes_local_date ON episodes (local_date);
CREATE INDEX ix_episodes_started_at ON episodes (started_at);
CREATE TABLE day_logs (
    day TEXT NOT NULL PRIMARY KEY CHECK (day GLOB {_DATE_GLOB}),
    checked_in INTEGER NOT NULL DEFAULT 0 CHECK (checked_in IN (0, 1)),
    caffeine_mg REAL {_between("caffeine_mg")},
    sleep_h REAL {_between("sleep_h")},
    sleep_quality INTEGER {_between("sleep_quality")},
    stress INTEGER {_between("stress")},
    cigarettes INTEGER {_between("cigarettes")},
    exercise_min INTEGER {_between("exercise_min")},
    alcohol_drinks REAL {_between("alcohol_drinks")},
    water_l REAL {_between("water_l")},
    screen_h REAL {_between("screen_h")},
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= {MAX_NOTE_CHARS}),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB {_INSTANT_GLOB})
) STRICT;
CREATE TABLE medications (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    dose TEXT NOT NULL DEFAULT '' CHECK (length(dose) <= 200),
    kind TEXT NOT NULL {_in("kind", ("medicine", "supplement"))},
    start TEXT NOT NULL CHECK (start GLOB {_DATE_GLOB}),
    stop TEXT CHECK (stop GLOB {_DATE_GLOB}),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= {MAX_NOTE_CHARS}),
    CHECK (stop IS NULL OR stop >= start)
) STRICT;
CREATE TABLE health_notes (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    day TEXT NOT NULL CHECK (day GLOB {_DATE_GLOB}),
    kind TEXT NOT NULL {_in("kind", ("test", "visit", "flag"))},
    topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
    text TEXT NOT NULL DEFAULT '' CHECK (length(text) <= {MAX_NOTE_CHARS})
) STRICT;
CREATE INDEX ix_health_notes_day ON health_notes (day);
"""

# Version 2 keeps the drink counts a day's caffeine came from (coffee, espresso, ...), as a
# JSON object; existing days get "{}" (no drinks recorded), never invented counts.
_DRINK_NAMES = ", ".join(f"'{d}'" for d in CAFFEINE_MG_PER_DRINK)
V2_SQL = f"""
ALTER TABLE day_logs ADD COLUMN drinks TEXT NOT NULL DEFAULT '{{}}'
    CHECK (json_valid(drinks) AND json_type(drinks) = 'object');
CREATE TRIGGER day_logs_drinks_known BEFORE INSERT ON day_logs
WHEN EXISTS (SELECT 1 FROM json_each(NEW.drinks) WHERE key NOT IN ({_DRINK_NAMES})
             OR type <> 'integer' OR value < 0 OR value > 50)
BEGIN SELECT RAISE(ABORT, 'drinks must be known drinks with 0-50 each'); END;
CREATE TRIGGER day_logs_drinks_known_update BEFORE UPDATE OF drinks ON day_logs
WHEN EXISTS (SELECT 1 FROM json_each(NEW.drinks) WHERE key NOT IN ({_DRINK_NAMES})
             OR type <> 'integer' OR value < 0 OR value > 50)
BEGIN SELECT RAISE(ABORT, 'drinks must be known drinks with 0-50 each'); END;
"""

# Version 3 gives episodes and day logs a change marker, so a form can tell whether the record
# changed since it was loaded and an import whether the file's copy is newer: ``revision``
# (1 for every existing record, one more on every write) on both, and ``updated_at`` on
# episodes (day logs had it from version 1). An existing episode's ``updated_at`` is the time it
# was recorded, the latest change known; the column default only satisfies SQLite's rule that
# an added NOT NULL column has one, and every writer sets the column.
V3_SQL = f"""
ALTER TABLE episodes ADD COLUMN updated_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00Z'
    CHECK (updated_at GLOB {_INSTANT_GLOB});
UPDATE episodes SET updated_at = recorded_at;
ALTER TABLE episodes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
ALTER TABLE day_logs ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
"""

# Experiments (issue 16): a randomized self-experiment's plan and its schedule, one row per day,
# drawn once and stored in the same transaction as the plan, before its first day. Triggers
# keep them as drawn: a schedule row can never be changed or deleted, and no row can be added
# once the schedule is complete (so nothing can be redrawn); the plan's columns and the seed
# never change, and an experiment that ended never runs again. A partial unique index allows
# one running experiment at a time.
EXPERIMENTS_SQL = f"""
CREATE TABLE experiments (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    factor TEXT NOT NULL CHECK (length(factor) BETWEEN 1 AND 200),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    test_words TEXT NOT NULL CHECK (length(test_words) BETWEEN 1 AND 200),
    usual_words TEXT NOT NULL CHECK (length(usual_words) BETWEEN 1 AND 200),
    start TEXT NOT NULL CHECK (start GLOB {_DATE_GLOB}),
    weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    block_days INTEGER NOT NULL CHECK (block_days BETWEEN 1 AND 14),
    washout_days INTEGER NOT NULL CHECK (washout_days >= 0 AND washout_days < block_days),
    seed INTEGER NOT NULL CHECK (seed >= 0),
    status TEXT NOT NULL {_in("status", ("running", "stopped", "finished"))},
    created_at TEXT NOT NULL CHECK (created_at GLOB {_INSTANT_GLOB}),
    stopped_at TEXT CHECK (stopped_at GLOB {_INSTANT_GLOB}),
    stopped_on TEXT CHECK (stopped_on GLOB {_DATE_GLOB}),
    CHECK ((status = 'stopped') = (stopped_at IS NOT NULL AND stopped_on IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX ux_experiments_one_running ON experiments (status) WHERE status = 'running';
CREATE TABLE experiment_days (
    experiment_id TEXT NOT NULL REFERENCES experiments (id),
    day TEXT NOT NULL CHECK (day GLOB {_DATE_GLOB}),
    arm TEXT NOT NULL {_in("arm", ("test", "usual"))},
    washout INTEGER NOT NULL CHECK (washout IN (0, 1)),
    PRIMARY KEY (experiment_id, day)
) STRICT;
CREATE TRIGGER experiment_days_within_plan BEFORE INSERT ON experiment_days
WHEN NOT EXISTS (SELECT 1 FROM experiments e WHERE e.id = NEW.experiment_id
                 AND NEW.day BETWEEN e.start AND date(e.start, '+' || (e.weeks * 7 - 1) || ' days'))
    OR (SELECT count(*) FROM experiment_days d WHERE d.experiment_id = NEW.experiment_id)
       >= (SELECT e.weeks * 7 FROM experiments e WHERE e.id = NEW.experiment_id)
BEGIN SELECT RAISE(ABORT, 'an experiment''s schedule is drawn once and never changed'); END;
CREATE TRIGGER experiment_days_never_change BEFORE UPDATE ON experiment_days
BEGIN SELECT RAISE(ABORT, 'an experiment''s schedule is drawn once and never changed'); END;
CREATE TRIGGER experiment_days_never_deleted BEFORE DELETE ON experiment_days
BEGIN SELECT RAISE(ABORT, 'an experiment''s schedule is drawn once and never changed'); END;
CREATE TRIGGER experiments_plan_fixed BEFORE UPDATE OF id, factor, name, test_words,
    usual_words, start, weeks, block_days, washout_days, seed, created_at ON experiments
BEGIN SELECT RAISE(ABORT, 'an experiment''s plan is fixed once it is drawn'); END;
CREATE TRIGGER experiments_end_is_final BEFORE UPDATE OF status ON experiments
WHEN OLD.status <> 'running'
BEGIN SELECT RAISE(ABORT, 'an experiment that ended does not run again'); END;
CREATE TRIGGER experiments_never_deleted BEFORE DELETE ON experiments
BEGIN SELECT RAISE(ABORT, 'an experiment is kept with its schedule'); END;
"""

# The person's own factors, places and symptoms (issue 14). ``factor_defs`` keeps each factor
# under a stable id, so a rename keeps its history; ``day_factor_values`` has one row per day
# and factor (a tag: 1 set, 0 explicitly unset), tied to its day log (deleting the day log
# deletes them) and checked against its factor's range by triggers. ``day_logs.tags_complete``
# says every tag of the day was set (an unset tag is then "no"). Episodes are rebuilt with the
# same columns so their site may also be one of ``custom_sites`` (a trigger checks it).
_BUILTIN_SITES = ", ".join(f"'{s}'" for s in SITES)
_VALUE_CHECK = """WHEN NOT EXISTS (SELECT 1 FROM factor_defs f WHERE f.id = NEW.factor_id
    AND NEW.value BETWEEN f.low AND f.high AND (f.whole = 0 OR NEW.value = round(NEW.value)))
BEGIN SELECT RAISE(ABORT, 'a factor''s value must be within its range'); END;"""
_SITE_CHECK = f"""WHEN NEW.site NOT IN ({_BUILTIN_SITES})
    AND NOT EXISTS (SELECT 1 FROM custom_sites c WHERE c.key = NEW.site)
BEGIN SELECT RAISE(ABORT, 'site must be a known place'); END;"""
CUSTOM_SQL = f"""
CREATE TABLE factor_defs (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    name_key TEXT NOT NULL UNIQUE CHECK (length(name_key) BETWEEN 1 AND 40),
    kind TEXT NOT NULL {_in("kind", ("number", "scale", "tag"))},
    unit TEXT NOT NULL DEFAULT '' CHECK (length(unit) <= 20),
    low REAL NOT NULL,
    high REAL NOT NULL,
    whole INTEGER NOT NULL CHECK (whole IN (0, 1)),
    created_on TEXT NOT NULL CHECK (created_on GLOB {_DATE_GLOB}),
    retired_on TEXT CHECK (retired_on GLOB {_DATE_GLOB}),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB {_INSTANT_GLOB}),
    CHECK (low < high AND low >= -1000000 AND high <= 1000000),
    CHECK (kind <> 'tag' OR (low = 0 AND high = 1 AND whole = 1 AND unit = '')),
    CHECK (kind <> 'scale' OR ((low = 0 AND high = 10 OR low = 1 AND high = 5) AND whole = 1))
) STRICT;
CREATE TABLE day_factor_values (
    day TEXT NOT NULL REFERENCES day_logs (day) ON DELETE CASCADE,
    factor_id TEXT NOT NULL REFERENCES factor_defs (id),
    value REAL NOT NULL,
    PRIMARY KEY (day, factor_id)
) STRICT;
CREATE INDEX ix_day_factor_values_factor ON day_factor_values (factor_id);
CREATE TRIGGER day_factor_values_in_range BEFORE INSERT ON day_factor_values
{_VALUE_CHECK}
CREATE TRIGGER day_factor_values_in_range_update BEFORE UPDATE ON day_factor_values
{_VALUE_CHECK}
ALTER TABLE day_logs ADD COLUMN tags_complete INTEGER NOT NULL DEFAULT 0
    CHECK (tags_complete IN (0, 1));
CREATE TABLE custom_sites (
    key TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),
    label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
    sided INTEGER NOT NULL CHECK (sided IN (0, 1))
) STRICT;
CREATE TABLE custom_symptoms (
    key TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),
    label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 40)
) STRICT;
CREATE TABLE episodes_v5 (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    started_at TEXT NOT NULL CHECK (started_at GLOB {_INSTANT_GLOB}),
    timezone TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    local_date TEXT NOT NULL CHECK (local_date GLOB {_DATE_GLOB}),
    site TEXT NOT NULL CHECK (length(site) BETWEEN 1 AND 40),
    side TEXT {_in("side", ("left", "right", "both"))},
    kind TEXT NOT NULL {_in("kind", ("twitch", "cramp", "spasm"))},
    duration_s INTEGER {_between("duration_s")},
    intensity INTEGER {_between("intensity")},
    context TEXT {_in("context", ("rest", "activity", "after_exercise"))},
    visible INTEGER CHECK (visible IN (0, 1)),
    symptoms TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= {MAX_NOTE_CHARS}),
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB {_INSTANT_GLOB}),
    updated_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00Z'
        CHECK (updated_at GLOB {_INSTANT_GLOB}),
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1)
) STRICT;
INSERT INTO episodes_v5 (id, started_at, timezone, local_date, site, side, kind, duration_s,
    intensity, context, visible, symptoms, note, recorded_at, updated_at, revision)
SELECT id, started_at, timezone, local_date, site, side, kind, duration_s, intensity, context,
    visible, symptoms, note, recorded_at, updated_at, revision FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes_v5 RENAME TO episodes;
CREATE INDEX ix_episodes_local_date ON episodes (local_date);
CREATE INDEX ix_episodes_started_at ON episodes (started_at);
CREATE TRIGGER episodes_site_known BEFORE INSERT ON episodes
{_SITE_CHECK}
CREATE TRIGGER episodes_site_known_update BEFORE UPDATE OF site ON episodes
{_SITE_CHECK}
"""

# A self-experiment's optional, pre-planned interim look (docs/experiments.md §3): part of
# the plan, so fixed once drawn like the rest of it (the trigger is rebuilt to cover it).
INTERIM_SQL = """
ALTER TABLE experiments ADD COLUMN interim INTEGER NOT NULL DEFAULT 0 CHECK (interim IN (0, 1));
DROP TRIGGER experiments_plan_fixed;
CREATE TRIGGER experiments_plan_fixed BEFORE UPDATE OF id, factor, name, test_words,
    usual_words, start, weeks, block_days, washout_days, seed, created_at, interim ON experiments
BEGIN SELECT RAISE(ABORT, 'an experiment''s plan is fixed once it is drawn'); END;
"""

# The test of "the same day or the day after" (docs/experiments.md §4): part of the plan, so
# fixed once drawn (the trigger is rebuilt to cover it), and only for a plan without washout
# days. Every stored plan gets 0: it was registered with the same-day test and keeps it.
DAY_AFTER_SQL = """
ALTER TABLE experiments ADD COLUMN day_after INTEGER NOT NULL DEFAULT 0
    CHECK (day_after IN (0, 1)) CHECK (day_after = 0 OR washout_days = 0);
DROP TRIGGER experiments_plan_fixed;
CREATE TRIGGER experiments_plan_fixed BEFORE UPDATE OF id, factor, name, test_words,
    usual_words, start, weeks, block_days, washout_days, seed, created_at, interim, day_after
    ON experiments
BEGIN SELECT RAISE(ABORT, 'an experiment''s plan is fixed once it is drawn'); END;
"""

Step = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Step:
    statements = [s.strip() for s in _split(sql) if s.strip()]

    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script into statements (``sqlite3.complete_statement`` keeps triggers whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf)
            buf = ""
    if buf.strip():
        out.append(buf)
    return out


#: Step ``i`` migrates from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Step, ...] = (
    _script(V1_SQL),
    _script(V2_SQL),
    _script(V3_SQL),
    _script(EXPERIMENTS_SQL),
    _script(CUSTOM_SQL),
    _script(INTERIM_SQL),
    _script(DAY_AFTER_SQL),
)

#: The schema version this twitchlog writes.
CURRENT_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new, empty file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


class MigrationFailed(Exception):
    """A step failed and was rolled back; the file is as it was before the step."""


def migrate(conn: sqlite3.Connection, steps: Sequence[Step] = MIGRATIONS) -> list[int]:
    """Apply every pending step, each in its own transaction (on a new file, all of them in
    one). Returns the versions reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    reached: list[int] = []
    fk_was_on = conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        while (version := user_version(conn)) < len(steps):
            conn.execute("BEGIN IMMEDIATE")
            # A new file (version 0) takes every step in this one transaction: it has nothing
            # to keep step by step, and one commit is one sync instead of one per step
            # (0.1 s of creating a journal). It is all there or not at all.
            last = len(steps) if version == 0 else version + 1
            try:
                if user_version(conn) != version:  # another process migrated meanwhile
                    conn.execute("ROLLBACK")
                    continue
                for step in range(version, last):
                    steps[step](conn)
                    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise MigrationFailed(f"step {step + 1} broke {len(problems)} references")
                conn.execute(f"PRAGMA user_version = {last}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            reached.extend(range(version + 1, last + 1))
    finally:
        if fk_was_on:
            conn.execute("PRAGMA foreign_keys = ON")
    return reached
