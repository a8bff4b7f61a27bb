"""The planning workbook: one xlsx that sets up an OPD's year (organisation, planning tree, PKs).

This module only knows the file: which sheets and columns it has, how to write a
workbook from plain rows and how to read one back into typed rows. It touches no
database; ``perencanaan.services.workbook_import`` validates references and writes,
``perencanaan.selectors.workbook_ekspor`` produces the rows from current data.

Rows are plain dicts keyed by the field names in :data:`LEMBAR`; references
between sheets use natural keys (jabatan kode, pegawai name, indikator kode,
national program/kegiatan/sub kegiatan codes), never database ids, so a workbook
moves between databases.

Why not django-import-export: its Resources are one flat table per model whose
foreign keys are looked up in the database one field at a time. This workbook is
seventeen sheets that refer to each other (a PK row names an indikator created three
sheets earlier, a jabatan names an atasan further down the same sheet), must be
validated as a whole with every error listed by sheet, row and column, and must be
written in one transaction or not at all. Doing that through Resources would mean
fighting their per-resource dry run and row-by-row lookups; a plain reader plus one
service is shorter and clearer.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from dasar.xlsx import Kesalahan, tambah_baris

# (field, header, type, required). Types: teks, angka (Decimal), bulat (int), tanggal (date), ya_tidak (bool).
LEMBAR: dict[str, list[tuple[str, str, str, bool]]] = {
    "Pemda & OPD": [
        ("pemda_kode", "Kode pemda", "teks", True),
        ("pemda_nama", "Nama pemda", "teks", True),
        ("pemda_ibukota", "Ibu kota", "teks", True),
        ("hari_batas_laporan", "Batas laporan (hari)", "bulat", True),
        ("opd_kode", "Kode OPD (SIPD)", "teks", True),
        ("kode_urusan", "Kode urusan", "teks", True),
        ("opd_nama", "Nama OPD", "teks", True),
        ("nama_pendek", "Nama pendek", "teks", False),
        ("alamat", "Alamat", "teks", False),
        ("kode_pos", "Kode pos", "teks", False),
        ("telepon", "Telepon", "teks", False),
        ("email", "Surel", "teks", False),
        ("tahun", "Tahun", "bulat", True),
    ],
    "Unit": [
        ("kode", "Kode", "teks", True),
        ("nama", "Nama", "teks", True),
        ("induk", "Unit induk", "teks", False),
    ],
    "Pegawai": [
        ("nama", "Nama dan gelar", "teks", True),
        ("nip", "NIP", "teks", False),
        ("akun", "Akun pengguna", "teks", False),
    ],
    "Jabatan": [
        ("kode", "Kode", "teks", True),
        ("nama", "Nama jabatan", "teks", True),
        ("jenis", "Jenis", "teks", True),
        ("unit", "Unit", "teks", False),
        ("atasan", "Atasan (kode jabatan)", "teks", False),
    ],
    "Penugasan": [
        ("pegawai", "Pegawai", "teks", True),
        ("jabatan", "Jabatan (kode)", "teks", True),
        ("plt", "Plt.", "ya_tidak", False),
        ("mulai", "Mulai", "tanggal", True),
        ("selesai", "Selesai", "tanggal", False),
    ],
    "Tujuan": [
        ("kode", "Kode", "teks", True),
        ("uraian", "Uraian", "teks", True),
        ("periode", "Periode Renstra", "teks", True),
    ],
    "Sasaran": [
        ("kode", "Kode", "teks", True),
        ("tujuan", "Tujuan (kode)", "teks", True),
        ("uraian", "Uraian", "teks", True),
        ("program", "Program yang melayani (kode, pisahkan dengan koma)", "teks", False),
    ],
    "Program": [
        ("kode", "Kode program", "teks", True),
        ("nama", "Nomenklatur", "teks", True),
        ("sasaran_uraian", "Sasaran program", "teks", False),
    ],
    "Kegiatan": [
        ("kode", "Kode kegiatan", "teks", True),
        ("nama", "Nomenklatur", "teks", True),
        ("sasaran_uraian", "Sasaran kegiatan", "teks", False),
    ],
    "Sub kegiatan": [
        ("kode", "Kode sub kegiatan", "teks", True),
        ("nama", "Nomenklatur", "teks", True),
    ],
    "Indikator": [
        ("kode", "Kode indikator", "teks", True),
        ("tingkat", "Tingkat", "teks", True),
        ("kode_tingkat", "Kode tujuan/sasaran/program/kegiatan/sub kegiatan", "teks", True),
        ("uraian", "Uraian", "teks", True),
        ("satuan", "Satuan", "teks", True),
        ("jenis", "Jenis", "teks", True),
        ("polaritas", "Polaritas", "teks", False),
        ("sumber_realisasi", "Sumber realisasi", "teks", False),
        ("formulasi", "Formulasi", "teks", False),
        ("sumber_data", "Sumber data", "teks", False),
    ],
    "Target": [
        ("indikator", "Indikator (kode)", "teks", True),
        ("triwulan", "Triwulan (kosong = tahunan)", "bulat", False),
        ("nilai", "Target", "angka", True),
    ],
    # Formulir E.81 columns 6 and 7: the Renstra period's end target (Tahun empty) and the realisation of
    # each earlier year of the period (Tahun filled), K and/or Rp.
    "Renstra": [
        ("indikator", "Indikator (kode)", "teks", True),
        ("periode", "Periode Renstra", "teks", True),
        ("tahun", "Tahun realisasi (kosong = target akhir periode)", "bulat", False),
        ("kinerja", "Kinerja (K)", "angka", False),
        ("anggaran", "Anggaran (Rp)", "angka", False),
    ],
    "Aktivitas": [
        ("kegiatan", "Kegiatan (kode)", "teks", True),
        ("kelompok", "Kelompok", "teks", False),
        ("uraian", "Uraian", "teks", True),
        ("rencana", "Rencana (setahun)", "bulat", True),
    ],
    "PK versi": [
        ("jabatan", "Jabatan (kode)", "teks", True),
        ("tahun", "Tahun", "bulat", True),
        ("jenis", "Jenis", "teks", True),
        ("tanggal", "Tanggal", "tanggal", True),
        ("nomor_dokumen", "Nomor dokumen", "teks", False),
        ("pihak_pertama", "Pihak pertama", "teks", True),
        ("pihak_pertama_label", "Jabatan pihak pertama (seperti tertulis)", "teks", True),
        ("pihak_kedua", "Pihak kedua", "teks", True),
        ("pihak_kedua_jabatan", "Jabatan pihak kedua (kode)", "teks", True),
        ("pihak_kedua_label", "Jabatan pihak kedua (seperti tertulis)", "teks", True),
    ],
    "PK baris": [
        ("jabatan", "Jabatan (kode)", "teks", True),
        ("tanggal", "Tanggal versi", "tanggal", True),
        ("nomor", "Nomor", "bulat", True),
        ("sasaran", "Sasaran (seperti tertulis di PK)", "teks", True),
        ("indikator", "Indikator (kode)", "teks", True),
        ("target", "Target versi ini", "angka", False),
    ],
    "PK anggaran": [
        ("jabatan", "Jabatan (kode)", "teks", True),
        ("tanggal", "Tanggal versi", "tanggal", True),
        ("nomor", "Nomor", "bulat", True),
        ("tingkat", "Tingkat", "teks", True),
        ("kode", "Kode program/kegiatan/sub kegiatan", "teks", True),
        ("sumber_dana", "Sumber dana", "teks", False),
    ],
}

#: Sheets a workbook written before they existed may lack: read as empty (nothing of theirs changes).
LEMBAR_OPSIONAL = {"Renstra"}

#: Refuse before parsing: a planning workbook is small; these stop zip bombs and junk uploads.
BATAS_UKURAN = 5 * 1024 * 1024
BATAS_UKURAN_TERURAI = 100 * 1024 * 1024
BATAS_ANGGOTA_ZIP = 200
BATAS_KESALAHAN = 50

_YA = {"ya", "y", "true", "1", "plt", "plt."}
_TIDAK = {"", "tidak", "t", "false", "0", "-"}


class WorkbookError(Exception):
    """The file cannot be used; ``kesalahan`` lists every problem found (at most BATAS_KESALAHAN)."""

    def __init__(self, kesalahan: list[Kesalahan]):
        self.kesalahan = list(kesalahan)[:BATAS_KESALAHAN]
        super().__init__("; ".join(map(str, self.kesalahan)))


def judul(lembar: str, field: str) -> str:
    for f, header, _, _ in LEMBAR[lembar]:
        if f == field:
            return header
    return field


# ---------------------------------------------------------------- writing


def _sel(nilai, jenis):
    """Cell value as a planning officer expects to see it: numbers as numbers, Plt. as Ya/Tidak."""
    if nilai is None or nilai == "":
        return None
    if jenis == "angka":
        d = Decimal(nilai)
        return int(d) if d == d.to_integral_value() else float(d)
    if jenis == "ya_tidak":
        return "Ya" if nilai else "Tidak"
    return nilai


def tulis_workbook(buku: dict[str, list[dict]] | None = None) -> bytes:
    """The xlsx bytes of ``buku`` (sheet → rows); with no rows it is the empty template."""
    buku = buku or {}
    wb = Workbook()
    wb.remove(wb.active)
    tebal = Font(bold=True)
    isi_kepala = PatternFill("solid", fgColor="DDEBF7")
    for nama, kolom in LEMBAR.items():
        ws = wb.create_sheet(nama)
        tambah_baris(ws, [header for _, header, _, _ in kolom])
        for i, (_, header, jenis, wajib) in enumerate(kolom, start=1):
            c = ws.cell(row=1, column=i)
            c.font, c.fill = tebal, isi_kepala
            ws.column_dimensions[c.column_letter].width = max(12, min(60, len(header) + 4))
        ws.freeze_panes = "A2"
        for row in buku.get(nama, []):
            tambah_baris(ws, [_sel(row.get(f), jenis) for f, _, jenis, _ in kolom])  # typed text stays text
        for i, (_, _, jenis, _) in enumerate(kolom, start=1):
            if jenis == "tanggal":
                for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    c.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- reading


def _periksa_berkas(isi: bytes, nama_file: str) -> None:
    """Refuse what is not a small, sane xlsx before openpyxl parses a byte of it."""

    def gagal(pesan):
        raise WorkbookError([Kesalahan(nama_file or "berkas", None, None, pesan)])

    if len(isi) > BATAS_UKURAN:
        gagal(f"berkas melebihi batas {BATAS_UKURAN // (1024 * 1024)} MiB.")
    if not isi.startswith(b"PK\x03\x04"):
        if isi.startswith(b"\xd0\xcf\x11\xe0"):
            gagal("berkas terkunci sandi atau berformat .xls lama; simpan ulang sebagai .xlsx tanpa sandi.")
        gagal("bukan berkas Excel .xlsx (mungkin PDF atau CSV yang diganti namanya).")
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as z:
            anggota = z.infolist()
            if len(anggota) > BATAS_ANGGOTA_ZIP:
                gagal("berkas memuat terlalu banyak bagian untuk sebuah workbook perencanaan.")
            if sum(a.file_size for a in anggota) > BATAS_UKURAN_TERURAI:
                gagal("isi berkas setelah diurai terlalu besar; berkas ditolak demi keamanan.")
            if "xl/workbook.xml" not in z.namelist():
                gagal("bukan berkas Excel .xlsx (tidak ada xl/workbook.xml).")
    except zipfile.BadZipFile:
        gagal("berkas rusak atau terpotong; unduh atau simpan ulang lalu coba lagi.")


def _teks(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


_RE_RIBUAN = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")  # 1.500 · 1.234.567 · 1.234,5
_RE_POLOS = re.compile(r"\d+(,\d+)?")  # 12 · 1500 · 1,5


def _angka_teks(v) -> tuple[Decimal | None, str | None]:
    """A number typed as text, read the Indonesian way: dot for thousands, comma for decimals.

    "1.500" → 1500 · "1.234.567" → 1234567 · "1,5" → 1.5 · "1.234,5" → 1234.5. A dot that is
    not a thousands separator ("1.5", "12.34") is refused rather than guessed: it may mean
    1,5 or 1.500 and a wrong guess would be silent. Same rules as the entry form.
    """
    t = _teks(v).replace(" ", "").replace("\u00a0", "")
    tanda = ""
    if t and t[0] in "+-":
        tanda, t = t[0], t[1:]
    if _RE_RIBUAN.fullmatch(t) or _RE_POLOS.fullmatch(t):
        return Decimal(tanda + t.replace(".", "").replace(",", ".")), None
    if "." in t:
        return None, (f"'{v}' tidak jelas: titik hanya untuk ribuan (mis. 1.500); tulis desimal dengan koma, mis. 1,5.")
    return None, f"'{v}' bukan angka."


def _ubah(v, jenis):
    """(value, error message) for one cell."""
    if jenis == "teks":
        return _teks(v), None
    if v is None or (isinstance(v, str) and not v.strip()):
        return (False if jenis == "ya_tidak" else None), None
    if jenis == "ya_tidak":
        t = _teks(v).lower()
        if t in _YA:
            return True, None
        if t in _TIDAK:
            return False, None
        return None, f"isi 'Ya' atau 'Tidak', bukan '{v}'."
    if jenis == "tanggal":
        if isinstance(v, datetime.datetime):
            return v.date(), None
        if isinstance(v, datetime.date):
            return v, None
        t = _teks(v)
        for bentuk in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(t, bentuk).date(), None
            except ValueError:
                pass
        return None, f"'{v}' bukan tanggal; tulis seperti 01-09-2025."
    if isinstance(v, bool):
        return None, f"'{v}' bukan angka."
    if isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        if not math.isfinite(v):
            return None, f"'{v}' bukan angka."
        d = Decimal(repr(v))
    elif isinstance(v, Decimal):
        if not v.is_finite():
            return None, f"'{v}' bukan angka."
        d = v
    else:
        d, salah = _angka_teks(v)
        if salah:
            return None, salah
    if jenis == "bulat":
        if d != d.to_integral_value():
            return None, f"'{v}' harus bilangan bulat."
        return int(d), None
    return d, None


def baca_workbook(isi: bytes, nama_file: str = "") -> dict[str, list[tuple[int, dict]]]:
    """Sheet → [(row number, typed row)] for every known sheet; raises WorkbookError with all cell errors.

    Headers are matched by their text (case and spacing ignored), so reordered or
    extra columns are fine; blank rows are skipped.
    """
    _periksa_berkas(isi, nama_file)
    try:
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise WorkbookError([Kesalahan(nama_file or "berkas", None, None, "berkas .xlsx rusak dan tidak dapat dibaca.")])
    kesalahan: list[Kesalahan] = []
    hasil: dict[str, list[tuple[int, dict]]] = {}
    norm = lambda s: re.sub(r"\s+", " ", _teks(s)).lower()
    try:
        lembar_ada = {norm(n): n for n in wb.sheetnames}
        for nama, kolom in LEMBAR.items():
            if norm(nama) not in lembar_ada and nama in LEMBAR_OPSIONAL:
                hasil[nama] = []
                continue
            if norm(nama) not in lembar_ada:
                kesalahan.append(Kesalahan(nama, None, None, "lembar ini tidak ada; pakai templat dari LKj."))
                continue
            ws = wb[lembar_ada[norm(nama)]]
            baris_iter = ws.iter_rows(values_only=True)
            kepala = next(baris_iter, None) or ()
            posisi = {norm(h): i for i, h in enumerate(kepala) if h is not None}
            idx = {}
            for f, header, _, _ in kolom:
                if norm(header) in posisi:
                    idx[f] = posisi[norm(header)]
                else:
                    kesalahan.append(Kesalahan(nama, 1, header, "judul kolom ini tidak ditemukan pada baris 1."))
            if len(idx) < len(kolom):
                continue
            rows = []
            for nomor, nilai in enumerate(baris_iter, start=2):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in nilai):
                    continue
                row = {}
                for f, header, jenis, wajib in kolom:
                    i = idx[f]
                    mentah = nilai[i] if i < len(nilai) else None
                    v, salah = _ubah(mentah, jenis)
                    if salah:
                        kesalahan.append(Kesalahan(nama, nomor, header, salah))
                    elif wajib and (v is None or v == ""):
                        kesalahan.append(Kesalahan(nama, nomor, header, "wajib diisi."))
                    row[f] = v
                rows.append((nomor, row))
            hasil[nama] = rows
    finally:
        wb.close()
    if kesalahan:
        raise WorkbookError(kesalahan)
    return hasil


def nilai_lembar(isi: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row: what a round-trip test compares."""
    wb = load_workbook(io.BytesIO(isi), read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()
