"""The build's guard: Q106 (an unsafe link target) and Q107 (a control or bidi-override character) in translations.

Both come from the whole catalogue at once (pandoc parses every msgstr in one run), each at the PO line that holds
the offending text. The build refuses a publishable translation that has either; `pipeline.qa` reports them.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline import safety
from pipeline.catalog import Catalogue, Entry
from pipeline.errors import CatalogError, Origin
from pipeline.tools import pandoc

#: A problem found: (code, where, what, hint).
Problem = tuple[str, Origin, str, str]


def problems(catalogue: Catalogue, statuses: tuple[str, ...] = ()) -> dict[str, list[Problem]]:
    """Q106 and Q107 problems by msgctxt, for the translations (of `statuses`, default all) that have them."""
    entries = [e for e in catalogue.entries if e.msgstr.strip() and (not statuses or e.status in statuses)]
    lines = catalogue.path.read_text("utf-8").split("\n") if catalogue.path.is_file() else []
    found = {}
    for entry, targets in zip(entries, pandoc.link_targets([e.msgstr for e in entries]), strict=True):
        bad = [("Q106", _at(entry, lines, (t,)), f"{entry.msgctxt}: {safety.link_message(t, why)}", safety.LINK_HINT)
               for t in targets if (why := safety.target_problem(t))]
        chars = safety.bad_characters(entry.msgstr)
        if chars:
            where = _at(entry, lines, (chars[0], _ESCAPES.get(chars[0], chars[0])))
            bad.append(("Q107", where, f"{entry.msgctxt}: {safety.character_message(chars)} in the translation",
                        safety.CHARACTER_HINT))
        if bad:
            found[entry.msgctxt] = bad
    return found


def refuse(catalogue: Catalogue, statuses: Iterable[str]) -> None:
    """Raise CatalogError for the first translation of `statuses` with a Q106 or Q107 problem."""
    for code, where, what, hint in next(iter(problems(catalogue, tuple(statuses)).values()), []):
        raise CatalogError(f"{code} {what}", where, hint)


#: How gettext escapes the forbidden characters it decodes by name (`\a`, `\v`, `\b`, `\f`, `\r`; `po.read` decodes
#: the octal and hexadecimal escapes too, whose line is then the msgstr's).
_ESCAPES = {"\a": "\\a", "\v": "\\v", "\b": "\\b", "\f": "\\f", "\r": "\\r"}


def _at(entry: Entry, lines: list[str], needles: tuple[str, ...]) -> Origin:
    """The line of `entry`'s msgstr that holds one of `needles`; else its `msgstr` line; else the entry's line."""
    first, found, in_msgstr = entry.origin.line, 0, False
    for number in range(max(first, 1), len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            break
        in_msgstr = line.startswith("msgstr") or (in_msgstr and line.startswith('"'))
        found = found or (number if line.startswith("msgstr") else 0)
        if in_msgstr and any(n in line for n in needles):
            return Origin(entry.origin.path, number)
    return Origin(entry.origin.path, found or first)
