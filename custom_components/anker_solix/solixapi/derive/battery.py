"""Battery capacity and stored energy (§8.9)."""

from __future__ import annotations

from ..common.jsonutil import parse_number
from ..common.products import product_for


def battery_capacity(pn: str | None, sub_packages: int | None) -> int | None:
    """Model capacity × (1 + expansion packs) in Wh; None for models without a battery."""
    capacity = product_for(pn).capacity_wh
    if not capacity:
        return None
    return capacity * (1 + max(sub_packages or 0, 0))


def battery_energy(capacity: object, soc: object) -> int | None:
    """int(capacity × SOC / 100) from strings or numbers; None if either is unknown."""
    cap, level = parse_number(capacity), parse_number(soc)
    if cap is None or level is None:
        return None
    return int(cap * level / 100)
