"""The link targets of built DOCX, EPUB and PDF files, read back for `manifesto audit`."""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
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
    """The targets of a PDF's URI actions (internal links are GoTo destinations, not URIs)."""
    found = []
    for chunk in pdf_chunks(path.read_bytes()):
        found += [_pdf_string(chunk, m.end()) for m in re.finditer(rb"/URI\s*\(", chunk)]
        found += [bytes.fromhex(m.decode()).decode("latin-1") for m in re.findall(rb"/URI\s*<([0-9A-Fa-f\s]*)>", chunk)]
    return found


def _pdf_string(data: bytes, start: int) -> str:
    """The PDF literal string starting at `start` (after its "("): balanced parentheses, backslash escapes."""
    out, depth, i = bytearray(), 1, start
    while i < len(data):
        char = data[i]
        if char == 0x5C:  # a backslash: an octal code or an escaped character
            octal = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
            out += bytes([int(octal[0], 8) & 0xFF]) if octal else data[i + 1:i + 2]
            i += 1 + (len(octal[0]) if octal else 1)
            continue
        depth += (char == 0x28) - (char == 0x29)
        if not depth:
            break
        out.append(char)
        i += 1
    text = bytes(out)
    return text[2:].decode("utf-16-be", "replace") if text.startswith(b"\xfe\xff") else text.decode("latin-1")


def pdf_chunks(data: bytes) -> list[bytes]:
    """The PDF itself and each of its streams inflated (object streams hide dictionaries from a flat scan)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[m.end():]))
        except zlib.error:
            continue
    return chunks
