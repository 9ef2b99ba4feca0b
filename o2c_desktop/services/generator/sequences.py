"""Invoice numbering with the gap profile of real series (DOMAIN §8 and §9.2).

About 17 % of folios are missing; gap lengths are 66 % one folio, 14 % two, with a tail up to 56.
The same core numbers the supplier's own `P` series and every store series of the mall feed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .randomness import BoolArray, IntArray

MAX_GAP = 56
_TAIL = np.arange(3, MAX_GAP + 1)
_TAIL_P = 0.82 ** (_TAIL - 3)
_TAIL_P = _TAIL_P / _TAIL_P.sum()
MEAN_GAP = 0.66 * 1 + 0.14 * 2 + 0.20 * float((_TAIL * _TAIL_P).sum())


def gap_lengths(rng: np.random.Generator, n: int) -> IntArray:
    u = rng.random(n)
    tail = rng.choice(_TAIL, size=n, p=_TAIL_P)
    return np.where(u < 0.66, 1, np.where(u < 0.80, 2, tail)).astype(np.int64)


@dataclass(frozen=True)
class NumberedSeries:
    """Folio numbers of the present documents, grouped by sequence domain."""

    folio: IntArray  # per present document, increasing inside each domain
    gap_after: IntArray  # missing folios right after this one (0 = none)


def number_with_gaps(
    rng: np.random.Generator,
    domain: IntArray,
    first_folio: IntArray,
    missing_rate: float,
) -> NumberedSeries:
    """Number documents that are already grouped by domain (and in issue order inside it).

    `first_folio` is per document (its domain's starting folio). No gap follows the last document
    of a domain: a gap is only observable between two present folios.
    """
    n = len(domain)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return NumberedSeries(empty, empty)
    q = missing_rate / ((1.0 - missing_rate) * MEAN_GAP)
    last_of_domain: BoolArray = np.r_[domain[1:] != domain[:-1], True]
    gap_after = np.where((rng.random(n) < q) & ~last_of_domain, gap_lengths(rng, n), 0)
    increments = 1 + np.r_[0, gap_after[:-1]]
    first_of_domain = np.r_[True, domain[1:] != domain[:-1]]
    increments[first_of_domain] = 0
    csum = np.cumsum(increments)
    base = np.maximum.accumulate(np.where(first_of_domain, csum, 0))
    return NumberedSeries(folio=first_folio + csum - base, gap_after=gap_after.astype(np.int64))


def missing_ranges(series: NumberedSeries) -> IntArray:
    """(start, end) rows of the planted gaps, in document order."""
    at = np.flatnonzero(series.gap_after > 0)
    start = series.folio[at] + 1
    return np.stack([start, start + series.gap_after[at] - 1], axis=1)


def swap_neighbours(
    rng: np.random.Generator, values: IntArray, domain: IntArray, share: float
) -> IntArray:
    """Swap a share of adjacent values inside a domain to create date inversions."""
    out = values.copy()
    n = len(values)
    if n < 2:
        return out
    i = np.arange(0, n - 1, 2)
    pick = i[(rng.random(len(i)) < share) & (domain[i] == domain[i + 1])]
    out[pick], out[pick + 1] = values[pick + 1], values[pick]
    return out


def count_inversions(values: IntArray, domain: IntArray) -> int:
    """Adjacent pairs (in folio order) whose later folio carries an earlier value."""
    if len(values) < 2:
        return 0
    same = domain[1:] == domain[:-1]
    return int(np.count_nonzero(same & (values[1:] < values[:-1])))
