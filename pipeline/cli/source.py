"""The commands on the source: `import` the export, `validate` the source, `check` its content."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.command import Command, listed, output_format, strict
from pipeline.project import CONFIG, SOURCE

if TYPE_CHECKING:
    from pipeline.project import Project


def import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("export", help="the export (.txt) to import")
    p.add_argument("--out", default=SOURCE, type=Path, help=f"folder to create (default: {SOURCE})")
    p.add_argument("--force", action="store_true", help="replace a non-empty folder (its curation is lost)")


def import_(args: argparse.Namespace, project: Project) -> int:
    from pipeline.source import importer

    result = importer.run(Path(args.export), Path(args.out), force=args.force)
    print(f"imported {result.themes} themes, {result.units} units into {result.out}; "
          f"{result.errata} errata logged — now curate {result.out} and log each fix in errata.yaml")
    return 0


def validate(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source

    problems = source.validate(project.source)
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {project.source}", file=sys.stderr)
        return 1
    edition = source.load(project.source)
    units = sum(1 for _ in edition.walk())
    print(f"{project.source}: valid — {len(edition.themes)} themes, {units} units, {len(edition.errata)} errata")
    return 0


def check_options(p: argparse.ArgumentParser) -> None:
    output_format(p)
    p.add_argument("--select", action="append", default=[], metavar="CODES",
                   help="run only these rules (codes or prefixes, comma-separated: D401,T); replaces pyproject's")
    p.add_argument("--ignore", action="append", default=[], metavar="CODES",
                   help="skip these rules (codes or prefixes)")
    strict(p)
    p.add_argument("--show-accepted", action="store_true", help="also list the findings the source accepts")
    p.add_argument("--list-rules", action="store_true", help="print the rule catalogue with examples and exit")
    p.add_argument("--config", type=Path, default=CONFIG,
                   help=f"pyproject.toml with a [tool.manifesto.check] table (default: ./{CONFIG})")


def check(args: argparse.Namespace, project: Project) -> int:
    from pipeline import check, source

    if args.list_rules:
        print(check.format_rules())
        return 0
    codes = {name: [code.upper() for code in listed(getattr(args, name))] for name in ("select", "ignore")}
    config = check.load_config(project.config).override(codes["select"], codes["ignore"])
    report = check.check(source.load(project.source), config)
    print(check.format_json(report) if args.format == "json" else check.format_text(report, args.show_accepted))
    return 1 if report.failed(args.strict) else 0


COMMANDS = (
    Command("import", "import the word-processor export into a new source folder", import_options, import_),
    Command("validate", "check the source against its schema and invariants", lambda p: None, validate),
    Command("check", "lint the manifesto's content: structure, links, language, debris, typography, names",
            check_options, check),
)
