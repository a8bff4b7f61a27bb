"""The operator's workbook page: permissions, template, export, upload → preview → confirm."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from perencanaan.workbook import LEMBAR


@pytest.fixture
def operator(client, opd):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _ekspor(client, opd):
    r = client.get(reverse("perencanaan:ekspor"), {"opd": opd.kode, "tahun": 2025})
    assert r.status_code == 200
    return b"".join(r.streaming_content) if r.streaming else r.content


def _ubah(isi, lembar, baris, kolom_judul, nilai):
    wb = load_workbook(io.BytesIO(isi))
    ws = wb[lembar]
    ws.cell(row=baris, column=[c.value for c in ws[1]].index(kolom_judul) + 1, value=nilai)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _unggah(client, isi, nama="rencana.xlsx"):
    f = io.BytesIO(isi)
    f.name = nama
    return client.post(reverse("perencanaan:unggah"), {"berkas": f})


@pytest.mark.parametrize("nama", ["index", "templat", "ekspor"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, nama):
    r = client.get(reverse(f"perencanaan:{nama}"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("nama", ["index", "templat", "ekspor"])
def test_a_camat_who_is_not_an_operator_gets_403(client, opd, nama):
    client.force_login(get_user_model().objects.get(username="samsul"))
    assert client.get(reverse(f"perencanaan:{nama}"), {"opd": opd.kode, "tahun": 2025}).status_code == 403


def test_a_staff_upload_is_refused_with_403(client, opd):
    client.force_login(get_user_model().objects.get(username="indah"))
    assert _unggah(client, b"x").status_code == 403


def test_the_operator_sees_the_workbook_page(operator):
    r = operator.get(reverse("perencanaan:index"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Workbook perencanaan" in html and "Unduh templat (.xlsx)" in html and "PK anggaran" in html


def test_the_template_download_opens_and_has_the_headers(operator):
    r = operator.get(reverse("perencanaan:templat"))
    assert r.status_code == 200 and "templat-perencanaan.xlsx" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames == list(LEMBAR)
    assert [c.value for c in next(wb["Indikator"].iter_rows(max_row=1))] == [h for _, h, _, _ in LEMBAR["Indikator"]]


def test_exporting_another_opd_is_a_404(operator, opd):
    assert operator.get(reverse("perencanaan:ekspor"), {"opd": "9.99.0.00.0.00.99.0000", "tahun": 2025}).status_code == 404


def test_upload_preview_confirm_writes_the_change(operator, opd):
    from renja.models import Tujuan

    isi = _ubah(_ekspor(operator, opd), "Tujuan", 2, "Uraian", "Meningkatnya Kinerja dan Pelayanan Kecamatan")
    r = _unggah(operator, isi)
    assert r.status_code == 302
    pratinjau = operator.get(r["Location"])
    html = pratinjau.content.decode()
    assert "Meningkatnya Kinerja dan Pelayanan Kecamatan" in html and "Konfirmasi dan simpan" in html
    assert not Tujuan.objects.filter(uraian__startswith="Meningkatnya Kinerja dan Pelayanan").exists()
    sha = r["Location"].rstrip("/").rsplit("/", 1)[1]
    r = operator.post(reverse("perencanaan:konfirmasi", args=[sha]), follow=True)
    assert "tersimpan untuk Kecamatan Kedungjajang tahun 2025: 0 baris baru, 1 baris diubah" in r.content.decode()
    assert Tujuan.objects.get(opd=opd, kode="T1").uraian == "Meningkatnya Kinerja dan Pelayanan Kecamatan"


def test_a_bad_upload_shows_every_error_and_writes_nothing(operator, opd):
    from renja.models import Target

    isi = _ubah(_ekspor(operator, opd), "Target", 2, "Target", -5)
    r = _unggah(operator, isi)
    assert r.status_code == 400
    html = r.content.decode()
    assert "Berkas ditolak; tidak ada yang disimpan." in html
    assert '<tr class="kesalahan"><td>Target</td><td>2</td><td>Target</td><td>target tidak boleh negatif.</td></tr>' in html
    assert not Target.objects.filter(nilai__lt=0).exists()


def test_a_confirm_without_a_preview_in_this_session_writes_nothing(operator, opd):
    r = operator.post(reverse("perencanaan:konfirmasi", args=["0" * 64]), follow=True)
    assert "Pratinjau ini sudah tidak tersedia" in r.content.decode()
