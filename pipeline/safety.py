"""What text may carry into an edition: links to http(s), mailto or #anchors; no control or bidi-override characters.

The source and the catalogues are checked with these rules (`validate`, `qa`), the build refuses a translation that
breaks them, the Lua filter unlinks any other target, and `audit` looks for one in the built files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

#: The most a source file, or a catalogue entry's text, may hold (the largest theme is 15 kB): far above any real
#: one, it stops a pasted file or a hostile one before it is parsed, rendered or held in memory several times.
MAX_BYTES = 1_000_000
ALLOWED_SCHEMES: tuple[str, ...] = ("http", "https", "mailto")
LINK_HINT = "link only to http://, https:// or mailto: addresses, or to an #anchor in the document"
CHARACTER_HINT = ("delete it: control characters and bidirectional overrides are invisible and change what prints; "
                  "for right-to-left text use the marks U+200E/U+200F")
#: C0 controls but tab, newline and the CR of a CRLF; DEL and C1 controls; the bidi embeddings, overrides and
#: isolates (U+202A-U+202E, U+2066-U+2069); and the line and paragraph separators, line breaks to YAML and
#: Python but not to editors, so every line number after them would be off.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def target_problem(target: str) -> str:
    """Why `target` may not be published as a link ("" when it may).

    An empty target or a bare `#` is a lost link, printed as plain text (see the filter), so it is not refused here.
    """
    if target in ("", "#"):
        return ""
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in target):
        return "it contains a space or an invisible character"
    if target.startswith("#"):
        return ""
    try:
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:
        return "it is not a well-formed address"
    scheme = parts.scheme.lower()
    if not scheme:
        return "it is a protocol-relative address" if target.startswith("//") else "it is a relative address"
    if scheme not in ALLOWED_SCHEMES:
        return f"its scheme is {scheme!r}"
    if scheme != "mailto" and not host:
        return "it has no host"
    if scheme == "mailto" and "@" not in parts.path:
        return "it has no e-mail address"
    return ""


def link_message(target: str, problem: str) -> str:
    return f"link target {target!r} is not allowed: {problem}"


def bad_characters(text: str) -> list[str]:
    """The forbidden characters of `text`, each once, in order of appearance."""
    return list(dict.fromkeys(m.group(0) for m in _FORBIDDEN.finditer(text)))


def bad_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line, first forbidden character) of every line of `text` that has one.

    Lines end at "\\n" only, as in YAML, gettext and editors: `str.splitlines` would also break at a vertical tab,
    a form feed, U+001C-U+001E, U+0085 and U+2028/U+2029, and count lines an editor does not show.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        found = _FORBIDDEN.search(line)
        if found:
            yield number, found.group(0)


def describe(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; controls have no Unicode name: `U+0007 (a control character)`."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, '') or 'a control character'})"


def character_message(chars: list[str]) -> str:
    return f"forbidden character {', '.join(describe(c) for c in chars)}"
