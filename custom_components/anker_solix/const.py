"""Constants of the Anker Solix integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "anker_solix"
LOGGER = logging.getLogger(__package__)
