"""Tests for the review export: the model, the HTML page's markup and the bilingual DOCX read back."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn

from pipeline import catalog, cli, review, source
from pipeline.catalog import Change, extract
from pipeline.errors import CatalogError
from pipeline.review import cells as review_cells
from pipeline.review import docx as review_docx
from pipeline.review import export as review_export

from .conftest import FIXTURES

EPOCH = "1735732800"  # 2025-01-01 12:00 UTC
FUZZY_ID = "police.rec.coordination.cooperation"
OLD = "Encourage cooperation between psychiatry, the police and municipal authorities."
NEW = "Encourage close cooperation between psychiatry, the police and the municipal authorities."
QUERY = "query: the source says 'nightlife' here and 'night-time economy' elsewhere: one term or two?"
TRANSLATIONS = {
    "police.title": "Police",
    "police.intro.good-relations": "De bonnes relations entre les citoyens et leur police sont un facteur décisif "
                                   "du sentiment de sécurité.",
    "police.rec.train-officers": "Former les policiers à l'écoute, à la communication et à la médiation",
    "police.rec.coordination": "Améliorer l'interconnaissance entre professionnels\u00a0:",
    FUZZY_ID: "Encourager la coopération entre la psychiatrie, la police et les autorités municipales.",
    "nightlife.title": "Vie nocturne",
}


def make_catalogue(root: Path) -> tuple[Path, Path]:
    """The mini source and a French catalogue with one entry per status; returns (source, translations)."""
    src, tdir = root / "source", root / "translations"
    shutil.copytree(FIXTURES / "mini", src)
    extract.update(source.load(src), "fr", tdir)
    catalog.apply("fr", tdir, [Change(k, msgstr=v) for k, v in TRANSLATIONS.items()])
    catalog.apply("fr", tdir, [
        Change("police.intro.good-relations", reviewed=True),
        Change("police.rec.train-officers", notes=("Check the term with the editor.",)),
        Change("nightlife.title", notes=(QUERY,)),
        Change("nightlife.intro.urban-life", msgstr="La vie nocturne est un aspect de la vie urbaine.",
               machine="libre")])
    theme = src / "themes" / "police.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    extract.update(source.load(src), "fr", tdir)
    return src, tdir


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, review.Review]:
    root = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        _, tdir = make_catalogue(root)
        results = review_export.export(["fr"], tdir, root / "out")
        assert [p.name for p in results[0].written] == ["fr.html", "fr.docx"]
        again = review_export.export(["fr"], tdir, root / "out")
        built = review.build("fr", tdir)
    assert again[0].written == ()  # reproducible: nothing rewritten
    return root / "out", tdir, built


def test_groups_sections_and_statuses(exported: tuple[Path, Path, review.Review]) -> None:
    _, _, built = exported
    assert [g.id for g in built.groups] == ["edition", "police", "nightlife"]
    police = built.groups[1]
    assert police.title == "Police"
    assert [s.kind for s in police.sections] == ["title", "introduction", "recommendations", "practices",
                                                 "references"]
    status = {r.id: r.status for r in police.rows}
    assert status["police.intro.good-relations"] == "reviewed"
    assert status[FUZZY_ID] == "fuzzy"
    assert status["police.rec.train-officers"] == "translated"
    assert status["police.ref.manifesto-2017"] == "untranslated"
    assert dict(built.groups[2].progress.counts) == {"reviewed": 0, "translated": 1, "machine": 1, "fuzzy": 0,
                                                     "untranslated": 1}
    assert (police.progress.total, police.progress.done, police.progress.percent(police.progress.done)) == (9, 4, 44)


def test_rows_carry_findings_notes_and_word_diff(exported: tuple[Path, Path, review.Review]) -> None:
    rows = {r.id: r for g in exported[2].groups for r in g.rows}
    train = rows["police.rec.train-officers"]
    assert [f.code for f in train.findings] == ["Q202"]
    assert train.notes == ("Check the term with the editor.",)
    assert train.source_lang == "en"
    assert rows["police.title"].findings == ()
    assert rows[FUZZY_ID].diff == (("equal", "Encourage "), ("insert", "close "),
                                   ("equal", "cooperation between psychiatry, the police and "),
                                   ("insert", "the "), ("equal", "municipal authorities."))
    assert rows["police.practice.belgian-partnerships"].context == ("name, keep as is: Partenariat Local de "
                                                                     "Prévention",)
    assert "Q202" in exported[2].codes


def test_word_diff_replacement() -> None:
    assert review.word_diff("a big dog", "a small dog") == (("equal", "a "), ("delete", "big "),
                                                           ("insert", "small "), ("equal", "dog"))


def test_html_is_self_contained_and_accessible(exported: tuple[Path, Path, review.Review]) -> None:
    page = lxml.html.fromstring((exported[0] / "fr.html").read_bytes())
    assert page.get("lang") == "en"
    assert not page.xpath("//link | //script[@src] | //img")  # works offline; a link in a text is a link
    assert page.xpath("//*[starts-with(@href, 'http')]/@href") == ["https://safe.brussels/fr/violences-lgbtqiaphobes"]
    assert page.xpath("//td[@class='source']//a[@href]/@rel") == ["noopener noreferrer"]
    row = page.get_element_by_id(f"u-{FUZZY_ID}")
    assert row.get("data-status") == "fuzzy"
    assert row.xpath("string(.//td[@class='source']/@lang)") == "en"
    assert row.xpath("string(.//td[@class='translation']/@lang)") == "fr"
    assert row.xpath(".//del/text()") == [] and row.xpath(".//ins/text()") == ["close ", "the "]
    train = page.get_element_by_id("u-police.rec.train-officers")
    assert train.get("data-codes") == "Q202" and train.get("data-severities") == "warning"
    assert train.xpath("string(.//p[@class='note'])") == "Check the term with the editor."
    for control in page.xpath("//input[@type='search'] | //select"):
        assert page.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")
    assert [h.text_content() for h in page.xpath("//h2")][1:] == ["Police police", "Nightlife nightlife"]
    numbers = page.xpath("//section[@id='police']/div[@class='progress']//p[@class='numbers']")[0].text_content()
    assert " ".join(numbers.split()) == "4/9 translated (44%) · 1/9 reviewed (11%) · 1 fuzzy · 4 untranslated"
    bars = page.xpath("//section[@id='police']/div[@class='progress']//div[contains(@class, 'bar')]")
    assert [b.get("aria-label") for b in bars] == [
        "Police, translation: 1 reviewed, 3 translated, 0 machine, 1 fuzzy, 4 untranslated",
        "Police, review: 1 of 9 reviewed"]
    night = page.get_element_by_id("u-nightlife.title")
    assert night.get("data-queries") == "1" and night.xpath("string(.//p[@class='query'])") == (
        "Query: " + QUERY.removeprefix("query: "))
    assert "only units with a query (1)" in page.xpath("string(//form[@id='filters'])")
    assert "Q202" in page.xpath("//select[@id='finding']/option/@value")
    assert "generated 2025-01-01 12:00+0000" in page.xpath("string(//p[@class='meta'])")


def test_docx_tables_languages_and_read_only_style(exported: tuple[Path, Path, review.Review]) -> None:
    path = exported[0] / "fr.docx"
    doc = docx.Document(str(path))
    assert review_cells.identity(doc) == (1, "fr")
    assert doc.core_properties.language == "fr-FR"
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [
        "Edition (edition)", "Police (police)", "Nightlife (nightlife)"]
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Id", "Source", "Translation (fr)", "Status", "Comment"]
    row = next(r for r in table.rows if r.cells[0].paragraphs[0].text == "police.rec.train-officers")
    ident, src, dst, status, comment = row.cells
    assert review_cells.Fingerprint.parse(ident.paragraphs[1].text).status == "translated"
    assert ident.paragraphs[0].runs[0].style.name == "Review Read-only"
    assert src.paragraphs[0].runs[0].style.name == "Review Read-only"
    assert _lang(src.paragraphs[0].runs[0]) == "en-US" and _lang(dst.paragraphs[0].runs[0]) == "fr-FR"
    assert dst.paragraphs[0].style.name == "Review Translation"
    assert (review_cells.cell_text(status), comment.text) == ("translated", "Check the term with the editor.")
    assert src._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == review_docx.GREY
    assert dst._tc.tcPr.find(qn("w:shd")) is None
    style = doc.styles["Review Read-only"].element
    assert style.find(f"{qn('w:rPr')}/{qn('w:shd')}") is not None
    assert doc.styles["Review Translation"].element.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "fr-FR"
    assert status._tc.xpath(".//w:dropDownList/w:listItem/@w:value") == ["translated", "reviewed"]
    fuzzy = next(r for r in table.rows if r.cells[0].paragraphs[0].text == FUZZY_ID).cells[1]
    assert [p.style.name for p in fuzzy.paragraphs] == ["Normal", "Review Previous Source"]
    runs = fuzzy.paragraphs[1].runs
    assert [r.text for r in runs if r.font.underline] == ["close ", "the "]
    assert not any(r.font.strike for r in runs)
    assert review_cells.cell_text(fuzzy) == NEW
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 1, 1, 12, 0, 0)}
    night = next(r for r in doc.tables[2].rows if r.cells[0].paragraphs[0].text == "nightlife.title").cells[4]
    assert night.text == QUERY
    assert [(r.text, r.style.name) for r in night.paragraphs[0].runs][0] == ("query:", "Review Query")
    assert [p.text for p in doc.paragraphs if p.text.startswith("1/3 translated")] == [
        "1/3 translated (33%) · 0/3 reviewed (0%) · 1 query"]


def test_cli_defaults_to_every_language_but_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, tdir = make_catalogue(tmp_path)
    extract.update(source.load(src), "en", tdir)
    assert cli.main(["--source", str(src), "review", "--translations", str(tdir), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/o/fr.html, {tmp_path}/o/fr.docx: 5/39 done, 1 reviewed\n"
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["fr.docx", "fr.html"]


def test_nothing_is_written_when_one_language_fails(tmp_path: Path) -> None:
    _, tdir = make_catalogue(tmp_path)
    with pytest.raises(CatalogError) as caught:
        review_export.export(["fr", "de"], tdir, tmp_path / "out")
    assert str(caught.value) == (f"{tdir}/de.po: no catalogue for 'de' (hint: run `manifesto update de` "
                                 "(or `manifesto add-language de`))")
    assert not (tmp_path / "out").exists()


def _lang(run) -> str:
    return run._r.rPr.find(qn("w:lang")).get(qn("w:val"))


def test_review_files_are_shared_readable(exported: tuple[Path, Path, review.Review]) -> None:
    import stat

    for name in ("fr.html", "fr.docx"):
        assert stat.S_IMODE((exported[0] / name).stat().st_mode) == 0o644, name


def test_an_accepted_finding_is_shown_as_accepted_with_its_reason(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, tdir = make_catalogue(tmp_path)
    reason = ("the editor wants no full stop here, as in every other bullet of the printed handout, which the "
              "house style follows")
    catalog.apply("fr", tdir, [Change("police.rec.train-officers", notes=(f"qa-accept: Q202 {reason}", "Short."))])
    assert f"\n# qa-accept: Q202 {reason}\n" in (tdir / "fr.po").read_text(encoding="utf-8")  # one line, unwrapped
    built = review.build("fr", tdir)
    row = next(r for r in built.rows if r.id == "police.rec.train-officers")
    assert row.open_findings == () and [(f.code, f.accepted) for f in row.accepted_findings] == [("Q202", reason)]
    assert row.remarks == ("Short.",) and "Q202" not in built.codes
    review_export.export(["fr"], tdir, tmp_path / "out")
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    tr = page.get_element_by_id("u-police.rec.train-officers")
    assert tr.get("data-codes") == "" and tr.get("data-accepted") == "Q202"
    assert " ".join(tr.xpath("string(.//li[@class='accepted']/text()[1])").split()) == reason
    assert tr.xpath("string(.//li[@class='accepted']/span)") == "accepted:"
    assert [p.text_content() for p in tr.xpath(".//p[@class='note']")] == ["Short."]  # no `qa-accept:` code shown
    catalog.apply("fr", tdir, [Change("police.rec.train-officers", notes=("qa-accept: Q105 no placeholder now",))])
    stale = next(r for r in review.build("fr", tdir).rows if r.id == "police.rec.train-officers")
    assert [a.code for a in stale.unused_accepts] == ["Q105"] and stale.accepted_findings == ()
    review_export.export(["fr"], tdir, tmp_path / "out")
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    unused = page.get_element_by_id("u-police.rec.train-officers").xpath(".//p[@class='note unused']")
    assert [" ".join(p.text_content().split()) for p in unused] == [
        "accepted Q105, but nothing is found any more (remove the comment): no placeholder now"]


def dropdowns(path: Path) -> dict[str, list[str]]:
    """Row id -> the choices of its Status drop-down, in the exported review DOCX."""
    document = docx.Document(str(path))
    return {row.cells[0].paragraphs[0].text: row.cells[3]._tc.xpath(".//w:listItem/@w:value")
            for table in document.tables for row in table.rows[1:]}


def test_the_status_drop_down_offers_what_the_import_accepts(exported: tuple[Path, Path, review.Review]) -> None:
    choices = dropdowns(exported[0] / "fr.docx")
    assert choices["police.ref.manifesto-2017"] == ["untranslated", "reviewed", "translated"]
    assert choices[FUZZY_ID] == ["fuzzy", "reviewed"]
    assert choices["nightlife.intro.urban-life"] == ["machine", "reviewed"]
    assert choices["police.rec.train-officers"] == ["translated", "reviewed"]
    assert choices["police.intro.good-relations"] == ["reviewed", "translated"]


def test_markup_in_a_translation_is_text_on_the_review_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, tdir = make_catalogue(tmp_path)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & </td>'
    links = ('[clic](javascript:alert(1)) [data](data:text/html,<b>x</b>) [ok](https://efus.eu/?a=1&b=2) '
             '[<i>x</i>]{lang=fr onclick=alert(1) .name} <javascript:alert(2)>')
    catalog.apply("fr", tdir, [Change("police.title", msgstr=hostile), Change("nightlife.title", msgstr=links)])
    review_export.export(["fr"], tdir, tmp_path / "out")
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    assert len(page.xpath("//script")) == 1 and not page.xpath("//script[contains(., 'alert')]")
    assert not page.xpath("//img | //*[@onerror] | //*[@onclick] | //i")
    row = page.get_element_by_id("u-police.title")
    assert row.xpath("string(.//td[@class='translation']/div[@class='text'])") == hostile
    assert row.xpath("string(.//td[@class='translation']//details/code)") == hostile  # the raw text, a click away
    night = page.get_element_by_id("u-nightlife.title").xpath(".//td[@class='translation']/div[@class='text']")[0]
    assert [(a.get("href"), a.text_content()) for a in night.xpath(".//a")] == [("https://efus.eu/?a=1&b=2", "ok")]
    assert page.xpath("//td[@class='translation']//@href") == ["https://efus.eu/?a=1&b=2"]  # no javascript: nor data:
    blocked = night.xpath(".//span[contains(@class, 'mk-blocked')]")
    assert [b.text_content() for b in blocked] == ["clic", "data", "javascript:alert(2)"]  # an autolink too
    assert "its scheme is 'javascript'" in blocked[0].get("title")
    name = night.xpath(".//span[contains(@class, 'mk-name')]")[0]
    assert (name.get("lang"), name.text_content(), name.get("data-tags")) == ("fr", "<i>x</i>",
                                                                             "fr · name · onclick=alert(1)")


def test_the_page_shows_who_reviewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, tdir = make_catalogue(tmp_path)
    catalog.apply("fr", tdir, [Change("police.title", reviewed=True, reviewer="Ana <b>Silva</b>"),
                               Change("police.rec.coordination", reviewed=True)])  # a record without a name
    review_export.export(["fr"], tdir, tmp_path / "out")
    page = lxml.html.fromstring((tmp_path / "out" / "fr.html").read_bytes())
    named = page.get_element_by_id("u-police.title")
    assert named.xpath("string(.//span[@class='reviewer'])") == "by Ana <b>Silva</b>"  # escaped, not markup
    assert page.get_element_by_id("u-police.rec.coordination").xpath(".//span[@class='reviewer']") == []
    assert page.get_element_by_id("u-police.intro.good-relations").get("data-status") == "reviewed"
