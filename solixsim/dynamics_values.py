"""String-typed cloud values: parse them, write numbers back in the input's format, split totals."""

from __future__ import annotations

import math
from typing import Any

from custom_components.anker_solix.solixapi import number_of as parse_number

__all__ = ["format_like", "parse_number", "split_proportional"]


# Not the library's ``format_like`` on purpose: scene values keep the decimals of the file
# (``"290"``, ``"0.40"``), energy totals always have two.
def format_like(template: Any, value: float) -> Any:
    """``value`` in the type and decimals of ``template`` (``"290"``, ``"290.00"``)."""
    if isinstance(template, str):
        decimals = len(template.split(".", 1)[1]) if "." in template else 0
        text = f"{value:.{decimals}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if isinstance(template, float):
        return float(value)
    return round(value)


def split_proportional(parts: list[int], total: int) -> list[int]:
    """Integer split of ``total`` in the proportions of ``parts`` (largest remainder, sum exact).

    All-zero parts stay zero when ``total`` is zero; otherwise ``total`` goes to the first part.
    """
    weight = sum(parts)
    if weight <= 0:
        return [total if index == 0 else 0 for index in range(len(parts))] if parts else []
    shares = [total * part / weight for part in parts]
    result = [math.floor(share) for share in shares]
    by_remainder = sorted(
        range(len(parts)), key=lambda index: shares[index] - result[index], reverse=True
    )
    for index in by_remainder[: total - sum(result)]:
        result[index] += 1
    return result
