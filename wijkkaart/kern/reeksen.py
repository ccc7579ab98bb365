"""Runs of equal values in sorted arrays, for ``ufunc.reduceat`` and grouping without a Python loop per row."""

from __future__ import annotations

import numpy as np


def begin_van_runs(gesorteerd: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in ``gesorteerd`` (empty for an empty array).

    >>> begin_van_runs(np.array([3, 3, 5, 7, 7, 7])).tolist()
    [0, 2, 3]
    """
    if not len(gesorteerd):
        return np.empty(0, dtype=np.intp)
    return np.flatnonzero(np.r_[True, gesorteerd[1:] != gesorteerd[:-1]])
