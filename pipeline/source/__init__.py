"""Stage 1, load: read `source/` (edition, themes, errata), validate it and build the model."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel import Locale

from pipeline import files, house, langtag, safety
from pipeline.errors import LanguageError, Origin, SourceError, SourceErrors
from pipeline.model import LAYOUTS, Acceptance, Edition, Erratum, Section, Theme, Unit
from pipeline.project import SOURCE
from pipeline.tools import pandoc
from pipeline.yamlsource import Located, append_to_list, check_schema, read

EDITION_FILE = "edition.yaml"
ERRATA_FILE = "errata.yaml"
THEMES_DIR = "themes"
_SPAN_LANG = re.compile(r"\{[^{}]*\blang=([A-Za-z0-9-]+)[^{}]*\}")


def load(root: Path | str = SOURCE) -> Edition:
    """Load and validate the canonical source; raise SourceErrors listing every problem found."""
    edition, problems = _load(Path(root))
    if problems:
        raise SourceErrors(problems)
    assert edition is not None
    return edition


def validate(root: Path | str = SOURCE) -> list[SourceError]:
    """Every problem of the canonical source (schema and invariants); empty when it is clean."""
    return _load(Path(root))[1]


def declare_language(root: Path | str, lang: str) -> None:
    """Append `lang` to edition.yaml's `languages`; the rest of the file is kept as written (comments, order). A
    language the editions cannot set (its script, its direction) is refused first, the file untouched."""
    path = Path(root) / EDITION_FILE
    if problems := _script_problems(lang, Origin(str(path))):
        raise SourceErrors(problems)
    with path.open(encoding="utf-8", newline="") as file:  # CRLF lines stay CRLF
        text = file.read()
    files.write_text(path, append_to_list(text, "languages", lang, str(path)))


def _load(root: Path) -> tuple[Edition | None, list[SourceError]]:
    problems: list[SourceError] = []
    try:
        doc = read(root / EDITION_FILE)
    except SourceError as exc:
        return None, _each(exc)
    problems += check_schema(doc, "edition")
    if problems:
        return None, problems
    meta = doc.data
    base = meta["source_language"]
    problems += _check_lang(base, doc, ("source_language",))
    for i, lang in enumerate(meta["languages"]):
        problems += _check_lang(lang, doc, ("languages", i)) or _script_problems(lang, doc.origin(("languages", i)))
    themes = []
    for i, theme_id in enumerate(meta["themes"]):
        path = root / THEMES_DIR / f"{theme_id}.yaml"
        if not path.exists() and not path.is_symlink():  # a looping link is read, and refused with its reason
            problems.append(SourceError(
                f"theme order names {theme_id!r} but {path} does not exist", doc.origin(("themes", i)),
                f"create {path} or remove {theme_id!r} from the themes list",
            ))
            continue
        theme, theme_problems = _load_theme(path, theme_id, base)
        problems += theme_problems
        if theme is not None:
            themes.append(theme)
    listed = set(meta["themes"])
    for path in sorted((root / THEMES_DIR).glob("*.yaml")):
        if path.stem not in listed:
            problems.append(SourceError(
                f"theme file {path.name} is not in the edition's theme order", doc.origin(("themes",)),
                f"add {path.stem!r} to the themes list of {root / EDITION_FILE}, or delete the file",
            ))
    errata, export, errata_problems = _load_errata(root / ERRATA_FILE)
    problems += errata_problems

    def meta_unit(key: str) -> Unit:
        return Unit(id=f"edition.{key}", text=meta[key], lang=base, origin=doc.origin((key,)))

    strings = tuple(
        Unit(id=key, text=text, lang=base, origin=doc.origin(("strings", key))) for key, text in meta["strings"].items()
    )
    edition = Edition(
        title=meta_unit("title"), subtitle=meta_unit("subtitle"), publisher=meta_unit("publisher"),
        year=meta["year"], source_language=base, languages=tuple(meta["languages"]), themes=tuple(themes),
        strings=strings, origin=doc.origin(), errata=errata, root=str(root),
        export=export, locales=tuple(meta.get("locales", {}).items()),
        imprint=tuple((k, v.strip()) for k, v in meta.get("imprint", {}).items() if v.strip()),
        publish_threshold=meta.get("publish_threshold", 100),
        detect_languages=tuple(meta["detect_languages"]) if "detect_languages" in meta else None,
        detect_origin=doc.origin(("detect_languages",)) if "detect_languages" in meta else None,
    )
    website = dict(edition.imprint).get("website", "")
    if website and (problem := safety.target_problem(website)):
        problems.append(SourceError(f"imprint: website {website!r}: {problem}", doc.origin(("imprint", "website")),
                                    "give the publisher's site as an https:// address, or leave it empty"))
    for lang, locale in edition.locales:
        where = doc.origin(("locales", lang))
        problems += _lang_problems(locale, where, "locales: ")
        if lang not in edition.languages:
            problems.append(SourceError(f"locales: {lang!r} is not one of the edition's languages", where,
                                        f"use one of {', '.join(edition.languages)}, or remove the entry"))
    for i, lang in enumerate(edition.detect_languages or ()):
        problems += _check_lang(lang, doc, ("detect_languages", i))
    problems += _check_units(edition)
    return edition, problems


def _load_theme(path: Path, theme_id: str, base: str) -> tuple[Theme | None, list[SourceError]]:
    try:
        doc = read(path)
    except SourceError as exc:
        return None, _each(exc)
    problems = check_schema(doc, "theme")
    if problems:
        return None, problems
    data = doc.data
    if data["id"] != theme_id:
        problems.append(SourceError(
            f"theme id {data['id']!r} differs from its file name {path.name}", doc.origin(("id",)),
            f"rename the file to {data['id']}.yaml or set id: {theme_id}",
        ))
    if not data["title"].strip():
        problems.append(SourceError("theme has an empty title", doc.origin(("title",)), "give the theme a title"))
    if not data["sections"]:
        problems.append(SourceError("theme has no section", doc.origin(("sections",)),
                                    "add at least an introduction or recommendations section"))
    title = Unit(id=f"{data['id']}.title", text=data["title"], lang=base, origin=doc.origin(("title",)))
    sections = []
    for s, sec in enumerate(data["sections"]):
        at = ("sections", s)
        units = tuple(_unit(u, doc, (*at, "units", i), base) for i, u in enumerate(sec["units"]))
        layout = sec.get("layout", LAYOUTS[1])
        sections.append(Section(sec["kind"], layout, units, doc.origin(at), sec.get("heading", "")))
    theme = Theme(data["id"], title, tuple(sections), doc.origin(), _accept(data.get("accept", []), doc, ("accept",)))
    return theme, problems


def _unit(raw: dict[str, Any], doc: Located, at: tuple, inherited: str) -> Unit:
    lang = raw.get("lang", inherited)
    title = None
    if "title" in raw:
        title = Unit(id=f"{raw['id']}.title", text=raw["title"], lang=lang, origin=doc.origin((*at, "title")),
                     translate=raw.get("translate", True))
    children = tuple(_unit(c, doc, (*at, "children", i), lang) for i, c in enumerate(raw.get("children", [])))
    return Unit(
        id=raw["id"], text=raw["text"], lang=lang, origin=doc.origin((*at, "text")),
        translate=raw.get("translate", True), note=raw.get("note", ""), title=title, children=children,
        accept=_accept(raw.get("accept", []), doc, (*at, "accept")),
    )


def _accept(raw: list[dict[str, str]], doc: Located, at: tuple) -> tuple[Acceptance, ...]:
    return tuple(Acceptance(a["code"], a["reason"], doc.origin((*at, i))) for i, a in enumerate(raw))


def _load_errata(path: Path) -> tuple[tuple[Erratum, ...], str, list[SourceError]]:
    """The errata, the export they refer to, and the problems of the errata file."""
    if not path.exists():
        return (), "", []
    try:
        doc = read(path)
    except SourceError as exc:
        return (), "", _each(exc)
    problems = check_schema(doc, "errata")
    if problems:
        return (), "", problems
    errata, seen = [], set()
    for i, raw in enumerate(doc.data["errata"]):
        if raw["id"] in seen:
            problems.append(SourceError(f"duplicate erratum id {raw['id']!r}", doc.origin(("errata", i, "id")),
                                        "give each erratum its own id"))
        seen.add(raw["id"])
        first, _, last = str(raw.get("line", 0)).partition("-")
        errata.append(Erratum(
            id=raw["id"], kind=raw["kind"], first_line=int(first), last_line=int(last or first),
            export=raw.get("export", ""), canonical=raw.get("canonical", ""), reason=raw["reason"],
            origin=doc.origin(("errata", i)), unit=raw.get("unit", ""),
        ))
    return tuple(errata), doc.data["export"], problems


def _each(error: SourceError) -> list[SourceError]:
    return list(error.problems) if isinstance(error, SourceErrors) else [error]


def _check_units(edition: Edition) -> list[SourceError]:
    problems: list[SourceError] = []
    seen: dict[str, Origin] = {}
    units = list(edition.walk())
    for unit, targets in zip(units, pandoc.link_targets([u.text for u in units]), strict=True):
        if unit.id in seen:
            problems.append(SourceError(
                f"duplicate id {unit.id!r} (first used at {seen[unit.id]})", unit.origin,
                "ids must be unique across the edition; give this unit a new id (never reuse an old one)",
            ))
        seen.setdefault(unit.id, unit.origin)
        if not unit.text.strip():
            problems.append(SourceError(f"unit {unit.id!r} is empty", unit.origin,
                                        "write its text, or delete the unit"))
        for lang in sorted({unit.lang, *_SPAN_LANG.findall(unit.text)}):
            problems += _lang_problems(lang, unit.origin, f"unit {unit.id!r}: ")
        problems += _check_text(unit, targets)
    return problems


def _check_text(unit: Unit, targets: tuple[str, ...]) -> list[SourceError]:
    """Links only to allowed targets; no control or bidi-override character (one escaped in a quoted YAML string)."""
    problems = [SourceError(f"unit {unit.id!r}: {safety.link_message(t, why)}", unit.origin, safety.LINK_HINT)
                for t in targets if (why := safety.target_problem(t))]
    chars = safety.bad_characters(unit.text + unit.note)
    if chars:
        problems.append(SourceError(f"unit {unit.id!r}: {safety.character_message(chars)}", unit.origin,
                                    safety.CHARACTER_HINT))
    return problems


def _script_problems(code: str, origin: Origin) -> list[SourceError]:
    """An edition language the house faces cannot set, or one written right to left, refused before any render."""
    tag, style = langtag.parse(code), house.load()
    script = tag.writing
    name = Locale("en").scripts.get(script, script)
    faces = f"{style.type['serif']} and {style.type['sans']}"
    if tag.right_to_left:
        return [SourceError(f"languages: {code!r} is written right to left ({name}); the editions are set left to "
                            f"right only, and {faces} have no {name} letters", origin,
                            "remove the language: right-to-left editions are not supported yet")]
    if script and script not in style.scripts:
        return [SourceError(f"languages: {code!r} is written in {name} script, which the house faces ({faces}) "
                            "cannot set", origin,
                            f"add a face that covers {name} (Debian's fonts-noto-core or fonts-noto-cjk) to "
                            "templates/house-style.toml's [type] and [fonts], and add "
                            f"{script!r} to its `scripts`; or remove the language")]
    return []


def _check_lang(code: str, doc: Located, at: tuple) -> list[SourceError]:
    return _lang_problems(code, doc.origin(at))


def _lang_problems(code: str, origin: Origin, where: str = "") -> list[SourceError]:
    """A tag Babel does not know, or one not written in BCP 47's case (tags are compared as written)."""
    try:
        canonical = langtag.parse(code).tag
    except LanguageError as exc:
        return [SourceError(where + exc.message, origin, exc.hint)]
    if canonical != code:
        return [SourceError(f"{where}language code {code!r} is written {canonical!r} in BCP 47", origin,
                            f"write {canonical!r}")]
    return []
