"""Stage 6, render: an assembled document -> DOCX, PDF (through Typst) or EPUB, written atomically."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import files, langtag, pandoc, typst_pdf
from .assemble import TEMPLATES, Document
from .errors import FileError

CSS = TEMPLATES / "epub.css"
TYPST = TEMPLATES / "typst"


@dataclass(frozen=True)
class Assets:
    """Files the renderers read besides the document: the DOCX reference (made at build time by docx_style)."""

    reference_docx: Path


def target(doc: Document, fmt: str, out: Path) -> Path:
    """Where `doc` in `fmt` goes: output/<lang>/manifesto.pdf, output/<lang>/handouts/<theme>.pdf."""
    return out / doc.lang / f"{doc.name}.{fmt}"


def render(doc: Document, formats: tuple[str, ...], out: Path, assets: Assets) -> tuple[Path, ...]:
    """Write `doc` in each of `formats` under `out`; a failed format leaves its previous file untouched."""
    ast = pandoc.read(doc.markdown)
    written = []
    for fmt in formats:
        path = target(doc, fmt, out)
        try:
            with files.atomic(path) as tmp:
                RENDERERS[fmt](doc, ast, tmp, assets)
        except OSError as exc:  # unwritable folder, full disk: one line naming the file, not a worker's traceback
            raise FileError.from_os(exc, where=path) from None
        written.append(path)
    return tuple(written)


def _docx(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    pandoc.to_docx(ast, tmp, assets.reference_docx, doc.epoch, toc=doc.kind == "full")


def _pdf(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    source = pandoc.to_typst(ast, TYPST / f"{doc.kind}.typ", *langtag.parse(doc.lang).typst)
    tmp.write_bytes(typst_pdf.pdf(source, doc.epoch))


def _epub(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    if doc.cover is None:
        pandoc.to_epub(ast, tmp, CSS, doc.epoch, None, toc_depth=1)
        return
    with tempfile.TemporaryDirectory(prefix=".cover.", dir=tmp.parent) as scratch:
        cover = Path(scratch) / "cover.png"  # a fixed name: the EPUB records it
        lang, region = langtag.parse(doc.lang).typst
        inputs = asdict(doc.cover) | {"lang": lang, "region": region or ""}
        cover.write_bytes(typst_pdf.png(TYPST / "cover.typ", inputs, doc.epoch))
        pandoc.to_epub(ast, tmp, CSS, doc.epoch, cover, toc_depth=1)
    c = doc.cover
    _describe_cover(tmp, f"{c.title}. {c.subtitle}. {c.publisher}, {c.year}.")


def _describe_cover(epub: Path, text: str) -> None:
    """Give pandoc's cover page (an SVG wrapping the image, with no text) a text alternative for screen readers."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    with zipfile.ZipFile(epub) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(epub, "w") as dst:
        for info, data in entries:  # same order, dates and compression: only the cover page changes
            if info.filename == "EPUB/text/cover.xhtml":
                label = f'version="1.1" role="img" aria-label={quoteattr(text)}'
                data = data.replace(b'version="1.1"', label.encode(), 1)
                data = data.replace(b"<image ", f"<title>{escape(text)}</title>\n<image ".encode(), 1)
            dst.writestr(info, data)


RENDERERS: dict[str, Callable[[Document, str, Path, Assets], None]] = {"docx": _docx, "pdf": _pdf, "epub": _epub}
