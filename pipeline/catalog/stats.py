"""Translation progress: units and words per language x theme x section and status, and the translators' queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import markup
from pipeline.catalog import STATUSES, load
from pipeline.project import TRANSLATIONS


@dataclass(frozen=True)
class Tally:
    """Units and words of one language x theme x section, per status (every status present, zero or not)."""

    lang: str
    theme: str
    section: str
    units: dict[str, int]
    words: dict[str, int]
    queries: int = 0  # `# query:` comments left for the publisher (`manifesto queries` lists them)

    @property
    def reviewed_share(self) -> float:
        """The share of words whose translation is reviewed."""
        return self.words["reviewed"] / max(sum(self.words.values()), 1)

    def as_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "theme": self.theme, "section": self.section, "units": self.units,
                "words": self.words, "reviewed_share": round(self.reviewed_share, 4), "queries": self.queries}


def tally(langs: Iterable[str], translations_dir: Path | str = TRANSLATIONS) -> list[Tally]:
    """Progress per language x theme x section, in catalogue order; words are counted in the source text."""
    units: dict[tuple[str, str, str], Counter[str]] = {}
    words: dict[tuple[str, str, str], Counter[str]] = {}
    queries: Counter[tuple[str, str, str]] = Counter()
    for lang in langs:
        for entry in load(lang, translations_dir).entries:
            theme, _, section = (entry.extracted_comments[:1] or ("?",))[0].partition(" / ")
            key = (lang, theme, section)
            units.setdefault(key, Counter())[entry.status] += 1
            words.setdefault(key, Counter())[entry.status] += len(markup.plain(entry.msgid).split())
            queries[key] += len(entry.queries)
    return [Tally(*key, _full(units[key]), _full(words[key]), queries[key]) for key in units]


def _full(counts: Counter[str]) -> dict[str, int]:
    return {s: counts[s] for s in STATUSES}


def table(tallies: list[Tally]) -> str:
    """A plain-text table of `tally`: one row per section, a total per language; figures are words."""
    width = max((len(t.lang) for t in tallies), default=0) + 1  # `zh-Hant-TW` needs more than `fr`
    head = f"{'lang':{max(width, 5)}}{'theme / section':45}{'units':>6}{'words':>7}"
    rows = [head + "".join(f"{s:>13}" for s in STATUSES) + f"{'reviewed %':>11}{'queries':>8}"]
    for lang in dict.fromkeys(t.lang for t in tallies):
        mine = [t for t in tallies if t.lang == lang]
        total = Tally(lang, "total", "", *({s: sum(getattr(t, f)[s] for t in mine) for s in STATUSES}
                                          for f in ("units", "words")), sum(t.queries for t in mine))
        rows += [_row(t, max(width, 5)) for t in [*mine, total]]
    return "\n".join(rows)


def _row(t: Tally, width: int) -> str:
    where = f"{t.theme} / {t.section}" if t.section else t.theme
    return (f"{t.lang:{width}}{where[:44]:45}{sum(t.units.values()):>6}{sum(t.words.values()):>7}"
            + "".join(f"{t.words[s]:>13}" for s in STATUSES) + f"{t.reviewed_share:>11.0%}{t.queries:>8}")
