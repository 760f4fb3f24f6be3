"""Backfill of past energy (§7.1): which queries to make for a day range, and running them.

Range queries (``type "week"``, start < end) carry one value per day in ``power[]`` (and the
grid's import in ``charge_trend``); values the cloud gives only as interval totals (battery
charge, smart plugs) need one query per day. :func:`plan_backfill` makes the fewest queries for
a set of days; :func:`run_backfill` runs them through the shared session, leaving slots of the
endpoint's window to live polling, and returns the values per day.

May import from the library: common, cloud.
"""

from .plan import (
    DAY_SERIES,
    MAX_RANGE_DAYS,
    RANGE_SERIES,
    BackfillPlan,
    HistoryQuery,
    plan_backfill,
)
from .plan import runs as day_runs
from .run import BackfillResult, run_backfill

__all__ = [
    "DAY_SERIES",
    "MAX_RANGE_DAYS",
    "RANGE_SERIES",
    "BackfillPlan",
    "BackfillResult",
    "HistoryQuery",
    "day_runs",
    "plan_backfill",
    "run_backfill",
]
