"""Config flow: add an Anker account, reauthenticate, reconfigure; options flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import callback

from .cleanup import async_find_shared_entry
from .const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_REPLAY_FOLDER,
    CONF_VERIFY_CODE,
    DEFAULT_OPTIONS,
    DOMAIN,
)
from .flow_schemas import (
    PASSWORD_SELECTOR,
    SERVER_KEYS,
    AccountCheck,
    LoginCheckError,
    PendingLogin,
    TwoFactorPendingError,
    async_check_login,
    async_example_title,
    async_replay_identifiers,
    check_replay_choice,
    code_schema,
    credentials_schema,
    example_schema,
    flatten_form_input,
    form_suggestions,
    other_region_schema,
    shared_entry_title,
)
from .migration import async_adopt_account_id
from .options_flow import SolixOptionsFlow
from .repairs import LOGIN_LOCK_HOURS
from .session_factory import bundled_examples, is_replay
from .tokenstore import HomeAssistantTokenStore

if TYPE_CHECKING:
    from .coordinator import SolixConfigEntry

MENU_OTHER_REGION = "other_region"
MENU_CREATE_ANYWAY = "create_anyway"
MENU_ACCOUNT = "account"
MENU_EXAMPLE = "example"
STEP_TWO_FACTOR = "two_factor"


class SolixConfigFlow(ConfigFlow, domain=DOMAIN):
    """Adds one Anker account (unique id: the Anker user id) or a replay of example data."""

    VERSION = 2  # 2.x: the community's 2.1 entries reach our migration (migration/entry.py)
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start without input."""
        self._data: dict[str, Any] = {}
        self._check: AccountCheck | None = None
        self._pending: PendingLogin | None = None
        """A login waiting for its two-factor code, and the data it was made with."""
        self._pending_data: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: SolixConfigEntry) -> SolixOptionsFlow:
        """The options flow of an entry."""
        return SolixOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose: an Anker account, or exploring the integration with example data."""
        return self.async_show_menu(step_id="user", menu_options=[MENU_ACCOUNT, MENU_EXAMPLE])

    async def async_step_example(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A bundled example or an export folder; the entry replays it (no account, no cloud)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                choice = await self.hass.async_add_executor_job(
                    check_replay_choice, self.hass, user_input
                )
            except LoginCheckError as err:
                errors[CONF_REPLAY_FOLDER] = err.key
            else:
                await self.async_set_unique_id(choice.unique_id)
                self._abort_if_unique_id_configured()
                # Systems another entry shows would be refused at setup: refuse them here.
                shown = await async_replay_identifiers(self.hass, choice.data)
                if async_find_shared_entry(self.hass, "", shown) is not None:
                    return self.async_abort(reason="already_configured")
                return self.async_create_entry(
                    title=await async_example_title(self.hass, choice),
                    data=choice.data,
                    options=dict(DEFAULT_OPTIONS),
                )
        examples = await self.hass.async_add_executor_job(bundled_examples)
        schema = example_schema(examples)
        return self.async_show_form(
            step_id=MENU_EXAMPLE,
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
        )

    async def async_step_account(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the credentials, the country and the acceptance of the usage terms."""
        errors: dict[str, str] = {}
        placeholders = {"hours": str(LOGIN_LOCK_HOURS), "other": ""}
        if user_input is not None:
            self._data = flatten_form_input(user_input)
            if not user_input.get(CONF_ACCEPT_TERMS):
                errors[CONF_ACCEPT_TERMS] = "terms_not_accepted"
            else:
                try:
                    check = await async_check_login(self.hass, self._data)
                except TwoFactorPendingError as err:
                    return self._async_ask_code(err.pending, self._data)
                except LoginCheckError as err:
                    errors["base"] = err.key
                else:
                    result = await self._async_account_checked(check, errors, placeholders)
                    if result is not None:
                        return result
        schema = credentials_schema(self.hass.config.country or "DE", terms=True)
        return self.async_show_form(
            step_id=MENU_ACCOUNT,
            data_schema=self.add_suggested_values_to_schema(schema, form_suggestions(self._data)),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_account_checked(
        self, check: AccountCheck, errors: dict[str, str], placeholders: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Go on with a checked new account; None (errors filled) if another entry has it."""
        self._check = check
        await self.async_set_unique_id(check.user_id)
        self._abort_if_unique_id_configured()
        other = shared_entry_title(self.hass, "", check)
        if other is None:
            return await self._async_create_or_ask_region()
        errors["base"] = "duplicate_devices"
        placeholders["other"] = other
        return None

    def _async_ask_code(self, pending: PendingLogin, data: dict[str, Any]) -> ConfigFlowResult:
        """The cloud sent a two-factor code: ask for it (the login waits in `pending`)."""
        self._pending, self._pending_data = pending, data
        return self._show_code_form({}, {})

    def _show_code_form(
        self, errors: dict[str, str], placeholders: dict[str, str]
    ) -> ConfigFlowResult:
        """The two-factor code form."""
        return self.async_show_form(
            step_id=STEP_TWO_FACTOR,
            data_schema=code_schema(),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders={"other": "", "hours": str(LOGIN_LOCK_HOURS), **placeholders},
        )

    async def async_step_two_factor(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Send the two-factor code with the waiting login; a wrong code may be typed again.

        No new login is made here: it would make the cloud send another code and void this one.
        """
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None and self._pending is not None:
            data = self._pending_data
            code = str(user_input.get(CONF_VERIFY_CODE) or "").strip()
            try:
                check = await async_check_login(
                    self.hass, data, pending=self._pending, verify_code=code
                )
            except LoginCheckError as err:
                errors["base"] = err.key
            else:
                self._pending = None
                result = await self._async_code_checked(data, check, errors, placeholders)
                if result is not None:
                    return result
        return self._show_code_form(errors, placeholders)

    async def _async_code_checked(
        self,
        data: dict[str, Any],
        check: AccountCheck,
        errors: dict[str, str],
        placeholders: dict[str, str],
    ) -> ConfigFlowResult | None:
        """Go on where the login that asked for the code came from."""
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
        elif self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
        else:
            self._data = data
            return await self._async_account_checked(check, errors, placeholders)
        return await self._async_store_account(entry, data, check, errors, placeholders)

    async def _async_create_or_ask_region(self) -> ConfigFlowResult:
        """Create the entry, or ask first when the account has no systems on this server."""
        assert self._check is not None
        if not self._check.identifiers:
            return await self.async_step_no_systems()
        return await self.async_step_create_anyway()

    async def async_step_no_systems(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The login worked but this server shows no systems: other region or add anyway."""
        return self.async_show_menu(
            step_id="no_systems",
            menu_options=[MENU_OTHER_REGION, MENU_CREATE_ANYWAY],
            description_placeholders={"country": self._data[CONF_COUNTRY]},
        )

    async def async_step_create_anyway(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Create the entry with the login of the check (its token is reused at setup)."""
        assert self._check is not None
        await HomeAssistantTokenStore(self.hass, self._check.user_id).save(self._check.login_data)
        return self.async_create_entry(
            title=self._data[CONF_EMAIL], data=self._data, options=dict(DEFAULT_OPTIONS)
        )

    async def async_step_other_region(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Try again with a country of the other cloud server."""
        assert self._check is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**self._data, CONF_COUNTRY: user_input[CONF_COUNTRY]}
            try:
                check = await async_check_login(self.hass, data)
            except TwoFactorPendingError as err:
                return self._async_ask_code(err.pending, data)
            except LoginCheckError as err:
                errors["base"] = err.key
            else:
                self._data, self._check = data, check
                await self.async_set_unique_id(check.user_id)
                self._abort_if_unique_id_configured()
                return await self._async_create_or_ask_region()
        return self.async_show_form(
            step_id=MENU_OTHER_REGION,
            data_schema=other_region_schema(self._data[CONF_COUNTRY], self._check.home_country),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders={"hours": str(LOGIN_LOCK_HOURS)},
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The stored credentials were refused: ask for the password."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Log in with the new password; the account must stay the same."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders = {"email": entry.data[CONF_EMAIL], "hours": str(LOGIN_LOCK_HOURS)}
        if user_input is not None:
            data = {**entry.data, CONF_PASSWORD: user_input[CONF_PASSWORD]}
            result = await self._async_update_account(entry, data, errors, placeholders)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR}),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change e-mail, password, country or custom server of the same account."""
        entry = self._get_reconfigure_entry()
        if is_replay(entry.data):
            return self.async_abort(reason="replay_not_reconfigurable")
        errors: dict[str, str] = {}
        placeholders = {"hours": str(LOGIN_LOCK_HOURS), "other": ""}
        # The form starts with the stored values except the password.
        values = {key: value for key, value in entry.data.items() if key != CONF_PASSWORD}
        if user_input is not None:
            values = flatten_form_input(user_input)
            # An emptied custom server section means: back to the real Anker cloud.
            kept = {key: value for key, value in entry.data.items() if key not in SERVER_KEYS}
            data = {**kept, **values}
            result = await self._async_update_account(entry, data, errors, placeholders)
            if result is not None:
                return result
        schema = credentials_schema(entry.data[CONF_COUNTRY])
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, form_suggestions(values)),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_update_account(
        self,
        entry: SolixConfigEntry,
        data: dict[str, Any],
        errors: dict[str, str],
        placeholders: dict[str, str],
    ) -> ConfigFlowResult | None:
        """Check the login of changed data and store it; None (errors filled) on failure."""
        try:
            check = await async_check_login(self.hass, data)
        except TwoFactorPendingError as err:
            return self._async_ask_code(err.pending, data)
        except LoginCheckError as err:
            errors["base"] = err.key
            return None
        return await self._async_store_account(entry, data, check, errors, placeholders)

    async def _async_store_account(
        self,
        entry: SolixConfigEntry,
        data: dict[str, Any],
        check: AccountCheck,
        errors: dict[str, str],
        placeholders: dict[str, str],
    ) -> ConfigFlowResult | None:
        """Store the checked login of the same account and reload; None (errors) if shared."""
        async_adopt_account_id(self.hass, entry, check.user_id, data[CONF_EMAIL])  # taken over
        await self.async_set_unique_id(check.user_id)
        self._abort_if_unique_id_mismatch(reason="wrong_account")
        other = shared_entry_title(self.hass, entry.entry_id, check)
        if other is not None:
            errors["base"] = "duplicate_devices"
            placeholders["other"] = other
            return None
        await HomeAssistantTokenStore(self.hass, check.user_id).save(check.login_data)
        title = data[CONF_EMAIL]
        reason = "reauth_successful" if self.source == SOURCE_REAUTH else "reconfigure_successful"
        if not entry.update_listeners:
            return self.async_update_reload_and_abort(entry, title=title, data=data, reason=reason)
        # A loaded entry reloads from its update listener when its data changes (Home
        # Assistant 2026 refuses a flow-side reload there); unchanged data is reloaded here.
        if not self.hass.config_entries.async_update_entry(entry, title=title, data=data):
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_abort(reason=reason)
