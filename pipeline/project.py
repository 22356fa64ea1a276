"""The project's defaults, each in one place: its folders (source, catalogues, outputs), its configuration file
and the build's worker count. The CLI and every stage take their defaults from here."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

SOURCE = Path("source")  # the canonical source: edition.yaml, themes/, errata, glossary
TRANSLATIONS = Path("translations")  # manifesto.pot and one <lang>.po per language
OUTPUT = Path("output")  # every edition, under <lang>/
REVIEW = OUTPUT / "review"  # the review files (`manifesto review`)
QUERIES = OUTPUT / "queries"  # the publisher's questions (`manifesto queries`)
EXCHANGE = OUTPUT / "exchange"  # translation memory and glossary for outside translators (`manifesto exchange`)
CONFIG = Path("pyproject.toml")  # its [tool.manifesto.check] table configures `manifesto check`
JOBS = 2  # render worker processes (the machines this runs on have two cores)
PACKAGE = Path(__file__).resolve().parent  # the pipeline's code, Lua filter, schemas and Java source
TEMPLATES = PACKAGE.parent / "templates"  # the editions' and review files' templates and the house style


def git_user_name() -> str:
    """git's `user.name` (who records a review when `--reviewer` is not given); "" outside git or when unset."""
    try:
        proc = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


@dataclass(frozen=True)
class Project:
    """Where one run reads and writes: the source, the catalogues, the outputs and the check configuration. The
    CLI builds it once from its options (each defaulting to the constants above) and hands it to the command."""

    source: Path = SOURCE
    translations: Path = TRANSLATIONS
    out: Path = OUTPUT
    config: Path = CONFIG

    @classmethod
    def of(cls, options: Any) -> Project:
        """The project a command's parsed options name; an option the command does not take keeps its default."""
        return cls(**{f.name: getattr(options, f.name, f.default) for f in fields(cls)})
