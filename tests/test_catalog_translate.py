"""Machine pre-translation against a LibreTranslate-compatible server started on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from pipeline import catalog, cli, source
from pipeline.catalog import engines, extract, translate
from pipeline.errors import TranslateError
from tests.conftest import FIXTURES

QUICK = (2.0, 0.5)  # connect, read timeouts for the tests: the hanging server must not hold the suite


class FakeLibre(BaseHTTPRequestHandler):
    """Answers /translate like LibreTranslate: upper-cases the text, keeping the placeholders."""

    mode = "ok"
    seen: list[dict[str, list[str]]] = []
    release = threading.Event()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        query = parse_qs(self.rfile.read(length).decode()) | parse_qs(urlparse(self.path).query)
        FakeLibre.seen.append(query)
        if FakeLibre.mode == "hang":
            FakeLibre.release.wait(10)
            return
        if FakeLibre.mode == "forbidden":
            self._reply(403, {"error": "Invalid API key"})
            return
        if FakeLibre.mode == "fail" or (FakeLibre.mode == "fail-third" and len(FakeLibre.seen) >= 3):
            self._reply(500, {"error": "boom"})
            return
        self._reply(200, {"translatedText": "EN: " + query["q"][0].upper()})

    def _reply(self, status: int, body: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibre)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    FakeLibre.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mt")
    shutil.copytree(FIXTURES / "mini", root / "source")
    edition = source.load(root / "source")
    for lang in ("en", "fr"):
        extract.update(edition, lang, root / "translations")
    return root / "translations"


@pytest.fixture
def tdir(catalogues: Path, tmp_path: Path) -> Path:
    FakeLibre.mode, FakeLibre.seen = "ok", []
    return Path(shutil.copytree(catalogues, tmp_path / "translations"))


def engine(url: str) -> engines.Engine:
    return engines.engine("libre", url, timeout=QUICK)


def test_fills_empty_entries_as_machine_drafts_with_markup_restored(server: str, tdir: Path) -> None:
    fr = catalog.load("fr", tdir)
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police"),
                               catalog.Change("nightlife.title", msgstr="Vie nocturne", reviewed=True)])
    result = translate.translate("fr", tdir, engine(server), save_every=3)
    assert "police.title" not in result.filled and "nightlife.title" not in result.filled
    assert result.skipped == () and len(result.filled) == len(fr.entries) - 2 and result.remaining == 0
    after = catalog.load("fr", tdir)
    angela = after.get("police.practice.ask-for-angela")
    assert angela.msgstr == "EN: [Ask for Angela]{.name}: 90% OF PARTNER VENUES DISPLAY THE LOGO."
    assert angela.status == "machine" and angela.translator_comments[0].startswith("mt: libre ")
    assert after.get("police.title").status == "translated"
    assert after.get("nightlife.title").status == "reviewed"
    assert catalog.translations("fr", tdir)["police.rec.train-officers"].status == "machine"
    sent = FakeLibre.seen[0]
    assert sent["source"] == ["en"] and sent["target"] == ["fr"] and sent["format"] == ["text"]
    assert all("{" not in q["q"][0] and "http" not in q["q"][0] for q in FakeLibre.seen)  # no attributes, no URLs
    flash = after.get("nightlife.ref.flash-report").msgstr  # link text translated, target kept
    assert flash == "EN: [SAFEBRUSSELS' OBSERVATORY: 15 MAY 2024, FLASH REPORT](https://safe.brussels/fr/violences-lgbtqiaphobes)"
    quote = after.get("police.ref.manifesto-2017").msgstr
    assert quote == "EN: [MANIFESTO 2017]{.link-unknown}"


def test_source_language_is_taken_per_entry(server: str, tdir: Path) -> None:
    result = translate.translate("en", tdir, engine(server))
    assert result.filled == ("police.rec.private-sector-quote",)
    assert FakeLibre.seen[0]["source"] == ["fr"] and FakeLibre.seen[0]["target"] == ["en"]


def test_limit_leaves_the_rest(server: str, tdir: Path) -> None:
    result = translate.translate("fr", tdir, engine(server), limit=2)
    assert len(result.filled) == 2 and result.remaining == len(catalog.load("fr", tdir).entries) - 2
    again = translate.translate("fr", tdir, engine(server), limit=2)
    assert set(again.filled).isdisjoint(result.filled)


def test_server_error_stops_with_one_line_and_keeps_progress(server: str, tdir: Path) -> None:
    FakeLibre.mode = "fail-third"
    with pytest.raises(TranslateError) as err:
        translate.translate("fr", tdir, engine(server), save_every=1)
    assert str(err.value).split(": ", 1)[1] == (
        f"libre {server}: server error (ERR_INTERNAL_SERVER_ERROR); stopped at 'edition.publisher' "
        "(hint: drafts obtained so far are saved; run the command again to continue)")
    statuses = catalog.load("fr", tdir)
    assert [e.status for e in statuses.entries[:3]] == ["machine", "machine", "untranslated"]


def test_refused_connection(tdir: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = (tdir / "fr.po").read_bytes()
    with pytest.raises(TranslateError, match=r"cannot connect \(offline, or wrong --url\?\); stopped at "):
        translate.translate("fr", tdir, engine(f"http://127.0.0.1:{port}"))
    assert (tdir / "fr.po").read_bytes() == before


def test_server_that_never_answers_is_bounded_by_the_timeout(server: str, tdir: Path) -> None:
    FakeLibre.mode = "hang"
    before = (tdir / "fr.po").read_bytes()
    with pytest.raises(TranslateError) as caught:
        translate.translate("fr", tdir, engine(server))
    assert str(caught.value) == (
        f"{tdir / 'fr.po'}:{caught.value.origin.line}: libre {server}: no answer within 2.5 s (timeout); stopped at "
        "'edition.title' (hint: drafts obtained so far are saved; run the command again to continue)")
    assert caught.value.category == "translate" and len(FakeLibre.seen) == 1
    assert (tdir / "fr.po").read_bytes() == before


def test_a_refused_key_says_where_to_look(server: str, tdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    FakeLibre.mode = "forbidden"
    monkeypatch.setenv("LIBRE_API_KEY", "k-123")
    with pytest.raises(TranslateError, match=r"the server refused the key; is \$LIBRE_API_KEY right\?; "):
        translate.translate("fr", tdir, engine(server))
    assert FakeLibre.seen[0]["api_key"] == ["k-123"]


def test_a_deep_translator_call_that_never_returns_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Google and MyMemory go through deep-translator, which sets no timeout: its calls are bounded by `_within`."""
    release = threading.Event()
    with pytest.raises(engines.EngineError, match=r"^no answer within 0.2 s \(timeout\)$"):
        engines._within(0.2, lambda: release.wait(30))
    release.set()
    assert engines._within(5, lambda: "done") == "done"
    with pytest.raises(ZeroDivisionError):  # the call's own exception reaches the caller
        engines._within(5, lambda: 1 / 0)

    class Hung:
        def translate(self, text: str) -> str:
            release.clear()
            release.wait(30)
            return text

    google = engines.engine("google", timeout=(0.1, 0.1))
    monkeypatch.setattr(google, "_backend", lambda source, target: Hung())
    with pytest.raises(engines.EngineError, match=r"^no answer within 0.2 s \(timeout\)$"):
        google.translate("Police", "en", "fr")
    release.set()


def test_protect_and_restore() -> None:
    text = "See [the report](https://efus.eu/r), [LPP]{lang=fr .name}, [Brief]{.link-unknown} <https://x.org> {year}."
    protected = translate.protect(text)
    assert protected.text == "See ⟦3⟧the report⟦4⟧, ⟦0⟧, ⟦1⟧Brief⟦2⟧ ⟦5⟧ ⟦6⟧."
    assert protected.pieces == ("[LPP]{lang=fr .name}", "[", "]{.link-unknown}", "[", "](https://efus.eu/r)",
                                "<https://x.org>", "{year}")
    assert translate.restore("Voir ⟦ 3 ⟧le rapport⟦4⟧, ⟦0⟧, ⟦1⟧Note⟦2⟧ ⟦5⟧ ⟦6⟧.", protected) == (
        "Voir [le rapport](https://efus.eu/r), [LPP]{lang=fr .name}, [Note]{.link-unknown} <https://x.org> {year}.")
    assert translate.restore("Voir ⟦3⟧le rapport⟦4⟧, ⟦0⟧.", protected) is None  # tokens lost: no draft
    assert translate.restore("⟦0⟧ ⟦0⟧ ⟦1⟧⟦2⟧⟦3⟧⟦4⟧⟦5⟧⟦6⟧", protected) is None  # duplicated
    assert translate.restore("⟦4⟧le rapport⟦3⟧ ⟦0⟧ ⟦1⟧x⟦2⟧ ⟦5⟧ ⟦6⟧", protected) is None  # a pair turned around


def test_unknown_engine() -> None:
    with pytest.raises(TranslateError, match="unknown engine 'deepl'"):
        engines.engine("deepl")
    with pytest.raises(TranslateError, match="--url applies to the libre engine only, not 'google'"):
        engines.engine("google", "http://127.0.0.1:1/")


def test_interruption_keeps_the_drafts_already_made(server: str, tdir: Path) -> None:
    done: list[str] = []

    def progress(msgctxt: str) -> None:
        done.append(msgctxt)
        if len(done) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate.translate("fr", tdir, engine(server), save_every=10, progress=progress)
    statuses = {e.msgctxt: e.status for e in catalog.load("fr", tdir).entries}
    assert [statuses[m] for m in done] == ["machine"] * 3
    assert list(statuses.values()).count("machine") == 3


def test_cli_reports_one_line(server: str, tdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["translate", "en", "--engine", "libre", "--url", server, "--translations", str(tdir)]
    assert cli.main(args) == 0
    assert capsys.readouterr().out == (f"{tdir / 'en.po'}: 1 machine draft from libre (fuzzy until reviewed), "
                                       "0 skipped, 0 left by --limit\n")
    FakeLibre.mode = "fail"
    assert cli.main(["translate", "fr", *args[2:]]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"translate: {tdir / 'fr.po'}:")
    assert "server error (ERR_INTERNAL_SERVER_ERROR)" in err[0]


def test_a_human_draft_is_never_overwritten(server: str, tdir: Path) -> None:
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police (brouillon)")])
    path = tdir / "fr.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgctxt "police.title"',
                                                            '#, fuzzy\nmsgctxt "police.title"'), encoding="utf-8")
    assert catalog.load("fr", tdir).get("police.title").status == "fuzzy"
    result = translate.translate("fr", tdir, engine(server))
    assert "police.title" not in result.filled
    entry = catalog.load("fr", tdir).get("police.title")
    assert (entry.msgstr, entry.status) == ("Police (brouillon)", "fuzzy")


def test_progress_is_saved_every_n_entries(server: str, tdir: Path) -> None:
    saved: list[int] = []

    def drafts_on_disk(_: str) -> None:
        saved.append(sum(e.status == "machine" for e in catalog.load("fr", tdir).entries))

    result = translate.translate("fr", tdir, engine(server), limit=5, save_every=2, progress=drafts_on_disk)
    assert len(result.filled) == 5
    assert saved == [0, 2, 2, 4, 4]
    assert sum(e.status == "machine" for e in catalog.load("fr", tdir).entries) == 5  # the rest at the end


def test_a_regional_catalogue_asks_the_engine_for_the_base_language(server: str, tdir: Path) -> None:
    shutil.copy(tdir / "fr.po", tdir / "fr-BE.po")
    translate.translate("fr-BE", tdir, engine(server), limit=1)
    assert FakeLibre.seen[0]["source"] == ["en"] and FakeLibre.seen[0]["target"] == ["fr"]
