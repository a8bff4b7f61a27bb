"""The lock tests sign quarters through the real review services to get real locks; what they check is
the lock, never the signed PDF (tests/tinjauan and tests/dokumen read those). So here the PDF is a small
valid file made from the document's HTML hash instead of a WeasyPrint render, which takes seconds."""

import hashlib

import pytest

from lkj.dokumen import render


def _pdf_ringan(isi_html: str) -> render.HasilPdf:
    sidik = hashlib.sha256(isi_html.encode("utf-8")).hexdigest()
    return render.HasilPdf(isi=f"%PDF-1.4\n% {sidik}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode(), halaman=1)


@pytest.fixture(autouse=True)
def pdf_ringan(monkeypatch):
    monkeypatch.setattr(render, "pdf", _pdf_ringan)
