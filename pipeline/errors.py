"""One error hierarchy: every pipeline error names where it happened and how to fix it."""

from __future__ import annotations

import errno
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

    def __reduce__(self) -> tuple:
        """Pickle every attribute: an error from a render worker reaches the CLI with its origin and hint."""
        return (_restore, (type(self), self.message, dict(self.__dict__)))


def _restore(cls: type[PipelineError], message: str, state: dict) -> PipelineError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


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


class FileError(PipelineError):
    """A file or folder cannot be read or written: permissions, a missing folder, a symlink loop, a full disk."""

    category = "file"

    @classmethod
    def from_os(cls, exc: OSError, where: object = None, hint: str = "") -> FileError:
        """`path: reason` from an OSError (`where`, else the path it names), with a hint that fits the reason."""
        path = where if where is not None else exc.filename if exc.filename is not None else "?"
        reason = (exc.strerror or str(exc)).lower()
        return cls(reason, Origin(str(path)), hint or _OS_HINTS.get(exc.errno or 0, "check the path and try again"))


_OS_HINTS = {
    errno.EACCES: "make it writable (or readable) for you, or choose another --out folder",
    errno.EPERM: "make it writable (or readable) for you, or choose another --out folder",
    errno.EROFS: "the file system is read-only: choose another --out folder",
    errno.ENOENT: "check the path: the file or a folder on the way to it does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
    errno.EISDIR: "the path is a folder, not a file",
    errno.ELOOP: "the path is a symbolic link that points to itself (a loop): replace it with the real file",
    errno.ENOSPC: "the disk is full: free some space and run again (earlier files are intact)",
    errno.EEXIST: "a file is in the way: remove or rename it",
}


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


class ReleaseError(PipelineError):
    """A release build was asked of an edition that is not ready: a translation not wholly reviewed."""

    category = "release"


class ReviewError(PipelineError):
    """A review file cannot be exported or imported."""

    category = "review"


class ToolError(RenderError):
    """An external tool (pandoc, Typst, epubcheck, msgfmt) failed."""

    category = "tool"

    def __init__(self, cmd: str, returncode: int, stderr: str, origin: Origin | None = None, hint: str = "") -> None:
        tail = stderr.strip().splitlines()[-5:]
        super().__init__(f"{cmd} failed (exit {returncode}): {' | '.join(tail)}", origin, hint)
        self.cmd = cmd
        self.returncode = returncode
        self.stderr = stderr
