"""Two-factor login in the config flow, reauth and reconfigure; the cloud forcing encryption.

The simulator sends a code (readable in `sim.auth.two_factor_code`) when its two-factor switch
is on; a new login would send another one, so the flow's code step must never log in anew.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_COUNTRY, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir

from custom_components.anker_solix.const import CONF_PRESET_KEY, DOMAIN
from custom_components.anker_solix.diagnostics import async_get_config_entry_diagnostics
from custom_components.anker_solix.repairs import ISSUE_TRANSPORT_SWITCHED, issue_id
from custom_components.anker_solix.solixapi import ClientState, Endpoint
from custom_components.anker_solix.tokenstore import HomeAssistantTokenStore
from tests.integration.conftest import SimCloud, setup_entry, start_simulator
from tests.integration.test_config_flow import (
    arm_empty_account,
    reconfigure_input,
    start_user_flow,
    submit,
    user_input,
)

LOGIN = Endpoint.LOGIN
CODE = "verify_code"


def with_preset(cloud: SimCloud) -> dict[str, str]:
    """The simulator's own preset key (the code goes in over the encrypted transport)."""
    return {CONF_PRESET_KEY: cloud.sim.secure.preset_key_hex}


def wrong(code: str) -> str:
    """Another six-digit code."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def sent_code(cloud: SimCloud) -> str:
    """The code the simulated user received."""
    code = cloud.sim.auth.two_factor_code
    assert code is not None
    return str(code)


def logins(cloud: SimCloud) -> int:
    """Login requests the simulator answered."""
    return cloud.paths().count(LOGIN)


async def test_user_flow_asks_for_the_code(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Code step, a wrong code (no new login), the right code, then an entry that loads."""
    cloud.sim.auth.require_two_factor = True
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud, **with_preset(cloud)))
    assert (result["type"], result["step_id"]) == (FlowResultType.FORM, "two_factor")
    assert result["errors"] == {}
    code = sent_code(cloud)
    assert logins(cloud) == 1

    result = await submit(hass, result["flow_id"], {CODE: wrong(code)})
    assert (result["step_id"], result["errors"]) == ("two_factor", {"base": "invalid_code"})
    assert cloud.sim.auth.codes_sent == 1  # the code step sent the code, never a new login
    assert sent_code(cloud) == code

    result = await submit(hass, result["flow_id"], {CODE: f" {code} "})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    [entry] = hass.config_entries.async_entries(DOMAIN)
    assert entry.state is ConfigEntryState.LOADED
    assert CODE not in entry.data
    assert cloud.sim.auth.codes_sent == 1
    stored = await HomeAssistantTokenStore(hass, entry.unique_id or "").load()
    assert ClientState.from_data(stored).app_login is True

    # A later login of the entry goes the app's way from the same installation: no new code.
    await entry.runtime_data.session.login()
    assert cloud.sim.auth.codes_sent == 1


async def test_used_up_code_tells_to_start_again(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Five wrong codes void the code: the error says so; closing the flow ends it."""
    cloud.sim.auth.require_two_factor = True
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud, **with_preset(cloud)))
    code = sent_code(cloud)
    for _ in range(4):
        result = await submit(hass, result["flow_id"], {CODE: wrong(code)})
        assert result["errors"] == {"base": "invalid_code"}
    result = await submit(hass, result["flow_id"], {CODE: wrong(code)})
    assert result["errors"] == {"base": "code_expired"}
    assert cloud.sim.auth.two_factor_code is None
    hass.config_entries.flow.async_abort(result["flow_id"])
    assert hass.config_entries.async_entries(DOMAIN) == []
    # Starting again sends a new code and succeeds.
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud, **with_preset(cloud)))
    result = await submit(hass, result["flow_id"], {CODE: sent_code(cloud)})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert cloud.sim.auth.codes_sent == 2


async def test_reauth_asks_for_the_code(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Reauth: password, then the code step; the entry reloads with the new login."""
    entry = await setup_entry(hass, cloud, data=with_preset(cloud))
    cloud.sim.auth.require_two_factor = True
    result = dict(await entry.start_reauth_flow(hass))
    result = await submit(hass, result["flow_id"], {CONF_PASSWORD: cloud.account["password"]})
    assert result["step_id"] == "two_factor"
    result = await submit(hass, result["flow_id"], {CODE: wrong(sent_code(cloud))})
    assert result["errors"] == {"base": "invalid_code"}
    result = await submit(hass, result["flow_id"], {CODE: sent_code(cloud)})
    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "reauth_successful")
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert cloud.sim.auth.codes_sent == 1


async def test_reconfigure_asks_for_the_code(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Reconfigure with the code step ends like a plain reconfigure."""
    entry = await setup_entry(hass, cloud, data=with_preset(cloud))
    cloud.sim.auth.require_two_factor = True
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await submit(hass, result["flow_id"], reconfigure_input(cloud, **with_preset(cloud)))
    assert result["step_id"] == "two_factor"
    result = await submit(hass, result["flow_id"], {CODE: sent_code(cloud)})
    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "reconfigure_successful")
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_cloud_forcing_encryption_mid_session(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Polling goes on over the encrypted transport; a repair tells why; diagnostics show it."""
    preset = cloud.sim.secure.preset_key_hex
    entry = await setup_entry(hass, cloud, data={CONF_PRESET_KEY: preset}, complete=True)
    coordinator = entry.runtime_data.coordinator
    registry = ir.async_get(hass)
    assert (
        registry.async_get_issue(DOMAIN, issue_id(ISSUE_TRANSPORT_SWITCHED, entry.entry_id)) is None
    )
    cloud.sim.secure.require_encrypted = True
    cloud.clock.advance(300)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.last_update_success
    assert entry.runtime_data.session.transport == "encrypted"
    issue = registry.async_get_issue(DOMAIN, issue_id(ISSUE_TRANSPORT_SWITCHED, entry.entry_id))
    assert issue is not None
    assert issue.translation_placeholders == {"title": entry.title}
    refused = [r for r in cloud.recorder.records if r.status == 403]
    assert refused  # the plain poll was refused once, then everything went encrypted
    cloud.recorder.records.clear()
    cloud.clock.advance(300)
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert cloud.recorder.records
    assert all(r.status == 200 for r in cloud.recorder.records)

    diagnostics: dict[str, Any] = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["transport"]["in_use"] == "encrypted"
    assert diagnostics["transport"]["switched_by_cloud"] is True
    text = str(diagnostics)
    for secret in [preset, *(key.hex() for key in cloud.sim.secure.sessions.values())]:
        assert secret not in text

    # After a restart the entry starts encrypted and tells the user again.
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.session.transport == "encrypted"


async def test_other_region_asks_for_the_code(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The other-region retry may need a code too; the entry gets that region."""
    result = await start_user_flow(hass)
    arm_empty_account(cloud)
    result = await submit(hass, result["flow_id"], user_input(cloud, **with_preset(cloud)))
    assert result["step_id"] == "no_systems"
    result = await submit(hass, result["flow_id"], {"next_step_id": "other_region"})
    cloud.sim.auth.require_two_factor = True
    result = await submit(hass, result["flow_id"], {CONF_COUNTRY: "US"})
    assert result["step_id"] == "two_factor"
    result = await submit(hass, result["flow_id"], {CODE: sent_code(cloud)})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_COUNTRY] == "US"


async def test_code_error_without_a_code_is_a_refused_login(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A verification error answered to the password itself reads as a refused login."""
    result = await start_user_flow(hass)
    cloud.faults.add(LOGIN, code=26050)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["errors"] == {"base": "invalid_auth"}
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_lookup_sends_the_account_to_the_other_server(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """The flow asks the lookup; IN goes to the second host, and the entry stays there."""
    other = start_simulator(cloud.scenario)
    other.keys = cloud.sim.keys  # the real hosts share the login key too (§1.2)
    other.auth.keys = cloud.sim.keys
    async with other.serve() as other_url:
        cloud.sim.secure.lookup = {"IN": other_url.removeprefix("http://")}
        result = await start_user_flow(hass)
        result = await submit(hass, result["flow_id"], user_input(cloud, **{CONF_COUNTRY: "IN"}))
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        [entry] = hass.config_entries.async_entries(DOMAIN)
        assert entry.state is ConfigEntryState.LOADED
        assert cloud.paths() == [Endpoint.ESTIMATE_DOMAIN]
        assert other.recorder.records[0].path == LOGIN
        assert len(other.recorder.records) > 3  # the check and the entry's polls
        assert entry.runtime_data.session.server_url == other_url
        diagnostics = await async_get_config_entry_diagnostics(hass, entry)
        assert diagnostics["transport"]["server_from_lookup"] is True
        await hass.config_entries.async_unload(entry.entry_id)
