"""Rule cases for the check tests: edit the mini fixture edition as `tests/fixtures/check/rules.yaml` says."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline import check, source
from pipeline.check.rules import language, places
from pipeline.check.rules.names import GLOSSARY_FILE
from pipeline.errors import Origin
from pipeline.model import Acceptance, Edition, Erratum, Section, Theme, Unit
from pipeline.source import importer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPORT = ROOT / "source" / "import" / "efus-manifesto-2025-export.txt"
CHECK_FIXTURES = FIXTURES / "check"
DEFAULT_SUBJECT = "police.rec.train-officers"


@cache
def cases() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((CHECK_FIXTURES / "rules.yaml").read_text(encoding="utf-8"))


@cache
def mini() -> Edition:
    """The mini fixture edition, with the check fixtures' glossary."""
    return replace(source.load(FIXTURES / "mini"), root=str(CHECK_FIXTURES))


def findings(name: str, which: str) -> list[check.Finding]:
    """The findings of rule `name` on its subject, for its `trigger` or `clean` case.

    `name` is a rule code (its main case) or `CODE/what` (a further case of that rule).
    """
    case = cases()[name]
    code = name.split("/")[0]
    edition = build(case[which], code)
    subject = case.get("subject", DEFAULT_SUBJECT)
    accepted = case[which].get("accept")  # an acceptance is judged only when its rule runs too
    report = check.check(edition, check.Config(select=(code, accepted) if accepted else (code,)))
    return [f for f in report.findings if f.code == code and f.subject == subject]


def build(edits: dict[str, Any], code: str) -> Edition:
    edition = mini()
    errata = tuple(_erratum(raw, i) for i, raw in enumerate(edits.get("errata", []), 1))
    detect = tuple(edits["detect"]) if "detect" in edits else edition.detect_languages
    return replace(edition, themes=tuple(_theme(t, edits, code) for t in edition.themes),
                   errata=edition.errata + errata, detect_languages=detect)


def _erratum(raw: dict[str, Any], n: int) -> Erratum:
    line = raw.get("line", 0)
    return Erratum(raw["id"], raw["kind"], line, line, raw.get("export", ""), raw.get("canonical", ""), "fixture",
                   Origin(str(CHECK_FIXTURES / "errata.yaml"), n), raw.get("unit", ""))


def _theme(theme: Theme, edits: dict[str, Any], code: str) -> Theme:
    title = theme.title
    if theme.id in edits.get("titles", {}):
        title = replace(title, text=edits["titles"][theme.id])
    sections = [_section(s, edits, code) for s in theme.sections]
    if theme.id == "police" and "order" in edits:
        sections.sort(key=lambda s: edits["order"].index(s.kind))
    return replace(theme, title=title, sections=tuple(sections))


def _section(section: Section, edits: dict[str, Any], code: str) -> Section:
    units = tuple(_unit(u, edits, code) for u in section.units)
    police = section.units and section.units[0].id.startswith("police.")
    if police and section.kind == "recommendations" and "units" in edits:
        origin = section.origin
        units = tuple(Unit(f"police.rec.case-{i}", text, "en", Origin(origin.path, origin.line + i))
                      for i, text in enumerate(edits["units"], 1))
    if police and section.kind == "introduction" and "intro" in edits:
        origin = section.origin
        units = tuple(Unit(f"police.intro.case-{i}", text, "en", Origin(origin.path, origin.line + i))
                      for i, text in enumerate(edits["intro"], 1))
    if police and section.kind == "recommendations" and "heading" in edits:
        section = replace(section, heading=edits["heading"])
    if police and edits.get("empty") == section.kind:
        units = ()
    return replace(section, units=units)


def _unit(unit: Unit, edits: dict[str, Any], code: str) -> Unit:
    if unit.id == DEFAULT_SUBJECT:
        if "text" in edits:
            unit = replace(unit, text=edits["text"], lang=edits.get("lang", unit.lang))
        if "accept" in edits:
            unit = replace(unit, accept=(Acceptance(edits["accept"], "fixture", unit.origin),))
    if unit.id == "police.rec.private-sector-quote" and "quote" in edits:
        unit = replace(unit, text=edits["quote"])
    if unit.id == "nightlife.ref.flash-report" and "reference" in edits:
        unit = replace(unit, text=edits["reference"])
    if unit.id == "police.practice.belgian-partnerships" and "title" in edits and unit.title:
        unit = replace(unit, title=replace(unit.title, text=edits["title"]))
    return unit


@dataclass(frozen=True)
class LanguageScore:
    """Rule G301 measured against the hand-made list of the export's French passages."""

    found: int  # passages the rule reports
    true: int  # of which overlap a listed French passage
    detectable: int  # listed passages the rule must find
    detectable_found: int
    listed: int  # all listed passages, names included
    listed_found: int
    missed: tuple[str, ...]  # detectable passages not found
    false_alarms: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.true / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.detectable_found / self.detectable if self.detectable else 1.0


def import_export(out: Path) -> Path:
    """A source folder built from the raw export by the importer (before curation), with the canonical glossary."""
    text = EXPORT.read_text(encoding="utf-8")
    for name, body in importer.convert(text, str(EXPORT), f"import/{EXPORT.name}").items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    shutil.copy(ROOT / "source" / GLOSSARY_FILE, out / GLOSSARY_FILE)
    return out


def score_language(edition: Edition) -> LanguageScore:
    listed = yaml.safe_load((CHECK_FIXTURES / "export-french.yaml").read_text(encoding="utf-8"))["passages"]
    langs = language.detector_languages(edition)
    units = [(p.theme.id if p.theme else "", p.unit) for p in places(edition)]
    found = language.foreign_passages([(language.readable(u.text, u.lang), u.lang) for _, u in units], langs)
    reported = [(theme, p.text) for (theme, _), passages in zip(units, found, strict=True) for p in passages]
    hit = [any(_overlap(e, theme, text) for theme, text in reported) for e in listed]
    true = [(theme, text) for theme, text in reported if any(_overlap(e, theme, text) for e in listed)]
    return LanguageScore(
        found=len(reported), true=len(true), detectable=sum(e["detectable"] for e in listed),
        detectable_found=sum(h for e, h in zip(listed, hit, strict=True) if e["detectable"]),
        listed=len(listed), listed_found=sum(hit),
        missed=tuple(e["text"] for e, h in zip(listed, hit, strict=True) if e["detectable"] and not h),
        false_alarms=tuple(text for theme, text in reported if (theme, text) not in true),
    )


def _overlap(expected: dict[str, Any], theme: str, text: str) -> bool:
    """Same theme, and the reported passage shares a stretch of 12 characters (or all) with the listed one."""
    if expected["theme"] != theme:
        return False
    wanted = expected["text"]
    match = difflib.SequenceMatcher(None, wanted, text, autojunk=False).find_longest_match()
    return match.size >= min(12, len(wanted))


@dataclass(frozen=True)
class Planted:
    """One passage of the planted-languages fixture inside its host unit."""

    lang: str  # the passage's language
    length: str  # sentence | clause
    host: str  # the host unit's language
    passage: str
    text: str  # the host unit's text with the passage planted


@dataclass(frozen=True)
class PlantedScore:
    """Rule G301 measured on the planted-languages fixture."""

    planted: tuple[Planted, ...]
    found: tuple[bool, ...]  # per planted passage: reported, in its language
    reported: tuple[tuple[str, str, bool], ...]  # every reported passage: (language, text, true)

    def recall(self, lang: str = "", length: str = "") -> tuple[int, int]:
        """(found, planted) for the passages of `lang` and `length` (every one when empty)."""
        hits = [f for p, f in zip(self.planted, self.found, strict=True)
                if lang in ("", p.lang) and length in ("", p.length)]
        return sum(hits), len(hits)

    def precision(self, lang: str = "") -> tuple[int, int]:
        """(true, reported) for the passages reported in `lang` (every one when empty)."""
        mine = [true for found, _, true in self.reported if lang in ("", found)]
        return sum(mine), len(mine)

    @property
    def false_alarms(self) -> tuple[tuple[str, str], ...]:
        return tuple((lang, text) for lang, text, true in self.reported if not true)


def planted_cases() -> tuple[list[Planted], list[tuple[str, str]]]:
    """The fixture's planted passages in their hosts, and its negative controls as (text, lang)."""
    data = yaml.safe_load((CHECK_FIXTURES / "planted-languages.yaml").read_text(encoding="utf-8"))
    planted = []
    for lang, lengths in data["passages"].items():
        for length, passages in lengths.items():
            for i, passage in enumerate(passages):
                for host, hosts in data["hosts"].items():
                    if host != lang:
                        template = hosts[length][i % len(hosts[length])]
                        planted.append(Planted(lang, length, host, passage, template.replace("{}", passage)))
    controls = [(text, lang) for lang, texts in data["controls"].items() for text in texts]
    return planted, controls


def score_planted(langs: tuple[str, ...]) -> PlantedScore:
    """Rule G301's passage finder, choosing between `langs`, on every planted unit and every control."""
    planted, controls = planted_cases()
    texts = [(p.text, p.host) for p in planted] + controls
    results = language.foreign_passages(texts, langs)
    found, reported = [], []
    for i, passages in enumerate(results):
        case = planted[i] if i < len(planted) else None
        hit = [p for p in passages if case and p.lang == case.lang and _shares(case.passage, p.text)]
        found += [bool(hit)] if case else []
        reported += [(p.lang, p.text, p in hit) for p in passages]
    return PlantedScore(tuple(planted), tuple(found), tuple(reported))


def _shares(wanted: str, text: str) -> bool:
    match = difflib.SequenceMatcher(None, wanted, text, autojunk=False).find_longest_match()
    return match.size >= min(12, len(wanted))
