"""The house faces in a DOCX: named in every script slot of a style, as the document's default, and in its font
table with the fallback Word and LibreOffice use where a face is not installed; never a theme font, which Word
would prefer to a named one. The font files are embedded as Word embeds them (obfuscated, `embed`), so Word and
LibreOffice on any machine set the document in them."""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import cache
from pathlib import Path
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


def natural_line(style: house.House, family: str) -> float:
    """The line of `family`'s regular face as a multiple of its size (its ascent and descent, as Word's "single"
    line spacing takes them): 1.64 for Charis SIL."""
    from PIL import ImageFont

    face = next(f for f in style.faces() if f.family == family and (f.weight, f.style) == ("normal", "normal"))
    ascent, descent = ImageFont.truetype(str(face.path), 1000).getmetrics()
    return (ascent + descent) / 1000


#: Word's slot in the font table (`w:embedRegular`…) of a face of a given (weight, style).
SLOTS = {("normal", "normal"): "embedRegular", ("bold", "normal"): "embedBold",
          ("normal", "italic"): "embedItalic", ("bold", "italic"): "embedBoldItalic"}
_FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def embed(style: house.House) -> tuple[dict[str, bytes], dict[str, str]]:
    """The house faces (`[fonts]`) as Word embeds them: the parts to add (`word/fonts/fontN.odttf`, obfuscated, and
    the font table's relationships), and, by family, the `w:embed…` elements its `w:font` entry takes (each with
    its key, derived from the file, so two builds give the same bytes)."""
    parts: dict[str, bytes] = {}
    elements: dict[str, str] = {}
    relationships = ""
    faces = sorted(style.faces(), key=lambda f: (f.family, list(SLOTS).index((f.weight, f.style))))
    for number, face in enumerate(faces, start=1):
        key, data = _obfuscated(face.path)
        parts[f"word/fonts/font{number}.odttf"] = data
        relationships += (f'<Relationship Id="rIdFont{number}" Type="{_FONT_RELATIONSHIP}" '
                          f'Target="fonts/font{number}.odttf"/>')
        elements[face.family] = (elements.get(face.family, "") +
                                 f'<w:{SLOTS[face.weight, face.style]} r:id="rIdFont{number}" w:fontKey="{key}"/>')
    parts["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>').encode()
    return parts, elements


@cache
def _obfuscated(path: Path) -> tuple[str, bytes]:
    """A font file obfuscated as ECMA-376 says (part 2, 17.8.1): its first 32 bytes XORed with its key, a GUID
    whose 16 bytes are taken in reverse order; and that key, as the font table writes it."""
    data = path.read_bytes()
    key = uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])
    mask = bytes.fromhex(key.hex)[::-1] * 2
    return "{" + str(key).upper() + "}", bytes(a ^ b for a, b in zip(data[:32], mask, strict=True)) + data[32:]


def deobfuscate(data: bytes, key: str) -> bytes:
    """An embedded font's file (`embed`'s inverse: the XOR undoes itself), for reading one back."""
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1] * 2
    return bytes(a ^ b for a, b in zip(data[:32], mask, strict=True)) + data[32:]
