"""The publisher's questions: each language's translator queries, numbered and ranked, and one report of the source.

A query is a translator's `# query:` comment on a catalogue entry. It gets a stable number (from its unit id and
question, so it keeps it while both stay), a priority (`[high]`, `[normal]` or `[low]` at the start of the question;
by default low for a question about an official title or edition, normal otherwise), and is shown with the source,
the current translation and the question, open ones first. The publisher answers with an `# answer:` comment on
the same entry (`answer: [Q-3F9C2] …` where the entry has several queries), which closes it.

The problems of the source that `manifesto check` reports and the source accepts with a reason concern every
language: they are in one source report, grouped by rule, one line for a rule that repeats.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline import catalog, check, files, langtag, markup, project, templating
from pipeline.catalog import Entry, po
from pipeline.errors import Origin, ReviewError
from pipeline.model import Edition
from pipeline.project import TRANSLATIONS

TEMPLATES = project.TEMPLATES / "queries"
TEMPLATE, SOURCE_TEMPLATE = "queries/queries.html.j2", "queries/source.html.j2"
SOURCE_REPORT = "source"  # the source report's name: output/queries/source.md and .html
PRIORITIES = ("high", "normal", "low")
_PRIORITY = re.compile(r"^\[(high|normal|low)\]\s*", re.I)
_OFFICIAL = re.compile(r"\bofficial\b.*\b(edition|title|version|name)s?\b", re.I | re.S)
_NUMBERED = re.compile(r"^\[(Q-[0-9A-F]{5})\]\s*")
#: How many words of the source and of the translation a question shows (its unit id leads to the whole text).
EXCERPT = {"high": 60, "normal": 40, "low": 16}
#: From how many findings a rule's problems are listed as one line of unit ids.
GROUPED = 4


@dataclass(frozen=True)
class Query:
    """One translator's question, with what the publisher needs to answer it."""

    number: str  # "Q-3F9C2"
    priority: str  # one of PRIORITIES
    theme: str  # the theme's title ("Edition" for the title and boilerplate)
    unit: str
    source: str  # inline pandoc-Markdown
    translation: str
    question: str
    origin: Origin
    answer: str = ""


@dataclass(frozen=True)
class Problem:
    """A finding of `manifesto check` that the source accepts with a reason: the editors still have to decide."""

    code: str
    finding: str
    unit: str
    reason: str
    origin: Origin


@dataclass(frozen=True)
class Report:
    """One language's questions, open ones first by priority, in the edition's order within each."""

    lang: str
    catalogue: Path
    queries: tuple[Query, ...]
    generated: str

    @property
    def open(self) -> tuple[Query, ...]:
        return tuple(q for q in self.queries if not q.answer)

    @property
    def answered(self) -> tuple[Query, ...]:
        return tuple(q for q in self.queries if q.answer)

    def count(self, priority: str = "") -> int:
        """Open questions, of one priority or all."""
        return sum(1 for q in self.open if not priority or q.priority == priority)


@dataclass(frozen=True)
class SourceReport:
    """The accepted problems of the source, by rule."""

    language: str
    problems: tuple[Problem, ...]
    generated: str

    def by_rule(self) -> list[tuple[str, tuple[Problem, ...]]]:
        codes = dict.fromkeys(p.code for p in self.problems)
        return [(code, tuple(p for p in self.problems if p.code == code)) for code in codes]


@dataclass(frozen=True)
class WriteResult:
    paths: tuple[Path, ...]
    written: tuple[Path, ...]  # the paths whose content changed


def collect(edition: Edition, langs: Iterable[str], translations_dir: Path | str = TRANSLATIONS) -> list[Report]:
    """The report of each language: its catalogue's queries, numbered, ranked and matched with their answers."""
    order = {theme.id: i for i, theme in enumerate(edition.themes)}
    titles = {catalog.EDITION: "Edition"} | {t.id: markup.plain(t.title.text) for t in edition.themes}
    reports = []
    for lang in langs:
        cat = catalog.load(lang, translations_dir)
        found = list(enumerate(q for e in cat.entries for q in _queries(e, titles)))
        found.sort(key=lambda iq: (PRIORITIES.index(iq[1].priority), order.get(_theme(iq[1].unit), -1), iq[0]))
        reports.append(Report(lang, cat.path, tuple(q for _, q in found), po.now()))
    return reports


def source_report(edition: Edition, config: check.Config | None = None) -> SourceReport:
    """The findings of `manifesto check` that the source accepts, in the order the check gives them."""
    problems = tuple(Problem(f.code, f.message, f.subject, f.accepted, f.origin)
                     for f in check.check(edition, config).accepted)
    return SourceReport(edition.source_language, problems, po.now())


def number(unit: str, question: str) -> str:
    """A query's stable number: the same unit and question always give the same one."""
    return "Q-" + hashlib.sha1(f"{unit}\0{question}".encode()).hexdigest()[:5].upper()


def _queries(entry: Entry, titles: dict[str, str]) -> list[Query]:
    found = []
    answers = entry.answers
    for text in entry.queries:
        marked = _PRIORITY.match(text)
        question = text[marked.end():] if marked else text
        priority = marked[1].lower() if marked else ("low" if _OFFICIAL.search(question) else "normal")
        n = number(entry.msgctxt, question)
        answer = next((_NUMBERED.sub("", a) for a in answers if a.startswith(f"[{n}]")), "")
        answer = answer or next((a for a in answers if not _NUMBERED.match(a)), "")
        found.append(Query(n, priority, titles.get(entry.place[0], entry.place[0]), entry.msgctxt, entry.msgid,
                           entry.msgstr, question, entry.origin, answer))
    return found


def _theme(unit: str) -> str:
    return unit.split(".", 1)[0]


def write(reports: Iterable[Report], source: SourceReport | None, out_dir: Path | str) -> list[WriteResult]:
    """`<out_dir>/<lang>.md` and `.html` for each report (and `source.md`, `source.html`); all rendered before
    any is written, atomically, and a file whose content did not change is not rewritten."""
    out = Path(out_dir)
    rendered = [{out / f"{r.lang}.md": markdown(r), out / f"{r.lang}.html": html(r)} for r in reports]
    if source is not None:
        rendered.append({out / f"{SOURCE_REPORT}.md": source_markdown(source),
                         out / f"{SOURCE_REPORT}.html": source_html(source)})
    return [WriteResult(tuple(texts), tuple(p for p, text in texts.items() if files.write_text(p, text)))
            for texts in rendered]


def excerpt(text: str, priority: str) -> str:
    """The plain text of `text`, cut to the words a question of `priority` shows."""
    words = markup.plain(text).split()
    limit = EXCERPT[priority]
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def markdown(report: Report) -> str:
    """A language's questions as Markdown: how to answer, the open questions by priority, then the answered ones."""
    name = langtag.parse(report.lang).english_name
    counts = ", ".join(f"{report.count(p)} {p}" for p in PRIORITIES)
    lines = [f"# Questions for the editors: {name} ({report.lang})", "",
             f"{report.count()} open questions ({counts}) and {len(report.answered)} answered, from "
             f"`{report.catalogue}`, generated {report.generated}.", "", _HOW_TO_ANSWER, "",
             "## Open questions", ""]
    for query in report.open:
        lines += [f"### {query.number} · {query.priority} · {query.theme} · `{query.unit}`", "",
                  f"- Source: {excerpt(query.source, query.priority)}",
                  f"- Translation: {excerpt(query.translation, query.priority) or '(not translated yet)'}",
                  f"- Question: {query.question}", f"- Where: {query.origin}", ""]
    if report.answered:
        lines += ["## Answered", ""]
        lines += [f"- **{q.number}** (`{q.unit}`): {q.question} **Answer:** {q.answer}" for q in report.answered]
    return "\n".join(lines).rstrip("\n") + "\n"


_HOW_TO_ANSWER = ("To answer a question, add a comment `# answer: …` to its entry in the catalogue (in Poedit, the "
                  "translator's comment; where an entry has several questions, `# answer: [Q-…] …`). It then shows "
                  "as answered. The problems of the source text, which no translation fixes on its own, are listed "
                  f"once for all languages in `{SOURCE_REPORT}.md`.")


def source_markdown(report: SourceReport) -> str:
    """The source's accepted problems as Markdown, one section per rule; a rule that repeats as one line of ids."""
    name = langtag.parse(report.language).english_name
    lines = [f"# Problems of the {name} source", "",
             f"{len(report.problems)} problems that `manifesto check` finds and the source accepts with a reason, "
             f"for the editors to decide; generated {report.generated}.", ""]
    for code, problems in report.by_rule():
        lines += [f"## {code} ({len(problems)})", ""]
        if len(problems) >= GROUPED:
            reasons = dict.fromkeys(p.reason for p in problems)
            lines += [f"- {_rule_finding(problems)}: " + ", ".join(f"`{p.unit}`" for p in problems),
                      *(f"- Accepted because: {r}" for r in reasons), ""]
        else:
            lines += [f"- `{p.unit}` ({p.origin}): {p.finding} Accepted because: {p.reason}" for p in problems]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _rule_finding(problems: tuple[Problem, ...]) -> str:
    """What the rule of `problems` checks: the first sentence of its documentation (`manifesto check --list-rules`)."""
    rule = check.known_rules().get(problems[0].code)
    return rule.doc.split(".")[0].split(" (")[0].strip() if rule else problems[0].code


def html(report: Report) -> str:
    """A language's questions as one self-contained HTML page."""
    context = {"report": report, "lang_name": langtag.parse(report.lang).english_name, "excerpt": excerpt,
               "priorities": PRIORITIES, "how": _HOW_TO_ANSWER, "css": _css()}
    return templating.render(TEMPLATE, context, ReviewError, "review/queries.py")


def source_html(report: SourceReport) -> str:
    """The source's accepted problems as one self-contained HTML page."""
    context = {"report": report, "name": langtag.parse(report.language).english_name, "grouped": GROUPED,
               "rule_finding": _rule_finding, "css": _css()}
    return templating.render(SOURCE_TEMPLATE, context, ReviewError, "review/queries.py")


def _css() -> Markup:
    return Markup((TEMPLATES / "queries.css").read_text(encoding="utf-8"))  # inline: the page works offline
