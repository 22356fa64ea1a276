"""Fidelity: every sentence of the export is in source/, except those the errata log names, and vice versa.

The comparison is `pipeline/source/fidelity.py`; `manifesto check` reports it as rules F701-F703 (their trigger
and clean cases are in tests/fixtures/check/rules.yaml). These tests run the rules on copies of the real source.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline import check, cli, source, yamlsource
from pipeline.model import ERRATUM_EFFECTS

from .conftest import FIXTURES, ROOT

EXPORT = "import/efus-manifesto-2025-export.txt"


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    dest = tmp_path / "source"
    shutil.copytree(ROOT / "source", dest)
    return dest


def findings(root: Path) -> list[str]:
    return [str(f) for f in check.check(source.load(root), check.Config(select=("F",))).findings]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_canonical_source_is_faithful_to_the_export() -> None:
    assert findings(ROOT / "source") == []


def test_a_fresh_import_is_faithful_to_its_export(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The importer logs every change it makes (headings as printed included), so its output passes F7xx."""
    assert cli.main(["import", str(ROOT / "source" / EXPORT), "--out", str(tmp_path / "raw")]) == 0
    assert findings(tmp_path / "raw") == []


def test_every_erratum_kind_is_used_with_a_reason() -> None:
    edition = source.load(ROOT / "source")
    kinds = {e.kind for e in edition.errata}
    assert {"dropped-toc", "dropped-page-number", "joined-lines", "removed-duplicate", "fixed-bracket",
            "completed-truncation", "split-item", "normalised-heading"} <= kinds
    assert all(len(e.reason) > 20 for e in edition.errata)


def test_every_kind_of_the_schema_has_one_effect() -> None:
    kinds = yamlsource.schema("errata")["properties"]["errata"]["items"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == sorted(ERRATUM_EFFECTS)
    assert set(ERRATUM_EFFECTS.values()) == {"added", "removed", "rewritten"}


def test_a_deleted_sentence_is_found_where_it_belongs(curated: Path) -> None:
    edit(curated / "themes" / "police.yaml", " On the other hand, good police-population relations are key in "
         "enabling the latter to work calmly and efficiently.", "")
    assert findings(curated) == [
        f"{curated}/themes/police.yaml:13: F701 error export sentence missing from the source: \"On the other hand, "
        f"good police-population relations are key…\" ({EXPORT}:46); restore it here, or log it in errata.yaml "
        "(kind: removed, line: 46)"]


def test_an_unlogged_edit_is_found_both_ways(curated: Path) -> None:
    edit(curated / "themes" / "justice.yaml", "Strengthen victims' access to law and assistance.",
         "Strengthen victims' access to justice and assistance.")
    found = findings(curated)
    assert len(found) == 2
    assert found[0].endswith(f"F701 error export sentence missing from the source: \"Strengthen victims' access to "
                             f"law and assistance.\" ({EXPORT}:109); restore it here, or log it in errata.yaml "
                             "(kind: removed, line: 109)")
    assert found[1].endswith("F702 error source sentence not in the export: \"Strengthen victims' access to justice "
                             "and assistance.\"; make it match the export, or log it in errata.yaml (kind: added, "
                             "unit: justice.rec.strengthen-victims-access-law)")


def test_a_stale_erratum_is_reported(curated: Path) -> None:
    edit(curated / "errata.yaml", "export: (JDL]", "export: (JDL}")
    found = findings(curated)  # and the unchanged export text is missing from the source, the source's not in it
    assert [line.split(" error ")[0][-4:] for line in found] == ["F703", "F701", "F702"]
    assert found[0] == (f"{curated}/errata.yaml:270: F703 error erratum E051: its export text '(JDL}}' is not on "
                        "export line 863; correct it or remove it")


def test_a_theme_file_cut_off_inside_a_plain_value_fails_check(curated: Path, capsys: pytest.CaptureFixture) -> None:
    police = curated / "themes" / "police.yaml"
    text = police.read_text(encoding="utf-8")
    police.write_text(text[: text.index("A Local Crime Prevention Partnership") + 30], encoding="utf-8")
    assert source.validate(curated) == []  # still valid YAML and a valid theme: only fidelity notices
    assert cli.main(["--source", str(curated), "check", "--select", "F"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{police}:42: F701 error export sentence missing from the source: \"A Local Crime Prevention "
                      f"Partnership (Partenariat Local de …\" ({EXPORT}:69); restore it here, or log it in "
                      "errata.yaml (kind: removed, line: 69)")
    assert len(out) == 7 and all(f"{police}:42: F701 error" in line for line in out[:6])
    assert out[-1] == "6 errors, 0 warnings, 0 infos; 0 accepted"


def test_a_truncated_theme_file_is_valid_but_fails_check(mini_source: Path, capsys: pytest.CaptureFixture) -> None:
    """The bad-input corpus's mini police theme, cut off inside a plain value, with the mini edition's export."""
    shutil.copytree(FIXTURES / "check" / "import", mini_source / "import")
    police = mini_source / "themes" / "police.yaml"
    shutil.copy(FIXTURES / "bad" / "fidelity-truncated-police.yaml", police)
    assert cli.main(["--source", str(mini_source), "validate"]) == 0
    assert cli.main(["--source", str(mini_source), "check", "--select", "F"]) == 1
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"{police}:26: F701 error export sentence missing from the source: \"{text}\" (import/mini-export.txt:{n}); "
        f"restore it here, or log it in errata.yaml (kind: removed, line: {n})" for text, n in [
            ("A Local Crime Prevention Partnership (Partenariat Local de …", 25),
            ("Ask for Angela: 90% of partner venues display the logo.", 26), ("Manifesto 2017", 30),
            ("Livre Blanc (FFSU 2023)", 31)]] + ["4 errors, 0 warnings, 0 infos; 0 accepted"]


def add_theme(root: Path) -> None:
    shutil.copy(FIXTURES / "bad" / "fidelity-new-theme.yaml", root / "themes" / "urban-heat.yaml")
    edit(root / "edition.yaml", "- public-spaces\n", "- public-spaces\n- urban-heat\n")


def test_a_new_theme_needs_an_added_erratum(curated: Path) -> None:
    add_theme(curated)
    found = findings(curated)
    theme = f"{curated}/themes/urban-heat.yaml"
    assert [line.split(": F702 error ")[0] for line in found] == [f"{theme}:4", f"{theme}:10", f"{theme}:15",
                                                                 f"{theme}:18"]
    assert found[1] == (f"{theme}:10: F702 error source sentence not in the export: \"Heatwaves strain the services "
                        "that keep a city safe at nigh…\"; make it match the export, or log it in errata.yaml (kind: "
                        "added, unit: urban-heat.intro.heatwaves-strain-cities)")


def test_a_new_theme_logged_as_added_passes(curated: Path) -> None:
    add_theme(curated)
    with (curated / "errata.yaml").open("a", encoding="utf-8") as errata:
        errata.write("- id: E900\n  kind: added\n  unit: urban-heat\n  reason: a theme written after the export\n")
    assert findings(curated) == []


def test_an_added_erratum_names_what_it_adds(curated: Path) -> None:
    end = len((curated / "errata.yaml").read_text(encoding="utf-8").splitlines())
    second = len(yaml.safe_load((curated / "errata.yaml").read_text(encoding="utf-8"))["errata"]) + 1  # E901's index
    with (curated / "errata.yaml").open("a", encoding="utf-8") as errata:
        errata.write("- id: E900\n  kind: added\n  unit: urban-heat\n  reason: a theme written after the export\n"
                     "- id: E901\n  kind: added\n  reason: no unit named\n")
    assert [str(p) for p in source.validate(curated)] == [
        f"{curated}/errata.yaml:{end + 5}: missing key at errata.{second}: 'unit' is a required property (hint: see "
        "pipeline/schema/ and the README's 'Editing the source')"]
    edit(curated / "errata.yaml", "- id: E901\n  kind: added\n  reason: no unit named\n", "")
    assert findings(curated) == [f"{curated}/errata.yaml:{end + 1}: F703 error erratum E900: no unit or theme "
                                 "'urban-heat' in the source; correct it or remove it"]


def test_the_rules_are_silent_without_an_export(mini_source: Path) -> None:
    edit(mini_source / "themes" / "police.yaml", "in listening, communicating", "in listening")
    assert not (mini_source / "import").exists()
    assert findings(mini_source) == []


def test_an_export_outside_the_source_is_refused(curated: Path, capsys: pytest.CaptureFixture) -> None:
    edit(curated / "errata.yaml", f"export: {EXPORT}", "export: ../../outside.txt")
    assert cli.main(["--source", str(curated), "check", "--select", "F"]) == 1
    assert capsys.readouterr().err == (f"source: {curated}/errata.yaml: the export '../../outside.txt' is outside the "
                                       "source folder (hint: keep the export under the source folder, e.g. import/)\n")


def test_an_erratum_past_the_export_is_stale(curated: Path) -> None:
    end = len((curated / "errata.yaml").read_text(encoding="utf-8").splitlines())
    with (curated / "errata.yaml").open("a", encoding="utf-8") as errata:
        errata.write("- id: E900\n  kind: removed\n  line: 5000-999999999\n  reason: a range past the end\n")
    lines = len((curated / EXPORT).read_text(encoding="utf-8").splitlines())
    assert findings(curated) == [f"{curated}/errata.yaml:{end + 1}: F703 error erratum E900: its line 5000 is past "
                                 f"the export's end ({lines} lines); correct it or remove it"]


def test_a_deleted_sentence_logged_as_removed_passes(curated: Path) -> None:
    sentence = (" On the other hand, good police-population relations are key in enabling the latter to work calmly "
                "and efficiently.")
    edit(curated / "themes" / "police.yaml", sentence, "")
    with (curated / "errata.yaml").open("a", encoding="utf-8") as errata:
        errata.write(f"- id: E900\n  kind: removed\n  line: 46\n  export: '{sentence}'\n  canonical: ''\n"
                     "  reason: said twice in the introduction\n")
    assert findings(curated) == []
