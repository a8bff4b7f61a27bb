"""A pegawai enters a quarter's realisation in a real browser; conflicts and outsiders are handled."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from renja.models import BuktiDukung, Indikator, Realisasi

PATEN = "k02_204_pelayanan_paten_sesuai_sop"


def _png():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def paten(demo):
    return Indikator.objects.get(kode=PATEN)


def _baris(page, ind):
    return page.locator(f"article.baris[data-indikator='{ind.pk}']")


def test_a_pegawai_enters_a_decimal_comma_uploads_evidence_and_sees_capaian_and_predikat_change(page, live_server, masuk, paten):
    masuk(page, "sudarmi")
    page.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    expect(page.get_by_role("heading", name="Plt. Kasi Pelayanan Umum")).to_be_visible()
    row = _baris(page, paten)
    expect(row.locator(".capaian")).to_have_text("60,58%")
    expect(row.locator(".predikat")).to_have_text("Rendah")

    row.get_by_label("Realisasi s.d. Triwulan III (%)").fill("76,44")
    row.get_by_role("button", name="Simpan").click()
    row = _baris(page, paten)
    expect(row.locator(".pesan")).to_have_text("Tersimpan.")
    expect(row.locator(".capaian")).to_have_text("76,44%")
    expect(row.locator(".predikat")).to_have_text("Tinggi")
    expect(row.locator(".peringatan")).to_contain_text("Belum ada bukti dukung")

    row.locator("input[type=file]").set_input_files({"name": "rekap-paten.png", "mimeType": "image/png", "buffer": _png()})
    row.get_by_label("Keterangan bukti").fill("Rekap PATEN Juli-September")
    row.get_by_role("button", name="Unggah").click()
    row = _baris(page, paten)
    expect(row.get_by_role("link", name="Rekap PATEN Juli-September")).to_be_visible()
    expect(row).not_to_contain_text("Belum ada bukti dukung")

    from decimal import Decimal

    assert Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3).nilai == Decimal("76.44")
    assert BuktiDukung.objects.get(indikator=paten).jenis_isi == "image/png"


def test_two_pages_edit_the_same_row_and_the_second_is_told(browser, live_server, masuk, paten):
    satu = masuk(browser.new_context().new_page(), "sudarmi")
    dua = masuk(browser.new_context().new_page(), "operator")
    satu.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    from organisasi.models import Jabatan

    jab = Jabatan.objects.get(nama="Kasi Pelayanan Umum")
    dua.goto(f"{live_server.url}/kinerja/jabatan/{jab.pk}/2025/3/")

    r1 = _baris(satu, paten)
    r1.get_by_label("Realisasi s.d. Triwulan III (%)").fill("70")
    r1.get_by_role("button", name="Simpan").click()
    expect(_baris(satu, paten).locator(".pesan")).to_have_text("Tersimpan.")

    r2 = _baris(dua, paten)
    r2.get_by_label("Realisasi s.d. Triwulan III (%)").fill("90")
    r2.get_by_role("button", name="Simpan").click()
    r2 = _baris(dua, paten)
    expect(r2.locator(".konflik")).to_contain_text("sudah diubah orang lain")
    expect(r2.locator(".nilai-terbaru")).to_have_text("70")
    expect(r2.get_by_label("Realisasi s.d. Triwulan III (%)")).to_have_value("70")
    assert Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3).nilai == 70


def test_an_outsider_gets_404(page, live_server, masuk, paten, opd):
    from organisasi.models import Jabatan, Pegawai, Penugasan, PerangkatDaerah

    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    jab_lain = Jabatan.objects.create(pemda=opd.pemda, opd=lain, kode="lain-staf", nama="Staf Lain", jenis=Jabatan.Jenis.STAF)
    user = get_user_model().objects.create_user("orang_lain", password="x-sangat-panjang-1")
    Penugasan.objects.create(
        pegawai=Pegawai.objects.create(pemda=opd.pemda, nama="Orang Lain", user=user), jabatan=jab_lain, mulai=datetime.date(2025, 1, 1)
    )
    masuk(page, "orang_lain", "x-sangat-panjang-1")
    jab = Jabatan.objects.get(nama="Kasi Pelayanan Umum")
    resp = page.goto(f"{live_server.url}/kinerja/jabatan/{jab.pk}/2025/3/")
    assert resp.status == 404
    expect(page.locator("body")).not_to_contain_text("PATEN")
