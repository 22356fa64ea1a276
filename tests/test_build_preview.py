"""A translation below edition.yaml's `publish_threshold` is not published by a default build; built on request it
is a preview that says so, in its own language, where a reader and a screen reader meet it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from pipeline import cli, source
from pipeline.build import BuildConfig, build
from pipeline.project import Project
from tests.conftest import FIXTURES, TEST_EPOCH

pytestmark = pytest.mark.slow

#: The fixture's French catalogue translates 5 of 41 units (with the 4 below and the 2 units in French: 26%);
#: these strings make it mark itself in French.
FRENCH = {"edition.preview": "Aperçu, traduction incomplète", "colophon.draft": "Traduction provisoire",
          "edition.preview-notice": "Ceci est un aperçu\u00a0: {percent} du texte est traduit.",
          "edition.draft-notice": "Cette traduction est une version provisoire."}


@pytest.fixture(scope="module")
def threshold_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("threshold")
    shutil.copytree(FIXTURES / "mini", root / "source")
    edition = root / "source" / "edition.yaml"
    edition.write_text(edition.read_text().replace("publish_threshold: 0", "publish_threshold: 50"), "utf-8")
    shutil.copytree(FIXTURES / "render" / "translations", root / "translations")
    catalogue = polib.pofile(str(root / "translations" / "fr.po"))
    english = {u.id: u.text for u in source.load(root / "source").strings}
    for key, text in FRENCH.items():
        entry = catalogue.find(english[key], msgctxt=key)
        if entry is None:
            catalogue.append(entry := polib.POEntry(msgctxt=key, msgid=english[key]))
        entry.msgstr = text
    catalogue.save()
    return Project(source=root / "source", out=root / "output", translations=root / "translations")


@pytest.fixture(scope="module")
def builds(threshold_project: Project):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
        default = build(BuildConfig(threshold_project, jobs=2))
        preview = build(BuildConfig(threshold_project, langs=("fr",), jobs=2))
    return default, preview


def test_a_default_build_leaves_out_a_language_below_the_threshold(threshold_project: Project, builds) -> None:
    default, _ = builds
    out = threshold_project.out
    assert default.languages == ("en",) and default.held == {"fr": 26}
    assert (out / "en" / "manifesto.pdf").exists() and not (out / "fr").exists()
    assert ("fr: not published: 26% translated, below publish_threshold (50%); `manifesto build --lang fr` builds "
            "a preview") in default.summary()


def test_asked_for_by_name_it_is_built_as_a_preview_in_its_own_folder(threshold_project: Project, builds) -> None:
    _, preview = builds
    assert preview.languages == ("fr",) and preview.previews == ("fr",)
    folder = threshold_project.out / "preview" / "fr"
    assert {p.name for p in folder.glob("manifesto.*")} == {"manifesto.docx", "manifesto.epub", "manifesto.pdf"}
    assert (folder / "handouts" / "police.pdf").exists()
    assert "fr: preview (output/preview/fr)" in preview.summary()


def structure_text(pdf: Path) -> str:
    """What a screen reader reads of a PDF: the text of its structure tree (running footers are artifacts)."""
    return subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", ["manifesto", "handouts/police"])
def test_the_preview_says_so_in_french_in_tagged_text_and_metadata(threshold_project: Project, builds,
                                                                  name: str) -> None:
    folder = threshold_project.out / "preview" / "fr"
    tagged = structure_text(folder / f"{name}.pdf")
    assert "Ceci est un aperçu" in tagged  # the notice, with the share as French writes it (CLDR: a no-break space)
    assert re.search(r"aperçu\u00a0: 26[\u00a0\u202f]% du texte", tagged)
    assert ("Aperçu, traduction incomplète" in tagged) == (name == "manifesto")  # on the cover
    info = subprocess.run(["pdfinfo", str(folder / f"{name}.pdf")], capture_output=True, text=True).stdout
    assert "Subject:         Aperçu, traduction incomplète" in info
    with zipfile.ZipFile(folder / f"{name}.epub") as package:
        pages = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xhtml"))
        opf = package.read("EPUB/content.opf").decode()
    assert 'class="edition-notice"' in pages and "Ceci est un aperçu" in pages
    assert "<dc:description>Aperçu, traduction incomplète</dc:description>" in opf
    import docx

    document = docx.Document(str(folder / f"{name}.docx"))
    assert any("Ceci est un aperçu" in p.text for p in document.paragraphs[:12])
    assert document.core_properties.comments == "Aperçu, traduction incomplète"


def test_a_published_draft_marks_itself_and_the_source_language_does_not(mini_build) -> None:
    config, _ = mini_build
    french = structure_text(config.project.out / "fr" / "handouts" / "police.pdf")
    english = structure_text(config.project.out / "en" / "handouts" / "police.pdf")
    assert "This translation is a draft" in french  # the fixture catalogue leaves the string in English
    assert "draft" not in english.lower()
    with zipfile.ZipFile(config.project.out / "en" / "handouts" / "police.epub") as package:
        assert "edition-notice" not in package.read("EPUB/text/ch001.xhtml").decode()


def test_cli_build_of_a_language_below_the_threshold_prints_where_its_preview_is(threshold_project: Project,
                                                                                 builds, capsys) -> None:
    args = ["--source", str(threshold_project.source), "build", "--lang", "fr", "--theme", "police",
            "--format", "pdf", "--out", str(threshold_project.out), "--translations",
            str(threshold_project.translations)]
    assert cli.main(args) == 0
    assert "fr: preview (output/preview/fr)" in capsys.readouterr().out


def test_the_threshold_is_inclusive_and_a_finished_or_source_edition_is_never_held(threshold_project: Project) -> None:
    from pipeline import catalog, localise
    from pipeline.build import _publishable

    edition = source.load(threshold_project.source)
    french = localise.localise(edition, "fr", catalog.translations("fr", threshold_project.translations))
    english = localise.localise(edition, "en", {})
    done = french.done
    assert 0 < done < 100
    kept, held = _publishable({"fr": french, "en": english}, done, asked=False)
    assert list(kept) == ["fr", "en"] and held == {} and not kept["fr"].preview  # exactly at the threshold
    kept, held = _publishable({"fr": french, "en": english}, done + 1, asked=False)
    assert list(kept) == ["en"] and held == {"fr": done}  # the source's edition is never held back
    assert english.done < 100  # its French quotation falls back: still the source's, so published at any threshold
    assert list(_publishable({"en": english}, 100, asked=False)[0]) == ["en"]
    kept, held = _publishable({"fr": french}, done + 1, asked=True)
    assert kept["fr"].preview and held == {}
