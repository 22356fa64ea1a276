"""Language tags (BCP 47, e.g. `pt-BR`, `sr-Latn`): parsed once by Babel, in every form the stages need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_cldr_version, get_global, parse_locale

from pipeline.errors import LanguageError, Origin

EXAMPLES = "de, pt-BR, sr-Latn, zh-Hant-TW"
#: The scripts GNU gettext (glibc locale names, msginit) and Poedit write as an `@modifier`; see `LangTag.gettext`.
_GETTEXT_SCRIPTS = {"Latn": "latin", "Cyrl": "cyrillic"}


@dataclass(frozen=True)
class LangTag:
    """One valid language tag, split into its subtags, each in BCP 47's case (`zh`, `Hant`, `TW`)."""

    language: str
    script: str = ""
    region: str = ""  # ISO 3166 (`BR`) or UN M.49 (`419`)
    variant: str = ""

    @property
    def tag(self) -> str:
        """The tag as BCP 47 writes it; the form used in edition.yaml, file names and every output."""
        return "-".join(p for p in (self.language, self.script, self.region, self.variant) if p)

    def __str__(self) -> str:
        return self.tag

    @property
    def locale(self) -> Locale:
        """Babel's locale, for dates, numbers and names."""
        return _locale(self.tag)

    @property
    def english_name(self) -> str:
        """`pt-BR` -> "Portuguese (Brazil)"."""
        return self.locale.english_name or self.tag

    def language_name(self, in_lang: str) -> str:
        """The name of the language alone, in `in_lang`: `pt-BR` in fr -> "portugais"."""
        return parse(in_lang).locale.languages.get(self.language, self.language)

    @property
    def gettext(self) -> str:
        """The PO `Language:` value: `pt_BR`, `sr@latin`, `sr_RS@latin`, `zh_TW` (for zh-Hant-TW), `ca_ES@valencia`.

        gettext's own form (`ll_CC@modifier`, the GNU manual's Header Entry), not Babel's `sr_Latn`: Poedit accepts
        only that form (and reads `sr_Latn` as plain `sr`, losing the script), Weblate reads it as an alias of its
        `sr_Latn`, and msginit and glibc name locales so. gettext writes a script as a modifier only for Latin and
        Cyrillic; another script is implied by the region, as in glibc's `zh_TW` (CLDR's likely region when none).
        """
        modifier, region = self.variant.lower(), self.region
        if self.script and self.script != _likely(self.language, self.region)[0]:
            if self.script in _GETTEXT_SCRIPTS:
                modifier = _GETTEXT_SCRIPTS[self.script]
            else:
                region = region or _likely(self.language, script=self.script)[1]
        return self.language + (f"_{region}" if region else "") + (f"@{modifier}" if modifier else "")

    @property
    def writing(self) -> str:
        """Its script, written or CLDR's likely one (ISO 15924: `ar` -> Arab, `sr-Latn` -> Latn)."""
        return self.script or _likely(self.language, self.region)[0]

    @property
    def right_to_left(self) -> bool:
        """Whether its script runs right to left (Arabic, Hebrew…), as CLDR's character order says."""
        try:
            locale = Locale.parse(f"{self.language}_{self.writing}" if self.writing else self.language)
        except (ValueError, UnknownLocaleError):  # a script CLDR has no locale for in this language
            locale = Locale.parse(self.language)
        return locale.text_direction == "rtl"

    @property
    def typst(self) -> tuple[str, str | None]:
        """Typst's `text(lang:, region:)`: the language, and the region if it is a two-letter country (Typst has
        no script, and no M.49 regions such as `419`). None must be passed on, or Typst keeps the outer region."""
        return self.language, self.region if len(self.region) == 2 else None

    @property
    def typst_tag(self) -> str:
        """The tag Typst writes as a PDF's /Lang: `sr-Latn` -> `sr`, `zh-Hant-TW` -> `zh-TW`."""
        return "-".join(p for p in self.typst if p)

    @property
    def word(self) -> str:
        """The `w:lang` Word's proofing tools expect: a region always (`fr` -> `fr-FR`, CLDR's likely one)."""
        if self.region or self.script:
            return self.tag
        region = _likely(self.language)[1]
        return f"{self.language}-{region}" if region else self.tag


def parse(tag: str, origin: Origin | None = None) -> LangTag:
    """The tag `tag`; LanguageError (at `origin`) when it is not BCP 47 or Babel has no locale for it.

    Any case is accepted (`pt-br`); `LangTag.tag` is the canonical spelling.
    """
    found = _parse(tag)
    if isinstance(found, LangTag):
        return found
    message, hint = found
    raise LanguageError(message, origin, hint)


def find(tag: str) -> LangTag | None:
    """The tag, or None where `parse` would refuse it (for text read from a file, which may hold anything)."""
    found = _parse(tag)
    return found if isinstance(found, LangTag) else None


def is_known(tag: str) -> bool:
    """True for a tag `parse` accepts."""
    return find(tag) is not None


def primary(tag: str) -> str:
    """The primary language subtag of any tag, valid or not: `fr-CA` -> `fr`, `` -> ``."""
    return tag.partition("-")[0].lower()


def same_language(a: str, b: str) -> bool:
    """Same language and script, whatever the region: `fr` = `fr-BE`, `zh-TW` = `zh-Hant`, but `sr` != `sr-Latn`."""
    script_a, script_b = _script(a), _script(b)
    return primary(a) == primary(b) and (script_a == script_b or not (script_a and script_b))


@cache
def _parse(tag: str) -> LangTag | tuple[str, str]:
    """The tag, or (message, hint) saying why it is refused."""
    try:
        parts = parse_locale(tag, sep="-")
    except ValueError:
        parts = ()
    if len(parts) != 4:  # a fifth part is a POSIX `@modifier`, not BCP 47
        return f"invalid language code {tag!r}: not a BCP 47 language tag", _syntax_hint(tag)
    language, region, script, variant = parts
    found = LangTag(language, script or "", region or "", (variant or "").lower())
    try:
        locale = Locale.parse(found.tag, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = None
    # Babel quietly replaces a region it has no data for by the likely one (`en-ZZ` -> en_US): that is unknown too.
    if locale is None or (found.region and locale.territory != found.region):
        return (f"unknown language code {tag!r}: Babel (CLDR {get_cldr_version()}) has no locale for it",
                _suggestion(language) or f"use a language CLDR has data for, such as {EXAMPLES}")
    return found


def _syntax_hint(tag: str) -> str:
    if re.fullmatch(r"[A-Za-z]+(_[A-Za-z0-9]+)+", tag):
        return f"BCP 47 joins subtags with hyphens: write {tag.replace('_', '-')!r}"
    return f"write a language code, then optionally a script and a region, joined by hyphens: {EXAMPLES}"


def _suggestion(word: str) -> str:
    """`english` -> a hint naming `en`: people type the language's name."""
    codes = {name.casefold(): code for code, name in Locale("en").languages.items()}
    code = codes.get(word.casefold())
    return f"did you mean {code!r} ({word.capitalize()})?" if code and is_known(code) else ""


@cache
def _locale(tag: str) -> Locale:
    return Locale.parse(tag, sep="-")


@cache
def _likely(language: str, region: str = "", script: str = "") -> tuple[str, str]:
    """CLDR's likely (script, region) of a language, given its region or script: sr -> (Cyrl, RS)."""
    subtags = get_global("likely_subtags")
    for key in (f"{language}_{script}" if script else "", f"{language}_{region}" if region else "", language):
        if key and subtags.get(key):
            _, likely_region, likely_script, _ = parse_locale(subtags[key])
            return likely_script or "", likely_region or ""
    return "", ""


def _script(tag: str) -> str:
    """The script of a tag, written or likely (`sr` -> Cyrl); "" for an invalid tag."""
    found = _parse(tag)
    return found.writing if isinstance(found, LangTag) else ""
