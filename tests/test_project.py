"""The project's defaults live in pipeline/project.py only: the CLI and the stages take them from there."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from pipeline import build, catalog, cli, project, source

PACKAGE = Path(project.__file__).parent
FOLDERS = {"source", "translations", "output", "output/review", "output/queries", "pyproject.toml"}


def test_no_module_but_project_spells_a_default_folder() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "project.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_path = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Path" and node.args
            value = node.args[0] if is_path else node if isinstance(node, ast.arguments) else None
            literal = getattr(value, "value", None)
            if is_path and literal in FOLDERS:
                found.append(f"{path.name}:{node.lineno}: Path({literal!r})")
            if isinstance(node, ast.arguments):
                found += [f"{path.name}:{d.lineno}: default {d.value!r}" for d in node.defaults + node.kw_defaults
                          if isinstance(d, ast.Constant) and d.value in FOLDERS]
            if isinstance(node, ast.keyword) and node.arg == "default" and getattr(node.value, "value", 0) in FOLDERS:
                found.append(f"{path.name}:{node.value.lineno}: default={node.value.value!r}")
    assert found == []


def test_the_cli_and_the_stages_share_the_defaults() -> None:
    parser = cli.build_parser()
    built = parser.parse_args(["build"])
    config = build.BuildConfig()
    assert (built.source, built.out, built.translations, built.jobs) == (
        config.project.source, config.project.out, config.project.translations, config.jobs) == (
        project.SOURCE, project.OUTPUT, project.TRANSLATIONS, project.JOBS)
    assert parser.parse_args(["audit"]).translations == project.TRANSLATIONS  # audit reads the catalogues too
    assert parser.parse_args(["review"]).out == project.REVIEW == project.OUTPUT / "review"
    assert parser.parse_args(["queries"]).config == parser.parse_args(["check"]).config == project.CONFIG
    for function, name in ((source.load, "root"), (catalog.load, "translations_dir")):
        assert inspect.signature(function).parameters[name].default in (project.SOURCE, project.TRANSLATIONS)
