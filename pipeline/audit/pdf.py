"""What a built PDF holds, read with pypdf for `manifesto audit`: its link targets, language tags and fonts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


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


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """Every font a PDF describes (its /BaseFont) and whether its glyphs are embedded (a /FontFile, /FontFile2 or
    /FontFile3 in its descriptor); a composite font is described by its descendants, so it is listed through them."""
    fonts = []
    for d in pdf_dicts(path):
        if d.get("/Type") == "/Font" and "/FontDescriptor" in d:
            descriptor = d["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(d.get("/BaseFont", "?")), embedded))
    return fonts
