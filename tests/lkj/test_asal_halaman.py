"""Asal angka on the pages: each computed figure is a button that opens its explanation, loaded on demand,
read by exactly those who read the page that shows the figure (another OPD: 404)."""

import re
from html import unescape

import pytest

from dasar import format as fmt
from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from renja.models import BuktiDukung, Indikator
from tests.entri.conftest import camat, operator, staf, staf_lain, staf_opd_lain

E81 = "/e81/?opd={}&tahun=2025&triwulan=3"


def _url(opd, ref, angka):
    return f"/asal/{opd.kode}/2025/3/{ref}/{angka}/"


def _teks(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def e81(opd):
    return laporan_e81(pengukuran_opd(opd, 2025, 3))


@pytest.fixture
def p1(e81):
    return next(r for r in e81.rows if r.kode == "7.01.01")


def test_every_figure_of_the_e81_page_is_a_button_named_for_what_it_explains(client, camat, opd, e81, p1):
    client.force_login(camat)
    html = client.get(E81.format(opd.kode)).content.decode()
    tombol = re.findall(r'<button type="button" class="asal" hx-get="([^"]+)" hx-target="#asal-isi" aria-label="([^"]+)">', html)
    # five Rp/efisiensi cells on every row, three more K cells and the predikat on a row with an indicator,
    # three on each tujuan row, and the rata-rata with its predikat
    harap = sum(8 if r.indikator else 3 for r in e81.rows) + 3 * len(e81.tujuan) + 2
    assert len(tombol) == harap
    label = {unescape(a) for _, a in tombol}
    assert f"Asal angka capaian kinerja Program 7.01.01: {fmt.persen(p1.capaian_k)}" in label
    assert f"Asal angka rata-rata capaian kinerja Formulir E.81: {fmt.persen(e81.rata_rata_capaian)}" in label
    # nothing is measured twice to draw the page: the explanations are not in it
    assert "asal-panel" not in html and 'id="asal-dialog"' in html


def test_the_panel_shows_the_operands_with_their_values_and_sources(client, camat, opd, p1):
    client.force_login(camat)
    r = client.get(_url(opd, p1.ref, "capaian_k"), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "<html" not in r.content.decode()
    teks = _teks(r.content.decode())
    kin = pengukuran_opd(opd, 2025, 3).kinerja(p1.indikator_obj)
    assert "Asal angka: Capaian kinerja Program 7.01.01" in teks
    assert f"{fmt.nilai_kinerja(kin.pembilang)} ÷ {fmt.nilai_kinerja(kin.penyebut)} × 100 = {fmt.persen(kin.realisasi)}" in teks
    assert "Perubahan Perjanjian Kinerja" in teks and "01 September 2025" in teks

    lra = pengukuran_opd(opd, 2025, 3).lra
    teks = _teks(client.get(_url(opd, p1.ref, "target_rp"), HTTP_HX_REQUEST="true").content.decode())
    assert lra.nama_file in teks and lra.sha256 in teks
    assert f"= {fmt.rupiah(p1.target_rp)}" in teks

    teks = _teks(client.get(_url(opd, "laporan", "predikat"), HTTP_HX_REQUEST="true").content.decode())
    assert "Pita predikat" in teks and "berlaku" in teks


def test_without_htmx_the_explanation_is_a_page_of_its_own(client, camat, opd, p1):
    client.force_login(camat)
    html = client.get(_url(opd, p1.ref, "efisiensi")).content.decode()
    assert "<html" in html and "Asal angka: Efisiensi Program 7.01.01" in _teks(html)


def test_read_by_those_who_read_the_e81_another_opd_and_a_stranger_get_404(client, staf, staf_opd_lain, operator, opd, p1):
    url = _url(opd, p1.ref, "capaian_k")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(staf_opd_lain)
    assert client.get(url).status_code == 404
    assert client.get(E81.format(opd.kode)).status_code == 404
    client.force_login(staf)
    assert client.get(url).status_code == 200
    client.force_login(operator)
    assert client.get(url).status_code == 200


def test_an_unknown_figure_or_row_is_404(client, camat, opd, p1):
    client.force_login(camat)
    assert client.get(_url(opd, p1.ref, "bukan_angka")).status_code == 404
    assert client.get(_url(opd, "program-999999-1", "capaian_k")).status_code == 404
    assert client.get(_url(opd, "laporan", "capaian_k")).status_code == 404


def test_evidence_links_only_for_whoever_may_read_the_row(client, camat, staf_lain, opd, e81):
    paten = Indikator.objects.get(kode="k02_204_pelayanan_paten_sesuai_sop")
    baris = next(r for r in e81.rows if r.indikator_obj == paten)
    jab = pengukuran_opd(opd, 2025, 3).jabatan_penanggung(paten.pk)
    bk = BuktiDukung.objects.create(indikator=paten, tahun=2025, triwulan=3, berkas="bukti/2025/rekap.pdf", nama_asli="rekap.pdf")
    tautan = f"/kinerja/jabatan/{jab}/2025/3/indikator/{paten.pk}/bukti/{bk.pk}/"

    client.force_login(camat)
    html = client.get(_url(opd, baris.ref, "realisasi_k"), HTTP_HX_REQUEST="true").content.decode()
    assert f'href="{tautan}"' in html and "rekap.pdf" in html
    client.force_login(staf_lain)  # a colleague of another unit reads the E.81, not that jabatan's files
    html = client.get(_url(opd, baris.ref, "realisasi_k"), HTTP_HX_REQUEST="true").content.decode()
    assert "rekap.pdf" in html and f'href="{tautan}"' not in html


def test_kinerja_saya_the_report_page_and_the_overview_offer_the_same_explanations(client, camat, staf, opd, p1):
    client.force_login(staf)
    html = client.get("/kinerja/?tahun=2025&triwulan=3").content.decode()
    urls = re.findall(r'class="asal" hx-get="([^"]+)"', html)
    assert urls and all(client.get(u, HTTP_HX_REQUEST="true").status_code == 200 for u in urls[:4])

    client.force_login(camat)
    for halaman in (f"/tinjauan/laporan/{opd.kode}/2025/3/", f"/tinjauan/ikhtisar/{opd.kode}/2025/3/"):
        html = client.get(halaman).content.decode()
        assert f'hx-get="{_url(opd, p1.ref, "capaian_k")}"' in html, halaman
        assert f'hx-get="{_url(opd, "laporan", "rata_rata_capaian")}"' in html, halaman
