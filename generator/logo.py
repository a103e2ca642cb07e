"""A logo file -> its kind (PNG, JPEG or SVG) and the name it is published under, or why it cannot be used.

A logo is served from the site's own origin and used as its favicon, so an SVG must be a picture and nothing
more: no script, event handler, foreign object, style sheet import, entity or reference to another file. An SVG
outside the strict allow-list below is refused with the first thing that breaks it, rather than altered.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

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
    return svg_problem(data) if kind == "svg" else None


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
    for element in root.iter():
        name = str(element.tag).removeprefix(SVG)
        if name not in SVG_ELEMENTS:
            return f"SVG logo contains <{name}>, which a logo may not have: keep to shapes, text and gradients"
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(name, attribute, value)
            if problem:
                return problem
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

    Typst reads only the logo's own folder and loads nothing an SVG refers to, so drawing it runs nothing.
    """
    import typst  # imported by the builds that write Word files, not by every command

    if EXTENSIONS[path.suffix.lower()] != "svg":
        return path.read_bytes()
    page = '#set page(width: auto, height: auto, margin: 0pt)\n#image("logo.svg", height: 2.4cm)\n'
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "logo.svg").write_bytes(path.read_bytes())
        (Path(folder) / "logo.typ").write_text(page, encoding="utf-8")
        drawn = typst.compile(str(Path(folder) / "logo.typ"), root=folder, format="png", ppi=300)
    assert isinstance(drawn, bytes)
    return drawn
