"""YAML files read with the line of every value, and validated against a JSON Schema."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline import safety
from pipeline.errors import FileError, Origin, SourceError, SourceErrors

Path_ = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (about 5x faster); the pure-Python one otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Limits far above any source file (the largest theme is 15 kB, 7 levels deep) that stop a hostile one early.
MAX_BYTES = safety.MAX_BYTES
MAX_DEPTH = 20
_CORE_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Located:
    """Plain data read from a YAML file, with the 1-based line of every mapping, list item and value."""

    data: Any
    lines: dict[Path_, int]
    path: str

    def origin(self, at: Path_ = ()) -> Origin:
        """The origin of the value at `at`, or of its nearest located parent."""
        while at not in self.lines and at:
            at = at[:-1]
        return Origin(self.path, self.lines.get(at, 1))


def read(path: Path, label: str | None = None) -> Located:
    """Parse one YAML file; malformed YAML, duplicate keys and what `_refuse_unsafe` refuses raise SourceError."""
    shown = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # refused unread
            raise SourceError(f"file too large ({size:,} bytes; at most {MAX_BYTES:,})", Origin(shown),
                              "a source file holds one theme; split the text or check that this is the right file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("file not found", Origin(shown), "create it, or fix the name that points to it") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text ({exc.reason})", Origin(shown), "save the file as UTF-8") from None
    except OSError as exc:  # a symlink loop, a folder, no permission: one line, never a traceback
        error = FileError.from_os(exc, where=shown)
        raise SourceError(f"cannot read: {error.message}", Origin(shown), error.hint) from None
    bad = [SourceError(safety.character_message([char]), Origin(shown, line), safety.CHARACTER_HINT)
           for line, char in safety.bad_lines(text)]  # before YAML, which counts some of them as line breaks
    if bad:
        raise bad[0] if len(bad) == 1 else SourceErrors(bad)
    try:
        _refuse_unsafe(text, shown)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise SourceError(
            f"malformed YAML: {exc.problem or exc.context}", Origin(shown, line),
            "check indentation and quoting; a text containing ': ' or starting with '[' must be quoted",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (U+FFFE, ...), with no line of its own
        line = text.count("\n", 0, exc.position) + 1
        raise SourceError(f"malformed YAML: {exc.reason}: U+{exc.character:04X}", Origin(shown, line),
                          safety.CHARACTER_HINT) from None
    lines: dict[Path_, int] = {}
    data = _convert(node, (), lines, shown) if node is not None else None
    return Located(data, lines, shown)


def _refuse_unsafe(text: str, shown: str) -> None:
    """Refuse, before anything is built, what the source never needs: anchors and aliases (a few lines of
    nested aliases expand to billions of values), explicit tags (`!!python/object`) and deep nesting."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise SourceError(f"YAML alias '*{event.anchor}' is not allowed", Origin(shown, line), _NO_ANCHORS)
        if getattr(event, "anchor", None):
            raise SourceError(f"YAML anchor '&{event.anchor}' is not allowed", Origin(shown, line), _NO_ANCHORS)
        tag = getattr(event, "tag", None)
        if tag and isinstance(event, yaml.NodeEvent):
            shown_tag = tag.replace(_CORE_TAG, "!!", 1) if tag.startswith(_CORE_TAG) else tag
            raise SourceError(f"YAML tag '{shown_tag}' is not allowed", Origin(shown, line),
                              "remove the tag; values are plain text, numbers, lists and mappings")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(f"nesting deeper than {MAX_DEPTH} levels", Origin(shown, line),
                                  "check the indentation; sub-bullets nest a few levels at most")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_NO_ANCHORS = "write the text out in full; the source does not use YAML anchors (&) or aliases (*)"


def _convert(node: yaml.Node, at: Path_, lines: dict[Path_, int], shown: str) -> Any:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError("a mapping key must be plain text, not a list or a mapping",
                                  Origin(shown, key_node.start_mark.line + 1), "write the key as a word, e.g. text:")
            key = key_node.value
            if key in out:
                raise SourceError(
                    f"duplicate key {key!r}", Origin(shown, key_node.start_mark.line + 1),
                    "a key may appear once per mapping; merge the two entries",
                )
            out[key] = _convert(value_node, (*at, key), lines, shown)
            lines[(*at, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*at, i), lines, shown) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(" ").construct_object(node, deep=True)


def append_to_list(text: str, key: str, value: str, shown: str) -> str:
    """`text`, a YAML mapping, with `value` appended to its top-level list `key`, every other character kept:
    comments, order, quoting and layout, flow (`[en, fr]`, over several lines too) or block (`- en`)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python parser: its marks count characters
    found = [v for k, v in root.value if k.value == key] if isinstance(root, yaml.MappingNode) else []
    if not found or not isinstance(found[0], yaml.SequenceNode):
        raise SourceError(f"no `{key}:` list found", Origin(shown), f"add `{key}: [{value}]`")
    node, item = found[0], value if yaml.safe_load(value) == value else json.dumps(value)  # `no` stays a string
    if node.flow_style or not node.value:
        at = node.value[-1].end_mark.index if node.value else text.rindex("]", 0, node.end_mark.index)
        return f"{text[:at]}{', ' if node.value else ''}{item}{text[at:]}"
    last = node.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    indent = text[line_start:text.rindex("-", line_start, last.start_mark.index)]
    end = text.find("\n", last.end_mark.index)  # after the last item's line (and its comment)
    newline = "\r\n" if "\r\n" in text else "\n"
    head, tail = (text + newline, "") if end < 0 else (text[:end + 1], text[end + 1:])
    return f"{head}{indent}- {item}{newline}{tail}"


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("pipeline.schema").joinpath(f"{name}.schema.json").read_text("utf-8"))


def read_config(path: Path, name: str, hints: tuple[tuple[str, str], ...] = (), hint: str = "") -> Located:
    """A configuration file (a glossary) read as safely as the source and checked against the schema `name`:
    ConfigError at the line of the first problem, with the hint of `hints` whose words its message holds."""
    from pipeline.errors import ConfigError

    try:
        doc = read(path)
    except SourceError as exc:
        raise ConfigError(exc.message, exc.origin, exc.hint) from None
    problems = check_schema(doc, name)
    if problems:
        first = problems[0]
        found = next((h for words, h in hints if words in first.message), hint or first.hint)
        raise ConfigError(first.message, first.origin, first.hint if "did you mean" in first.hint else found)
    return doc


def check_schema(doc: Located, name: str) -> list[SourceError]:
    """Every schema violation of `doc` as a SourceError with its line and a hint."""
    validator = jsonschema.Draft202012Validator(schema(name))
    problems = []
    errors = validator.iter_errors(doc.data)
    for err in sorted(errors, key=lambda e: (doc.origin(tuple(e.absolute_path)).line, e.message)):
        problems.append(SourceError(_message(err), doc.origin(tuple(err.absolute_path)), _hint(err)))
    return problems


def _message(err: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in err.absolute_path) or "top level"
    if err.validator == "additionalProperties":
        return f"unknown key at {where}: {err.message}"
    if err.validator == "required":
        return f"missing key at {where}: {err.message}"
    if err.validator == "pattern":
        return f"bad value at {where}: {err.instance!r} does not match the expected form"
    return f"bad value at {where}: {err.message}"


def _hint(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        unknown = [k for k in err.instance if k not in allowed]
        close = [m for k in unknown for m in difflib.get_close_matches(k, allowed, n=1)]
        if close:
            return f"did you mean {close[0]!r}? allowed keys: {', '.join(allowed)}"
        return f"allowed keys: {', '.join(allowed)}"
    if err.validator == "pattern":
        return "ids are lower-case words joined by '-', in dotted parts, e.g. police.rec.train-officers"
    if err.validator == "enum":
        return f"use one of: {', '.join(map(str, err.validator_value))}"
    return "see pipeline/schema/ and the README's 'Editing the source'"
