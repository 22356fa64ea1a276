"""The DOCX house style: pandoc's own reference.docx restyled from the house style (A4, faces, colours, named
styles, a running footer; its faces: docx_fonts.py), cached by the hash of what makes it. docx_finish.py
finishes each DOCX made with it."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pipeline import files, house
from pipeline.render import docx_fonts
from pipeline.tools import pandoc

#: (style, size, colour, bold, space before, space after): the title block and the headings; a section heading's
#: spacing is named, as Word must be told it (`_word_spacing`).
_TITLE_BLOCK = (("Title", "cover.title-size", "brand", True, 150, 10), ("Subtitle", "cover.subtitle-size", "accent",
                                                                        False, 0, 24))
_HEADINGS = (("Heading 1", "type.heading-1", 0, 12), ("Heading 2", "type.heading-2", "heading-2-above",
                                                     "heading-2-below"),
             ("Heading 3", "type.heading-3", 12, 4))
FOOTER_STYLE = "Running Footer"
BAND_KICKER, BAND_SUBTITLE = "Band Kicker", "Band Subtitle"


#: The kinds of document with a reference of their own; "handout-fit" is for a handout that print sets tighter
#: (render.fit), with the house style's `[fit]` spacing.
KINDS = ("full", "handout", "handout-fit")


def ensure(cache: Path, kind: str) -> Path:
    """The reference.docx of a kind of document (`KINDS`) for this version of the style (made once into `cache`,
    then reused)."""
    made_by = Path(__file__).read_bytes() + Path(docx_fonts.__file__).read_bytes()
    key = hashlib.sha256(made_by + house.FILE.read_bytes() + pandoc.version().encode())
    path = cache / f"reference-{kind}-{key.hexdigest()[:12]}.docx"
    if not path.exists():
        files.write_bytes(path, make(kind))
    return path


def make(kind: str = "full") -> bytes:
    """The restyled reference document, as bytes; a handout's sets its title (Heading 1) in the navy band, and a
    fitted handout's sets its text with the house style's `[fit]` spacing."""
    import docx
    from docx.oxml import OxmlElement

    style = house.load().fitted() if kind == "handout-fit" else house.load()
    document = docx.Document(io.BytesIO(pandoc.default_reference_docx()))
    _text_styles(document.styles, style)
    _band(document.styles, style) if kind.startswith("handout") else _cover(document.styles, style)
    _page(document.sections[0], style)
    # Hyphenate automatically, by each run's language (Word's setting; LibreOffice reads it too).
    document.settings.element.append(OxmlElement("w:autoHyphenation"))
    out = io.BytesIO()
    document.save(out)
    return docx_fonts.repackage(out.getvalue(), style)


def _page(section, style: house.House) -> None:
    """A4 with the house margins, and a footer paragraph (`finish` writes each document's line into it)."""
    from docx.shared import Mm

    page = style.page
    section.page_width, section.page_height = Mm(page["width-mm"]), Mm(page["height-mm"])
    section.left_margin = section.right_margin = Mm(page["margin-x-mm"])
    section.top_margin, section.bottom_margin = Mm(page["margin-top-mm"]), Mm(page["margin-bottom-mm"])
    section.footer_distance = Mm(page["margin-bottom-mm"] / 2)
    section.footer.is_linked_to_previous = False
    section.footer.paragraphs[0].style = FOOTER_STYLE


def _text_styles(styles, style: house.House) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm, Pt, RGBColor

    serif, sans, space = style.type["serif"], style.type["sans"], style.space
    docx_fonts.font(styles["Normal"], serif, style.type["body-size"], style.hex("text"))
    normal = styles["Normal"].paragraph_format
    # The house line height as a multiple of the face's own line (Word's "multiple" is of the face's ascent and
    # descent, 1.64 times the size in Charis SIL): it grows with a larger size or a picture, where an exact height
    # would clip them, and an "at least" would be the face's own, looser line.
    normal.space_after = Pt(space["paragraph"])
    normal.line_spacing = round(float(style.type["line-height"]) / docx_fonts.natural_line(style, serif), 3)
    for name in ("Body Text", "First Paragraph"):
        styles[name].paragraph_format.space_before, styles[name].paragraph_format.space_after = (
            Pt(0), Pt(space["paragraph"]))
    styles["Compact"].paragraph_format.space_before = Pt(0)
    styles["Compact"].paragraph_format.space_after = Pt(space["list-item"])
    for name in ("Body Text", "First Paragraph", "Compact"):  # justified, as in print (hyphenation is on)
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, size, colour, bold, before, after in _TITLE_BLOCK:
        _heading(styles[name], sans, _value(style, size), style.hex(colour), bold, before, after)
    for name in ("Author", "Date"):
        _heading(styles[name], sans, style.cover["network-size"] + 1.5, style.hex("brand"), name == "Author", 0, 2)
    word = _word_spacing(style)  # a section heading's, as Word counts spacing
    for name, size, before, after in _HEADINGS:
        _heading(styles[name], sans, _value(style, size), style.hex("brand"), True, word.get(before, before),
                 word.get(after, after))
    sizes = {name: _value(style, size) for name, size, *_ in (*_TITLE_BLOCK, *_HEADINGS)}
    for name, size in sizes.items():  # their linked character styles, which Word uses for part of a paragraph
        docx_fonts.font(styles[f"{name} Char"], sans, size, style.hex("brand"))
    _heading(styles["TOC Heading"], sans, style.type["heading-1"], style.hex("brand"), True, 0, 18)
    toc = styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = styles["Normal"]
    docx_fonts.font(toc, sans, style.type["body-size"] + 0.5, style.hex("brand"))
    toc.paragraph_format.space_after = Pt(6)
    text_width = Mm(style.page["width-mm"] - 2 * style.page["margin-x-mm"])
    toc.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    styles["TOC Heading"].paragraph_format.page_break_before = True  # after the cover
    footer = styles.add_style(FOOTER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = styles["Normal"]
    docx_fonts.font(footer, sans, style.type["footer-size"], style.hex("brand"))
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    handout = styles.add_style("Handout Footer", WD_STYLE_TYPE.PARAGRAPH)
    handout.base_style = styles["Normal"]
    docx_fonts.font(handout, sans, style.type["footer-size"], style.hex("brand"))
    handout.paragraph_format.space_before = Pt(18)
    handout.paragraph_format.keep_together = True  # and kept with the text before it (docx_finish.py)
    practice = styles.add_style("Practice", WD_STYLE_TYPE.PARAGRAPH)  # set apart by a rule, as in print
    practice.base_style = styles["Normal"]
    practice.paragraph_format.left_indent = Pt(10)
    practice.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _rule(practice, style.hex("accent"))
    # A practice's name: a paragraph of its own over its text (a justified line ended by a manual break would be
    # stretched), set left, kept with the text, the same rule at the same indent (so the two are drawn as one).
    title = styles.add_style("Practice Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = practice
    docx_fonts.font(title, sans, style.type["body-size"], style.hex("brand"))
    title.font.bold = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.keep_with_next = True
    name = styles.add_style("Practice Name", WD_STYLE_TYPE.CHARACTER)
    name.font.name, name.font.bold = sans, True
    name.font.color.rgb = RGBColor.from_string(style.hex("brand"))
    reference = styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH)  # a reference: hanging indent, italic
    reference.base_style = styles["Normal"]
    reference.font.italic = True
    reference.paragraph_format.left_indent, reference.paragraph_format.first_line_indent = Pt(14), Pt(-14)
    reference.paragraph_format.space_after = Pt(space["list-item"])
    notice = styles.add_style("Edition Notice", WD_STYLE_TYPE.PARAGRAPH)  # a draft's or preview's first words
    notice.base_style = styles["Normal"]
    docx_fonts.font(notice, sans, style.type["body-size"], style.hex("brand"))
    notice.font.bold = True
    notice.paragraph_format.left_indent = Pt(10)
    notice.paragraph_format.space_before, notice.paragraph_format.space_after = Pt(6), Pt(12)
    _rule(notice, style.hex("accent"))
    # A link whose target the export lost: a marker for editors (Word's style list finds them), never a look.
    styles.add_style("Unknown Link", WD_STYLE_TYPE.CHARACTER)
    styles["Hyperlink"].font.color.rgb = RGBColor.from_string(style.hex("accent"))


def _band(styles, style: house.House) -> None:
    """The handout's title band: kicker, title (Heading 1, so it stays the document's first heading) and
    subtitle in one navy box (paragraphs with the same border and shading are drawn as one)."""
    from docx.enum.style import WD_STYLE_TYPE

    band = style.band
    kicker = styles.add_style(BAND_KICKER, WD_STYLE_TYPE.PARAGRAPH)
    subtitle = styles.add_style(BAND_SUBTITLE, WD_STYLE_TYPE.PARAGRAPH)
    sans = style.type["sans"]
    _heading(kicker, sans, band["kicker-size"], style.hex("band-kicker"), True, 3, 2)
    kicker.font.all_caps = True  # capitals by the style: the text stays as written (Lua's upper() is ASCII only)
    _heading(styles["Heading 1"], sans, band["title-size"], "FFFFFF", True, 0, 2)
    _heading(subtitle, sans, band["subtitle-size"], "FFFFFF", False, 0, 3)
    for paragraph_style in (kicker, styles["Heading 1"], subtitle):
        paragraph_style.base_style = paragraph_style.base_style or styles["Normal"]
        paragraph_style.paragraph_format.line_spacing = 1.0
        _shade(paragraph_style, style.hex("brand"))


#: The cover's live text over its art (docx.lua), as print sets it (typst/cover.typ): (style, size, colour, bold,
#: space before, space after); the kicker's space before is what print's cover insets more than the page margin.
#: The last line sits low, with room left for a title of three lines and a draft's mark (a frame at the page's foot
#: would hold it there, but LibreOffice drops a framed paragraph before a page break).
_COVER = (("Cover Kicker", "cover.kicker-size", "band-kicker", True, 12, 0),
          ("Cover Title", "cover.title-size", "white", True, 200, 14),
          ("Cover Subtitle", "cover.subtitle-size", "white", False, 10, 0),
          ("Cover Mark", "cover.subtitle-size", "band-kicker", True, 12, 0),
          ("Cover Network", "cover.network-size", "white", False, 200, 0))


def _cover(styles, style: house.House) -> None:
    """The full edition's cover, live text over the navy art, set left as on the print cover; and each theme (a
    Heading 1) on a page of its own, by the style's page break before."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    sans = style.type["sans"]
    for name, size, colour, bold, before, after in _COVER:
        paragraph_style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph_style.base_style = styles["Normal"]
        _heading(paragraph_style, sans, _value(style, size) * (0.8 if name == "Cover Mark" else 1),
                 "FFFFFF" if colour == "white" else style.hex(colour), bold, before, after)
        paragraph_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph_style.paragraph_format.line_spacing = 1.0
        paragraph_style.paragraph_format.right_indent = Mm(style.page["width-mm"] * 0.1)
        _no_hyphens(paragraph_style)  # as in print: no word of the cover is hyphenated
    styles["Cover Kicker"].font.all_caps = True
    rule = styles.add_style("Cover Rule", WD_STYLE_TYPE.PARAGRAPH)  # print's accent rule under the title
    rule.base_style = styles["Normal"]
    rule.font.size = Pt(2)
    rule.paragraph_format.space_after = Pt(10)
    rule.paragraph_format.line_spacing = 1.0
    rule.paragraph_format.right_indent = Mm(style.page["width-mm"] - 2 * style.page["margin-x-mm"]
                                            - style.cover["rule-width-mm"])
    _border(rule, "bottom", style.hex("accent"), round(style.cover["rule-thickness"] * 8))
    network = styles["Cover Network"].paragraph_format
    network.right_indent = Pt(0)
    network.tab_stops.add_tab_stop(Mm(style.page["width-mm"] - 2 * style.page["margin-x-mm"]),
                                   WD_TAB_ALIGNMENT.RIGHT)
    styles["Heading 1"].paragraph_format.page_break_before = True


#: A paragraph property's successors in the schema's order (after w:framePr), to insert one before them.
_AFTER_FRAME = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr")


def _no_hyphens(paragraph_style) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph_style.element.get_or_add_pPr().insert_element_before(
        parse_xml(f'<w:suppressAutoHyphens {nsdecls("w")}/>'), *_AFTER_FRAME[_AFTER_FRAME.index("w:spacing"):])


def _rule(paragraph_style, colour: str) -> None:
    """A rule on the left of the paragraph, in `colour`."""
    _border(paragraph_style, "left", colour, 12, 8)


def _border(paragraph_style, side: str, colour: str, eighths: int, space: int = 0) -> None:
    """A rule of `eighths` of a point on one `side` of the paragraph, `space` points from its text."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    successors = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr")
    rule = (f'<w:pBdr {nsdecls("w")}><w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" '
            f'w:color="{colour}"/></w:pBdr>')
    paragraph_style.element.get_or_add_pPr().insert_element_before(parse_xml(rule), *successors)


def _shade(paragraph_style, colour: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    pPr = paragraph_style.element.get_or_add_pPr()
    sides = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="10" w:color="{colour}"/>'
                    for side in ("top", "left", "bottom", "right"))
    successors = ("w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr")
    pPr.insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>"), "w:shd", *successors)
    pPr.insert_element_before(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{colour}"/>'),
                              *successors)


def _value(style: house.House, dotted: str) -> float:
    """The house style's value `dotted` names: `"type.heading-2"`."""
    table, key = dotted.split(".")
    return getattr(style, table)[key]


def _word_spacing(style: house.House) -> dict[str, float]:
    """The house style's spacing around a section heading, as Word counts it. Print's is the whole gap, but Word
    adds the previous paragraph's space after to a heading's space before, and sets the first line after it in a
    line box whose leading sits above its text: both are taken off, so the heading sits where print puts it."""
    leading = style.line - float(style.type["body-size"])  # type: ignore[arg-type]
    return {"heading-2-above": max(0.0, style.space["heading-2-above"] - style.space["paragraph"]),
            "heading-2-below": round(max(0.0, style.space["heading-2-below"] - leading), 1)}


def _heading(paragraph_style, face: str, size: float, colour: str, bold: bool, before: float, after: float) -> None:
    from docx.shared import Pt

    docx_fonts.font(paragraph_style, face, size, colour)
    paragraph_style.font.bold = bold
    fmt = paragraph_style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
