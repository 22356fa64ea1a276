"""Write the review files of each language: `<lang>.html` (`review.html`) and `<lang>.docx` (`review.docx`).

Above `review`, `review.html` and `review.docx`, so none of them imports another's caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import files, review
from pipeline.review import Progress, Review, docx, html


@dataclass(frozen=True)
class ExportResult:
    lang: str
    paths: tuple[Path, ...]
    written: tuple[Path, ...]  # the paths whose content changed
    progress: Progress


def export(langs: Iterable[str], translations_dir: Path | str, out_dir: Path | str) -> list[ExportResult]:
    """Write `<out_dir>/<lang>.html` and `<lang>.docx` for every language; all are built before any is written."""
    out = Path(out_dir)
    built: list[tuple[Review, dict[Path, bytes]]] = []
    for lang in langs:
        made = review.build(lang, translations_dir)
        built.append((made, {out / f"{lang}.html": html.render(made).encode(),
                             out / f"{lang}.docx": docx.render(made)}))
    results = []
    for made, contents in built:
        written = tuple(path for path, data in contents.items() if files.write_bytes(path, data))
        results.append(ExportResult(made.lang, tuple(contents), written, made.progress))
    return results
