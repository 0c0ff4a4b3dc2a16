"""Small random draws on top of ``random.Random``: AR(1) series, Poisson, weighted choices.

Only the standard library, so generating twenty years stays fast and deterministic.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

#: Above this mean a Poisson draw uses the normal approximation (exactness does not matter).
_POISSON_EXACT_BELOW = 30.0


class AR1:
    """A stationary AR(1) series with unit variance: ``x = phi*x + sqrt(1 - phi^2)*e``."""

    def __init__(self, rng: random.Random, phi: float) -> None:
        self._rng = rng
        self._phi = phi
        self._scale = math.sqrt(1.0 - phi * phi)
        self.value = rng.gauss(0.0, 1.0)

    def step(self) -> float:
        """Advance one day and return the new value."""
        self.value = self._phi * self.value + self._scale * self._rng.gauss(0.0, 1.0)
        return self.value


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count with the given mean (Knuth below 30, normal approximation above)."""
    if mean <= 0.0:
        return 0
    if mean >= _POISSON_EXACT_BELOW:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def negative_binomial(rng: random.Random, mean: float, dispersion: float) -> int:
    """An overdispersed count: Poisson with a Gamma(1/alpha, alpha) multiplier (NB2)."""
    if dispersion <= 0.0:
        return poisson(rng, mean)
    return poisson(rng, mean * rng.gammavariate(1.0 / dispersion, dispersion))


def cumulative(weights: Sequence[float]) -> list[float]:
    """Normalised cumulative weights for :func:`pick`."""
    total = float(sum(weights))
    out, running = [], 0.0
    for w in weights:
        running += w / total
        out.append(running)
    out[-1] = 1.0
    return out


def pick(rng: random.Random, items: Sequence[T], cum: Sequence[float]) -> T:
    """One of ``items`` with the probabilities behind ``cum`` (from :func:`cumulative`)."""
    return items[min(bisect_right(cum, rng.random()), len(items) - 1)]


def clip(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``."""
    return low if value < low else high if value > high else value
