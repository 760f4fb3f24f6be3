"""Draw the integration's brand images (our own artwork) into custom_components/anker_solix/brand/.

Home Assistant 2026.3 and later serve a custom integration's `brand/` folder through
`/api/brands/integration/<domain>/<image>` and prefer it over the brands CDN. The glyph is a
battery whose charge is a rising sun; the logo adds the word mark. Light variants use a dark
outline, dark variants (for the dark theme) a light one. Every image is drawn at four times its
size and scaled down, so edges are smooth.

Usage: `.envs/ha2025/bin/python scripts/gen_brand.py [OUTPUT_DIR]`
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont

REPO: Final = Path(__file__).resolve().parents[1]
BRAND_DIR: Final = REPO / "custom_components" / "anker_solix" / "brand"
SCALE: Final = 4
SUN: Final = (255, 176, 32, 255)
CHARGE: Final = (22, 163, 120, 255)
WORD: Final = "Solix"
ICON_SIZES: Final = {"icon.png": 256, "icon@2x.png": 512}
LOGO_HEIGHTS: Final = {"logo.png": 128, "logo@2x.png": 256}


@dataclass(frozen=True)
class Theme:
    """The colours of one theme (the file-name prefix and the outline colour)."""

    prefix: str
    outline: tuple[int, int, int, int]


THEMES: Final = (Theme("", (20, 48, 72, 255)), Theme("dark_", (226, 236, 244, 255)))


def draw_glyph(size: int, outline: tuple[int, int, int, int]) -> Image.Image:
    """A square transparent image: a battery with a green charge and a sun rising out of it."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 32
    line = round(2.2 * unit)
    # Battery body (upright) and its terminal cap.
    body = (round(8 * unit), round(9 * unit), round(24 * unit), round(30 * unit))
    draw.rounded_rectangle(body, radius=round(3 * unit), outline=outline, width=line)
    cap = (round(13 * unit), round(6.5 * unit), round(19 * unit), round(9 * unit))
    draw.rounded_rectangle(cap, radius=round(1 * unit), fill=outline)
    # Charge: two bars at the bottom of the battery.
    inner = line + round(1.2 * unit)
    for top, bottom in ((23.5, 27.0), (19.0, 22.5)):
        bar = (body[0] + inner, round(top * unit), body[2] - inner, round(bottom * unit))
        draw.rounded_rectangle(bar, radius=round(0.8 * unit), fill=CHARGE)
    # Sun: a disc with rays above the charge, inside the battery.
    cx, cy, radius = 16 * unit, 15 * unit, 2.4 * unit
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=SUN)
    ray = round(1.1 * unit)
    for dx, dy in ((0, -1), (0.71, -0.71), (1, 0), (-0.71, -0.71), (-1, 0)):
        start = (cx + dx * 3.4 * unit, cy + dy * 3.4 * unit)
        end = (cx + dx * 4.6 * unit, cy + dy * 4.6 * unit)
        draw.line((start, end), fill=SUN, width=ray)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_logo(height: int, outline: tuple[int, int, int, int]) -> Image.Image:
    """The glyph followed by the word mark, on a transparent background."""
    big = height * SCALE
    font = ImageFont.load_default(size=round(big * 0.62))
    left, top, right, bottom = (round(value) for value in font.getbbox(WORD))
    gap = round(big * 0.12)
    width = big + gap + (right - left) + gap
    image = Image.new("RGBA", (width, big), (0, 0, 0, 0))
    image.paste(draw_glyph(big, outline), (0, 0))
    draw = ImageDraw.Draw(image)
    text_y = (big - (bottom - top)) // 2 - top
    draw.text((big + gap - left, text_y), WORD, font=font, fill=outline)
    return image.resize((width // SCALE, height), Image.Resampling.LANCZOS)


def generate(target: Path) -> list[Path]:
    """Write every icon and logo of both themes into `target`; return the written files."""
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for theme in THEMES:
        for name, size in ICON_SIZES.items():
            path = target / f"{theme.prefix}{name}"
            draw_glyph(size, theme.outline).save(path, optimize=True)
            written.append(path)
        for name, height in LOGO_HEIGHTS.items():
            path = target / f"{theme.prefix}{name}"
            draw_logo(height, theme.outline).save(path, optimize=True)
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    """Generate into the given folder (default: the integration's brand folder)."""
    target = Path(argv[0]) if argv else BRAND_DIR
    for path in generate(target):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
