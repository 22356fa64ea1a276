"""Fidelity: every sentence of the export is in the canonical source, except where the errata log says why not.

Errata whose `export` text is given are applied to their export line (the text becomes `canonical`, where
` | ` marks a boundary between two units); line ranges of kind dropped-toc / dropped-page-number /
dropped-front-matter are skipped. Headings and theme titles are structure, checked against the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import markup
from .errors import Origin, SourceError
from .importer import LOST_LINK
from .model import Edition, Erratum

_DROPPED = frozenset({"dropped-toc", "dropped-page-number", "dropped-front-matter"})
_HEADING = re.compile(r"^(introduction|recommendations?|practices?|references?)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-Z“\"‘'(«À-Ý])")


@dataclass(frozen=True)
class Gap:
    """A sentence of the export missing from the canonical source (or an erratum that no longer applies)."""

    origin: Origin
    message: str


def check(edition: Edition, export: Path) -> list[Gap]:
    """Every gap between `export` and the canonical source; empty when the source is faithful."""
    try:
        lines = export.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SourceError(f"cannot read the export: {exc.strerror}", Origin(str(export)),
                          "errata.yaml `export` names the imported file under source/") from None
    corpus = "\n".join(_norm(markup.plain(u.text)) for u in edition.walk())
    titles = {_norm(t.title.text) for t in edition.themes}
    front = {edition.title.text, edition.subtitle.text, edition.publisher.text, str(edition.year)}
    by_line = _errata_by_line(edition.errata)
    skipped = {n for e in edition.errata if e.kind in _DROPPED for n in range(e.first_line, e.last_line + 1)}
    gaps, pieces = [], []
    for n, raw in enumerate(lines, 1):
        if n in skipped or not raw.strip():
            continue
        text, stale = _apply(raw, by_line.get(n, []))
        gaps += [Gap(e.origin, f"erratum {e.id}: its export text is not on export line {n}") for e in stale]
        for piece in text.split(" | "):
            pieces.append(_clean(piece))
            gaps += _check_piece(pieces[-1], corpus, titles | front, Origin(str(export), n))
    return gaps + _additions(edition, " ".join(pieces))


def _additions(edition: Edition, export_corpus: str) -> list[Gap]:
    """Sentences of the source that the export does not have, in units no erratum names."""
    excused = {e.unit for e in edition.errata}
    gaps = []
    for unit in (u for theme in edition.themes for u in theme.walk()):
        if unit.id in excused:
            continue
        for s in _SENTENCE_END.split(_norm(markup.plain(unit.text))):
            if s and s not in export_corpus:
                gaps.append(Gap(unit.origin, f"unit {unit.id}: not in the export and not in the errata log: {s!r}"))
    return gaps


def _errata_by_line(errata: tuple[Erratum, ...]) -> dict[int, list[Erratum]]:
    out: dict[int, list[Erratum]] = {}
    for e in errata:
        if e.export:
            out.setdefault(e.first_line, []).append(e)
    return out


def _apply(raw: str, errata: list[Erratum]) -> tuple[str, list[Erratum]]:
    stale = []
    for e in errata:
        if e.export in raw:
            raw = raw.replace(e.export, e.canonical, 1)
        else:
            stale.append(e)
    return raw, stale


def _clean(piece: str) -> str:
    piece = re.sub(r"^\s*-\s+", "", piece.strip())
    piece = LOST_LINK.sub(lambda m: m.group(1), piece)
    return _norm(markup.plain(piece))


def _check_piece(piece: str, corpus: str, structure: set[str], origin: Origin) -> list[Gap]:
    if not piece or piece in structure or _HEADING.match(piece):
        return []
    return [Gap(origin, f"not in the canonical source and not in the errata log: {s!r}")
            for s in _SENTENCE_END.split(piece) if s.strip() and _norm(s) not in corpus]


def _norm(text: str) -> str:
    return " ".join(text.split())
