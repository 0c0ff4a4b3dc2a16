"""Exchange: the public file formats of twitchlog, from and to domain values.

Export writes a folder of four CSV files (``episodes.csv``, ``days.csv``, ``medications.csv``,
``health_notes.csv``) or one JSON file; import reads any of them back into validated domain
values, raising one :class:`ImportFormatError` for the first bad row. The formats are
described in ``docs/data-format.md``. Standard library, ``twitchlog.domain`` and
``twitchlog.fileio`` only: storage is the caller's.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twitchlog.exchange.csv_format import export_csv, table_csv
    from twitchlog.exchange.errors import ImportFormatError
    from twitchlog.exchange.importer import read_import
    from twitchlog.exchange.json_format import FORMAT, export_json, export_json_text
    from twitchlog.exchange.summary import ImportSummary, TableSummary, summarize
    from twitchlog.exchange.tables import TABLES, ImportBatch, JournalData, Table

#: Where each name of the package lives. They are imported on first use: a CSV export needs
#: neither the import side nor JSON (``docs/performance.md``, issue 17).
_HOMES = {
    "export_csv": "csv_format",
    "table_csv": "csv_format",
    "ImportFormatError": "errors",
    "read_import": "importer",
    "FORMAT": "json_format",
    "export_json": "json_format",
    "export_json_text": "json_format",
    "ImportSummary": "summary",
    "TableSummary": "summary",
    "summarize": "summary",
    "TABLES": "tables",
    "ImportBatch": "tables",
    "JournalData": "tables",
    "Table": "tables",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT",
    "TABLES",
    "ImportBatch",
    "ImportFormatError",
    "ImportSummary",
    "JournalData",
    "Table",
    "TableSummary",
    "export_csv",
    "export_json",
    "export_json_text",
    "read_import",
    "summarize",
    "table_csv",
]
