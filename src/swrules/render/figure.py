"""Pictures as data: rectangles, lines and text on a page-sized canvas, written as SVG.

Input: a `Figure` built by `charts` (integer coordinates in quarter millimetres, so that
a figure 640 units wide is 160 mm, the text width of an A4 page with 25 mm margins).
Output: SVG (`svg`: inline for HTML, or a standalone document) with its size in millimetres, the CJK fonts named, no
script, no external reference; `raster.png` draws the same figure as a PNG for Word.
Guarantees: the same figure gives the same bytes; text is escaped; every bar carries
what it shows as `data-*` attributes, so a test (or a reader's tool) can check a bar's
height against its value; fills are told apart in grey print by their lightness, and
the worst grade is hatched as well (`hatched`).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from swrules.base.diagnostics import display_width

# Fonts that carry Chinese, in the order a reader's machine is likely to have them:
# Noto/Source Han on Linux, YaHei and SimHei on Windows (and in WPS), PingFang on a Mac.
FONT_FAMILY = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'SimHei', "
               "'WenQuanYi Micro Hei', sans-serif")
UNITS_PER_MM = 4
TEXT = "#000000"
AXIS = "#404040"
TRACK = "#e6e6e6"  # what a party could have had: light, so the points awarded stand out
LOST = "#ffffff"

# Grade fills from the best grade down: darkest first, each lighter, so that they stay
# apart in grey print; the worst grade is red and hatched (`WORST`), the undetermined white.
GRADE_FILLS = ("#1e6b34", "#4f9d5c", "#92cf9c", "#cfe8a9", "#fff2b3")
WORST = "#c62828"
UNDETERMINED = "#ffffff"


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int
    fill: str
    hatched: bool = False
    stroke: str | None = None
    dashed: bool = False
    data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    stroke: str = AXIS
    width: int = 1
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    x: int
    y: int  # the baseline
    text: str
    size: int = 12
    anchor: str = "start"  # start, middle, end
    bold: bool = False
    fill: str = TEXT


Item = Rect | Line | Text


@dataclass(frozen=True, slots=True)
class Figure:
    """One picture: `key` names it (and its hatch pattern, so several can share a page)."""

    key: str
    width: int
    height: int
    title: str
    items: tuple[Item, ...]


def text_width(text: str, size: int) -> int:
    """About how wide `text` is drawn: a CJK character an em, a Latin one a little over half."""
    return (display_width(text) * size * 55 + 99) // 100


def grade_fills(grades: tuple[str, ...] | list[str]) -> dict[str, tuple[str, bool]]:
    """Each grade's fill and whether it is hatched, best (darkest) first, the worst red and hatched."""
    if not grades:
        return {}
    *better, worst = grades
    out: dict[str, tuple[str, bool]] = {}
    for i, grade in enumerate(better):
        # Spread over the palette so that any number of grades keeps the steps of lightness apart.
        index = 0 if len(better) == 1 else i * (len(GRADE_FILLS) - 1) // (len(better) - 1)
        out[grade] = (GRADE_FILLS[min(index, len(GRADE_FILLS) - 1)], False)
    out[worst] = (WORST, True)
    return out


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of `#rrggbb`: how light it prints in grey. For tests and docs only."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _attrs(**pairs: object) -> str:
    return "".join(f" {k.replace('_', '-')}={quoteattr(str(v))}" for k, v in pairs.items() if v is not None)


def _item(item: Item, hatch: str) -> str:
    if isinstance(item, Rect):
        data = "".join(f" data-{k}={quoteattr(v)}" for k, v in item.data)
        rect = (f"<rect{_attrs(x=item.x, y=item.y, width=item.w, height=item.h, fill=item.fill)}"
                f"{_attrs(stroke=item.stroke, stroke_dasharray='4 3' if item.dashed else None)}{data}/>")
        if item.hatched:
            rect += f"<rect{_attrs(x=item.x, y=item.y, width=item.w, height=item.h, fill=f'url(#{hatch})')}/>"
        return rect
    if isinstance(item, Line):
        return (f"<line{_attrs(x1=item.x1, y1=item.y1, x2=item.x2, y2=item.y2, stroke=item.stroke)}"
                f"{_attrs(stroke_width=item.width, stroke_dasharray='6 4' if item.dashed else None)}/>")
    weight = "bold" if item.bold else None
    return (f"<text{_attrs(x=item.x, y=item.y, font_size=item.size, text_anchor=item.anchor, fill=item.fill)}"
            f"{_attrs(font_weight=weight)}>{escape(item.text)}</text>")


def svg(figure: Figure, standalone: bool = False) -> str:
    """The figure as SVG sized in millimetres for A4: to put inline in HTML (which needs no
    namespace, so the page names no address), or `standalone` as an .svg file's text."""
    hatch = f"hatch-{figure.key}"
    xmlns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    width_mm = f"{figure.width / UNITS_PER_MM:g}mm"
    height_mm = f"{figure.height / UNITS_PER_MM:g}mm"
    head = (f'<svg{xmlns} width="{width_mm}" height="{height_mm}" '
            f'viewBox="0 0 {figure.width} {figure.height}" role="img" font-family={quoteattr(FONT_FAMILY)}>')
    defs = (f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" '
            f'stroke-width="2"/></pattern></defs>')
    body = "\n".join(_item(i, hatch) for i in figure.items)
    return (f"{head}\n<title>{escape(figure.title)}</title>\n{defs}\n"
            f'<rect x="0" y="0" width="{figure.width}" height="{figure.height}" fill="#ffffff"/>\n{body}\n</svg>\n')
