"""What a `manifesto` command is (its name, help, options and body) and the options several commands share."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.project import TRANSLATIONS

if TYPE_CHECKING:
    from pipeline.project import Project


@dataclass(frozen=True)
class Command:
    """One subcommand: `options` adds its arguments to its parser, `run` is its body (an exit code)."""

    name: str
    help: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Project], int]


def translations(p: argparse.ArgumentParser) -> None:
    p.add_argument("--translations", default=TRANSLATIONS, type=Path,
                   help=f"catalogue folder (default: {TRANSLATIONS})")


def langs(p: argparse.ArgumentParser, default: str = "all in edition.yaml") -> None:
    p.add_argument("langs", nargs="*", metavar="LANG", help=f"languages (default: {default})")


def output_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def strict(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="fail on warnings too (exit 1), not only on errors")


def check_only(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date (for CI)")


def listed(values: list[str] | None) -> tuple[str, ...]:
    """A repeatable, comma-separated option's values: `--lang en,fr --lang de` -> ("en", "fr", "de")."""
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())
