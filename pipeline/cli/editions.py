"""The commands on the editions: `build` them, `audit` what was built."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.command import Command, listed, translations
from pipeline.project import JOBS, OUTPUT

if TYPE_CHECKING:
    from pipeline.project import Project


def build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", action="append", metavar="L", help="languages, comma-separated (default: all)")
    p.add_argument("--theme", action="append", metavar="T",
                   help="build only these themes' handouts (comma-separated; the full edition is skipped)")
    p.add_argument("--format", action="append", metavar="F", help="formats: docx,pdf,epub (default: all three)")
    p.add_argument("--handouts-only", action="store_true", help="skip the full edition")
    p.add_argument("--release", action="store_true",
                   help="refuse any language whose translation is not wholly reviewed (lists what is left, by theme)")
    p.add_argument("--jobs", "-j", type=int, default=JOBS, metavar="N", help=f"worker processes (default: {JOBS})")
    p.add_argument("--out", type=Path, default=OUTPUT, help=f"output folder (default: {OUTPUT})")
    translations(p)


def build(args: argparse.Namespace, project: Project) -> int:
    from pipeline import build

    quiet = not sys.stderr.isatty() or os.environ.get("CI", "").lower() == "true"
    config = build.BuildConfig(
        project, langs=listed(args.lang),
        themes=listed(args.theme), formats=listed(args.format) or build.FORMATS, handouts_only=args.handouts_only,
        release=args.release, jobs=args.jobs, progress=not quiet)
    print(build.build(config).summary())
    return 0


def audit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=OUTPUT, help=f"output folder to audit (default: {OUTPUT})")
    p.add_argument("--verbose", action="store_true", help="list every check, not only failures")
    translations(p)


def audit(args: argparse.Namespace, project: Project) -> int:
    from pipeline import audit

    report = audit.audit(project)
    print(report.text(verbose=args.verbose))
    return 0 if report.ok else 1


COMMANDS = (
    Command("build", "render the editions: output/<lang>/manifesto.* and handouts/<theme>.* (DOCX, PDF, EPUB), "
                     "rebuilding only what changed", build_options, build),
    Command("audit", "read the built editions back and prove language tagging, metadata, fonts, EPUBCheck validity "
                     "(needs Java)", audit_options, audit),
)
