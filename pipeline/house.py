"""The house style (templates/house-style.toml): colours, type, sizes and page geometry for every format.

The DOCX reference document (docx_style), the EPUB stylesheet and the Typst templates (PDF, cover image) take
their values from here, so the look of the editions has one home.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

from pipeline.errors import ConfigError, Origin
from pipeline.project import TEMPLATES

FILE = TEMPLATES / "house-style.toml"
#: Every table and key the templates use; a missing one is an error naming it, not a broken document.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "colour": ("brand", "accent", "band-kicker", "text", "muted"),
    "type": ("serif", "serif-fallback", "sans", "sans-fallback", "mono", "font-dirs", "body-size", "line-height",
             "heading-1", "heading-2", "heading-3", "footer-size"),
    "space": ("paragraph", "list-item", "list-indent", "list-body-indent", "heading-2-above", "heading-2-below"),
    "fit": ("paragraph", "list-item", "line-height", "heading-2-above", "runt-lines", "spare-lines", "word-lines"),
    "page": ("paper", "width-mm", "height-mm", "margin-x-mm", "margin-top-mm", "margin-bottom-mm"),
    "cover": ("title-size", "subtitle-size", "kicker-size", "network-size", "year-size", "rule-width-mm",
              "rule-thickness"),
    "band": ("title-size", "kicker-size", "subtitle-size"),
    "fonts": (),
}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class House:
    """The house style's values, table by table (`house.colour["brand"]` is `"#1b365d"`)."""

    colour: Mapping[str, str]
    type: Mapping[str, object]
    space: Mapping[str, float]
    fit: Mapping[str, float]
    page: Mapping[str, object]
    cover: Mapping[str, float]
    band: Mapping[str, float]
    fonts: Mapping[str, list[str]]

    def hex(self, name: str) -> str:
        """A colour as DOCX writes it: `1B365D`."""
        return self.colour[name].lstrip("#").upper()

    def points(self, page_key: str) -> float:
        """A length of `[page]` (in millimetres) in PDF points: `points("margin-top-mm")`."""
        return float(self.page[page_key]) * 72 / 25.4  # type: ignore[arg-type]

    @property
    def line(self) -> float:
        """The body text's line height in points (`[type]` body-size x line-height)."""
        return float(self.type["body-size"]) * float(self.type["line-height"])  # type: ignore[arg-type]

    @property
    def runt_depth(self) -> float:
        """Points from a page's top above which text that ends there leaves a runt (`[fit] runt-lines`). The build
        fits by it (render.fit) and the audit checks by it (audit.layout)."""
        return self._depth(self.fit["runt-lines"])

    @property
    def spare_depth(self) -> float:
        """Points from a page's top above which text that ends there leaves a short last page (`[fit]
        spare-lines`), one the build sets tight when that saves the page (render.fit)."""
        return self._depth(self.fit["spare-lines"])

    @property
    def word_depth(self) -> float:
        """Points from a page's top below which text that ends there is within `[fit] word-lines` of the page's
        foot: a handout whose print ends there is set tighter in Word (render.fit)."""
        return self.points("height-mm") - self.points("margin-bottom-mm") - self.fit["word-lines"] * self.line

    def _depth(self, lines: float) -> float:
        """The top margin and `lines` lines, plus one (the end is measured below the last line's own spacing)."""
        return self.points("margin-top-mm") + (lines + 1) * self.line

    def fitted(self) -> House:
        """The style set tighter, as a handout whose last page would hold only a few lines: `[fit]`'s spacing and
        line height in place of `[space]`'s and `[type]`'s (what the Typst templates do for a fitted theme)."""
        space = {key: self.fit.get(key, value) for key, value in self.space.items()}
        return replace(self, type={**self.type, "line-height": self.fit["line-height"]}, space=space)

    @property
    def scripts(self) -> tuple[str, ...]:
        """The scripts (ISO 15924 codes) the house faces set."""
        return tuple(self.type.get("scripts", ("Latn",)))  # type: ignore[arg-type]

    @property
    def font_dirs(self) -> tuple[str, ...]:
        return tuple(self.type["font-dirs"])  # type: ignore[arg-type]

    def faces(self) -> tuple[Face, ...]:
        """The font files to embed (`[fonts]`), each found in one of the font folders."""
        found = []
        for family, names in self.fonts.items():
            for name in names:
                path = next((Path(d) / name for d in self.font_dirs if (Path(d) / name).is_file()), None)
                if path is None:
                    raise ConfigError(f"font file {name} of {family} is in none of {', '.join(self.font_dirs)}",
                                      Origin(str(FILE), _line(FILE, f'"{family}"')),
                                      "install the font's Debian package (`make` does), or fix [fonts]")
                found.append(Face(family, path, "bold" if "Bold" in name else "normal",
                                  "italic" if "Italic" in name else "normal"))
        return tuple(found)

    def flat(self) -> dict[str, str]:
        """Every value as `house-<table>-<key>` -> text: the variables of the Typst templates (pandoc `-V`,
        or `sys.inputs` for the cover image)."""
        return {f"house-{table}-{key}": str(value) for table in REQUIRED for key, value in getattr(self, table).items()
                if not isinstance(value, list)}


@dataclass(frozen=True)
class Face:
    """One embedded font file and the CSS @font-face it answers."""

    family: str
    path: Path
    weight: str
    style: str

    @property
    def file(self) -> str:
        return self.path.name


def load() -> House:
    """The house style (`FILE`), checked: every key present, colours as `#rrggbb`."""
    return _load(FILE, FILE.stat().st_mtime_ns if FILE.exists() else 0)


@cache
def _load(path: Path, version: int) -> House:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the house style: {exc.strerror}", Origin(str(path)),
                          "restore templates/house-style.toml from version control") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"malformed TOML: {exc}", Origin(str(path), int(line[1]) if line else 0),
                          "check the quoting and the [table] headers") from None
    for table, keys in REQUIRED.items():
        missing = [k for k in keys if k not in data.get(table, {})]
        if missing:
            raise ConfigError(f"[{table}] lacks {', '.join(missing)}", Origin(str(path), _line(path, f"[{table}]")),
                              "every key the templates use must be set; see the other entries for the form")
    for key, value in data["colour"].items():
        if not _COLOUR.match(str(value)):
            raise ConfigError(f"colour {key} = {value!r} is not #rrggbb", Origin(str(path), _line(path, key)),
                              "write colours as six hex digits, e.g. \"#1b365d\"")
    return House(**{table: MappingProxyType(dict(data[table])) for table in REQUIRED})


def _line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return 0
