"""The link targets of built DOCX, EPUB and PDF files, and the PDF's language tags, read back for `manifesto audit`."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def docx_links(path: Path) -> list[str]:
    """The targets of a DOCX's hyperlinks: external relationships and HYPERLINK fields (anchors are internal)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        for part in sorted(n for n in package.namelist() if n.endswith(".rels")):
            for rel in ElementTree.fromstring(package.read(part)).iter(f"{RELS}Relationship"):
                if rel.get("Type", "").endswith("/hyperlink"):
                    found.append(rel.get("Target", ""))
        for part in sorted(n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")):
            found += re.findall(r'HYPERLINK\s+"([^"]*)"', package.read(part).decode("utf-8", "replace"))
    return found


def epub_links(path: Path) -> list[str]:
    """Every `href`/`src` of an EPUB's pages that leaves the package (a link to one of its own files is internal)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        for page in sorted(n for n in names if n.endswith((".xhtml", ".html", ".svg", ".ncx"))):
            for element in ElementTree.fromstring(package.read(page)).iter():
                for key in ("href", "src", XLINK_HREF):
                    value = element.get(key)
                    if value is not None and not _inside(value, page, names):
                        found.append(value)
    return found


def _inside(href: str, page: str, names: set[str]) -> bool:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return False
    return not parts.path or posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)) in names


def pdf_links(path: Path) -> list[str]:
    """The targets of a PDF's URI actions, wherever they sit (annotations, outline, open action); internal links
    are GoTo destinations, not URIs."""
    return [str(d["/URI"]) for d in pdf_dicts(path) if "/URI" in d]


def pdf_dicts(path: Path) -> Iterator[dict]:
    """Every dictionary of a PDF, each object once, nested ones included (pypdf reads object streams too)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(path)
    seen: set[int] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(reversed(list(dict.values(item))))  # depth first, in the file's order
        elif isinstance(item, ArrayObject):
            stack.extend(reversed(list(list.__iter__(item))))


def pdf_marked_langs(path: Path) -> set[str]:
    """The /Lang of the marked content in a PDF's pages (`/Span <</Lang (fr)>> BDC`): how Typst tags a passage."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream, DictionaryObject

    reader = PdfReader(path)
    langs = set()
    for page in reader.pages:
        contents = page.get_contents()
        if contents is None:
            continue
        for operands, operator in ContentStream(contents, reader).operations:
            if operator == b"BDC" and len(operands) > 1 and isinstance(props := operands[1], DictionaryObject):
                langs |= {str(props["/Lang"])} if "/Lang" in props else set()
    return langs


def pdf_langs(path: Path) -> tuple[str, set[str]]:
    """(the catalogue's /Lang, the /Lang of structure elements and marked content), read with pypdf.

    Typst tags a passage only where its language differs from its parent's, so the catalogue's language
    appears again only when a passage in it sits inside a passage in another language.
    """
    dicts = list(pdf_dicts(path))
    root = next((str(d.get("/Lang", "")) for d in dicts if d.get("/Type") == "/Catalog"), "")
    return root, {str(d["/Lang"]) for d in dicts if "/Lang" in d and "/S" in d} | pdf_marked_langs(path)
