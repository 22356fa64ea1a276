"""The `manifesto` command: a thin layer over the pipeline's stages.

Each command is a `Command` (name, help, options, body) in the module of its stage's commands: `cli/source.py`,
`cli/catalog.py`, `cli/editions.py`, `cli/review.py`. argparse, not click: the standard library is enough for
fourteen commands, and each body imports its stage when it runs, so `manifesto build` starts in ~0.1 s."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.cli import catalog, editions, review, source
from pipeline.cli.command import Command
from pipeline.errors import FileError, PipelineError, SourceErrors
from pipeline.project import SOURCE, Project

#: Every subcommand, in the order of the stages; each module keeps a command's options next to its body.
COMMANDS: tuple[Command, ...] = (*source.COMMANDS, *catalog.COMMANDS, *editions.COMMANDS, *review.COMMANDS)


class _Version(argparse.Action):
    """`--version`: the versions of pandoc, Typst, EPUBCheck and Babel in use (looked up only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions of the pipeline and its tools")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from pipeline.tools import toolchain

        print(toolchain.describe())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manifesto", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--source", default=SOURCE, type=Path, help=f"canonical source folder (default: {SOURCE})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)  # --source after the command too: `manifesto check --source x`
    common.add_argument("--source", default=argparse.SUPPRESS, type=Path, help="canonical source folder")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help, parents=[common])
        command.options(p)
        p.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, Project.of(args))
    except SourceErrors as exc:
        for problem in exc.problems:
            print(f"{problem.category}: {problem}", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"{exc.category}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file the command reads or writes: one line, like every other error
        error = FileError.from_os(exc)
        print(f"{error.category}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug: the user gets one line and a file to attach, never a traceback
        print(f"internal error, please report it with the file {_save_traceback()}", file=sys.stderr)
        return 70


def _save_traceback() -> str:
    """Write the current exception's traceback to a new file in the temporary folder; its path."""
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="manifesto-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"manifesto {' '.join(sys.argv[1:])}\n\n{traceback.format_exc()}")
    return path


if __name__ == "__main__":
    sys.exit(main())
