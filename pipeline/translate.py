"""Machine pre-translation of empty catalogue entries through deep-translator (the only module that calls it).

Results are drafts: each is stored fuzzy with a `# mt: <engine> <date>` comment (status `machine`),
which the localise stage never publishes. Only empty entries are filled; markup (spans, links) is
swapped for placeholders the engine leaves alone and restored afterwards.

Timeouts: deep-translator calls `requests.get/post` with no timeout, so a server that accepts the
connection and never answers hangs forever (and `socket.setdefaulttimeout` does not help: urllib3
sets the socket's timeout explicitly from requests' None). While an engine runs, the `requests`
name inside deep-translator's modules is replaced by a shim whose get/post go through one Session
with an explicit (connect, read) timeout.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

import requests

from . import catalog, markup
from .errors import TranslateError
from .langtag import primary

ENGINES: tuple[str, ...] = ("libre", "google", "mymemory")
TIMEOUT = (5.0, 30.0)  # seconds: connect, read (a long unit takes a public server a few seconds)
SAVE_EVERY = 10
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
# Autolinks and the boilerplate's `{placeholders}` never go to the engine (see `protect` for spans and links).
_WHOLE = re.compile(f"{markup.AUTOLINK.pattern}|\\{{[a-z_]+\\}}")


class Engine(Protocol):
    """What the pipeline needs from a machine-translation service."""

    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...


@dataclass(frozen=True)
class TranslateResult:
    lang: str
    engine: str
    filled: tuple[str, ...]  # msgctxt of the entries filled with a machine draft
    skipped: tuple[str, ...]  # the engine returned nothing usable (or broke the markup): left empty
    remaining: int  # empty entries not attempted (the --limit)


class DeepTranslatorEngine:
    """One deep-translator backend, with explicit timeouts on every HTTP request it makes."""

    def __init__(self, name: str, url: str = "", timeout: tuple[float, float] = TIMEOUT) -> None:
        if name not in ENGINES:
            raise TranslateError(f"unknown engine {name!r}", None, f"choose one of {', '.join(ENGINES)}")
        if url and name != "libre":
            raise TranslateError(f"--url applies to the libre engine only, not {name!r}", None,
                                 "drop --url, or use --engine libre with your LibreTranslate server")
        self.name, self.url, self.timeout = name, url, timeout

    def translate(self, text: str, source: str, target: str) -> str:
        with _timed(self.name, self.timeout):
            return self._backend(source, target).translate(text) or ""

    def _backend(self, source: str, target: str) -> Any:
        module = import_module(f"deep_translator.{self.name}")
        if self.name == "libre":
            # Self-hosted LibreTranslate needs no key but deep-translator insists on one; servers ignore it then.
            key = os.environ.get("LIBRE_API_KEY") or "none"
            url = self.url.rstrip("/") + "/" if self.url else None
            return module.LibreTranslator(source=source, target=target, api_key=key, custom_url=url)
        if self.name == "mymemory":
            codes = module.MY_MEMORY_LANGUAGES_TO_CODES.values()
            source, target = (next((c for c in codes if primary(c) == x), x) for x in (source, target))
            return module.MyMemoryTranslator(source=source, target=target)
        return module.GoogleTranslator(source=source, target=target)


class _TimedRequests:
    """Stands in for the `requests` module inside deep-translator: the same get/post, with a timeout."""

    def __init__(self, timeout: tuple[float, float]) -> None:
        self.session, self.timeout = requests.Session(), timeout

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.session.get(url, timeout=self.timeout, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.session.post(url, timeout=self.timeout, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)


@contextlib.contextmanager
def _timed(name: str, timeout: tuple[float, float]) -> Iterator[None]:
    module = import_module(f"deep_translator.{name}")
    shim = _TimedRequests(timeout)
    saved, module.requests = module.requests, shim
    try:
        yield
    finally:
        module.requests = saved
        shim.session.close()


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
    except requests.Timeout as exc:
        seconds = getattr(engine, "timeout", TIMEOUT)[1]
        raise _failure(engine, entry, f"no answer within {seconds:g} s (timeout)") from exc
    except requests.ConnectionError as exc:
        raise _failure(engine, entry, "cannot connect (offline, or wrong --url?)") from exc
    except Exception as exc:  # deep-translator's own exceptions share no base class
        if _per_entry(exc):
            return None
        raise _failure(engine, entry, _describe(exc)) from exc
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


def _per_entry(exc: Exception) -> bool:
    """Failures about one text (too long, nothing found), after which the next entry may still work."""
    return type(exc).__name__ in {"TranslationNotFound", "NotValidLength", "NotValidPayload"}


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160]
    # deep-translator's ServerException keeps only a name for the HTTP status; map it back.
    status = next((code for code, name in getattr(exc, "errors", {}).items() if name == str(exc)), None)
    return f"server error {status} ({text})" if status else f"{type(exc).__name__}: {text}"


def _failure(engine: Engine, entry: catalog.Entry, what: str) -> TranslateError:
    where = f" {engine.url}" if getattr(engine, "url", "") else ""
    return TranslateError(f"{engine.name}{where}: {what}; stopped at {entry.msgctxt!r}", entry.origin,
                          "drafts obtained so far are saved; run the command again to continue")
