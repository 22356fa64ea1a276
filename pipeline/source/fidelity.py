"""Fidelity: every sentence of the export is in the canonical source and every sentence of the source is in
the export, except where the errata log says why not.

Errata that give their `export` text are applied to their export line (the text becomes `canonical`, where
` | ` marks a boundary between two units); `removed` errata without `export` text drop their whole line range;
`added` errata excuse the unit or theme they name (only their `canonical` text, when given). Headings and
theme titles are structure, checked against the model. `manifesto check` reports the gaps (rules F7xx).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from pipeline import markup
from pipeline.errors import Origin, SourceError
from pipeline.model import Edition, Erratum, Section, Theme, Unit
from pipeline.source import ERRATA_FILE
from pipeline.source.export import LOST_LINK

#: What a gap is: an export sentence the source lacks, a source sentence the export lacks, an erratum that no
#: longer applies.
MISSING, ADDED, STALE = "missing", "added", "stale"
_HEADING = re.compile(r"^(introduction|recommendations?|practices?|references?)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-Z“\"‘'(«À-Ý])")


@dataclass(frozen=True)
class Gap:
    """A difference between the export and the source that no erratum explains, or an erratum that is stale.

    `origin` is where to fix it: for a missing sentence, the place in the source where it belongs (after the
    unit holding the export's previous sentence, or the section or theme it belongs to), and `export` is its
    export line; for an added sentence, its unit; for a stale erratum, the erratum. `text` is the sentence, or
    what is wrong with the erratum; `subject` the id of the unit, theme or erratum.
    """

    kind: str
    origin: Origin
    subject: str
    text: str
    export: Origin | None = None


def export_of(edition: Edition) -> Path | None:
    """The export the source was imported from (errata.yaml's `export`), or None when there is none."""
    root = Path(edition.root)
    path = root / edition.export
    if edition.export and not path.resolve().is_relative_to(root.resolve()):
        raise SourceError(f"the export {edition.export!r} is outside the source folder",
                          Origin(str(root / ERRATA_FILE)), "keep the export under the source folder, e.g. import/")
    return path if edition.export and path.is_file() else None


def check(edition: Edition, export: Path) -> list[Gap]:
    """Every gap between `export` and the canonical source, in export order; empty when the source is faithful."""
    lines = _read(export)
    removed = {n for e in edition.errata if e.effect == "removed" and not e.export
               for n in range(e.first_line, min(e.last_line, len(lines)) + 1)}
    by_line = _errata_by_line(edition.errata)
    past = [e for e in edition.errata if e.first_line > len(lines)]
    gaps = [Gap(STALE, e.origin, e.id, f"its line {e.first_line} is past the export's end ({len(lines)} lines)")
            for e in past]
    texts = {u.id: _norm(markup.plain(u.text)) for u in edition.walk()}
    place = _Place(edition, texts)
    pieces: list[str] = []
    for n, raw in enumerate(lines, 1):
        if n in removed or not raw.strip():
            continue
        text, stale = _apply(raw, by_line.get(n, []))
        gaps += [Gap(STALE, e.origin, e.id, f"its export text {e.export!r} is not on export line {n}") for e in stale]
        for piece in text.split(" | "):
            pieces.append(_clean(piece))
            gaps += place.follow(pieces[-1], Origin(str(export), n))
    return gaps + _additions(edition, texts, " ".join(pieces))


def _read(export: Path) -> list[str]:
    try:
        return export.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read the export: {getattr(exc, 'strerror', None) or exc}", Origin(str(export)),
                          "errata.yaml `export` names the imported file, relative to the source folder") from None


class _Corpus:
    """The plain, space-normalised text of some units, one per line, that can tell which unit holds a sentence."""

    def __init__(self, units: list[Unit], plain: dict[str, str]) -> None:
        texts = [plain[u.id] for u in units]
        self.units, self.text, self.starts, at = units, "\n".join(texts), [], 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + 1

    def unit(self, sentence: str) -> Unit | None:
        at = self.text.find(sentence)
        return self.units[bisect_right(self.starts, at) - 1] if at >= 0 else None


class _Place:
    """Walks the export's pieces in order, keeping the place in the source where the next one belongs."""

    def __init__(self, edition: Edition, plain: dict[str, str]) -> None:
        self.whole = _Corpus(list(edition.walk()), plain)
        self.themes = {_norm(t.title.text): (t, _Corpus(list(t.walk()), plain)) for t in edition.themes}
        self.front = {edition.title.text, edition.subtitle.text, edition.publisher.text, str(edition.year)}
        self.theme: Theme | None = None
        self.corpus: _Corpus | None = None
        self._printed: dict[str, Section] = {}  # the current theme's sections by their heading as printed
        self.origin, self.subject = edition.title.origin, edition.title.id

    def follow(self, piece: str, export: Origin) -> list[Gap]:
        """The gaps of one piece of the export, moving the place on past it."""
        if not piece or piece in self.front:
            return []
        if piece in self.themes:
            self.theme, self.corpus = self.themes[piece]
            self.origin, self.subject = self.theme.title.origin, self.theme.id
            self._printed = {_norm(markup.plain(s.heading)): s for s in self.theme.sections if s.heading}
            return []
        printed = self._printed.get(piece)
        if printed is not None or _HEADING.match(piece):
            self._heading(printed.kind if printed else piece.lower())
            return []
        gaps = []
        for sentence in (s for s in _SENTENCE_END.split(piece) if s.strip()):
            if sentence not in self.whole.text:
                gaps.append(Gap(MISSING, self.origin, self.subject, sentence, export))
                continue
            unit = self.corpus.unit(sentence) if self.corpus else None
            if unit is not None:
                self.origin, self.subject = unit.origin, unit.id
        return gaps

    def _heading(self, heading: str) -> None:
        kind = heading if heading.endswith("s") or heading == "introduction" else heading + "s"
        section = self.theme.section(kind) if self.theme else None
        if self.theme and section:
            self.origin, self.subject = section.origin, self.theme.id


def _additions(edition: Edition, plain: dict[str, str], export_corpus: str) -> list[Gap]:
    """Sentences of the source that the export does not have and no `added` erratum names; stale `added` errata."""
    named = _named(edition)
    excused: dict[str, list[str]] = {}
    gaps = []
    for e in (e for e in edition.errata if e.effect == "added"):
        if e.unit not in named:
            gaps.append(Gap(STALE, e.origin, e.id, f"no unit or theme {e.unit!r} in the source"))
            continue
        text = _norm(markup.plain(e.canonical))
        if text and not any(text in plain[u.id] for u in named[e.unit]):
            gaps.append(Gap(STALE, e.origin, e.id, f"its canonical text is not in {e.unit!r}"))
        for unit in named[e.unit]:
            excused.setdefault(unit.id, []).append(text)
    for unit in (u for theme in edition.themes for u in theme.walk()):
        allowed = excused.get(unit.id, [])
        for s in _SENTENCE_END.split(plain[unit.id]):
            if s and s not in export_corpus and not any(a == "" or s in a for a in allowed):
                gaps.append(Gap(ADDED, unit.origin, unit.id, s))
    return gaps


def _named(edition: Edition) -> dict[str, tuple[Unit, ...]]:
    """What an `added` erratum's `unit` can name: a theme (all its units) or a unit (with its title and children)."""
    out: dict[str, tuple[Unit, ...]] = {}
    for theme in edition.themes:
        out[theme.id] = tuple(theme.walk())
        out.update((u.id, tuple(u.walk())) for u in theme.walk())
    return out


def _errata_by_line(errata: tuple[Erratum, ...]) -> dict[int, list[Erratum]]:
    out: dict[int, list[Erratum]] = {}
    for e in errata:
        if e.export and e.effect != "added":
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


def _norm(text: str) -> str:
    return " ".join(text.split())
