"""Machine-translation engines, all through deep-translator (the only module that calls it), each bounded in time.

deep-translator calls `requests.get/post` with no timeout and takes no session or timeout of its own, so a server
that accepts the connection and never answers would hang it forever (`socket.setdefaulttimeout` does not help:
urllib3 sets the socket's timeout explicitly from requests' None). Each call therefore runs in a daemon thread
that the run waits for at most connect + read seconds (`_within`); nothing of deep-translator is patched.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import requests

from pipeline.errors import TranslateError
from pipeline.langtag import primary

ENGINES: tuple[str, ...] = ("libre", "google", "mymemory")
TIMEOUT = (5.0, 30.0)  # seconds: connect, read (a long unit takes a public server a few seconds)
T = TypeVar("T")


class Engine(Protocol):
    """What the pipeline needs from a machine-translation service."""

    name: str
    url: str  # the server asked, for messages ("" for a service's own)

    def translate(self, text: str, source: str, target: str) -> str:
        """`text` in `target`; EngineError stops the run, Skip gives up on this text only."""
        ...


class EngineError(Exception):
    """The engine failed in a way the next text would meet too (offline, timeout, server error); says what."""


class Skip(Exception):
    """The engine has nothing usable for this one text (too long, nothing found); the next text may work."""


def engine(name: str, url: str = "", timeout: tuple[float, float] = TIMEOUT) -> Engine:
    """The engine called `name` (one of ENGINES); `url` is a LibreTranslate server."""
    if name not in ENGINES:
        raise TranslateError(f"unknown engine {name!r}", None, f"choose one of {', '.join(ENGINES)}")
    if url and name != "libre":
        raise TranslateError(f"--url applies to the libre engine only, not {name!r}", None,
                             "drop --url, or use --engine libre with your LibreTranslate server")
    return DeepTranslator(name, url, timeout)


class DeepTranslator:
    """LibreTranslate, Google or MyMemory through deep-translator, each call bounded by `_within` (see above)."""

    def __init__(self, name: str, url: str = "", timeout: tuple[float, float] = TIMEOUT) -> None:
        self.name, self.timeout = name, timeout
        self.url = (url.rstrip("/") + "/" if url else "https://libretranslate.de/") if name == "libre" else ""

    def translate(self, text: str, source: str, target: str) -> str:
        from deep_translator.exceptions import (
            AuthorizationException,
            NotValidLength,
            NotValidPayload,
            ServerException,
            TranslationNotFound,
        )

        if source == target:
            return text
        backend = self._backend(source, target)
        try:
            return _within(sum(self.timeout), lambda: backend.translate(text) or "")
        except EngineError:
            raise
        except (TranslationNotFound, NotValidLength, NotValidPayload) as exc:
            raise Skip(str(exc)) from exc
        except AuthorizationException as exc:
            raise EngineError("the server refused the key; is $LIBRE_API_KEY right?") from exc
        except ServerException as exc:
            raise EngineError(f"server error ({' '.join(str(exc).split())[:120]})") from exc
        except requests.RequestException as exc:
            raise EngineError(_request_failure(exc, self.timeout)) from exc
        except Exception as exc:  # deep-translator's other exceptions share no base class
            raise EngineError(f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}") from exc

    def _backend(self, source: str, target: str) -> Any:
        if self.name == "libre":
            from deep_translator import LibreTranslator

            # A self-hosted LibreTranslate needs no key, but deep-translator insists on one; servers ignore it then.
            key = os.environ.get("LIBRE_API_KEY") or "none"
            return LibreTranslator(source=source, target=target, api_key=key, custom_url=self.url)
        if self.name == "mymemory":
            from deep_translator import MyMemoryTranslator
            from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

            codes = MY_MEMORY_LANGUAGES_TO_CODES.values()
            source, target = (next((c for c in codes if primary(c) == x), x) for x in (source, target))
            return MyMemoryTranslator(source=source, target=target)
        from deep_translator import GoogleTranslator

        return GoogleTranslator(source=source, target=target)


def _within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`'s result (or its exception), or EngineError when it has not returned within `seconds`.

    The call runs in a daemon thread; one that never returns is left behind and ends with the process.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed to the caller's thread, raised there
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="deep-translator", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise EngineError(f"no answer within {seconds:g} s (timeout)")
    returned, value = outcome[0]
    if not returned:
        raise value
    return value


def _request_failure(exc: requests.RequestException, timeout: tuple[float, float]) -> str:
    if isinstance(exc, requests.ConnectTimeout):
        return f"cannot connect within {timeout[0]:g} s (offline, or wrong --url?)"
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout[1]:g} s (timeout)"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect (offline, or wrong --url?)"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
