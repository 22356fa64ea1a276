"""The last touches to a DOCX pandoc made with the house reference (docx_style.py): its footer line, its default
language as Word wants it, its document properties, the cover art filling the first page, the house faces
embedded, the settings pandoc does not carry over from a reference, and the handout's closing note kept with the
text before it."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline import files, house
from pipeline.render import docx_fonts
from pipeline.render.docx_style import FOOTER_STYLE


def finish(path: Path, title: str, creator: str, running: str, page_count: bool, lang: str,
           cover: bool = False, contents: bool = False) -> None:
    """Write the document's footer line into a DOCX made with the reference: `running` on the left, the page
    number on the right (`page / pages` when `page_count`; Word and LibreOffice fill the number fields in); and
    its default language as Word's proofing tools want it (`fr-FR`, where pandoc writes `fr`); and its `title` and
    `creator` in the document properties when no title block gave them. With a `cover` (the document's first
    picture), the picture fills the first page, which has no footer. With `contents` (page numbers in PAGEREF
    fields), Word is asked to update the fields on opening (LibreOffice always does). The house faces are
    embedded, and the handout's closing note (style "Handout Footer") is kept with the paragraph before it."""
    fields = _field("PAGE") + (f'<w:r><w:t xml:space="preserve"> / </w:t></w:r>{_field("NUMPAGES")}'
                               if page_count else "")
    paragraph = (f'<w:p><w:pPr><w:pStyle w:val="{FOOTER_STYLE.replace(" ", "")}"/></w:pPr>'
                 f'<w:r><w:t xml:space="preserve">{escape(running)}</w:t></w:r><w:r><w:tab/></w:r>{fields}</w:p>')
    fonts, embedded = docx_fonts.embed(house.load())

    def edit(name: str, data: bytes) -> bytes:
        if re.fullmatch(r"word/footer\d+\.xml", name):
            # a function, never a template: a backslash in the text ("\\index") is text, not a group reference
            return re.sub(rb"<w:p\b.*</w:p>|<w:p/>", lambda _: paragraph.encode(), data, count=1, flags=re.S)
        if name == "docProps/core.xml":  # a handout has no title block, so pandoc leaves these empty
            for tag, value in (("dc:title", title), ("dc:creator", creator)):
                data = data.replace(f"<{tag}></{tag}>".encode(), f"<{tag}>{escape(value)}</{tag}>".encode())
            return data
        if name == "word/document.xml":
            return _cover_page(_keep_with_previous(data)) if cover else _keep_with_previous(data)
        if name == "word/settings.xml":
            return _settings(data, contents)
        if name == "word/fontTable.xml":
            return _embedded(data, embedded)
        if name == "[Content_Types].xml":
            return data.replace(b"<Default ", f'<Default Extension="odttf" ContentType="{docx_fonts.OBFUSCATED}" />'
                                              '<Default '.encode(), 1)
        if name == "word/numbering.xml":
            return _list_levels(data)
        if name == "word/styles.xml":  # the first w:lang is the document default's
            return re.sub(rb'(<w:lang [^>]*?w:val=")[^"]*"', lambda m: m[1] + escape(lang).encode() + b'"', data,
                          count=1)
        return data

    files.rewrite_zip(path, edit, sorted(fonts.items()))


def _settings(settings: bytes, update_fields: bool) -> bytes:
    """Settings pandoc does not take from the reference, where the schema's order puts them: the fonts embedded;
    Word asked to update the fields on opening (the contents' page numbers); a justified line ended by a manual
    break not stretched (`doNotExpandShiftReturn`, which LibreOffice honours too)."""
    settings = re.sub(rb"<w:embedSystemFonts ?/>|(?=<w:saveSubsetFonts|<w:mirrorMargins|<w:defaultTabStop)",
                      lambda m: b"<w:embedTrueTypeFonts />" + m[0], settings, count=1)
    later = b"<w:updateFields w:val=\"true\" />" if update_fields else b""
    later += b"<w:compat><w:doNotExpandShiftReturn /></w:compat>"
    return re.sub(rb"(?=<w:rsids\b|<m:mathPr\b|<w:themeFontLang\b|<w:decimalSymbol\b)", lambda _: later, settings,
                  count=1)


def _embedded(table: bytes, embedded: dict[str, str]) -> bytes:
    """Each house face's entry in the font table with its embedded files (`w:embedRegular`…, the entry's last)."""
    for family, elements in embedded.items():
        entry = re.compile(rb'(<w:font w:name="' + re.escape(escape(family, {'"': "&quot;"}).encode()) +
                           rb'">.*?)(</w:font>)', re.S)
        more = elements.encode()
        table = entry.sub(lambda m, more=more: m[1] + more + m[2], table, count=1)
    return table  # its root declares the r: namespace (pandoc's reference does)


#: The paragraph style of the handout's closing note ("This brief is an extract from…"), as document.xml names it.
_CLOSING = b'<w:pStyle w:val="HandoutFooter" />'


def _keep_with_previous(document: bytes) -> bytes:
    """The paragraph before the handout's closing note kept with it (`w:keepNext`), so the note never stands alone
    on a last page."""
    at = document.find(_CLOSING)
    start = document.rfind(b"<w:p>", 0, document.rfind(b"<w:p>", 0, at))
    if at < 0 or start < 0:
        return document
    head = document[start:at]
    if head.startswith(b"<w:p><w:pPr><w:pStyle "):
        close = document.index(b"/>", start) + 2
        return document[:close] + b"<w:keepNext />" + document[close:]
    if head.startswith(b"<w:p><w:pPr>"):
        return document[:start + 12] + b"<w:keepNext />" + document[start + 12:]
    return document[:start + 5] + b"<w:pPr><w:keepNext /></w:pPr>" + document[start + 5:]


def _field(code: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
            f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


#: The page in EMU (A4: 210 x 297 mm at 36,000 EMU a millimetre), and how a picture is anchored to fill it:
#: at the page's corner, behind the text, wrapping nothing (the schema's order: position, extent, wrap, docPr).
_PAGE_EMU = (210 * 36000, 297 * 36000)
_ANCHOR = ('<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0" behindDoc="1" '
           'locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           '<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
           '<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>')


def _cover_page(document: bytes) -> bytes:
    """The first picture (pandoc's inline image, scaled to the text width) anchored over the whole first page,
    and that page without a footer (`titlePg` with no first-page footer)."""
    xml = document.decode()
    start, end = xml.index("<wp:inline"), xml.index("</wp:inline>") + len("</wp:inline>")
    inline = re.sub(r"<wp:extent [^>]*/>", '<wp:extent cx="{}" cy="{}"/>'.format(*_PAGE_EMU), xml[start:end], count=1)
    inline = re.sub(r'(<a:ext )cx="\d+" cy="\d+"', r'\g<1>cx="{}" cy="{}"'.format(*_PAGE_EMU), inline, count=1)
    body = inline[inline.index(">") + 1:-len("</wp:inline>")]
    body = body.replace("<wp:docPr", "<wp:wrapNone/><wp:docPr", 1)
    # pandoc describes the picture itself by its file's path (a scratch folder): describe it by the cover's text.
    alt = re.search(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    body = re.sub(r'(<pic:cNvPr [^>]*descr=")[^"]*"', lambda m: m[1] + (alt[1] if alt else "") + '"', body, count=1)
    anchored = f"{_ANCHOR}{body}</wp:anchor>"
    xml = xml[:start] + anchored + xml[end:]
    at = xml.rindex("</w:sectPr>")
    return (xml[:at] + "<w:titlePg/>" + xml[at:]).encode()


#: A bullet's width in points (the face's bullet at body size), between its indent and its text's.
_BULLET = 4.0


#: The bullets of print (templates/typst/style.typ: `list(marker: ([•], [–]))`), a level each, in turn.
MARKERS = ("•", "–")


def _list_levels(numbering: bytes) -> bytes:
    """Bullets as in print: print's markers in the body face, where print puts them (house style `list-indent`,
    `list-body-indent`), each level one text start further in. pandoc writes Word's defaults: Symbol, Courier New
    "o" and Wingdings glyphs, half an inch a level, which makes every line of a list shorter."""
    style = house.load()
    space, face = style.space, style.type["serif"]
    text = (space["list-indent"] + _BULLET + space["list-body-indent"]) * 20  # twips
    hanging = round((_BULLET + space["list-body-indent"]) * 20)
    face = escape(face, {'"': "&quot;"})
    fonts = f'<w:rPr><w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:hint="default" /></w:rPr>'.encode()

    def level(found: re.Match) -> bytes:
        if b'w:val="bullet"' not in found[0]:
            return found[0]
        depth = int(found[1])
        indent = f'<w:ind w:left="{round(text * (depth + 1))}" w:hanging="{hanging}" />'.encode()
        xml = re.sub(rb"<w:ind [^>]*/>", indent, found[0])
        if b'<w:lvlText w:val=" " />' in xml:  # pandoc's list without markers keeps none
            return xml
        xml = re.sub(rb'<w:lvlText w:val="[^"]*" />', f'<w:lvlText w:val="{MARKERS[depth % 2]}" />'.encode(), xml)
        xml = re.sub(rb"<w:rPr>.*?</w:rPr>", b"", xml, flags=re.S)
        return xml.replace(b"</w:lvl>", fonts + b"</w:lvl>")  # the run properties close a level (the schema's order)

    return re.sub(rb'<w:lvl w:ilvl="(\d)">.*?</w:lvl>', level, numbering, flags=re.S)
