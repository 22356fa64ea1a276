"""Dates and revision of the editions: SOURCE_DATE_EPOCH when set, else the last commit of the content an output
prints (never the code's: a code-only commit changes no printed date)."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.assemble import Imprint
from pipeline.files import source_date_epoch


@dataclass(frozen=True)
class Clock:
    """Dates and revision for imprints: SOURCE_DATE_EPOCH when set, else the last commit of the content an output
    prints.

    The full edition is dated by the last commit of the source or of its language's catalogue; a handout by that of
    its theme, the edition file or its catalogue. So editing one theme leaves the other handouts byte-identical, a
    clean build of the same commit agrees, and a change of code or templates alone changes no edition's date.
    """

    fixed: int | None
    top: str  # the git work tree ("" outside git)
    revision: str
    source: Path
    translations: Path

    @classmethod
    def read(cls, source: Path, translations: Path) -> Clock:
        where = source if source.is_dir() else Path(".")
        head = _run(["git", "-C", str(where), "rev-parse", "--show-toplevel", "--short", "HEAD"])
        top, revision = head if len(head) == 2 else ("", "unknown")
        return cls(source_date_epoch(), top, revision, source.resolve(), translations.resolve())

    @cached_property
    def times(self) -> Mapping[str, int]:
        """Absolute path -> time of the last commit touching it."""
        return _git_times(self.top) if self.top else {}

    @cached_property
    def head(self) -> int:
        return max(self.times.values(), default=0) if self.top else _mtime(self.source)

    def imprint(self, lang: str, theme: str = "") -> Imprint:
        if self.fixed is not None:
            return Imprint(self.fixed, self.revision)
        content = (self.source / "themes" / f"{theme}.yaml", self.source / "edition.yaml") if theme else (self.source,)
        used = (*content, self.translations / f"{lang}.po")
        times = [t for path, t in self.times.items() if any(path == str(u) or path.startswith(f"{u}/") for u in used)]
        return Imprint(max(times, default=self.head), self.revision)


def _git_times(top: str) -> dict[str, int]:
    times: dict[str, int] = {}
    stamp = 0
    for line in _run(["git", "-C", top, "log", "--format=@%ct", "--name-only", "--no-renames"]):
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line:
            times.setdefault(f"{top}/{line}", stamp)
    return times


def _run(cmd: list[str]) -> list[str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError:
        return []
    return proc.stdout.splitlines() if proc.returncode == 0 else []


def _mtime(source: Path) -> int:
    """Outside git: the newest source file's time, a stand-in for the last commit."""
    return max((int(p.stat().st_mtime) for p in source.rglob("*") if p.is_file()), default=0)
