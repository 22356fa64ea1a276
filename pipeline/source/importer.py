"""Import: turn the word-processor export into a first version of `source/` (deterministic).

The importer is faithful: it converts structure (front matter, theme titles, section headings,
bullets, sub-bullets, practice names, read by `export.py`) and joins lines a page break split, logging those
decisions in the errata log; here every theme and unit gets its id and the YAML is written. It keeps textual
debris (stray page numbers, glued duplicates, broken brackets) so that `manifesto check` finds it; editors then
curate `source/` and log each fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import markup
from pipeline.errors import Origin, SourceError
from pipeline.files import write_tree
from pipeline.source import export

_STOPWORDS = frozenset("a an and are as at be by for from in into is it of on or so such that the their this to "
                       "with which who should must can will all its our there these those not any".split())
_SEC = {"introduction": "intro", "recommendations": "rec", "practices": "practice", "references": "ref"}


@dataclass(frozen=True)
class ImportResult:
    out: Path
    themes: int
    units: int
    errata: int


def run(path: Path, out: Path, force: bool = False) -> ImportResult:
    """Import the export at `path` into the folder `out`; refuses to overwrite a non-empty folder unless forced."""
    if not path.is_file():
        raise SourceError("export file not found", Origin(str(path)), "give the path of the .txt export")
    if out.exists() and any(out.iterdir()) and not force:
        raise SourceError(f"{out} exists and is not empty", Origin(str(out)),
                          "import into a new folder, or pass --force to replace it (curation would be lost)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"export is not UTF-8 ({exc.reason})", Origin(str(path)), "save it as UTF-8") from None
    files = convert(text, str(path), f"import/{path.name}")
    files[f"import/{path.name}"] = text
    write_tree(files, out)
    units = sum(len(re.findall(r"^ *- id: ", body, re.M)) for name, body in files.items() if name.startswith("themes/"))
    units += sum(1 for name in files if name.startswith("themes/"))  # theme titles
    errata = len(re.findall(r"^- id: E", files["errata.yaml"], re.M))
    return ImportResult(out, sum(1 for n in files if n.startswith("themes/")), units, errata)


def convert(text: str, shown: str, export_name: str) -> dict[str, str]:
    """Pure conversion: export text -> {relative path: file content} of a source folder."""
    found = export.read(text, shown)
    theme_ids = [_slug(t.title, 5) for t in found.themes]
    files = {f"themes/{tid}.yaml": _theme_yaml(tid, theme) for tid, theme in zip(theme_ids, found.themes, strict=True)}
    files["edition.yaml"] = _edition_yaml(found.front, theme_ids)
    for i, err in enumerate(found.errata, 1):
        err["id"] = f"E{i:03d}"
    files["errata.yaml"] = _errata_yaml(export_name, found.errata)
    return files


def _slug(text: str, words: int) -> str:
    tokens = [t for t in re.findall(r"[a-z0-9]+", markup.folded(text)) if t not in _STOPWORDS]
    return "-".join(tokens[:words]) or "item"


def _theme_yaml(theme_id: str, theme: export.Theme) -> str:
    used: set[str] = set()

    def unique(base: str) -> str:
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    def unit(item: export.Item, prefix: str) -> dict:
        out: dict = {"id": unique(f"{prefix}.{_slug(item.title or item.text, 4)}")}
        if item.title:
            out["title"] = item.title
        out["text"] = item.text
        if item.children:
            out["children"] = [unit(child, out["id"]) for child in item.children]
        return out

    sections = []
    for sec in theme.sections:
        data: dict = {"kind": sec.kind}
        if sec.heading:
            data["heading"] = sec.heading
        data["layout"] = "list" if any(item.bullet for item in sec.items) else "paragraphs"
        data["units"] = [unit(item, f"{theme_id}.{_SEC[sec.kind]}") for item in sec.items]
        sections.append(data)
    doc = {"id": theme_id, "title": theme.title, "sections": sections}
    header = (f"# Theme {theme.title!r}: canonical source. Text is inline pandoc-Markdown.\n"
              "# Never change or reuse an `id`: translations are keyed on it. See README, 'Editing the source'.\n")
    return header + _dump(doc)


#: The edition's boilerplate in English: every string the templates need (edition.schema.json requires each).
BOILERPLATE_FILE = Path(__file__).parent / "boilerplate.yaml"


def boilerplate() -> dict[str, str]:
    """The edition strings a new source starts with (`BOILERPLATE_FILE`)."""
    return dict(yaml.safe_load(BOILERPLATE_FILE.read_text(encoding="utf-8")))


def _edition_yaml(front: list[tuple[int, str]], theme_ids: list[str]) -> str:
    doc = {
        "title": front[0][1], "subtitle": front[3][1], "publisher": front[1][1], "year": int(front[2][1]),
        "source_language": "en", "languages": ["en", "fr"], "themes": theme_ids,
        "strings": boilerplate(),
    }
    return "# Edition metadata: title, publisher, languages and the order of the themes.\n" + _dump(doc)


def _errata_yaml(export_name: str, errata: list[dict]) -> str:
    header = ("# Errata log: every place where source/ deliberately differs from the export, and why.\n"
              "# line: the export's line (or range); export: the text changed there; canonical: what it became.\n")
    return header + _dump({"export": export_name, "errata": errata})


def _dump(doc: dict) -> str:
    return yaml.dump(doc, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)
