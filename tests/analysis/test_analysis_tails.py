"""The F tail and the t quantiles without scipy agree with scipy.special to 1e-9 relative,
over the degrees of freedom a diary gives (a week to 40 years of days) and far into the tails.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from scipy.special import fdtrc, stdtrit

from twitchlog.analysis.tails import f_upper_tail, t_quantile

DFS = (1, 2, 3, 5, 10, 30, 55, 88, 200, 365, 1000, 3000, 7300, 15000)


@pytest.mark.parametrize("dfn", [1, 2, 3, 4])
def test_f_upper_tail_matches_scipy_fdtrc(dfn: int) -> None:
    for dfd in DFS:
        for f in (*np.geomspace(1e-6, 300.0, 60), 1.0):
            want = float(fdtrc(dfn, dfd, f))
            got = f_upper_tail(dfn, dfd, float(f))
            assert got == pytest.approx(want, rel=1e-9, abs=1e-300), (dfn, dfd, f)


def test_f_upper_tail_edges() -> None:
    assert f_upper_tail(2, 80, 0.0) == 1.0
    assert f_upper_tail(2, 80, math.inf) == 0.0


def test_t_quantile_matches_scipy_stdtrit() -> None:
    for df in DFS:
        for prob in (0.0001, 0.025, 0.05, 0.3, 0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9999):
            want = float(stdtrit(df, prob))
            assert t_quantile(df, prob) == pytest.approx(want, rel=1e-9, abs=1e-12), (df, prob)


def test_t_quantile_edges() -> None:
    assert t_quantile(10, 0.0) == -math.inf
    assert t_quantile(10, 1.0) == math.inf
    assert math.isnan(t_quantile(10, 1.5))


def test_i17_the_analysis_modules_load_no_scipy() -> None:
    """``analyze`` (and so every report) no longer pays for importing scipy.special."""
    code = (
        "import sys, twitchlog.analysis.pipeline; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'numpy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['numpy']"]
