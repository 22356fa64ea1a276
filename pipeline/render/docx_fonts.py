"""The house faces in a DOCX: named in every script slot of a style, as the document's default, and in its font
table with the fallback Word and LibreOffice use where a face is not installed; never a theme font, which Word
would prefer to a named one."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from pipeline import files, house


def font(paragraph_style, face: str, size: float, colour: str) -> None:
    """The face in every script slot, and no theme font: a theme font attribute would override the face."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    paragraph_style.font.name = face
    paragraph_style.font.size = Pt(size)
    paragraph_style.font.color.rgb = RGBColor.from_string(colour)
    fonts = paragraph_style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), face)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def repackage(data: bytes, style: house.House) -> bytes:
    """The same package with the house faces as the document defaults (no theme fonts), their fallbacks in the font
    table, and every entry dated 1980-01-01 (pandoc copies some parts as they are, and their zip dates would
    otherwise make each DOCX depend on when its reference was made)."""
    def edit(name: str, content: bytes) -> bytes:
        if name == "word/styles.xml":
            return _default_fonts(content, style)
        return _font_table(content, style) if name == "word/fontTable.xml" else content

    return files.repack(data, (1980, 1, 1, 0, 0, 0), edit)


def _default_fonts(styles_xml: bytes, style: house.House) -> bytes:
    """The serif as the document default, and no theme font anywhere: Word prefers a theme font to a named one."""
    serif = escape(str(style.type["serif"]), {'"': "&quot;"})
    fonts = f'<w:rFonts w:ascii="{serif}" w:hAnsi="{serif}" w:cs="{serif}" w:eastAsia="{serif}"/>'
    styles_xml = re.sub(rb"<w:rFonts [^>]*/>", lambda _: fonts.encode(), styles_xml, count=1)  # the first: docDefaults
    return re.sub(rb' w:(?:ascii|hAnsi|eastAsia|cs)[tT]heme="[^"]*"', b"", styles_xml)


def _font_table(table_xml: bytes, style: house.House) -> bytes:
    """Name each house face with the fallback Word and LibreOffice use where it is not installed."""
    entries = ""
    for face, fallback, family in (("serif", "serif-fallback", "roman"), ("sans", "sans-fallback", "swiss")):
        name, alt = (escape(str(style.type[k]), {'"': "&quot;"}) for k in (face, fallback))
        entries += f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:family w:val="{family}"/></w:font>'
    return table_xml.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")
