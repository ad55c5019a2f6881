"""Student's t distribution, from ``scipy.special`` (the functions ``scipy.stats.t`` calls).

``scipy.stats`` takes about half a second to import; the intervals, projections and
probabilities here need only the quantile and the tail, so commands that show them start faster.
"""

from __future__ import annotations


def t_ppf(p: float, df: float) -> float:
    """The quantile of Student's t with ``df`` degrees of freedom at probability ``p``."""
    from scipy.special import stdtrit

    return float(stdtrit(df, p))


def t_sf(x: float, df: float) -> float:
    """P(T > x) for Student's t with ``df`` degrees of freedom."""
    from scipy.special import stdtr

    return float(stdtr(df, -x))
