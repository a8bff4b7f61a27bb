"""Content-Security-Policy: no page depends on an inline script, so the policy can forbid them."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model

AKAR = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_policy_without_inline_scripts(client, opd):
    client.force_login(get_user_model().objects.get(username="bambang"))
    r = client.get("/e81/")
    csp = r["Content-Security-Policy"]
    arahan = dict(bagian.strip().split(" ", 1) for bagian in csp.split(";"))
    assert arahan["script-src"] == "'self'" and arahan["style-src"] == "'self'"
    assert arahan["object-src"] == "'none'" and arahan["frame-ancestors"] == "'self'"
    assert "unsafe" not in csp
    assert client.get("/masuk/")["Content-Security-Policy"] == csp


def test_no_page_template_has_an_inline_script_style_or_event_handler():
    """Document templates (templates/dokumen/) are printed by WeasyPrint; every other template is a page."""
    salah = []
    for path in (AKAR / "templates").rglob("*.html"):
        if path.parent.name == "dokumen" and not path.name == "index.html" and not path.name.startswith("_status"):
            continue
        teks = path.read_text()
        for pola in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"javascript:"):
            if re.search(pola, teks, re.I):
                salah.append(f"{path.relative_to(AKAR)}: {pola}")
    assert salah == []


def test_the_document_preview_alone_allows_its_inline_table_styles(client, opd):
    client.force_login(get_user_model().objects.get(username="samsul"))
    r = client.get(f"/tinjauan/laporan/{opd.kode}/2025/3/pratinjau/")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self';" in csp + ";"
