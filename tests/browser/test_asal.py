"""Asal angka in a real browser: three explanations opened with the keyboard alone, each named for screen
readers, the focus back on the figure when closed, and a link inside one followed to the evidence file."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.browser.bantu import DESKTOP, PONSEL, axe, lebar, potret

PATEN = "k02_204_pelayanan_paten_sesuai_sop"


def _png():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def bukti_paten(demo):
    """An evidence file of the PATEN realisation, uploaded by its holder (the demo ships none)."""
    from django.contrib.auth import get_user_model

    from renja.models import BuktiDukung, Indikator

    bk = BuktiDukung(
        indikator=Indikator.objects.get(kode=PATEN),
        tahun=2025,
        triwulan=3,
        nama_asli="rekap-paten.png",
        jenis_isi="image/png",
        keterangan="Rekap PATEN Juli-September",
        diunggah_oleh=get_user_model().objects.get(username="sudarmi"),
    )
    bk.berkas.save("rekap-paten.png", ContentFile(_png()), save=True)
    return bk


def _buka_dengan_papan_ketik(page, tombol):
    """Tab stops on the figure; Enter opens its explanation, whose heading takes the focus."""
    tombol.focus()
    expect(tombol).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    judul = dialog.locator("#asal-judul")
    expect(judul).to_be_focused()
    return dialog, judul


def test_three_explanations_open_with_the_keyboard_and_one_leads_to_the_evidence(page, live_server, masuk, demo, bukti_paten):
    page.set_viewport_size(DESKTOP)
    masuk(page, "samsul")
    page.goto(f"{live_server.url}/e81/?opd={demo['opd'].kode}&tahun=2025&triwulan=3")
    page.wait_for_load_state("networkidle")

    # 1. capaian kinerja of program 7.01.01: the aktivitas sum behind it
    tombol = page.get_by_role("button", name=re.compile(r"^Asal angka capaian kinerja Program 7\.01\.01: "))
    expect(tombol).to_have_count(1)
    dialog, judul = _buka_dengan_papan_ketik(page, tombol)
    expect(judul).to_have_text("Asal angka: Capaian kinerja Program 7.01.01")
    expect(dialog).to_have_accessible_name("Asal angka: Capaian kinerja Program 7.01.01")
    expect(dialog).to_contain_text("172 ÷ 225 × 100")
    expect(dialog.get_by_role("table", name="Aktivitas yang dijumlahkan")).to_be_visible()
    assert axe(page) == []
    potret(page, "asal-e81-capaian-desktop")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(tombol).to_be_focused()

    # 2. the pagu of the same program: LRA lines of September with the upload's SHA-256
    tombol = page.get_by_role("button", name=re.compile(r"^Asal angka pagu anggaran Program 7\.01\.01: "))
    dialog, judul = _buka_dengan_papan_ketik(page, tombol)
    expect(dialog).to_contain_text(demo["lra"].sha256)
    page.keyboard.press("Tab")  # the focus stays inside the open dialog
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    dialog.get_by_role("button", name="Tutup").click()
    expect(dialog).to_be_hidden()
    expect(tombol).to_be_focused()

    # 3. the rata-rata: the program rows averaged
    tombol = page.get_by_role("button", name=re.compile(r"^Asal angka rata-rata capaian kinerja Formulir E\.81: "))
    dialog, judul = _buka_dengan_papan_ketik(page, tombol)
    expect(dialog).to_contain_text("÷ 5 =")
    page.set_viewport_size(PONSEL)
    potret(page, "asal-e81-rata-rata-ponsel")
    sw, iw = lebar(page)
    assert sw <= iw
    page.keyboard.press("Escape")
    page.set_viewport_size(DESKTOP)

    # the PATEN realisation opens to its evidence file, and the link serves it
    tombol = page.get_by_role("button", name=re.compile(r"^Asal angka realisasi kinerja Kegiatan 7\.01\.02\.204: "))
    dialog, _ = _buka_dengan_papan_ketik(page, tombol)
    tautan = dialog.get_by_role("link", name=re.compile("Bukti dukung: Rekap PATEN Juli-September"))
    expect(tautan).to_be_visible()
    href = tautan.get_attribute("href")
    assert re.search(rf"/bukti/{bukti_paten.pk}/$", href)
    r = page.request.get(live_server.url + href)
    assert r.status == 200 and r.body() == _png()
    tautan.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/bukti/{bukti_paten.pk}/$"))


def test_kinerja_saya_opens_an_explanation_from_the_row_and_keeps_axe_quiet(page, live_server, masuk, demo):
    page.set_viewport_size(PONSEL)
    masuk(page, "dhian")
    page.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    tombol = page.get_by_role("button", name=re.compile(r"^Asal angka capaian kinerja ")).first
    dialog, _ = _buka_dengan_papan_ketik(page, tombol)
    expect(dialog).to_contain_text("× 100 =")
    potret(page, "asal-kinerja-saya-ponsel")
    assert axe(page) == []
    page.keyboard.press("Escape")
    expect(tombol).to_be_focused()
