"""The one adapter to pandoc (pypandoc-binary): Markdown -> DOCX, EPUB or Typst, raw formats off, sandboxed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import ToolError
from pipeline.project import PACKAGE

#: The source is untrusted text (translations): no raw HTML/LaTeX/Typst pass-through, no math, no citations.
READER = "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-citations"
FILTER = PACKAGE / "filters" / "manifesto.lua"
DOCX_FILTER = FILTER.with_name("docx.lua")  # the DOCX's cover, contents list and page breaks
LINK_TARGETS = FILTER.with_name("link_targets.lua")
READ_TEXTS = FILTER.with_name("read_texts.lua")


def version() -> str:
    """The pandoc build in use: pypandoc-binary's version, which pins the pandoc it ships (cheaper than running it)."""
    from importlib.metadata import version as dist_version

    return f"pypandoc-binary {dist_version('pypandoc_binary')}"


def pandoc_version() -> str:
    """The version pandoc itself reports (`3.9`), for `manifesto --version`."""
    import pypandoc

    return pypandoc.get_pandoc_version()


def read(markdown: str) -> str:
    """Parse untrusted Markdown into pandoc's JSON AST: sandboxed, raw formats off, so it stays literal text.

    Writers then run on this AST (our own data) without the sandbox, because in it pandoc can neither read the
    EPUB's stylesheet and cover nor the clock (every date would be 1970).
    """
    return _pandoc(markdown, READER, "json", None, [], sandbox=True)


def link_targets(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The link targets of each Markdown text as pandoc's reader sees them: inline, reference-style and autolinks.

    One `pandoc lua` run for all the texts (a process per text would take seconds); texts that cannot hold a link
    (no bracket, no angle bracket) are not sent.
    """
    import json
    import subprocess

    import pypandoc

    wanted = [i for i, text in enumerate(texts) if "[" in text or "<" in text]
    if not wanted:
        return [()] * len(texts)
    cmd = [pypandoc.get_pandoc_path(), "lua", str(LINK_TARGETS), READER]
    proc = subprocess.run(cmd, input=json.dumps([texts[i] for i in wanted]), capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise ToolError("pandoc lua link_targets.lua", proc.returncode, proc.stderr)
    found = dict(zip(wanted, json.loads(proc.stdout), strict=True))
    return [tuple(found[i]) if isinstance(found.get(i), list) else () for i in range(len(texts))]


def read_texts(texts: Sequence[str]) -> list[list[dict]]:
    """The blocks of each untrusted Markdown text as pandoc's JSON AST, for showing the text as it was typed.

    Read like the editions' text (raw formats off) but without `smart`: quotes, dashes and ellipses stay the
    characters the translator typed. One `pandoc lua` run for all the texts.
    """
    import json
    import subprocess

    import pypandoc

    if not texts:
        return []
    cmd = [pypandoc.get_pandoc_path(), "lua", str(READ_TEXTS), f"{READER}-smart"]
    proc = subprocess.run(cmd, input=json.dumps(list(texts)), capture_output=True, text=True, encoding="utf-8",
                          check=False)
    if proc.returncode != 0:
        raise ToolError("pandoc lua read_texts.lua", proc.returncode, proc.stderr)
    return [json.loads(doc)["blocks"] for doc in json.loads(proc.stdout)]


def to_typst(ast: str, template: Path, variables: Mapping[str, str]) -> str:
    """Typst source for the document, through `template` (a pandoc template) and the manifesto filter;
    `variables` are the template's own (`typst-lang`, `house-colour-brand`, …), set with `--variable`."""
    options = [f"--variable={key}:{value}" for key, value in sorted(variables.items())]
    return _pandoc(ast, "json", "typst", None, ["--standalone", f"--template={template}", *options, *_FILTER])


def to_docx(ast: str, out: Path, reference: Path, epoch: int, toc: bool, cover: Path | None = None,
            cover_alt: str = "") -> None:
    """Write a DOCX styled by `reference` (a reference.docx), dated `epoch`, with a contents list when `toc`,
    and `cover` (an image, described by `cover_alt`) as its first page in place of the title block."""
    args = [f"--reference-doc={reference}", *_FILTER, f"--lua-filter={DOCX_FILTER}",
            *(["--metadata=contents:true"] if toc else []),
            *([f"--metadata=docx-cover:{cover}", f"--metadata=docx-cover-alt:{cover_alt}"] if cover else [])]
    with _source_date(epoch):
        _pandoc(ast, "json", "docx", out, args)


def to_epub(ast: str, out: Path, css: Path, epoch: int, cover: Path | None, toc_depth: int) -> None:
    """Write an EPUB 3 with `css` and an optional cover image, dated `epoch`."""
    date = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d")
    args = [f"--css={css}", f"--toc-depth={toc_depth}", "--split-level=1", f"--metadata=date:{date}", "--toc",
            *_FILTER,
            *([f"--epub-cover-image={cover}"] if cover else [])]
    with _source_date(epoch):
        _pandoc(ast, "json", "epub3", out, args)


_FILTER = (f"--lua-filter={FILTER}",)


def _pandoc(text: str, source: str, to: str, out: Path | None, args: Sequence[str], sandbox: bool = False) -> str:
    import pypandoc

    try:
        return pypandoc.convert_text(text, to, format=source, outputfile=str(out) if out else None,
                                     extra_args=list(args), sandbox=sandbox, verify_format=False)
    except RuntimeError as exc:
        raise ToolError(f"pandoc -f {source} -t {to}", 1, str(exc)) from None


@contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """pandoc dates DOCX/EPUB packages and zip entries from SOURCE_DATE_EPOCH (pypandoc passes os.environ on)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def default_reference_docx() -> bytes:
    """pandoc's own reference.docx (every style its DOCX writer uses), to restyle."""
    import subprocess

    import pypandoc

    cmd = [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise ToolError(" ".join(cmd), proc.returncode, proc.stderr.decode(errors="replace"))
    return proc.stdout
