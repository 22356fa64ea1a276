"""The build state: saved under a lock that leaves nothing behind in the output folder."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.build.state import STATE_FILE, Finished, State


def test_saving_the_state_leaves_no_lock_file_and_removes_an_old_one(tmp_path: Path) -> None:
    (tmp_path / f"{STATE_FILE}.lock").write_bytes(b"")  # what earlier versions left in every output folder
    state = State({}, {})
    state.changed["fr/manifesto.pdf"] = "abc"
    state.finish("all", Finished("digest", 1, ("fr",)))
    state.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE]
    assert json.loads((tmp_path / STATE_FILE).read_text())["outputs"] == {"fr/manifesto.pdf": "abc"}


def test_a_second_save_merges_with_the_first(tmp_path: Path) -> None:
    for name in ("fr/a.pdf", "de/b.pdf"):
        state = State.load(tmp_path)
        state.changed[name] = name
        state.save(tmp_path)
    assert State.load(tmp_path).outputs == {"fr/a.pdf": "fr/a.pdf", "de/b.pdf": "de/b.pdf"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE]
