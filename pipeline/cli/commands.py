"""The bodies of the `manifesto` commands (cli.py parses the command line and calls one): each loads what its
stages need when it runs, so `manifesto build` starts in ~0.1 s, and prints what its stage returns."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.catalog.extract import UpdateResult
    from pipeline.project import Project


def cmd_import(args: argparse.Namespace, project: Project) -> int:
    from pipeline.source import importer

    result = importer.run(Path(args.export), Path(args.out), force=args.force)
    print(f"imported {result.themes} themes, {result.units} units into {result.out}; "
          f"{result.errata} errata logged — now curate {result.out} and log each fix in errata.yaml")
    return 0


def cmd_validate(args: argparse.Namespace, project: Project) -> int:
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


def cmd_extract(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import extract

    result = extract.extract(source.load(project.source), project.translations, write=not args.check)
    state = ("out of date; run `make catalogs`" if result.written else "up to date") if args.check else (
        "written" if result.written else "unchanged")
    print(f"{result.path}: {result.entries} entries ({state})")
    return 1 if args.check and result.written else 0


def cmd_update(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import extract

    edition = source.load(project.source)
    results = [extract.update(edition, lang, project.translations, write=not args.check)
               for lang in args.langs or edition.languages]
    for r in results:
        _print_update(r, args.check)
    return 1 if args.check and any(r.written for r in results) else 0


def cmd_add_language(args: argparse.Namespace, project: Project) -> int:
    from pipeline.catalog import extract

    _print_update(extract.add_language(project.source, args.lang, project.translations))
    return 0


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    from pipeline import check, source

    if args.list_rules:
        print(check.format_rules())
        return 0
    config = check.load_config(project.config).override(_codes(args.select), _codes(args.ignore))
    report = check.check(source.load(project.source), config)
    print(check.format_json(report) if args.format == "json" else check.format_text(report, args.show_accepted))
    return 1 if report.failed(args.strict) else 0


def _codes(values: list[str]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def cmd_stats(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import stats

    tallies = stats.tally(args.langs or source.load(project.source).languages, project.translations)
    as_json = json.dumps([t.as_dict() for t in tallies], indent=2)
    print(as_json if args.format == "json" else stats.table(tallies))
    return 0


def cmd_qa(args: argparse.Namespace, project: Project) -> int:
    from pipeline import qa, source

    findings = qa.check_catalogues(args.langs or source.load(project.source).languages, project.translations)
    shown = [f for f in findings if (args.verbose or f.severity != "info") and (args.show_accepted or not f.accepted)]
    print(json.dumps([f.as_dict() for f in shown], indent=2) if args.format == "json" else "\n".join(map(str, shown)))
    print(qa.summary(findings), file=sys.stderr)
    failing = ("error", "warning") if args.strict else ("error",)
    return 1 if any(f.severity in failing and not f.accepted for f in findings) else 0


def cmd_translate(args: argparse.Namespace, project: Project) -> int:
    from tqdm import tqdm  # imported here: it costs ~30 ms at every start-up of the CLI

    from pipeline import catalog
    from pipeline.catalog import engines, translate

    engine = engines.engine(args.engine, args.url or "")
    with tqdm(desc=f"{args.engine} -> {args.lang}", unit="entry", disable=None, file=sys.stderr) as bar:
        r = translate.translate(args.lang, project.translations, engine, args.limit, progress=lambda _: bar.update())
    drafts = f"{len(r.filled)} machine draft{'' if len(r.filled) == 1 else 's'}"
    print(f"{catalog.path_for(args.lang, project.translations)}: {drafts} from {r.engine} "
          f"(fuzzy until reviewed), {len(r.skipped)} skipped, {r.remaining} left by --limit")
    return 0


def _print_update(r: UpdateResult, check: bool = False) -> None:
    done = ", ".join(f"{len(v)} {k}" for k, v in (("new", r.added), ("fuzzy (source changed)", r.fuzzied),
                                                 ("obsolete", r.obsoleted), ("restored", r.restored)) if v)
    if check:
        print(f"{r.path}: out of date{f' ({done})' if done else ''}; run `make catalogs`" if r.written
              else f"{r.path}: up to date")
    else:
        print(f"{r.path}: {done or 'up to date'}{'' if r.written else ' (unchanged)'}")


def _split(values: list[str] | None) -> tuple[str, ...]:
    """`--lang en,fr --lang de` -> ("en", "fr", "de")."""
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    from pipeline import build

    quiet = not sys.stderr.isatty() or os.environ.get("CI", "").lower() == "true"
    config = build.BuildConfig(
        source=project.source, out=project.out, translations=project.translations, langs=_split(args.lang),
        themes=_split(args.theme), formats=_split(args.format) or build.FORMATS, handouts_only=args.handouts_only,
        release=args.release,
        jobs=args.jobs, progress=not quiet)
    print(build.build(config).summary())
    return 0


def cmd_audit(args: argparse.Namespace, project: Project) -> int:
    from pipeline import audit

    report = audit.audit(project.out, project.source, project.translations)
    print(report.text(verbose=args.verbose))
    return 0 if report.ok else 1


def cmd_review(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.review import export

    edition = source.load(project.source)
    langs = args.langs or [lang for lang in edition.languages if lang != edition.source_language]
    for result in export.export(langs, project.translations, project.out):
        p = result.progress
        print(f"{', '.join(map(str, result.paths))}: {p.done}/{p.total} done, {p.count('reviewed')} reviewed"
              f"{'' if result.written else ' (unchanged)'}")
    return 0


def cmd_queries(args: argparse.Namespace, project: Project) -> int:
    from pipeline import check, source
    from pipeline.review import queries

    edition = source.load(project.source)
    langs = args.langs or [lang for lang in edition.languages if lang != edition.source_language]
    reports = queries.collect(edition, langs, project.translations, check.load_config(project.config))
    for result in queries.write(reports, project.out):
        r = result.report
        print(f"{', '.join(map(str, result.paths))}: {r.count(queries.QUERY)} queries, "
              f"{r.count(queries.ACCEPTED)} accepted content problems{'' if result.written else ' (unchanged)'}")
    return 0


def cmd_import_review(args: argparse.Namespace, project: Project) -> int:
    from pipeline.review import merge

    result = merge.import_review(args.lang, args.file, project.translations)
    print("\n".join(merge.report(result)))
    return 1 if result.conflicts else 0  # the rest was imported; scripts must still notice what was skipped
