"""Brand images: our own artwork where Home Assistant 2026.3+ serves a custom integration's brand.

Home Assistant serves `custom_components/<domain>/brand/<image>` at
`/api/brands/integration/<domain>/<image>` and prefers it over the brands CDN (which still holds
another project's icon for our domain). The images are drawn by `scripts/gen_brand.py`.
"""

from __future__ import annotations

import importlib.util
import runpy
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from PIL import Image
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from tests.conftest import REPO

BRAND = REPO / "custom_components" / "anker_solix" / "brand"
ICONS = {"icon.png": 256, "icon@2x.png": 512, "dark_icon.png": 256, "dark_icon@2x.png": 512}
LOGOS = {"logo.png": 128, "logo@2x.png": 256, "dark_logo.png": 128, "dark_logo@2x.png": 256}
KNOWN = set(ICONS) | set(LOGOS)


def test_the_brand_folder_holds_only_images_home_assistant_loads() -> None:
    """Every file has one of the names the brands integration looks up; icon and logo exist."""
    names = {path.name for path in BRAND.iterdir()}
    assert {"icon.png", "icon@2x.png", "logo.png"} <= names
    assert names <= KNOWN


@pytest.mark.parametrize("name", sorted(ICONS))
def test_icons_are_square_transparent_pngs_of_the_right_size(name: str) -> None:
    """Icons: 256×256 (512×512 for @2x), PNG with an alpha channel and a transparent corner."""
    with Image.open(BRAND / name) as image:
        assert image.format == "PNG"
        assert image.size == (ICONS[name], ICONS[name])
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
        # Something is drawn: a good part of the pixels is opaque.
        opaque = sum(image.getchannel("A").histogram()[201:])
        assert opaque > image.size[0] * image.size[1] // 10


@pytest.mark.parametrize("name", sorted(LOGOS))
def test_logos_are_landscape_pngs_of_the_right_height(name: str) -> None:
    """Logos: 128 px high (256 for @2x), wider than high, @2x exactly twice the 1x logo."""
    with Image.open(BRAND / name) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        width, height = image.size
        assert height == LOGOS[name]
        assert width > height
    if "@2x" in name:
        with Image.open(BRAND / name.replace("@2x", "")) as single:
            assert single.size == (width // 2, height // 2)


def test_dark_variants_differ_from_the_light_ones() -> None:
    """Dark variants are only worth shipping when they differ (light outline on a dark theme)."""
    for name in KNOWN:
        if name.startswith("dark_"):
            with Image.open(BRAND / name) as dark, Image.open(BRAND / name[5:]) as light:
                assert dark.tobytes() != light.tobytes()


def test_the_script_draws_the_committed_images(tmp_path: Path) -> None:
    """`scripts/gen_brand.py` writes the same file names and sizes as the committed folder."""
    script = runpy.run_path(str(REPO / "scripts" / "gen_brand.py"))
    written = script["generate"](tmp_path)
    assert {path.name for path in written} == KNOWN
    for path in written:
        with Image.open(path) as fresh, Image.open(BRAND / path.name) as committed:
            assert fresh.size == committed.size


@pytest.mark.skipif(
    importlib.util.find_spec("homeassistant.components.brands") is None,
    reason="the brands integration (local brand images) exists from Home Assistant 2026.3 on",
)
async def test_home_assistant_serves_our_icon_instead_of_the_cdn(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """The brands view answers our domain's icon and logo from our folder (no CDN request)."""
    assert await async_setup_component(hass, "brands", {})
    client = await hass_client()
    for name in ("icon.png", "logo.png", "dark_icon@2x.png"):
        response = await client.get(f"/api/brands/integration/anker_solix/{name}")
        assert response.status == 200
        assert await response.read() == (BRAND / name).read_bytes()
