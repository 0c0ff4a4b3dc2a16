"""The one error import raises: a file, a row, a field and what is wrong, on one line."""

from __future__ import annotations

import re

#: Longest message, in characters: an error names the problem, it never echoes a whole note.
MAX_MESSAGE_CHARS = 300

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` with control characters escaped and cut to ``limit`` characters."""
    flat = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ImportFormatError(ValueError):
    """An import file cannot be read; the message says where and why, on one line.

    For example ``episodes.csv row 7: intensity must be 1-10 (got 12)``. ``file`` is the file's
    name, ``row`` the spreadsheet row (the header is row 1) or, with ``unit="item"``, the JSON
    item number; ``field`` the column; each is ``None`` when the problem is with the whole file.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        unit: str = "row",
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        where = file or ""
        if file is not None and row is not None:
            where = f"{file} {unit} {row}"
        self.message = one_line(f"{where}: {message}" if where else message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
