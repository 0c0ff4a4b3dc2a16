"""F tail probabilities and Student's t quantiles in plain Python (standard library only).

The analysis needs two special functions, the F distribution's upper tail (Wald tests) and
the t distribution's quantiles (intervals). ``scipy.special`` has them, but importing it loads
scipy's array-API layer and with it ``numpy.testing`` and ``numpy.f2py``: about as much CPU as
importing matplotlib's PDF backend, on every ``analyze`` and every report. Both come from the
regularized incomplete beta function, evaluated here by its continued fraction (modified
Lentz) to about 1e-10 relative, far below what is printed or tested (the tests compare with
scipy and statsmodels to 1e-6).
"""

from __future__ import annotations

import math
from statistics import NormalDist

_TINY = 1e-300
_EPS = 1e-16
_MAX_TERMS = 100_000


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (converges fast for ``x < (a+1)/(a+b+2)``)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def beta_upper(a: float, b: float, x: float, y: float) -> float:
    """``1 - I_x(a, b)``, the upper tail of the regularized incomplete beta function, for
    ``x + y = 1`` (both given, so neither loses digits to a subtraction)."""
    if x <= 0.0:
        return 1.0
    if y <= 0.0:
        return 0.0
    log_front = (
        a * math.log(x) + b * math.log(y) - math.lgamma(a) - math.lgamma(b) + math.lgamma(a + b)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return 1.0 - math.exp(log_front) * _beta_fraction(a, b, x) / a
    return math.exp(log_front) * _beta_fraction(b, a, y) / b


def f_upper_tail(dfn: float, dfd: float, f: float) -> float:
    """``P(F > f)`` for ``F`` with ``dfn`` and ``dfd`` degrees of freedom (scipy's ``fdtrc``)."""
    if f <= 0.0:
        return 1.0
    if math.isinf(f):
        return 0.0
    total = dfd + dfn * f
    # P(F > f) = I_{dfd/total}(dfd/2, dfn/2) = 1 - I_{dfn f/total}(dfn/2, dfd/2)
    return beta_upper(dfn / 2.0, dfd / 2.0, dfn * f / total, dfd / total)


def _t_upper_tail(df: float, t: float) -> float:
    """``P(T > t)`` for ``t >= 0``."""
    total = df + t * t
    return 0.5 * (1.0 - beta_upper(df / 2.0, 0.5, df / total, t * t / total))


def t_quantile(df: float, prob: float) -> float:
    """The ``prob`` quantile of Student's t with ``df`` degrees of freedom (scipy's ``stdtrit``).

    Newton's method on the upper tail, from the Cornish-Fisher start; to about 1e-10 relative
    (the tail itself is known to about 1e-12, so steps stop shrinking there).
    """
    if not 0.0 < prob < 1.0:
        if prob == 0.0:
            return -math.inf
        if prob == 1.0:
            return math.inf
        return math.nan
    if prob < 0.5:
        return -t_quantile(df, 1.0 - prob)
    if prob == 0.5:
        return 0.0
    tail = 1.0 - prob
    z = NormalDist().inv_cdf(prob)
    t = z + (z**3 + z) / (4.0 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96.0 * df * df)
    log_norm = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    for _ in range(30):
        density = math.exp(log_norm - (df + 1.0) / 2.0 * math.log1p(t * t / df))
        step = (_t_upper_tail(df, t) - tail) / density
        t = max(t + step, t / 2.0)  # the tail falls with t: a too-large step halves instead
        if abs(step) <= 1e-12 * t:
            break
    return t
