"""The commands for reviewers and the publisher: `review` files, `queries`, and `import-review` back into a PO."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.command import Command, langs, translations
from pipeline.project import CONFIG, EXCHANGE, QUERIES, REVIEW

if TYPE_CHECKING:
    from pipeline.model import Edition
    from pipeline.project import Project


def _translated_into(folder: Path):
    """The options of a command writing files per translated language into `folder`."""
    def options(p: argparse.ArgumentParser) -> None:
        langs(p, default="all but the source language")
        p.add_argument("--out", type=Path, default=folder, help=f"folder (default: {folder})")
        translations(p)
    return options


review_options = _translated_into(REVIEW)


def review(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.review import export

    edition = source.load(project.source)
    for result in export.export(_translated(args, edition), project.translations, project.out):
        p = result.progress
        print(f"{', '.join(map(str, result.paths))}: {p.done}/{p.total} done, {p.count('reviewed')} reviewed"
              f"{'' if result.written else ' (unchanged)'}")
    return 0


def queries_options(p: argparse.ArgumentParser) -> None:
    langs(p, default="all but the source language")
    p.add_argument("--out", type=Path, default=QUERIES, help=f"folder (default: {QUERIES})")
    p.add_argument("--config", type=Path, default=CONFIG,
                   help="pyproject.toml whose [tool.manifesto.check] table selects the content checks")
    translations(p)


def queries(args: argparse.Namespace, project: Project) -> int:
    from pipeline import check, source
    from pipeline.review import queries

    edition = source.load(project.source)
    reports = queries.collect(edition, _translated(args, edition), project.translations)
    problems = queries.source_report(edition, check.load_config(project.config))
    for result, counted in zip(queries.write(reports, problems, project.out), [*reports, problems], strict=True):
        what = (f"{counted.count()} open questions, {len(counted.answered)} answered"
                if isinstance(counted, queries.Report) else f"{len(counted.problems)} accepted problems of the source")
        print(f"{', '.join(map(str, result.paths))}: {what}{'' if result.written else ' (unchanged)'}")
    return 0


def _translated(args: argparse.Namespace, edition: Edition) -> list[str]:
    """The languages named on the command line, or every language the source is translated into."""
    return args.langs or [lang for lang in edition.languages if lang != edition.source_language]


exchange_options = _translated_into(EXCHANGE)


def exchange(args: argparse.Namespace, project: Project) -> int:
    from pipeline import catalog, source
    from pipeline.qa import glossary
    from pipeline.review import exchange

    edition = source.load(project.source)
    catalogues = [catalog.load(lang, project.translations) for lang in _translated(args, edition)]
    for result in exchange.write(catalogues, glossary.load(project.translations), edition.source_language,
                                 project.out):
        units = f": {result.units} translation units" if result.units else ""
        print(f"{', '.join(map(str, result.paths))}{units}{'' if result.written else ' (unchanged)'}")
    return 0


def import_review_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("lang", metavar="LANG", help="the catalogue to update, e.g. fr")
    p.add_argument("file", type=Path, metavar="FILE.docx", help="the review file, as exported and edited")
    p.add_argument("--reviewer", metavar="NAME", help="who reviewed, recorded with each review and as the "
                                                      "catalogue's Last-Translator (default: git's user.name)")
    translations(p)


def import_review(args: argparse.Namespace, project: Project) -> int:
    from pipeline.project import git_user_name
    from pipeline.review import merge

    reviewer = git_user_name() if args.reviewer is None else args.reviewer
    result = merge.import_review(args.lang, args.file, project.translations, reviewer)
    print("\n".join(merge.report(result)))
    # the rest was imported; scripts must still notice what was skipped or refused
    return 1 if result.conflicts or result.refused else 0


COMMANDS = (
    Command("review", "write review files: output/review/<lang>.html (side by side, filters) and <lang>.docx "
                      "(bilingual tables to edit in Word)", review_options, review),
    Command("queries", "write the publisher's questions: output/queries/<lang>.md and .html (translators' "
                       "`# query:` comments and the content problems the source accepts, per theme)",
            queries_options, queries),
    Command("exchange", "write files for translators' tools: output/exchange/<lang>.tmx (translation memory of the "
                        "translated and reviewed entries), glossary.tbx and glossary-<lang>.csv",
            exchange_options, exchange),
    Command("import-review", "read an edited review DOCX back into translations/<lang>.po (translations, comments, "
                             "reviewed rows; conflicts skipped, rows that fail the build's checks refused)",
            import_review_options, import_review),
)
