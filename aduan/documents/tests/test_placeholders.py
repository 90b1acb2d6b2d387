"""Agency wording: only known {placeholders} are replaced, and everything is escaped."""

from django.utils.safestring import mark_safe

from aduan.documents.defaults import DEFAULT_BODIES
from aduan.documents.placeholders import fill, template_errors


def test_defaults_are_valid():
    for kind, body in DEFAULT_BODIES.items():
        assert template_errors(body) == [], kind


def test_unknown_placeholder_and_template_code_are_refused():
    assert template_errors("Nomor {nomor}") == []
    assert "Penanda tidak dikenal: {rahasia}." in template_errors("{rahasia}")[0]
    # Django template code is neither a placeholder nor allowed text with braces
    assert template_errors("{{ complaint.reporter.nik }}") != []
    assert template_errors("{% load static %}") != []
    assert template_errors("   ") != []


def test_text_and_values_are_escaped_blocks_are_not():
    # given wording with markup and a value with markup
    body = "<b>Halo</b> {nama_pelapor}\n\n{isi}"
    values = {"nama_pelapor": "<script>x</script>", "isi": mark_safe("<p>Jawab</p>")}
    # when
    html = fill(body, values)
    # then the user's markup shows as text, the sanitised block as HTML
    assert "&lt;b&gt;Halo&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;" in html
    assert '<div class="block"><p>Jawab</p></div>' in html
    assert "<script>" not in html


def test_numbered_lines_become_points_and_blank_lines_paragraphs():
    html = fill("Bahwa:\n1. satu;\n2. dua.\n\nDemikian.", {})
    assert html.count('<div class="para">') == 2
    assert '<span class="marker">1.</span><span class="text">satu;</span>' in html
