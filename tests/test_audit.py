"""Audit: read the built editions back (python-docx, EPUB XML, poppler, EPUBCheck) and prove what they claim."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import audit, catalog, localise, safety, source
from pipeline.build import BuildConfig, build
from pipeline.project import Project
from tests.conftest import ROOT, TEST_EPOCH, dead_pid


@pytest.fixture(scope="module")
def report(mini_build) -> audit.AuditReport:
    config, _ = mini_build
    return audit.audit(config.project)


def by_name(report: audit.AuditReport, path: str, name: str) -> audit.Check:
    return next(c for c in report.checks if c.path.endswith(path) and c.name.startswith(name))


def test_every_check_passes_on_the_mini_editions(report: audit.AuditReport) -> None:
    assert report.failures() == ()
    assert report.ok
    assert len({c.path for c in report.checks}) == 18
    total = len(report.checks)
    assert report.text().splitlines() == ["en handouts, pages: nightlife 1, police 1",
                                          "fr handouts, pages: nightlife 1, police 1",
                                          f"audit: {total}/{total} checks passed on 18 file(s)"]


def test_what_the_checks_found(report: audit.AuditReport) -> None:
    assert by_name(report, "fr/manifesto.docx", "default run language").detail == "'fr'"
    # The fixture's subtitle is left in English: the PDF and EPUB show it tagged, the DOCX's cover is a picture.
    assert by_name(report, "fr/manifesto.docx", "passages in other languages").detail == (
        "21 passage(s) in en, fr")
    assert by_name(report, "en/manifesto.epub", "passages in other languages").detail == "3 passage(s) in fr"
    assert by_name(report, "fr/manifesto.pdf", "passages in other languages").detail == (
        "structure languages ['en', 'fr']; needed ['en']")
    assert by_name(report, "en/handouts/police.epub", "EPUBCheck").detail == (
        "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos")
    assert by_name(report, "fr/handouts/police.pdf", "fonts embedded").ok


def test_typography_is_checked_in_the_documents_own_text(report: audit.AuditReport) -> None:
    for path in ("fr/manifesto.docx", "fr/manifesto.epub", "fr/handouts/police.docx"):
        assert by_name(report, path, "French typography in French text").detail == "as set"
    for path in ("en/manifesto.docx", "en/manifesto.epub", "en/handouts/police.docx"):
        assert by_name(report, path, "English typography in English text").detail == "as set"
    (wrong,) = audit._typography("x.epub", "Pourquoi ? Parce que « oui »", "fr")
    assert (wrong.ok, wrong.detail) == (False, "3 place(s), e.g. 'Pourquoi ? Pa': a no-break space before '?'")
    (wrong,) = audit._typography("x.epub", "Why ? Because : yes", "en")
    assert (wrong.ok, wrong.detail) == (False, "2 place(s), e.g. 'Why ? Be': no space before '?'")
    assert audit._typography("x.epub", "Waarom ? Omdat : ja", "nl") == []  # no table for Dutch


def test_untagged_passages_are_caught(mini_build, tmp_path: Path) -> None:
    config, _ = mini_build
    tampered = tmp_path / "police.docx"
    with zipfile.ZipFile(config.project.out / "fr" / "handouts" / "police.docx") as src, \
            zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb'<w:lang w:val="en" ?/>', b"", data)
            dst.writestr(info, data)
    edition = source.load(config.project.source)
    ledition = localise.localise(edition, "fr", catalog.translations("fr", config.project.translations))
    expected = audit.passages(ledition.themes[0].walk(), "fr")
    checks = {c.name: c for c in audit.check_docx(tampered, "fr", expected)}
    tagged = checks["passages in other languages tagged (document: fr)"]
    assert not tagged.ok
    assert tagged.detail == "8 untagged, e.g. [en] 'Police'"


@pytest.mark.slow
def test_the_real_manifesto_builds_and_passes_the_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
    shutil.copytree(ROOT / "source", tmp_path / "source", ignore=shutil.ignore_patterns("import"))
    config = BuildConfig(Project(tmp_path / "source", ROOT / "translations", tmp_path / "output"))
    result = build(config)
    assert len(result.built) == 6 * 19 * 3  # en, fr, de, es, it, pt
    report = audit.audit(config.project)
    assert report.failures() == ()
    assert len({c.path for c in report.checks}) == 342


def test_audit_reports_the_debris_of_a_killed_build(mini_build, tmp_path: Path) -> None:
    config, _ = mini_build
    out = tmp_path / "output"
    shutil.copytree(config.project.out, out)
    debris = out / "fr" / f".manifesto.pdf.{dead_pid()}-k9.tmp.pdf"
    debris.write_bytes(b"")
    report = audit.audit(replace(config.project, out=out), epubcheck=False)
    (failure,) = report.failures()
    assert (failure.path, failure.name) == (str(debris), "no temporary file left by a killed build")


def test_audit_without_poppler_is_one_clear_error(mini_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import ToolError

    config, _ = mini_build
    bin_ = tmp_path / "bin"  # a PATH with GNU gettext and git, and no poppler
    bin_.mkdir()
    for tool in ("msgfmt", "msgcat", "msginit", "git"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bin_))
    with pytest.raises(ToolError) as caught:
        audit.audit(config.project, epubcheck=False)
    assert str(caught.value) == ("pdfinfo failed (exit 127): not found (hint: install poppler-utils (Debian), or run "
                                 "`make test`, which installs it)")


def tampered(source: Path, dest: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of the package `source` with `old` replaced by `new` in `part`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            dst.writestr(info, data)
    return dest


LINKS = "links only to http(s), mailto or within the document"


def test_links_in_every_output_are_checked(report: audit.AuditReport) -> None:
    assert by_name(report, "en/handouts/nightlife.docx", LINKS).detail == "2 link(s)"  # document and footnote parts
    assert by_name(report, "en/handouts/nightlife.pdf", LINKS).ok
    assert by_name(report, "fr/manifesto.epub", LINKS).ok


def test_a_javascript_link_in_a_built_docx_or_epub_is_flagged(mini_build, tmp_path: Path) -> None:
    config, _ = mini_build
    built = config.project.out / "en" / "handouts" / "nightlife"
    docx_file = tampered(built.with_suffix(".docx"), tmp_path / "n.docx", "word/_rels/document.xml.rels",
                         b'Target="https://safe.brussels/fr/violences-lgbtqiaphobes"',
                         b'Target="JaVaScRiPt:alert(1)"')
    (check,) = [c for c in audit.check_docx(docx_file, "en", []) if c.name == LINKS]
    assert (check.ok, check.detail) == (False, "1 not allowed, e.g. 'JaVaScRiPt:alert(1)': its scheme is 'javascript'")
    with zipfile.ZipFile(built.with_suffix(".epub")) as package:
        page = next(n for n in package.namelist() if b"safe.brussels" in package.read(n))
    epub_file = tampered(built.with_suffix(".epub"), tmp_path / "n.epub", page,
                         b'href="https://safe.brussels/fr/violences-lgbtqiaphobes"', b'href="data:text/html,x"')
    (check,) = [c for c in audit.check_epub(epub_file, "en", []) if c.name == LINKS]
    assert (check.ok, check.detail) == (False, "1 not allowed, e.g. 'data:text/html,x': its scheme is 'data'")


def test_a_javascript_link_in_a_pdf_is_flagged(tmp_path: Path) -> None:
    from pipeline.tools import typst_pdf

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(typst_pdf.pdf('#set document(title: "T")\n#set text(lang: "en")\n'
                                  '#link("javascript:alert(1)")[x] #link("https://efus.eu")[y] #link(<t>)[z] <t>', 0))
    assert audit.pdf_links(pdf) == ["javascript:alert(1)", "https://efus.eu"]
    (check,) = [c for c in audit.check_pdf(pdf, "en", []) if c.name == LINKS]
    assert (check.ok, check.detail) == (False, "1 not allowed, e.g. 'javascript:alert(1)': its scheme is 'javascript'")


def test_a_font_that_is_not_embedded_fails(mini_build, tmp_path: Path) -> None:
    """A copy of a built PDF with one font's glyphs taken out: pypdf's reading and poppler's pdffonts agree."""
    import subprocess

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    config, _ = mini_build
    writer = PdfWriter(clone_from=PdfReader(config.project.out / "fr" / "handouts" / "police.pdf"))
    fonts = [f for page in writer.pages for f in page["/Resources"]["/Font"].values()]
    descendant = fonts[0].get_object()["/DescendantFonts"][0].get_object()
    del descendant["/FontDescriptor"].get_object()[NameObject("/FontFile2")]
    pdf = tmp_path / "police.pdf"
    with pdf.open("wb") as out:
        writer.write(out)
    checks = {c.name: c for c in audit.check_pdf(pdf, "fr", [])}
    base = str(descendant["/BaseFont"])
    assert (checks["fonts embedded"].ok, checks["fonts embedded"].detail) == (
        False, f"{len(set(fonts))} font(s); {base} not embedded")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert [line.split()[-5] for line in listing.splitlines()[2:]].count("no") == 1
    assert checks["title and language in metadata, tagged"].ok


def test_a_page_in_another_language_fails(mini_build, tmp_path: Path) -> None:
    config, _ = mini_build
    epub = tampered(config.project.out / "fr" / "handouts" / "police.epub", tmp_path / "police.epub",
                    "EPUB/text/ch001.xhtml",  # a handout is one chapter
                    b'lang="fr" xml:lang="fr"', b'lang="en" xml:lang="en"')
    checks = {c.name: c for c in audit.check_epub(epub, "fr", [])}
    page = checks["package and every page in the document language"]
    assert (page.ok, page.detail) == (False, "dc:language 'fr', pages [('en', 'en'), ('fr', 'fr')]")


def test_a_heading_level_skipped_fails(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Police", level=1)
    document.add_heading("Recommendations", level=3)
    document.add_paragraph("Train police officers.")
    document.save(str(tmp_path / "jump.docx"))
    checks = {c.name: c for c in audit.check_docx(tmp_path / "jump.docx", "en", [])}
    headings = checks["headings use heading styles in order"]
    assert (headings.ok, headings.detail) == (False, "2 headings, jumps [(1, 3)]")


def test_french_typography_with_no_space_at_all_fails() -> None:
    (wrong,) = audit._typography("x.docx", "Pourquoi? Parce que «oui» et non!", "fr")
    assert (wrong.ok, wrong.detail) == (False, "4 place(s), e.g. 'Pourquoi? Pa': a no-break space before '?'")


@pytest.mark.parametrize(("part", "old", "new", "bad"), [
    # the SVG cover's picture, by XLink (a reading system would fetch it)
    ("EPUB/text/cover.xhtml", b'xlink:href="../media/file0.png"', b'xlink:href="file:///etc/passwd"', "file:///etc/passwd"),
    # a stylesheet of the navigation document, by `href` in the head
    ("EPUB/nav.xhtml", b'href="styles/stylesheet1.css"', b'href="//evil.example/x.css"', "//evil.example/x.css"),
    # a relative path out of the package
    ("EPUB/text/cover.xhtml", b'xlink:href="../media/file0.png"', b'xlink:href="../../../outside.png"',
     "../../../outside.png"),
])
def test_a_link_out_of_an_epub_is_found_wherever_it_sits(mini_build, tmp_path: Path, part: str, old: bytes, new: bytes,
                                                          bad: str) -> None:
    config, _ = mini_build
    built = config.project.out / "en" / "manifesto.epub"
    assert not [t for t in audit.epub_links(built) if safety.target_problem(t)]  # the untampered file passes
    epub = tampered(built, tmp_path / "x.epub", part, old, new)
    assert bad in audit.epub_links(epub)
    (check,) = [c for c in audit.check_epub(epub, "en-GB", []) if c.name == LINKS]
    assert check.ok is False and repr(bad) in check.detail


@pytest.mark.parametrize(("part", "old", "new"), [
    ("word/_rels/footnotes.xml.rels", None, None),  # a relationship of the footnotes part
    ("word/document.xml", b"<w:body>", b'<w:body><w:p><w:r><w:instrText> HYPERLINK "vbscript:x" </w:instrText>'
                                      b"</w:r></w:p>"),  # a field, which no relationship lists
])
def test_a_bad_link_in_any_part_of_a_docx_is_found(mini_build, tmp_path: Path, part: str, old: bytes | None,
                                                   new: bytes | None) -> None:
    config, _ = mini_build
    built = config.project.out / "en" / "manifesto.docx"
    if old is None:  # add a hyperlink relationship to the part's relationships
        with zipfile.ZipFile(built) as package:
            rels = package.read(part)
        old = b"</Relationships>"
        new = (b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               b'hyperlink" Target="vbscript:x" TargetMode="External"/></Relationships>')
        assert old in rels
    docx_file = tampered(built, tmp_path / "x.docx", part, old, new)
    assert "vbscript:x" in audit.docx_links(docx_file)
    (check,) = [c for c in audit.check_docx(docx_file, "en-GB", []) if c.name == LINKS]
    assert check.ok is False and "'vbscript:x'" in check.detail
