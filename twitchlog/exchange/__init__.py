"""Exchange: the public file formats of twitchlog, from and to domain values.

Export writes a folder of four CSV files (``episodes.csv``, ``days.csv``, ``medications.csv``,
``health_notes.csv``) or one JSON file; import reads any of them back into validated domain
values, raising one :class:`ImportFormatError` for the first bad row. The formats are
described in ``docs/data-format.md``. Standard library, ``twitchlog.domain`` and
``twitchlog.fileio`` only: storage is the caller's.
"""

from twitchlog.exchange.csv_format import export_csv, table_csv
from twitchlog.exchange.errors import ImportFormatError
from twitchlog.exchange.importer import read_import
from twitchlog.exchange.json_format import FORMAT, export_json, export_json_text
from twitchlog.exchange.summary import ImportSummary, TableSummary, summarize
from twitchlog.exchange.tables import TABLES, ImportBatch, JournalData, Table

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
