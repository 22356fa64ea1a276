"""Files for outside translators' tools: a TMX translation memory per language, and the glossary as TBX and CSV.

The TMX (1.4b) holds each translated or reviewed entry as a translation unit: its id (`tuid`, the unit id), its
status and notes, the source in its own language and the translation, inline Markdown as written (spans and links
are text a translator keeps). The TBX (TBX-Basic, ISO 30042 `martif`) gives each glossary term its renderings per
language, the first preferred and the others admitted, and each language's forbidden terms as deprecated, with
the reason. The CSV is the same glossary for a spreadsheet, one file per language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pipeline import catalog, files
from pipeline.catalog import PUBLISHABLE, Catalogue
from pipeline.qa.glossary import Glossary

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
CSV_COLUMNS = ("english", "translation", "status", "note")


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    written: tuple[Path, ...]  # those whose content changed
    units: int  # translation units in the TMX


def tmx(cat: Catalogue, source_language: str) -> str:
    """The catalogue's translated and reviewed entries as a TMX 1.4b document."""
    root = ElementTree.Element("tmx", version="1.4")
    ElementTree.SubElement(root, "header", {
        "creationtool": "manifesto", "creationtoolversion": "1", "datatype": "plaintext", "segtype": "paragraph",
        "adminlang": "en", "srclang": source_language, "o-tmf": "PO"})
    body = ElementTree.SubElement(root, "body")
    for entry in _published(cat):
        unit = ElementTree.SubElement(body, "tu", tuid=entry.msgctxt)
        ElementTree.SubElement(unit, "prop", type="x-status").text = str(entry.status)
        for note in entry.remarks:
            ElementTree.SubElement(unit, "note").text = note
        for lang, text in ((entry.source_language or source_language, entry.msgid), (cat.lang, entry.msgstr)):
            variant = ElementTree.SubElement(unit, "tuv", {XML_LANG: lang})
            ElementTree.SubElement(variant, "seg").text = text
    return _xml(root, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')


def _published(cat: Catalogue) -> list[catalog.Entry]:
    return [e for e in cat.entries if e.status in PUBLISHABLE and e.msgstr.strip()]


def tbx(glossary: Glossary, source_language: str) -> str:
    """The glossary as a TBX-Basic document: a term entry per term; forbidden terms deprecated, with the reason."""
    root = ElementTree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_language})
    header = ElementTree.SubElement(ElementTree.SubElement(root, "martifHeader"), "fileDesc")
    ElementTree.SubElement(ElementTree.SubElement(header, "sourceDesc"), "p").text = (
        "translations/glossary.yaml of the manifesto pipeline")
    body = ElementTree.SubElement(ElementTree.SubElement(root, "text"), "body")
    for i, term in enumerate(glossary.terms, start=1):
        entry = ElementTree.SubElement(body, "termEntry", id=f"term-{i}")
        for lang, renderings in term.renderings.items():
            langset = ElementTree.SubElement(entry, "langSet", {XML_LANG: lang})
            for n, form in enumerate(f for rendering in renderings for f in rendering):
                _term(langset, form, PREFERRED if n == 0 else ADMITTED)
    for i, rule in enumerate(glossary.forbidden, start=1):
        entry = ElementTree.SubElement(body, "termEntry", id=f"forbidden-{i}")
        ElementTree.SubElement(entry, "descrip", type="definition").text = rule.reason
        langset = ElementTree.SubElement(entry, "langSet", {XML_LANG: rule.lang})
        _term(langset, rule.term, DEPRECATED)
        for use in rule.use:
            _term(langset, use, PREFERRED)
    return _xml(root, "")


def _term(langset: ElementTree.Element, form: str, status: str) -> None:
    tig = ElementTree.SubElement(langset, "tig")
    ElementTree.SubElement(tig, "term").text = form
    ElementTree.SubElement(tig, "termNote", type="administrativeStatus").text = status


def glossary_csv(glossary: Glossary, source_language: str, lang: str) -> str:
    """One language's glossary for a spreadsheet: each rendering (preferred first), then what not to write."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for term in glossary.terms:
        english = "; ".join(f for r in term.renderings.get(source_language, ()) for f in r)
        for n, form in enumerate(f for r in term.renderings.get(lang, ()) for f in r):
            writer.writerow((english, form, "preferred" if n == 0 else "admitted", ""))
    for rule in glossary.forbidden:
        if rule.lang == lang:
            writer.writerow(("; ".join(rule.context), rule.term, "forbidden",
                             f"use {' or '.join(rule.use)}: {rule.reason}"))
    return out.getvalue()


def write(catalogues: Iterable[Catalogue], glossary: Glossary, source_language: str, out_dir: Path) -> list[Written]:
    """`<lang>.tmx` and `glossary-<lang>.csv` per catalogue, and `glossary.tbx`; all made before any is written."""
    made = []
    for cat in catalogues:
        texts = {out_dir / f"{cat.lang}.tmx": tmx(cat, source_language),
                 out_dir / f"glossary-{cat.lang}.csv": glossary_csv(glossary, source_language, cat.lang)}
        made.append((texts, len(_published(cat))))
    made.append(({out_dir / "glossary.tbx": tbx(glossary, source_language)}, 0))
    return [Written(tuple(texts), tuple(p for p, t in texts.items() if files.write_text(p, t)), units)
            for texts, units in made]


def _xml(root: ElementTree.Element, doctype: str) -> str:
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + ElementTree.tostring(root, "unicode") + "\n"
