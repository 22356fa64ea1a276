"""`manifesto audit`: read the built editions back and prove their language tagging, metadata and validity."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pipeline import assemble, files, langtag, localise, safety, source, typography
from pipeline.audit.layout import Verdict, docx_checks, epub_checks, pdf_checks, poppler
from pipeline.audit.links import docx_links, epub_links
from pipeline.audit.passages import Passage, W, normal, passages, run_texts, shown
from pipeline.audit.pdf import pdf_fonts, pdf_langs, pdf_links
from pipeline.errors import ToolError
from pipeline.localise import LEdition
from pipeline.project import Project
from pipeline.tools.epubcheck import check as epubcheck_all

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
A11Y = ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
        "schema:accessibilityHazard", "schema:accessibilitySummary")


@dataclass(frozen=True)
class Check:
    path: str
    name: str
    ok: bool
    detail: str = ""

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.path}: {self.name}{f' — {self.detail}' if self.detail else ''}"


@dataclass(frozen=True)
class AuditReport:
    checks: tuple[Check, ...]
    handout_pages: tuple[tuple[str, str, int], ...] = ()  # (language, theme, pages) of every handout PDF

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    def text(self, verbose: bool = False) -> str:
        lines = [str(c) for c in (self.checks if verbose else self.failures())]
        files = len({c.path for c in self.checks})
        for lang in dict.fromkeys(lang for lang, _, _ in self.handout_pages):
            counts = ", ".join(f"{theme} {pages}" for code, theme, pages in self.handout_pages if code == lang)
            lines.append(f"{lang} handouts, pages: {counts}")
        lines.append(f"audit: {len(self.checks) - len(self.failures())}/{len(self.checks)} checks passed "
                     f"on {files} file(s)" + ("" if self.checks else " — nothing built? run `manifesto build`"))
        return "\n".join(lines)


def audit(project: Project, epubcheck: bool = True) -> AuditReport:
    """Check every output built under `project.out` against the source and catalogues it was built from."""
    from pipeline import catalog

    out = project.out
    edition = source.load(project.source)
    checks: list[Check] = []
    epubs: list[Path] = []
    for lang in edition.languages:
        ledition = localise.localise(edition, lang, catalog.translations(lang, project.translations))
        for path, expected in _outputs(out / lang, ledition):
            checks += READERS[path.suffix](path, ledition.locale or lang, expected)
            epubs += [path] if path.suffix == ".epub" else []
    if epubcheck and epubs:
        checks += check_epubs(epubs)
    checks += [Check(str(path), "no temporary file left by a killed build", False,
                     "delete it (the next `manifesto build` sweeps it too)") for path in files.debris(out)]
    pages = tuple((lang, path.stem, pdf_pages(path)) for lang in edition.languages
                  for path in sorted((out / lang / "handouts").glob("*.pdf")))
    return AuditReport(tuple(checks), pages)


def _outputs(folder: Path, edition: LEdition) -> Iterator[tuple[Path, list[Passage]]]:
    for theme in edition.themes:
        expected = passages(shown(theme), edition.lang)
        for path in sorted((folder / "handouts").glob(f"{theme.id}.*")):
            yield path, expected
    body = [*(edition.strings[k] for k in assemble.colophon_labels(edition) if k in edition.strings),
            *(u for theme in edition.themes for u in shown(theme))]
    for path in sorted(folder.glob("manifesto.*")):
        # The DOCX's cover is a picture: its title and subtitle are its text alternative, which has no language.
        cover = [] if path.suffix == ".docx" else [edition.title, edition.subtitle]
        yield path, passages([*cover, *body], edition.lang)


def _tagged(path: str, expected: list[Passage], texts: dict[str, str], doc_lang: str) -> list[Check]:
    """One check: every expected passage appears inside text tagged with its language."""
    missing = [p for p in expected if normal(p.text) not in texts.get(p.lang, "")]
    langs = sorted({p.lang for p in expected})
    detail = (f"{len(expected)} passage(s) in {', '.join(langs) or 'no other language'}"
              if not missing else f"{len(missing)} untagged, e.g. [{missing[0].lang}] {missing[0].text[:70]!r}")
    return [Check(path, f"passages in other languages tagged (document: {doc_lang})", not missing, detail)]


def check_docx(path: Path, lang: str, expected: list[Passage]) -> list[Check]:
    import docx

    name = str(path)
    document = docx.Document(str(path))
    with zipfile.ZipFile(path) as package:
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
        parts = [ElementTree.fromstring(package.read(n)) for n in ("word/document.xml", "word/footnotes.xml")
                 if n in package.namelist()]
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    default_lang = default.get(f"{W}val") if default is not None else ""
    if default is not None and default.get(f"{W}eastAsia") == lang:  # Word's slot for Chinese, Japanese, Korean
        default_lang = lang
    if default_lang == langtag.parse(lang).word:  # the edition's language as Word's proofing wants it: fr-FR
        default_lang = lang
    texts = run_texts(parts)
    own = run_texts(parts, default_lang, str).get(lang, "") if typography.has_rules(lang) else ""
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs
              if p.style is not None and re.fullmatch(r"Heading \d", p.style.name)]
    jumps = [(a, b) for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
    blank = ".//w:drawing|.//w:fldChar|.//w:br[@w:type='page']"  # images, fields and page breaks are not empty
    # a paragraph whose style draws a border (the cover's rule) is a drawing too
    empty = sum(1 for p in document.paragraphs if not p.text.strip() and not p._p.xpath(blank)
                and not p.style.element.xpath("./w:pPr/w:pBdr"))
    core = document.core_properties
    return [
        Check(name, "default run language", default_lang == lang, f"{default_lang!r}"),
        Check(name, "title and language in properties", bool(core.title) and core.language == lang,
              f"title {core.title!r}, language {core.language!r}"),
        Check(name, "headings use heading styles in order", bool(levels) and not jumps,
              f"{len(levels)} headings" + (f", jumps {jumps[:3]}" if jumps else "")),
        Check(name, "no empty paragraphs", empty == 0, f"{empty} empty"),
        *_tagged(name, expected, texts, lang), *_typography(name, own, lang), _links(name, docx_links(path)),
        *_layout(name, docx_checks(path, full=path.parent.name != "handouts")),
    ]


def _links(name: str, targets: list[str]) -> Check:
    """One check: every link of the file goes to an allowed target (see pipeline/safety.py)."""
    bad = [t for t in targets if safety.target_problem(t)]
    detail = f"{len(targets)} link(s)" if not bad else (
        f"{len(bad)} not allowed, e.g. {bad[0]!r}: {safety.target_problem(bad[0])}")
    return Check(name, "links only to http(s), mailto or within the document", not bad, detail)


def check_epub(path: Path, lang: str, expected: list[Passage]) -> list[Check]:
    name = str(path)
    with zipfile.ZipFile(path) as package:
        opf = ElementTree.fromstring(package.read("EPUB/content.opf"))
        pages = [ElementTree.fromstring(package.read(n)) for n in sorted(package.namelist()) if n.endswith(".xhtml")]
    meta = opf.find(f"{OPF}metadata")
    assert meta is not None
    properties = {m.get("property") for m in meta.iter(f"{OPF}meta")}
    page_langs = {(p.get(XML_LANG), p.get("lang")) for p in pages}
    texts: dict[str, list[str]] = {}
    own = "\n".join(_own_text(page, lang) for page in pages) if typography.has_rules(lang) else ""
    for page in pages:
        for element in page.iter():
            tag_lang = element.get("lang") or element.get(XML_LANG)
            if tag_lang and element is not page:
                texts.setdefault(tag_lang, []).append(normal("".join(element.itertext())))
    return [
        Check(name, "package and every page in the document language",
              opf.get(XML_LANG) == lang and meta.findtext(f"{DC}language") == lang and page_langs == {(lang, lang)},
              f"dc:language {meta.findtext(f'{DC}language')!r}, pages {sorted(page_langs, key=str)}"),
        Check(name, "title in metadata", bool(meta.findtext(f"{DC}title")), repr(meta.findtext(f"{DC}title"))),
        Check(name, "accessibility metadata", all(p in properties for p in A11Y),
              ", ".join(p for p in A11Y if p not in properties) or "complete"),
        *_tagged(name, expected, {k: "\n".join(v) for k, v in texts.items()}, lang), *_typography(name, own, lang),
        _links(name, epub_links(path)), *_layout(name, epub_checks(path)),
    ]


def _own_text(element: ElementTree.Element, lang: str) -> str:
    """The text of `element` in `lang`: descendants tagged with another language, and code, left out (each leaves a
    mark that typography reads as a word's end, as it reads a span or code in the Markdown)."""
    parts = [element.text or ""]
    for child in element:
        child_lang = child.get("lang") or child.get(XML_LANG) or lang
        own = child_lang == lang and child.tag != f"{XHTML}code"
        parts += [_own_text(child, lang) if own else typography.OMITTED, child.tail or ""]
    return "".join(parts)


def _typography(name: str, text: str, lang: str) -> list[Check]:
    """One check for a document in a language with typography rules: its own text keeps them (pipeline/typography.py,
    the table assemble applied)."""
    if not text or not typography.has_rules(lang):
        return []
    found, language = typography.violations(text, lang), typography.rules(lang).name
    return [Check(name, f"{language} typography in {language} text", not found,
                  f"{len(found)} place(s), e.g. {found[0].excerpt!r}: {found[0].message}" if found else "as set")]


def check_pdf(path: Path, lang: str, expected: list[Passage]) -> list[Check]:
    name = str(path)
    info = poppler(["pdfinfo", str(path)])
    fonts = pdf_fonts(path)
    text = normal(poppler(["pdftotext", "-enc", "UTF-8", str(path), "-"]))
    title = re.search(r"^Title:\s*(.+)$", info, re.M)
    catalog, structure = pdf_langs(path)
    # The flat scan cannot see nesting: a passage in the document's own language may rightly inherit it.
    lang = _pdf_lang(lang)
    wanted = {_pdf_lang(p.lang) for p in expected} - {lang}
    return [
        Check(name, "title and language in metadata, tagged",
              bool(title) and catalog == lang and "Tagged:          yes" in info, f"/Lang {catalog!r}"),
        Check(name, "fonts embedded", bool(fonts) and all(embedded for _, embedded in fonts),
              f"{len(fonts)} font(s)" + "".join(f"; {font} not embedded" for font, embedded in fonts if not embedded)),
        Check(name, "text extractable", bool(title) and normal(title[1])[:20] in text, f"{len(text)} characters"),
        Check(name, "passages in other languages tagged", wanted <= structure,
              f"structure languages {sorted(structure)}; needed {sorted(wanted)}"),
        _links(name, pdf_links(path)),
        *_layout(name, pdf_checks(path, full=path.parent.name != "handouts")),
    ]


def pdf_pages(path: Path) -> int:
    found = re.search(r"^Pages:\s*(\d+)", poppler(["pdfinfo", str(path)]), re.M)
    return int(found[1]) if found else 0


def _layout(name: str, verdicts: list[Verdict]) -> list[Check]:
    return [Check(name, what, ok, detail) for what, ok, detail in verdicts]


def _pdf_lang(tag: str) -> str:
    """The /Lang Typst writes for `tag` (it has no script subtag)."""
    found = langtag.find(tag)
    return found.typst_tag if found else tag


READERS = {".docx": check_docx, ".epub": check_epub, ".pdf": check_pdf}


def check_epubs(paths: list[Path]) -> list[Check]:
    """EPUBCheck 5 on every EPUB (one JVM for all, see pipeline/tools/epubcheck.py): 0 errors and 0 warnings each."""
    name = "EPUBCheck: 0 errors, 0 warnings"
    try:
        return [Check(str(r.path), name, r.ok, r.summary()) for r in epubcheck_all(paths)]
    except ToolError as exc:
        return [Check(str(path), name, False, str(exc)) for path in paths]
