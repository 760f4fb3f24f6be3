"""The simulated cloud's energy history of every site (§7.1), consistent with its scene.

Days of a site, by kind:

* the exported days of the scenario's ``energy_<type>_<site>`` files keep the file's values;
* the exported today (the local date of the scene's base time) is the file's ``_today`` values
  plus the energy of the served power from the base time on (so at tick 0 it is the file);
* days from the first energy request on are the served power integrated over the clock
  (:mod:`solixsim.energy.integrate`): the intraday curve, today's counters and the daily value
  of a day come from the same slots;
* days before, back to ``history_days`` before the first energy request, are synthesized from
  the latest complete exported day (:mod:`solixsim.energy.history`);
* later days (the future) and earlier days have no data.

A late cloud correction multiplies every value of one day by a factor (the balance holds).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from custom_components.anker_solix.solixapi import ANALYSIS, interval_answer, number_of
from solixsim.clock import SimClock
from solixsim.energy.fields import (
    DAILY,
    DAILY_QUANTITY,
    TREND,
    TREND_QUANTITY,
    DayValues,
    read_day,
    values_of,
)
from solixsim.energy.flows import (
    BATTERY_TO_HOME,
    CHANNELS,
    CHARGE,
    DISCHARGE,
    GRID_TO_BATTERY,
    GRID_TO_HOME,
    HOME,
    MICRO,
    PLUG_PREFIX,
    SOLAR,
    SOLAR_TO_BATTERY,
    SOLAR_TO_GRID,
    SOLAR_TO_HOME,
    Record,
    add,
    scaled,
    split,
)
from solixsim.energy.history import synthesize
from solixsim.energy.integrate import SAMPLE_SECONDS, SLOT_SECONDS, SiteIntegrator
from solixsim.energy.shapes import POINTS_PER_KWH, curve
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

DEVICE_TYPES = tuple(DAILY_QUANTITY)
DEFAULT_CORRECTION = 1.04
END_LABEL = "24:00"

EXPORTED = "exported"
FILE_TODAY = "file_today"
INTEGRATED = "integrated"
SYNTHESIZED = "synthesized"
FUTURE = "future"
NONE = "none"

Curves = dict[str, list[tuple[str, float]]]
# A curve point source: the record (kWh) of each 20-minute label of a day.
Slots = list[tuple[str, Record]]


def day_labels() -> list[str]:
    """The 72 slot labels ``00:00`` … ``23:40`` of a day."""
    return [f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(0, 1440, 20)]


def week_name(device_type: str, site_id: str) -> str:
    """File name of a device type's exported days."""
    return f"energy_{device_type}_{site_id}"


def today_name(device_type: str, site_id: str) -> str:
    """File name of a device type's exported today (intraday curve)."""
    return f"energy_{device_type}_today_{site_id}"


@dataclass(frozen=True)
class Correction:
    """A late cloud correction: every value of ``day`` times ``factor``."""

    day: date
    factor: float


class EnergyModel:
    """Energy of every site of a scenario as the simulated cloud reports it."""

    def __init__(self, store: ScenarioStore, times: SiteTimes, clock: SimClock) -> None:
        """Bind the model to the simulator's store and clocks."""
        self.store = store
        self.times = times
        self.clock = clock
        self._integrators: dict[str, SiteIntegrator] = {}
        self._start: date | None = None
        self.corrections: dict[str, Correction] = {}
        # Derived from the scenario files only (energy files are never written).
        self._exported: dict[str, set[date]] = {}
        self._references: dict[str, tuple[date, Record]] = {}

    # Days

    @property
    def start_day(self) -> date:
        """The local date of the first energy request (fixed from then on, see :meth:`begin`)."""
        if self._start is None:
            self._start = self.times.today()
        return self._start

    def begin(self, day: date | None = None) -> date:
        """Fix the first simulated day (default: the clock's today); older days are history."""
        self._start = day or self.times.today()
        return self._start

    def first_day(self) -> date:
        """The first day with history."""
        return self.start_day - timedelta(days=self.store.meta.history_days)

    def _week(self, device_type: str, site_id: str) -> dict[str, Any] | None:
        envelope = self.store.get(week_name(device_type, site_id))
        data = envelope.get("data") if envelope is not None else None
        if envelope is None or envelope.get("code", 0) != 0 or not isinstance(data, dict):
            return None
        return data

    def _today_file(self, device_type: str, site_id: str) -> dict[str, Any] | None:
        envelope = self.store.get(today_name(device_type, site_id))
        data = envelope.get("data") if envelope is not None else None
        return data if envelope is not None and isinstance(data, dict) else None

    def week_template(self, device_type: str, site_id: str) -> dict[str, Any] | None:
        """The exported week answer of a device type (the shape of every week answer)."""
        return self._week(device_type, site_id)

    def day_template(self, device_type: str, site_id: str) -> dict[str, Any] | None:
        """The exported day answer of a device type (the shape of every day answer)."""
        data = self._today_file(device_type, site_id)
        return data if isinstance(data.get("power") if data else None, list) else None

    def has_data(self, site_id: str, day: date) -> bool:
        """True for a day the cloud holds values of (not the future, not before the history)."""
        return self.kind(site_id, day) not in (FUTURE, NONE)

    def as_exported(self, site_id: str, days: list[date]) -> bool:
        """True when the exported files answer ``days`` unchanged (the replay's answer).

        That is while the clock's today is the exported today, nothing was published since the
        export moment and no requested day is corrected.
        """
        file_today = self.times.file_today(site_id)
        if self.times.today() != file_today or self.published(site_id) > self.times.base(site_id):
            return False
        kinds = {self.kind(site_id, day) for day in days}
        corrected = any(self._factor(site_id, day) != 1.0 for day in days)
        return not corrected and kinds <= {EXPORTED, FILE_TODAY}

    def has_model(self, device_type: str, site_id: str) -> bool:
        """True when the simulator models this device type of the site (exported days exist)."""
        return device_type in DAILY_QUANTITY and self._week(device_type, site_id) is not None

    def exported_days(self, site_id: str) -> set[date]:
        """Days of the site's exported week files."""
        cached = self._exported.get(site_id)
        if cached is None:
            cached = self._exported[site_id] = self._read_exported_days(site_id)
        return cached

    def _read_exported_days(self, site_id: str) -> set[date]:
        days: set[date] = set()
        for device_type in DEVICE_TYPES:
            week = self._week(device_type, site_id)
            for entry in (week or {}).get("power") or []:
                try:
                    days.add(date.fromisoformat(str(entry.get("time"))))
                except (AttributeError, ValueError):
                    continue
        return days

    def kind(self, site_id: str, day: date) -> str:
        """Where the values of a day come from (see the module docstring)."""
        start_day = self.start_day  # fixed by the first question about any day
        today = self.times.today()
        file_today = self.times.file_today(site_id)
        if day > today:
            return FUTURE
        if day == file_today:
            return FILE_TODAY
        if day in self.exported_days(site_id):
            return EXPORTED
        if day >= max(file_today + timedelta(days=1), start_day):
            return INTEGRATED
        if day >= self.first_day():
            return SYNTHESIZED
        return NONE

    def day_bounds(self, day: date) -> tuple[float, float]:
        """Clock times of the local midnights starting and ending ``day`` (23–25 h apart)."""
        zone = self.times.zone
        start = datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()
        following = day + timedelta(days=1)
        end = datetime(following.year, following.month, following.day, tzinfo=zone).timestamp()
        return start, end

    def published(self, site_id: str) -> float:
        """The clock time up to which the cloud has published the site's energy.

        Energy statistics follow the data in 5-minute steps from the site's base time, so the
        exported values hold for the first 5 minutes and every answer within a step is the same.
        """
        base = self.times.base(site_id)
        steps = math.floor((self.clock.now() - base) / SAMPLE_SECONDS)
        return base + steps * SAMPLE_SECONDS

    def _label(self, ts: float) -> str:
        return datetime.fromtimestamp(ts, tz=self.times.zone).strftime("%H:%M")

    # Values of exported files

    def _exported_values(self, device_type: str, site_id: str, day: date) -> DayValues:
        """What the exported files say about ``day`` (the library's split of the week)."""
        week = self._week(device_type, site_id)
        if week is None:
            return {}
        file_today = self.times.file_today(site_id)
        today_data = self._today_file(device_type, site_id)
        answer = interval_answer(ANALYSIS, week, today_data, [day], file_today)
        return read_day(answer)

    def exported_record(self, site_id: str, day: date) -> Record:
        """The record of a day as the exported files alone have it (no energy since export)."""
        return self._exported_record(site_id, day)

    def _exported_record(self, site_id: str, day: date) -> Record:
        """The physical record of an exported day, read back from its files."""
        values = {kind: self._exported_values(kind, site_id, day) for kind in DEVICE_TYPES}
        solar_values = values["solar_production"]
        solar = solar_values.get(DAILY, 0.0)
        charge = solar_values.get("charge_total", values["solarbank"].get("charge_total", 0.0))
        discharge = values["solarbank"].get(DAILY, solar_values.get("discharge_total", 0.0))
        grid_battery = values["solarbank"].get("grid_to_battery_total", 0.0)
        home = values["home_usage"].get(DAILY)
        if home is None:
            home = max(solar + grid_battery - charge + discharge, 0.0)
        record = split(solar, charge, discharge, grid_battery, home)
        overrides = {
            SOLAR_TO_GRID: abs(values["grid"][DAILY]) if DAILY in values["grid"] else None,
            GRID_TO_HOME: values["grid"].get(TREND),
            SOLAR_TO_HOME: solar_values.get("solar_to_home_total"),
            SOLAR_TO_BATTERY: solar_values.get("solar_to_battery_total"),
            BATTERY_TO_HOME: values["home_usage"].get("battery_to_home_total"),
        }
        record.update({key: value for key, value in overrides.items() if value is not None})
        for key in (*CHANNELS, MICRO):
            kind = "solar_production_microinverter" if key == MICRO else f"solar_production_{key}"
            record[key] = values[kind].get(DAILY, 0.0)
        for key, value in values["home_usage"].items():
            if key.startswith(PLUG_PREFIX):
                record[key] = value
        return record

    # Integration

    def integrator(self, site_id: str) -> SiteIntegrator:
        """The power integrator of a site."""
        found = self._integrators.get(site_id)
        if found is None:
            found = SiteIntegrator(self.store, self.times, self.clock, site_id)
            self._integrators[site_id] = found
        return found

    def _slots(self, site_id: str, day: date, since: float | None = None) -> Slots:
        """Integrated energy of each 20-minute slot of ``day`` up to now (from ``since``)."""
        start, end = self.day_bounds(day)
        now = self.published(site_id)
        integrator = self.integrator(site_id)
        slots: Slots = []
        cursor = start
        while cursor < end:
            slot_end = cursor + SLOT_SECONDS
            begin = cursor if since is None else max(cursor, since)
            stop = min(slot_end, now)
            if stop > begin:
                if begin == cursor:
                    record = integrator.slot(cursor, now)
                else:
                    record = integrator.integrate(begin, stop)
                slots.append((self._label(cursor), record))
            cursor = slot_end
        return slots

    @staticmethod
    def _total(slots: Slots) -> Record:
        total: Record = {}
        for _label, record in slots:
            add(total, record)
        return total

    # Records and values of any day

    def _reference(self, site_id: str) -> tuple[date, Record]:
        """The latest complete exported day (else the exported today) and its record."""
        cached = self._references.get(site_id)
        if cached is None:
            file_today = self.times.file_today(site_id)
            complete = sorted(day for day in self.exported_days(site_id) if day < file_today)
            day = complete[-1] if complete else file_today
            cached = self._references[site_id] = (day, self._exported_record(site_id, day))
        return cached

    def _factor(self, site_id: str, day: date) -> float:
        correction = self.corrections.get(site_id) or self.corrections.get("*")
        return correction.factor if correction is not None and correction.day == day else 1.0

    def _delta(self, site_id: str, day: date) -> Slots:
        """Slots of the exported today from the base time on."""
        return self._slots(site_id, day, since=self.times.base(site_id))

    def record(self, site_id: str, day: date) -> Record:
        """The energy (kWh) of a day as served: solar, charge, discharge, home, flows, plugs."""
        kind = self.kind(site_id, day)
        if kind == EXPORTED:
            record = self._exported_record(site_id, day)
        elif kind == FILE_TODAY:
            record = self._exported_record(site_id, day)
            add(record, self._total(self._delta(site_id, day)))
        elif kind == INTEGRATED:
            record = self._total(self._slots(site_id, day))
        elif kind == SYNTHESIZED:
            reference_day, reference = self._reference(site_id)
            record = synthesize(site_id, day, reference, reference_day)
        else:
            record = {}
        return scaled(record, self._factor(site_id, day))

    def values(self, device_type: str, site_id: str, day: date) -> DayValues:
        """What a device type's answer says about one day."""
        kind = self.kind(site_id, day)
        factor = self._factor(site_id, day)
        if kind in (FUTURE, NONE):
            return {}
        if kind == EXPORTED:
            values = self._exported_values(device_type, site_id, day)
        elif kind == FILE_TODAY:
            values = self._exported_values(device_type, site_id, day)
            delta = values_of(device_type, self._total(self._delta(site_id, day)))
            for key, value in delta.items():
                values[key] = values.get(key, 0.0) + value
        else:
            values = values_of(device_type, self.record(site_id, day))
            factor = 1.0  # already in the record
        return {key: value * factor for key, value in values.items()}

    # Intraday curves

    def _shaped_slots(self, site_id: str, day: date) -> Slots:
        """Slots of a day known by its totals: every quantity spread by its typical shape."""
        record = self.record(site_id, day)
        labels = day_labels()
        hours = [(minute + 10) / 60 for minute in range(0, 1440, 20)]
        per_quantity = {key: curve(key, value, day, hours) for key, value in record.items()}
        return [
            (label, {key: points[index] / POINTS_PER_KWH for key, points in per_quantity.items()})
            for index, label in enumerate(labels)
        ]

    def curves(self, device_type: str, site_id: str, day: date) -> Curves:
        """The 20-minute curves (``power`` and ``charge_trend``) of a day, 73 points each.

        A point is the slot's energy over 20 minutes (kWh × 3000 = average W), so the points
        of a day sum to its daily value × 3000; the ``24:00`` point is always 0.
        """
        kind = self.kind(site_id, day)
        rules: dict[str, Callable[[Record], float]] = {"power": DAILY_QUANTITY[device_type]}
        if device_type in TREND_QUANTITY:
            rules["charge_trend"] = TREND_QUANTITY[device_type]
        slots: Slots = []
        factor = self._factor(site_id, day)
        if kind == INTEGRATED:
            slots = self._slots(site_id, day)
        elif kind == FILE_TODAY:
            slots = self._delta(site_id, day)
        elif kind in (EXPORTED, SYNTHESIZED):
            slots, factor = self._shaped_slots(site_id, day), 1.0  # the record is corrected
        points: dict[str, dict[str, float]] = {field: {} for field in rules}
        for label, record in slots:
            for field, rule in rules.items():
                value = rule(record) * POINTS_PER_KWH
                points[field][label] = points[field].get(label, 0.0) + value
        if kind == FILE_TODAY:
            self._add_file_points(site_id, device_type, points)
        return {
            field: [(label, values.get(label, 0.0) * factor) for label in day_labels()]
            + [(END_LABEL, 0.0)]
            for field, values in points.items()
        }

    def _add_file_points(
        self, site_id: str, device_type: str, points: dict[str, dict[str, float]]
    ) -> None:
        """Add the exported today's curve points (up to the base time) by label."""
        data = self._today_file(device_type, site_id) or {}
        for field, values in points.items():
            for entry in data.get(field) or []:
                if not isinstance(entry, dict) or entry.get("time") == END_LABEL:
                    continue
                number = number_of(entry.get("value"))
                if number is not None:
                    label = str(entry.get("time"))
                    values[label] = values.get(label, 0.0) + number

    # Corrections

    def correct_yesterday(self, factor: float = DEFAULT_CORRECTION, site_id: str = "*") -> date:
        """Change yesterday's values (of one site or all) like a late cloud correction."""
        yesterday = self.times.today() - timedelta(days=1)
        self.corrections[site_id] = Correction(yesterday, factor)
        return yesterday

    def clear_corrections(self) -> None:
        """Serve every day uncorrected again."""
        self.corrections.clear()

    def day(self, site_id: str, day: date) -> dict[str, Any]:
        """The served energy of a day in the Energy dashboard's terms (kWh, unrounded)."""
        record = self.record(site_id, day)
        return {
            "solar_production": record.get(SOLAR, 0.0),
            "battery_charge": record.get(CHARGE, 0.0),
            "battery_discharge": record.get(DISCHARGE, 0.0),
            "grid_import": record.get(GRID_TO_HOME, 0.0) + record.get(GRID_TO_BATTERY, 0.0),
            "grid_export": record.get(SOLAR_TO_GRID, 0.0),
            "home_usage": record.get(HOME, 0.0),
            "grid_to_home": record.get(GRID_TO_HOME, 0.0),
            "grid_to_battery": record.get(GRID_TO_BATTERY, 0.0),
            "solar_to_grid": record.get(SOLAR_TO_GRID, 0.0),
            "solar_to_home": record.get(SOLAR_TO_HOME, 0.0),
            "solar_to_battery": record.get(SOLAR_TO_BATTERY, 0.0),
            "battery_to_home": record.get(BATTERY_TO_HOME, 0.0),
            "smartplugs": {
                key.removeprefix(PLUG_PREFIX): value
                for key, value in record.items()
                if key.startswith(PLUG_PREFIX)
            },
            "kind": self.kind(site_id, day),
        }
