"""Figures as PNG pictures for Word documents, drawn with Pillow and a CJK font.

Input: a `Figure` (`figure.py`). Output: PNG bytes at about 300 dots per inch for the
figure's printed width (`png`), or None when this machine has no font that can draw
Chinese (`cjk_font`), in which case the caller leaves the picture out and says so.
Why PNG: every Word since 2007 and every WPS shows it; an SVG in a .docx needs Word
2016 or later and a PNG fallback anyway, and WPS's support varies — one deterministic
raster is what every reader sees alike. Guarantees: the same figure, font and Pillow
give the same bytes (no time or software chunk is written); text is drawn, never
interpreted.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path
from typing import Any

from .figure import UNITS_PER_MM, Figure, Line, Rect, Text

SCALE = 3  # pixels per figure unit: 640 units (160 mm) become 1920 pixels, about 300 dpi
DPI = 300

# Fonts that draw Chinese, where Linux (fonts-noto-cjk, fonts-wqy-microhei), Windows and macOS
# keep them, with the face of a collection that holds Simplified Chinese. SWRULES_CJK_FONT names another.
CJK_FONTS: tuple[tuple[str, str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
     2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/PingFang.ttc", 0),
)


def cjk_font() -> tuple[str, str, int] | None:
    """The regular and bold font files and face index to draw Chinese with, or None."""
    chosen = os.environ.get("SWRULES_CJK_FONT")
    if chosen:
        return (chosen, chosen, 0) if Path(chosen).is_file() else None
    for regular, bold, index in CJK_FONTS:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular, index
    return None


@cache
def _font(path: str, index: int, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _dashed(draw: Any, a: tuple[int, int], b: tuple[int, int], fill: Any, width: int, on: int, off: int) -> None:
    """A dashed straight line from `a` to `b` (horizontal or vertical, as the figures draw them)."""
    (x1, y1), (x2, y2) = a, b
    length = max(abs(x2 - x1), abs(y2 - y1))
    dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
    pos = 0
    while pos < length:
        end = min(pos + on, length)
        draw.line([(x1 + dx * pos, y1 + dy * pos), (x1 + dx * end, y1 + dy * end)], fill=fill, width=width)
        pos = end + off


def png(figure: Figure) -> bytes | None:
    """The figure as PNG bytes, or None without a CJK font (see `cjk_font`)."""
    fonts = cjk_font()
    if fonts is None:
        return None
    from PIL import Image, ImageDraw

    s = SCALE
    image = Image.new("RGB", (figure.width * s, figure.height * s), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for item in figure.items:
        if isinstance(item, Rect):
            box = (item.x * s, item.y * s, (item.x + item.w) * s - 1, (item.y + item.h) * s - 1)
            if item.w <= 0 or item.h <= 0:
                continue
            draw.rectangle(box, fill=_rgb(item.fill))
            if item.hatched:
                _hatch(image, box)
            if item.stroke:
                corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3]), (box[0], box[1])]
                for a, b in zip(corners, corners[1:], strict=False):
                    if item.dashed:
                        _dashed(draw, a, b, _rgb(item.stroke), s, 4 * s, 3 * s)
                    else:
                        draw.line([a, b], fill=_rgb(item.stroke), width=s)
        elif isinstance(item, Line):
            a, b = (item.x1 * s, item.y1 * s), (item.x2 * s, item.y2 * s)
            if item.dashed:
                _dashed(draw, a, b, _rgb(item.stroke), item.width * s, 6 * s, 4 * s)
            else:
                draw.line([a, b], fill=_rgb(item.stroke), width=item.width * s)
        elif isinstance(item, Text):
            path = fonts[1] if item.bold else fonts[0]
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[item.anchor]
            font = _font(path, fonts[2], item.size * s)
            draw.text((item.x * s, item.y * s), item.text, fill=_rgb(item.fill), font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _hatch(image: Any, box: tuple[int, int, int, int]) -> None:
    """White diagonal lines over a rectangle, as the SVG's hatch pattern draws them."""
    from PIL import Image, ImageDraw

    w, h = box[2] - box[0] + 1, box[3] - box[1] + 1
    layer = Image.new("L", (w, h), 0)
    pen = ImageDraw.Draw(layer)
    step = 6 * SCALE * 141 // 100  # the SVG pattern's 6 units, measured across the diagonal
    for k in range(-h, w + h, step):
        pen.line([(k, h), (k + h, 0)], fill=255, width=2 * SCALE)
    image.paste((255, 255, 255), (box[0], box[1], box[0] + w, box[1] + h), layer)


def printed_width_cm(figure: Figure) -> float:
    """The width a figure is printed at, in centimetres (for Word)."""
    return figure.width / UNITS_PER_MM / 10
