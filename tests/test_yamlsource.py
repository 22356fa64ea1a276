"""The YAML reader: hostile or malformed files are refused before anything is built, with one line each.

The bad inputs live in tests/fixtures/bad/yaml-*.yaml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import yamlsource
from pipeline.errors import SourceError

from .conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"
NO_ANCHORS = "(hint: write the text out in full; the source does not use YAML anchors (&) or aliases (*))"
NO_TAGS = "(hint: remove the tag; values are plain text, numbers, lists and mappings)"


def refusal(name: str) -> str:
    with pytest.raises(SourceError) as exc:
        yamlsource.read(BAD / name, label=name)
    return str(exc.value)


@pytest.mark.parametrize(("name", "message"), [
    ("yaml-alias.yaml", f"yaml-alias.yaml:7: YAML anchor '&same' is not allowed {NO_ANCHORS}"),
    ("yaml-python-tag.yaml", f"yaml-python-tag.yaml:2: YAML tag '!!python/object/apply:os.system' is not allowed "
                             f"{NO_TAGS}"),
    ("yaml-local-tag.yaml", f"yaml-local-tag.yaml:7: YAML tag '!include' is not allowed {NO_TAGS}"),
    ("yaml-deep.yaml", "yaml-deep.yaml:31: nesting deeper than 20 levels (hint: check the indentation; sub-bullets "
                       "nest a few levels at most)"),
    ("yaml-complex-key.yaml", "yaml-complex-key.yaml:2: a mapping key must be plain text, not a list or a mapping "
                              "(hint: write the key as a word, e.g. text:)"),
    ("yaml-duplicate-key.yaml", "yaml-duplicate-key.yaml:3: duplicate key 'title' (hint: a key may appear once per "
                                "mapping; merge the two entries)"),
])
def test_bad_yaml_is_refused_with_one_line(name: str, message: str) -> None:
    assert refusal(name) == message


def test_an_alias_alone_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("id: police\ntitle: Police\nsections: []\nnote: *nowhere\n", encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        yamlsource.read(path, label="alias.yaml")
    assert str(exc.value) == f"alias.yaml:4: YAML alias '*nowhere' is not allowed {NO_ANCHORS}"


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: police\ntitle: " + "x" * yamlsource.MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        yamlsource.read(path, label="huge.yaml")
    assert str(exc.value) == ("huge.yaml: file too large (1,000,019 bytes; at most 1,000,000) (hint: a source "
                              "file holds one theme; split the text or check that this is the right file)")


def test_the_canonical_source_uses_no_anchor_alias_or_tag() -> None:
    for path in sorted((ROOT / "source").rglob("*.yaml")):
        yamlsource.read(path)  # raises on any of them


def test_validate_refuses_a_yaml_bomb_in_a_theme_file(tmp_path: Path) -> None:
    """Refused at the anchor, before any expansion, by the commands `make all` runs: one line, exit 1.

    In a child process: a loader that expands the aliases would run for minutes (the timeout only stops it).
    """
    src = tmp_path / "source"
    shutil.copytree(FIXTURES / "mini", src)
    shutil.copy(BAD / "yaml-bomb.yaml", src / "themes" / "police.yaml")
    for command in ("validate", "check"):
        proc = subprocess.run([sys.executable, "-m", "pipeline", "--source", str(src), command],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert proc.returncode == 1
        assert f"{src}/themes/police.yaml:4: YAML anchor '&a' is not allowed {NO_ANCHORS}\n" in proc.stderr

