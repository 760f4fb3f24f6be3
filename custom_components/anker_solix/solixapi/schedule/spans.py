"""Time-span helpers shared by all schedule slot lists (minutes or hours, end exclusive)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, Self


class Span(Protocol):
    """A slot with a start and an end (same unit) that can be moved."""

    @property
    def start(self) -> int:
        """Start (inclusive)."""
        ...

    @property
    def end(self) -> int:
        """End (exclusive)."""
        ...

    def moved(self, start: int, end: int) -> Self:
        """A copy with other start and end."""
        ...


def sorted_spans[S: Span](slots: Sequence[S]) -> list[S]:
    """The slots ordered by start."""
    return sorted(slots, key=lambda slot: (slot.start, slot.end))


def find_at[S: Span](slots: Sequence[S], point: int) -> S | None:
    """The slot with ``start <= point < end``."""
    for slot in slots:
        if slot.start <= point < slot.end:
            return slot
    return None


def gap_around[S: Span](slots: Sequence[S], point: int, day_end: int) -> tuple[int, int] | None:
    """The free interval containing ``point`` (None when a slot covers it)."""
    if find_at(slots, point) is not None:
        return None
    start = max((slot.end for slot in slots if slot.end <= point), default=0)
    end = min((slot.start for slot in slots if slot.start > point), default=day_end)
    return start, end


def cut_out[S: Span](slots: Sequence[S], start: int, end: int) -> list[S]:
    """Remove ``[start, end)``: covered slots go, overlapped ones are shortened or split."""
    result: list[S] = []
    for slot in slots:
        if slot.end <= start or slot.start >= end:
            result.append(slot)
            continue
        if slot.start < start:
            result.append(slot.moved(slot.start, start))
        if slot.end > end:
            result.append(slot.moved(end, slot.end))
    return sorted_spans(result)


def insert_span[S: Span](slots: Sequence[S], new: S) -> list[S]:
    """Algorithm C (§6.6): place ``new``, shortening or splitting what it overlaps."""
    return sorted_spans([*cut_out(slots, new.start, new.end), new])


def sharing_edge[S: Span](slots: Sequence[S], start: int, end: int) -> S | None:
    """An existing slot sharing the start or the end of ``[start, end)`` (start wins)."""
    for slot in slots:
        if slot.start == start:
            return slot
    for slot in slots:
        if slot.end == end:
            return slot
    return None


def neighbour[S: Span](slots: Sequence[S], start: int) -> S | None:
    """The slot before ``start`` (else the first slot after it) to copy a structure from."""
    before = [slot for slot in slots if slot.end <= start]
    if before:
        return before[-1]
    return slots[0] if slots else None
