"""The error hierarchy: one line with origin and hint, intact across processes, from OS errors too."""

from __future__ import annotations

import errno
import pickle

import pytest

from pipeline.errors import (
    CatalogError,
    FileError,
    Origin,
    PipelineError,
    RenderError,
    SourceError,
    SourceErrors,
    ToolError,
)

ERRORS = [
    SourceError("bad id", Origin("source/themes/police.yaml", 12), "use lower-case words"),
    CatalogError("duplicate entry", Origin("translations/fr.po", 40), "fix it in a PO editor"),
    RenderError("no such template", Origin("templates/full.md.j2"), "restore it"),
    ToolError("typst compile (pdf)", 1, "error: boom", Origin("translations/fr.po", 7), "fix the entry"),
    FileError("permission denied", Origin("output"), "choose another --out folder"),
    SourceErrors([SourceError("a", Origin("x.yaml", 1), "h1"), SourceError("b", Origin("y.yaml", 2), "h2")]),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_an_error_crosses_a_process_boundary_whole(error: PipelineError) -> None:
    # Render workers send their errors back pickled: the CLI must still print the origin and the hint.
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.category, copy.origin, copy.hint) == (
        type(error), str(error), error.category, error.origin, error.hint)


def test_a_tool_error_keeps_its_command_and_exit_status() -> None:
    copy = pickle.loads(pickle.dumps(ERRORS[3]))
    assert (copy.cmd, copy.returncode, copy.stderr) == ("typst compile (pdf)", 1, "error: boom")


@pytest.mark.parametrize(("code", "hint"), [
    (errno.EACCES, "make it writable (or readable) for you, or choose another --out folder"),
    (errno.ELOOP, "the path is a symbolic link that points to itself (a loop): replace it with the real file"),
    (errno.ENOSPC, "the disk is full: free some space and run again (earlier files are intact)"),
])
def test_an_os_error_becomes_one_line_with_a_fitting_hint(code: int, hint: str) -> None:
    error = FileError.from_os(OSError(code, "Some Reason", "output/en/manifesto.pdf"))
    assert str(error) == f"output/en/manifesto.pdf: some reason (hint: {hint})"
    assert str(FileError.from_os(OSError(code, "Some Reason", "/tmp/x"), where="output")).startswith("output: ")


def test_an_error_names_where_what_and_the_fix() -> None:
    assert str(CatalogError("duplicate entry", Origin("fr.po", 12), "delete one")) == (
        "fr.po:12: duplicate entry (hint: delete one)")
    assert str(CatalogError("no catalogue", Origin("fr.po"))) == "fr.po: no catalogue"
    assert str(CatalogError("msgcat failed")) == "msgcat failed"
    assert CatalogError("x").category == "catalog"


def test_a_tool_error_keeps_the_last_five_lines_of_its_output() -> None:
    error = ToolError("typst compile (pdf)", 2, "\n".join(f"line {n}" for n in range(1, 8)) + "\n")
    assert str(error) == "typst compile (pdf) failed (exit 2): line 3 | line 4 | line 5 | line 6 | line 7"
    assert (error.category, error.returncode, error.cmd) == ("tool", 2, "typst compile (pdf)")


def test_several_source_errors_print_one_per_line() -> None:
    errors = SourceErrors([SourceError("a", Origin("x.yaml", 1)), SourceError("b", Origin("y.yaml", 2), "fix")])
    assert str(errors) == "x.yaml:1: a\ny.yaml:2: b (hint: fix)"
    assert (errors.message, errors.origin) == ("a", Origin("x.yaml", 1))
