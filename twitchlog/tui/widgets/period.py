"""The period choice of History, Trends and Report: labels that stand for a number of days."""

from __future__ import annotations

from textual.widgets import Select

#: A screen's period choices: label, days (``None`` = the whole journal).
Periods = tuple[tuple[str, int | None], ...]


class PeriodSelect(Select[str]):
    """A :class:`Select` over ``periods`` whose :attr:`days` is the chosen length."""

    def __init__(self, periods: Periods, default: int, *, id: str = "period") -> None:
        super().__init__(
            [(label, str(i)) for i, (label, _) in enumerate(periods)],
            allow_blank=False,
            value=str(default),
            id=id,
        )
        self._periods = periods
        self._default = default

    @property
    def days(self) -> int | None:
        """The chosen period in days (``None`` = the whole journal)."""
        value = self.value
        return self._periods[int(value) if isinstance(value, str) else self._default][1]
