"""Fidelity rules (F7xx): the source keeps every sentence of the export it was imported from and adds none,
except where the errata log says why. They run only when the source has its export (errata.yaml `export`)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from pipeline.check.rules.base import finding, quote, rule
from pipeline.findings import Finding
from pipeline.model import Edition
from pipeline.source import ERRATA_FILE, fidelity


@rule("F701", "error", "a theme file cut off inside a plain value: its last sentences, practices and references "
      "are gone")
def missing_sentence(edition: Edition) -> Iterator[Finding]:
    """A sentence of the export is missing from the source, and no erratum removes it.

    Reported where it belongs (after the unit holding the export's previous sentence), with its export line:
    restore the text, or log it in errata.yaml as `removed` (or `rewritten`) with the reason.
    """
    for gap in _gaps(edition, fidelity.MISSING):
        line = gap.export.line if gap.export else 0
        yield finding(gap.origin, f"export sentence missing from the source: {quote(gap.text)} "
                      f"({edition.export}:{line}); restore it here, or log it in {ERRATA_FILE} "
                      f"(kind: removed, line: {line})", gap.subject)


@rule("F702", "error", "'Strengthen victims' access to justice' where the export says 'access to law', "
      "with no erratum")
def added_sentence(edition: Edition) -> Iterator[Finding]:
    """A sentence of the source is not in the export, and no erratum logs it as `added`.

    Make it match the export, or log it in errata.yaml (kind `added` with the unit's or theme's id, or
    `rewritten` with the export's text and the new one).
    """
    for gap in _gaps(edition, fidelity.ADDED):
        yield finding(gap.origin, f"source sentence not in the export: {quote(gap.text)}; make it match the "
                      f"export, or log it in {ERRATA_FILE} (kind: added, unit: {gap.subject})", gap.subject)


@rule("F703", "error", "an erratum whose `export` text '(JDL}' is not on its export line")
def stale_erratum(edition: Edition) -> Iterator[Finding]:
    """An erratum that no longer applies: its export text is not on its line, or the unit it adds is gone."""
    for gap in _gaps(edition, fidelity.STALE):
        yield finding(gap.origin, f"erratum {gap.subject}: {gap.text}; correct it or remove it", gap.subject)


def _gaps(edition: Edition, kind: str) -> list[fidelity.Gap]:
    export = fidelity.export_of(edition)
    if export is None:
        return []
    stat = export.stat()
    return [g for g in _all_gaps(edition, export, stat.st_mtime_ns, stat.st_size) if g.kind == kind]


@lru_cache(maxsize=1)
def _all_gaps(edition: Edition, export: Path, mtime_ns: int, size: int) -> tuple[fidelity.Gap, ...]:
    """The gaps, computed once for the three rules (the export's time and size say when it changed)."""
    return tuple(fidelity.check(edition, export))
