"""Translation progress per language x theme x section: counts, reviewed share, table and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import catalog, cli, source
from pipeline.catalog import extract, stats
from tests.conftest import FIXTURES


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    edition = source.load(tmp_path / "source")
    for lang in edition.languages:
        extract.update(edition, lang, tmp_path / "translations")
    return tmp_path


def test_stats_per_language_theme_and_section(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tdir = project / "translations"
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="Former les policiers.",
                                              reviewed=True),
                               catalog.Change("police.rec.coordination", msgstr="Améliorer :", machine="libre"),
                               catalog.Change("police.rec.coordination.cooperation",
                                              notes=("query: 'municipal' or 'local' authorities?", "query: x",
                                                     "not a query"))])
    tallies = {(t.lang, t.theme, t.section): t for t in stats.tally(["en", "fr"], tdir)}
    rec = tallies[("fr", "police", "recommendations")]
    assert rec.units == {"untranslated": 1, "fuzzy": 0, "machine": 1, "translated": 0, "reviewed": 1}
    assert rec.words == {"untranslated": 9, "fuzzy": 0, "machine": 4, "translated": 0, "reviewed": 10}
    assert rec.reviewed_share == pytest.approx(10 / 23)
    assert rec.queries == 2 and tallies[("fr", "police", "introduction")].queries == 0
    assert tallies[("en", "police", "recommendations")].units["untranslated"] == 1
    table = stats.table(list(tallies.values())).splitlines()
    assert table[0].split() == ["lang", "theme", "/", "section", "units", "words", *catalog.STATUSES, "reviewed", "%",
                                "queries"]
    assert "fr   police / recommendations" in "\n".join(table) and table[-1].startswith("fr   total")
    assert {row.split()[3]: row.split()[-1] for row in table if row.startswith("fr   police")} == {
        "title": "0", "introduction": "0", "recommendations": "2", "practices": "0", "references": "0"}
    assert table[-1].split()[-1] == "2"
    args = ["--source", str(project / "source"), "stats", "--format", "json", "--translations", str(tdir)]
    assert cli.main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"lang": "en", "theme": "police", "section": "recommendations", "reviewed_share": 0.0,
            "units": dict.fromkeys(catalog.STATUSES, 0) | {"untranslated": 1},
            "words": dict.fromkeys(catalog.STATUSES, 0) | {"untranslated": 16}, "queries": 0} in rows


def test_columns_stay_apart_with_long_language_tags(project: Path) -> None:
    tdir = project / "translations"
    for lang in ("pt-BR", "sr-Latn-RS"):
        extract.add_language(project / "source", lang, tdir)
    table = stats.table(stats.tally(["fr", "pt-BR", "sr-Latn-RS"], tdir)).splitlines()
    assert table[0].startswith("lang       theme / section")
    totals = [row.split()[:2] for row in table if " total " in row]
    assert totals == [["fr", "total"], ["pt-BR", "total"], ["sr-Latn-RS", "total"]]
    assert {len(row) for row in table} == {len(table[0])}


def test_words_are_counted_in_the_text_a_reader_sees(project: Path) -> None:
    tallies = {(t.theme, t.section): t for t in stats.tally(["fr"], project / "translations")}
    # 8 (the title) + 20 (span attributes `{lang=fr .name .link-unknown}` are not words) + 10 (Ask for Angela)
    assert tallies[("police", "practices")].words["untranslated"] == 38
    assert tallies[("police", "practices")].units["untranslated"] == 3
