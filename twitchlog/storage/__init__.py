"""Storage: SQLite through SQLModel, migrations, backups, and the quick-log writer.

Importing this package is cheap; modules that need SQLModel (``tables``, ``journal``,
``repository``) import it themselves, so the quick-log path (``quicklog``) never loads it.
Storage receives a path and never decides where the journal lives.
"""
