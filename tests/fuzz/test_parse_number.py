"""The one number parser of cloud values and the tolerant readers beside it."""

from __future__ import annotations

import math
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.common import (
    IssueLog,
    Reader,
    as_dict,
    as_list,
    dict_items,
    finite_json,
    parse_int,
    parse_number,
    read_id,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("290", 290.0),
        (" -12.5 ", -12.5),
        ("200W", 200.0),
        ("200 w", 200.0),
        (7, 7.0),
        (0.64, 0.64),
        ("1e3", 1000.0),
    ],
)
def test_numbers_are_read(value: Any, expected: float) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e999",
        "-1e999",
        10**400,
        True,
        False,
        "true",
        None,
        "",
        "  ",
        "12abc",
        [],
        [1],
        {},
        {"value": 1},
        "9" * 200,
    ],
)
def test_non_numbers_are_refused(value: Any) -> None:
    assert parse_number(value) is None


def test_plausible_range() -> None:
    assert parse_number("100", 0, 100) == 100.0
    assert parse_number("0", 0, 100) == 0.0
    assert parse_number("101", 0, 100) is None
    assert parse_number(-1, 0, 100) is None
    assert parse_number("-5", low=-10) == -5.0
    assert parse_number(1e300, high=1e6) is None


def test_integers_and_ids() -> None:
    assert parse_int("3") == 3
    assert parse_int(3.0) == 3
    assert parse_int("3.5") is None
    assert parse_int("nan") is None
    assert read_id("SN1") == "SN1"
    assert read_id(42) == "42"
    for junk in (["SN1"], {"sn": "SN1"}, True, 1.5, "", "  ", None, math.nan):
        assert read_id(junk) is None


def test_wrong_container_types_read_as_missing() -> None:
    assert as_dict([1]) == {}
    assert as_list({"a": 1}) == []
    assert dict_items([{"a": 1}, 2, "x", None, {"b": 2}]) == [{"a": 1}, {"b": 2}]
    assert dict_items({"0": {"a": 1}}) == []
    assert finite_json({"a": [math.nan, 1.5, {"b": -math.inf}], "c": "nan"}) == {
        "a": [None, 1.5, {"b": None}],
        "c": "nan",
    }


def test_reader_refuses_non_finite_numbers_once(caplog: pytest.LogCaptureFixture) -> None:
    issues = IssueLog()
    for _ in range(3):
        reader = Reader({"a": math.nan, "b": "1e999", "c": 10**400, "d": 5.0}, "SN1", issues)
        assert reader.real("a") is None
        assert reader.number("b") is None
        assert reader.integer("c") is None
        assert reader.integer("d") == 5
    problems = [r.getMessage() for r in caplog.records if "data problem" in r.getMessage()]
    assert len(problems) == 3, problems
