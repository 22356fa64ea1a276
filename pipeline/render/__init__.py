"""Stage 6, render: an assembled document -> DOCX, PDF (through Typst) or EPUB, written atomically."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline import files, house, langtag, templating
from pipeline.assemble import Document
from pipeline.errors import FileError, Origin, PipelineError, RenderError, ToolError
from pipeline.localise import LUnit
from pipeline.project import TEMPLATES
from pipeline.render import docx_finish, docx_style, fit
from pipeline.tools import pandoc, typst_pdf

CSS = "epub.css.j2"  # under templates/
TYPST = TEMPLATES / "typst"


@dataclass(frozen=True)
class Assets:
    """Files the renderers read besides the document, made from the house style once per build (`assets`)."""

    reference_docx: Mapping[str, Path]  # by kind of document: "full", "handout", "handout-fit"
    epub_css: Path
    epub_fonts: tuple[Path, ...]


def assets(cache: Path) -> Assets:
    """The DOCX reference document and the EPUB stylesheet of the house style, made into `cache` when it changed."""
    style = house.load()
    css = _stylesheet(style)
    path = cache / f"epub-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    if not path.exists():
        files.write_text(path, css)
    references = {kind: docx_style.ensure(cache, kind) for kind in docx_style.KINDS}
    return Assets(references, path, tuple(face.path for face in style.faces()))


def _stylesheet(style: house.House) -> str:
    return templating.render(CSS, {"colour": style.colour, "type": style.type, "faces": style.faces()}, RenderError,
                             "render/__init__.py")


def target(doc: Document, fmt: str, out: Path) -> Path:
    """Where `doc` in `fmt` goes: output/<lang>/manifesto.pdf, output/<lang>/handouts/<theme>.pdf (a preview's
    under output/preview/<lang>/)."""
    return out / doc.folder / f"{doc.name}.{fmt}"


def render(doc: Document, formats: tuple[str, ...], out: Path, assets: Assets) -> tuple[Path, ...]:
    """Write `doc` in each of `formats` under `out`, all or none: a failure leaves every previous file untouched."""
    written = []
    try:
        with ExitStack() as renamed:  # each file is renamed into place only when every format has been made
            with _naming(f"{out / doc.folder / doc.name} (its Markdown)"):
                source = Source(doc, pandoc.read(doc.markdown))
            if doc.kind == "handout" and "docx" in formats:  # a handout's DOCX follows print's layout: made first
                with _naming(f"{target(doc, 'pdf', out)} (the print layout its DOCX follows)"):
                    source.printed  # noqa: B018
            for fmt in formats:
                making = target(doc, fmt, out)
                with _naming(str(making)):
                    RENDERERS[fmt](source, renamed.enter_context(files.atomic(making)), assets)
                written.append(making)
    except OSError as exc:  # unwritable folder, full disk: one line naming the file, not a worker's traceback
        raise FileError.from_os(exc) from None
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


#: The cover image's page, in points, and its resolution: the EPUB's (2:3, 1600 x 2400 px) and the DOCX's (the
#: A4 page of the print cover, at 150 ppi).
EPUB_COVER, DOCX_COVER = (1200, 1800, 96), (595.28, 841.89, 150)


class Source:
    """One document to render: its pandoc AST, and how Typst sets it in print (computed once, when the PDF or
    the DOCX asks): the PDF, and the themes set tighter, within the house style's `[fit]` limits."""

    def __init__(self, doc: Document, ast: str) -> None:
        self.doc, self.ast = doc, ast

    @cached_property
    def printed(self) -> fit.Fitted:
        return fit.fit(self.typst, self.doc.epoch)

    def typst(self, fitted: Iterable[str] = ()) -> str:
        variables = (typst_variables(self.doc.tag) | {"author-string": typst_string(self.doc.publisher)}
                     | ({"fitted": ",".join(fitted)} if fitted else {}))
        return pandoc.to_typst(self.ast, TYPST / f"{self.doc.kind}.typ", variables)



def _docx(source: Source, tmp: Path, assets: Assets) -> None:
    doc, ast = source.doc, source.ast
    # A handout set tighter in print is set tighter in Word too, and so is one whose print fills its last page to
    # the foot, which Word would spill onto a new one (the full edition's DOCX has one style for all).
    tight = source.printed.themes or source.printed.full_to_the_foot
    kind = "handout-fit" if doc.kind == "handout" and tight else doc.kind
    with _cover_image(doc, ast, DOCX_COVER, tmp.parent, art_only=True) as cover:
        pandoc.to_docx(ast, tmp, assets.reference_docx[kind], doc.epoch, toc=doc.kind == "full", cover=cover,
                       cover_alt=_cover_alt(doc))
    docx_finish.finish(tmp, doc.title, doc.publisher, doc.running, page_count=doc.kind == "handout",
                      lang=langtag.parse(doc.tag).word, cover=cover is not None, contents=doc.kind == "full")


@contextmanager
def _cover_image(doc: Document, ast: str, shape: tuple[float, float, int], folder: Path,
                 art_only: bool = False) -> Iterator[Path | None]:
    """The print cover drawn as a PNG of `shape` (width, height in points, ppi) in a scratch folder beside the
    output, from the document's own metadata (cover-image.typ), or only its art, without its words (the DOCX sets
    them as live text over it); None for a document without a cover."""
    if doc.cover is None:
        yield None
        return
    width, height, ppi = shape
    with tempfile.TemporaryDirectory(prefix=".cover.", dir=folder) as scratch:
        cover = Path(scratch) / "cover.png"  # a fixed name: the EPUB records it
        variables = (typst_variables(doc.tag) | {"cover-width": str(width), "cover-height": str(height)}
                     | ({"cover-art-only": "true"} if art_only else {}))
        source = pandoc.to_typst(ast, TYPST / "cover-image.typ", variables)
        cover.write_bytes(typst_pdf.png(source, doc.epoch, ppi))
        yield cover


def _cover_alt(doc: Document) -> str:
    """The cover's text alternative: what it says."""
    c = doc.cover
    return f"{c.title}. {c.subtitle}. {c.publisher}, {c.year}." + (f" {c.mark}." if c.mark else "") if c else ""


def _pdf(source: Source, tmp: Path, assets: Assets) -> None:
    tmp.write_bytes(source.printed.pdf)


def typst_string(text: str) -> str:
    """`text` as the inside of a Typst string literal: backslashes and quotes escaped, so text is never code."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def typst_variables(tag: str) -> dict[str, str]:
    """What the Typst templates read besides the document: the house style, and the language as Typst names it."""
    lang, region = langtag.parse(tag).typst
    return {**house.load().flat(), "typst-lang": lang, **({"typst-region": region} if region else {})}


def _epub(source: Source, tmp: Path, assets: Assets) -> None:
    doc, ast = source.doc, source.ast
    with _cover_image(doc, ast, EPUB_COVER, tmp.parent) as cover:
        pandoc.to_epub(ast, tmp, assets.epub_css, doc.epoch, cover, toc_depth=2 if cover is None else 1)
    _finish_epub(tmp, doc, assets.epub_fonts, _cover_alt(doc))


#: The accessibility claim every EPUB makes: Ace by DAISY finds no violation in them (see the README).
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.S)


def _finish_epub(epub: Path, doc: Document, fonts: tuple[Path, ...], cover: str = "") -> None:
    """What pandoc's EPUB lacks: each page titled by its heading (not `ch004.xhtml`), the landmarks labelled in
    the edition's language (pandoc writes English), the conformance claim, a text alternative for the cover page
    (an SVG wrapping the image, with no text) for screen readers; and the house faces, embedded here rather than
    by pandoc, so that they are compressed once, not twice."""
    from html import unescape
    from xml.sax.saxutils import escape, quoteattr

    title, labels = doc.title, dict(doc.landmarks)

    def landmark(found: re.Match) -> bytes:
        label = labels.get(found[2].decode())
        return found[1] + escape(label).encode() + found[3] if label else found[0]

    def edit(name: str, data: bytes) -> bytes:
        if name == "EPUB/nav.xhtml":
            return re.sub(rb'(<a [^>]*epub:type="([a-z-]+)"[^>]*>)[^<]*(</a>)', landmark, data)
        if name == "EPUB/text/cover.xhtml" and cover:
            data = data.replace(b'version="1.1"', f'version="1.1" role="img" aria-label={quoteattr(cover)}'.encode(), 1)
            return data.replace(b"<image ", f"<title>{escape(cover)}</title>\n<image ".encode(), 1)
        if name == "EPUB/text/title_page.xhtml":
            data = _title_page(data, doc.date)
        if name.startswith("EPUB/text/") and name.endswith(".xhtml"):
            heading = _H1.search(data)
            text = unescape(re.sub(r"<[^>]+>", "", heading[1].decode())).strip() if heading else title
            page_title = f"<title>{escape(text or title)}</title>".encode()
            return re.sub(rb"<title>[^<]*</title>", lambda _: page_title, data, count=1)  # text, not a template
        if name == "EPUB/content.opf":
            claim = f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>\n  </metadata>'
            items = "".join(f'<item id="font-{i}" href="fonts/{escape(font.name)}" media-type="font/ttf" />\n    '
                            for i, font in enumerate(fonts, start=1))
            data = data.replace(b"</metadata>", claim.encode(), 1)
            return data.replace(b"</manifest>", f"{items}</manifest>".encode(), 1)
        return data

    files.rewrite_zip(epub, edit, [(f"EPUB/fonts/{font.name}", font.read_bytes()) for font in fonts])


_PARAGRAPH = rb'[ \t]*<p class="%s">(.*?)</p>\n?'


def _title_page(data: bytes, date: str) -> bytes:
    """The EPUB title page as a reader wants it: the date as the edition's locale writes it (pandoc prints the ISO
    date that `dc:date` needs), and the publisher named once (it is also the author)."""
    from xml.sax.saxutils import escape

    author = re.search(_PARAGRAPH % b"author", data)
    publisher = re.search(_PARAGRAPH % b"publisher", data)
    if author and publisher and author[1] == publisher[1]:
        data = data.replace(publisher[0], b"", 1)
    if date:
        shown = f'<p class="date">{escape(date)}</p>'.encode()
        data = re.sub(rb'<p class="date">[^<]*</p>', lambda _: shown, data, count=1)
    return data


RENDERERS: dict[str, Callable[[Source, Path, Assets], None]] = {"docx": _docx, "pdf": _pdf, "epub": _epub}
