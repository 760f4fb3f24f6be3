"""A seeded payload fuzzer for the simulator's fault injector (``faults.add(path, mutate=...)``).

Each mutation picks a few places of a reply's ``data`` (any depth) and drops keys or re-types
values: number <-> string <-> list <-> dict <-> null, NaN / ±inf (JSON ``NaN``/``Infinity``),
the strings ``"nan"``, ``"inf"``, ``"1e999"``, empty containers, booleans and huge numbers. The
chosen changes are kept in :attr:`PayloadFuzzer.log` as ``drop`` paths and ``retype`` targets
(``*``-free dotted paths), so a failing seed names exactly what the cloud sent.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Any

from solixsim.faults import Literal, alter_data

JUNK: tuple[Any, ...] = (
    None,
    math.nan,
    math.inf,
    -math.inf,
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    1e308,
    -(10**30),
    10**400,
    "",
    "garbage",
    True,
    False,
    0,
    -1,
    [],
    {},
    [1, "x", None],
    {"nested": {"deep": [math.nan]}},
    ["a-list-where-an-id-was"],
    {"an": "object-where-an-id-was"},
)


KEY_HINTS = ("id", "sn", "type", "list", "info", "status", "power", "soc", "time", "price", "data")
"""Key parts that name ids, lists and readings: half of the picks go to such places."""


def _places(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) below ``data`` (objects and list items)."""
    if isinstance(data, dict):
        items: Iterator[tuple[str, Any]] = ((str(k), v) for k, v in data.items())
    elif isinstance(data, list):
        items = ((str(i), v) for i, v in enumerate(data))
    else:
        return
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else key
        yield path, value
        yield from _places(value, path)


def _retyped(rng: random.Random, value: Any) -> Any:
    """A value of another shape than ``value`` (often a junk value)."""
    if rng.random() < 0.55:
        return rng.choice(JUNK)
    if isinstance(value, str):
        return rng.choice([len(value), [value], {"value": value}, value * 3])
    if isinstance(value, bool):
        return rng.choice(["true", 1, [value]])
    if isinstance(value, int | float):
        return rng.choice([str(value), [value], {"value": value}, value * 1e12, -value])
    if isinstance(value, list):
        return rng.choice([{}, {"0": value[0] if value else None}, len(value), "[]", []])
    if isinstance(value, dict):
        return rng.choice([[], [value], "{}", 0, dict.fromkeys(value)])
    return rng.choice(JUNK)


class PayloadFuzzer:
    """Seeded mutations of reply data; one instance per test run."""

    def __init__(self, seed: int, changes: tuple[int, int] = (1, 4)) -> None:
        """Start the random sequence of ``seed``; each mutation makes 1-4 changes."""
        self.rng = random.Random(seed)
        self.changes = changes
        self.log: list[tuple[str, str, Any]] = []
        """(endpoint label, dotted path, ``"drop"`` or the retype target) of every change."""

    def mutation(self, label: str) -> Any:
        """A ``mutate`` callable for ``faults.add`` that logs its changes under ``label``."""

        def mutate(data: Any) -> Any:
            places = list(_places(data))
            if not places:
                return data
            hinted = [
                place
                for place in places
                if any(hint in place[0].rsplit(".", 1)[-1].lower() for hint in KEY_HINTS)
            ]
            drop: list[str] = []
            retype: dict[str, Any] = {}
            for _ in range(self.rng.randint(*self.changes)):
                pool = hinted if hinted and self.rng.random() < 0.5 else places
                path, value = self.rng.choice(pool)
                if self.rng.random() < 0.3:
                    drop.append(path)
                    self.log.append((label, path, "drop"))
                else:
                    target = _retyped(self.rng, value)
                    retype[path] = Literal(target)
                    self.log.append((label, path, target))
            return alter_data(data, drop, retype)

        return mutate

    def recent(self, count: int = 8) -> str:
        """The last changes, for assertion messages."""
        return "; ".join(f"{label}:{path}={target!r}" for label, path, target in self.log[-count:])


def non_finite(data: Any, path: str = "") -> list[str]:
    """Paths of NaN / ±inf floats anywhere in ``data``."""
    if isinstance(data, float):
        return [] if math.isfinite(data) else [path]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in non_finite(v, f"{path}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in non_finite(v, f"{path}.{i}")]
    return []
