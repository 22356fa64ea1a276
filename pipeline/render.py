"""Stage 6, render: an assembled document -> DOCX, PDF (through Typst) or EPUB, written atomically."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from . import pandoc, typst_pdf
from .assemble import TEMPLATES, Document
from .errors import Origin, PipelineError, RenderError, ToolError
from .localise import LUnit

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
    """Write `doc` in each of `formats` under `out`, all or none: a failure leaves every previous file untouched."""
    written = []
    with ExitStack() as renamed:  # each file is renamed into place only when every format has been made
        with _naming(f"{out / doc.lang / doc.name} (its Markdown)"):
            ast = pandoc.read(doc.markdown)
        for fmt in formats:
            path = target(doc, fmt, out)
            path.parent.mkdir(parents=True, exist_ok=True)
            with _naming(str(path)):
                RENDERERS[fmt](doc, ast, renamed.enter_context(_atomic(path)), assets)
            written.append(path)
    return tuple(written)


@contextmanager
def _naming(making: str) -> Iterator[None]:
    """A failed tool run names the file it was making: which document, in which format."""
    try:
        yield
    except ToolError as exc:
        raise ToolError(exc.cmd, exc.returncode, exc.stderr, Origin(making)) from None


#: What Typst quotes of the text it failed on: ``the text `"世"` could not be displayed with font …``.
_TYPST_QUOTE = re.compile(r'the text `"((?:[^"\\]|\\.)+)"`')
_TYPST_ESCAPE = re.compile(r'\\u\{([0-9a-fA-F]+)\}|\\(.)')


def blame(error: PipelineError, units: Iterable[LUnit]) -> PipelineError:
    """`error` located at the unit whose text holds what the tool quotes (its source line or catalogue entry)."""
    quoted = _TYPST_QUOTE.search(str(error))
    if quoted is None:
        return error
    text = _TYPST_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else {"n": "\n", "t": "\t"}.get(m[2], m[2]),
                             quoted[1])
    unit = next((u for u in units if text in u.text), None)
    if unit is None:
        return error
    blamed = RenderError(f"unit {unit.id!r}: {error}", unit.origin, "change or remove what the tool quotes")
    blamed.category = error.category
    return blamed


def _docx(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    pandoc.to_docx(ast, tmp, assets.reference_docx, doc.epoch, toc=doc.kind == "full")


def _pdf(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    source = pandoc.to_typst(ast, TYPST / f"{doc.kind}.typ")
    tmp.write_bytes(typst_pdf.pdf(source, doc.epoch))


def _epub(doc: Document, ast: str, tmp: Path, assets: Assets) -> None:
    if doc.cover is None:
        pandoc.to_epub(ast, tmp, CSS, doc.epoch, None, toc_depth=1)
        return
    with tempfile.TemporaryDirectory(prefix=".cover.", dir=tmp.parent) as scratch:
        cover = Path(scratch) / "cover.png"  # a fixed name: the EPUB records it
        cover.write_bytes(typst_pdf.png(TYPST / "cover.typ", asdict(doc.cover) | {"lang": doc.lang}, doc.epoch))
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


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` (same file system), renamed onto it when the block succeeds, else removed."""
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
