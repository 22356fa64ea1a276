"""Files for outside translators' tools: the TMX of each catalogue, the glossary as TBX and CSV."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline import catalog, cli
from pipeline.catalog import Change, extract
from pipeline.errors import Origin
from pipeline.qa.glossary import Forbidden, Glossary, Term
from pipeline.review import exchange

from .conftest import FIXTURES

XML_LANG = exchange.XML_LANG
FR = "« Il faut très bien définir les domaines dans lesquels le secteur privé peut coopérer. »"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """The mini source with a German catalogue holding an entry in each status."""
    src, tdir = tmp_path / "source", tmp_path / "translations"
    shutil.copytree(FIXTURES / "mini", src)
    extract.add_language(src, "de", tdir)
    catalog.apply("de", tdir, [
        Change("police.title", msgstr="Polizei"),  # translated
        Change("police.rec.train-officers", msgstr="Polizeikräfte [schulen]{.name} & <b>", reviewed=True,
               notes=("note: a reviewer's remark",)),
        Change("police.rec.private-sector-quote", msgstr="„Die Bereiche müssen genau festgelegt werden.“"),
        Change("nightlife.title", msgstr="Nachtleben (Maschine)", machine="libre"),  # a machine draft: not shared
    ])
    return src, tdir


def test_the_tmx_holds_the_translated_and_reviewed_entries_each_in_its_languages(project: tuple[Path, Path]) -> None:
    _, tdir = project
    root = ElementTree.fromstring(exchange.tmx(catalog.load("de", tdir), "en").encode())
    assert (root.tag, root.get("version"), root.find("header").get("srclang")) == ("tmx", "1.4", "en")
    units = {tu.get("tuid"): tu for tu in root.iter("tu")}
    assert set(units) == {"police.title", "police.rec.train-officers", "police.rec.private-sector-quote"}
    quote = units["police.rec.private-sector-quote"]
    assert [(v.get(XML_LANG), v.findtext("seg")) for v in quote.iter("tuv")] == [
        ("fr", FR), ("de", "„Die Bereiche müssen genau festgelegt werden.“")]  # the source in its own language
    reviewed = units["police.rec.train-officers"]
    assert reviewed.findtext("prop[@type='x-status']") == "reviewed"
    assert [n.text for n in reviewed.iter("note")] == ["note: a reviewer's remark"]
    assert reviewed.findall("tuv")[1].findtext("seg") == "Polizeikräfte [schulen]{.name} & <b>"  # markup as text
    assert units["police.title"].findtext("prop[@type='x-status']") == "translated"


GLOSSARY = Glossary(
    (Term({"en": (("local authorities", "local authority"),), "de": (("Kommunen", "Kommune"), ("Gemeinden",))},
          Origin("g.yaml", 3)),),
    (Forbidden("de", "Rehabilitation", ("Resozialisierung",), "a false friend", Origin("g.yaml", 9),
               ("rehabilitation",)),))


def test_the_tbx_prefers_the_first_rendering_and_deprecates_forbidden_terms() -> None:
    root = ElementTree.fromstring(exchange.tbx(GLOSSARY, "en").encode())
    entries = root.findall("text/body/termEntry")
    term, forbidden = entries
    german = next(s for s in term.iter("langSet") if s.get(XML_LANG) == "de")
    assert [(t.findtext("term"), t.findtext("termNote")) for t in german.iter("tig")] == [
        ("Kommunen", exchange.PREFERRED), ("Kommune", exchange.ADMITTED), ("Gemeinden", exchange.ADMITTED)]
    assert forbidden.findtext("descrip") == "a false friend"
    assert [(t.findtext("term"), t.findtext("termNote")) for t in forbidden.iter("tig")] == [
        ("Rehabilitation", exchange.DEPRECATED), ("Resozialisierung", exchange.PREFERRED)]


def test_the_csv_lists_one_language_s_renderings_then_what_not_to_write() -> None:
    rows = list(csv.reader(io.StringIO(exchange.glossary_csv(GLOSSARY, "en", "de"))))
    assert rows == [list(exchange.CSV_COLUMNS),
                    ["local authorities; local authority", "Kommunen", "preferred", ""],
                    ["local authorities; local authority", "Kommune", "admitted", ""],
                    ["local authorities; local authority", "Gemeinden", "admitted", ""],
                    ["rehabilitation", "Rehabilitation", "forbidden", "use Resozialisierung: a false friend"]]
    assert list(csv.reader(io.StringIO(exchange.glossary_csv(GLOSSARY, "en", "fr")))) == [
        list(exchange.CSV_COLUMNS)]  # a language the glossary does not cover: the header only


def test_the_project_s_glossary_and_catalogues_export(tmp_path: Path) -> None:
    root = FIXTURES.parent.parent
    from pipeline.qa import glossary

    results = exchange.write([catalog.load("it", root / "translations")], glossary.load(root / "translations"), "en",
                             tmp_path)
    assert [sorted(p.name for p in r.written) for r in results] == [["glossary-it.csv", "it.tmx"], ["glossary.tbx"]]
    assert results[0].units == len(catalog.load("it", root / "translations").entries)  # every entry translated
    ElementTree.parse(tmp_path / "glossary.tbx")  # well-formed
    assert exchange.write([catalog.load("it", root / "translations")], glossary.load(root / "translations"), "en",
                          tmp_path)[0].written == ()  # unchanged: not rewritten


def test_cli_exchange(project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, tdir = project
    out = tmp_path / "x"
    assert cli.main(["--source", str(src), "exchange", "de", "--translations", str(tdir), "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"{out}/de.tmx, {out}/glossary-de.csv: 3 translation units\n"
                                       f"{out}/glossary.tbx\n")
