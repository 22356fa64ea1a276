"""The one adapter to Typst (the `typst` package): Typst source -> tagged A4 PDF, or a PNG (the EPUB cover)."""

from __future__ import annotations

from . import house
from .errors import ToolError

#: PDF/UA-1 (accessible, tagged) is claimed only because Typst checks it while compiling and refuses otherwise.
PDF_STANDARDS: tuple[str, ...] = ("ua-1",)


def version() -> str:
    """The typst package's version (part of every PDF's content hash)."""
    from importlib.metadata import version as dist_version

    return dist_version("typst")


def compiler_version() -> str:
    """The version of the Typst compiler inside the wheel (`sys.version`), for `manifesto --version`."""
    import typst

    try:
        return str(typst.query(b'#metadata(str(sys.version)) <v>', "<v>", field="value", one=True)).strip('"\n')
    except (RuntimeError, ValueError, TypeError):
        return "unknown"


def pdf(source: str, epoch: int) -> bytes:
    """Compile `source` to PDF, dated `epoch` (reproducible: same source and epoch, same bytes)."""
    return _compile(source.encode(), epoch, "pdf", pdf_standards=list(PDF_STANDARDS))


def png(source: str, epoch: int, ppi: int = 96) -> bytes:
    """Render the first page of `source` to PNG (the EPUB cover image)."""
    return _compile(source.encode(), epoch, "png", ppi=ppi)


def _compile(source: bytes, epoch: int, fmt: str, **options: object) -> bytes:
    import typst

    try:
        fonts = list(house.load().font_dirs)  # the house faces, embedded (subset) in every PDF
        out = typst.compile(source, format=fmt, font_paths=fonts, timestamp=epoch, **options)
    except (RuntimeError, ValueError) as exc:  # typst.TypstError derives from RuntimeError
        raise ToolError(f"typst compile ({fmt})", 1, str(exc)) from None
    if isinstance(out, list):  # several pages as PNG: the cover is the first
        out = out[0]
    return bytes(out)
