"""The review page in a real headless Chromium: its script filters and searches rows, progress is shown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from pipeline import review
from pipeline.review import export as review_export

from .test_review import EPOCH, FUZZY_ID, QUERY, make_catalogue

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--dump-dom"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, review.Review]:
    assert CHROMIUM, "Debian's chromium is needed: `make test` installs it (DEBIAN_PACKAGES)"
    root = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        _, tdir = make_catalogue(root)
        review_export.export(["fr"], tdir, root)
        return root / "fr.html", review.build("fr", tdir)


def dom(path: Path, fragment: str = "", script: str = "") -> lxml.html.HtmlElement:
    """The page's DOM after its scripts ran (and `script`, appended to the page, simulating a user)."""
    if script:
        text = path.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>")
        path = path.with_name("user.html")
        path.write_text(text, encoding="utf-8")
    profile = path.parent / "profile"
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"{path.as_uri()}{fragment}"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return lxml.html.fromstring(proc.stdout)


def shown(tree: lxml.html.HtmlElement) -> set[str]:
    return {row.get("id").removeprefix("u-") for row in tree.xpath("//tr[@class='unit'][not(@hidden)]")}


def test_everything_shown_with_progress_numbers(page: tuple[Path, review.Review]) -> None:
    path, built = page
    tree = dom(path)
    assert shown(tree) == {r.id for g in built.groups for r in g.rows}
    assert tree.xpath("string(//p[@id='count'])") == "39 of 39 units shown"
    numbers = [" ".join(p.text_content().split()) for p in tree.xpath("//p[@class='numbers']")]
    assert numbers[0] == "5/39 translated (12%) · 1/39 reviewed (2%) · 1 machine · 1 fuzzy · 32 untranslated"
    assert "4/9 translated (44%) · 1/9 reviewed (11%) · 1 fuzzy · 4 untranslated" in numbers
    assert tree.xpath("//p[@id='empty'][@hidden]")


def test_status_filter_from_the_link_hides_rows_and_empty_sections(page: tuple[Path, review.Review]) -> None:
    tree = dom(page[0], "#status=fuzzy,machine")
    assert shown(tree) == {FUZZY_ID, "nightlife.intro.urban-life"}
    assert tree.xpath("string(//p[@id='count'])") == "2 of 39 units shown"
    assert tree.xpath("//section[@id='edition'][@hidden]") and tree.xpath("//p[@id='empty'][@hidden]")
    assert not tree.xpath("//section[@id='police'][@hidden]")


def test_finding_filter_and_accent_blind_search(page: tuple[Path, review.Review]) -> None:
    path, built = page
    with_q202 = {r.id for g in built.groups for r in g.rows if any(f.code == "Q202" for f in r.findings)}
    assert with_q202 and shown(dom(path, "#finding=Q202")) == with_q202
    assert shown(dom(path, "#q=SECURITE%20citoyens")) == {"police.intro.good-relations"}
    nothing = dom(path, "#q=zzzz")
    assert shown(nothing) == set() and not nothing.xpath("//p[@id='empty'][@hidden]")


def test_user_input_filters_and_updates_the_link(page: tuple[Path, review.Review]) -> None:
    path, built = page
    script = """
      var box = document.querySelector("input[name=status][value=untranslated]");
      box.checked = false; box.dispatchEvent(new Event("change", {bubbles: true}));
      var finding = document.getElementById("finding");
      finding.value = "none"; finding.dispatchEvent(new Event("change", {bubbles: true}));
      var search = document.getElementById("search");
      search.value = "police"; search.dispatchEvent(new Event("input", {bubbles: true}));
      document.body.setAttribute("data-hash", location.hash);
    """
    tree = dom(path, script=script)
    expected = {r.id for g in built.groups for r in g.rows
                if r.status != "untranslated" and not r.findings and "police" in f"{r.id} {r.source} {r.translation}"
                .lower()}
    assert expected and shown(tree) == expected
    assert tree.xpath("string(//body/@data-hash)") == "#status=reviewed,translated,machine,fuzzy&finding=none&q=police"
    assert tree.xpath("string(//p[@id='count'])") == f"{len(expected)} of 39 units shown"


SHOWN_TEXT = """
  document.body.setAttribute("data-shown", document.body.innerText);
  document.body.setAttribute("data-open", document.querySelectorAll("details.raw[open]").length);
"""


def test_the_default_view_shows_no_raw_markup_and_the_toggle_shows_it(page: tuple[Path, review.Review]) -> None:
    path, built = page
    marked = [r for r in built.rows if "]{" in r.source]
    assert len(marked) == 3  # the mini source's spans: a name, a lost link, a name and lost link
    tree = dom(path, script=SHOWN_TEXT)
    shown_text = tree.xpath("string(//body/@data-shown)")
    assert "Partenariat Local de Prévention" in shown_text and "Manifesto 2017" in shown_text
    assert "]{" not in shown_text and "lang=fr" not in shown_text and ".link-unknown" not in shown_text
    chips = tree.xpath("//tr[@id='u-police.practice.belgian-partnerships']//td[@class='source']//span[@data-tags]")
    assert [(c.text_content(), c.get("data-tags"), c.get("lang")) for c in chips] == [
        ("Partenariat Local de Prévention", "fr · name · lost link", "fr")]
    assert tree.xpath("string(//body/@data-open)") == "0"
    raw = dom(path, "#raw=1", script=SHOWN_TEXT)
    assert int(raw.xpath("string(//body/@data-open)")) == len(raw.xpath("//details[@class='raw']")) >= len(marked)
    assert "[Partenariat Local de Prévention]{lang=fr .name .link-unknown}" in raw.xpath("string(//body/@data-shown)")


def test_the_query_filter_shows_only_units_with_a_query(page: tuple[Path, review.Review]) -> None:
    path, built = page
    assert [r.id for r in built.rows if r.queries] == ["nightlife.title"]
    tree = dom(path, "#query=1")
    assert shown(tree) == {"nightlife.title"}
    assert QUERY.removeprefix("query: ") in tree.xpath("string(//tr[@id='u-nightlife.title']//p[@class='query'])")
    script = """
      var box = document.getElementById("query");
      box.checked = true; box.dispatchEvent(new Event("change", {bubbles: true}));
      document.body.setAttribute("data-hash", location.hash);
    """
    clicked = dom(path, script=script)
    assert shown(clicked) == {"nightlife.title"} and clicked.xpath("string(//body/@data-hash)") == "#query=1"
