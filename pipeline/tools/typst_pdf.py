"""The one adapter to Typst (the `typst` package): Typst source -> tagged A4 PDF, or a PNG (the EPUB cover)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import house
from pipeline.errors import ToolError

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


def pdf_and_theme_ends(source: str, epoch: int) -> tuple[bytes, list[tuple[str, int, float]]]:
    """The PDF of `source` (as `pdf` makes it, byte for byte) and, from the same compilation, where each theme's
    text ends: (theme, page, height in points) of its `<theme-end>` metadata (style.typ).

    One compiler answers both: the query reuses the compilation (about 1 ms instead of a second compilation),
    which takes the source from a file rather than from bytes.
    """
    import tempfile

    import typst

    with tempfile.TemporaryDirectory(prefix="manifesto-typst-") as folder:
        main = Path(folder) / "main.typ"
        main.write_text(source, encoding="utf-8")
        try:
            compiler = typst.Compiler(str(main), font_paths=_fonts())
            pdf = compiler.compile(format="pdf", pdf_standards=list(PDF_STANDARDS), timestamp=epoch)
            found = compiler.query("<theme-end>", field="value")
        except (RuntimeError, ValueError) as exc:  # typst.TypstError derives from RuntimeError
            raise ToolError("typst compile (pdf)", 1, str(exc)) from None
    values = json.loads(found) if isinstance(found, str) else found
    return bytes(pdf), [(str(v["theme"]), int(v["page"]), float(v["y"])) for v in values]


def png(source: str, epoch: int, ppi: int = 96) -> bytes:
    """Render the first page of `source` to PNG (the EPUB cover image)."""
    return _compile(source.encode(), epoch, "png", ppi=ppi)


def _compile(source: bytes, epoch: int, fmt: str, **options: object) -> bytes:
    import typst

    try:
        out = typst.compile(source, format=fmt, font_paths=_fonts(), timestamp=epoch, **options)
    except (RuntimeError, ValueError) as exc:  # typst.TypstError derives from RuntimeError
        raise ToolError(f"typst compile ({fmt})", 1, str(exc)) from None
    if isinstance(out, list):  # several pages as PNG: the cover is the first
        out = out[0]
    return bytes(out)


def _fonts() -> list[str]:
    return list(house.load().font_dirs)  # the house faces, embedded (subset) in every PDF
