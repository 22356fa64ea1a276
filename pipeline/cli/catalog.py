"""The commands on the catalogues: `extract`, `update`, `add-language`, `stats`, `qa` and `translate`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from pipeline.cli.command import Command, check_only, langs, output_format, strict, translations
from pipeline.project import TRANSLATIONS

if TYPE_CHECKING:
    from pipeline.catalog.extract import UpdateResult
    from pipeline.project import Project


def extract_options(p: argparse.ArgumentParser) -> None:
    translations(p)
    check_only(p)


def extract(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import extract

    result = extract.extract(source.load(project.source), project.translations, write=not args.check)
    state = ("out of date; run `make catalogs`" if result.written else "up to date") if args.check else (
        "written" if result.written else "unchanged")
    print(f"{result.path}: {result.entries} entries ({state})")
    return 1 if args.check and result.written else 0


def update_options(p: argparse.ArgumentParser) -> None:
    langs(p)
    translations(p)
    check_only(p)


def update(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import extract

    edition = source.load(project.source)
    results = [extract.update(edition, lang, project.translations, write=not args.check)
               for lang in args.langs or edition.languages]
    for r in results:
        _print_update(r, args.check)
    return 1 if args.check and any(r.written for r in results) else 0


def add_language_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("lang", metavar="LANG", help="BCP 47 tag, e.g. de, pt-BR, sr-Latn, zh-Hant-TW")
    translations(p)


def add_language(args: argparse.Namespace, project: Project) -> int:
    from pipeline.catalog import extract

    _print_update(extract.add_language(project.source, args.lang, project.translations))
    return 0


def _print_update(r: UpdateResult, check: bool = False) -> None:
    done = ", ".join(f"{len(v)} {k}" for k, v in (("new", r.added), ("fuzzy (source changed)", r.fuzzied),
                                                 ("obsolete", r.obsoleted), ("restored", r.restored),
                                                 ("suggested from the translation memory (fuzzy)", r.suggested)) if v)
    if check:
        print(f"{r.path}: out of date{f' ({done})' if done else ''}; run `make catalogs`" if r.written
              else f"{r.path}: up to date")
    else:
        print(f"{r.path}: {done or 'up to date'}{'' if r.written else ' (unchanged)'}")


def stats_options(p: argparse.ArgumentParser) -> None:
    langs(p)
    output_format(p)
    translations(p)


def stats(args: argparse.Namespace, project: Project) -> int:
    from pipeline import source
    from pipeline.catalog import stats

    tallies = stats.tally(args.langs or source.load(project.source).languages, project.translations)
    as_json = json.dumps([t.as_dict() for t in tallies], indent=2)
    print(as_json if args.format == "json" else stats.table(tallies))
    return 0


def qa_options(p: argparse.ArgumentParser) -> None:
    langs(p)
    output_format(p)
    strict(p)
    p.add_argument("--verbose", action="store_true", help="also list info findings (Q301 untranslated)")
    p.add_argument("--show-accepted", action="store_true", help="also list findings accepted by `qa-accept:` comments")
    translations(p)


def qa(args: argparse.Namespace, project: Project) -> int:
    from pipeline import qa, source

    findings = qa.check_catalogues(args.langs or source.load(project.source).languages, project.translations)
    shown = [f for f in findings if (args.verbose or f.severity != "info") and (args.show_accepted or not f.accepted)]
    print(json.dumps([f.as_dict() for f in shown], indent=2) if args.format == "json" else "\n".join(map(str, shown)))
    print(qa.summary(findings), file=sys.stderr)
    failing = ("error", "warning") if args.strict else ("error",)
    return 1 if any(f.severity in failing and not f.accepted for f in findings) else 0


def translate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("lang", metavar="LANG", help="catalogue to fill, e.g. fr")
    p.add_argument("--engine", required=True, metavar="ENGINE",
                   help="deep-translator backend: libre, google or mymemory")
    p.add_argument("--url", help="server URL (libre: your LibreTranslate instance; key from $LIBRE_API_KEY)")
    p.add_argument("--limit", type=int, metavar="N", help="translate at most N entries")
    translations(p)


def translate(args: argparse.Namespace, project: Project) -> int:
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


COMMANDS = (
    Command("extract", f"write {TRANSLATIONS}/manifesto.pot from every translatable unit", extract_options, extract),
    Command("update", "merge the source into each language's PO (kept, fuzzy, obsolete, restored)",
            update_options, update),
    Command("add-language", "declare a language in edition.yaml and create its catalogue",
            add_language_options, add_language),
    Command("stats", "translation progress per language x theme x section (units, words, statuses)",
            stats_options, stats),
    Command("qa", "check translations: markup, numbers, punctuation, typography, glossary and forbidden terms, "
                  "consistency across the catalogue, raw code", qa_options, qa),
    Command("translate", "machine pre-translate empty entries (fuzzy drafts, never published)",
            translate_options, translate),
)
