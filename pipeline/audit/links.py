"""The link targets of built DOCX and EPUB files, read back for `manifesto audit` (a PDF's: `audit/pdf.py`)."""

from __future__ import annotations

import posixpath
import re
import zipfile
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
