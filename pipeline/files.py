"""Writing files safely: atomic (temp file + rename), readable as the umask allows, and no debris left behind.

The one home of atomic writes: catalogues, review files, editions, the DOCX reference and the build state all go
through `atomic` or `write_bytes`, so a failed or killed write leaves the previous file intact.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import ConfigError

#: Temporary files carry the writer's pid, so a later run can tell a dead writer's debris from a live one's.
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[^.]+\.tmp(?P<suffix>\.\w+)?$")


@contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` (same file system) for the block to write; renamed onto `path` when the
    block succeeds, removed when it fails. The file gets the mode `path` had, else the umask's default (0644
    under the usual umask 022): published files are world-readable, as with any other tool. An OSError about the
    temporary file names `path`: the temporary's name means nothing to the user."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _naming(path.parent, None):  # the folder refuses new files
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
        os.close(fd)
    tmp = Path(name)
    try:
        with _naming(path, tmp):
            yield tmp
        with _naming(path, None):
            os.chmod(tmp, _mode(path))
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _naming(path: Path, tmp: Path | None) -> Iterator[None]:
    """Re-raise an OSError as being about `path` (always when `tmp` is None, else when it was about `tmp` or about
    no file: a write, flush or fsync that fails, on a full disk, names none)."""
    try:
        yield
    except OSError as exc:
        if tmp is None or exc.filename in (None, str(tmp), tmp):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def write_bytes(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically; False, and the file untouched, when it already holds exactly `data`."""
    if path.is_file() and path.read_bytes() == data:
        return False
    with atomic(path) as tmp, open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return True


def write_text(path: Path, text: str) -> bool:
    """`write_bytes` of `text` in UTF-8."""
    return write_bytes(path, text.encode("utf-8"))


def rewrite_zip(path: Path, edit: Callable[[str, bytes], bytes], added: Sequence[tuple[str, bytes]] = ()) -> None:
    """Rewrite the package at `path` (DOCX, EPUB) in place, each entry through `edit(name, data)`: same order,
    dates and compression, so a reproducible package stays reproducible; then the `added` entries (name, data),
    compressed and dated like the package's first entry. Call it on a temporary file only."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in entries:
            dst.writestr(info, edit(info.filename, data))
        for name, data in added:  # fonts: large binaries that deflate little; the fastest level takes a third
            entry = zipfile.ZipInfo(name, entries[0][0].date_time)  # of the time for 6% more bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data, compresslevel=1)


def repack(data: bytes, date_time: tuple[int, ...], edit: Callable[[str, bytes], bytes] | None = None,
           mode: int | None = None) -> bytes:
    """A package (DOCX) made anew in memory: each entry through `edit(name, data)`, deflated and dated
    `date_time` (and given the permissions `mode`), so the bytes depend on the content only, never on when the
    package was first written."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                entry.external_attr = mode << 16
            dst.writestr(entry, edit(info.filename, content) if edit else content)
    return out.getvalue()


def debris(folder: Path) -> list[Path]:
    """Temporary files in `folder`, at any depth (output/preview/<lang>/handouts/), whose writer is gone (killed
    mid-write): nothing will ever rename them."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob(".*.tmp*")):  # at any depth: a killed writer's temporary may be anywhere
        match = _TEMP.match(path.name)
        if match and path.is_file() and not _alive(int(match["pid"])):
            found.append(path)
    return found


def sweep(folder: Path) -> list[Path]:
    """Remove `debris(folder)`; the paths removed."""
    removed = debris(folder)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (seconds since 1970) when it is set, for reproducible files; None when it is not."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(f"SOURCE_DATE_EPOCH is {value!r}, not a number of seconds", None,
                          "set it to seconds since 1970 (e.g. `git log -1 --format=%ct`), or unset it")
    return int(value)


def write_tree(texts: dict[str, str], out: Path) -> None:
    """A folder of text files (relative name -> text) written whole: into a temporary folder beside `out`, then
    swapped in, so a failure leaves `out` as it was (a new source made by `manifesto import`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, body in sorted(texts.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
