"""The browser test's fixtures: Home Assistant with its frontend in a subprocess, and Chromium.

Home Assistant 2025.4.4 runs as ``python -m homeassistant`` (the test's own interpreter, which
needs the frontend package: requirements/browser.txt) on a free loopback port with a fresh config
dir prepared by scripts/develop's generator: onboarding done, one owner who logs in with
:data:`USER`. The integration is not set up; the test adds it through the frontend.

Playwright drives Debian's ``chromium`` (``ANKER_SOLIX_CHROMIUM`` names another binary); no
browser is ever downloaded. When Playwright, the browser or the frontend is missing, the test is
skipped with the reason, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_socket

from scripts._develop.haconfig import (
    configuration_yaml,
    link_custom_components,
    write_configuration,
)
from scripts._develop.hastorage import DevUser, ensure_user, mark_onboarding_done
from tests.conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

USER = DevUser(username="tester", password="tester-password", name="Tester")
HOST = "127.0.0.1"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Without the background-networking flags Chromium keeps trying hosts this machine cannot reach."""
START_TIMEOUT = 180.0
"""Seconds Home Assistant may take until it serves the frontend (seen: 4–20 s)."""
STOP_TIMEOUT = 60.0
SCREENSHOT_DIR_ENV = "ANKER_SOLIX_SCREENSHOT_DIR"
"""Where the screenshots go (relative to the repository); default: the test's tmp_path."""


def unavailable(reason: str) -> None:
    """Skip the browser test with ``reason``; in CI (``CI=true``) fail instead."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_binary() -> str | None:
    """The Chromium executable: ``$ANKER_SOLIX_CHROMIUM``, else Debian's ``chromium``."""
    named = os.environ.get("ANKER_SOLIX_CHROMIUM")
    if named:
        return shutil.which(named)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No in-process Home Assistant here: the instance under test is a subprocess."""


@dataclass(frozen=True)
class RunningHomeAssistant:
    """A Home Assistant subprocess serving its frontend."""

    url: str
    config_dir: Path
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of Home Assistant's output, for failure messages."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _serves_frontend(url: str) -> bool:
    """True when ``url``/manifest.json answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/manifest.json", timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL when Home Assistant does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def browser_requirements() -> str:
    """The Chromium binary; skips (fails in CI) when Playwright, Chromium or the frontend lack."""
    if importlib.util.find_spec("playwright") is None:
        unavailable(
            f"Playwright is not installed for {sys.executable}: scripts/test runs this test "
            "with .envs/browser (requirements/browser.txt)"
        )
    if importlib.util.find_spec("hass_frontend") is None:
        unavailable(
            f"Home Assistant's frontend is not installed for {sys.executable}: "
            "use .envs/browser (requirements/browser.txt)"
        )
    binary = chromium_binary()
    if binary is None:
        unavailable(
            "no chromium on PATH: scripts/test installs Debian's chromium when running as root "
            "(apt-get install chromium)"
        )
    assert binary is not None
    return binary


@pytest.fixture(scope="session")
def home_assistant(
    tmp_path_factory: pytest.TempPathFactory, browser_requirements: str
) -> Iterator[RunningHomeAssistant]:
    """Home Assistant with a fresh config dir on a free loopback port, stopped after the session.

    The frontend tests share it (one start instead of one per test): test_frontend.py adds the
    example entry through the flow, test_frontend_pictures.py (collected after it) reuses that
    entry and adds it itself only when it runs alone.
    """
    # Session fixtures are set up inside the first test's setup, after Home Assistant's test
    # plugin blocked sockets for it (the function-scoped ``socket_enabled`` cannot be used here).
    pytest_socket.enable_socket()
    with run_home_assistant(tmp_path_factory.mktemp("frontend")) as running:
        yield running


@contextlib.contextmanager
def run_home_assistant(
    tmp_path: Path, prepare: Callable[[Path], object] | None = None
) -> Iterator[RunningHomeAssistant]:
    """Start Home Assistant in ``tmp_path/config`` until the frontend answers; stop it at the end.

    ``prepare`` gets the config dir after the generator wrote it, before Home Assistant starts
    (e.g. to add a config entry).
    """
    config_dir = tmp_path / "config"
    port = free_port()
    write_configuration(
        config_dir,
        configuration_yaml(name="Browser test", country="DE", time_zone="Europe/Berlin", port=port),
    )
    link_custom_components(config_dir, REPO / "custom_components")
    mark_onboarding_done(config_dir)
    ensure_user(config_dir, USER)
    if prepare is not None:
        prepare(config_dir)
    log = tmp_path / "home-assistant.out"
    url = f"http://{HOST}:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "--config", str(config_dir), "--skip-pip"],
            cwd=config_dir,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = RunningHomeAssistant(url=url, config_dir=config_dir, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _serves_frontend(url):
            if process.poll() is not None:
                pytest.fail(f"Home Assistant exited ({process.returncode}):\n{running.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Home Assistant did not serve {url} in time:\n{running.log_tail()}")
            time.sleep(0.5)
        yield running
    finally:
        _stop(process)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """``$ANKER_SOLIX_SCREENSHOT_DIR`` (e.g. ``images`` to refresh the committed ones), or tmp."""
    named = os.environ.get(SCREENSHOT_DIR_ENV)
    folder = (REPO / named) if named else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(
    browser_requirements: str, tmp_path: Path, socket_enabled: None
) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh profile (``--user-data-dir``) and an English UI."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=browser_requirements,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            locale="en-US",
            timezone_id="Europe/Berlin",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            with contextlib.suppress(Exception):
                context.close()
