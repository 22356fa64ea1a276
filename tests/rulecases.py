"""Rule cases for the check tests: edit the mini fixture edition as `tests/fixtures/check/rules.yaml` says."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline import check, importer, source
from pipeline.errors import Origin
from pipeline.model import Acceptance, Edition, Erratum, Section, Theme, Unit
from pipeline.rules import language, places
from pipeline.rules.names import GLOSSARY_FILE

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
    return replace(edition, themes=tuple(_theme(t, edits, code) for t in edition.themes),
                   errata=edition.errata + errata)


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
