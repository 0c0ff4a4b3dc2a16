"""The front ends' clock: now as an aware UTC instant, frozen by ``TWITCHLOG_NOW``.

Shared by the CLI and the TUI (which must not import each other), for tests, screenshots
and benchmarks that need a fixed "now".
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def system_clock() -> datetime:
    """Now as an aware UTC instant; ``TWITCHLOG_NOW`` (ISO with offset) freezes it."""
    frozen = os.environ.get("TWITCHLOG_NOW", "").strip()
    if frozen:
        # imported here: ``status`` reads the clock on every prompt without the domain package
        from twitchlog.domain.errors import ValidationError

        try:
            value = datetime.fromisoformat(frozen)
        except ValueError:
            raise ValidationError(
                "TWITCHLOG_NOW", f"TWITCHLOG_NOW must be an ISO instant (got {frozen!r})"
            ) from None
        if value.tzinfo is None:
            raise ValidationError("TWITCHLOG_NOW", "TWITCHLOG_NOW must include a UTC offset")
        return value.astimezone(UTC)
    return datetime.now(UTC)
