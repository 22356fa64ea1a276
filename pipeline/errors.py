"""One error hierarchy: every pipeline error names where it happened and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where something came from: a file path (as given) and a 1-based line (0 when unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class PipelineError(Exception):
    """Base class. The CLI prints `category: path:line: message (hint)` and exits non-zero."""

    category = "error"

    def __init__(self, message: str, origin: Origin | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class SourceError(PipelineError):
    """The canonical source (or an export given to the importer) is malformed or inconsistent."""

    category = "source"


class SourceErrors(SourceError):
    """Several source problems found in one pass; `problems` keeps each of them."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, first.origin, first.hint)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConfigError(PipelineError):
    """The project's configuration (pyproject table, edition file, glossary) is wrong."""

    category = "config"


class LanguageError(PipelineError):
    """A language tag is not BCP 47, or Babel has no locale for it."""

    category = "language"


class CatalogError(PipelineError):
    """A gettext catalogue is malformed or does not match the source."""

    category = "catalog"


class TranslateError(PipelineError):
    """A machine-translation engine failed (offline, timeout, bad answer)."""

    category = "translate"


class RenderError(PipelineError):
    """A document could not be assembled or rendered."""

    category = "render"


class ReviewError(PipelineError):
    """A review file cannot be exported or imported."""

    category = "review"


class ToolError(RenderError):
    """An external tool (pandoc, Typst, epubcheck, msgfmt) failed."""

    category = "tool"

    def __init__(self, cmd: str, returncode: int, stderr: str, origin: Origin | None = None) -> None:
        tail = stderr.strip().splitlines()[-5:]
        super().__init__(f"{cmd} failed (exit {returncode}): {' | '.join(tail)}", origin)
        self.cmd = cmd
        self.returncode = returncode
        self.stderr = stderr
