"""A second OPD worked through a year: each quarter keeps its own targets and budget (decisions §3, §5),
and a past quarter's documents stay the same, figure for figure, whatever later imports bring."""

from decimal import Decimal as D

import pytest

from lkj.dokumen import services as dokumen
from lkj.dokumen.data import jabatan_ber_pk
from lkj.dokumen.models import DokumenRender

from . import tahun

J = DokumenRender.Jenis


def _baris(e81, kode=None, indikator=None):
    return next(r for r in e81["rows"] if (kode is None or r["kode"] == kode) and (indikator is None or r["indikator"] == indikator))


def _dokumen_html(triwulan) -> dict:
    """Every document of the quarter as printed (HTML): E.81, OPD LKj, LRA summary, each individual report and PK."""
    opd = tahun.opd()
    tanggal = dokumen.tanggal_baku(tahun.TAHUN, triwulan)
    hasil = {}
    for jenis in (J.E81, J.LKJ_OPD, J.LRA):
        hasil[jenis] = dokumen._bangun(jenis, "pdf", dokumen.data_dokumen(jenis, opd, tahun.TAHUN, triwulan, None, tanggal))[0]
    for jab in jabatan_ber_pk(opd, tahun.TAHUN, triwulan):
        for jenis in (J.INDIVIDU, J.PK):
            d = dokumen.data_dokumen(jenis, opd, tahun.TAHUN, triwulan, jab, tanggal)
            hasil[(jenis, jab.kode)] = dokumen._bangun(jenis, "pdf", d)[0]
    return hasil


@pytest.fixture
def sampai_juli(db):
    """January workbook, June LRA, TW II entries: what the office has when TW II is reported in July."""
    tahun.januari()
    tahun.lra(6)
    tahun.entri(2)


def test_the_tw_ii_e81_taken_in_july_is_the_same_after_the_september_imports(sampai_juli):
    juli = tahun.e81_json(2)
    dokumen_juli = _dokumen_html(2)

    tahun.september()
    tahun.lra(9)
    tahun.entri(3)

    assert tahun.e81_json(2) == juli
    sekarang = _dokumen_html(2)
    assert sekarang.keys() == dokumen_juli.keys() and len(sekarang) == 3 + 2 * 4  # four jabatan with a PK
    for kunci, html in dokumen_juli.items():
        assert sekarang[kunci] == html, kunci


def test_tw_ii_and_tw_iii_use_the_targets_of_their_own_pk_version(sampai_juli):
    tahun.september()
    tahun.lra(9)
    tahun.entri(3)
    tw2, tw3 = tahun.e81_json(2), tahun.e81_json(3)

    patroli = "Jumlah patroli ketertiban terpadu"
    assert (_baris(tw2, indikator=patroli)["target_k"], _baris(tw2, indikator=patroli)["capaian_k"]) == ("4", "50.00")
    assert (_baris(tw3, indikator=patroli)["target_k"], _baris(tw3, indikator=patroli)["capaian_k"]) == ("6", "66.67")
    # the unchanged rows carry the same target into the Perubahan PK
    rapat = "Jumlah rapat koordinasi ketertiban"
    assert _baris(tw2, indikator=rapat)["target_k"] == _baris(tw3, indikator=rapat)["target_k"] == "8"


def test_tw_ii_and_tw_iii_use_the_pagu_of_their_own_lra_month(sampai_juli):
    tahun.september()
    tahun.lra(9)
    tahun.entri(3)
    tw2, tw3 = tahun.e81_json(2), tahun.e81_json(3)

    p01, p04 = "7.01.01", "7.01.04"
    # June: the original budget (its "setelah perubahan" column repeats it) and realisation s/d Juni
    assert (_baris(tw2, p01)["target_rp"], _baris(tw2, p01)["realisasi_rp"], _baris(tw2, p01)["capaian_rp"]) == (
        "5000000",
        "1500000",
        "30.00",
    )
    assert (_baris(tw2, p04)["target_rp"], _baris(tw2, p04)["realisasi_rp"], _baris(tw2, p04)["capaian_rp"]) == (
        "8500000",
        "3300000",
        "38.82",
    )
    # September: the changed budget, realisation s/d September
    assert (_baris(tw3, p01)["target_rp"], _baris(tw3, p01)["realisasi_rp"], _baris(tw3, p01)["capaian_rp"]) == (
        "5500000",
        "3300000",
        "60.00",
    )
    assert (_baris(tw3, p04)["target_rp"], _baris(tw3, p04)["realisasi_rp"], _baris(tw3, p04)["capaian_rp"]) == (
        "7300000",
        "5100000",
        "69.86",
    )


def test_negative_polarity_a_zero_target_and_aktivitas_follow_the_rules(sampai_juli):
    tw2 = tahun.e81_json(2)
    gangguan = _baris(tw2, indikator="Jumlah kejadian gangguan ketenteraman dan ketertiban")
    assert gangguan["capaian_k"] == "170.00"  # (2 × 10 − 3) ÷ 10
    aduan = _baris(tw2, indikator="Jumlah aduan pelayanan yang tidak ditindaklanjuti")
    assert aduan["target_k"] == "0" and aduan["capaian_k"] is None  # target 0: n/a, left out of averages
    fasilitasi = _baris(tw2, indikator="Persentase fasilitasi dokumen perencanaan")
    assert fasilitasi["realisasi_k"] == "60"  # aktivitas 3 of 5
    # program rows: 50,00 (1/2 documents) and 50,00 (2 of 4 patrols) → 50,00
    assert tw2["rata_rata_capaian"] == "50.00"


def test_a_missing_lra_month_is_said_and_never_filled_from_another_month(sampai_juli):
    from lkj.selectors import pengukuran_opd

    tahun.lra(9)  # September is in, March never was
    u = pengukuran_opd(tahun.opd(), tahun.TAHUN, 1)
    assert u.catatan_lra == "LRA Maret 2025 belum diimpor"
    assert _baris(tahun.e81_json(1), "7.01.04")["target_rp"] is None
    html = dokumen._bangun(J.E81, "pdf", dokumen.data_dokumen(J.E81, tahun.opd(), tahun.TAHUN, 1, None, None))[0]
    assert "LRA Maret 2025 belum diimpor" in html


def test_the_september_workbook_preview_says_from_when_and_for_which_quarters(sampai_juli):
    pratinjau = tahun.september()
    teks = " ".join(pratinjau.berlaku)
    assert "Perubahan Perjanjian Kinerja Kasi Ketenteraman dan Ketertiban Umum bertanggal 01-09-2025 (baru)" in teks
    assert "dipakai Triwulan III dan IV 2025" in teks
    assert "Triwulan I dan II tetap memakai versi yang berlaku pada akhir triwulannya; angkanya tidak berubah." in teks
    assert (
        "Target \u201cJumlah patroli ketertiban terpadu\u201d pada PK Kasi Ketenteraman dan Ketertiban Umum: 4 \u2192 6 "
        "mulai 01 September 2025, untuk Triwulan III dan IV 2025. Triwulan I dan II tetap memakai target versi yang "
        "berlaku saat itu (4)."
    ) in teks


def test_both_pk_versions_round_trip_through_the_workbook(sampai_juli):
    from perencanaan.selectors import workbook_ekspor
    from perencanaan.services import workbook_import
    from perencanaan.workbook import tulis_workbook

    tahun.september()
    buku = workbook_ekspor(tahun.opd(), tahun.TAHUN)
    versi = [(r["jabatan"], r["jenis"], r["tanggal"]) for r in buku["PK versi"] if r["jabatan"] == "wk-kasi-trantib"]
    assert [v[1] for v in versi] == ["awal", "perubahan"]
    target = {(r["tanggal"], r["indikator"]): r["target"] for r in buku["PK baris"] if r["jabatan"] == "wk-kasi-trantib"}
    assert target[(tahun.AWAL, "wk_p04_patroli")] == 4 and target[(tahun.PERUBAHAN, "wk_p04_patroli")] == 6
    r = workbook_import(isi=tulis_workbook(buku), nama_file="ekspor.xlsx", oleh=tahun.operator())
    assert not r.ada_perubahan and not r.berlaku


def test_an_lra_of_a_month_that_ends_no_quarter_changes_no_figure(sampai_juli):
    sebelum = {tw: tahun.e81_json(tw) for tw in (1, 2, 3, 4)}
    p = tahun.lra(7)
    assert "tidak mengubah angka triwulan mana pun" in p.dipakai
    assert {tw: tahun.e81_json(tw) for tw in (1, 2, 3, 4)} == sebelum


def test_the_e81_command_prints_the_same_json(sampai_juli, capsys):
    import json

    from django.core.management import call_command

    call_command("e81", "--opd", tahun.OPD_KODE, "--tahun", "2025", "--triwulan", "2")
    assert json.loads(capsys.readouterr().out) == tahun.e81_json(2)
    assert D(tahun.e81_json(2)["rows"][0]["capaian_k"]) == D("170.00")


def test_an_operator_of_one_opd_cannot_create_or_change_another_through_the_workbook(db):
    """Only a superuser (the pemda's administrator) creates an OPD with its first workbook; an OPD's own
    operator is refused at the OPD code, and nothing is written."""
    from django.contrib.auth import get_user_model

    from organisasi.models import PerangkatDaerah
    from perencanaan.services import workbook_import
    from perencanaan.workbook import WorkbookError

    staf = get_user_model().objects.create_user("operator-lain", password="x-operator-2025", is_staff=True)
    with pytest.raises(WorkbookError, match=r"kolom 'Kode OPD \(SIPD\)': Anda tidak berwenang mengubah perangkat daerah ini"):
        workbook_import(isi=tahun.workbook(tahun.buku_januari()), nama_file="wonokerto.xlsx", oleh=staf)
    assert not PerangkatDaerah.objects.filter(kode=tahun.OPD_KODE).exists()
