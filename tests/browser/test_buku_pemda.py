"""The pemda's administrator onboards OPDs and operators from one workbook in a real browser: refusals named by
sheet, row and column, a preview before anything is written, the one-time links after the confirm, and the new
operator setting his password through his link; at desktop and phone width, without sideways scroll or WCAG
violations."""

import pytest
from playwright.sync_api import expect

from organisasi.models import OperatorOpd, PerangkatDaerah
from tests.browser.bantu import DESKTOP, PONSEL, axe, lebar, potret
from tests.pemda.test_buku_pemda import KLAKAH, OPD_CONTOH, OPERATOR_CONTOH, buku

SANDI = "Klakah-lumajang-2025!"


@pytest.fixture(autouse=True)
def draf(settings, tmp_path):
    settings.LKJ_BUKU_PEMDA_DRAF_DIR = tmp_path / "draf"


def _unggah(page, isi):
    page.locator("#id_berkas").set_input_files({"name": "buku-pemda.xlsx", "mimeType": "application/octet-stream", "buffer": isi})
    with page.expect_navigation():
        page.get_by_role("button", name="Pratinjau").click()


def _periksa_tata_letak(page, nama):
    assert axe(page) == [], nama
    for ukuran, akhiran in ((PONSEL, "ponsel"), (DESKTOP, "desktop")):
        page.set_viewport_size(ukuran)
        potret(page, f"{nama}-{akhiran}")
        lebar_dok, lebar_layar = lebar(page)
        assert lebar_dok <= lebar_layar, (nama, akhiran)


def test_the_administrator_previews_refusals_confirms_and_the_operator_sets_his_password(page, live_server, masuk, demo, browser):
    page.set_viewport_size(DESKTOP)
    masuk(page, "adminpemda")
    page.get_by_role("link", name="Buku pemda").first.click()
    expect(page.get_by_role("heading", name="Buku pemda: perangkat daerah dan operatornya")).to_be_visible()
    _periksa_tata_letak(page, "buku-pemda")

    _unggah(page, buku([*OPD_CONTOH, ("7.01.22", "Kecamatan Tempeh", "", "kantor", "")], [*OPERATOR_CONTOH, ("op.x", "X", "x@", KLAKAH)]))
    expect(page.locator("main .alert-danger")).to_contain_text("Lembar 'OPD', baris 5, kolom 'Kode OPD': '7.01.22' bukan kode SIPD")
    expect(page.locator("main .alert-danger")).to_contain_text(
        "Lembar 'Operator', baris 6, kolom 'Surel': 'x@' bukan alamat surel yang sah"
    )
    expect(page.get_by_role("button", name="Konfirmasi dan simpan")).to_have_count(0)
    _periksa_tata_letak(page, "buku-pemda-ditolak")
    assert not PerangkatDaerah.objects.filter(kode=KLAKAH).exists()

    page.get_by_role("link", name="Unggah berkas lain").click()
    _unggah(page, buku(OPD_CONTOH, OPERATOR_CONTOH))
    expect(page.get_by_role("heading", name="Lembar OPD (3)")).to_be_visible()
    _periksa_tata_letak(page, "buku-pemda-pratinjau")
    assert not PerangkatDaerah.objects.filter(kode=KLAKAH).exists()  # the preview writes nothing

    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmasi dan simpan").click()
    expect(page.locator("main .alert-success")).to_contain_text("3 perangkat daerah baru")
    baris = page.get_by_role("row").filter(has_text="op.klakah")
    tautan = baris.locator("code").inner_text()
    _periksa_tata_letak(page, "buku-pemda-hasil")
    assert OperatorOpd.objects.filter(user__username="op.klakah", opd__kode=KLAKAH).exists()

    operator = browser.new_context(viewport=PONSEL).new_page()
    operator.goto(tautan)
    expect(operator.get_by_role("heading", name="Buat kata sandi baru")).to_be_visible()
    operator.fill("#id_new_password1", SANDI)
    operator.fill("#id_new_password2", SANDI)
    operator.get_by_role("button", name="Simpan kata sandi").click()
    masuk(operator, "op.klakah", SANDI)
    operator.goto(f"{live_server.url}/anggaran/lra/")
    expect(operator.locator("main")).to_contain_text("Kecamatan Klakah")
    expect(operator.locator("main")).not_to_contain_text(demo["opd"].nama)
