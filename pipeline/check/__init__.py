"""Stage 2, check: lint the manifesto's content with a catalogue of rules, like a code linter.

Rules live in `pipeline.check.rules.*` and `pipeline.check.rules.RULES` lists them; each is a function made a rule by
`@rule(code, severity, example)` that reads an `Edition` and yields `Finding`s. This module runs them (and
its own A001), applies the configuration (`[tool.manifesto.check]` in pyproject.toml) and the acceptances
written in the source, and formats the result.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.check.rules import RULES, Rule
from pipeline.check.rules.base import rule
from pipeline.errors import ConfigError, Origin
from pipeline.findings import SEVERITIES, Finding
from pipeline.model import Acceptance, Edition

CONFIG_TABLE = "tool.manifesto.check"


def known_rules() -> dict[str, Rule]:
    """Every rule by code, in code order: RULES (`pipeline/check/rules/__init__.py`) and the engine's own A001."""
    return {r.code: r for r in sorted((*RULES, unused_acceptance), key=lambda r: r.code)}


@dataclass(frozen=True)
class Config:
    """Which rules run and at what severity; `select`/`ignore` take codes or prefixes (`D`, `D40`, `D401`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)

    def active(self) -> list[Rule]:
        chosen = []
        for code, r in known_rules().items():
            if self.select and not any(code.startswith(s) for s in self.select):
                continue
            if any(code.startswith(s) for s in self.ignore):
                continue
            chosen.append(replace(r, severity=self._severity(code, r.severity)))
        return chosen

    def _severity(self, code: str, default: str) -> str:
        """The configured severity of the longest code or prefix matching `code` (`D407` before `D`)."""
        keys = sorted((k for k in self.severity if code.startswith(k)), key=len, reverse=True)
        return self.severity[keys[0]] if keys else default

    def override(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Config:
        """This config with command-line selections: `--select` replaces, `--ignore` adds."""
        select, ignore = tuple(select), tuple(ignore)
        _check_codes(select + ignore, lambda code: Origin("command line"))
        return replace(self, select=select or self.select, ignore=self.ignore + ignore)


def load_config(pyproject: Path) -> Config:
    """The `[tool.manifesto.check]` table of `pyproject` (defaults when the file or the table is absent)."""
    if not pyproject.is_file():
        return Config()
    text = pyproject.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("tool", {}).get("manifesto", {}).get("check", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", Origin(str(pyproject)), "fix the syntax") from None

    def where(value: str) -> Origin:
        return Origin(str(pyproject), _line_of(text, value))

    unknown = sorted(set(table) - {"select", "ignore", "severity"})
    if unknown:
        raise ConfigError(f"unknown key {unknown[0]!r} in [{CONFIG_TABLE}]", where(unknown[0]),
                          "allowed keys: select, ignore, severity")
    select, ignore = _codes(table, "select", where), _codes(table, "ignore", where)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError("'severity' must be a table of CODE = \"error|warning|info\"", where("severity"))
    _check_codes(tuple(severity), where)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"bad severity {level!r} for {code}", where(code),
                              f"use one of: {', '.join(SEVERITIES)}")
    return Config(select, ignore, dict(severity))


def _codes(table: dict[str, Any], key: str, where: Callable[[str], Origin]) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of rule codes, e.g. [\"D401\", \"T\"]", where(key))
    _check_codes(tuple(value), where)
    return tuple(value)


def _check_codes(codes: tuple[str, ...], where: Callable[[str], Origin]) -> None:
    known = known_rules()
    for code in codes:
        if not any(k.startswith(code) for k in known) or not code:
            families = ", ".join(sorted({f"{k[0]} ({r.family})" for k, r in known.items()}))
            raise ConfigError(f"unknown rule code {code!r}", where(code),
                              f"`manifesto check --list-rules` lists the codes; families: {families}")


def _line_of(text: str, value: str) -> int:
    """The 1-based line of `value` inside the check table (TOML parsers keep no lines)."""
    start = text.find(f"[{CONFIG_TABLE}")
    lines = text.split("\n")  # not splitlines(): it also breaks at \v, \f, U+0085..., which TOML and editors do not
    first = text.count("\n", 0, start) if start >= 0 else 0
    for n in range(first, len(lines)):
        if re.search(rf"(^|[\s\"'\[,{{]){re.escape(value)}($|[\s\"'\],=}}])", lines[n]):
            return n + 1
    return first + 1


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]  # open findings, in source order
    accepted: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def failed(self, strict: bool = False) -> bool:
        """Errors fail the check; with `strict`, warnings do too (infos never do)."""
        counts = self.counts()
        return counts["error"] > 0 or (strict and counts["warning"] > 0)


def check(edition: Edition, config: Config | None = None) -> Report:
    """Run the configured rules on `edition`; findings the source accepts are set apart, with their reason."""
    active = {r.code: r for r in (config or Config()).active()}
    found = [f for r in active.values() for f in r.run(edition)]
    accepts = _acceptances(edition)
    used: set[Acceptance] = set()
    open_, accepted = [], []
    for f in found:
        match = next((a for a in accepts.get(f.subject, ()) if a.code == f.code), None)
        if match is None:
            open_.append(f)
        else:
            used.add(match)
            accepted.append(replace(f, accepted=match.reason))
    open_ += _unused(accepts, used, active)
    return Report(tuple(sorted(open_, key=_order)), tuple(sorted(accepted, key=_order)))


def _acceptances(edition: Edition) -> dict[str, tuple[Acceptance, ...]]:
    """Acceptances by subject id; a theme's acceptances also cover every unit of the theme."""
    out: dict[str, tuple[Acceptance, ...]] = {}
    for theme in edition.themes:
        out[theme.id] = out[theme.title.id] = theme.accept
        for section in theme.sections:
            for unit in section.walk():
                out[unit.id] = unit.accept + theme.accept
                if unit.title is not None:  # a practice's title is covered by the practice's acceptances
                    out[unit.title.id] = out[unit.id]
    return out


@rule("A001", "warning", "accept: [{code: D408, reason: ...}] on a unit whose doubled word was fixed")
def unused_acceptance(edition: Edition) -> Iterable[Finding]:
    """An acceptance in the source that no finding needs any more (like an unused `# noqa`): remove it.

    Reported by the engine itself after the other rules have run.
    """
    return ()


def _unused(accepts: dict[str, tuple[Acceptance, ...]], used: set[Acceptance],
            active: dict[str, Rule]) -> list[Finding]:
    if "A001" not in active:
        return []
    stale: dict[Acceptance, str] = {}
    for subject, group in accepts.items():  # a theme's own id comes before its units: it names theme acceptances
        for a in group:
            if a not in used and a.code in active:
                stale.setdefault(a, subject)
    return [Finding("A001", active["A001"].severity, a.origin,
                    f"acceptance of {a.code} matches no finding any more; remove it", subject)
            for a, subject in sorted(stale.items(), key=lambda item: (item[0].origin.path, item[0].origin.line))]


def _order(f: Finding) -> tuple[str, int, str]:
    return (f.origin.path, f.origin.line, f.code)


def format_text(report: Report, show_accepted: bool = False) -> str:
    """One line per finding, `path:line: CODE severity message`, then a summary line."""
    lines = [str(f) for f in report.findings]
    if show_accepted:
        lines += [str(f) for f in report.accepted]
    counts = report.counts()
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    lines.append(f"{summary}; {len(report.accepted)} accepted")
    return "\n".join(lines)


def format_json(report: Report) -> str:
    """The same findings as JSON, for CI and the review files."""
    doc = {"findings": [f.as_dict() for f in report.findings], "accepted": [f.as_dict() for f in report.accepted],
           "counts": report.counts() | {"accepted": len(report.accepted)}}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def format_rules() -> str:
    """The rule catalogue: code, default severity, summary, details and an example, family by family."""
    blocks = []
    for code, r in known_rules().items():
        summary, _, details = r.doc.partition("\n")
        body = "\n".join(f"    {line.strip()}" for line in details.strip().splitlines())
        blocks.append(f"{code} {r.severity} ({r.family}): {summary}\n{body + chr(10) if body else ''}"
                      f"    example: {r.example}")
    return "\n".join(blocks)
