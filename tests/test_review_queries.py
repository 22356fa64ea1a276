"""The publisher's questions: translators' queries and the content findings the source accepts, per theme."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from pipeline import catalog, cli, source
from pipeline.catalog import Change, extract
from pipeline.errors import CatalogError
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
                               Change("police.title", notes=(DOUBT, "query: second question?"))])
    return src, tdir


def test_collect_lists_every_query_and_accepted_problem_per_theme(project: tuple[Path, Path]) -> None:
    src, tdir = project
    [report] = queries.collect(source.load(src), ["fr"], tdir)
    assert (report.count(queries.QUERY), report.count(queries.ACCEPTED)) == (3, 1)
    assert [t.id for t in report.themes] == ["police", "nightlife"]  # the edition's order; empty themes left out
    police, nightlife = report.themes
    assert [(i.unit, i.question) for i in police.of(queries.QUERY)] == [
        ("police.title", DOUBT.removeprefix("query: ")), ("police.title", "second question?")]
    [accepted] = police.of(queries.ACCEPTED)
    assert (accepted.unit, accepted.code, accepted.source, accepted.origin.line) == (
        "police.ref.manifesto-2017", "L201", "[Manifesto 2017]{.link-unknown}", 34)
    assert accepted.question == "the export lost this link's target; the editors are to find the URL"
    [sentry] = nightlife.items
    assert (sentry.unit, sentry.question, sentry.source) == (
        "nightlife.intro.urban-life", SENTRY.removeprefix("query: "),
        catalog.load("fr", tdir).get("nightlife.intro.urban-life").msgid)
    assert sentry.origin == catalog.load("fr", tdir).get("nightlife.intro.urban-life").origin


def test_markdown_and_html_reports(project: tuple[Path, Path], tmp_path: Path) -> None:
    src, tdir = project
    reports = queries.collect(source.load(src), ["fr"], tdir)
    [result] = queries.write(reports, tmp_path / "out")
    assert [p.name for p in result.written] == ["fr.md", "fr.html"]
    assert queries.write(reports, tmp_path / "out")[0].written == ()  # unchanged content is not rewritten
    md = (tmp_path / "out" / "fr.md").read_text(encoding="utf-8")
    assert md.startswith("# Questions for the editors: French (fr)\n\n3 translator queries from ")
    assert "## Police (`police`)\n\n### Translator queries\n\n- **`police.title`** (" in md
    assert "  **Query:** the source says 'Sweets Hosts'; is 'Sweet Hosts' meant? Kept as printed.\n" in md
    assert "### Content problems accepted in the source\n\n- **`police.ref.manifesto-2017`** (" in md
    assert "  > [Manifesto 2017]{.link-unknown}\n\n  **Accepted because:** the export lost this link's target" in md
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    assert page.xpath("string(//strong[@id='n-query'])") == "3"
    assert page.xpath("string(//strong[@id='n-accepted'])") == "1"
    assert not page.xpath("//script | //a[starts-with(@href, 'javascript')]")
    questions = [" ".join(p.text_content().split()) for p in page.xpath("//article[@class='query']/p")]
    assert questions[0] == "Query: " + DOUBT.removeprefix("query: ")
    chip = page.xpath("//article[@class='accepted']//blockquote/span")[0]
    assert (chip.text_content(), chip.get("data-tags")) == ("Manifesto 2017", "lost link")


def test_cli_writes_each_language_but_the_source(project: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src, tdir = project
    out = tmp_path / "q"
    args = ["--source", str(src), "queries", "--translations", str(tdir), "--out", str(out)]
    assert cli.main(args) == 0
    assert capsys.readouterr().out == f"{out}/fr.md, {out}/fr.html: 3 queries, 1 accepted content problems\n"
    assert cli.main([*args, "de"]) == 1
    assert capsys.readouterr().err == (f"catalog: {tdir}/de.po: no catalogue for 'de' (hint: run `manifesto update "
                                       "de` (or `manifesto add-language de`))\n")
    with pytest.raises(CatalogError):
        queries.collect(source.load(src), ["fr", "de"], tdir)
    assert sorted(p.name for p in out.iterdir()) == ["fr.html", "fr.md"]


def test_a_query_added_to_a_copy_of_the_project_catalogue_is_listed(tmp_path: Path) -> None:
    """The project's own fr.po, copied, with one `# query:` comment written by hand before an entry."""
    text = PROJECT_PO.read_text(encoding="utf-8")
    anchor = 'msgctxt "police.practice.belgian-local-police-local"'
    assert anchor in text
    (tmp_path / "fr.po").write_text(text.replace(anchor, f"# {SENTRY}\n{anchor}", 1), encoding="utf-8")
    edition = source.load(FIXTURES.parent.parent / "source")
    [report] = queries.collect(edition, ["fr"], tmp_path)
    found = [i for t in report.themes for i in t.of(queries.QUERY)]
    assert len(found) == text.count("\n# query:") + 1  # the translator's queries, and the one written here
    assert ("police.practice.belgian-local-police-local", SENTRY.removeprefix("query: ")) in [
        (i.unit, i.question) for i in found]
    bologna = [i for i in found if i.unit == "nightlife.practice.city-bologna-2021-city"]
    assert bologna and "Sweets Hosts" in bologna[0].source and "Sweets Hosts" in bologna[0].question
    codes = {i.code for t in report.themes for i in t.of(queries.ACCEPTED)}
    assert {"N601", "D402", "L203", "L201"} <= codes
    units = {i.unit for t in report.themes for i in t.of(queries.ACCEPTED) if i.code == "N601"}
    assert units == {"communication-disinformation.ref.ocde-report-facts-fakes",
                     "mental-health.ref.livre-blanc-efsu-2023"}  # OCDE, EFSU
