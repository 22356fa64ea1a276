"""What a built edition must show tagged with a language (the passages in other languages), text as a reader sees
it, and the text of each language in a DOCX's runs, for `manifesto audit`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from pipeline import markup
from pipeline.localise import LTheme, LUnit

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Passage:
    """Text the document must show tagged with `lang`."""

    text: str
    lang: str


def shown(theme: LTheme) -> list[LUnit]:
    """The units a theme shows: its title, section headings and every unit."""
    return [*theme.walk(), *(section.name for section in theme.sections)]


def passages(units: Iterable[LUnit], doc_lang: str) -> list[Passage]:
    """Every passage of `units` not in `doc_lang`: whole units, inline spans, originals shown in notes."""
    found: list[Passage] = []
    for unit in units:
        if unit.lang != doc_lang:
            found += [Passage(piece, unit.lang) for piece in _own_pieces(unit.text, unit.lang)]
        found += [Passage(markup.plain(s.text), s.lang) for s in markup.spans(unit.text)
                  if s.lang not in ("", unit.lang)]
        if unit.original:
            found += [Passage(piece, unit.original_lang) for piece in _own_pieces(unit.original, unit.original_lang)]
    return found


def _own_pieces(text: str, lang: str) -> list[str]:
    """The stretches of `text` in its own language (spans in another language cut it into pieces)."""
    def cut(m: re.Match[str]) -> str:
        span_lang, _ = markup.parse_attrs(m.group(2))
        return "\0" if span_lang not in ("", lang) else m.group(0)

    pieces = (markup.plain(piece) for piece in markup.SPAN.sub(cut, text).split("\0"))
    return [piece for piece in pieces if len(normal(piece)) > 2]


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00a0": " ", "\u202f": " ",
                         "\u00ad": "", "\u2060": "", "–": "-", "—": "-"})


def normal(text: str) -> str:
    """Text compared as a reader sees it: quotes, dashes and spaces unified (pandoc's `smart` curls quotes)."""
    text = text.translate(_QUOTES).replace("…", "...")
    return re.sub(r"\s+", " ", text.replace('"', "").replace("'", "")).strip()


def run_texts(parts: list[ElementTree.Element], default: str = "", clean=None) -> dict[str, str]:
    """Language -> the text of its runs (tagged, or `default`), consecutive runs joined, others on a new line."""
    texts: dict[str, list[str]] = {}
    previous = None
    for part in parts:
        for run in part.iter(f"{W}r"):
            tag = run.find(f"{W}rPr/{W}lang")
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            lang = tag.get(f"{W}val") if tag is not None else default
            if lang:
                chunks = texts.setdefault(lang, [])
                chunks.append(text if previous == lang else "\n" + text)
            previous = lang if lang or text else previous
    clean = clean or normal
    return {lang: "\n".join(clean(c) for c in "".join(chunks).split("\n")) for lang, chunks in texts.items()}
