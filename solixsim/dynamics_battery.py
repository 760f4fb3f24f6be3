"""Energy balance and state of charge of one Solarbank over ticks.

Per tick: ``pv + grid_to_battery = output + charge - discharge``; the battery charges only below
100 % and discharges only above the minimum SOC. The SOC of tick ``k`` is the SOC of tick ``k - 1``
plus the net battery energy of tick ``k`` over one cadence (clamped to the SOC bounds).

The walk is anchored once a day (every ``ticks_per_day`` ticks from tick 0, in both directions),
so the SOC of any tick costs at most two days of steps, however far the clock is from the
scenario's export time. The SOC at the day anchor ``m`` (``m >= 1``) is the SOC a walk over the
day before reaches when it starts at the file SOC: for day 1 that is the true walk (no step at
all); a later anchor continues the day before exactly when both walks reach the same SOC bound
during that day (they merge there), else the SOC steps once at the anchor. Tick 0 is the file
SOC. SOC checkpoints are memoised (a pure cache: results never depend on it).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from solixsim.dynamics_noise import SmoothFactor

SOC_MIN = 5.0
SOC_MAX = 100.0
CAPACITY_WH = {"A17C0": 1600, "A17C1": 1600, "A17C2": 1600, "A17C3": 1600, "A17C5": 2688}
DEFAULT_CAPACITY_WH = 1600
CHECKPOINT_EVERY = 256
MAX_CACHED_WALKS = 128
DAY_SECONDS = 86400


def battery_capacity_wh(device_pn: str, sub_package_num: int) -> int:
    """Usable capacity of a Solarbank including its expansion batteries."""
    return CAPACITY_WH.get(device_pn, DEFAULT_CAPACITY_WH) * (1 + max(0, sub_package_num))


@dataclass(frozen=True)
class BatteryInputs:
    """The file values and constants that drive one device's walk."""

    pv: int
    output: int
    grid: int
    soc: float
    capacity_wh: int
    cadence: int
    pv_factor: SmoothFactor
    reserve: float = SOC_MIN
    """SOC the battery does not discharge below (the device's reserve when presets drive it)."""

    @property
    def soc_min(self) -> float:
        """Lower SOC bound (a start SOC below the reserve is kept, never forced up)."""
        return min(self.reserve, self.soc)


@dataclass(frozen=True)
class Flows:
    """Powers of one device at one tick (W, whole numbers)."""

    pv: int
    output: int
    grid: int
    charge: int
    discharge: int

    @property
    def net(self) -> int:
        """Net battery power (positive = charging)."""
        return self.charge - self.discharge


@dataclass(frozen=True)
class DeviceState:
    """Flows of a tick plus the SOC reached at the end of it."""

    flows: Flows
    soc: float


def balance(inputs: BatteryInputs, pv: int, soc: float) -> Flows:
    """Flows for a PV power and the SOC before the tick."""
    grid = inputs.grid
    demand = inputs.output
    net = pv + grid - demand
    if net > 0 and soc >= SOC_MAX:
        grid = 0
        net = pv - demand
        if net > 0:
            return Flows(pv=pv, output=pv, grid=0, charge=0, discharge=0)
    if net < 0 and soc <= inputs.soc_min:
        return Flows(pv=pv, output=pv, grid=grid, charge=grid, discharge=0)
    return Flows(pv=pv, output=demand, grid=grid, charge=max(net, 0), discharge=max(-net, 0))


def _soc_step(inputs: BatteryInputs, soc: float, net_w: int, direction: int) -> float:
    """SOC after moving one tick forward (+1) or backward (-1) with ``net_w`` battery power."""
    delta = net_w * inputs.cadence / 3600.0 / inputs.capacity_wh * 100.0
    return min(SOC_MAX, max(inputs.soc_min, soc + direction * delta))


def flows_at(inputs: BatteryInputs, tick: int, soc_before: float) -> Flows:
    """Flows of ``tick`` given the SOC before it."""
    return balance(inputs, inputs.pv_factor.scale(inputs.pv, tick), soc_before)


def step_soc(inputs: BatteryInputs, tick: int, soc_before: float) -> float:
    """SOC at the end of ``tick`` given the SOC before it (one forward step)."""
    return _soc_step(inputs, soc_before, flows_at(inputs, tick, soc_before).net, 1)


_walks: OrderedDict[BatteryInputs, dict[int, float]] = OrderedDict()


def _checkpoints(inputs: BatteryInputs) -> dict[int, float]:
    """The memoised SOC checkpoints of one walk (least recently used walks are dropped)."""
    points = _walks.pop(inputs, None)
    if points is None:
        points = {0: inputs.soc}
    _walks[inputs] = points
    while len(_walks) > MAX_CACHED_WALKS:
        _walks.popitem(last=False)
    return points


def ticks_per_day(inputs: BatteryInputs) -> int:
    """Ticks between two anchors of the SOC walk (one day of the device's cadence)."""
    return max(1, round(DAY_SECONDS / max(1, inputs.cadence)))


def _walk(
    inputs: BatteryInputs,
    direction: int,
    steps: range,
    soc: float,
    points: dict[int, float] | None = None,
) -> float:
    """SOC after the given steps away from tick 0 (``direction`` -1: backwards in time).

    With ``points`` the SOC of every ``CHECKPOINT_EVERY``-th step is memoised there (only for
    walks on the true path).
    """
    for step in steps:
        current = direction * step
        if direction > 0:
            soc = _soc_step(inputs, soc, flows_at(inputs, current, soc).net, 1)
        else:
            soc = _soc_step(inputs, soc, flows_at(inputs, current + 1, soc).net, -1)
        if points is not None and step % CHECKPOINT_EVERY == 0:
            points[current] = soc
    return soc


def _anchor_soc(inputs: BatteryInputs, direction: int, day: int, points: dict[int, float]) -> float:
    """SOC at the anchor that starts ``day`` (0: the file SOC; else the walk of the day before
    from the file SOC)."""
    length = ticks_per_day(inputs)
    key = direction * day * length
    if key not in points:
        previous = range((day - 1) * length + 1, day * length + 1)
        points[key] = _walk(inputs, direction, previous, inputs.soc)
    return points[key]


def soc_at(inputs: BatteryInputs, tick: int) -> float:
    """SOC at the end of ``tick`` (tick 0 = the file SOC; negative ticks walk backwards)."""
    direction = 1 if tick >= 0 else -1
    steps = abs(tick)
    points = _checkpoints(inputs)
    anchor = steps // ticks_per_day(inputs) * ticks_per_day(inputs)
    start = steps // CHECKPOINT_EVERY * CHECKPOINT_EVERY
    while start > anchor and direction * start not in points:
        start -= CHECKPOINT_EVERY
    if start > anchor:
        soc = points[direction * start]
    else:
        start = anchor
        soc = _anchor_soc(inputs, direction, anchor // ticks_per_day(inputs), points)
    return _walk(inputs, direction, range(start + 1, steps + 1), soc, points)


def device_state(inputs: BatteryInputs, tick: int) -> DeviceState:
    """Flows and SOC of one device as reported at ``tick``.

    The SOC integrates the flows of the tick from the SOC before it; the reported flows are the
    flows at the reached SOC, so a battery that just became full shows no charging (they differ
    from the integrated flows only when a SOC bound is reached).
    """
    soc = soc_at(inputs, tick)
    return DeviceState(flows=flows_at(inputs, tick, soc), soc=soc)
