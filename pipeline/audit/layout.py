"""Layout checks of `manifesto audit`, read back from the built files as a reader meets them.

PDF (poppler's `pdftotext -bbox-layout` for where each line sits, pypdf for where each heading starts):
no page after the front matter holds only a few lines (its text ends within the house style's
`runt-lines` of the top) unless a theme starts on it, and no heading is the last text
of its page; the cover's words lie inside the cover's margins. DOCX: A4 in every section, a footer with the
page number, a contents list whose entries link to the headings, the cover image on page 1. EPUB: no text
of the cover image reaches its edges (clipped or overflowing) — the image's outer band is all background.

Each check is a `Verdict` (name, ok, detail) that `audit` files under the path it read.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pipeline import house
from pipeline.errors import ToolError
from pipeline.render.docx_fonts import SLOTS

Verdict = tuple[str, bool, str]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XHTML = "{http://www.w3.org/1999/xhtml}"
#: Word's A4 in twentieths of a point (210 × 297 mm), and how far a size may be off it by rounding.
A4_TWIPS, _TWIPS_SLACK = (11906, 16838), 20


@dataclass(frozen=True)
class Line:
    """One line of text on a PDF page: its top and bottom from the top of the page, in points."""

    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Heading:
    """A heading as the PDF's outline records it: level (0 = a theme), page (1-based), top from the page's top."""

    level: int
    page: int
    top: float
    title: str


def poppler(cmd: list[str]) -> str:
    """The output of a poppler tool (pdfinfo, pdffonts, pdftotext), or a ToolError saying how to install it."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        raise ToolError(cmd[0], 127, "not found", hint="install poppler-utils (Debian), or run `make test`, "
                        "which installs it") from None


def pdf_lines(path: Path) -> tuple[list[list[Line]], float]:
    """The lines of every page, top to bottom, and the page height (points)."""
    layout = poppler(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"])
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", layout))
    pages, height = [], 0.0
    for page in root.iter(f"{_XHTML}page"):
        height = float(page.get("height", "0"))
        lines = [Line(float(line.get("yMin", "0")), float(line.get("yMax", "0")),
                      " ".join(word.text or "" for word in line.iter(f"{_XHTML}word")))
                 for line in page.iter(f"{_XHTML}line")]
        pages.append(sorted(lines, key=lambda line: line.top))
    return pages, height


def pdf_headings(path: Path) -> list[Heading]:
    """Every heading of the PDF's outline (bookmarks), in order."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    found: list[Heading] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            page = reader.get_destination_page_number(item)
            height = float(reader.pages[page].mediabox.height)
            found.append(Heading(level, page + 1, height - float(item.top or height), str(item.title)))

    walk(reader.outline, 0)
    return found


def pdf_checks(path: Path, full: bool) -> list[Verdict]:
    """The PDF's layout: runts, headings last on a page, and (the full edition) its cover's words in place."""
    pages, height = pdf_lines(path)
    style = house.load()
    body_bottom = height - style.points("margin-bottom-mm")  # the footer sits below it
    pages = [[line for line in lines if line.bottom <= body_bottom + 1] for lines in pages]
    headings = pdf_headings(path)
    verdicts = [_runts(pages, headings, style.runt_depth), _stranded(pages, headings)]  # the build's own measure
    if full:
        verdicts.append(_cover_words(path, style))
    return verdicts


def _runts(pages: list[list[Line]], headings: list[Heading], few: float) -> Verdict:
    """No page has its text end above `few` points from its top (a few lines), unless a theme (a top-level
    heading) starts on it; the front matter (the cover and the contents, before the first theme) is exempt."""
    starts = {h.page for h in headings if h.level == 0}
    first = min(starts, default=1)
    runts = [f"page {n} ({len(lines)} lines)" for n, lines in enumerate(pages, start=1)
             if n > first and n not in starts and max((line.bottom for line in lines), default=0) < few]
    return ("no page holding only a few lines", not runts,
            f"{len(pages)} page(s)" + (f"; {', '.join(runts)}" if runts else ""))


def _stranded(pages: list[list[Line]], headings: list[Heading]) -> Verdict:
    """No heading is the last text of its page: some line follows the heading's own lines below it."""
    stranded = [f"{h.title!r} on page {h.page}" for h in headings
                if h.page <= len(pages) and not _below(pages[h.page - 1], h)]
    return ("no heading last on a page", not stranded,
            f"{len(headings)} heading(s)" + (f"; {', '.join(stranded)}" if stranded else ""))


def _below(lines: list[Line], heading: Heading) -> list[Line]:
    """The lines of a page under `heading`, its own (possibly wrapped) lines left out."""
    wanted, seen = _letters(heading.title), ""
    after = [line for line in lines if line.top >= heading.top - 2]
    while after and seen != wanted and wanted.startswith(seen + _letters(after[0].text)):
        seen += _letters(after.pop(0).text)
    return after


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text).casefold()


def _cover_words(path: Path, style: house.House) -> Verdict:
    """Every word on the cover (page 1) lies inside the cover's side margins: none runs off or is cut."""
    layout = poppler(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", "-bbox", str(path), "-"])
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", layout))
    page = next(root.iter(f"{_XHTML}page"))
    right = float(page.get("width", "0")) - style.points("margin-x-mm") / 2
    words = list(root.iter(f"{_XHTML}word"))
    out = [w.text or "" for w in words if float(w.get("xMax", "0")) > right or float(w.get("xMin", "0")) < 0]
    return ("cover text inside the page", bool(words) and not out,
            f"{len(words)} word(s)" + (f"; past the margin: {', '.join(out)}" if out else ""))


def docx_checks(path: Path, full: bool) -> list[Verdict]:
    """A4 pages, a footer with the page number, and (the full edition) a contents list and the cover image."""
    with zipfile.ZipFile(path) as package:
        document = ElementTree.fromstring(package.read("word/document.xml"))
        footers = [package.read(n) for n in package.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)]
        numbering = (ElementTree.fromstring(package.read("word/numbering.xml"))
                     if "word/numbering.xml" in package.namelist() else None)
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
        table = ElementTree.fromstring(package.read("word/fontTable.xml"))
    sizes = [(int(s.get(f"{W}w", "0")), int(s.get(f"{W}h", "0"))) for s in document.iter(f"{W}pgSz")]
    a4 = bool(sizes) and all(abs(w - A4_TWIPS[0]) <= _TWIPS_SLACK and abs(h - A4_TWIPS[1]) <= _TWIPS_SLACK
                             for w, h in sizes)
    numbered = [f for f in footers if re.search(rb"<w:instrText[^>]*>\s*PAGE\b", f)]
    verdicts = [("A4 pages", a4, ", ".join(f"{w}x{h} twips" for w, h in sizes) or "no page size"),
                ("footer with the page number", bool(numbered), f"{len(footers)} footer(s)"),
                _docx_numbered(document, numbering), _page_breaks(document), _line_spacing(styles),
                _embedded_faces(table)]
    if full:
        verdicts += [_contents(document), _cover_image(document)]
    return verdicts


#: The verdict's name: the templates write bulleted lists only, so a numbered one is text read as a list ("29. November
#: 2026" opens a list at 29 where a German date starts a paragraph).
NO_NUMBERED = "no numbered list the templates do not write"


def _docx_numbered(document: ElementTree.Element, numbering: ElementTree.Element | None) -> Verdict:
    """No paragraph numbered otherwise than with a bullet (Word's numbering of a level, through its numId)."""
    formats: dict[tuple[str, str], str] = {}
    if numbering is not None:
        abstract = {a.get(f"{W}abstractNumId"): {lvl.get(f"{W}ilvl"): _val(lvl.find(f"{W}numFmt"))
                                                 for lvl in a.iter(f"{W}lvl")}
                    for a in numbering.iter(f"{W}abstractNum")}
        for num in numbering.iter(f"{W}num"):
            levels = dict(abstract.get(_val(num.find(f"{W}abstractNumId")), {}))
            for override in num.iter(f"{W}lvlOverride"):
                if (fmt := override.find(f"{W}lvl/{W}numFmt")) is not None:
                    levels[override.get(f"{W}ilvl")] = _val(fmt)
            formats |= {(num.get(f"{W}numId", ""), level): fmt for level, fmt in levels.items()}
    found = []
    for paragraph in document.iter(f"{W}p"):
        num = paragraph.find(f"{W}pPr/{W}numPr")
        if num is None or _val(num.find(f"{W}numId")) in ("", "0"):
            continue
        fmt = formats.get((_val(num.find(f"{W}numId")), _val(num.find(f"{W}ilvl")) or "0"), "decimal")
        if fmt not in ("bullet", "none"):
            found.append("".join(t.text or "" for t in paragraph.iter(f"{W}t"))[:40])
    return (NO_NUMBERED, not found, f"{len(found)} numbered paragraph(s)" + (f", e.g. {found[0]!r}" if found else ""))


def _page_breaks(document: ElementTree.Element) -> Verdict:
    """No page-break paragraph: a page starts by its heading's "page break before", or a break falling at a page's
    foot would leave a blank page."""
    breaks = [br for br in document.iter(f"{W}br") if br.get(f"{W}type") == "page"]
    return ("pages start by their heading's page break", not breaks, f"{len(breaks)} page-break paragraph(s)")


def _line_spacing(styles: ElementTree.Element) -> Verdict:
    """No style sets an exact line height, which clips a larger size or a picture."""
    exact = [s.get(f"{W}styleId", "") for s in styles.iter(f"{W}style")
             if any(sp.get(f"{W}lineRule") == "exact" for sp in s.iter(f"{W}spacing"))]
    exact += ["(defaults)"] * sum(sp.get(f"{W}lineRule") == "exact" for d in styles.iter(f"{W}docDefaults")
                                  for sp in d.iter(f"{W}spacing"))
    return ("no exact line height", not exact, f"exact in {', '.join(exact)}" if exact else "proportional")


def _embedded_faces(table: ElementTree.Element) -> Verdict:
    """Every house face (`[fonts]` of the house style) embedded in the font table, in its slot."""
    embedded = {(f.get(f"{W}name"), e.tag.removeprefix(W)) for f in table.iter(f"{W}font") for e in f
                if e.tag.startswith(f"{W}embed")}
    missing = [f"{f.family} {f.weight} {f.style}" for f in house.load().faces()
               if (f.family, SLOTS[f.weight, f.style]) not in embedded]
    return ("house faces embedded", not missing,
            f"{len(embedded)} face(s)" + (f"; missing {missing}" if missing else ""))


def _val(element: ElementTree.Element | None) -> str:
    return element.get(f"{W}val", "") if element is not None else ""


def _contents(document: ElementTree.Element) -> Verdict:
    """A contents entry (style TOC 1) for every theme heading, each a link to a bookmark that exists."""
    bookmarks = {b.get(f"{W}name") for b in document.iter(f"{W}bookmarkStart")}
    entries = [p for p in document.iter(f"{W}p") if _style(p) == "TOC1"]
    themes = [p for p in document.iter(f"{W}p") if _style(p) == "Heading1"]
    links = [h.get(f"{W}anchor") for p in entries for h in p.iter(f"{W}hyperlink")]
    broken = [a for a in links if a not in bookmarks]
    ok = bool(entries) and len(entries) == len(themes) == len(links) and not broken
    detail = f"{len(entries)} entries for {len(themes)} theme heading(s)"
    return ("contents list shows its entries", ok, detail + (f"; broken: {broken[:3]}" if broken else ""))


def _cover_image(document: ElementTree.Element) -> Verdict:
    """The first page is the cover: a picture before the first page break."""
    body = document.find(f"{W}body")
    pictures = 0
    for paragraph in body if body is not None else []:
        pictures += len(list(paragraph.iter(f"{W}drawing")))
        if any(br.get(f"{W}type") == "page" for br in paragraph.iter(f"{W}br")):
            break
    return ("cover picture on page 1", pictures == 1, f"{pictures} picture(s) before the first page break")


def _style(paragraph: ElementTree.Element) -> str:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val", "") if found is not None else ""


def epub_checks(path: Path) -> list[Verdict]:
    """No ordered list outside the navigation (the templates write none); the cover image (if any) has nothing but
    background in its outer band: no text runs off or is cut."""
    from PIL import Image

    verdicts = [_epub_numbered(path)]
    cover = _epub_cover(path)
    if cover is None:
        return verdicts
    image = Image.open(io.BytesIO(cover)).convert("RGB")
    width, height = image.size
    margin = round(width * house.load().page["margin-x-mm"] / house.load().page["width-mm"] / 2)
    background = image.getpixel((0, 0))
    touched = [side for side, box in _bands(width, height, margin)
               if image.crop(box).getcolors(1) is None or image.crop(box).getcolors(1)[0][1] != background]
    return [*verdicts, ("cover image text inside its margins", not touched,
                        f"{width}x{height} px" + (f"; text reaches the {', '.join(touched)} edge" if touched else ""))]


def _epub_numbered(path: Path) -> Verdict:
    """No `<ol>` in the EPUB's pages but inside a `<nav>` (the contents and landmarks are ordered lists)."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if n.endswith(".xhtml")):
            page = ElementTree.fromstring(package.read(name))
            navs = {id(o) for nav in page.iter(f"{_XHTML}nav") for o in nav.iter(f"{_XHTML}ol")}
            found += ["".join(o.itertext()).strip()[:40] for o in page.iter(f"{_XHTML}ol") if id(o) not in navs]
    return (NO_NUMBERED, not found, f"{len(found)} ordered list(s)" + (f", e.g. {found[0]!r}" if found else ""))


def _bands(width: int, height: int, margin: int) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    yield "left", (0, 0, margin, height)
    yield "right", (width - margin, 0, width, height)
    yield "top", (0, 0, width, margin)
    yield "bottom", (0, height - margin, width, height)


def _epub_cover(path: Path) -> bytes | None:
    """The bytes of the EPUB's cover image (the manifest item marked `cover-image`), if it has one."""
    with zipfile.ZipFile(path) as package:
        opf_name = next(n for n in package.namelist() if n.endswith(".opf"))
        opf = package.read(opf_name).decode()
        item = re.search(r'<item\b[^>]*properties="cover-image"[^>]*>', opf)
        href = re.search(r'href="([^"]+)"', item[0]) if item else None
        if href is None:
            return None
        return package.read(str(Path(opf_name).parent / href[1]))
