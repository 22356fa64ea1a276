"""The `manifesto` command: a thin layer over the pipeline's stages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import importer, source
from .errors import PipelineError, SourceErrors

Command = Callable[[argparse.Namespace], int]


def cmd_import(args: argparse.Namespace) -> int:
    result = importer.run(Path(args.export), Path(args.out), force=args.force)
    print(f"imported {result.themes} themes, {result.units} units into {result.out}; "
          f"{result.errata} errata logged — now curate {result.out} and log each fix in errata.yaml")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    problems = source.validate(args.source)
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.source}", file=sys.stderr)
        return 1
    edition = source.load(args.source)
    units = sum(1 for _ in edition.walk())
    print(f"{args.source}: valid — {len(edition.themes)} themes, {units} units, {len(edition.errata)} errata")
    return 0


def _not_built(stage: str) -> Command:
    def run(args: argparse.Namespace) -> int:
        print(f"manifesto {stage}: not built yet", file=sys.stderr)
        return 2
    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manifesto", description=__doc__)
    parser.add_argument("--source", default="source", type=Path, help="canonical source folder (default: source)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = add("import", cmd_import, "import the word-processor export into a new source folder")
    p.add_argument("export", help="the export (.txt) to import")
    p.add_argument("--out", default="source", help="folder to create (default: source)")
    p.add_argument("--force", action="store_true", help="replace a non-empty folder (its curation is lost)")
    add("validate", cmd_validate, "check the source against its schema and invariants")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SourceErrors as exc:
        for problem in exc.problems:
            print(f"{problem.category}: {problem}", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"{exc.category}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
