"""Render: documents -> DOCX, PDF and EPUB through the real pandoc and Typst; safe, atomic, reproducible."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from pipeline import audit, render
from pipeline.assemble import Document
from pipeline.errors import ToolError
from pipeline.render import docx_fonts, fit
from pipeline.tools import pandoc, typst_pdf
from tests.conftest import TEST_EPOCH

UNTRUSTED = ('<script>alert(1)</script>', '\\input{/etc/passwd}', '#read("/etc/passwd")', "![x](/etc/passwd)")
SAMPLE = """---
title: "Échantillon"
toc-title: Sommaire
identifier: "urn:test:sample"
lang: fr
---

# Titre

Texte [English words]{lang=en}, [Brussels]{lang=nl-BE .name}, [lost]() and [hash](#), [Manifesto]{.link-unknown}.
"""


def literal(text: str) -> str:
    """What the reader sees, with pandoc's curly quotes and French spacing straightened for comparison."""
    text = re.sub(r"«\s*|\s*»|[“”]", '"', text)
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xhtml"))


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> render.Assets:
    return render.assets(tmp_path_factory.mktemp("cache"))


def test_untrusted_markup_stays_visible_literal_text(mini_build) -> None:
    config, _ = mini_build
    out = config.project.out / "fr" / "handouts"
    words = literal(" ".join(p.text for p in docx.Document(str(out / "police.docx")).paragraphs))
    text = literal(pdf_text(out / "police.pdf"))
    html = epub_text(out / "police.epub")
    for markup in UNTRUSTED:
        assert markup in words
        assert markup in text
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; \\input{/etc/passwd} "
            "#read(«\u00a0/etc/passwd\u00a0»)\u202f![x](/etc/passwd)") in html
    assert "<script" not in html and "<img" not in html


def test_typst_filter_tags_spans_and_unlinks_empty_targets() -> None:
    typst = pandoc.to_typst(pandoc.read(SAMPLE), render.TYPST / "handout.typ", render.typst_variables("fr"))
    assert '#text(lang: "en", region: none)[English words]' in typst
    assert '#text(lang: "nl", region: "BE")[#text(hyphenate: false)[Brussels]]' in typst
    assert "lost\nand hash" in typst and '#link("")' not in typst and "#link(<" not in typst
    assert "Manifesto" in typst and 'style: "italic"' not in typst  # a lost link is no style
    assert typst_pdf.pdf(typst, TEST_EPOCH).startswith(b"%PDF-")


def test_lost_links_are_text_in_docx_and_epub(tmp_path: Path, assets: render.Assets) -> None:
    doc = Document("fr", "sample", "handout", "Échantillon", SAMPLE, TEST_EPOCH)
    docx_path, epub_path = render.render(doc, ("docx", "epub"), tmp_path, assets)
    html = epub_text(epub_path)
    assert 'href=""' not in html and 'href="#"' not in html
    assert '<span class="link-unknown">Manifesto</span>' in html
    assert '<span class="name" lang="nl-BE">Brussels</span>' in html
    with zipfile.ZipFile(docx_path) as package:
        body = package.read("word/document.xml").decode()
    assert "<w:hyperlink" not in body
    assert '<w:rStyle w:val="UnknownLink" />' in body


def test_a_failed_render_leaves_the_previous_file_and_no_temporary(
        tmp_path: Path, assets: render.Assets, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document("fr", "sample", "handout", "Échantillon", SAMPLE, TEST_EPOCH)
    (pdf,) = render.render(doc, ("pdf",), tmp_path, assets)
    before = pdf.read_bytes()

    def broken(source: str, epoch: int) -> bytes:
        raise ToolError("typst compile (pdf)", 1, "error: unexpected argument")

    monkeypatch.setattr(typst_pdf, "pdf_and_theme_ends", broken)
    with pytest.raises(ToolError) as caught:
        render.render(doc, ("pdf",), tmp_path, assets)
    assert str(caught.value) == f"{pdf}: typst compile (pdf) failed (exit 1): error: unexpected argument"
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["sample.pdf"]


def test_a_failed_format_writes_none_of_the_document_and_names_it(
        tmp_path: Path, assets: render.Assets, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document("fr", "sample", "handout", "Échantillon", SAMPLE, TEST_EPOCH)

    def broken(source: str, epoch: int) -> bytes:
        raise ToolError("typst compile (pdf)", 1, 'error: the character "\\u{7}" could not be displayed')

    monkeypatch.setattr(typst_pdf, "pdf_and_theme_ends", broken)
    with pytest.raises(ToolError) as caught:
        render.render(doc, ("docx", "pdf", "epub"), tmp_path, assets)
    assert str(caught.value) == (f"{tmp_path / 'fr' / 'sample.pdf'} (the print layout its DOCX follows): typst "
                                 'compile (pdf) failed (exit 1): error: the character "\\u{7}" could not be displayed')
    assert list(tmp_path.rglob("*.*")) == []  # the DOCX made before the PDF failed is not published either


def test_links_to_anything_but_http_https_mailto_or_anchors_are_printed_as_text(
        tmp_path: Path, assets: render.Assets) -> None:
    markdown = SAMPLE.replace('title: "Échantillon"', 'title: "[Échantillon](javascript:alert(1))"') + (
        "\n[a](javascript:alert(1)) [b](JaVaScRiPt:x) <data:text/html,x> [c](file:///etc/passwd) [d](//evil.example) "
        "[e](../x.pdf) [f](https:nohost) [ok](https://efus.eu/) [mail](mailto:info@efus.eu) [top](#titre)\n")
    doc = Document("fr", "sample", "full", "Échantillon", markdown, TEST_EPOCH)
    docx_path, pdf_path, epub_path = render.render(doc, render_formats(), tmp_path, assets)
    for links in (audit.docx_links(docx_path), audit.pdf_links(pdf_path), audit.epub_links(epub_path)):
        assert sorted(set(links)) == ["https://efus.eu/", "mailto:info@efus.eu"]
    assert "a b data:text/html,x c d e f ok mail top" in literal(pdf_text(pdf_path))


def test_rendering_twice_gives_identical_bytes(tmp_path: Path, assets: render.Assets) -> None:
    doc = Document("fr", "sample", "full", "Échantillon", SAMPLE, TEST_EPOCH)
    first = render.render(doc, render_formats(), tmp_path / "a", assets)
    second = render.render(doc, render_formats(), tmp_path / "b", assets)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_epub_and_docx_are_dated_by_the_epoch(mini_build) -> None:
    config, _ = mini_build
    with zipfile.ZipFile(config.project.out / "en" / "manifesto.epub") as package:
        opf = package.read("EPUB/content.opf").decode()
        stamps = {info.date_time for info in package.infolist()}
    assert '<meta property="dcterms:modified">2026-11-25T21:57:34Z</meta>' in opf
    assert '<dc:date id="epub-date">2026-11-25</dc:date>' in opf
    assert stamps == {(2026, 11, 25, 21, 57, 34)}
    core = docx.Document(str(config.project.out / "en" / "manifesto.docx")).core_properties
    assert core.created is not None and core.created.isoformat() == "2026-11-25T21:57:34+00:00"


def render_formats() -> tuple[str, ...]:
    return ("docx", "pdf", "epub")


def test_the_epub_cover_has_a_text_alternative_in_the_edition_language(mini_build) -> None:
    config, _ = mini_build
    with zipfile.ZipFile(config.project.out / "fr" / "manifesto.epub") as package:
        cover = package.read("EPUB/text/cover.xhtml").decode()
    text = "Mini manifeste. Fixture recommendations. European Forum for Urban Security, 2025. Draft translation."
    assert f'role="img" aria-label="{text}"' in cover
    assert f"<title>{text}</title>" in cover


def test_typst_takes_language_and_region_apart() -> None:
    sample = ("---\ntitle: Zdravo\nlang: sr-Latn\n---\n\n"
              "[Olá]{lang=pt-BR} [Nihao]{lang=zh-Hant-TW} [hola]{lang=es-419}\n")
    typst = pandoc.to_typst(pandoc.read(sample), render.TYPST / "handout.typ",
                             render.typst_variables("sr-Latn"))
    assert '#set text(lang: "sr", region: none,' in typst
    assert '#text(lang: "pt", region: "BR")[Olá]' in typst
    assert '#text(lang: "zh", region: "TW")[Nihao]' in typst
    assert '#text(lang: "es", region: none)[hola]' in typst  # Typst has no M.49 regions
    assert typst_pdf.pdf(typst, TEST_EPOCH).startswith(b"%PDF-")
    pt = pandoc.to_typst(pandoc.read(SAMPLE.replace("lang: fr", "lang: pt-BR")), render.TYPST / "full.typ",
                         render.typst_variables("pt-BR"))
    assert '#set text(lang: "pt", region: "BR",' in pt


def test_a_tool_error_is_blamed_on_the_unit_holding_the_text_it_quotes() -> None:
    from pipeline.errors import Origin
    from pipeline.localise import LUnit

    units = [LUnit("a.one", "Bonjour", "fr", "translated", Origin("fr.po", 5)),
             LUnit("a.two", "Bon\x07jour", "fr", "translated", Origin("fr.po", 9))]
    quoted = 'PDF/UA-1 error: the text `"\\u{7}"` could not be displayed with font `"DejaVu Sans"`'
    error = ToolError("typst compile (pdf)", 1, quoted, Origin("out/fr/x.pdf"))
    blamed = render.blame(error, units)
    assert blamed.category == "tool"
    assert str(blamed) == (f"fr.po:9: unit 'a.two': out/fr/x.pdf: typst compile (pdf) failed (exit 1): {quoted} "
                           "(hint: change or remove what the tool quotes)")
    assert render.blame(ToolError("pandoc", 1, "error"), units).message == "pandoc failed (exit 1): error"


def test_epub_pages_are_titled_by_their_heading_and_claim_conformance(mini_build) -> None:
    config, _ = mini_build
    for epub in (config.project.out / "fr" / "manifesto.epub", config.project.out / "fr" / "handouts" / "police.epub"):
        with zipfile.ZipFile(epub) as package:
            titles = {n: re.search(r"<title>([^<]*)</title>", package.read(n).decode())[1]
                      for n in package.namelist() if n.startswith("EPUB/text/")}
            opf = package.read("EPUB/content.opf").decode()
            nav = package.read("EPUB/nav.xhtml").decode()
        assert not [t for t in titles.values() if t.endswith(".xhtml") or not t.strip()], titles
        assert f'<meta property="dcterms:conformsTo">{render.CONFORMS_TO}</meta>' in opf
        # The landmarks in the edition's language (the fixture translates the contents title only).
        labels = dict(re.findall(r'epub:type="(\w+)">([^<]*)<', nav))
        assert (labels["titlepage"], labels["toc"]) == ("Title page", "Sommaire") and "Table of Contents" not in nav
    assert "Police" in titles.values()


def test_a_handout_has_its_title_as_h1_and_its_sections_as_h2_in_every_format(mini_build) -> None:
    config, _ = mini_build
    built = config.project.out / "fr" / "handouts" / "police"
    tree = subprocess.run(["pdfinfo", "-struct-text", str(built.with_suffix(".pdf"))], capture_output=True,
                          text=True).stdout
    headings = re.findall(r"^\s*(H\d) \"([^\"]*)\"", tree, re.M)
    assert headings[0] == ("H1", "Police") and {level for level, _ in headings[1:]} == {"H2"}, headings
    with zipfile.ZipFile(built.with_suffix(".epub")) as package:
        pages = [n for n in package.namelist() if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n)]
        page = package.read(pages[0]).decode()
    titles = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", page)]
    assert len(pages) == 1 and titles == ["Police"] and page.count("<h2") == 4
    document = docx.Document(str(built.with_suffix(".docx")))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()][:3]
    assert styled == [("Band Kicker", "Thematic brief"), ("Heading 1", "Police"),  # untranslated in the fixture
                      ("Band Subtitle", "Mini manifeste · European Forum for Urban Security")], styled
    assert document.core_properties.title == "Police"


def test_references_are_one_design_in_every_format(mini_build) -> None:
    config, _ = mini_build
    built = config.project.out / "en" / "handouts" / "nightlife"
    url = "https://safe.brussels/fr/violences-lgbtqiaphobes"
    text = subprocess.run(["pdftotext", str(built.with_suffix(".pdf")), "-"], capture_output=True, text=True).stdout
    assert url in text.replace("-\n", "-")  # a live link shows its address in print
    document = docx.Document(str(built.with_suffix(".docx")))
    references = [p for p in document.paragraphs if p.style.name == "Reference"]
    assert len(references) == 1 and all(p.style.font.italic for p in references)
    assert not [r for p in references for r in p.runs if r.style.name == "Unknown Link"]  # Word would toggle it
    with zipfile.ZipFile(built.with_suffix(".epub")) as package:
        page = package.read("EPUB/text/ch001.xhtml").decode()
    assert re.search(r'<div class="references"[^>]*>\s*<p>', page)


def test_practices_are_one_design_in_every_format(mini_build) -> None:
    config, _ = mini_build
    built = config.project.out / "en" / "handouts" / "police"
    name = "Belgian local police: the local crime prevention partnerships"
    document = docx.Document(str(built.with_suffix(".docx")))
    practices = [p for p in document.paragraphs if p.style.name == "Practice"]
    titles = [p for p in document.paragraphs if p.style.name == "Practice Title"]  # a paragraph, over its text
    assert len(practices) == 2 and [p.text for p in titles] == [name]
    assert titles[0]._p.getnext().style == "Practice"  # the name, then its text
    assert not [r for p in practices for r in p.runs if "<w:br" in r._r.xml]  # no manual break left to stretch
    with zipfile.ZipFile(built.with_suffix(".epub")) as package:
        page = package.read("EPUB/text/ch001.xhtml").decode()
    assert page.count('<div class="practice"') == 2 and '<span class="practice-name"' in page
    typst = pandoc.to_typst(pandoc.read(_markdown(config, "police")), render.TYPST / "handout.typ",
                            render.typst_variables("en"))
    assert typst.count("stroke: (left: 1.5pt + accent)") == 2
    assert f'weight: "bold", fill: navy)[{name}]' in " ".join(typst.split())


def _markdown(config, theme: str) -> str:
    from pipeline import assemble, catalog, localise, source

    where = config.project
    edition = localise.localise(source.load(where.source), "en", catalog.translations("en", where.translations))
    return assemble.handout(edition, theme, assemble.Imprint(TEST_EPOCH, "x")).markdown


def docx_has_toc(path: Path) -> bool:
    """A contents list written out (entries in the style TOC 1), never pandoc's empty TOC field."""
    with zipfile.ZipFile(path) as package:
        assert "TOC \\" not in package.read("word/document.xml").decode()
    return any(p.style.name == "TOC 1" for p in docx.Document(str(path)).paragraphs)


def test_only_the_full_edition_has_a_table_of_contents(mini_build) -> None:
    config, _ = mini_build
    out = config.project.out / "en"
    assert docx_has_toc(out / "manifesto.docx")
    assert not docx_has_toc(out / "handouts" / "police.docx")
    assert "Contents" in pdf_text(out / "manifesto.pdf")
    assert "Contents" not in pdf_text(out / "handouts" / "police.pdf")


def test_a_handout_pdf_has_its_title_band_and_page_footer(mini_build) -> None:
    config, _ = mini_build
    text = pdf_text(config.project.out / "en" / "handouts" / "police.pdf")
    assert "THEMATIC BRIEF" in text
    assert "This brief is an extract from Mini manifesto (2025)" in " ".join(text.split())
    assert "\n1/1\n" in text  # the page footer: page 1 of 1


def test_pdfs_claim_pdf_ua_1(mini_build) -> None:
    config, _ = mini_build
    for path in (config.project.out / "fr" / "manifesto.pdf", config.project.out / "fr" / "handouts" / "nightlife.pdf"):
        meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", meta), path.name


def test_the_docx_carries_the_house_style(mini_build) -> None:
    from docx.shared import Pt, RGBColor

    from pipeline import house

    style = house.load()
    config, _ = mini_build
    styles = docx.Document(str(config.project.out / "fr" / "manifesto.docx")).styles
    navy, teal = (RGBColor.from_string(style.hex(c)) for c in ("brand", "accent"))
    sans, serif = style.type["sans"], style.type["serif"]
    found = {name: (styles[name].font.name, styles[name].font.size, styles[name].font.color.rgb)
             for name in ("Heading 1", "Heading 2", "TOC 1")}
    assert found == {"Heading 1": (sans, Pt(style.type["heading-1"]), navy),
                     "Heading 2": (sans, Pt(style.type["heading-2"]), navy),
                     "TOC 1": (sans, Pt(style.type["body-size"] + 0.5), navy)}
    assert (styles["Normal"].font.name, styles["Normal"].font.size) == (serif, Pt(style.type["body-size"]))
    assert styles["Hyperlink"].font.color.rgb == teal and styles["Title"].font.name == sans


@pytest.mark.slow
def test_a_handout_whose_last_page_would_be_a_runt_is_set_tighter(tmp_path: Path, assets: render.Assets,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The real English "Justice" brief ends a few lines into a third page when set loosely.
    from pipeline import assemble, catalog, localise, source
    from pipeline.audit import layout as audit_layout
    from tests.conftest import ROOT

    edition = localise.localise(source.load(ROOT / "source"), "en", catalog.translations("en", ROOT / "translations"))
    doc = assemble.handout(edition, "justice", assemble.Imprint(TEST_EPOCH, "x"))
    fitted_docx, fitted = render.render(doc, ("docx", "pdf"), tmp_path / "fitted", assets)
    monkeypatch.setattr(fit, "spare_themes", lambda ends: [])  # no theme is tried tighter
    loose_docx, loose = render.render(doc, ("docx", "pdf"), tmp_path / "loose", assets)
    runts = {path.parent.parent.parent.name: audit_layout.pdf_checks(path, full=False)[0] for path in (fitted, loose)}
    assert (runts["loose"][1], runts["loose"][2].split(";")[0]) == (False, "3 page(s)")
    assert runts["fitted"][1:] == (True, "2 page(s)")
    # The DOCX follows print: set with the house style's [fit] line height and spacing where the PDF is.
    from docx.shared import Pt

    from pipeline import house

    style = house.load()
    spacing = {path.parent.parent.parent.name: docx.Document(str(path)).styles["Normal"].paragraph_format
               for path in (fitted_docx, loose_docx)}
    natural = docx_fonts.natural_line(style, style.type["serif"])  # the line spacing is the house's, proportional
    assert (spacing["fitted"].line_spacing, spacing["fitted"].space_after) == (
        pytest.approx(style.fit["line-height"] / natural, abs=1 / 240), Pt(style.fit["paragraph"]))
    assert (spacing["loose"].line_spacing, spacing["loose"].space_after) == (
        pytest.approx(style.type["line-height"] / natural, abs=1 / 240), Pt(style.space["paragraph"]))



@pytest.mark.slow
def test_a_short_last_page_is_set_tighter_only_when_that_saves_it(tmp_path: Path, assets: render.Assets) -> None:
    # Set loosely, the French "Audits" brief spills a third of a page onto a second one, and the English "Crisis
    # management" brief ends a third of the way down its second page: set tighter, the first fits on one page, the
    # second would still take two, so it keeps the usual spacing.
    from pipeline import assemble, catalog, localise, source
    from tests.conftest import ROOT

    pages = {}
    for lang, theme in (("fr", "audits-methodology"), ("en", "crisis-management")):
        edition = localise.localise(source.load(ROOT / "source"), lang,
                                    catalog.translations(lang, ROOT / "translations"))
        doc = assemble.handout(edition, theme, assemble.Imprint(TEST_EPOCH, "x"))
        made = render.Source(doc, pandoc.read(doc.markdown))
        loose = typst_pdf.pdf_and_theme_ends(made.typst(), TEST_EPOCH)[1]
        assert fit.spare_themes(loose) == [theme] and fit.runt_themes(loose) == []
        (pdf,) = render.render(doc, ("pdf",), tmp_path / lang, assets)
        pages[theme] = (fit.theme_pages(loose)[theme], len(PdfReader(pdf).pages), made.printed.themes)
    assert pages == {"audits-methodology": (2, 1, ["audits-methodology"]), "crisis-management": (2, 2, [])}


def test_the_pages_a_theme_takes_are_counted_from_where_the_one_before_ends() -> None:
    assert fit.theme_pages([("a", 3, 100.0), ("b", 5, 700.0), ("c", 6, 90.0)]) == {"a": 3, "b": 2, "c": 1}


@pytest.mark.slow
def test_only_the_themes_of_the_full_edition_ending_in_a_runt_are_set_tighter(assets: render.Assets) -> None:
    # Set loosely, the French "Justice" chapter ends a few lines into a new page; every other theme keeps the
    # usual spacing.
    from pipeline import assemble, catalog, localise, source
    from pipeline.tools import pandoc
    from tests.conftest import ROOT

    edition = localise.localise(source.load(ROOT / "source"), "fr", catalog.translations("fr", ROOT / "translations"))
    doc = assemble.full(edition, assemble.Imprint(TEST_EPOCH, "x"))
    ast, variables = pandoc.read(doc.markdown), render.typst_variables("fr")
    loose = pandoc.to_typst(ast, render.TYPST / "full.typ", variables)
    runts = fit.runt_themes(typst_pdf.pdf_and_theme_ends(loose, TEST_EPOCH)[1])
    assert runts == ["justice"]
    fitted = pandoc.to_typst(ast, render.TYPST / "full.typ", variables | {"fitted": ",".join(runts)})
    assert fit.runt_themes(typst_pdf.pdf_and_theme_ends(fitted, TEST_EPOCH)[1]) == []


def test_one_compilation_gives_the_pdf_and_where_each_theme_ends() -> None:
    source = ('#set document(title: [T])\n#set text(lang: "en")\n'
              '#let theme-end(id) = context [#metadata((theme: id, page: here().page(), '
              'y: here().position().y.pt())) <theme-end>]\n= A\nText.\n#theme-end("a")\n#pagebreak()\n= B\n'
              '#theme-end("b")\n')
    pdf, ends = typst_pdf.pdf_and_theme_ends(source, TEST_EPOCH)
    assert pdf == typst_pdf.pdf(source, TEST_EPOCH)  # the same bytes as a compilation alone
    assert [(theme, page) for theme, page, _ in ends] == [("a", 1), ("b", 2)]


def test_a_handout_whose_print_fills_its_last_page_to_the_foot_is_set_tighter_in_word() -> None:
    from pipeline import house

    style = house.load()
    foot = style.points("height-mm") - style.points("margin-bottom-mm")
    line = style.type["body-size"] * style.type["line-height"]
    words = style.fit["word-lines"]
    assert fit.Fitted(b"", [], [("police", 2, foot - (words - 1) * line)]).full_to_the_foot
    assert not fit.Fitted(b"", [], [("police", 2, foot - (words + 1) * line)]).full_to_the_foot


@pytest.mark.slow
def test_word_sets_a_handout_tighter_where_print_ends_at_the_foot(tmp_path: Path, assets: render.Assets) -> None:
    # The real English "Discriminatory violence" brief ends a line or two above the foot of its second page in
    # print; Word, breaking lines one at a time, would spill it onto a third: its DOCX takes the tighter style.

    from pipeline import assemble, catalog, house, localise, source
    from tests.conftest import ROOT

    edition = localise.localise(source.load(ROOT / "source"), "en", catalog.translations("en", ROOT / "translations"))
    doc = assemble.handout(edition, "discriminatory-violence", assemble.Imprint(TEST_EPOCH, "x"))
    made = render.Source(doc, pandoc.read(doc.markdown))
    assert (made.printed.themes, made.printed.full_to_the_foot) == ([], True)
    (path,) = render.render(doc, ("docx",), tmp_path, assets)
    style = house.load()
    assert docx.Document(str(path)).styles["Normal"].paragraph_format.line_spacing == pytest.approx(
        style.fit["line-height"] / docx_fonts.natural_line(style, style.type["serif"]), abs=1 / 240)  # Word's 240ths


def test_a_lost_link_shows_no_style_in_any_format(mini_build) -> None:
    """A lost link is a fact for the editors, not a look: no italics in the DOCX, EPUB or PDF source."""
    config, _ = mini_build
    handout = config.project.out / "en" / "handouts" / "police"
    document = docx.Document(str(handout.with_suffix(".docx")))
    marked = [r for p in document.paragraphs for r in p.runs if r.style.name == "Unknown Link"]
    assert marked and not any(r.italic or r.style.font.italic for r in marked)
    with zipfile.ZipFile(handout.with_suffix(".epub")) as package:
        css = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".css"))
    assert ".link-unknown" not in css


def test_the_epub_title_page_dates_in_the_locale_and_names_the_publisher_once(mini_build) -> None:
    config, _ = mini_build
    for lang, date in (("fr", "25 novembre 2026"), ("en", "November 25, 2026")):  # the fixture sets no en-GB
        for name in ("manifesto", "handouts/police"):
            with zipfile.ZipFile(config.project.out / lang / f"{name}.epub") as package:
                page = package.read("EPUB/text/title_page.xhtml").decode()
                opf = package.read("EPUB/content.opf").decode()
            assert f'<p class="date">{date}</p>' in page
            assert page.count("European Forum for Urban Security") == 1, page
            assert ">2026-11-25</dc:date>" in opf  # the package keeps the ISO date EPUB asks for
