"""Medians and spread of repeated measurements."""

import math


def quantile(values, q):
    ordered = sorted(values)
    if not ordered:
        return math.nan
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def median(values):
    return quantile(values, 0.5)


def summary(values):
    """median, min, max, IQR and whether the figure varies a lot between runs."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return None
    m = median(values)
    lo, hi = min(values), max(values)
    q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
    # "Varies a lot": the middle half spans more than 30% of the median, or the extremes more
    # than 100% (a single outlier among five runs). Tiny absolute figures are exempt.
    scale = abs(m) if m else max(abs(lo), abs(hi), 1e-9)
    noisy = len(values) > 1 and ((q3 - q1) / scale > 0.30 or (hi - lo) / scale > 1.0)
    return {"n": len(values), "median": m, "min": lo, "max": hi, "q1": q1, "q3": q3, "noisy": noisy}
