"""Bad input found in review: each gets an Indonesian message that says what and where, and changes nothing."""

import struct
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from renja.models import BuktiDukung, Realisasi
from tests.entri.test_views import HX, kasi_pelum, paten, realisasi, url_simpan


def _masuk(client, nama):
    client.force_login(get_user_model().objects.get(username=nama))
    return client


def _png_raksasa(lebar=30000, tinggi=30000) -> bytes:
    """A tiny PNG that declares 900 megapixels: Pillow refuses to open it as a decompression bomb."""

    def chunk(jenis, data):
        return struct.pack(">I", len(data)) + jenis + data + struct.pack(">I", zlib.crc32(jenis + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", lebar, tinggi, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_year_outside_2000_2100_is_not_a_page_and_says_why(client, opd):
    c = _masuk(client, "samsul")
    jab = get_user_model().objects.get(username="samsul").pegawai.penugasan.first().jabatan
    assert c.get(f"/kinerja/jabatan/{jab.pk}/99999/3/").status_code == 404
    assert c.get(f"/tinjauan/ikhtisar/{opd.kode}/99999/3/").status_code == 404
    assert c.get(f"/tinjauan/ikhtisar/{opd.kode}/2025/9/").status_code == 404
    r = c.get("/tinjauan/?tahun=99999")
    assert r.status_code == 404 and "Tahun 99999 di luar rentang 2000–2100." in r.content.decode()
    r = c.get("/tinjauan/saya/?tahun=abc")
    assert r.status_code == 404 and "tahun dan triwulan harus angka" in r.content.decode()


def test_commands_refuse_a_bad_year_and_an_output_they_cannot_write(opd, tmp_path):
    with pytest.raises(CommandError, match="tahun 0 di luar rentang 2000–2100"):
        call_command("e81", "--opd", opd.kode, "--tahun", "0", "--triwulan", "3")
    with pytest.raises(CommandError, match="triwulan '9' tidak dikenal"):
        call_command("render_lkj", "--opd", opd.kode, "--tahun", "2025", "--triwulan", "9", "--output", "x.pdf")
    with pytest.raises(CommandError, match="Folder .*tidak-ada untuk --output tidak ada"):
        call_command(
            "render_lkj",
            "--opd",
            opd.kode,
            "--tahun",
            "2025",
            "--triwulan",
            "3",
            "--jenis",
            "lra",
            "--output",
            str(tmp_path / "tidak-ada" / "lra.pdf"),
        )
    assert list(tmp_path.iterdir()) == []


def test_a_document_request_with_a_malformed_jabatan_is_404_not_a_crash(client, opd):
    r = _masuk(client, "samsul").post(
        reverse("dokumen:minta"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "individu", "format": "pdf", "jabatan": "abc"}
    )
    assert r.status_code == 404


def test_a_stale_or_tampered_row_form_says_reload(client, kasi_pelum, paten):
    sebelum = realisasi(paten)
    c = _masuk(client, "sudarmi")
    r = c.post(url_simpan(kasi_pelum, paten), {"nilai": "70", "versi": "abc"}, **HX)
    assert r.status_code == 422 and "Formulir ini kedaluwarsa atau rusak; muat ulang halaman" in r.content.decode()
    r = c.post(url_simpan(kasi_pelum, paten), {"nilai": "70", "versi": sebelum.versi, "catatan": "x" * 2001}, **HX)
    assert r.status_code == 422 and "2000" in r.content.decode()
    assert Realisasi.objects.get(pk=sebelum.pk).nilai == sebelum.nilai


def test_an_image_declaring_huge_dimensions_is_refused_as_evidence(client, kasi_pelum, paten):
    r = _masuk(client, "sudarmi").post(
        reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk]),
        {"berkas": SimpleUploadedFile("foto.png", _png_raksasa())},
        **HX,
    )
    assert r.status_code == 422 and "megapiksel" in r.content.decode()
    assert not BuktiDukung.objects.exists()


def test_a_narrative_saved_after_the_report_was_signed_is_refused_on_the_page(client, kasi_pelum, monkeypatch):
    from lkj.entri import services as narasi_services
    from lkj.models import Narasi
    from organisasi.selectors import DataTerkunci

    def terkunci(**kw):
        raise DataTerkunci("Data Triwulan 3 Tahun 2025 sudah dibekukan karena laporan ini telah ditandatangani.")

    sebelum = list(Narasi.objects.filter(jabatan=kasi_pelum).values())
    monkeypatch.setattr(narasi_services, "narasi_simpan", terkunci)
    r = _masuk(client, "sudarmi").post(
        reverse("entri:narasi", args=[kasi_pelum.pk, 2025, 3]), {"faktor_pendukung": "Koordinasi lancar", "versi": 0}
    )
    assert r.status_code == 200 and "sudah dibekukan" in r.content.decode()
    assert list(Narasi.objects.filter(jabatan=kasi_pelum).values()) == sebelum


def test_the_verification_upload_says_what_is_wrong_with_the_file(client, opd):
    from lkj.tinjauan import services as svc
    from lkj.tinjauan.models import DokumenTertanda

    U = get_user_model().objects
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=U.get(username="samsul"), alasan_pengecualian="Uji")
    dok = DokumenTertanda.objects.filter(jenis="lkj_opd").get()
    url = reverse("tinjauan:verifikasi_kode", args=[dok.kode])
    client.logout()
    r = client.post(url, {})
    assert "Pilih berkas PDF yang ingin diperiksa." in r.content.decode()
    r = client.post(url, {"berkas": SimpleUploadedFile("laporan.pdf", b"bukan pdf sama sekali")})
    assert "Berkas ini bukan PDF" in r.content.decode() and "BERBEDA" not in r.content.decode()


def test_a_review_form_error_names_its_field(client, opd):
    bambang = get_user_model().objects.get(username="bambang")
    from lkj.tinjauan import services as svc

    svc.laporan_ajukan(opd=opd, tahun=2025, triwulan=3, oleh=bambang)
    r = _masuk(client, "samsul").post(
        reverse("tinjauan:aksi_opd", args=[opd.kode, 2025, 3, "tanggapi"]), {"tanggapan": "lain", "keterangan": "x" * 2001}, follow=True
    )
    assert "Keterangan: " in r.content.decode()
