"""German, Spanish, Italian and Portuguese editions: what each language's typography must get right, planted in a
small source and read back from the built DOCX, EPUB and PDF (a German date at a line's start, a Spanish question,
an Italian elision, a Portuguese quotation, a German compound on the cover), and the audit clean on all of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import polib
import pytest

from pipeline import audit
from pipeline.build import BuildConfig, build
from pipeline.catalog import extract
from pipeline.project import Project
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

NBSP = "\u00a0"
#: Per language, what its translators typed (straight quotes and apostrophes, spaces before marks) for a few units.
TYPED = {
    "de": {"edition.title": "Kriminalpräventionsempfehlungen der Kommunalverwaltungen",
           "police.intro.good-relations": 'Gute Beziehungen sind "entscheidend" : rund 90% der Bürgerinnen und '
                                          "Bürger sagen es.",
           "police.rec.train-officers": "Polizeikräfte (2021-2025) in Zuhören - und Mediation - schulen."},
    "es": {"police.intro.good-relations": "¿Por qué importan las buenas relaciones ? Porque el 90% lo dice.",
           "police.rec.train-officers": "¡Formar a los agentes de policía en la escucha y la mediación !"},
    "it": {"police.intro.good-relations": "L'autorità dell'Unione e un'azione comune contano per il 90 % "
                                          "della cittadinanza.",
           "police.rec.train-officers": "Formare gli agenti all'ascolto e alla mediazione."},
    "pt": {"police.intro.good-relations": 'As boas relações são "decisivas" para 90% dos cidadãos.',
           "police.rec.train-officers": "Formar os agentes da polícia na escuta e na mediação."},
}
#: What every format must then show, in text a reader (and a screen reader) gets.
SHOWN = {
    "de": ["„entscheidend“:", f"90{NBSP}% der", "7. Dezember 2026", "(2021–2025) in Zuhören – und Mediation – schulen"],
    "es": ["¿Por qué importan las buenas relaciones? Porque", f"90{NBSP}% lo dice", "¡Formar", "mediación!"],
    "it": ["L’autorità dell’Unione e un’azione", "90% della", "all’ascolto"],
    "pt": ["«decisivas»", f"90{NBSP}% dos"],
}
EPOCH = 1796601600  # 7 December 2026: a German date "7. Dezember" starts the colophon's date line


@pytest.fixture(scope="module")
def languages_build(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("languages")
    shutil.copytree(FIXTURES / "mini", root / "source")
    shutil.copytree(FIXTURES / "render" / "translations", root / "translations")
    for lang, typed in TYPED.items():
        result = extract.add_language(root / "source", lang, root / "translations")
        catalogue = polib.pofile(str(result.path))
        for entry in catalogue:
            if entry.msgctxt in typed:
                entry.msgstr = typed[entry.msgctxt]
        catalogue.save()
    edition = root / "source" / "edition.yaml"
    edition.write_text(edition.read_text() + "locales: {pt: pt-PT}\n", "utf-8")
    project = Project(source=root / "source", out=root / "output", translations=root / "translations")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        build(BuildConfig(project, jobs=2))
    return project


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        pages = [package.read(n).decode() for n in sorted(package.namelist()) if n.endswith(".xhtml")]
    return re.sub(r"<[^>]+>", "", "".join(pages))


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("lang", sorted(TYPED))
@pytest.mark.parametrize("fmt", ["pdf", "epub", "docx"])
def test_each_language_is_set_by_its_own_rules_in_every_format(languages_build: Project, lang: str,
                                                               fmt: str) -> None:
    path = languages_build.out / lang / f"manifesto.{fmt}"
    text = {"pdf": _pdf_text, "epub": _epub_text, "docx": _docx_text}[fmt](path)
    # pdftotext writes a no-break space as a space, and a line's end as a newline
    text = text.replace("\u2060", "")  # the word joiner that keeps a range on one line
    flat = re.sub(r"\s+", " ", text).replace(NBSP, " ") if fmt == "pdf" else text
    for shown in (s.replace(NBSP, " ") if fmt == "pdf" else s for s in SHOWN[lang]):
        if shown == "7. Dezember 2026" and fmt == "docx":
            continue  # the DOCX's date sits in its colophon table, read below
        assert shown in flat, f"{shown!r} not in the {lang} {fmt}"
    assert "\\" not in flat  # no escape shows


def test_a_german_date_at_a_line_start_is_text_not_a_list(languages_build: Project) -> None:
    folder = languages_build.out / "de"
    with zipfile.ZipFile(folder / "manifesto.epub") as package:
        pages = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xhtml")
                        and not n.endswith("nav.xhtml"))
    assert "<ol" not in pages and "7. Dezember 2026" in pages
    assert "(2021–\u20602025)" in pages  # a range's dash joined to what follows: no line breaks after it
    document = docx.Document(str(folder / "manifesto.docx"))
    dated = [p for p in document.paragraphs if "Dezember 2026" in p.text]
    assert dated and all(p._p.pPr is None or p._p.pPr.numPr is None for p in dated)
    assert dated[0].text.startswith("7. Dezember 2026")


def test_the_german_compound_fits_the_cover_and_the_audit_passes_every_language(languages_build: Project) -> None:
    tagged = subprocess.run(["pdfinfo", "-struct-text", str(languages_build.out / "de" / "manifesto.pdf")],
                            capture_output=True, text=True).stdout
    # Hyphenated where the line ends ("Kriminalpräventions-" / "empfehlungen"), not cut off at the page's edge
    assert re.search(r'"Kriminalpr\S+"\s+(""\s+)?"\S*empfehlungen', tagged), tagged[:300]
    report = audit.audit(languages_build, epubcheck=True)
    failed = [c for c in report.checks if not c.ok]
    assert not failed, failed[:3]
    assert {path.split("/output/")[1].split("/")[0] for path in {c.path for c in report.checks}} >= set(TYPED)


def test_the_locale_reaches_every_format(languages_build: Project) -> None:
    folder = languages_build.out / "pt"
    with zipfile.ZipFile(folder / "manifesto.epub") as package:
        assert "<dc:language>pt-PT</dc:language>" in package.read("EPUB/content.opf").decode()
    with zipfile.ZipFile(folder / "manifesto.docx") as package:
        assert b'w:val="pt-PT"' in package.read("word/styles.xml")
    info = subprocess.run(["pdfinfo", "-struct-text", str(folder / "manifesto.pdf")], capture_output=True, text=True)
    assert info.returncode == 0
    from pipeline.audit.pdf import pdf_langs

    assert pdf_langs(folder / "manifesto.pdf")[0] == "pt-PT"
