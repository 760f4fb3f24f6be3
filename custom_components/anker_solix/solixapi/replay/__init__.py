"""A session that answers from an export folder instead of the cloud (example-data mode; the
simulator serves its reads through the same routes).

May import from the library: common, cloud.
"""

from .energy import (
    ANALYSIS,
    PV_STATISTICS,
    STATISTICS,
    day_answer,
    interval_answer,
    requested_days,
    shift_energy_response,
)
from .energy_days import number_of
from .request import (
    CODE_FAILED,
    CODE_NO_PERMISSION,
    FAILED,
    NO_PERMISSION,
    Envelope,
    Handler,
    ReplayRequest,
    is_owner_of_request,
)
from .routes import READ_ROUTES
from .session import ReplaySession
from .store import (
    ACCOUNT_CACHE_FILE,
    DEFAULT_COUNTRY,
    DEFAULT_EMAIL,
    DEFAULT_NICK_NAME,
    DEFAULT_UTC_OFFSET_MINUTES,
    META_FILE,
    MISSING_FILES_DEFAULTS,
    MISSING_FILES_FAIL,
    MISSING_FILES_KEY,
    ReplayAccount,
    ReplayStore,
    is_export_folder,
    read_response_files,
    scene_updated_time,
)

__all__ = [
    "ACCOUNT_CACHE_FILE",
    "ANALYSIS",
    "CODE_FAILED",
    "CODE_NO_PERMISSION",
    "DEFAULT_COUNTRY",
    "DEFAULT_EMAIL",
    "DEFAULT_NICK_NAME",
    "DEFAULT_UTC_OFFSET_MINUTES",
    "FAILED",
    "META_FILE",
    "MISSING_FILES_DEFAULTS",
    "MISSING_FILES_FAIL",
    "MISSING_FILES_KEY",
    "NO_PERMISSION",
    "PV_STATISTICS",
    "READ_ROUTES",
    "STATISTICS",
    "Envelope",
    "Handler",
    "ReplayAccount",
    "ReplayRequest",
    "ReplaySession",
    "ReplayStore",
    "day_answer",
    "interval_answer",
    "is_export_folder",
    "is_owner_of_request",
    "number_of",
    "read_response_files",
    "requested_days",
    "scene_updated_time",
    "shift_energy_response",
]
