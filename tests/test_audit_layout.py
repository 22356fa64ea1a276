"""The layout checks of `manifesto audit`, each made to fail on a file built to break it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from pipeline.audit import layout as audit_layout
from pipeline.tools import typst_pdf

PAGE = '#set page(paper: "a4", margin: (x: 24mm, top: 24mm, bottom: 26mm))\n#set text(lang: "en")\n'
PARAGRAPH = "A line of body text that is long enough to fill the measure of one line of the page. " * 4


def _pdf(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "made.pdf"
    path.write_bytes(typst_pdf.pdf(f"#set document(title: [Made])\n{PAGE}{body}", 0))
    return path


def _verdict(verdicts: list[audit_layout.Verdict], name: str) -> audit_layout.Verdict:
    return next(v for v in verdicts if v[0] == name)


def test_a_heading_at_the_foot_of_a_page_is_found(tmp_path: Path) -> None:
    # Enough text to leave room for the heading only: its section starts on the next page.
    body = "= Theme\n" + f"{PARAGRAPH}\n\n" * 6 + "#v(1fr)\n== Stranded\n#pagebreak()\n" + f"{PARAGRAPH}\n"
    verdict = _verdict(audit_layout.pdf_checks(_pdf(tmp_path, body), full=False), "no heading last on a page")
    assert verdict[1:] == (False, "2 heading(s); 'Stranded' on page 1")


def test_a_heading_followed_by_text_passes(tmp_path: Path) -> None:
    heading = "== A section whose long title wraps onto a second line of the page\n"
    body = "= Theme\n" + f"{PARAGRAPH}\n\n" * 3 + heading + f"{PARAGRAPH}\n"
    verdict = _verdict(audit_layout.pdf_checks(_pdf(tmp_path, body), full=False), "no heading last on a page")
    assert verdict[1:] == (True, "2 heading(s)")


def test_a_page_holding_two_lines_is_a_runt_unless_a_theme_starts_on_it(tmp_path: Path) -> None:
    runt = "= Theme\n" + f"{PARAGRAPH}\n\n" * 3 + "#pagebreak()\nTwo short lines.\\\nThe second.\n"
    verdict = _verdict(audit_layout.pdf_checks(_pdf(tmp_path, runt), full=False), "no page holding only a few lines")
    assert verdict[1:] == (False, "2 page(s); page 2 (2 lines)")
    short_theme = "= Theme\n" + f"{PARAGRAPH}\n\n" * 3 + "#pagebreak()\n= Another\nOne line.\n"
    verdict = _verdict(audit_layout.pdf_checks(_pdf(tmp_path, short_theme), full=False),
                       "no page holding only a few lines")
    assert verdict[1:] == (True, "2 page(s)")


def test_cover_words_running_off_the_page_are_found(tmp_path: Path) -> None:
    cover = '#text(size: 40pt)[Sicherheitspartnerschaftsempfehlungsverzeichnis]\n#pagebreak()\n= Theme\nText.\n'
    verdict = _verdict(audit_layout.pdf_checks(_pdf(tmp_path, cover), full=True), "cover text inside the page")
    assert verdict[1] is False and "past the margin: Sicherheits" in verdict[2]


def _edited(mini_build, tmp_path: Path, edit) -> Path:
    config, _ = mini_build
    source = config.project.out / "en" / "manifesto.docx"
    path = tmp_path / "edited.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(info.filename, data))
    return path


def test_the_built_docx_passes_every_layout_check(mini_build) -> None:
    config, _ = mini_build
    verdicts = audit_layout.docx_checks(config.project.out / "en" / "manifesto.docx", full=True)
    assert [v[:2] for v in verdicts] == [("A4 pages", True), ("footer with the page number", True),
                                         (audit_layout.NO_NUMBERED, True),
                                         ("pages start by their heading's page break", True),
                                         ("no exact line height", True), ("house faces embedded", True),
                                         ("contents list shows its entries", True), ("cover picture on page 1", True)]


@pytest.mark.parametrize(("name", "part", "pattern", "replacement"), [
    ("A4 pages", "word/document.xml", rb'<w:pgSz w:h="16838" w:w="11906" />', b'<w:pgSz w:h="15840" w:w="12240" />'),
    ("footer with the page number", "word/footer1.xml", rb"PAGE", b"DATE"),
    ("contents list shows its entries", "word/document.xml", rb'w:anchor="police"', b'w:anchor="nowhere"'),
    ("cover picture on page 1", "word/document.xml", rb"<w:drawing>.*?</w:drawing>", b""),
    ("pages start by their heading's page break", "word/document.xml", rb"<w:p>",
     b'<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>'),
    ("no exact line height", "word/styles.xml", rb'w:lineRule="auto"', b'w:lineRule="exact"'),
    ("no exact line height", "word/styles.xml", rb'<w:pPrDefault>', b'<w:pPrDefault><w:pPr><w:spacing w:line="260" '
     b'w:lineRule="exact"/></w:pPr>'),
    ("house faces embedded", "word/fontTable.xml", rb'<w:embedBoldItalic [^>]*/>', b""),
    ("house faces embedded", "word/fontTable.xml", rb'<w:embedRegular ', b"<w:embedBold "),
])
def test_each_docx_check_fails_on_a_broken_file(mini_build, tmp_path: Path, name: str, part: str,
                                                pattern: bytes, replacement: bytes) -> None:
    def edit(filename: str, data: bytes) -> bytes:
        if filename != part:
            return data
        changed = re.sub(pattern, replacement, data, count=1, flags=re.S)
        assert changed != data, f"{pattern!r} not in {part}"
        return changed

    verdict = _verdict(audit_layout.docx_checks(_edited(mini_build, tmp_path, edit), full=True), name)
    assert verdict[1] is False, verdict


def test_text_reaching_the_edge_of_the_epub_cover_is_found(mini_build, tmp_path: Path) -> None:
    from PIL import Image

    config, _ = mini_build
    built = config.project.out / "fr" / "manifesto.epub"
    assert [v[:2] for v in audit_layout.epub_checks(built)] == [(audit_layout.NO_NUMBERED, True),
                                                                ("cover image text inside its margins", True)]
    assert audit_layout.epub_checks(built)[0][2] == "0 ordered list(s)"

    def clipped(filename: str, data: bytes) -> bytes:
        if not filename.endswith(".png"):
            return data
        image = Image.open(io.BytesIO(data)).convert("RGB")
        width, height = image.size
        for x in range(width - 40, width):  # a stroke of white running off the right edge, as a cut title would
            image.putpixel((x, height // 2), (255, 255, 255))
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    path = tmp_path / "clipped.epub"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, clipped(info.filename, src.read(info)))
    (name, ok, detail) = _verdict(audit_layout.epub_checks(path), "cover image text inside its margins")
    assert (ok, detail) == (False, "1600x2400 px; text reaches the right edge")


def _edited_epub(mini_build, tmp_path: Path, page: str, edit) -> Path:
    config, _ = mini_build
    path = tmp_path / "edited.epub"
    with zipfile.ZipFile(config.project.out / "fr" / "manifesto.epub") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data) if info.filename == page else data)
    return path


@pytest.mark.parametrize(("page", "where"), [
    ("EPUB/text/ch002.xhtml", b"</section>"),  # a list at a chapter's end
    ("EPUB/text/ch003.xhtml", b"</p>"),  # one after its first paragraph, deeper in the page
    ("EPUB/text/title_page.xhtml", b"</section>"),  # on the title page (where a date is printed)
])
def test_an_ordered_list_the_templates_do_not_write_is_found_in_the_epub(mini_build, tmp_path: Path, page: str,
                                                                         where: bytes) -> None:
    def numbered(data: bytes) -> bytes:
        assert where in data, f"{where!r} not in {page}"
        return data.replace(where, b'<ol start="29"><li>November 2026</li></ol>' + where, 1)

    verdict = _verdict(audit_layout.epub_checks(_edited_epub(mini_build, tmp_path, page, numbered)),
                       audit_layout.NO_NUMBERED)
    assert verdict[1] is False and "'November 2026'" in verdict[2], verdict


def test_the_navigation_s_ordered_lists_are_not_counted(mini_build, tmp_path: Path) -> None:
    def more(data: bytes) -> bytes:
        return data.replace(b"</ol>", b'<li><a href="text/ch002.xhtml">x</a></li></ol>', 1)

    path = _edited_epub(mini_build, tmp_path, "EPUB/nav.xhtml", more)
    assert _verdict(audit_layout.epub_checks(path), audit_layout.NO_NUMBERED)[1] is True


@pytest.mark.parametrize("numbered", [
    # Every level of every list numbered 1, 2, 3 (pandoc's ordered list), or one list's first level overridden.
    lambda xml: xml.replace(b'<w:numFmt w:val="bullet" />', b'<w:numFmt w:val="decimal" />'),
    lambda xml: re.sub(rb'(<w:num w:numId="1001"[^>]*>.*?)(</w:num>)', rb'\1<w:lvlOverride w:ilvl="0"><w:lvl '
                       rb'w:ilvl="0"><w:numFmt w:val="lowerLetter" /></w:lvl></w:lvlOverride>\2', xml, flags=re.S),
])
def test_a_numbered_list_the_templates_do_not_write_is_found_in_the_docx(mini_build, tmp_path: Path,
                                                                         numbered) -> None:
    def edit(filename: str, data: bytes) -> bytes:
        if filename != "word/numbering.xml":
            return data
        assert numbered(data) != data
        return numbered(data)

    verdict = _verdict(audit_layout.docx_checks(_edited(mini_build, tmp_path, edit), full=True),
                       audit_layout.NO_NUMBERED)
    assert verdict[1] is False and re.match(r"[1-9]\d* numbered paragraph\(s\), e\.g\. '", verdict[2]), verdict


def test_a_list_level_without_a_number_is_not_a_numbered_list(mini_build, tmp_path: Path) -> None:
    def unnumbered(filename: str, data: bytes) -> bytes:
        return data.replace(b'<w:numFmt w:val="bullet" />', b'<w:numFmt w:val="none" />') \
            if filename == "word/numbering.xml" else data

    verdict = _verdict(audit_layout.docx_checks(_edited(mini_build, tmp_path, unnumbered), full=True),
                       audit_layout.NO_NUMBERED)
    assert verdict[1] is True, verdict
