"""Low-level gettext PO I/O: validate with GNU msgfmt, parse with polib, write GNU-wrapped and atomically."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from pipeline import files, langtag, safety
from pipeline.errors import CatalogError, Origin

#: GNU gettext's default width; writing through msgcat keeps diffs against msgmerge, Poedit and Weblate small.
WIDTH = 79
_MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")
MT_PREFIX = "mt:"
REVIEWED_PREFIX = "reviewed:"
QUERY_PREFIX = "query:"  # `# query: <text>`: a translator's doubt or a source problem, for the publisher
ACCEPT_PREFIX = "qa-accept:"  # `# qa-accept: Q601 <reason>`: a QA finding accepted on this entry
ANSWER_PREFIX = "answer:"  # `# answer: <text>` (or `answer: [Q-3F9C2] <text>`): the publisher's answer to a query
_PREFIXES = (QUERY_PREFIX, ANSWER_PREFIX, ACCEPT_PREFIX, MT_PREFIX, REVIEWED_PREFIX)
_OBSOLETE_PREVIOUS = re.compile(r"^#~\| ?", re.MULTILINE)
_HINT = "fix the file in a PO editor or restore it from version control; it is never repaired silently"


def check(path: Path) -> None:
    """Raise CatalogError (path:line: message) unless GNU `msgfmt -c --check-format` accepts `path`."""
    proc = _run(["msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)])
    if proc.returncode == 0:
        return
    raise _msgfmt_error(path, proc.stderr)


def _msgfmt_error(path: Path, stderr: str) -> CatalogError:
    found = [m for m in map(_MSGFMT_LINE.match, stderr.splitlines()) if m and "warning:" not in m["message"]]
    if not found:
        first = next((line for line in stderr.splitlines() if line.strip()), "rejected by msgfmt -c")
        return CatalogError(f"msgfmt: {first.removeprefix(str(path) + ': ')}", Origin(str(path)), _HINT)
    message = found[0]["message"].removesuffix("...")
    line = int(found[0]["line"])
    if message.startswith("end-of-line within string"):
        line -= 1  # msgfmt counts the newline that ended the string: the string itself is on the line before
    if len(found) > 1 and found[1]["message"].startswith("...this is the location of the first"):
        message += f" (first defined at line {found[1]['line']})"
    return CatalogError(message, Origin(str(path), line), _HINT)


def _check_charset(path: Path, text: str) -> None:
    """Catalogues here are UTF-8; msgfmt only warns about an unknown charset, and converting would be a repair."""
    for number, line in enumerate(text.splitlines()[:40], start=1):
        declared = re.search(r"charset=([^\\\s\"]+)", line)
        if declared and declared[1].lower().replace("_", "-") != "utf-8":
            raise CatalogError(f"charset {declared[1]!r} declared; catalogues must be UTF-8", Origin(str(path), number),
                               "convert the file with `msgconv -t UTF-8` and check the result")
        if declared:
            return


def read(path: Path, obsolete: bool = True) -> polib.POFile:
    """The catalogue at `path`, parsed by polib after msgfmt accepted it (polib alone repairs some damage); without
    its obsolete entries unless `obsolete` (a reader needs none, and a catalogue may hold many thousands)."""
    check(path)
    # polib skips the previous msgid of obsolete entries (`#~|`); read it as `#|`, line for line, to keep it.
    text = path.read_bytes().decode("utf-8", errors="replace")  # a non-UTF-8 file is refused just below
    _check_charset(path, text)
    for number, char in safety.bad_lines(text):
        if char.isspace():  # polib splits and strips lines with str methods that take it for a line end or a space
            raise CatalogError(safety.character_message([char]), Origin(str(path), number), safety.CHARACTER_HINT)
    text = _OBSOLETE_PREVIOUS.sub("#| ", _decode_escapes(path, text if obsolete else _without_obsolete(text)))
    try:  # msgfmt refused duplicate entries above; polib's own check compares each entry with all before it
        catalog = polib.pofile(text, wrapwidth=WIDTH)
    except (OSError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise CatalogError(f"cannot parse: {exc}", Origin(str(path), int(line[1]) if line else 0), _HINT) from exc
    for entry in catalog:
        _check_entry(path, entry)
    return catalog


def _without_obsolete(text: str) -> str:
    """`text` with every obsolete entry (a block of lines holding a `#~` line) blanked, line for line, so that every
    other entry keeps its line number."""
    if "\n#~" not in text:
        return text
    lines = text.split("\n")
    start = 0
    for end in range(len(lines) + 1):
        if end == len(lines) or not lines[end].strip():
            if any(line.startswith("#~") for line in lines[start:end]):
                lines[start:end] = [""] * (end - start)
            start = end + 1
    return "\n".join(lines)


#: A msgctxt is a unit id (lower-case words joined by `-`, in dotted parts) or one of the edition's own strings'.
UNIT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*")


def _check_entry(path: Path, entry: polib.POEntry) -> None:
    """An entry no larger than a source file may be (`safety.MAX_BYTES`), and whose msgctxt is a unit id: another
    msgctxt matches no unit, and the build would print that unit in the source language without a word."""
    where = Origin(str(path), entry.linenum or 0)
    for field in ("msgctxt", "msgid", "msgstr"):
        size = len(getattr(entry, field) or "")
        if size * 4 > safety.MAX_BYTES and (size := len(getattr(entry, field).encode("utf-8"))) > safety.MAX_BYTES:
            raise CatalogError(f"{field} of {entry.msgctxt!r:.60} too large ({size:,} bytes; at most "
                               f"{safety.MAX_BYTES:,})", where, "a catalogue entry translates one unit; check this "
                               "entry's text (a paste gone wrong?) or restore the file from version control")
    if entry.msgid and not entry.obsolete and not UNIT_ID.fullmatch(entry.msgctxt or ""):
        raise CatalogError(f"msgctxt {entry.msgctxt!r:.80} is not a unit id", where, "a msgctxt is the id of the "
                           "unit it translates, on one line (lower-case words joined by '-', in dotted parts): "
                           "restore it from the template (`manifesto update`) or version control")


#: The escapes GNU gettext decodes in a string and polib does not (polib leaves `\a`, octal and `\x` as written).
_GETTEXT_ONLY = re.compile(r"\\(?:[0-7]|x[0-9A-Fa-f]|a)")
_ESCAPE = re.compile(r"(\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|.))", re.DOTALL)
_STRING_LINE = re.compile(r'^((?:#[~|]+ ?)*(?:msg\w+(?:\[\d+\])? *)?")(.*)("\s*)$')
_C_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}
_POLIB_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v",
                  "\b": "\\b", "\f": "\\f"}


def _decode_escapes(path: Path, text: str) -> str:
    r"""`text` with every string that holds an escape only gettext decodes (`\a`, `\007`, `\x07`, `\303\251`)
    decoded as msgfmt decodes it (octal and hexadecimal escapes are bytes of the UTF-8 text, `\x` takes every hex
    digit that follows, modulo 256) and written again as polib reads it: what the build prints is what gettext
    would give, and the guard sees the characters (a bell is Q107 as a raw one is)."""
    if "\\" not in text:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if "\\" in line and _GETTEXT_ONLY.search(line) and (m := _STRING_LINE.match(line)):
            decoded = _decode_string(m[2], Origin(str(path), number))
            spaces = [c for c in decoded if c.isspace() and c not in _POLIB_ESCAPES and c != " "]
            if spaces:  # polib would take it for a line end or a space, as it would the raw character (see `read`)
                raise CatalogError(safety.character_message(spaces[:1]), Origin(str(path), number),
                                   safety.CHARACTER_HINT)
            lines[number - 1] = m[1] + "".join(_POLIB_ESCAPES.get(c, c) for c in decoded) + m[3]
    return "\n".join(lines)


def _decode_string(body: str, where: Origin) -> str:
    out = bytearray()
    for part in _ESCAPE.split(body):
        if not part.startswith("\\") or len(part) < 2:
            out += part.encode("utf-8")
        elif part[1] == "x":
            out.append(int(part[2:], 16) % 256)
        elif part[1] in "01234567":
            out.append(int(part[1:], 8) % 256)
        else:
            out.append(_C_ESCAPES.get(part[1], ord(part[1]) % 256))
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"escapes that are not UTF-8 ({exc.reason})", where,
                           r"write the character itself, or the bytes of its UTF-8 form (\303\251 for é)") from None


def dumps(catalog: polib.POFile) -> str:
    """The catalogue as GNU gettext writes it (msgcat's wrapping at 79 columns), ending with one newline.

    Each comment stays on one line, as msgcat leaves it: polib would wrap a long one, and a wrapped comment
    cannot always be told from two (a note after a query would read as part of it).
    """
    for entry in catalog:  # comments a tool wrapped are joined again (see `unwrap`)
        entry.tcomment = "\n".join(unwrap(entry.tcomment.splitlines(), len("# ")))
    width, catalog.wrapwidth = catalog.wrapwidth, 1 << 20
    try:
        text = catalog.__unicode__()
    finally:
        catalog.wrapwidth = width
    proc = _run(["msgcat", f"--width={WIDTH}", "-"], text)
    if proc.returncode != 0:
        raise CatalogError(f"msgcat could not format the catalogue: {proc.stderr.strip()}", None,
                           "this is a bug: the catalogue built in memory is not valid gettext")
    return proc.stdout


def now() -> str:
    """A PO header date (`2025-01-31 12:00+0000`), from SOURCE_DATE_EPOCH when set, for reproducible files."""
    epoch = files.source_date_epoch()
    stamp = time.gmtime(epoch) if epoch is not None else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", stamp)


def today() -> str:
    """The date for provenance comments (`mt:`, `reviewed:`), honouring SOURCE_DATE_EPOCH."""
    return now()[:10]


def _run(cmd: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8", check=False)
    except FileNotFoundError as exc:
        raise CatalogError(f"{cmd[0]} not found", None, "install GNU gettext (Debian package gettext)") from exc


def new_catalog(project: str, lang: str, old: polib.POFile | None, entries: list[polib.POEntry]) -> polib.POFile:
    """A catalogue of `entries` under the old header when there is one, else a fresh standard header."""
    catalog = polib.POFile(wrapwidth=WIDTH)
    catalog.metadata = dict(old.metadata) if old is not None else header(project, lang)
    fresh = f"{langtag.parse(lang).english_name} translations of {project}." if lang else (
        f"Translation template of {project}.")
    catalog.header = old.header if old is not None else fresh
    catalog.extend(entries)
    return catalog


def header(project: str, lang: str) -> dict[str, str]:
    """The standard header fields, with the language in gettext's form (`pt_BR`, `sr@latin`, see
    `LangTag.gettext`), its English name, and its plural forms."""
    date = now()
    tag = langtag.parse(lang) if lang else None
    fields = {
        "Project-Id-Version": project, "Report-Msgid-Bugs-To": "", "POT-Creation-Date": date,
        "PO-Revision-Date": date, "Last-Translator": "", "Language-Team": "", "Language": tag.gettext if tag else "",
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
    }
    if tag:
        fields["Language-Team"] = tag.english_name
        fields["Plural-Forms"] = plural_forms(lang)
    return fields


def plural_forms(lang: str) -> str:
    """The Plural-Forms header a new catalogue gets: GNU gettext's table (what `msginit` writes, and what Poedit
    and Weblate expect), else Babel's CLDR rule for a language gettext does not know.

    Deliberately not Babel first: its CLDR data changes between releases (Babel 2.19 gives French three forms,
    gettext two), and a header must not depend on which Babel a machine installed.
    """
    tag = langtag.parse(lang)
    proc = _run(["msginit", "--no-translator", f"--locale={tag.gettext}", "--input=-", "--output-file=-"],
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    gnu = polib.pofile(proc.stdout).metadata.get("Plural-Forms", "") if proc.returncode == 0 else ""
    return gnu if re.match(r"nplurals=\d", gnu) else get_plural(tag.locale).plural_forms


def unwrap(lines: Sequence[str], prefix: int) -> tuple[str, ...]:
    """Comment lines as written, with the lines polib wrapped at `WIDTH` joined again into one comment each.

    polib wraps a long comment like `textwrap` (words kept whole, breaks at spaces or after hyphens): a line
    continues the one before when that one fits the width, the line's first word would not have fitted on it, and
    the line does not start a comment of its own (`query:`, `qa-accept:`, `mt:`, `reviewed:`). So a note reads
    whole, not cut mid-sentence. (A short note right after a note whose last line is nearly full reads as part of
    it: such a file cannot tell them apart. The project writes each comment on one line, so its own files never
    are ambiguous: see `po.dumps`.)
    """
    room = WIDTH - prefix
    out: list[str] = []
    previous = ""  # the line before, as written (a comment of three lines or more is joined line by line)
    for line in lines:
        word = line.split(" ", 1)[0]
        hyphen = previous.endswith("-") and previous[-2:-1].isalpha()
        fits = len(previous) + len(word) + (0 if hyphen else 1) <= room
        wrapped = previous and len(previous) <= room and not fits  # a longer line was never wrapped by polib
        if wrapped and word and not line.startswith(_PREFIXES):
            out[-1] += ("" if hyphen else " ") + line
        else:
            out.append(line)
        previous = line
    return tuple(out)
