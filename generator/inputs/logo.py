"""A logo file -> its kind (PNG, JPEG or SVG) and the name it is published under, or why it cannot be used.

A logo is served from the site's own origin and used as its favicon, so an SVG must be a picture and nothing
more: no script, event handler, foreign object, style sheet import, entity or reference to another file. An SVG
outside the strict allow-list below is refused with the first thing that breaks it, rather than altered.
"""

from __future__ import annotations

import io
import re
import struct
import tempfile
from pathlib import Path
from xml.etree.ElementTree import Element

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
EXTENSIONS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
PUBLISHED = {"png": "logo.png", "jpeg": "logo.jpg", "svg": "logo.svg"}
"""The fixed name each kind is published under, in the site's assets/."""
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SVG_ELEMENTS = {
    *[
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
    ],
    *["linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern"],
}
SVG_ATTRIBUTES = {
    *[
        "id",
        "class",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "transform",
        "dx",
        "dy",
    ],
    *[
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-opacity",
    ],
    *["stroke-dasharray", "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight", "font-style"],
    *["text-anchor", "dominant-baseline", "letter-spacing", "offset", "stop-color", "stop-opacity", "gradientUnits"],
    *["gradientTransform", "patternUnits", "clip-path", "clip-rule", "mask", "preserveAspectRatio", "role", "version"],
    *["aria-label", "aria-labelledby", "aria-hidden", "href", "xmlns"],
}
MAX_LOGO_SIDE = 8_000
"""Pixels on a side of a PNG or JPEG logo: a logo is drawn a few centimetres wide."""
MAX_LOGO_PIXELS = 16_000_000
"""Pixels in all: 64 MB once decoded at four bytes a pixel, whatever the file's compressed size."""
MAX_SVG_ELEMENTS = 5_000
"""Elements an SVG draws once every <use> is expanded: many times what a logo needs, and cheap to draw."""
MAX_SVG_DEPTH = 40
"""Elements inside each other (and <use> inside what a <use> draws)."""
_PROCESSING_INSTRUCTION = re.compile(rb"<\?(?!xml[ \t\r\n])|(?<!^)<\?xml[ \t\r\n]")
"""Any <?...?> but the XML declaration at the start: <?xml-stylesheet?> would load a style sheet from anywhere."""
_LOCAL_URL = re.compile(r"url\(\s*['\"]?#[A-Za-z0-9_.-]+['\"]?\s*\)")


def published_name(path: Path) -> str:
    """The fixed name the logo has on the site: logo.png, logo.jpg or logo.svg."""
    return PUBLISHED[EXTENSIONS[path.suffix.lower()]]


def logo_problem(path: Path, data: bytes) -> str | None:
    """Why the file cannot be a logo, or None: its extension and content must agree on PNG, JPEG or SVG."""
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        return f"a logo's file name must end .png, .jpg, .jpeg or .svg, not {path.suffix or 'nothing'!r}"
    found = content_kind(data)
    if found is None:
        return "logo is not an SVG, PNG or JPEG image"
    if found != kind:
        return f"logo file ends {path.suffix} but holds a {found.upper()} image: give it the matching extension"
    return svg_problem(data) if kind == "svg" else raster_problem(data, kind)


def raster_problem(data: bytes, kind: str) -> str | None:
    """Why a PNG or JPEG is too large to draw, judged by the size its header declares, or None. A small file can
    declare billions of pixels: Pillow's reader of that format reads the header only, and nothing is decoded."""
    from PIL import JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

    reader = PngImagePlugin.PngImageFile if kind == "png" else JpegImagePlugin.JpegImageFile
    try:
        with reader(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as error:
        return f"logo is not a readable {kind.upper()} image ({error})"
    if width <= MAX_LOGO_SIDE and height <= MAX_LOGO_SIDE and width * height <= MAX_LOGO_PIXELS:
        return None
    return (
        f"logo is {width:,} x {height:,} pixels, which would take {width * height * 4 / 2**30:,.1f} GiB of memory "
        f"to draw; keep it within {MAX_LOGO_SIDE:,} pixels a side and {MAX_LOGO_PIXELS:,} in all (1000 x 1000 is "
        "plenty)"
    )


def content_kind(data: bytes) -> str | None:
    """'png', 'jpeg' or 'svg' by the file's first bytes."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    head = data[:2048].lstrip().lower()
    return "svg" if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in head else None


def svg_problem(data: bytes) -> str | None:
    """The first thing in an SVG outside the allow-list of plain drawing, or None."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return "SVG logo declares a DTD or entities: remove the <!DOCTYPE> and <!ENTITY> lines"
    except ParseError as error:
        return f"SVG logo is not well-formed XML ({error})"
    if root.tag != f"{SVG}svg":
        return 'SVG logo must start with an <svg> element in the SVG namespace (xmlns="http://www.w3.org/2000/svg")'
    if _PROCESSING_INSTRUCTION.search(data.lstrip(b"\xef\xbb\xbf")):
        return (
            "SVG logo holds a processing instruction such as <?xml-stylesheet?>, which can load another file: remove it"
        )
    for element in root.iter():
        name = str(element.tag).removeprefix(SVG)
        if name not in SVG_ELEMENTS:
            return f"SVG logo contains <{name}>, which a logo may not have: keep to shapes, text and gradients"
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(name, attribute, value)
            if problem:
                return problem
    return _drawing_problem(root)


def _drawing_problem(root: Element) -> str | None:
    """Whether the SVG draws too much once each <use> is replaced by what it refers to (a few <use> of <use> of
    groups multiply into millions of elements), or nests too deeply; found without recursion."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    drawn, depth = 0, 0
    pending: list[tuple[Element, int, tuple[int, ...]]] = [(root, 1, ())]
    while pending:
        element, depth, inside = pending.pop()
        drawn += 1
        if drawn > MAX_SVG_ELEMENTS or depth > MAX_SVG_DEPTH:
            what = f"more than {MAX_SVG_ELEMENTS:,} elements" if drawn > MAX_SVG_ELEMENTS else "elements too deep"
            return f"SVG logo draws {what} once each <use> is expanded: keep it a simple drawing"
        kids = list(element)
        target = ids.get((element.get("href") or element.get(XLINK_HREF) or "").strip().removeprefix("#"))
        if str(element.tag) == f"{SVG}use" and target is not None:
            if id(target) in inside:
                return "SVG logo has a <use> that draws itself: remove the loop"
            kids.append(target)
        pending += [(kid, depth + 1, (*inside, id(element))) for kid in kids]
    return None


def _attribute_problem(element: str, attribute: str, value: str) -> str | None:
    local = "href" if attribute == XLINK_HREF else attribute
    if local not in SVG_ATTRIBUTES:
        return f"SVG logo has attribute {local!r} on <{element}>, which a logo may not have (no scripts or styles)"
    if local == "href" and not value.strip().startswith("#"):
        return f"SVG logo links to {value!r}: a logo may refer only to parts of itself (#id)"
    if "url(" in value.replace(" ", "").lower() and not _LOCAL_URL.fullmatch(value.strip()):
        return f"SVG logo refers to {value!r}: a logo may refer only to parts of itself, as url(#id)"
    return None


def raster(path: Path) -> bytes:
    """The logo as a PNG or JPEG a Word file can hold: a PNG or JPEG as it is, an SVG drawn by Typst at 300 ppi.

    Typst reads only the logo's own folder and loads nothing an SVG refers to, so drawing it runs nothing; it draws
    with its own fonts, not the machine's, so a logo draws the same everywhere (and without a search of the
    machine's fonts each time).
    """
    import typst  # imported by the builds that write Word files, not by every command

    if EXTENSIONS[path.suffix.lower()] != "svg":
        return path.read_bytes()
    page = '#set page(width: auto, height: auto, margin: 0pt)\n#image("logo.svg", height: 2.4cm)\n'
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "logo.svg").write_bytes(path.read_bytes())
        (Path(folder) / "logo.typ").write_text(page, encoding="utf-8")
        drawn = typst.compile(
            str(Path(folder) / "logo.typ"), root=folder, format="png", ppi=300, ignore_system_fonts=True
        )
    assert isinstance(drawn, bytes)
    return drawn
