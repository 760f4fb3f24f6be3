"""Texts that count days read right for a single day, in every language.

The history import's notification (`statistics/job.py`: progress, done, paused) fills in the
days done and the days in total with plain text replacement in the user's language, and a
one-day import (start date = end date, or the first setup with one day of history) is ordinary.
Neither Home Assistant's backend (str.format; it also logs an error for every localized text
that `string.Formatter` cannot parse) nor our replacement knows ICU plurals, so these texts name
the count after a label ("days done: 1 of 1") instead of putting a plural noun after it.
"""

from __future__ import annotations

import re

import pytest

from tests.validation.test_strings import LANGUAGES, flatten, load

COUNTS = ("done", "total")
"""Placeholders that hold a number of days that can be 1."""
PLURAL_DAYS = {
    "de": r"Tage|Tagen",
    "en": r"days",
    "es": r"días",
    "fr": r"jours",
    "it": r"giorni",
    "nl": r"dagen",
    "pl": r"dni",
}
"""The plural (and Polish genitive plural) of "day": wrong right after the number 1."""


def test_every_language_has_its_plural_forms() -> None:
    """The table covers exactly the shipped languages (a new one needs its plural here)."""
    assert sorted(PLURAL_DAYS) == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_day_reads_right(language: str) -> None:
    """Each text with a day count, rendered for one day, has no plural noun after the 1."""
    wrong = re.compile(rf"\b1\s+({PLURAL_DAYS[language]})\b")
    rendered = {}
    for key, text in flatten(load(language)).items():
        if not any(f"{{{name}}}" in text for name in COUNTS):
            continue
        for name in COUNTS:
            text = text.replace(f"{{{name}}}", "1")
        rendered[key] = text
    assert rendered, "no text counts days any more: the placeholders changed"
    bad = {key: text for key, text in rendered.items() if wrong.search(text)}
    assert bad == {}
