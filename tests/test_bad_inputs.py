"""The bad-input corpus (tests/fixtures/bad/cases.yaml): one line each, no edition written, no process left."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, TEST_EPOCH

BAD = FIXTURES / "bad"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
EDITIONS = {".docx", ".pdf", ".epub"}


def damage(project: Path, case: dict) -> None:
    if edit := case.get("replace"):
        path = project / edit["path"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{case['name']}: the text to replace is not in {edit['path']}"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    if edit := case.get("write"):
        text = (BAD / edit["from"]).read_text(encoding="utf-8") if "from" in edit else edit["text"]
        (project / edit["path"]).write_text(text, encoding="utf-8")
    if edit := case.get("symlink"):
        path = project / edit["path"]
        path.unlink()
        path.symlink_to(edit["to"])


def _group_ends(group: int, seconds: float = 10) -> bool:
    """True once no process of `group` is left (the render server notices its build's end within ~2 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    shutil.copytree(FIXTURES / "render" / "translations", tmp_path / "translations")
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_bad_input_is_one_line_and_nothing_else(case: dict, project: Path) -> None:
    damage(project, case)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(TEST_EPOCH), PYTHONPATH=str(ROOT))
    assert len(case["run"]) == len(case["errors"])
    for args, error in zip(case["run"], case["errors"], strict=True):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=project, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode != 0, f"{args}: exit 0\n{out}"
        expected = [error] if isinstance(error, str) else error  # validate adds its count of problems
        assert err.splitlines() == [line.replace("{project}", str(project)) for line in expected], args
        assert "Traceback" not in out + err
        assert _group_ends(proc.pid), f"{args}: a process of the command outlived it"
    written = [p for p in project.rglob("*") if p.suffix in EDITIONS or ".tmp" in p.name]
    assert not written, f"half-written or published despite the error: {written}"
