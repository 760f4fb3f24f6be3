"""Device pictures in a real browser: the option turned on and off through the options dialog.

Runs on the Home Assistant of test_frontend.py (the session's ``home_assistant``) with the example
entry that test added (added here through the same flow when this test runs alone). With the
option off, the main sensors show their icons; the test switches "Show device pictures" on in the
real options dialog and checks that the Solarbank's page and the Overview dashboard show our
drawings (each badge's image under our static path, loaded by the browser with a width), one per
family of the example (system, Solarbank 2, smart meter), then switches it off again and sees the
icons come back.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.device_pictures import PICTURES_URL
from tests.browser.conftest import RunningHomeAssistant
from tests.browser.test_energy_dashboard import call_ws, save
from tests.browser.test_frontend import (
    ENTITY_ROW,
    PAGE_SIZE,
    SOLARBANK,
    STEP_TIMEOUT,
    TRANSLATIONS,
    add_example_entry,
    log_in,
    open_device,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page
try:
    from playwright.sync_api import expect
except ImportError:  # collected without Playwright: the fixtures skip (in CI: fail) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

OPTION = TRANSLATIONS["options"]["step"]["init"]["data"]["device_pictures"]
"""The option's label in the options dialog ("Show device pictures")."""
SOC = TRANSLATIONS["entity"]["sensor"]["battery_soc"]["name"]
"""The Solarbank's main sensor: its state of charge carries the picture."""
ACCOUNT = "Example account"
"""The example entry's account device."""
EXAMPLE_PICTURES = {"system", "solarbank2", "smartmeter"}
"""The families of the example's system and devices on the Overview dashboard (file stems).
The account's main sensor is diagnostic, so the Overview leaves it out."""
OVERVIEW_SIZE = {"width": 1280, "height": 1600}
"""Tall enough for the screenshot to show the Solarbank's state of charge in its card."""
PICTURE = re.compile(rf'url\("?(?P<url>[^")]*{re.escape(PICTURES_URL)}/(?P<stem>[\w-]+)\.svg)"?\)')
"""A badge's CSS background image when it shows one of our pictures."""


def badge_picture(badge: Locator) -> str | None:
    """The file stem of our picture a ``state-badge`` shows, None when it shows none."""
    style: str = badge.evaluate("badge => getComputedStyle(badge).backgroundImage")
    found = PICTURE.search(style)
    return found.group("stem") if found else None


def shown_pictures(page: Page) -> dict[str, str]:
    """File stem → absolute URL of each of our pictures a badge on the page shows."""
    styles: list[str] = page.locator("state-badge").evaluate_all(
        "badges => badges.map(badge => getComputedStyle(badge).backgroundImage)"
    )
    found = (PICTURE.search(style) for style in styles)
    return {match.group("stem"): match.group("url") for match in found if match}


def wait_for_pictures(page: Page, expected: set[str]) -> dict[str, str]:
    """Wait until the page's badges show exactly the ``expected`` pictures (stems → URLs)."""
    deadline = time.monotonic() + STEP_TIMEOUT / 1000
    while True:
        shown = shown_pictures(page)
        if set(shown) == expected:
            return shown
        if time.monotonic() > deadline:
            pytest.fail(f"the page shows pictures {sorted(shown)}, expected {sorted(expected)}")
        page.wait_for_timeout(250)


def natural_width(page: Page, url: str) -> int:
    """The width the browser decodes the image at ``url`` with (0 when it cannot load it)."""
    width: int = page.evaluate(
        """async url => {
            const image = new Image();
            image.src = url;
            try { await image.decode(); } catch (error) { return 0; }
            return image.naturalWidth;
        }""",
        url,
    )
    return width


def assert_loaded(page: Page, url: str, pictures: dict[str, str]) -> None:
    """Every picture is served under our static path and decodes with a width."""
    for stem, address in pictures.items():
        assert address == f"{url}{PICTURES_URL}/{stem}.svg", address
        assert natural_width(page, address) > 0, f"{stem}: {address} does not load"


def soc_badge(page: Page) -> Locator:
    """The badge of the Solarbank's state of charge row (its device page, or its Overview card)."""
    row = page.locator(ENTITY_ROW).filter(has=page.get_by_text(SOC, exact=True)).first
    expect(row).to_be_visible()
    return row.locator("state-badge").first


def set_option(page: Page, url: str, on: bool) -> None:
    """Switch "Show device pictures" in the integration's options dialog and submit."""
    title = TRANSLATIONS["options"]["step"]["init"]["title"]
    page.goto(f"{url}/config/integrations/integration/anker_solix")
    page.get_by_role("button", name="Configure").first.click()
    expect(page.get_by_text(title, exact=True)).to_be_visible()
    switch = page.get_by_role("switch", name=OPTION)
    expect(switch).to_be_visible()
    if switch.is_checked() != on:
        switch.click()
    expect(switch).to_be_checked(checked=on)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text(title, exact=True)).to_be_hidden()


def open_overview(page: Page, url: str) -> None:
    """The Overview dashboard (generated from the entities)."""
    page.goto(f"{url}/lovelace/0")
    expect(page.locator("hui-entities-card").first).to_be_visible()


def check_icons(page: Page, url: str) -> None:
    """Option off: the Solarbank's state of charge shows its icon, no badge shows our picture."""
    open_device(page, url, SOLARBANK)
    badge = soc_badge(page)
    expect(badge.locator("ha-state-icon")).to_be_visible()
    assert badge_picture(badge) is None
    assert shown_pictures(page) == {}


def check_device_pages(page: Page, url: str) -> None:
    """Option on: the state of charge shows the Solarbank 2 picture instead of its icon; the
    account's page shows the account's (on its last error: an example counts no requests)."""
    open_device(page, url, SOLARBANK)
    badge = soc_badge(page)
    expect(badge.locator("ha-state-icon")).to_have_count(0)
    assert badge_picture(badge) == "solarbank2"
    assert_loaded(page, url, wait_for_pictures(page, {"solarbank2"}))  # only there
    # The account is a service: its page says "Service info", not "Device info".
    page.goto(f"{url}/config/devices/dashboard")
    page.get_by_text(ACCOUNT, exact=True).first.click()
    page.wait_for_url("**/config/devices/device/**")
    expect(page.get_by_text("Service info", exact=True)).to_be_visible()
    assert_loaded(page, url, wait_for_pictures(page, {"account"}))


def check_overview(page: Page, url: str, shots: Path) -> None:
    """Option on: the Overview shows one picture per family, each loaded."""
    open_overview(page, url)
    assert_loaded(page, url, wait_for_pictures(page, EXAMPLE_PICTURES))
    assert badge_picture(soc_badge(page)) == "solarbank2"
    # The check itself can fail: a picture we do not ship does not load.
    assert natural_width(page, f"{url}{PICTURES_URL}/missing.svg") == 0
    page.set_viewport_size(OVERVIEW_SIZE)
    save(page, shots / "device_pictures.png")
    page.set_viewport_size(PAGE_SIZE)


def check_icons_again(page: Page, url: str) -> None:
    """Option off again: the Overview's badges show icons again (applies at once)."""
    open_overview(page, url)
    wait_for_pictures(page, set())
    expect(soc_badge(page).locator("ha-state-icon")).to_be_visible()


def test_device_pictures_follow_the_option(
    home_assistant: RunningHomeAssistant, browser: BrowserContext, screenshot_dir: Path
) -> None:
    """Icons while off; switched on in the options dialog, our pictures; off again, icons."""
    page = browser.pages[0] if browser.pages else browser.new_page()
    page.set_default_timeout(STEP_TIMEOUT)
    expect.set_options(timeout=STEP_TIMEOUT)
    url = home_assistant.url

    def log_in_with_example() -> None:
        log_in(page, url)
        if not call_ws(page, {"type": "config_entries/get", "domain": DOMAIN}):
            add_example_entry(page, screenshot_dir)  # run alone: the frontend test did not

    steps = (
        ("log-in", log_in_with_example),
        ("icons", lambda: check_icons(page, url)),
        ("option on", lambda: set_option(page, url, on=True)),
        ("device pages", lambda: check_device_pages(page, url)),
        ("overview", lambda: check_overview(page, url, screenshot_dir)),
        ("option off", lambda: set_option(page, url, on=False)),
        ("icons again", lambda: check_icons_again(page, url)),
    )
    timings: dict[str, float] = {}
    for name, step in steps:
        started = time.monotonic()
        try:
            step()
        except (Exception, pytest.fail.Exception):  # assertions, timeouts, pytest.fail
            page.screenshot(path=screenshot_dir / f"failed_pictures_{name.replace(' ', '_')}.png")
            print(f"screenshots: {screenshot_dir}\nHome Assistant:\n{home_assistant.log_tail()}")
            raise
        timings[name] = time.monotonic() - started
    print("step seconds: " + ", ".join(f"{name} {took:.1f}" for name, took in timings.items()))
    log = home_assistant.log.read_text(encoding="utf-8", errors="replace")
    ours = [line for line in log.splitlines() if " ERROR " in line and "anker_solix" in line]
    assert ours == []
