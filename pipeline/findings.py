"""Findings: what the content checks (`check`) and the translation checks (`qa`) report, in one shape."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pipeline.errors import Origin


class Severity(StrEnum):
    """How grave a finding is; `--strict` fails on warnings too."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITIES: tuple[Severity, ...] = tuple(Severity)


@dataclass(frozen=True)
class Finding:
    """One problem: which check, how grave, where, what; `subject` is the unit or entry id it concerns.

    `accepted` holds the reason when the source (`accept:`) or the catalogue (`qa-accept:`) accepts it.
    """

    code: str
    severity: Severity  # given as a Severity or its name ("warning"), checked here
    origin: Origin
    message: str
    subject: str = ""
    accepted: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))

    def __str__(self) -> str:
        accepted = f" [accepted: {self.accepted}]" if self.accepted else ""
        return f"{self.origin}: {self.code} {self.severity} {self.message}{accepted}"

    def as_dict(self) -> dict[str, Any]:
        out = {"code": self.code, "severity": self.severity, "path": self.origin.path, "line": self.origin.line,
               "message": self.message, "subject": self.subject}
        return out | ({"accepted": self.accepted} if self.accepted else {})
