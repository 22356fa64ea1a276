"""Inline pandoc-Markdown as the source uses it: spans, links, emphasis; plain-text views of it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# [text]{attrs} — a span (lang, .name, .link-unknown); [text](target) — a link; <url> — an autolink.
SPAN = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\{([^{}]*)\}")
LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
STRONG = re.compile(r"\*\*(.+?)\*\*")
EMPH = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
#: What typography must leave exactly as written: code spans, link destinations (with their titles), autolinks of
#: any scheme and e-mail autolinks, attribute blocks `{…}`, bare web addresses (up to a space, a bracket, a backtick, a
#: quotation mark or an ellipsis, none of which an address holds; sentence punctuation after them aside).
VERBATIM = re.compile(
    r"(?P<ticks>`+).+?(?P=ticks)"
    r"|(?<=\])\((?:[^()\\\n]|\\.|\([^()\n]*\))*\)"
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>"
    r"|\{[^{}]*\}"
    r"|https?://[^\s<>\[\]{}`«»“”„\"‘’…]*[^\s<>\[\]{}`«»“”„\"‘’….,;:!?)]"
)
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>'\"|])")


@dataclass(frozen=True)
class Span:
    """A bracketed span: its text and attributes, e.g. lang='fr', classes=('name',)."""

    text: str
    lang: str
    classes: tuple[str, ...]


def parse_attrs(attrs: str) -> tuple[str, tuple[str, ...]]:
    """`lang=fr .name` -> ('fr', ('name',))."""
    lang = ""
    classes = []
    for token in attrs.split():
        if token.startswith("."):
            classes.append(token[1:])
        elif token.startswith("lang="):
            lang = token[5:].strip('"')
    return lang, tuple(classes)


def spans(text: str) -> list[Span]:
    """Every `[…]{…}` span of `text`, in order."""
    return [Span(m.group(1), *parse_attrs(m.group(2))) for m in SPAN.finditer(text)]


def links(text: str) -> list[str]:
    """Every link target (`[x](url)` and `<url>`), in order."""
    return [m.group(2) for m in LINK.finditer(text)] + AUTOLINK.findall(text)


def plain(text: str) -> str:
    """The text a reader sees: markup removed, link targets dropped, escapes resolved."""
    text = SPAN.sub(lambda m: m.group(1), text)
    text = LINK.sub(lambda m: m.group(1), text)
    text = AUTOLINK.sub(lambda m: m.group(1), text)
    text = STRONG.sub(lambda m: m.group(1), text)
    text = EMPH.sub(lambda m: m.group(1), text)
    return ESCAPE.sub(lambda m: m.group(1), text)


def folded(text: str) -> str:
    """The text a reader sees in lower-case ASCII, accents dropped ("Sécurité" -> "securite"): how titles, ids and
    references are compared across spellings."""
    decomposed = unicodedata.normalize("NFKD", plain(text).translate(_UNDECOMPOSED))
    return decomposed.encode("ascii", "ignore").decode().lower()


#: Latin letters that Unicode does not decompose into a base letter and an accent, spelt as ASCII.
_UNDECOMPOSED = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l",
                               "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH"})


def mask_spans(text: str, keep: str = "") -> str:
    """`text` with the contents of spans in another language, names and links blanked out.

    Used by language checks: what remains is the text that should be in the unit's language.
    """
    def blank(m: re.Match[str]) -> str:
        lang, classes = parse_attrs(m.group(2))
        if (lang and lang != keep) or "name" in classes:
            return " "
        return m.group(1)

    text = SPAN.sub(blank, text)
    text = LINK.sub(lambda m: m.group(1), text)
    return AUTOLINK.sub(" ", text)


def own_text(text: str, lang: str) -> str:
    """What a reader sees of `text` in `lang`: markup removed, names and passages in another language left out
    (each leaves one space), runs of spaces made one."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", plain(mask_spans(text, keep=lang)))
