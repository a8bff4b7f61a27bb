"""The planning workbook: round trip, all-or-nothing, errors by sheet/row/column, both code forms."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook

from perencanaan.selectors import workbook_ekspor
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import LEMBAR, nilai_lembar, tulis_workbook


def _ekspor(opd):
    return tulis_workbook(workbook_ekspor(opd, 2025))


def _ubah(isi, lembar, baris, kolom_judul, nilai):
    """The same workbook with one cell changed (row numbers as Excel shows them)."""
    wb = load_workbook(io.BytesIO(isi))
    ws = wb[lembar]
    kolom = [c.value for c in ws[1]].index(kolom_judul) + 1
    ws.cell(row=baris, column=kolom, value=nilai)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _jumlah():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def _kosongkan():
    """Empty every table inside the test's transaction.

    PostgreSQL refuses TRUNCATE while deferred foreign-key checks of earlier writes in the same
    transaction are pending, so they are run first and deferred again afterwards.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgres:
        with connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL DEFERRED")


def test_export_import_into_an_empty_database_export_gives_the_same_cells(opd):
    pertama = _ekspor(opd)
    _kosongkan()
    from organisasi.models import PerangkatDaerah

    assert not PerangkatDaerah.objects.exists()
    workbook_import(isi=pertama, nama_file="perencanaan.xlsx", oleh=None)
    kedua = _ekspor(PerangkatDaerah.objects.get(kode=opd.kode))
    a, b = nilai_lembar(pertama), nilai_lembar(kedua)
    assert list(a) == list(LEMBAR)
    for lembar in a:
        assert a[lembar] == b[lembar], lembar
    assert len(a["Indikator"]) == 53 and len(a["PK versi"]) > 19  # the demo's content, not an empty shell


def test_the_export_names_things_by_natural_keys_and_national_codes(opd):
    a = nilai_lembar(_ekspor(opd))
    assert ("7.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah") in a["Sub kegiatan"]
    kepala = a["Pegawai"][0]
    assert kepala == ("Nama dan gelar", "NIP", "Akun pengguna")
    assert ("DHIAN PUSPITASARI, S.TP", "19741004 200604 2 022", "dhian") in a["Pegawai"]


def test_importing_the_current_export_changes_nothing_not_even_history(opd):
    from organisasi.models import Jabatan

    isi = _ekspor(opd)
    sebelum = _jumlah()
    r = workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    assert not r.ada_perubahan
    assert _jumlah() == sebelum
    assert Jabatan.history.count() == sebelum["organisasi.HistoricalJabatan"]


def test_a_changed_target_is_updated_and_the_preview_says_old_and_new(opd):
    from renja.models import Target

    isi = _ubah(_ekspor(opd), "Target", 2, "Target", 80)
    p = workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)
    assert p.jumlah["Target"]["diubah"] == 1
    assert any("Lembar 'Target' baris 2" in s and "'78' → '80'" in s for s in p.perubahan)
    t = Target.objects.get(indikator__kode="t1_sinergitas_kinerja_kecamatan", triwulan=None)
    assert t.nilai == 78  # the preview wrote nothing
    workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    t.refresh_from_db()
    assert t.nilai == 80


def test_a_bad_last_row_found_while_writing_leaves_the_database_unchanged(opd):
    isi = _ekspor(opd)
    akhir = len(nilai_lembar(isi)["PK anggaran"])
    isi = _ubah(isi, "Tujuan", 2, "Uraian", "Uraian tujuan yang diubah")
    isi = _ubah(isi, "PK anggaran", akhir, "Sumber dana", "X" * 41)  # too long: only the model's validators see it
    sebelum = _jumlah()
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    assert f"Lembar 'PK anggaran', baris {akhir}" in str(exc.value)
    assert _jumlah() == sebelum
    from renja.models import Tujuan

    assert not Tujuan.objects.filter(uraian="Uraian tujuan yang diubah").exists()


def test_a_bad_last_row_into_an_empty_database_writes_nothing_at_all(opd):
    isi = _ekspor(opd)
    akhir = len(nilai_lembar(isi)["PK baris"])
    isi = _ubah(isi, "PK baris", akhir, "Indikator (kode)", "indikator_yang_tidak_ada")
    _kosongkan()
    sebelum = _jumlah()
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    assert str(exc.value) == (
        f"Lembar 'PK baris', baris {akhir}, kolom 'Indikator (kode)': indikator 'indikator_yang_tidak_ada' tidak ada di lembar Indikator."
    )
    assert _jumlah() == sebelum


def test_every_error_is_listed_with_sheet_row_and_column(opd):
    isi = _ekspor(opd)
    isi = _ubah(isi, "Target", 3, "Target", -1)
    isi = _ubah(isi, "Indikator", 4, "Jenis", "rasio")
    isi = _ubah(isi, "Penugasan", 2, "Mulai", "kemarin")
    isi = _ubah(isi, "Sub kegiatan", 2, "Kode sub kegiatan", "7.01.01.2.01.01")
    isi = _ubah(isi, "Jabatan", 3, "Atasan (kode jabatan)", "wakil_camat")
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    teks = [str(k) for k in exc.value.kesalahan]
    assert "Lembar 'Penugasan', baris 2, kolom 'Mulai': 'kemarin' bukan tanggal; tulis seperti 01-09-2025." in teks
    # type errors stop the file before the reference checks run, so fix that one and look again
    isi = _ubah(isi, "Penugasan", 2, "Mulai", "01-01-2025")
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    teks = "\n".join(str(k) for k in exc.value.kesalahan)
    assert "Lembar 'Target', baris 3, kolom 'Target': target tidak boleh negatif." in teks
    assert "Lembar 'Indikator', baris 4, kolom 'Jenis': 'rasio' tidak dikenal; pilih jumlah, persentase, indeks." in teks
    assert "Lembar 'Sub kegiatan', baris 2, kolom 'Kode sub kegiatan': Kode nomenklatur '7.01.01.2.01.01' tidak valid" in teks
    assert "Lembar 'Jabatan', baris 3, kolom 'Atasan (kode jabatan)': jabatan 'wakil_camat' tidak ada" in teks


def test_e81_codes_are_accepted_and_read_as_the_national_code(opd):
    from renja.models import SubKegiatan

    isi = _ekspor(opd)
    rows = nilai_lembar(isi)["Sub kegiatan"]
    n = next(i for i, r in enumerate(rows, start=1) if r[0] == "7.01.01.2.01.0001")
    isi = _ubah(isi, "Sub kegiatan", n, "Nomenklatur", "Penyusunan Dokumen Perencanaan PD (E.81)")
    isi = _ubah(isi, "Sub kegiatan", n, "Kode sub kegiatan", "7.01.01.201.01")
    workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    s = SubKegiatan.objects.get(kegiatan__program__opd=opd, kegiatan__program__kode="01", kegiatan__kode="2.01", kode="0001")
    assert s.nama == "Penyusunan Dokumen Perencanaan PD (E.81)"
    assert SubKegiatan.objects.filter(kegiatan__program__opd=opd).count() == len(rows) - 1


def test_a_code_of_another_urusan_is_refused(opd):
    isi = _ubah(_ekspor(opd), "Program", 2, "Kode program", "5.01.01")
    with pytest.raises(WorkbookError, match="berurusan 5.01, bukan 7.01 milik OPD ini"):
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)


@pytest.mark.parametrize(
    "isi, pesan",
    [
        (b"%PDF-1.4 not a workbook", "bukan berkas Excel .xlsx"),
        (b"kode,nama\n01,Program\n", "bukan berkas Excel .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "terkunci sandi"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_in_indonesian(db, isi, pesan):
    with pytest.raises(WorkbookError, match=pesan):
        workbook_import(isi=isi, nama_file="rencana.xlsx", oleh=None)


def test_a_truncated_workbook_is_refused(db):
    isi = tulis_workbook()
    with pytest.raises(WorkbookError, match="rusak"):
        workbook_import(isi=isi[: len(isi) // 2], nama_file="rencana.xlsx", oleh=None)


def test_a_workbook_missing_a_sheet_or_a_column_names_them(db):
    wb = load_workbook(io.BytesIO(tulis_workbook()))
    del wb["Aktivitas"]
    wb["Unit"].cell(row=1, column=2, value="Nama unit kerja")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=out.getvalue(), nama_file="rencana.xlsx", oleh=None)
    teks = [str(k) for k in exc.value.kesalahan]
    assert "Lembar 'Aktivitas': lembar ini tidak ada; pakai templat dari LKj." in teks
    assert "Lembar 'Unit', baris 1, kolom 'Nama': judul kolom ini tidak ditemukan pada baris 1." in teks


def test_the_empty_template_has_every_sheet_with_its_headers():
    a = nilai_lembar(tulis_workbook())
    assert list(a) == list(LEMBAR)
    for lembar, kolom in LEMBAR.items():
        assert a[lembar] == [tuple(h for _, h, _, _ in kolom)]
