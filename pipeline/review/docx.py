"""The bilingual review DOCX: a table per theme (id | source | translation | status | comment), written and read."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pipeline import catalog, files, langtag
from pipeline.review import Group, Review, Row
from pipeline.review.cells import COLUMNS, FORMAT, MARKER, PREVIOUS, fingerprint, notes_text

WIDTHS = (Cm(4.2), Cm(7.9), Cm(7.9), Cm(2.7), Cm(4.0))  # 26.7 cm: A4 landscape within 1.5 cm margins
READ_ONLY = "Review Read-only"  # character style of the id and source columns
FINGERPRINT = "Review Fingerprint"  # paragraph style of the row fingerprint under the id
TRANSLATION = "Review Translation"  # paragraph style carrying the target language, so typed text gets it too
QUERY = "Review Query"  # character style of the `query:` label in the Comment column
GREY = "E7E6E6"
_RPR_TAIL = ("w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
             "w:specVanish", "w:oMath")


def render(review: Review) -> bytes:
    """The review DOCX of `review`, byte-for-byte reproducible (dates from SOURCE_DATE_EPOCH)."""
    doc = Document()
    _setup(doc, review)
    for group in review.groups:
        _group(doc, group, review)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reproducible(buffer.getvalue(), _when(review))


def _setup(doc: DocumentObject, review: Review) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    _styles(doc, review.lang)
    tag = langtag.parse(review.lang)
    props = doc.core_properties
    props.identifier = f"{MARKER} {FORMAT} {review.lang}"
    props.language, props.title = tag.word, f"Translation review: {tag.english_name} ({review.lang})"
    props.subject, props.author, props.last_modified_by = str(review.catalogue), "manifesto review", "manifesto"
    props.created = props.modified = _when(review)
    props.revision, props.keywords, props.comments = 1, "", ""
    doc.add_heading(props.title, level=0)
    doc.add_paragraph(
        f"Edit only the Translation, Status and Comment columns (white). The grey Id and Source columns are "
        f"read-only: the importer ignores edits there. Set Status to “reviewed” for every row you approve. "
        f"Then run: manifesto import-review {review.lang} <this file>. Track changes may stay on: insertions "
        f"are read as accepted, deletions as done. A line of the Comment column that starts with “query:” is a "
        f"question for the publisher (a doubt, or a problem in the source): keep it, answer it, or add one.")
    doc.add_paragraph(f"{MARKER} {FORMAT} {review.lang} · catalogue {review.catalogue} · {review.generated} "
                      f"· keep this line", style=FINGERPRINT)


def _styles(doc: DocumentObject, lang: str) -> None:
    styles = doc.styles
    read_only = styles.add_style(READ_ONLY, WD_STYLE_TYPE.CHARACTER)
    read_only.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    _shade_rpr(read_only.element.get_or_add_rPr())
    fp = styles.add_style(FINGERPRINT, WD_STYLE_TYPE.PARAGRAPH)
    fp.base_style = styles["Normal"]
    fp.font.size, fp.font.color.rgb = Pt(6.5), RGBColor(0x80, 0x80, 0x80)
    previous = styles.add_style(PREVIOUS, WD_STYLE_TYPE.PARAGRAPH)
    previous.base_style, previous.font.size = styles["Normal"], Pt(8)
    query = styles.add_style(QUERY, WD_STYLE_TYPE.CHARACTER)
    query.font.bold, query.font.color.rgb = True, RGBColor(0x9A, 0x5B, 0x00)
    translation = styles.add_style(TRANSLATION, WD_STYLE_TYPE.PARAGRAPH)
    translation.base_style = styles["Normal"]
    _lang_rpr(translation.element.get_or_add_rPr(), lang)


def _group(doc: DocumentObject, group: Group, review: Review) -> None:
    doc.add_heading(f"{group.title} ({group.id})", level=1)
    p = group.progress
    reviewed = p.count("reviewed")
    queries = sum(len(r.queries) for r in group.rows)
    doc.add_paragraph(f"{p.done}/{p.total} translated ({p.percent(p.done)}%) · {reviewed}/{p.total} reviewed "
                      f"({p.percent(reviewed)}%)" + (f" · {queries} quer{'y' if queries == 1 else 'ies'}" if queries
                                                     else ""))
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width  # the grid: LibreOffice reads widths from it, Word from the cells
    heads = (*COLUMNS[:2], f"Translation ({review.lang})", *COLUMNS[3:])
    for cell, text, width in zip(table.rows[0].cells, heads, WIDTHS, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for row in group.rows:
        _row(table, row, review.lang)


def _row(table: Table, row: Row, lang: str) -> None:
    cells = table.add_row().cells
    for cell, width in zip(cells, WIDTHS, strict=True):
        cell.width = width
    ident, src, dst, status, comment = cells
    ident.paragraphs[0].add_run(row.id, style=READ_ONLY).font.size = Pt(8.5)
    ident.add_paragraph(str(fingerprint(row)), style=FINGERPRINT)
    _lang_rpr(src.paragraphs[0].add_run(row.source, style=READ_ONLY)._r.get_or_add_rPr(), row.source_lang)
    if row.diff:
        _diff(src.add_paragraph(style=PREVIOUS), row)
    for cell in (ident, src):
        _shade_cell(cell)
    dst.paragraphs[0].style = TRANSLATION
    if row.translation:
        _lang_rpr(dst.paragraphs[0].add_run(row.translation)._r.get_or_add_rPr(), lang)
    status.paragraphs[0]._p.append(_dropdown(row.status))
    for i, note in enumerate(notes_text(row.notes).splitlines()):
        _note(comment.paragraphs[0] if i == 0 else comment.add_paragraph(), note)


def _note(paragraph: Paragraph, note: str) -> None:
    """A comment line; a query's `query:` label stands out (the text is the same, so the import reads it back)."""
    if note.startswith(catalog.QUERY_PREFIX):
        paragraph.add_run(catalog.QUERY_PREFIX, style=QUERY)
        note = note.removeprefix(catalog.QUERY_PREFIX)
    paragraph.add_run(note)


def _diff(paragraph: Paragraph, row: Row) -> None:
    """What changed in the source since it was translated: deletions struck through, insertions underlined."""
    paragraph.add_run("Source changed since translated: ", style=READ_ONLY).italic = True
    for op, text in row.diff:
        run = paragraph.add_run(text, style=READ_ONLY)
        run.font.strike, run.font.underline = op == "delete", op == "insert"
        _lang_rpr(run._r.get_or_add_rPr(), row.source_lang)


def _dropdown(status: str) -> BaseOxmlElement:
    """A drop-down content control holding the status: the exported one, `reviewed`, `translated` where allowed."""
    choices = dict.fromkeys([status, "reviewed", *(["translated"] if status in ("untranslated", "reviewed") else [])])
    items = "".join(f'<w:listItem w:displayText="{c}" w:value="{c}"/>' for c in choices)
    return parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Status"/><w:tag w:val="status"/>'
                     f'<w:dropDownList>{items}</w:dropDownList></w:sdtPr>'
                     f'<w:sdtContent><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>{status}</w:t></w:r></w:sdtContent>'
                     f'</w:sdt>')


def _lang_rpr(rpr: CT_RPr, lang: str) -> None:
    el = OxmlElement("w:lang")
    tag = langtag.find(lang)  # a source language read from the catalogue's comments may be anything
    el.set(qn("w:val"), tag.word if tag else lang)
    rpr.insert_element_before(el, *_after("w:lang"))


def _shade_rpr(rpr: CT_RPr) -> None:
    rpr.insert_element_before(_shd(), *_after("w:shd"))


def _shade_cell(cell: _Cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.insert_element_before(_shd(), "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _shd() -> OxmlElement:
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), GREY)
    return el


def _after(tag: str) -> tuple[str, ...]:
    """The w:rPr children that must follow `tag` (ECMA-376 order; Word rejects them out of order)."""
    return _RPR_TAIL[_RPR_TAIL.index(tag) + 1:]


def _when(review: Review) -> datetime:
    """The review's date (SOURCE_DATE_EPOCH when set), so the file does not change between identical runs."""
    return datetime.strptime(review.generated, "%Y-%m-%d %H:%M+0000")


def _reproducible(data: bytes, when: datetime) -> bytes:
    """The package re-zipped with its members stamped `when` (python-docx stamps each with the current time)."""
    return files.repack(data, max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0)), mode=0o644)
