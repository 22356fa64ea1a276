"""Machine pre-translation of empty catalogue entries, through an engine of `engines.py`.

Results are drafts: each is stored fuzzy with a `# mt: <engine> <date>` comment (status `machine`),
which the localise stage never publishes. Only empty entries are filled; markup (spans, links) is
swapped for placeholders the engine leaves alone and restored afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import catalog, markup
from pipeline.catalog.engines import Engine, EngineError, Skip
from pipeline.errors import TranslateError
from pipeline.langtag import primary

SAVE_EVERY = 10
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
# Autolinks and the boilerplate's `{placeholders}` never go to the engine (see `protect` for spans and links).
_WHOLE = re.compile(f"{markup.AUTOLINK.pattern}|\\{{[a-z_]+\\}}")


@dataclass(frozen=True)
class TranslateResult:
    lang: str
    engine: str
    filled: tuple[str, ...]  # msgctxt of the entries filled with a machine draft
    skipped: tuple[str, ...]  # the engine returned nothing usable (or broke the markup): left empty
    remaining: int  # empty entries not attempted (the --limit)


def translate(lang: str, translations_dir: Path | str, engine: Engine, limit: int | None = None,
              save_every: int = SAVE_EVERY, progress: Callable[[str], None] | None = None) -> TranslateResult:
    """Fill the empty entries of `lang`'s catalogue with machine drafts, saving every `save_every` entries.

    On an engine failure (offline, timeout, server error) the drafts obtained so far are saved and
    TranslateError says what happened; the catalogue stays valid.
    """
    todo = [e for e in catalog.load(lang, translations_dir).entries if e.status == "untranslated"]
    chosen = todo if limit is None else todo[:limit]
    filled, skipped, pending = [], [], []
    try:
        for entry in chosen:
            draft = _draft(engine, entry, lang)
            (skipped if draft is None else filled).append(entry.msgctxt)
            if draft is not None:
                pending.append(catalog.Change(entry.msgctxt, msgstr=draft, machine=engine.name))
            if len(pending) >= save_every:
                catalog.apply(lang, translations_dir, pending)
                pending = []
            if progress:
                progress(entry.msgctxt)
    finally:
        if pending:
            catalog.apply(lang, translations_dir, pending)
    return TranslateResult(lang, engine.name, tuple(filled), tuple(skipped), len(todo) - len(chosen))


def _draft(engine: Engine, entry: catalog.Entry, target: str) -> str | None:
    """The engine's translation with markup restored, or None when it came back empty or broken."""
    source = entry.source_language or "en"
    protected = protect(entry.msgid)
    if not re.search(r"[^\W\d_]", _TOKEN.sub("", protected.text)):
        return None  # only markup (a name, a passage in another language): nothing for an engine to do
    try:
        out = engine.translate(protected.text, primary(source), primary(target))
    except Skip:
        return None
    except EngineError as exc:
        raise _failure(engine, entry, str(exc)) from exc
    return restore(out, protected)


@dataclass(frozen=True)
class Protected:
    """Text for an engine: markup swapped for ⟦n⟧ tokens, and what each token stands for."""

    text: str
    pieces: tuple[str, ...]
    pairs: tuple[tuple[int, int], ...]  # (opening, closing) tokens around text the engine translates


def protect(text: str) -> Protected:
    """Hide markup from the engine: names, passages in another language, autolinks and placeholders whole;
    for links and other spans only the brackets and target/attributes, so their text is translated."""
    pieces: list[str] = []
    pairs: list[tuple[int, int]] = []

    def token(piece: str) -> str:
        pieces.append(piece)
        return f"⟦{len(pieces) - 1}⟧"

    def around(m: re.Match[str]) -> str:
        lang, classes = markup.parse_attrs(m.group(2)) if m.re is markup.SPAN else ("", ())
        if lang or "name" in classes:
            return token(m.group(0))
        opening, inner = token("["), m.group(1)
        closing = token(m.group(0)[len(inner) + 1:])
        pairs.append((len(pieces) - 2, len(pieces) - 1))
        return opening + inner + closing

    for pattern in (markup.SPAN, markup.LINK):
        text = pattern.sub(around, text)
    text = _WHOLE.sub(lambda m: token(m.group(0)), text)
    return Protected(text, tuple(pieces), tuple(pairs))


def restore(text: str, protected: Protected) -> str | None:
    """The tokens put back; None when the engine lost, duplicated or invented one, or turned a pair around."""
    found = [int(n) for n in _TOKEN.findall(text)]
    if sorted(found) != list(range(len(protected.pieces))) or not text.strip():
        return None
    if any(found.index(a) > found.index(b) for a, b in protected.pairs):
        return None
    return _TOKEN.sub(lambda m: protected.pieces[int(m.group(1))], text).strip()


def _failure(engine: Engine, entry: catalog.Entry, what: str) -> TranslateError:
    where = f" {engine.url}" if engine.url else ""
    return TranslateError(f"{engine.name}{where}: {what}; stopped at {entry.msgctxt!r}", entry.origin,
                          "drafts obtained so far are saved; run the command again to continue")
