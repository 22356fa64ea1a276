"""The publisher's list of questions: translators' `# query:` comments and the content problems the source accepts.

One list per language, theme by theme, for the editors to answer: each translator query (a doubt, or a problem in
the source that a translation must not fix silently) with its unit id and source text, then every finding of
`manifesto check` that the source accepts with a reason (`accept:`), which the editors still have to decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline import catalog, check, files, langtag, project, templating
from pipeline.catalog import po
from pipeline.errors import Origin, ReviewError
from pipeline.model import Edition
from pipeline.project import TRANSLATIONS
from pipeline.review import inline_html

TEMPLATES = project.TEMPLATES / "queries"
TEMPLATE = "queries/queries.html.j2"
QUERY, ACCEPTED = "query", "accepted"


@dataclass(frozen=True)
class Item:
    """One question for the editors: a translator's query, or a content finding accepted in the source."""

    kind: str  # QUERY | ACCEPTED
    unit: str  # the unit id (the catalogue's msgctxt)
    source: str  # the unit's source text (inline pandoc-Markdown)
    question: str  # the query, or the reason the finding was accepted
    origin: Origin  # where it is written: the PO entry, or the `accept:` in the source
    code: str = ""  # the check rule, for an accepted finding
    finding: str = ""  # what the check found


@dataclass(frozen=True)
class ThemeItems:
    id: str
    title: str
    items: tuple[Item, ...]

    def of(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind == kind)


@dataclass(frozen=True)
class Report:
    lang: str
    catalogue: Path
    themes: tuple[ThemeItems, ...]  # themes with at least one item, in the edition's order
    generated: str

    def count(self, kind: str) -> int:
        return sum(len(t.of(kind)) for t in self.themes)


@dataclass(frozen=True)
class WriteResult:
    report: Report
    paths: tuple[Path, ...]
    written: tuple[Path, ...]  # the paths whose content changed


def collect(edition: Edition, langs: Iterable[str], translations_dir: Path | str = TRANSLATIONS,
            config: check.Config | None = None) -> list[Report]:
    """The report of each language: its catalogue's queries, and the findings the source accepts (checked once)."""
    accepted = tuple(_accepted(edition, config))
    return [_report(edition, lang, translations_dir, accepted) for lang in langs]


def write(reports: Iterable[Report], out_dir: Path | str) -> list[WriteResult]:
    """`<out_dir>/<lang>.md` and `<lang>.html` for each report; all rendered before any is written, atomically."""
    out = Path(out_dir)
    rendered = [(r, {out / f"{r.lang}.md": markdown(r), out / f"{r.lang}.html": html(r)}) for r in reports]
    return [WriteResult(r, tuple(texts), tuple(p for p, text in texts.items() if files.write_text(p, text)))
            for r, texts in rendered]


def _report(edition: Edition, lang: str, translations_dir: Path | str,
            accepted: tuple[tuple[str, Item], ...]) -> Report:
    cat = catalog.load(lang, translations_dir)
    queries = [(e.place[0], Item(QUERY, e.msgctxt, e.msgid, q, e.origin)) for e in cat.entries for q in e.queries]
    found = queries + list(accepted)
    titles = {catalog.EDITION: edition.title.text} | {t.id: t.title.text for t in edition.themes}
    order = [catalog.EDITION, *(t.id for t in edition.themes)]
    order += sorted({theme for theme, _ in found} - set(order))
    themes = tuple(ThemeItems(tid, titles.get(tid, tid), tuple(i for t, i in found if t == tid)) for tid in order)
    return Report(lang, cat.path, tuple(t for t in themes if t.items), po.now())


def _accepted(edition: Edition, config: check.Config | None) -> Iterable[tuple[str, Item]]:
    """(theme id, item) for each finding the source accepts, with the text of the unit it is about."""
    units = {u.id: (t.id, u.text) for t in edition.themes for u in t.walk()}
    units |= {t.id: (t.id, t.title.text) for t in edition.themes}
    for f in check.check(edition, config).accepted:
        theme, text = units.get(f.subject, (f.subject.split(".")[0] or catalog.EDITION, ""))
        yield theme, Item(ACCEPTED, f.subject, text, f.accepted, f.origin, f.code, f.message)


def markdown(report: Report) -> str:
    """The report as Markdown: a section per theme, translator queries first, then accepted content problems."""
    name = langtag.parse(report.lang).english_name
    lines = [f"# Questions for the editors: {name} ({report.lang})", "",
             f"{report.count(QUERY)} translator queries from `{report.catalogue}` and {report.count(ACCEPTED)} "
             f"content problems accepted in the source, generated {report.generated}.", ""]
    for theme in report.themes:
        lines += [f"## {theme.title} (`{theme.id}`)", ""]
        for kind, heading in ((QUERY, "Translator queries"), (ACCEPTED, "Content problems accepted in the source")):
            if theme.of(kind):
                lines += [f"### {heading}", ""]
                lines += [line for item in theme.of(kind) for line in _markdown_item(item)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_item(item: Item) -> list[str]:
    head = f"- **`{item.unit}`** ({item.origin})" + (f", {item.code}: {item.finding}" if item.code else "")
    label = "Query" if item.kind == QUERY else "Accepted because"
    quoted = [f"  > {line}" for line in item.source.splitlines()] or ["  > (no text)"]
    return [head, *quoted, "", f"  **{label}:** {item.question}", ""]


def html(report: Report) -> str:
    """The report as one self-contained HTML page; source texts shown with their markup rendered safely."""
    shown = inline_html.render_all([i.source for t in report.themes for i in t.items])
    css = inline_html.stylesheet() + Markup((TEMPLATES / "queries.css").read_text(encoding="utf-8"))  # offline
    context = {"report": report, "lang_name": langtag.parse(report.lang).english_name, "shown": shown,
               "QUERY": QUERY, "ACCEPTED": ACCEPTED, "css": css}
    return templating.render(TEMPLATE, context, ReviewError, "review/queries.py")

