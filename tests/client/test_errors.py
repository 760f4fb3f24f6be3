"""Error hierarchy and the §3.4 code table."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixAuthError,
    SolixBusyError,
    SolixConnectionError,
    SolixError,
    SolixInvalidCredentialsError,
    SolixItemExistsError,
    SolixItemLimitError,
    SolixLoginLockedError,
    SolixNotFoundError,
    SolixPayloadError,
    SolixPermissionError,
    SolixRateLimitError,
    SolixRequestError,
    SolixServerError,
    SolixVerifyCodeError,
    error_for_code,
)

ENDPOINT = "power_service/v1/site/get_site_list"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (400, SolixRequestError),
        (401, SolixAuthError),
        (403, SolixAuthError),
        (429, SolixRateLimitError),
        (502, SolixConnectionError),
        (504, SolixConnectionError),
        (997, SolixConnectionError),
        (998, SolixConnectionError),
        (999, SolixServerError),
        (503, SolixServerError),
        (500, SolixServerError),
        (10000, SolixRequestError),
        (10003, SolixRequestError),
        (10004, SolixNotFoundError),
        (10007, SolixRequestError),
        (21105, SolixBusyError),
        (26050, SolixVerifyCodeError),
        (26055, SolixVerifyCodeError),
        (26070, SolixAuthError),
        (26084, SolixAuthError),
        (26108, SolixInvalidCredentialsError),
        (26156, SolixInvalidCredentialsError),
        (26161, SolixRequestError),
        (31001, SolixItemExistsError),
        (31003, SolixItemLimitError),
        (100053, SolixLoginLockedError),
        (160003, SolixPermissionError),
        (200104, SolixRequestError),
    ],
)
def test_codes_map_to_their_error_class(code: int, expected: type[SolixError]) -> None:
    """Each listed code gets exactly its class, with code and endpoint attached."""
    error = error_for_code(code, "Failed to request.", ENDPOINT)
    assert type(error) is expected
    assert error is not None
    assert error.code == code
    assert error.endpoint == ENDPOINT
    assert str(code) in str(error)


@pytest.mark.parametrize("code", [0, -1, 1, 404, 9999])
def test_unlisted_low_codes_do_not_raise(code: int) -> None:
    """Success and unlisted codes below 10000 (notably -1) return None."""
    assert error_for_code(code, "Failed to request.", ENDPOINT) is None


def test_hierarchy() -> None:
    """Subclass relations of CONTRIBUTING.md."""
    for auth in (SolixInvalidCredentialsError, SolixLoginLockedError, SolixVerifyCodeError):
        assert issubclass(auth, SolixAuthError)
    for request in (
        SolixNotFoundError,
        SolixPermissionError,
        SolixItemExistsError,
        SolixItemLimitError,
    ):
        assert issubclass(request, SolixRequestError)
    for direct in (
        SolixConnectionError,
        SolixServerError,
        SolixPayloadError,
        SolixRateLimitError,
        SolixBusyError,
        SolixAuthError,
        SolixRequestError,
    ):
        assert direct.__mro__[1] is SolixError


def test_long_messages_are_cut() -> None:
    """Server text longer than 200 characters is shortened."""
    error = error_for_code(503, "<html>" + "x" * 5000, ENDPOINT)
    assert error is not None
    assert len(error.msg) == 200
    assert len(str(error)) < 300
