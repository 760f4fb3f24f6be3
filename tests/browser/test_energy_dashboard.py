"""The Energy dashboard filled by our history import, seen in a real browser.

The simulator serves ``sb2_plus_plugs`` (Solarbank 2 with three smart plugs) on its real clock
with some days of cloud history, in a background thread; Home Assistant 2025.4.4 starts with the
account's config entry already stored (as scripts/develop does). After the history import is
done, the test puts our statistics (``anker_solix:…``) into the Energy dashboard through the
frontend's own websocket connection (``energy/save_prefs``, what the Energy settings page sends),
opens the dashboard's day and week views and its settings page, and checks that they show our
energy: a solar total that is not 0 kWh, and the plugs among the individual devices.

With ``ANKER_SOLIX_SCREENSHOT_DIR=images`` the screenshots refresh ``images/energy_*.png``
(shown in INFO.md); otherwise they go to the test's tmp folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.anker_solix.const import (
    DEFAULT_OPTIONS,
    OPT_ENDPOINT_LIMIT,
    OPT_HISTORY_DAYS,
    OPT_MQTT,
)
from custom_components.anker_solix.statistics.series import PLUG_SERIES
from scripts._develop.hastorage import upsert_entry
from scripts._develop.prepare import SimulatorAccess, entry_spec, flow_versions
from solixsim.clock import SimClock
from solixsim.simulator import CloudSimulator
from tests.browser.conftest import HOST, RunningHomeAssistant, run_home_assistant
from tests.browser.test_frontend import log_in
from tests.conftest import SCENARIOS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
try:
    from playwright.sync_api import expect
except ImportError:  # collected without Playwright: the fixtures skip (in CI: fail) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

SCENARIO = "sb2_plus_plugs"
ZONE = ZoneInfo("Europe/Berlin")
"""The time zone of Home Assistant and the simulator (the dashboard's days)."""
HISTORY_DAYS = 10
"""Enough for a full week view; each day costs three per-day queries in this scenario."""
ENDPOINT_LIMIT = 30
"""Requests per endpoint and minute (the option's maximum, the simulator allows as many), so the
import of :data:`HISTORY_DAYS` days takes about a minute on the real clock."""
IMPORT_TIMEOUT = 600.0
"""Seconds the history import may take (seen: about 1–2 minutes)."""
TODAY_TIMEOUT = 720.0
"""Seconds until today's hours are written: the cloud's energy day starts 5 minutes after
midnight, and the energy poll comes every 5 minutes."""
TEST_TIMEOUT = 1800
"""pytest-timeout for the test: import, today's hours and the dashboard steps."""
STEP_TIMEOUT = 30_000
SIZE = {"width": 1280, "height": 800}
SETTINGS_SIZE = {"width": 1280, "height": 1500}
"""Tall enough for the settings page's grid, solar, battery and individual devices."""
MAX_BYTES = 200_000
"""A screenshot committed to the repository stays below this size."""
SLOTS = {
    "solar": "solar_production",
    "charge": "battery_charge",
    "discharge": "battery_discharge",
    "import": "grid_import",
    "export": "grid_export",
}
"""Energy dashboard slot → our series key (statistic id suffix)."""
KWH = re.compile(r"(\d+(?:[.,]\d+)?)\s?kWh")


@contextlib.contextmanager
def served_simulator(folder: Path) -> Iterator[SimulatorAccess]:
    """Serve the scenario ``folder`` on a free loopback port in a thread of its own."""
    ready = threading.Event()
    box: dict[str, Any] = {}

    async def serve() -> None:
        sim = CloudSimulator.from_scenario(folder, clock=SimClock.real(), rate_limit=ENDPOINT_LIMIT)
        stop = asyncio.Event()
        box["stop"] = (asyncio.get_running_loop(), stop)
        async with sim.serve(host=HOST, port=0) as url:
            box["access"] = SimulatorAccess(
                url=url, public_key=sim.public_key_hex, account=sim.store.meta
            )
            ready.set()
            await stop.wait()

    def run() -> None:
        try:
            asyncio.run(serve())
        except BaseException as error:  # reported to the test below
            box["error"] = error
        finally:
            ready.set()

    thread = threading.Thread(target=run, name="simulator", daemon=True)
    thread.start()
    ready.wait(60)
    if "access" not in box:
        pytest.fail(f"the simulator did not start: {box.get('error')!r}")
    try:
        yield box["access"]
    finally:
        loop, stop = box["stop"]
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)


@pytest.fixture
def energy_home_assistant(
    tmp_path: Path, browser_requirements: str, socket_enabled: None
) -> Iterator[RunningHomeAssistant]:
    """Home Assistant with the scenario's account, its history import set to a few days."""
    folder = tmp_path / SCENARIO
    shutil.copytree(SCENARIOS / SCENARIO, folder)
    meta_path = folder / "scenario.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"time_zone": str(ZONE), "history_days": HISTORY_DAYS + 5})
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with served_simulator(folder) as sim:
        spec = entry_spec(sim, flow_versions())
        options = {
            **DEFAULT_OPTIONS,
            OPT_HISTORY_DAYS: HISTORY_DAYS,
            OPT_ENDPOINT_LIMIT: ENDPOINT_LIMIT,
            OPT_MQTT: False,
        }
        entry = dataclasses.replace(spec, options=options)
        with run_home_assistant(tmp_path, lambda config: upsert_entry(config, entry)) as running:
            yield running


def call_ws(page: Page, message: dict[str, Any]) -> Any:
    """A websocket command on the frontend's own connection (the logged-in user's)."""
    return page.evaluate(
        "message => document.querySelector('home-assistant').hass.callWS(message)", message
    )


def history_import_state(page: Page) -> str | None:
    """The state of the account's *History import* sensor (idle, running, paused, done)."""
    state: str | None = page.evaluate(
        """() => {
            const states = document.querySelector('home-assistant').hass.states;
            const id = Object.keys(states).find(key => key.endsWith('_history_import'));
            return id ? states[id].state : null;
        }"""
    )
    return state


def wait_for_import(page: Page) -> None:
    """Until the history import is done (the sensor exists right after setup)."""
    deadline = time.monotonic() + IMPORT_TIMEOUT
    state = None
    while time.monotonic() < deadline:
        state = history_import_state(page)
        if state == "done":
            return
        page.wait_for_timeout(2000)
    pytest.fail(f"the history import did not finish; its state: {state}")


def wait_for_today(page: Page, statistic_id: str) -> float:
    """Until today's hours of ``statistic_id`` are written; today's change so far (kWh).

    Today's hours follow the live daily values of the energy poll after the import, so they may
    arrive a poll later than the history; right after midnight the cloud's energy day is still
    the previous one for a few minutes. At night a solar change of 0 kWh is today's true value,
    so the wait is for the hours, not for energy.
    """
    deadline = time.monotonic() + TODAY_TIMEOUT
    while time.monotonic() < deadline:
        result = call_ws(
            page,
            {
                "type": "recorder/statistic_during_period",
                "statistic_id": statistic_id,
                "calendar": {"period": "day"},
                "types": ["change"],
            },
        )
        change = result.get("change")
        if change is not None:
            return float(change)
        page.wait_for_timeout(5000)
    pytest.fail(f"{statistic_id} has no hours today after {TODAY_TIMEOUT:.0f} s")


def our_statistics(page: Page) -> dict[str, str]:
    """Our statistics with a sum: statistic id → name."""
    listed = call_ws(page, {"type": "recorder/list_statistic_ids", "statistic_type": "sum"})
    return {
        item["statistic_id"]: item.get("name") or item["statistic_id"]
        for item in listed
        if item.get("source") == "anker_solix"
    }


def energy_prefs(statistics: dict[str, str]) -> dict[str, Any]:
    """The Energy dashboard's preferences with our system's statistics and the plugs."""
    found: dict[str, str] = {}
    for slot, key in SLOTS.items():
        ids = sorted(stat for stat in statistics if stat.endswith(f"_{key}"))
        assert len(ids) == 1, f"one system statistic *_{key} expected: {ids}"
        found[slot] = ids[0]
    plugs = sorted(stat for stat in statistics if stat.endswith(f"_{PLUG_SERIES.key}"))
    assert len(plugs) == 3, f"the three plugs' statistics expected: {plugs}"
    return {
        "type": "energy/save_prefs",
        "energy_sources": [
            {"type": "solar", "stat_energy_from": found["solar"]},
            {
                "type": "battery",
                "stat_energy_from": found["discharge"],
                "stat_energy_to": found["charge"],
            },
            {
                "type": "grid",
                "flow_from": [
                    {
                        "stat_energy_from": found["import"],
                        "stat_cost": None,
                        "entity_energy_price": None,
                        "number_energy_price": None,
                    }
                ],
                "flow_to": [
                    {
                        "stat_energy_to": found["export"],
                        "stat_compensation": None,
                        "entity_energy_price": None,
                        "number_energy_price": None,
                    }
                ],
                "cost_adjustment_day": 0,
            },
        ],
        "device_consumption": [{"stat_consumption": plug} for plug in plugs],
    }


def save(page: Page, path: Path) -> None:
    """A screenshot, made a palette PNG below :data:`MAX_BYTES` where Pillow can."""
    page.screenshot(path=path)
    with contextlib.suppress(ImportError):
        from PIL import Image

        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"


def solar_shown(page: Page) -> float | None:
    """The kWh the distribution card shows for solar right now (None before it is drawn)."""
    solar = page.locator("hui-energy-distribution-card .circle-container.solar")
    if not solar.count():
        return None
    found = KWH.search(solar.first.inner_text())
    return float(found.group(1).replace(",", ".")) if found else None


def solar_change(page: Page, statistic_id: str, start: datetime, end: datetime) -> float:
    """The solar statistic's change from ``start`` to ``end`` as the recorder holds it."""
    result = call_ws(
        page,
        {
            "type": "recorder/statistic_during_period",
            "statistic_id": statistic_id,
            "fixed_period": {"start_time": start.isoformat(), "end_time": end.isoformat()},
            "types": ["change"],
        },
    )
    return float(result.get("change") or 0.0)


def open_energy(page: Page, url: str, period: str, expected: float) -> float:
    """The Energy dashboard on one of the period picker's ranges; waits for ``expected`` kWh.

    The distribution card rounds what it shows; until the range's data arrived it shows the
    previous range's total, so the test waits until the shown value matches the recorder's.
    """
    page.goto(f"{url}/energy")
    page.get_by_role("button", name="Select time period").first.click()  # the calendar icon
    page.get_by_text(period, exact=True).first.click()  # a range applies at once
    deadline = time.monotonic() + STEP_TIMEOUT / 1000
    shown = solar_shown(page)
    while shown is None or abs(shown - expected) > 0.05 + 0.01 * expected:
        if time.monotonic() > deadline:
            pytest.fail(f"{period}: the dashboard shows {shown} kWh of solar, not {expected:.2f}")
        page.wait_for_timeout(250)
        shown = solar_shown(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the charts draw after their data arrived
    return shown


@pytest.mark.timeout(TEST_TIMEOUT)
def test_energy_dashboard_shows_the_imported_history(
    energy_home_assistant: RunningHomeAssistant, browser: BrowserContext, screenshot_dir: Path
) -> None:
    """History import done → Energy dashboard set up with our statistics → non-empty views."""
    page = browser.pages[0] if browser.pages else browser.new_page()
    page.set_viewport_size(SIZE)
    page.set_default_timeout(STEP_TIMEOUT)
    expect.set_options(timeout=STEP_TIMEOUT)
    url = energy_home_assistant.url
    try:
        log_in(page, url)
        wait_for_import(page)
        statistics = our_statistics(page)
        prefs = energy_prefs(statistics)
        call_ws(page, prefs)
        wait_for_today(page, prefs["energy_sources"][0]["stat_energy_from"])

        # yesterday: a whole day of the imported history (today is still filling up)
        solar = prefs["energy_sources"][0]["stat_energy_from"]
        midnight = datetime.combine(datetime.now(ZONE).date(), datetime.min.time(), ZONE)
        day = solar_change(page, solar, midnight - timedelta(days=1), midnight)
        week = solar_change(page, solar, midnight - timedelta(days=7), midnight)
        assert 0 < day < week, f"solar yesterday {day} kWh, in the last 7 days {week} kWh"
        open_energy(page, url, "Yesterday", day)
        save(page, screenshot_dir / "energy_day.png")
        open_energy(page, url, "Last 7 days", week)
        save(page, screenshot_dir / "energy_week.png")

        page.set_viewport_size(SETTINGS_SIZE)
        page.goto(f"{url}/config/energy")
        plugs = [item["stat_consumption"] for item in prefs["device_consumption"]]
        plug_names = [statistics[stat] for stat in plugs]
        for name in plug_names:
            expect(page.get_by_text(name, exact=True).first).to_be_visible()
        save(page, screenshot_dir / "energy_settings.png")
    except (Exception, pytest.fail.Exception):
        page.screenshot(path=screenshot_dir / "failed_energy.png")
        print(f"screenshots: {screenshot_dir}\nHome Assistant:\n{energy_home_assistant.log_tail()}")
        raise
    log = energy_home_assistant.log.read_text(encoding="utf-8", errors="replace")
    ours = [line for line in log.splitlines() if " ERROR " in line and "anker_solix" in line]
    assert ours == []
