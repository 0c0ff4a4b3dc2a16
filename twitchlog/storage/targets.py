"""Where an output file may go: never over the journal or its backups, over another file only
when the person said ``--force``.

``export -o``, ``report -o`` and ``backup -o`` ask :func:`check_output` for every file they
are about to write, before any work: the journal, its rollback journal (``-journal``, and
``-wal``/``-shm`` should one ever exist), the backup folder and everything in it are refused
even with ``--force``, also when the name reaches them through a symbolic or hard link.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from twitchlog.domain.errors import ValidationError
from twitchlog.storage.backup import backup_dir

_SIDE_FILES = ("-journal", "-wal", "-shm")


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def first_free(path: Path, taken: Callable[[Path], bool] = os.path.lexists) -> Path:
    """``path`` if nothing is there, else ``name-2.ext``, ``name-3.ext``, ...

    For default output names: running ``export`` or ``report`` twice on a day never needs
    ``--force`` and never replaces the earlier file. ``taken`` may also look at companion
    files (the report's PNG beside its PDF).
    """
    candidate, n = path, 2
    while taken(candidate):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def check_output(target: Path, journal: Path, *, force: bool) -> None:
    """Raise ValidationError (field ``out``) unless ``target`` may be written.

    Refused always: the journal, its side files, the backup folder and anything inside it
    (also through links). Refused without ``force``: any other existing file; a folder, a
    device, a pipe or a socket is never replaced.
    """
    _folder_must_exist(target)
    _check_file(target, journal, force=force)


def _check_file(target: Path, journal: Path, *, force: bool) -> None:
    _refuse_protected(target, journal)
    if target.is_dir():
        raise ValidationError("out", f"out {target} is a folder; give a file name")
    if target.exists() and not target.is_file():
        raise ValidationError(
            "out",
            f"out {target} is not a regular file (a device, pipe or socket); give a file name",
        )
    if not force and (target.exists() or target.is_symlink()):
        raise ValidationError(
            "out", f"out {target} already exists; add --force to replace it, or choose another name"
        )


def _folder_must_exist(target: Path) -> None:
    """ValidationError if the folder ``target`` would go into does not exist: a mistyped
    folder is never created (only the export folder itself, inside an existing one)."""
    parent = target.absolute().parent
    if not parent.is_dir():
        raise ValidationError(
            "out", f"the folder {target.parent} does not exist; create it first or check the path"
        )


def _refuse_protected(target: Path, journal: Path) -> None:
    """ValidationError if ``target`` is the journal, a side file, or in the backup folder."""
    real = _real(target)
    for own in (journal, *(journal.with_name(journal.name + s) for s in _SIDE_FILES)):
        if real == _real(own) or _same_file(target, own):
            raise ValidationError(
                "out", f"out {target} is the journal {journal}; choose another file"
            )
    folder = backup_dir(journal)
    if _is_within(real, _real(folder)) or _is_within(target.absolute(), folder.absolute()):
        raise ValidationError(
            "out", f"out {target} is in the journal's backup folder {folder}; choose another place"
        )
    if target.exists() and folder.is_dir():
        for kept in folder.iterdir():
            if _same_file(target, kept):
                raise ValidationError(
                    "out", f"out {target} is the backup {kept}; choose another file"
                )


def check_output_folder(folder: Path, names: list[str], journal: Path, *, force: bool) -> None:
    """:func:`check_output` for the files ``names`` that will be written into ``folder``
    (an export folder); the folder itself may exist but not be a file or the backup folder."""
    _refuse_protected(folder, journal)
    _folder_must_exist(folder)
    if folder.exists() and not folder.is_dir():
        raise ValidationError("out", f"out must be a folder for csv (got the file {folder})")
    for name in names:  # the export folder itself is made if missing
        _check_file(folder / name, journal, force=force)


__all__ = ["check_output", "check_output_folder"]
