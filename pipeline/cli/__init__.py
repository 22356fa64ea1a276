"""The `manifesto` command: a thin layer over the pipeline's stages."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.cli.commands import (
    cmd_add_language,
    cmd_audit,
    cmd_build,
    cmd_check,
    cmd_extract,
    cmd_import,
    cmd_import_review,
    cmd_qa,
    cmd_queries,
    cmd_review,
    cmd_stats,
    cmd_translate,
    cmd_update,
    cmd_validate,
)
from pipeline.errors import FileError, PipelineError, SourceErrors
from pipeline.project import CONFIG, JOBS, OUTPUT, QUERIES, REVIEW, SOURCE, TRANSLATIONS, Project

Command = Callable[[argparse.Namespace, Project], int]


class _Version(argparse.Action):
    """`--version`: the versions of pandoc, Typst, EPUBCheck and Babel in use (looked up only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions of the pipeline and its tools")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from pipeline.tools import toolchain

        print(toolchain.describe())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manifesto", description=__doc__)
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--source", default=SOURCE, type=Path, help=f"canonical source folder (default: {SOURCE})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--source", default=argparse.SUPPRESS, type=Path, help="canonical source folder")

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("import", cmd_import, "import the word-processor export into a new source folder")
    p.add_argument("export", help="the export (.txt) to import")
    p.add_argument("--out", default=SOURCE, type=Path, help=f"folder to create (default: {SOURCE})")
    p.add_argument("--force", action="store_true", help="replace a non-empty folder (its curation is lost)")
    add("validate", cmd_validate, "check the source against its schema and invariants")
    tdir = {"default": TRANSLATIONS, "type": Path, "help": f"catalogue folder (default: {TRANSLATIONS})"}
    check_help = {"action": "store_true", "help": "write nothing; exit 1 if the file is out of date (for CI)"}
    p = add("extract", cmd_extract, f"write {TRANSLATIONS}/manifesto.pot from every translatable unit")
    p.add_argument("--translations", **tdir)
    p.add_argument("--check", **check_help)
    p = add("update", cmd_update, "merge the source into each language's PO (kept, fuzzy, obsolete, restored)")
    p.add_argument("langs", nargs="*", metavar="LANG", help="languages to update (default: all in edition.yaml)")
    p.add_argument("--translations", **tdir)
    p.add_argument("--check", **check_help)
    p = add("add-language", cmd_add_language, "declare a language in edition.yaml and create its catalogue")
    p.add_argument("lang", metavar="LANG", help="BCP 47 tag, e.g. de, pt-BR, sr-Latn, zh-Hant-TW")
    p.add_argument("--translations", **tdir)
    p = add("stats", cmd_stats, "translation progress per language x theme x section (units, words, statuses)")
    p.add_argument("langs", nargs="*", metavar="LANG", help="languages (default: all in edition.yaml)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--translations", **tdir)
    p = add("qa", cmd_qa, "check translations: markup, numbers, punctuation, typography, glossary and forbidden terms, "
                          "consistency across the catalogue, raw code")
    p.add_argument("langs", nargs="*", metavar="LANG", help="languages (default: all in edition.yaml)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too (exit 1), not only on errors")
    p.add_argument("--verbose", action="store_true", help="also list info findings (Q301 untranslated)")
    p.add_argument("--show-accepted", action="store_true", help="also list findings accepted by `qa-accept:` comments")
    p.add_argument("--translations", **tdir)
    p = add("translate", cmd_translate, "machine pre-translate empty entries (fuzzy drafts, never published)")
    p.add_argument("lang", metavar="LANG", help="catalogue to fill, e.g. fr")
    p.add_argument("--engine", required=True, metavar="ENGINE",
                   help="deep-translator backend: libre, google or mymemory")
    p.add_argument("--url", help="server URL (libre: your LibreTranslate instance; key from $LIBRE_API_KEY)")
    p.add_argument("--limit", type=int, metavar="N", help="translate at most N entries")
    p.add_argument("--translations", **tdir)
    p = add("check", cmd_check, "lint the manifesto's content: structure, links, language, debris, typography, names")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--select", action="append", default=[], metavar="CODES",
                   help="run only these rules (codes or prefixes, comma-separated: D401,T); replaces pyproject's")
    p.add_argument("--ignore", action="append", default=[], metavar="CODES",
                   help="skip these rules (codes or prefixes)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too (exit 1), not only on errors")
    p.add_argument("--show-accepted", action="store_true", help="also list the findings the source accepts")
    p.add_argument("--list-rules", action="store_true", help="print the rule catalogue with examples and exit")
    p.add_argument("--config", type=Path, default=CONFIG,
                   help=f"pyproject.toml with a [tool.manifesto.check] table (default: ./{CONFIG})")
    p = add("build", cmd_build, "render the editions: output/<lang>/manifesto.* and handouts/<theme>.* "
                                "(DOCX, PDF, EPUB), rebuilding only what changed")
    p.add_argument("--lang", action="append", metavar="L", help="languages, comma-separated (default: all)")
    p.add_argument("--theme", action="append", metavar="T",
                   help="build only these themes' handouts (comma-separated; the full edition is skipped)")
    p.add_argument("--format", action="append", metavar="F", help="formats: docx,pdf,epub (default: all three)")
    p.add_argument("--handouts-only", action="store_true", help="skip the full edition")
    p.add_argument("--release", action="store_true",
                   help="refuse any language whose translation is not wholly reviewed (lists what is left, by theme)")
    p.add_argument("--jobs", "-j", type=int, default=JOBS, metavar="N", help=f"worker processes (default: {JOBS})")
    p.add_argument("--out", type=Path, default=OUTPUT, help=f"output folder (default: {OUTPUT})")
    p.add_argument("--translations", **tdir)
    p = add("audit", cmd_audit, "read the built editions back and prove language tagging, metadata, fonts, "
                                "EPUBCheck validity (needs Java)")
    p.add_argument("--out", type=Path, default=OUTPUT, help=f"output folder to audit (default: {OUTPUT})")
    p.add_argument("--verbose", action="store_true", help="list every check, not only failures")
    p.add_argument("--translations", **tdir)
    p = add("review", cmd_review, "write review files: output/review/<lang>.html (side by side, filters) and "
                                  "<lang>.docx (bilingual tables to edit in Word)")
    p.add_argument("langs", nargs="*", metavar="LANG", help="languages (default: all but the source language)")
    p.add_argument("--out", type=Path, default=REVIEW, help=f"folder (default: {REVIEW})")
    p.add_argument("--translations", **tdir)
    p = add("queries", cmd_queries, "write the publisher's questions: output/queries/<lang>.md and .html (translators' "
                                    "`# query:` comments and the content problems the source accepts, per theme)")
    p.add_argument("langs", nargs="*", metavar="LANG", help="languages (default: all but the source language)")
    p.add_argument("--out", type=Path, default=QUERIES, help=f"folder (default: {QUERIES})")
    p.add_argument("--config", type=Path, default=CONFIG,
                   help="pyproject.toml whose [tool.manifesto.check] table selects the content checks")
    p.add_argument("--translations", **tdir)
    p = add("import-review", cmd_import_review, "read an edited review DOCX back into translations/<lang>.po "
                                                "(translations, comments, reviewed rows; conflicts skipped)")
    p.add_argument("lang", metavar="LANG", help="the catalogue to update, e.g. fr")
    p.add_argument("file", type=Path, metavar="FILE.docx", help="the review file, as exported and edited")
    p.add_argument("--translations", **tdir)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args, Project.of(args))
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
