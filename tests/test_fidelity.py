"""Fidelity: every sentence of the export is in source/, except those the errata log names, and vice versa."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import fidelity, source

from .conftest import EXPORT, ROOT


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    dest = tmp_path / "source"
    shutil.copytree(ROOT / "source", dest)
    return dest


def gaps(root: Path) -> list[str]:
    return [f"{g.origin}: {g.message}" for g in fidelity.check(source.load(root), EXPORT)]


def test_the_canonical_source_is_faithful_to_the_export() -> None:
    assert gaps(ROOT / "source") == []


def test_every_erratum_kind_is_used_with_a_reason() -> None:
    edition = source.load(ROOT / "source")
    kinds = {e.kind for e in edition.errata}
    assert {"dropped-toc", "dropped-page-number", "joined-lines", "removed-duplicate", "fixed-bracket",
            "completed-truncation", "split-item", "normalised-heading"} <= kinds
    assert all(len(e.reason) > 20 for e in edition.errata)


def test_a_deleted_sentence_is_found(curated: Path) -> None:
    police = curated / "themes" / "police.yaml"
    police.write_text(police.read_text().replace(
        " On the other hand, good police-population relations are key in enabling the latter to work calmly and "
        "efficiently.", ""), "utf-8")
    (gap,) = gaps(curated)
    assert gap.startswith(f"{EXPORT}:46: not in the canonical source and not in the errata log: 'On the other hand")


def test_an_unlogged_edit_is_found_both_ways(curated: Path) -> None:
    justice = curated / "themes" / "justice.yaml"
    justice.write_text(justice.read_text().replace("Strengthen victims' access to law and assistance.",
                                                   "Strengthen victims' access to justice and assistance."), "utf-8")
    found = gaps(curated)
    assert len(found) == 2
    assert "Strengthen victims' access to law and assistance." in found[0]
    assert "unit justice.rec.strengthen-victims-access-law: not in the export and not in the errata log" in found[1]


def test_a_stale_erratum_is_reported(curated: Path) -> None:
    errata = curated / "errata.yaml"
    errata.write_text(errata.read_text().replace("export: (JDL]", "export: (JDL}"), "utf-8")
    found = gaps(curated)
    assert any("its export text is not on export line" in g for g in found)
