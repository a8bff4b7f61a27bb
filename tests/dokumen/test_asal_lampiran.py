"""The optional lampiran "Asal angka" of the OPD LKj and the E.81 PDF: off by default, chosen on the documents page,
a different file from the one without it (cached apart), each row's formulas with real values and sources in short."""

import re
from html import unescape

import pytest
from django.urls import reverse

from dasar import format as fmt
from lkj.dokumen import render, services
from lkj.dokumen.models import DokumenRender
from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from tests.dokumen import cetak
from tests.entri.conftest import camat

TAHUN, TW = 2025, 3


def _html(jenis, opd, lampiran):
    d = services.data_dokumen(jenis, opd, TAHUN, TW, None, services.tanggal_baku(TAHUN, TW), lampiran_asal=lampiran)
    return render.html(services.SPESIFIKASI[jenis].template, services.konteks(jenis, d))


def _teks(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def e81(opd):
    return laporan_e81(pengukuran_opd(opd, TAHUN, TW))


@pytest.mark.parametrize("jenis", ["lkj_opd", "e81"])
def test_the_lampiran_lists_each_rows_formulas_with_values_and_sources_only_when_chosen(opd, e81, jenis):
    tanpa, dengan = _teks(_html(jenis, opd, False)), _teks(_html(jenis, opd, True))
    assert "ASAL ANGKA FORMULIR E.81" not in tanpa and "ASAL ANGKA FORMULIR E.81" in dengan
    p1 = next(r for r in e81.rows if r.kode == "7.01.01" and r.indikator)
    lra = e81.ukur.lra
    kin = e81.ukur.kinerja(p1.indikator_obj)
    assert (
        f"Capaian kinerja : {fmt.angka_seperlunya(kin.realisasi)} ÷ {fmt.angka_seperlunya(kin.target)} × 100 = {fmt.persen(p1.capaian_k)}"
        in dengan
    )
    assert f"Capaian anggaran : {fmt.rupiah(p1.realisasi_rp)} ÷ {fmt.rupiah(p1.target_rp)} × 100 = {fmt.persen(p1.capaian_rp)}" in dengan
    assert f"Predikat : {fmt.persen(p1.capaian_k)} berada pada pita" in dengan and p1.predikat in dengan
    assert f"SHA-256 {lra.sha256[:12]}" in dengan and "Perubahan Perjanjian Kinerja tanggal 01 September 2025" in dengan
    assert "Σ aktivitas terlaksana ÷ Σ direncanakan" in dengan  # the demo's aktivitas-based kegiatan
    assert "Rata-rata capaian kinerja : " in dengan and fmt.persen(e81.rata_rata_capaian) in dengan
    if jenis == "lkj_opd":  # named in the list of lampiran too
        assert "Asal angka Formulir E.81" in dengan and "Asal angka Formulir E.81" not in tanpa


def test_the_choice_is_part_of_the_cache_key_and_off_by_default(opd):
    tanpa = services.dokumen_siapkan(jenis="e81", opd=opd, tahun=TAHUN, triwulan=TW, antrekan=False)
    dengan = services.dokumen_siapkan(jenis="e81", opd=opd, tahun=TAHUN, triwulan=TW, antrekan=False, lampiran_asal=True)
    assert not tanpa.lampiran_asal and dengan.lampiran_asal and tanpa.pk != dengan.pk and tanpa.versi_data != dengan.versi_data
    # asked again, each is served from its own cache entry
    assert services.dokumen_siapkan(jenis="e81", opd=opd, tahun=TAHUN, triwulan=TW, antrekan=False).pk == tanpa.pk
    assert services.dokumen_siapkan(jenis="e81", opd=opd, tahun=TAHUN, triwulan=TW, antrekan=False, lampiran_asal=True).pk == dengan.pk
    with pytest.raises(services.DokumenTidakTersedia, match="hanya tersedia untuk PDF"):
        services.dokumen_siapkan(jenis="lra", opd=opd, tahun=TAHUN, triwulan=TW, antrekan=False, lampiran_asal=True)


def test_the_documents_page_offers_the_choice_unchecked_and_the_request_carries_it(client, camat, opd):
    client.force_login(camat)
    halaman = client.get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW}).content.decode()
    kotak = re.findall(r'<input class="form-check-input" type="checkbox" name="lampiran_asal" value="1" id="asal-(\w+)"[^>]*>', halaman)
    assert sorted(kotak) == ["e81", "lkj_opd"] and "Sertakan lampiran Asal angka" in halaman and "checked" not in "".join(kotak)
    client.post(
        reverse("dokumen:minta"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW, "jenis": "e81", "format": "pdf", "lampiran_asal": "1"}
    )
    client.post(reverse("dokumen:minta"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW, "jenis": "e81", "format": "pdf"})
    assert sorted(DokumenRender.objects.filter(opd=opd, jenis="e81").values_list("lampiran_asal", flat=True)) == [False, True]


def test_the_e81_with_its_lampiran_prints_inside_the_page_without_blank_pages(opd, e81, tmp_path):
    c = cetak.cetak_dejavu_saja({"e81": _html("e81", opd, True)}, tmp_path)["e81"]
    assert cetak.kata_di_luar(c) == []
    assert [i for i, h in enumerate(c.halaman, 1) if not cetak.isi_halaman(h)] == []
    teks = " ".join(h.teks for h in c.halaman)
    assert "ASAL ANGKA FORMULIR E.81" in teks and f"{e81.ukur.lra.sha256[:12]})" in teks
    # the lampiran's pages repeat its header
    mulai = next(i for i, h in enumerate(c.halaman) if "ASAL ANGKA" in h.teks)
    assert all("Rumus dengan nilai" in h.teks for h in c.halaman[mulai:])
