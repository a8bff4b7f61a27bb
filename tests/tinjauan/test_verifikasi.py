"""Public verification: only by the random code printed on the document or by the file itself; rate-limited; no content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lkj.dokumen import render
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda


@pytest.fixture
def dok(opd, sekcam, camat):
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati")
    return DokumenTertanda.objects.get(jenis="lkj_opd")


def test_the_sequential_number_finds_nothing_the_code_does(client, dok):
    url = reverse("tinjauan:verifikasi")
    r = client.get(url, {"kode": dok.nomor})
    assert r.status_code == 200 and "Tidak ada dokumen bertanda tangan dengan kode verifikasi itu" in r.content.decode()
    r = client.get(url, {"kode": dok.nomor.lower()})
    assert r.status_code == 200
    assert client.get(reverse("tinjauan:verifikasi_kode", args=[dok.nomor.replace("/", "-")])).status_code == 404
    r = client.get(url, {"kode": dok.kode.lower().replace("-", " ")})  # typed as read aloud
    assert r.status_code == 302 and r.url == reverse("tinjauan:verifikasi_kode", args=[dok.kode])


def test_the_file_itself_finds_its_document_and_a_changed_file_finds_nothing(client, dok):
    url = reverse("tinjauan:verifikasi")
    asli = dok.render.berkas.open("rb").read()
    teks = client.post(url, {"berkas": SimpleUploadedFile("lkj.pdf", asli, "application/pdf")}).content.decode()
    assert "SAMA dengan dokumen" in teks and dok.nomor in teks and dok.sha256 in teks
    teks = client.post(url, {"berkas": SimpleUploadedFile("lkj.pdf", asli + b"\n", "application/pdf")}).content.decode()
    assert "Tidak ada dokumen bertanda tangan yang sama persis dengan berkas ini" in teks and dok.nomor not in teks


def test_the_page_shows_number_kind_signers_date_hash_and_the_exception_nothing_else(client, dok):
    teks = client.get(reverse("tinjauan:verifikasi_kode", args=[dok.kode])).content.decode()
    teks = teks.split('id="isi"', 1)[1]  # the page's own content, after the navigation and its skip link
    assert dok.nomor in teks and "Laporan Kinerja (LKj) Perangkat Daerah" in teks
    assert "SAMSUL NURUL HUDA, SE" in teks and dok.sha256 in teks
    assert "Alasan: Batas waktu Bupati" in teks
    # no content of the report: neither the OPD's figures nor its narrative, nor the file's size
    for isi in ("76,44", "Sasaran", "halaman", "byte", "Kecamatan Kedungjajang, Triwulan"):
        assert isi not in teks, isi


def test_attempts_are_limited_per_client_with_an_indonesian_429(client, dok, settings):
    settings.LKJ_VERIFIKASI_BATAS = 3
    url = reverse("tinjauan:verifikasi")
    for kode in ("AAAA-AAAA", "BBBB-BBBB", dok.kode):
        assert client.get(url, {"kode": kode}, REMOTE_ADDR="10.0.0.7").status_code in (200, 302)
    r = client.get(url, {"kode": dok.kode}, REMOTE_ADDR="10.0.0.7")
    assert r.status_code == 429 and "Terlalu banyak percobaan verifikasi" in r.content.decode() and r["Retry-After"]
    r = client.get(reverse("tinjauan:verifikasi_kode", args=[dok.kode]), REMOTE_ADDR="10.0.0.7")
    assert r.status_code == 429
    r = client.post(url, {"berkas": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")}, REMOTE_ADDR="10.0.0.7")
    assert r.status_code == 429
    # another client is not held back
    assert client.get(reverse("tinjauan:verifikasi_kode", args=[dok.kode]), REMOTE_ADDR="10.0.0.8").status_code == 200


def test_behind_a_trusted_proxy_the_proxys_header_names_the_client(client, dok, settings):
    settings.LKJ_VERIFIKASI_BATAS = 1
    settings.LKJ_HEADER_IP_KLIEN = "HTTP_X_REAL_IP"
    url = reverse("tinjauan:verifikasi_kode", args=[dok.kode])
    assert client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.6").status_code == 200
