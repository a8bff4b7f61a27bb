"""Both importers meet the quarterly lock at their preview: a planning workbook or an LRA that would
change a signed quarter is refused there with the reason (the signed document, who signed, who may
reopen it); what only touches later quarters goes in, and leaves the earlier quarters as they were."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from perencanaan.services import WorkbookError, workbook_import
from tests.opd_kedua import tahun

ALASAN = (
    "Data Triwulan II Tahun 2025 sudah dibekukan karena LKj Kecamatan Wonokerto Triwulan II Tahun 2025 telah "
    "ditandatangani (oleh Drs. HARTONO, M.Si)"
)
PEMBUKA = "hanya dapat dibuka kembali oleh kepala perangkat daerah (Kecamatan Wonokerto)"


@pytest.fixture
def tw2_ditandatangani(db, settings, tmp_path):
    """The Wonokerto year up to July, and the camat signs the TW II OPD LKj and E.81 (the real review service)."""
    from lkj.tinjauan import services as svc

    settings.MEDIA_ROOT = tmp_path / "media"
    tahun.januari()
    tahun.lra(6)
    tahun.entri(2)
    p = {"opd": tahun.opd(), "tahun": 2025, "triwulan": 2}
    camat = get_user_model().objects.get(username="wk_hartono")
    svc.laporan_ajukan(**p, oleh=tahun.operator())
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Laporan individu menyusul")
    return {tw: tahun.e81_json(tw) for tw in (1, 2)}


def _pratinjau(buku):
    return workbook_import(isi=tahun.workbook(buku), nama_file="x.xlsx", oleh=tahun.operator(), pratinjau=True)


def _baris(buku, lembar, **cocok):
    return next(r for r in buku[lembar] if all(r[k] == v for k, v in cocok.items()))


def test_a_workbook_changing_a_signed_quarters_target_is_refused_at_preview_with_the_reason(tw2_ditandatangani):
    buku = tahun.buku_september()
    _baris(buku, "PK baris", jabatan="wk-kasi-trantib", tanggal=tahun.AWAL, indikator="wk_p04_patroli")["target"] = Decimal(5)

    with pytest.raises(WorkbookError) as exc:
        _pratinjau(buku)
    pesan = str(exc.value)
    assert "Lembar 'PK baris', baris" in pesan and ALASAN in pesan and PEMBUKA in pesan
    assert tahun.e81_json(2) == tw2_ditandatangani[2]


def test_the_september_workbook_goes_in_because_its_perubahan_pk_is_dated_after_the_signed_quarter(tw2_ditandatangani):
    tahun.september()
    tahun.lra(9)
    tahun.entri(3)
    assert {tw: tahun.e81_json(tw) for tw in (1, 2)} == tw2_ditandatangani


def test_a_pk_version_dated_inside_the_signed_quarter_is_refused(tw2_ditandatangani):
    buku = tahun.buku_september()
    for lembar in ("PK versi", "PK baris", "PK anggaran"):
        for r in buku[lembar]:
            if r["tanggal"] == tahun.PERUBAHAN:
                r["tanggal"] = datetime.date(2025, 6, 15)
    with pytest.raises(WorkbookError, match="Lembar 'PK versi', baris .*sudah dibekukan"):
        _pratinjau(buku)


@pytest.mark.parametrize(
    "lembar, kolom, cocok, nilai",
    [
        ("Program", "nama", {"kode": "7.01.04"}, "PROGRAM KETERTIBAN (DIUBAH)"),
        ("Indikator", "uraian", {"kode": "wk_p04_patroli"}, "Jumlah patroli (diubah)"),
        ("Target", "nilai", {"indikator": "wk_ss1_gangguan"}, Decimal(12)),
        ("Aktivitas", "rencana", {"uraian": "Renja"}, 2),
    ],
)
def test_planning_rows_of_a_year_with_a_signed_quarter_are_refused(tw2_ditandatangani, lembar, kolom, cocok, nilai):
    buku = tahun.buku_januari()
    _baris(buku, lembar, **cocok)[kolom] = nilai
    with pytest.raises(WorkbookError, match=f"Lembar '{lembar}', baris .*sudah dibekukan"):
        _pratinjau(buku)


def test_the_workbook_page_shows_the_refusal_at_preview(tw2_ditandatangani, client):
    buku = tahun.buku_september()
    _baris(buku, "Program", kode="7.01.04")["nama"] = "PROGRAM KETERTIBAN (DIUBAH)"
    berkas = io.BytesIO(tahun.workbook(buku))
    berkas.name = "perencanaan.xlsx"
    client.force_login(tahun.operator())
    r = client.post(reverse("perencanaan:unggah"), {"berkas": berkas})
    assert r.status_code == 400
    halaman = r.content.decode()
    assert "Berkas ditolak; tidak ada yang disimpan." in halaman and ALASAN in halaman and PEMBUKA in halaman


def test_an_lra_of_a_signed_quarters_month_is_refused_at_preview_with_the_reason(tw2_ditandatangani):
    p = tahun.lra(6, ubah={"5 1 02 04 01 0003": {"sd": 2_500_000}}, boleh_ditolak=True)
    assert not p.bisa_diimpor
    pesan = " ".join(p.galat)
    assert "LRA bulan Juni 2025 dipakai Triwulan II sampai IV dan tidak dapat diubah." in pesan
    assert ALASAN in pesan and PEMBUKA in pesan
    # March feeds TW I, and TW II's E.81 prints the TW I column: refused as well
    assert not tahun.lra(3, boleh_ditolak=True).bisa_diimpor
    assert {tw: tahun.e81_json(tw) for tw in (1, 2)} == tw2_ditandatangani


def test_the_lra_page_shows_the_refusal_at_preview(tw2_ditandatangani, client):
    berkas = io.BytesIO(tahun.lra_xlsx(6, ubah={"5 1 02 04 01 0003": {"sd": 2_500_000}}))
    berkas.name = "lra-juni.xlsx"
    client.force_login(tahun.operator())
    r = client.post(reverse("anggaran:unggah"), {"opd": tahun.OPD_KODE, "berkas": berkas}, follow=True)
    halaman = r.content.decode()
    assert "Berkas ini tidak dapat diimpor" in halaman and ALASAN in halaman
    assert "Konfirmasi dan simpan" not in halaman


def test_restoring_an_earlier_import_of_a_signed_month_is_refused(db, settings, tmp_path):
    from anggaran.models import LraImport
    from anggaran.services import LraImportError, lra_pulihkan
    from organisasi.models import TriwulanTerkunci

    settings.MEDIA_ROOT = tmp_path / "media"
    tahun.januari()
    tahun.lra(6)
    pertama = LraImport.objects.get(opd=tahun.opd(), bulan=6, aktif=True)
    tahun.lra(6, ubah={"5 1 02 04 01 0003": {"sd": 2_500_000}})
    TriwulanTerkunci.objects.create(
        opd=tahun.opd(),
        tahun=2025,
        triwulan=2,
        dokumen="LKj Kecamatan Wonokerto Triwulan II Tahun 2025",
        memuat_anggaran=True,
        sejak=datetime.datetime(2025, 7, 10, tzinfo=datetime.UTC),
        oleh=tahun.operator(),
    )
    with pytest.raises(LraImportError, match="sudah dibekukan"):
        lra_pulihkan(lra_import=pertama)
    assert not LraImport.objects.get(pk=pertama.pk).aktif


def test_an_lra_of_a_later_month_leaves_every_earlier_quarter_unchanged(tw2_ditandatangani):
    for bulan in (7, 9, 10, 12):
        p = tahun.lra(bulan, ubah={"5 1 02 01 01 0024": {"setelah": 9_000_000}})
        assert p.bisa_diimpor, p.galat
        assert {tw: tahun.e81_json(tw) for tw in (1, 2)} == tw2_ditandatangani, bulan
    tw3 = tahun.e81_json(3)
    assert next(r for r in tw3["rows"] if r["kode"] == "7.01.01")["target_rp"] == "11000000"  # September's own pagu
