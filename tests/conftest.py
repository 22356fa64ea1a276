"""Shared fixtures: paths of the project and of small fixture sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPORT = ROOT / "source" / "import" / "efus-manifesto-2025-export.txt"


@pytest.fixture
def mini_source(tmp_path: Path) -> Path:
    """A writable copy of the small two-theme fixture source."""
    dest = tmp_path / "source"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest
