"""The one exit point: runs the typer app and turns every error into one line and an exit code.

Exit codes: 0 ok, 1 other failure, 2 usage or invalid value, 65 bad data (a malformed import
file, a damaged or too-new journal), 75 journal busy, 70 an unexpected error (the details go to
a private crash log that records where it happened, never the values, so no note or other
health data ends up in it), 130 interrupted.
"""

from __future__ import annotations

import os
import sys

import typer

from twitchlog.cli.errors import DataError
from twitchlog.crashlog import CrashLogged, write_crash_log
from twitchlog.domain.errors import ValidationError
from twitchlog.storage.errors import (
    BackupInvalid,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalTooNew,
    NotFound,
)

EX_OK = 0
EX_FAIL = 1
EX_USAGE = 2
EX_DATAERR = 65
EX_SOFTWARE = 70
EX_TEMPFAIL = 75


def fail(message: str, code: int) -> int:
    """Print ``twitchlog: message`` on stderr (one line) and return ``code``."""
    line = " ".join(message.split())
    typer.echo(f"twitchlog: {line}", err=True)
    return code


def _is_click_error(exc: Exception) -> bool:
    """True for click's ClickException family (typer ships its own copy of click)."""
    return any(c.__name__ == "ClickException" for c in type(exc).__mro__) and hasattr(
        exc, "format_message"
    )


def _is_quick_log(argv: list[str]) -> bool:
    """``log`` after only ``--db``/``--demo``, and no help asked for: the one-command app."""
    args = list(argv)
    while args and (args[0] in ("--db", "--demo") or args[0].startswith("--db=")):
        del args[: 2 if args[0] == "--db" else 1]
    return bool(args) and args[0] == "log" and not {"-h", "--help"} & set(args)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    # numpy's OpenBLAS starts one busy-waiting thread per core. The analysis multiplies small
    # matrices (at most ~7,300 x 130), and on a busy 2-core machine two threads made a 20-year
    # analysis 10 times slower (docs/performance.md). One thread, unless the person sets it.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from twitchlog.cli.app import app, quick_app

    chosen = quick_app if _is_quick_log(sys.argv[1:] if argv is None else argv) else app
    try:
        result = chosen(args=argv, prog_name="twitchlog", standalone_mode=False)
    except typer.Abort:
        return fail("cancelled, nothing changed", EX_FAIL)
    except ValidationError as exc:
        return fail(exc.message, EX_USAGE)
    except NotFound as exc:
        return fail(str(exc), EX_USAGE)
    except DataError as exc:
        return fail(str(exc), EX_DATAERR)
    except JournalBusy as exc:
        return fail(str(exc), EX_TEMPFAIL)
    except (JournalCorrupt, JournalTooNew, BackupInvalid) as exc:
        return fail(str(exc), EX_DATAERR)
    except JournalError as exc:
        return fail(str(exc), EX_FAIL)
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except BrokenPipeError:
        return EX_OK
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        return fail(f"cannot use file{name}: {exc.strerror or type(exc).__name__}", EX_FAIL)
    except CrashLogged:  # the app has already said it stopped, and where its crash log is
        return EX_SOFTWARE
    except Exception as exc:
        if _is_click_error(exc):
            # typer's (vendored) click: bad option values, unknown commands, missing arguments
            return fail(exc.format_message(), int(exc.exit_code))  # type: ignore[attr-defined]
        if type(exc).__name__ == "Abort":
            return fail("cancelled, nothing changed", EX_FAIL)
        where = write_crash_log(exc)
        return fail(f"unexpected error ({type(exc).__name__}); details in {where}", EX_SOFTWARE)
    return result if isinstance(result, int) else EX_OK


def main() -> None:
    """Console-script entry point."""
    code = run(sys.argv[1:])
    sys.stdout.flush()
    sys.exit(code)
