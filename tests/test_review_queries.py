"""The publisher's questions: numbered, ranked translator queries per language, answers, and one source report."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from pipeline import catalog, cli, source
from pipeline.catalog import Change, extract
from pipeline.errors import CatalogError, Origin
from pipeline.review import queries

from .conftest import FIXTURES

EPOCH = "1735732800"  # 2025-01-01 12:00 UTC
PROJECT_PO = FIXTURES.parent.parent / "translations" / "fr.po"
SENTRY = "query: the source says 'Sweets Hosts'; is 'Sweet Hosts' meant? Kept as printed."
DOUBT = "query: <script>alert(1)</script> is this [a link](javascript:alert(1))?"
ACCEPT = """accept:
    - code: L201
      reason: "the export lost this link's target; the editors are to find the URL"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The mini source, one acceptance in it, and a French catalogue with three queries on two units."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    src, tdir = tmp_path / "source", tmp_path / "translations"
    shutil.copytree(FIXTURES / "mini", src)
    theme = src / "themes" / "police.yaml"
    text = theme.read_text(encoding="utf-8")
    unit = "  - id: police.ref.manifesto-2017\n    text: \"[Manifesto 2017]{.link-unknown}\"\n"
    assert unit in text
    theme.write_text(text.replace(unit, unit + "    " + ACCEPT.replace("\n    ", "\n    ")), encoding="utf-8")
    extract.update(source.load(src), "fr", tdir)
    catalog.apply("fr", tdir, [Change("nightlife.intro.urban-life", notes=(SENTRY, "A note, no query.")),
                               Change("police.title", notes=(DOUBT, "query: Is there an official French title?"))])
    return src, tdir


def test_collect_numbers_ranks_and_answers_each_query(project: tuple[Path, Path]) -> None:
    src, tdir = project
    [report] = queries.collect(source.load(src), ["fr"], tdir)
    assert report.count() == 3 and report.answered == ()
    # normal before low; within a priority, the edition's order (police before nightlife), then the file's
    assert [(q.unit, q.priority) for q in report.queries] == [
        ("police.title", "normal"), ("nightlife.intro.urban-life", "normal"), ("police.title", "low")]
    doubt, sentry, low = report.queries
    assert doubt.question == DOUBT.removeprefix("query: ") and low.question == "Is there an official French title?"
    assert (doubt.theme, sentry.theme) == ("Police", "Nightlife")
    entry = catalog.load("fr", tdir).get("nightlife.intro.urban-life")
    assert (sentry.source, sentry.translation, sentry.origin) == (entry.msgid, entry.msgstr, entry.origin)
    assert sentry.number == queries.number("nightlife.intro.urban-life", SENTRY.removeprefix("query: "))
    assert re.fullmatch(r"Q-[0-9A-F]{5}", sentry.number) and len({q.number for q in report.queries}) == 3


@pytest.mark.parametrize(("question", "priority"), [
    ("[high] Is this figure right?", "high"), ("[LOW] a detail", "low"), ("[normal] Is there an official title?",
                                                                          "normal"),
    ("Is there an official Spanish edition of 'X'?", "low"), ("What are the official names?", "low"),
    ("Which city is meant?", "normal"), ("[urgent] which city?", "normal"),
])
def test_a_query_s_priority_is_written_or_guessed(project: tuple[Path, Path], question: str, priority: str) -> None:
    src, tdir = project
    catalog.apply("fr", tdir, [Change("police.title", notes=(f"query: {question}",))])
    [report] = queries.collect(source.load(src), ["fr"], tdir)
    [found] = [q for q in report.queries if q.unit == "police.title"]
    assert found.priority == priority
    assert found.question == re.sub(r"^\[(high|low|normal)\]\s*", "", question, flags=re.I)


def test_an_answer_closes_its_query_and_a_numbered_one_only_its_own(project: tuple[Path, Path]) -> None:
    src, tdir = project
    [before] = queries.collect(source.load(src), ["fr"], tdir)
    doubt, _, low = before.queries
    catalog.apply("fr", tdir, [Change("police.title", notes=(
        DOUBT, "query: [low] Is there an official French title?", f"answer: [{low.number}] Yes: « Police ».")),
        Change("nightlife.intro.urban-life", notes=(SENTRY, "answer: Sweet Hosts is meant."))])
    [after] = queries.collect(source.load(src), ["fr"], tdir)
    assert [q.number for q in after.open] == [doubt.number]  # the numbers stay; the other two are answered
    assert {q.number: q.answer for q in after.answered} == {
        low.number: "Yes: « Police ».", before.queries[1].number: "Sweet Hosts is meant."}
    assert catalog.load("fr", tdir).get("police.title").remarks == ()  # an answer is not a free note


def test_markdown_and_html_reports(project: tuple[Path, Path], tmp_path: Path) -> None:
    src, tdir = project
    edition = source.load(src)
    reports = queries.collect(edition, ["fr"], tdir)
    results = queries.write(reports, queries.source_report(edition), tmp_path / "out")
    assert [[p.name for p in r.written] for r in results] == [["fr.md", "fr.html"], ["source.md", "source.html"]]
    again = queries.write(reports, queries.source_report(edition), tmp_path / "out")
    assert [r.written for r in again] == [(), ()]  # unchanged content is not rewritten
    md = (tmp_path / "out" / "fr.md").read_text(encoding="utf-8")
    assert md.startswith("# Questions for the editors: French (fr)\n\n3 open questions (0 high, 2 normal, 1 low) and "
                         "0 answered, from ")
    number = reports[0].queries[1].number
    assert (f"### {number} · normal · Nightlife · `nightlife.intro.urban-life`\n\n- Source: "
            in md) and "- Question: the source says 'Sweets Hosts'; is 'Sweet Hosts' meant? Kept as printed.\n" in md
    assert md.index("· normal ·") < md.index("· low ·")
    assert "L201" not in md  # the source's problems are in the source report only
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    assert page.xpath("string(//strong[@id='n-open'])") == "3"
    assert not page.xpath("//script | //a[starts-with(@href, 'javascript')]")
    questions = [" ".join(d.text_content().split()) for d in page.xpath("//dd[@class='question']")]
    assert questions[0] == DOUBT.removeprefix("query: ")
    assert page.xpath("//article/@id") == [q.number for q in reports[0].queries]
    source_md = (tmp_path / "out" / "source.md").read_text(encoding="utf-8")
    assert source_md.startswith("# Problems of the English source\n\n1 problems that `manifesto check` finds")
    assert "## L201 (1)\n\n- `police.ref.manifesto-2017` (" in source_md
    assert "Accepted because: the export lost this link's target; the editors are to find the URL" in source_md


def test_a_rule_that_repeats_is_one_line_of_unit_ids() -> None:
    problems = tuple(queries.Problem("L201", f"link {i}", f"t.ref.{i}", "lost", Origin("t.yaml", i))
                     for i in range(queries.GROUPED))
    report = queries.SourceReport("en", (*problems, queries.Problem("N601", "'X' should be 'Y'", "u", "why",
                                                                    Origin("u.yaml", 9))), "now")
    md = queries.source_markdown(report)
    assert "## L201 (4)\n\n- A link text whose target the export lost: `t.ref.0`, `t.ref.1`, `t.ref.2`, `t.ref.3`\n" \
           "- Accepted because: lost\n" in md
    assert "## N601 (1)\n\n- `u` (u.yaml:9): 'X' should be 'Y' Accepted because: why\n" in md
    fewer = queries.source_markdown(queries.SourceReport("en", problems[1:], "now"))
    assert "- `t.ref.1` (t.yaml:1): link 1 Accepted because: lost" in fewer  # three are listed one by one


def test_cli_writes_each_language_but_the_source(project: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src, tdir = project
    out = tmp_path / "q"
    args = ["--source", str(src), "queries", "--translations", str(tdir), "--out", str(out)]
    assert cli.main(args) == 0
    assert capsys.readouterr().out == (f"{out}/fr.md, {out}/fr.html: 3 open questions, 0 answered\n"
                                       f"{out}/source.md, {out}/source.html: 1 accepted problems of the source\n")
    assert cli.main([*args, "de"]) == 1
    assert capsys.readouterr().err == (f"catalog: {tdir}/de.po: no catalogue for 'de' (hint: run `manifesto update "
                                       "de` (or `manifesto add-language de`))\n")
    with pytest.raises(CatalogError):
        queries.collect(source.load(src), ["fr", "de"], tdir)
    assert sorted(p.name for p in out.iterdir()) == ["fr.html", "fr.md", "source.html", "source.md"]


def test_the_project_s_french_report_is_short_and_lists_every_query(tmp_path: Path) -> None:
    """The project's own fr.po, copied, with one `# query:` comment written by hand before an entry."""
    text = PROJECT_PO.read_text(encoding="utf-8")
    anchor = 'msgctxt "police.practice.belgian-local-police-local"'
    assert anchor in text
    (tmp_path / "fr.po").write_text(text.replace(anchor, f"# {SENTRY}\n{anchor}", 1), encoding="utf-8")
    edition = source.load(FIXTURES.parent.parent / "source")
    [report] = queries.collect(edition, ["fr"], tmp_path)
    assert len(report.queries) == text.count("\n# query:") + 1  # the translator's queries, and the one written here
    assert ("police.practice.belgian-local-police-local", SENTRY.removeprefix("query: ")) in [
        (q.unit, q.question) for q in report.queries]
    bologna = [q for q in report.queries if q.unit == "nightlife.practice.city-bologna-2021-city"]
    assert bologna and "Sweets Hosts" in bologna[0].source and "Sweets Hosts" in bologna[0].question
    assert len(queries.markdown(report).split()) < 3000  # a few pages the publisher reads through
    problems = queries.source_report(edition)
    assert {"N601", "D402", "L201"} <= {p.code for p in problems.problems}
    assert len(queries.source_markdown(problems).split()) < 1500  # 68 lost links in one line
