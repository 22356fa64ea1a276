"""One corpus per language (tests/fixtures/typography/corpus.yaml): assemble, check, qa and audit agree on it.

Assemble's output of every sample keeps the language's typography; the content check (T502), the translation
check (Q501) and the audit of a built EPUB each call exactly the samples the corpus marks `bad` bad.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from pipeline import assemble, audit, check, qa, source
from pipeline.catalog import Catalogue, Entry
from pipeline.errors import Origin
from pipeline.model import Section, Theme, Unit
from pipeline.tools import pandoc
from pipeline.typography import apply, violations
from tests.conftest import FIXTURES, TEST_EPOCH

CORPUS_FILE = FIXTURES / "typography" / "corpus.yaml"
CORPUS: dict[str, dict[str, list[str]]] = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
LANGS = ["en-GB", "fr", "de", "es", "it"]
XHTML = "{http://www.w3.org/1999/xhtml}"


def samples(lang: str) -> list[str]:
    return CORPUS[lang]["good"] + CORPUS[lang]["bad"]


def bad(lang: str) -> set[int]:
    """The indexes in `samples(lang)` of the samples the corpus calls bad."""
    return set(range(len(CORPUS[lang]["good"]), len(samples(lang))))


def test_the_corpus_has_good_and_bad_samples_in_each_language() -> None:
    assert list(CORPUS) == LANGS
    assert all(CORPUS[lang]["good"] and CORPUS[lang]["bad"] for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_violations_find_exactly_the_bad_samples(lang: str) -> None:
    assert {i for i, text in enumerate(samples(lang)) if violations(text, lang)} == bad(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_what_assemble_writes_keeps_the_typography(lang: str) -> None:
    for text in samples(lang):
        written = assemble.inline(text, lang, lang)
        assert violations(written, lang) == [], text
        assert apply(written, lang) == written, text


@pytest.mark.parametrize("lang", LANGS)
def test_the_content_check_finds_the_bad_samples(lang: str) -> None:
    edition = source.load(FIXTURES / "mini")
    units = tuple(Unit(f"corpus.{i}", text, lang, Origin(str(CORPUS_FILE), i)) for i, text in enumerate(samples(lang)))
    theme = Theme("corpus", edition.themes[0].title, (Section("recommendations", "list", units, Origin("x", 1)),),
                  Origin("x", 1))
    report = check.check(replace(edition, themes=(theme,)), check.Config(select=("T502",)))
    assert {int(f.subject.split(".")[1]) for f in report.findings if f.subject.startswith("corpus.")} == bad(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_translation_check_finds_the_bad_samples(lang: str) -> None:
    entries = tuple(Entry(f"corpus.{i}", "Source text.", text, "translated", Origin("corpus.po", i))
                    for i, text in enumerate(samples(lang)))
    found = qa.run(Catalogue(lang, Path("corpus.po"), entries))
    assert {int(f.subject.split(".")[1]) for f in found if f.code == "Q501"} == bad(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_audit_of_a_built_epub_finds_the_bad_samples_and_passes_what_assemble_wrote(
        lang: str, tmp_path: Path) -> None:
    texts = samples(lang)
    verdicts = _audited(lang, [*texts, *(assemble.inline(text, lang, lang) for text in texts)], tmp_path)
    assert {i for i, ok in enumerate(verdicts[:len(texts)]) if not ok} == bad(lang)
    assert all(verdicts[len(texts):])


def _audited(lang: str, texts: list[str], tmp: Path) -> list[bool]:
    """The audit's typography verdict on each text, read back as its own paragraph of an EPUB pandoc built."""
    body = "\n\n".join(f"::: {{#s{i}}}\n{text}\n:::" for i, text in enumerate(texts))
    (tmp / "style.css").write_text("")
    pandoc.to_epub(pandoc.read(f"---\nlang: {lang}\ntitle: Corpus\n---\n\n{body}\n"), tmp / "corpus.epub",
                   tmp / "style.css", TEST_EPOCH, None, 1)
    with zipfile.ZipFile(tmp / "corpus.epub") as package:
        pages = [ElementTree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xhtml")]
    divs = {div.get("id"): div for page in pages for div in page.iter(f"{XHTML}div")}
    verdicts = []
    for i in range(len(texts)):
        (verdict,) = audit._typography("corpus.epub", audit._own_text(divs[f"s{i}"], lang), lang)
        verdicts.append(verdict.ok)
    return verdicts
