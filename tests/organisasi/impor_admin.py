"""Driving django-import-export's admin pages the way an operator does: export, upload, preview, confirm."""

import html
import io
import re

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dasar.xlsx import tambah_baris


def xlsx(judul, baris) -> bytes:
    buku = Workbook()
    lembar = buku.active
    tambah_baris(lembar, list(judul))
    for b in baris:
        tambah_baris(lembar, list(b))
    keluar = io.BytesIO()
    buku.save(keluar)
    return keluar.getvalue()


def baca(isi: bytes) -> list[list]:
    """The first sheet's rows (header included), values as stored."""
    lembar = load_workbook(io.BytesIO(isi)).worksheets[0]
    return [[c.value for c in r] for r in lembar.iter_rows()]


def url(model, langkah):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{langkah}")


def ekspor(client, model) -> bytes:
    resp = client.post(url(model, "export"), {"format": "0", "resource": "0"})
    assert resp.status_code == 200, resp.content[:500]
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    return resp.content


def unggah(client, model, isi: bytes, nama="data.xlsx"):
    """The preview (dry run) of an upload: the response of the import page."""
    berkas = io.BytesIO(isi)
    berkas.name = nama
    return client.post(url(model, "import"), {"import_file": berkas, "format": "0", "resource": "0"})


def konfirmasi(client, model, pratinjau):
    """Press "Konfirmasi impor" on a preview page (the hidden fields of its confirm form)."""
    form = pratinjau.context["confirm_form"]
    assert form is not None, galat(pratinjau)
    return client.post(
        url(model, "process_import"), {n: form.initial.get(n, "") for n in ("import_file_name", "original_file_name", "format", "resource")}
    )


def impor(client, model, isi: bytes):
    """Upload, preview and confirm; the confirm's response (a redirect to the list when all went in)."""
    return konfirmasi(client, model, unggah(client, model, isi))


def galat(resp) -> list[str]:
    """The refusals the page shows: file errors on the form, then every row/column sentence."""
    teks = resp.content.decode()
    kalimat = re.findall(r'<ul class="errorlist data-induk-galat">(.*?)</ul>', teks, re.S)
    hasil = [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip())
        for blok in kalimat
        for li in re.findall(r"<li>(.*?)</li>", blok, re.S)
    ]
    form = resp.context.get("form") if resp.context else None
    if form is not None and form.errors:
        hasil = [e for daftar in form.errors.values() for e in daftar] + hasil
    return hasil
