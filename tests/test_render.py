"""Render: documents -> DOCX, PDF and EPUB through the real pandoc and Typst; safe, atomic, reproducible."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline import docx_style, pandoc, render, typst_pdf
from pipeline.assemble import Document
from pipeline.errors import ToolError
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
    return render.Assets(docx_style.ensure(tmp_path_factory.mktemp("cache")))


def test_untrusted_markup_stays_visible_literal_text(mini_build) -> None:
    config, _ = mini_build
    out = config.out / "fr" / "handouts"
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
    typst = pandoc.to_typst(pandoc.read(SAMPLE), render.TYPST / "handout.typ")
    assert '#text(lang: "en", region: none)[English words]' in typst
    assert '#text(lang: "nl", region: "BE")[#text(hyphenate: false)[Brussels]]' in typst
    assert "lost\nand hash" in typst and '#link("")' not in typst and "#link(<" not in typst
    assert '#text(style: "italic")[Manifesto]' in typst
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

    monkeypatch.setattr(typst_pdf, "pdf", broken)
    with pytest.raises(ToolError) as caught:
        render.render(doc, ("pdf",), tmp_path, assets)
    assert str(caught.value) == "typst compile (pdf) failed (exit 1): error: unexpected argument"
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["sample.pdf"]


def test_rendering_twice_gives_identical_bytes(tmp_path: Path, assets: render.Assets) -> None:
    doc = Document("fr", "sample", "full", "Échantillon", SAMPLE, TEST_EPOCH)
    first = render.render(doc, render_formats(), tmp_path / "a", assets)
    second = render.render(doc, render_formats(), tmp_path / "b", assets)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_epub_and_docx_are_dated_by_the_epoch(mini_build) -> None:
    config, _ = mini_build
    with zipfile.ZipFile(config.out / "en" / "manifesto.epub") as package:
        opf = package.read("EPUB/content.opf").decode()
        stamps = {info.date_time for info in package.infolist()}
    assert '<meta property="dcterms:modified">2026-11-25T21:57:34Z</meta>' in opf
    assert '<dc:date id="epub-date">2026-11-25</dc:date>' in opf
    assert stamps == {(2026, 11, 25, 21, 57, 34)}
    core = docx.Document(str(config.out / "en" / "manifesto.docx")).core_properties
    assert core.created is not None and core.created.isoformat() == "2026-11-25T21:57:34+00:00"


def render_formats() -> tuple[str, ...]:
    return ("docx", "pdf", "epub")


def test_the_epub_cover_has_a_text_alternative_in_the_edition_language(mini_build) -> None:
    config, _ = mini_build
    with zipfile.ZipFile(config.out / "fr" / "manifesto.epub") as package:
        cover = package.read("EPUB/text/cover.xhtml").decode()
    text = "Mini manifeste. Fixture recommendations. European Forum for Urban Security, 2025."
    assert f'role="img" aria-label="{text}"' in cover
    assert f"<title>{text}</title>" in cover


def docx_has_toc(path: Path) -> bool:
    with zipfile.ZipFile(path) as package:
        return "TOC \\" in package.read("word/document.xml").decode()


def test_only_the_full_edition_has_a_table_of_contents(mini_build) -> None:
    config, _ = mini_build
    out = config.out / "en"
    assert docx_has_toc(out / "manifesto.docx")
    assert not docx_has_toc(out / "handouts" / "police.docx")
    assert "Contents" in pdf_text(out / "manifesto.pdf")
    assert "Contents" not in pdf_text(out / "handouts" / "police.pdf")


def test_a_handout_pdf_has_its_title_band_and_page_footer(mini_build) -> None:
    config, _ = mini_build
    text = pdf_text(config.out / "en" / "handouts" / "police.pdf")
    assert "THEMATIC BRIEF" in text
    assert "This brief is an extract from Mini manifesto (2025)" in " ".join(text.split())
    assert "\n1/1\n" in text  # the page footer: page 1 of 1


def test_pdfs_claim_pdf_ua_1(mini_build) -> None:
    config, _ = mini_build
    for path in (config.out / "fr" / "manifesto.pdf", config.out / "fr" / "handouts" / "nightlife.pdf"):
        meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", meta), path.name


def test_the_docx_carries_the_house_style(mini_build) -> None:
    from docx.shared import Pt, RGBColor

    config, _ = mini_build
    styles = docx.Document(str(config.out / "fr" / "manifesto.docx")).styles
    navy, teal = RGBColor(0x1B, 0x36, 0x5D), RGBColor(0x0E, 0x7C, 0x7B)
    found = {name: (styles[name].font.name, styles[name].font.size, styles[name].font.color.rgb)
             for name in ("Title", "Subtitle", "Heading 1", "Heading 2")}
    assert found == {"Title": ("Arial", Pt(28), navy), "Subtitle": ("Arial", Pt(15), teal),
                     "Heading 1": ("Arial", Pt(20), navy), "Heading 2": ("Arial", Pt(14), navy)}
    assert (styles["Normal"].font.name, styles["Normal"].font.size) == ("Georgia", Pt(10.5))
