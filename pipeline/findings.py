"""Findings: what the content checks (`check`) and the translation checks (`qa`) report, in one shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import Origin

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem: which check, how grave, where, what; `subject` is the unit or entry id it concerns.

    `accepted` holds the reason when the source (`accept:`) or the catalogue (`qa-accept:`) accepts it.
    """

    code: str
    severity: str
    origin: Origin
    message: str
    subject: str = ""
    accepted: str = ""

    def __str__(self) -> str:
        accepted = f" [accepted: {self.accepted}]" if self.accepted else ""
        return f"{self.origin}: {self.code} {self.severity} {self.message}{accepted}"

    def as_dict(self) -> dict[str, Any]:
        out = {"code": self.code, "severity": self.severity, "path": self.origin.path, "line": self.origin.line,
               "message": self.message, "subject": self.subject}
        return out | ({"accepted": self.accepted} if self.accepted else {})
