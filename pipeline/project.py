"""The project's defaults, each in one place: its folders (source, catalogues, outputs), its configuration file
and the build's worker count. The CLI and every stage take their defaults from here."""

from __future__ import annotations

from pathlib import Path

SOURCE = Path("source")  # the canonical source: edition.yaml, themes/, errata, glossary
TRANSLATIONS = Path("translations")  # manifesto.pot and one <lang>.po per language
OUTPUT = Path("output")  # every edition, under <lang>/
REVIEW = OUTPUT / "review"  # the review files (`manifesto review`)
QUERIES = OUTPUT / "queries"  # the publisher's questions (`manifesto queries`)
CONFIG = Path("pyproject.toml")  # its [tool.manifesto.check] table configures `manifesto check`
JOBS = 2  # render worker processes (the machines this runs on have two cores)
