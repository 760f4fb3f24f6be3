"""Past days of X1 (HES) and Power Panel energy statistics (§7.5 ``week`` answers).

The exported days of the ``<prefix>_<source>_<site>`` files keep the file's values (the
replay's answer); every other past day back to ``history_days`` before the first energy request
is synthesized (:func:`solixsim.energy.history.synthesize`) from the latest complete exported
day, whose battery charge follows from the balance (solar + discharge + import = home + charge +
export). The four sources of a day come from one record, so they always balance: ``solar``
production, ``hes`` discharge, ``home`` usage and ``grid`` import (``negValue``: the export,
negative). Today and the future keep the replay's answer.
"""

from __future__ import annotations

from datetime import date, timedelta

from custom_components.anker_solix.solixapi import number_of
from solixsim.energy.flows import (
    CHARGE,
    DISCHARGE,
    GRID_TO_BATTERY,
    HOME,
    SOLAR,
    Record,
    grid_export,
    grid_import,
)
from solixsim.energy.history import synthesize
from solixsim.energy.model import EnergyModel

SOURCES = ("solar", "hes", "home", "grid")
IMPORT = "import"
EXPORT = "export"


def _entries(model: EnergyModel, prefix: str, source: str, site_id: str) -> list[dict[str, object]]:
    data = model.store.data(f"{prefix}_{source}_{site_id}")
    entries = data.get("energy") if isinstance(data, dict) else None
    return [entry for entry in entries or [] if isinstance(entry, dict)]


def exported_days(model: EnergyModel, prefix: str, site_id: str) -> dict[date, Record]:
    """The exported days (consecutive, ending the file's today) as records."""
    by_source = {source: _entries(model, prefix, source, site_id) for source in SOURCES}
    count = min((len(entries) for entries in by_source.values()), default=0)
    last = model.times.file_today(site_id)
    days: dict[date, Record] = {}
    for index in range(count):

        def value(source: str, key: str = "value", i: int = index) -> float:
            return abs(number_of(by_source[source][i].get(key)) or 0.0)

        days[last - timedelta(days=count - 1 - index)] = {
            SOLAR: value("solar"),
            DISCHARGE: value("hes"),
            HOME: value("home"),
            IMPORT: value("grid"),
            EXPORT: value("grid", "negValue"),
        }
    return days


def statistics_record(model: EnergyModel, prefix: str, site_id: str, day: date) -> Record | None:
    """A synthesized past day's record; None where the replay answers (exported, today, none)."""
    exported = exported_days(model, prefix, site_id)
    if day in exported or day >= model.times.today() or day < model.first_day():
        return None
    complete = sorted(known for known in exported if known < model.times.file_today(site_id))
    if not complete:
        return None
    reference_day = complete[-1]
    ref = exported[reference_day]
    charge = ref[SOLAR] + ref[DISCHARGE] + ref[IMPORT] - ref[HOME] - ref[EXPORT]
    reference = {
        SOLAR: ref[SOLAR],
        DISCHARGE: ref[DISCHARGE],
        HOME: ref[HOME],
        CHARGE: max(charge, ref[DISCHARGE]),
        GRID_TO_BATTERY: 0.0,
    }
    record = synthesize(site_id, day, reference, reference_day)
    record[IMPORT] = grid_import(record)
    record[EXPORT] = grid_export(record)
    return record


def source_value(record: Record, source: str) -> tuple[float, float]:
    """(value, negValue) of one source's ``energy[]`` entry for a day's record."""
    values = {
        "solar": (record.get(SOLAR, 0.0), 0.0),
        "hes": (record.get(DISCHARGE, 0.0), 0.0),
        "home": (record.get(HOME, 0.0), 0.0),
        "grid": (record.get(IMPORT, 0.0), -record.get(EXPORT, 0.0)),
    }
    return values.get(source, (0.0, 0.0))


def fill_week(
    model: EnergyModel, prefix: str, site_id: str, source: str, start: date, data: dict[str, object]
) -> dict[str, object]:
    """A ``week`` answer with the synthesized days' entries (and total) filled in."""
    entries = data.get("energy")
    if not isinstance(entries, list) or source not in SOURCES:
        return data
    filled: list[object] = []
    for index, entry in enumerate(entries):
        record = statistics_record(model, prefix, site_id, start + timedelta(days=index))
        if isinstance(entry, dict) and record is not None:
            value, negative = source_value(record, source)
            entry = {
                **entry,
                "value": f"{value:.2f}",
                "negValue": f"{negative:.2f}" if negative else "0",
                "rods": [{"from": "0", "to": f"{value:.2f}", "sourceType": source}],
            }
        filled.append(entry)
    return {**data, "energy": filled}
