"""The error hierarchy: one line, `path:line: message (hint: …)`, and a tool's last lines of output."""

from __future__ import annotations

from pipeline.errors import CatalogError, Origin, SourceError, SourceErrors, ToolError


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
