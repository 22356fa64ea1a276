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


#: The date every test build is stamped with (SOURCE_DATE_EPOCH): 25 November 2026.
TEST_EPOCH = 1795643854


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory):
    """The mini source built once per session (en, fr; every format) with the render fixture catalogues."""
    from pipeline.build import BuildConfig, build
    from pipeline.project import Project

    root = tmp_path_factory.mktemp("mini-build")
    shutil.copytree(FIXTURES / "mini", root / "source")
    config = BuildConfig(Project(source=root / "source", out=root / "output",
                                 translations=FIXTURES / "render" / "translations"), jobs=2)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
        result = build(config)
    return config, result


def dead_pid() -> int:
    """The pid of a process that has exited: the writer of a killed build's temporary files."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)
