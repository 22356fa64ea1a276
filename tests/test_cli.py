"""The `manifesto` command: help everywhere, one clear line per error, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli

from .conftest import ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


def subcommands() -> list[str]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_every_subcommand_has_help() -> None:
    names = subcommands()
    assert {"import", "validate"} <= set(names)
    for name in names:
        with pytest.raises(SystemExit) as done:
            cli.build_parser().parse_args([name, "--help"])
        assert done.value.code == 0


def test_validate_clean_source_exits_0() -> None:
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout.startswith("source: valid — 18 themes")


def test_validate_reports_every_problem_and_exits_1(mini_source: Path) -> None:
    police = mini_source / "themes" / "police.yaml"
    police.write_text(police.read_text().replace("lang: fr", "lang: qq").replace("id: police.rec.train-officers",
                                                                                 "id: police.intro.good-relations"))
    result = run("validate", "--source", str(mini_source))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == f"2 problem(s) in {mini_source}"
    assert all(line.startswith(f"{police}:") for line in lines[:-1])


def test_a_pipeline_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    expected = f"source: {tmp_path / 'missing.txt'}: export file not found (hint: give the path of the .txt export)"
    assert result.stderr == expected + "\n"


def test_import_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "src"
    result = run("import", "source/import/efus-manifesto-2025-export.txt", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "imported 18 themes" in result.stdout
    assert run("validate", "--source", str(out)).returncode == 0


def test_a_bug_is_one_line_and_a_saved_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)

    def bug(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("pipeline.catalog.stats.tally", bug)  # a bug inside a stage, as the command runs it
    assert cli.main(["stats"]) == 70
    err = capsys.readouterr().err
    (saved,) = tmp_path.glob("manifesto-crash-*.txt")
    assert err == f"internal error, please report it with the file {saved}\n"
    assert "ZeroDivisionError: a bug" in saved.read_text() and "Traceback" not in err


def test_an_os_error_anywhere_is_one_line(tmp_path: Path) -> None:
    result = run("review", "fr", "--out", "/sys/kernel/review")
    assert result.returncode == 1
    assert result.stderr.startswith("file: /sys/kernel/review: ") and result.stderr.count("\n") == 1


def test_translate_help_names_every_engine(capsys) -> None:
    from pipeline.catalog import engines

    with pytest.raises(SystemExit):
        cli.main(["translate", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(name in help_text for name in engines.ENGINES)


def test_an_unknown_engine_is_one_line(capsys) -> None:
    assert cli.main(["translate", "fr", "--engine", "deepl"]) == 1
    assert capsys.readouterr().err == (
        "translate: unknown engine 'deepl' (hint: choose one of libre, google, mymemory)\n")
