"""Inline pandoc-Markdown shown as safe HTML: chips, links, escaping, and block markup a unit should not hold."""

from __future__ import annotations

import lxml.html

from pipeline.review import inline_html


def html(text: str) -> str:
    return str(inline_html.render_all([text])[text].html)


def test_plain_text_is_escaped_without_pandoc() -> None:
    shown = inline_html.render_all(["Tom & Jerry's \"show\"", "Tom & Jerry's \"show\""])
    assert list(shown) == ["Tom & Jerry's \"show\""]  # each distinct text once
    assert shown["Tom & Jerry's \"show\""] == inline_html.Shown("Tom &amp; Jerry&#39;s &#34;show&#34;", False)


def test_spans_links_and_emphasis() -> None:
    out = html('*Vu* -- "ici" [A]{lang=pt-BR} [B]{.link-unknown} [C](mailto:a@b.eu "t") [D](#top) **E**')
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    assert tree.text_content() == 'Vu -- "ici" A B C D E'  # quotes and dashes as typed: no smart punctuation
    assert [(s.get("lang"), s.get("data-tags"), s.get("title")) for s in tree.xpath("span")] == [
        ("pt-BR", "pt-BR", "Portuguese (Brazil)"), (None, "lost link", "the export lost this link's target")]
    assert [(a.get("href"), a.text) for a in tree.xpath("a")] == [("mailto:a@b.eu", "C"), ("#top", "D")]
    assert tree.xpath("string(em)") == "Vu" and tree.xpath("string(strong)") == "E"
    assert inline_html.chips(inline_html.Shown(out, True).html) == 2


def test_block_markup_in_a_unit_is_shown_flat_and_inert() -> None:
    out = html("# Titre\n\n- un\n- deux\n\n```\n<b>code</b>\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    assert tree.xpath("string(strong)") == "Titre"
    assert "• un" in tree.text_content() and "• deux" in tree.text_content()
    assert [c.text_content() for c in tree.xpath("code")] == ["<b>code</b>", "[Table]"]
    assert not tree.xpath("//b | //table")
