"""The one path every control and action write takes: errors translated, cache shown, one confirm.

Controls and actions call `async_run_write(coordinator, api_call)`. The client library validates
the input, writes, and updates its caches from the answer (schedule changes also read the plan
back). Afterwards the entities get the updated snapshot at once and the scheduler plans at most
one confirming poll (debounced over several writes), so a burst of changes never storms the cloud.
Actions that read fresh from the cloud call `async_run_read(coordinator, api_call)`: the same
error translation, nothing published. While the account's "Cloud polling" switch is off, both
refuse with `cloud_polling_off` before anything is sent (local customizations pass ``local=True``).
Both are interactive: if the per-endpoint limit would hold the call back longer than
`INTERACTIVE_MAX_WAIT`, they refuse at once with `cloud_busy_retry_in` (nothing is sent).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Awaitable
from datetime import timedelta
from typing import Final

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN, LOGGER
from .coordinator import SolixCoordinator
from .solixapi import (
    MqttNotConfirmedError,
    SolixAuthError,
    SolixControlError,
    SolixError,
    SolixRateLimitError,
    SolixRateLimitWaitError,
    SolixUnconfirmedError,
    SolixVerifyError,
)

CLOUD_POLLING_OFF: Final = "cloud_polling_off"
"""The refusal of every request while the account's "Cloud polling" switch is off."""
CLOUD_BUSY_RETRY_IN: Final = "cloud_busy_retry_in"
"""The refusal of a call that would wait longer than `INTERACTIVE_MAX_WAIT` for the limit."""
INTERACTIVE_MAX_WAIT: Final = 5.0
"""Longest wait (s) for the per-endpoint limit a user-initiated call accepts (polls wait on)."""


def ensure_cloud_requests(coordinator: SolixCoordinator) -> None:
    """Raise the translated `cloud_polling_off` refusal while cloud polling is off."""
    if coordinator.polling_paused:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key=CLOUD_POLLING_OFF)


def _refuse_while_paused(coordinator: SolixCoordinator, call: Awaitable[object]) -> None:
    """Refuse a call that would send requests while polling is off (the call never runs)."""
    if not coordinator.polling_paused:
        return
    if inspect.iscoroutine(call):
        call.close()
    ensure_cloud_requests(coordinator)


async def async_run_write[T](
    coordinator: SolixCoordinator,
    call: Awaitable[T],
    *,
    confirm: bool = True,
    local: bool = False,
    live: bool = False,
) -> T:
    """Await a library write and publish its result.

    ``confirm``: plan one confirming poll with details (False when the write already read its
    result back, as schedule changes do). ``local``: the call sends no request (customizations),
    so it runs while cloud polling is off; any other call is refused then. Raises
    `ServiceValidationError` for refused input (nothing was sent) and `HomeAssistantError` for a
    failed write (the cache keeps the previous value, so the entity shows it again) or for a
    write that was accepted but not read back (`write_not_confirmed`: the cache shows the
    written value and a confirming poll is planned). ``live``: a device command over MQTT
    (no cloud poll follows: the entities get the live values, and a command the device did not
    confirm raises the translated ``mqtt_not_confirmed`` with the previous value shown again).
    """
    if not local:
        _refuse_while_paused(coordinator, call)
    try:
        with coordinator.session.max_wait(INTERACTIVE_MAX_WAIT):
            result = await call
    except SolixRateLimitWaitError as err:
        raise _busy(err) from err
    except SolixControlError as err:
        raise _refusal(err) from err
    except MqttNotConfirmedError as err:
        publish_live(coordinator)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=err.reason,
            translation_placeholders=err.placeholders,
        ) from err
    except SolixUnconfirmedError as err:
        # Accepted, but not read back: the cache shows the written value, a poll confirms it.
        _publish(coordinator, confirm=True)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="write_not_confirmed",
            translation_placeholders={"error": str(err)},
        ) from err
    except SolixVerifyError as err:
        _publish(coordinator, confirm=True)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="write_not_verified",
            translation_placeholders={"error": str(err)},
        ) from err
    except SolixAuthError as err:
        raise _auth_failed(coordinator) from err
    except SolixRateLimitError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="write_rate_limited",
            translation_placeholders={"endpoint": err.endpoint},
        ) from err
    except SolixError as err:
        LOGGER.debug("Write failed: %s", err)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="write_failed",
            translation_placeholders={"error": str(err)},
        ) from err
    if live:
        publish_live(coordinator)
    else:
        _publish(coordinator, confirm=confirm)
    return result


async def async_run_read[T](
    coordinator: SolixCoordinator, call: Awaitable[T], *, failed_key: str = "read_failed"
) -> T:
    """Await a fresh library read (the caches stay as they are).

    Raises `ServiceValidationError` for refused input (nothing was sent), starts a reauth on an
    authentication error, and raises `HomeAssistantError` with ``failed_key`` (placeholder
    ``error``) for any other cloud error; refuses with `cloud_polling_off` while polling is off.
    """
    _refuse_while_paused(coordinator, call)
    try:
        with coordinator.session.max_wait(INTERACTIVE_MAX_WAIT):
            return await call
    except SolixRateLimitWaitError as err:
        raise _busy(err) from err
    except SolixControlError as err:
        raise _refusal(err) from err
    except SolixAuthError as err:
        raise _auth_failed(coordinator) from err
    except SolixError as err:
        LOGGER.debug("Read failed: %s", err)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=failed_key,
            translation_placeholders={"error": str(err)},
        ) from err


def _refusal(err: SolixControlError) -> ServiceValidationError:
    """The library's refusal as a translated validation error."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.reason,
        translation_placeholders=err.placeholders,
    )


def _busy(err: SolixRateLimitWaitError) -> HomeAssistantError:
    """The translated "next change in N s" refusal of a call that sent nothing."""
    seconds = math.ceil(err.retry_after or 0)
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=CLOUD_BUSY_RETRY_IN,
        translation_placeholders={"seconds": str(seconds)},
    )


def _auth_failed(coordinator: SolixCoordinator) -> HomeAssistantError:
    """Start the entry's reauth flow; the error the caller raises."""
    coordinator.config_entry.async_start_reauth(coordinator.hass)
    return HomeAssistantError(translation_domain=DOMAIN, translation_key="auth_failed")


def publish_live(coordinator: SolixCoordinator) -> None:
    """Show the live values (laid over the cloud snapshot) without touching the poll plan."""
    if coordinator.data:
        coordinator.data = coordinator.snapshot()
        coordinator.async_update_listeners()


def _publish(coordinator: SolixCoordinator, *, confirm: bool) -> None:
    """Hand the updated caches to the entities; plan the confirming poll first if asked.

    `async_set_updated_data` reschedules the next poll with `update_interval`, so the interval
    is set to the scheduler's confirmation time before. No poll is planned while polling is off.
    """
    if confirm and not coordinator.polling_paused:
        coordinator.update_interval = timedelta(seconds=coordinator.scheduler.note_write())
    coordinator.async_set_updated_data(coordinator.snapshot())
