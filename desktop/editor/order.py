"""Keeping the order of loaded entries, so an exam read and written back is unchanged."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def keep_order(items: Sequence[T], key: Callable[[T], K], loaded: Sequence[K]) -> tuple[T, ...]:
    """`items` (in form order) re-ordered so those that were loaded come first, in their loaded order."""
    rank = {k: i for i, k in enumerate(loaded)}
    late = len(rank)
    indexed = sorted(enumerate(items), key=lambda p: (rank.get(key(p[1]), late), p[0]))
    return tuple(item for _, item in indexed)
