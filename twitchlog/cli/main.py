"""The one exit point: runs the typer app and turns every error into one line and an exit code.

| code | meaning |
|---|---|
| 0 | ok (also "no" to a question: nothing changed) |
| 2 | bad usage or value (an option, an id, a path's shape, no answer to a question) |
| 65 | bad data: a malformed import file, a damaged or too-new journal |
| 74 | the disk is full or a place cannot be written (read-only, no permission); nothing written |
| 75 | the journal is busy (another process holds its lock); try again |
| 70 | a bug: the details go to a private crash log that records where it happened, never the |
|    | values, so no note or other health data ends up in it |
| 130 | interrupted (Ctrl-C), nothing changed |

No condition a person can cause ends in 1 or 70. A daily backup that failed is said once a day
on stderr as ``twitchlog: warning: ...`` and does not change the code.
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

    import typer

# The errors, the crash log, typer and even ``typing`` are imported where they are needed, not
# here: ``status`` runs on every shell prompt and costs little more than starting Python
# (see _quick_status and cli/prompt.py).

EX_OK = 0
EX_USAGE = 2
EX_DATAERR = 65
EX_SOFTWARE = 70
EX_IOERR = 74
EX_TEMPFAIL = 75
EX_INTERRUPTED = 130

#: OSError numbers caused by the shape of a path the person named: a usage error (exit 2).
_PATH_ERRNOS = {
    errno.ENAMETOOLONG,
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.ELOOP,
    errno.EEXIST,
    errno.EINVAL,
    errno.ENXIO,
}


def fail(message: str, code: int) -> int:
    """Print ``twitchlog: message`` on stderr (one line) and return ``code``."""
    import typer  # not at the top: ``status`` runs without it (see :func:`_quick_status`)

    line = " ".join(message.split())
    typer.echo(f"twitchlog: {line}", err=True)
    return code


def _is_click_error(exc: Exception) -> bool:
    """True for click's ClickException family (typer ships its own copy of click)."""
    return any(c.__name__ == "ClickException" for c in type(exc).__mro__) and hasattr(
        exc, "format_message"
    )


def hoist_global_options(argv: list[str]) -> list[str]:
    """``argv`` with ``--db FILE``, ``--db=FILE`` and ``--demo`` moved before the command, so
    ``twitchlog log eyelid --db x.db`` works like ``twitchlog --db x.db log eyelid``.

    Nothing after ``--`` moves (there a word is always a value), and a command's own options
    keep their order. A value that is itself ``--db`` or ``--demo`` (a note with that text)
    must be written after ``--`` or as ``--note=--demo``.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--db" and i + 1 < len(argv):
            front.extend(argv[i : i + 2])
            i += 2
            continue
        if arg == "--demo" or arg.startswith("--db="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _is_quick_log(argv: list[str]) -> bool:
    """``log`` after only ``--db``/``--demo``, and no help asked for: the one-command app."""
    args = _after_global_options(argv)
    return bool(args) and args[0] == "log" and not {"-h", "--help"} & set(args)


def _is_export(argv: list[str]) -> bool:
    """``export`` after only ``--db``/``--demo``: its one-command app (help included: it is
    the full app's, ``tests/cli/test_i17_export_speed.py``)."""
    args = _after_global_options(argv)
    return bool(args) and args[0] == "export"


def _is_import(argv: list[str]) -> bool:
    """``import`` after only ``--db``/``--demo``: its one-command app, as ``export``'s
    (``tests/cli/test_i17_import_app.py``)."""
    args = _after_global_options(argv)
    return bool(args) and args[0] == "import"


def _after_global_options(argv: list[str]) -> list[str]:
    args = list(argv)
    while args and (args[0] in ("--db", "--demo") or args[0].startswith("--db=")):
        del args[: 2 if args[0] == "--db" else 1]
    return args


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (files it creates are private whatever the umask)."""
    args = hoist_global_options(sys.argv[1:] if argv is None else argv)
    status = _quick_status(args)  # reads only; before ``paths`` (platformdirs) is imported
    if status is not None:
        return status
    from twitchlog.paths import private_process

    with private_process():
        opened = _open_app(args)  # no command: the app, without building typer's
        return _run(args) if opened is None else opened


def _run(args: list[str]) -> int:
    # numpy's OpenBLAS starts one busy-waiting thread per core. The analysis multiplies small
    # matrices (at most ~7,300 x 130), and on a busy 2-core machine two threads made a 20-year
    # analysis 10 times slower (docs/performance.md). One thread, unless the person sets it.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    code = _quick_export(args) if _is_export(args) else None
    if code is None:
        if _is_export(args):  # without importing the other commands' modules (cli/root.py)
            from twitchlog.cli.cmd_files import export
            from twitchlog.cli.root import one_command_app

            chosen = one_command_app("export", export)
        elif _is_import(args):  # the same for import (typer's full app: 0.1-0.2 s of it)
            from twitchlog.cli.cmd_files import import_files
            from twitchlog.cli.root import one_command_app

            chosen = one_command_app("import", import_files)
        elif _is_quick_log(args):  # a twitch logged as it happens: only log's modules
            from twitchlog.cli.cmd_episodes import log
            from twitchlog.cli.root import one_command_app

            chosen = one_command_app("log", log)
        else:
            from twitchlog.cli.app import app

            chosen = app
        code = _dispatch(chosen, args)
    _say_backup_warnings()
    return code


def _quick_export(args: list[str]) -> int | None:
    """``export`` in its plain form without typer (``cli/exporting.quick_export``); None when
    the typer app must run it. Errors end as :func:`_dispatch` ends them."""
    from twitchlog.cli.exporting import quick_export

    try:
        return quick_export(args)
    except KeyboardInterrupt:
        return fail("interrupted, nothing changed", EX_INTERRUPTED)
    except BrokenPipeError:
        return EX_OK
    except Exception as exc:
        return _exit_for(exc)


def _quick_status(args: list[str]) -> int | None:
    """``status`` after at most ``--db FILE``: its line without importing typer or building
    the app (a shell prompt runs it every time; typer alone costs more than the rest). None
    for anything else, which goes through the app as usual."""
    db: str | None = None
    rest = list(args)
    if rest[:1] == ["--db"] and len(rest) > 2:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if rest != ["status"] or db == "":
        return None
    from twitchlog.cli.prompt import quick_line

    try:
        quick = quick_line(db)
        if quick is None:  # anything unusual: the full way finds it and says what is wrong
            from pathlib import Path

            from twitchlog.cli.context import resolve_env
            from twitchlog.cli.prompt import status_line

            env = resolve_env(Path(db) if db is not None else None, False)
            warnings = (env.settings.zone_warning, *env.settings.key_warnings)
            quick = status_line(env), [w for w in warnings if w]
        line, warnings_said = quick
        for warning in warnings_said:
            print(f"twitchlog: warning: {warning}", file=sys.stderr)
        print(line)
    except BrokenPipeError:
        return EX_OK
    except Exception as exc:
        from twitchlog.paths import private_process

        with private_process():  # a crash log is private whatever the umask
            return _exit_for(exc)
    return EX_OK


def _open_app(args: list[str]) -> int | None:
    """``twitchlog`` alone or with ``--db FILE``: the app, without importing typer or building
    the 47 commands' app (~0.1 s before the first frame, docs/performance.md). None for
    anything else (a command, ``--demo``, ``--help``, ``--version``, an odd value), which goes
    through the typer app; what is said and the exit codes are the same either way."""
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        db: str | None = args[1]
    elif len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        db = args[0].removeprefix("--db=")
    elif not args:
        db = None
    else:
        return None
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):  # as _run: Trends runs numpy
        os.environ.setdefault(var, "1")
    from pathlib import Path

    from twitchlog.cli.context import resolve_env
    from twitchlog.crashlog import CrashLogged

    code = EX_OK
    try:
        env = resolve_env(Path(db) if db is not None else None, False)
        for warning in (env.settings.zone_warning, *env.settings.key_warnings):
            if warning:  # as the typer app's root says them
                print(f"twitchlog: warning: {warning}", file=sys.stderr)
        from twitchlog.tui import run_tui

        run_tui(env)
    except CrashLogged:  # the app has already said it stopped, and where its crash log is
        code = EX_SOFTWARE
    except (EOFError, KeyboardInterrupt) as exc:  # as click: a new line, then its Abort
        print(file=sys.stderr)
        code = _aborted(exc)
    except BrokenPipeError:
        pass
    except Exception as exc:
        code = _exit_for(exc)
    _say_backup_warnings()
    return code


def detached(work: Callable[[], object]) -> bool:
    """Run ``work`` in a forked child process and return True at once (in the parent); False
    when there is no ``fork`` or it failed, and the caller does the work itself.

    The child is in its own session with stdin, stdout and stderr on /dev/null (nobody waits
    for its output, and closing the terminal does not stop it) and ends with exit 0 whatever
    ``work`` does: it has no one to tell. Used for the day's check and backup after the first
    quick log of a day (``cmd_episodes.daily_housekeeping``).
    """
    import contextlib

    if not hasattr(os, "fork"):
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid:
        return True
    try:
        with contextlib.suppress(OSError):
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
        work()
    finally:
        os._exit(EX_OK)


def _dispatch(chosen: typer.Typer, argv: list[str] | None) -> int:
    """Run ``chosen`` and map what it raised to one line and an exit code."""
    import typer

    from twitchlog.cli.errors import Declined, FoundDamaged
    from twitchlog.crashlog import CrashLogged

    try:
        result = chosen(args=argv, prog_name="twitchlog", standalone_mode=False)
    except Declined as exc:  # "no" to a question: a choice, not a failure
        typer.echo(str(exc))
        return EX_OK
    except FoundDamaged:  # check has printed what it found and how to recover
        return EX_DATAERR
    except CrashLogged:  # the app has already said it stopped, and where its crash log is
        return EX_SOFTWARE
    except typer.Abort as exc:
        return _aborted(exc)
    except KeyboardInterrupt:
        return fail("interrupted, nothing changed", EX_INTERRUPTED)
    except BrokenPipeError:
        return EX_OK
    except Exception as exc:
        return _exit_for(exc)
    return result if isinstance(result, int) else EX_OK


def _known_errors() -> tuple[tuple[type[Exception], int], ...]:
    """Errors a person can cause and their exit codes; the first matching row wins (NotFound,
    JournalBusy and JournalUnwritable are journal errors too)."""
    from twitchlog.cli.errors import DataError
    from twitchlog.domain.errors import ValidationError
    from twitchlog.storage.errors import JournalBusy, JournalError, JournalUnwritable, NotFound

    return (
        (ValidationError, EX_USAGE),
        (NotFound, EX_USAGE),
        (DataError, EX_DATAERR),
        (JournalBusy, EX_TEMPFAIL),
        (JournalUnwritable, EX_IOERR),
        (JournalError, EX_DATAERR),  # damaged, too new, not a journal, a bad backup, any other
    )


def _exit_for(exc: Exception) -> int:
    """One line and the exit code for an error that no command handled itself."""
    from twitchlog.domain.errors import ValidationError

    for kind, code in _known_errors():
        if isinstance(exc, kind):
            return fail(exc.message if isinstance(exc, ValidationError) else str(exc), code)
    if isinstance(exc, OSError):
        return _os_error(exc)
    if _is_click_error(exc):
        return _click_error(exc)
    if type(exc).__name__ == "Abort":  # typer's vendored click has its own Abort
        return _aborted(exc)
    return _unexpected(exc)


def _click_error(exc: Exception) -> int:
    """typer's (vendored) click: bad option values, unknown commands, missing arguments."""
    from twitchlog.cli.format import number_option_message

    code = int(exc.exit_code)  # type: ignore[attr-defined]
    message = number_option_message(exc) or exc.format_message()  # type: ignore[attr-defined]
    return fail(message, EX_USAGE if code == 1 else code)


def _unexpected(exc: Exception) -> int:
    """A full or read-only place SQLite reports is 74; anything else is a bug: crash log, 70."""
    from twitchlog.crashlog import write_crash_log
    from twitchlog.storage.connection import unwritable_reason

    reason = unwritable_reason(exc)
    if reason is not None:  # SQLite's "database or disk is full", "readonly database"
        return fail(f"cannot write: {reason}", EX_IOERR)
    where = write_crash_log(exc)
    return fail(f"unexpected error ({type(exc).__name__}); details in {where}", EX_SOFTWARE)


def _aborted(exc: BaseException) -> int:
    """click's Abort: Ctrl-C at a question (130), or the input ended before an answer (2)."""
    if isinstance(exc, EOFError) or isinstance(exc.__context__, EOFError):
        return fail("no answer to the question (input ended), nothing changed; add --yes", EX_USAGE)
    return fail("cancelled, nothing changed", EX_INTERRUPTED)


def _os_error(exc: OSError) -> int:
    """A full or unwritable place is 74; a path the person named that cannot be used is 2."""
    from twitchlog.storage.connection import unwritable_reason

    place = f" {exc.filename}" if exc.filename else ""
    reason = unwritable_reason(exc)
    if reason is not None:
        return fail(f"cannot write to{place}: {reason}", EX_IOERR)
    why = exc.strerror or type(exc).__name__
    if exc.errno in _PATH_ERRNOS:
        return fail(f"cannot use file{place}: {why}", EX_USAGE)
    return fail(f"cannot use file{place}: {why}", EX_IOERR)


def _say_backup_warnings() -> None:
    """One line for each daily backup that failed in this process (said once a day)."""
    opening = sys.modules.get("twitchlog.storage.opening")
    if opening is None:  # this command never opened a journal
        return
    lines = opening.take_backup_warnings()
    if not lines:
        return
    import typer  # only to say them: a quick export runs without typer

    for line in lines:
        typer.echo(f"twitchlog: warning: {line}", err=True)


def main() -> None:
    """Console-script entry point."""
    code = run(sys.argv[1:])
    sys.stdout.flush()
    sys.exit(code)
