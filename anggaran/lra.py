"""Reader for the monthly LRA (Laporan Realisasi Anggaran) export from SIPD.

Plain Python (no Django import): the import service and a CLI both call
:func:`baca_lra`. The reader only reads and checks; it never decides which OPD
or month a file belongs to (the caller compares ``opd_kode``/``tahun``/``bulan``).

The pipeline is split so the later hardening of the import can replace one
stage without touching the others:

1. :func:`_muat_sheet` — open the workbook (openpyxl read-only; defusedxml guards
   the XML) and hand out each sheet's rows as plain value tuples;
2. :func:`_cari_judul` / :func:`_petakan_kolom` — find the table by its header
   labels, never by position;
3. :func:`_baca_baris` — turn coded rows into :class:`LraBaris`, skipping
   everything without a kode rekening (page headers, footers, signatures);
4. :func:`_periksa` — arithmetic checks that become warnings, not errors.

Money is ``Decimal`` throughout; a numeric cell becomes ``Decimal(str(value))``
and an integral float an exact integer. An amount the database cannot hold
(:data:`NILAI_BATAS`, more than 2 decimals) is an error naming its cell.
"""

from __future__ import annotations

import contextlib
import gc
import math
import operator
import os
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from dasar.beku import beku
from dasar.format import angka_seperlunya as _format_angka
from renja.kode import (
    BARIS_PROGRAM,
    BARIS_REKENING,
    BARIS_SUB_KEGIATAN,
    BARIS_TOTAL,
    KodeLra,
    KodeTidakValid,
    coba_parse_lra,
    parse_lra,
)

__all__ = [
    "LraError",
    "LraBaris",
    "LraDokumen",
    "Batas",
    "baca_lra",
    "baca_lra_semua",
    "gc_ditunda",
    "periksa_berkas",
    "parse_angka",
    "BULAN",
]

BULAN = {
    "JANUARI": 1,
    "FEBRUARI": 2,
    "PEBRUARI": 2,
    "MARET": 3,
    "APRIL": 4,
    "MEI": 5,
    "JUNI": 6,
    "JULI": 7,
    "AGUSTUS": 8,
    "SEPTEMBER": 9,
    "OKTOBER": 10,
    "NOVEMBER": 11,
    "NOPEMBER": 11,
    "DESEMBER": 12,
}

SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")

# What the database can hold. The money fields of anggaran.models.RealisasiAnggaran (budget and realisation)
# are DecimalField(max_digits=18, decimal_places=2); this module imports no Django, so the
# numbers are repeated here (a test compares them with the model fields). SQLite, the default
# database, stores such a value as a REAL and Django reads it back through 15 significant
# digits: 16 digits before the comma would lose the cents and, near 10**16, round up to 19
# digits and break every page showing it (decimal.InvalidOperation). So the limit is the
# smaller of the two: 15 - 2 = 13 digits before the comma (under Rp10 triliun a row; a whole
# kabupaten APBD is ~Rp2-3 triliun). Anything the reader accepts is stored exactly on SQLite
# and PostgreSQL alike; a bigger amount is refused here, naming its cell, instead of failing
# later in the database (PostgreSQL: "numeric field overflow") or on the pages.
DIGIT_MAKS = 18
DESIMAL_MAKS = 2
DIGIT_TEPAT_SQLITE = 15
DIGIT_BULAT_MAKS = min(DIGIT_MAKS, DIGIT_TEPAT_SQLITE) - DESIMAL_MAKS  # digits before the decimal comma
NILAI_BATAS = Decimal(10) ** DIGIT_BULAT_MAKS  # |amount| must stay below this
_KUANTUM = Decimal(1).scaleb(-DESIMAL_MAKS)

# Money columns: (LraBaris field, label used in messages, how its header reads).
# Checked in this order, so "S/D BULAN LALU" is "bulan lalu" and "S/D BULAN INI" is not "bulan ini".
_KOLOM = (
    ("sisa", "SISA ANGGARAN", re.compile(r"\bSISA\b")),
    ("persen", "%", re.compile(r"%|\bPERSEN")),
    ("realisasi_bulan_lalu", "REALISASI BULAN LALU", re.compile(r"\bBULAN\s+LALU\b")),
    ("realisasi_sd", "REALISASI S/D BULAN INI", re.compile(r"\bS\s*[/.]\s*D\b|\bSD\b|\bSAMPAI\s+DENGAN\b")),
    ("realisasi_bulan_ini", "REALISASI BULAN INI", re.compile(r"\bBULAN\s+INI\b")),
    ("anggaran_sebelum", "ANGGARAN SEBELUM PERUBAHAN", re.compile(r"\bSEBELUM\b")),
    ("anggaran_setelah", "ANGGARAN SETELAH PERUBAHAN", re.compile(r"\bSETELAH\b|\bSESUDAH\b")),
)
_LABEL = {nama: label for nama, label, _ in _KOLOM}
_WAJIB = ("anggaran_sebelum", "anggaran_setelah", "realisasi_bulan_lalu", "realisasi_bulan_ini", "realisasi_sd")
# Columns that add up from children to parents (% and sisa are derived per row).
_JUMLAH = _WAJIB

_RE_JUDUL_KODE = re.compile(r"\bKODE\s*REK")
_RE_JUDUL_URAIAN = re.compile(r"\bURAIAN\b")
# A cell that is meant to be a kode rekening: starts with three numeric tokens.
# Anything else in the code column (titles, "1", dates, signatures) is not a code.
_RE_MIRIP_KODE = re.compile(r"^\d+ \d+ \d", re.ASCII)
_RE_TAHUN = re.compile(r"\bTAHUN\s+ANGGARAN\s*:?\s*(\d{4})\b", re.ASCII)
_RE_BULAN = re.compile(r"\bBULAN\s*:?\s*([A-Z]+)")
_RE_URUSAN = re.compile(r"\bURUSAN\s+PEMERINTAHAN\s*:?\s*(\d\.\d{2})\b", re.ASCII)
_RE_ORGANISASI = re.compile(r"^(?:.*\s)?ORGANISASI\s*:?\s*(\d+(?:\.\d+)+)\s*(.*)$", re.ASCII)

_RE_ANGKA_BERKELOMPOK = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", re.ASCII)  # 1.944.944.567,00
_RE_ANGKA_POLOS = re.compile(r"\d+(?:,\d+)?", re.ASCII)  # 1944944567,00 / 0
_RE_TITIK_DESIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})", re.ASCII)  # 58.71 — never a thousands group
_TAK_TERLIHAT = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


class LraError(Exception):
    """The file cannot be read as an LRA. ``pesan`` is the full Indonesian message."""

    def __init__(self, pesan: str, *, sheet: str | None = None, baris: int | None = None, kolom: str | None = None):
        super().__init__(pesan)
        self.pesan = pesan
        self.sheet = sheet
        self.baris = baris
        self.kolom = kolom

    def __str__(self) -> str:
        return self.pesan


@dataclass(frozen=True)
class LraBaris:
    """One coded row. ``persen`` and ``sisa`` are as printed (None when the cell is empty)."""

    sheet: str
    baris: int
    kode: KodeLra
    kode_teks: str
    uraian: str
    anggaran_sebelum: Decimal
    anggaran_setelah: Decimal
    realisasi_bulan_lalu: Decimal
    realisasi_bulan_ini: Decimal
    realisasi_sd: Decimal
    persen: Decimal | None
    sisa: Decimal | None


@dataclass
class LraDokumen:
    nama_file: str | None
    sheet: str
    opd_kode: str | None = None
    opd_nama: str | None = None
    baris_organisasi: int | None = None  # sheet row of the ORGANISASI line that named the OPD (None: not on this sheet)
    urusan: str | None = None
    tahun: int | None = None
    bulan: int | None = None
    baris: list[LraBaris] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)

    def sub_kegiatan(self) -> list[LraBaris]:
        """Sub kegiatan rows: one per sub kegiatan per kelompok (5 1 / 5 2)."""
        return [b for b in self.baris if b.kode.jenis_baris == BARIS_SUB_KEGIATAN]

    def rekening_daun(self) -> list[LraBaris]:
        """Rekening rows with no deeper row under them in the same sub kegiatan.

        These are the kode rekening lines a budget is made of; per sub kegiatan
        and kelompok they add up to the sub kegiatan row.
        """
        induk = set()
        rekening = [b for b in self.baris if b.kode.jenis_baris == BARIS_REKENING]
        kunci = [((k := b.kode).organisasi, k.program, k.kegiatan, k.sub_kegiatan) for b in rekening]  # _kunci_sub
        for b, sub in zip(rekening, kunci):
            akun = b.kode.akun
            n = akun.count(" ") + 1
            while n > 3:  # every shorter account of 3 levels or more in the same sub kegiatan is a parent
                akun = akun[: akun.rfind(" ")]
                n -= 1
                if (sub, akun) in induk:
                    break  # added with all its own parents by a sibling before
                induk.add((sub, akun))
        return [b for b, sub in zip(rekening, kunci) if (sub, b.kode.akun) not in induk]


# ---------------------------------------------------------------------------
# Numbers


def parse_angka(teks_atau_nilai, *, sheet: str, baris: int, kolom: str) -> Decimal | None:
    """A money or percent cell → ``Decimal``; empty → None.

    Accepts numeric cells and Indonesian text: ``1.944.944.567,00``, ``-1.000,00``,
    ``0``, ``-`` (zero), ``58,71``, ``58,71%``, ``Rp 1.000``. A dot followed by
    other than three digits (``58.71``) can only be a decimal point and is read
    as one. Anything else (``12a``, ``(1.000)``, ``1,944,944.00``) raises
    :class:`LraError` naming sheet, row and column; ``kolom`` is how the column
    is named in that message, e.g. ``"D (ANGGARAN SETELAH PERUBAHAN)"``.
    """
    nilai = teks_atau_nilai

    def salah() -> LraError:
        return LraError(
            f"Nilai '{nilai}' di sheet {sheet} baris {baris} kolom {kolom} bukan angka.",
            sheet=sheet,
            baris=baris,
            kolom=kolom,
        )

    if nilai is None:
        return None
    if isinstance(nilai, bool):
        raise salah()
    if isinstance(nilai, int):
        return Decimal(nilai)
    if isinstance(nilai, float):
        if not math.isfinite(nilai):
            raise salah()
        return Decimal(int(nilai)) if nilai.is_integer() else Decimal(str(nilai))
    if isinstance(nilai, Decimal):
        if not nilai.is_finite():
            raise salah()
        return nilai
    if not isinstance(nilai, str):  # dates, times, errors
        raise salah()

    teks = " ".join(nilai.translate(_TAK_TERLIHAT).split())
    if not teks:
        return None
    if teks in ("-", "–", "—"):
        return Decimal(0)
    if teks[:2].upper() == "RP":
        teks = teks[2:].lstrip(". ")
    if teks.endswith("%"):
        teks = teks[:-1].rstrip()
    negatif = teks.startswith("-")
    if negatif:
        teks = teks[1:].lstrip()
    try:
        if _RE_ANGKA_BERKELOMPOK.fullmatch(teks) or _RE_ANGKA_POLOS.fullmatch(teks):
            angka = Decimal(teks.replace(".", "").replace(",", "."))
        elif _RE_TITIK_DESIMAL.fullmatch(teks):
            angka = Decimal(teks)
        else:
            raise salah()
    except InvalidOperation:
        raise salah() from None
    return -angka if negatif else angka


def persen_lra(realisasi_sd: Decimal, anggaran_setelah: Decimal) -> Decimal:
    """% as the LRA prints it: s/d ÷ setelah × 100, 2 dp half-up; 0 for a zero budget."""
    if anggaran_setelah == 0:
        return Decimal(0)
    return (realisasi_sd / anggaran_setelah * SERATUS).quantize(DUA_DESIMAL, ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Workbook


def _nama_sumber(sumber, nama_file: str | None) -> str | None:
    if nama_file:
        return nama_file
    if isinstance(sumber, (str, os.PathLike)):
        return os.path.basename(os.fspath(sumber))
    nama = getattr(sumber, "name", None)
    return os.path.basename(nama) if isinstance(nama, str) else None


def _sebut_berkas(nama: str | None) -> str:
    return f"Berkas '{nama}'" if nama else "Berkas yang diunggah"


def _petunjuk_format(sumber) -> str:
    """A hint for the two wrong formats people upload most: old .xls and PDF."""
    try:
        if isinstance(sumber, (str, os.PathLike)):
            with open(sumber, "rb") as f:
                awal = f.read(8)
        else:
            posisi = sumber.tell()
            awal = sumber.read(8)
            sumber.seek(posisi)
    except Exception:
        return ""
    if awal.startswith(b"\xd0\xcf\x11\xe0"):
        return " Berkas ini tampaknya Excel lama (.xls): buka di Excel lalu simpan sebagai .xlsx."
    if awal.startswith(b"%PDF"):
        return " Berkas ini tampaknya PDF: unduh LRA dari SIPD dalam format Excel (.xlsx)."
    return ""


# ---------------------------------------------------------------------------
# Guard: what the file is, before any XML is parsed


@dataclass(frozen=True)
class Batas:
    """Limits checked on the zip container before openpyxl sees it.

    A real SIPD export of a whole kabupaten is ~10 MiB on disk and ~150 MiB of XML,
    with ~20 members; the limits leave room above that and stop decompression bombs
    early. ``zipfile`` never inflates a member past its declared ``file_size``
    (``ZipExtFile._left``), so checking the declared sizes is enough.
    """

    ukuran_berkas: int = 25 * 1024 * 1024
    ukuran_terurai: int = 400 * 1024 * 1024
    jumlah_anggota: int = 500
    rasio: int = 150


BATAS_BAKU = Batas()

_ANGGOTA_WAJIB = ("[Content_Types].xml", "xl/workbook.xml")


def _mib(n: int) -> str:
    return _format_angka((Decimal(n) / (1024 * 1024)).quantize(Decimal("0.1"), ROUND_HALF_UP)) + " MiB"


def _ukuran_dan_awal(sumber) -> tuple[int, bytes]:
    if isinstance(sumber, (str, os.PathLike)):
        with open(sumber, "rb") as f:
            awal = f.read(4096)
        return os.path.getsize(sumber), awal
    posisi = sumber.tell()
    awal = sumber.read(4096)
    sumber.seek(0, os.SEEK_END)
    ukuran = sumber.tell()
    sumber.seek(posisi)
    return ukuran, awal


def periksa_berkas(sumber, *, nama_file: str | None = None, batas: Batas = BATAS_BAKU) -> None:
    """Refuse, with an Indonesian message, anything that is not a plain xlsx of sane size.

    Runs before parsing so a renamed PDF/CSV, an encrypted (password) workbook, a truncated
    download or a zip bomb never reaches the XML parser. The XML itself is parsed by openpyxl
    through defusedxml (entity expansion refused), see :func:`_muat_sheet`.
    """
    nama = _nama_sumber(sumber, nama_file)
    berkas = _sebut_berkas(nama)
    if isinstance(sumber, (str, os.PathLike)) and not os.path.exists(sumber):
        raise LraError(f"{berkas} tidak ditemukan.")
    ukuran, awal = _ukuran_dan_awal(sumber)
    if ukuran == 0:
        raise LraError(f"{berkas} kosong (0 bait).")
    if ukuran > batas.ukuran_berkas:
        raise LraError(f"{berkas} berukuran {_mib(ukuran)}, melebihi batas {_mib(batas.ukuran_berkas)}.")
    if awal.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE2 compound file: either an old .xls or an xlsx encrypted with a password
        # (Excel wraps it in OLE2 with an "EncryptedPackage" stream).
        isi_awal = _baca_semua(sumber) if ukuran <= batas.ukuran_berkas else b""
        if "EncryptedPackage".encode("utf-16-le") in isi_awal:
            raise LraError(
                f"{berkas} dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File → Info → "
                "Protect Workbook → Encrypt with Password, kosongkan), simpan, lalu unggah ulang."
            )
        raise LraError(
            f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca. Formatnya Excel lama (.xls): buka di Excel lalu simpan sebagai .xlsx."
        )
    if awal.startswith(b"%PDF"):
        raise LraError(
            f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca. Isinya PDF: unduh LRA dari SIPD dalam format Excel (.xlsx)."
        )
    if not awal.startswith(b"PK\x03\x04"):
        jenis = " Isinya teks (CSV?)." if _mirip_teks(awal) else ""
        raise LraError(f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca.{jenis} Unduh LRA dari SIPD dalam format Excel (.xlsx).")
    try:
        zf = zipfile.ZipFile(sumber if isinstance(sumber, (str, os.PathLike)) else _SalinanPosisi(sumber))
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise LraError(
            f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca. Berkas rusak atau terpotong (unduhan tidak lengkap?): unduh ulang dari SIPD."
        ) from exc
    with zf:
        anggota = zf.infolist()
        if len(anggota) > batas.jumlah_anggota:
            raise LraError(
                f"{berkas} memuat {len(anggota)} berkas di dalamnya, melebihi batas {batas.jumlah_anggota}; "
                "ini bukan ekspor LRA yang wajar."
            )
        total = sum(a.file_size for a in anggota)
        if total > batas.ukuran_terurai:
            raise LraError(
                f"{berkas} bila diurai berukuran {_mib(total)}, melebihi batas {_mib(batas.ukuran_terurai)}; "
                "ini bukan ekspor LRA yang wajar."
            )
        for a in anggota:
            if a.file_size > 1024 * 1024 and a.file_size > batas.rasio * max(a.compress_size, 1):
                raise LraError(
                    f"{berkas}: bagian {a.filename} termampatkan {a.file_size // max(a.compress_size, 1)} kali "
                    f"(batas {batas.rasio} kali); berkas ini ditolak karena berpotensi 'zip bomb'."
                )
        nama_anggota = {a.filename for a in anggota}
        if not all(w in nama_anggota for w in _ANGGOTA_WAJIB):
            raise LraError(f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca. Isinya arsip zip tanpa buku kerja Excel.")
        # The defusedxml rule, checked up front whatever parser follows: no DTD, so no entity
        # expansion ("billion laughs") and no external entities. A DTD must precede the root
        # element, so the first bytes of each XML part are enough.
        for a in anggota:
            if a.filename.endswith((".xml", ".rels")):
                try:
                    with zf.open(a) as f:
                        awal_xml = f.read(2048)
                except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
                    raise LraError(
                        f"{berkas} bukan berkas Excel (.xlsx) yang dapat dibaca. Bagian {a.filename} rusak atau terenkripsi."
                    ) from exc
                if b"<!DOCTYPE" in awal_xml or b"<!ENTITY" in awal_xml:
                    raise LraError(f"{berkas}: bagian {a.filename} memuat XML yang tidak aman (deklarasi DTD/entitas) dan ditolak.")


def _baca_semua(sumber) -> bytes:
    if isinstance(sumber, (str, os.PathLike)):
        with open(sumber, "rb") as f:
            return f.read()
    posisi = sumber.tell()
    sumber.seek(0)
    isi = sumber.read()
    sumber.seek(posisi)
    return isi


def _mirip_teks(awal: bytes) -> bool:
    try:
        awal.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _SalinanPosisi:
    """A file-like wrapper so zipfile's seeks do not move the caller's position for good."""

    def __init__(self, f):
        self._f, self._awal = f, f.tell()

    def __getattr__(self, nama):
        return getattr(self._f, nama)

    def close(self):  # zipfile closes what it opened; the caller's file stays open
        self._f.seek(self._awal)


def _muat_sheet(sumber, nama: str | None):
    """Yield ``(nama_sheet, rows)`` per worksheet; rows are lists of cell values from A1.

    python-calamine (Rust) reads cells ~20× faster than openpyxl, which is what keeps
    a kabupaten-wide import within 3× a bare openpyxl pass (bench/lra_import.py).
    It does not expand DTD entities, and :func:`periksa_berkas` has already refused
    any part with a DTD (what defusedxml would refuse) and any zip bomb. Empty cells
    come back as ``""``; ``skip_empty_area=False`` keeps row and column numbers as
    Excel shows them.
    """
    if isinstance(sumber, (str, os.PathLike)) and not os.path.exists(sumber):
        raise LraError(f"{_sebut_berkas(nama)} tidak ditemukan.")
    try:
        if isinstance(sumber, (str, os.PathLike)):
            wb = CalamineWorkbook.from_path(os.fspath(sumber))
        else:
            sumber.seek(0)
            wb = CalamineWorkbook.from_filelike(sumber)
    except Exception as exc:  # zip, XML, format: all mean "not a readable xlsx"
        raise LraError(f"{_sebut_berkas(nama)} bukan berkas Excel (.xlsx) yang dapat dibaca.{_petunjuk_format(sumber)}") from exc
    try:
        for judul in wb.sheet_names:
            try:
                ws = wb.get_sheet_by_name(judul)
                if getattr(ws, "typ", None) is not None and "Worksheet" not in str(ws.typ):
                    continue  # chart sheets
                rows = ws.to_python(skip_empty_area=False)
            except Exception as exc:
                raise LraError(
                    f"Sheet {judul} pada {_sebut_berkas(nama).lower()} rusak dan tidak dapat dibaca.",
                    sheet=judul,
                ) from exc
            yield judul, rows
    finally:
        close = getattr(wb, "close", None)
        if close:
            close()


# ---------------------------------------------------------------------------
# Header


def _teks(v) -> str:
    """A cell as upper-case text with whitespace collapsed; '' for empty and non-text."""
    if v is None:
        return ""
    return " ".join(str(v).translate(_TAK_TERLIHAT).split()).upper()


def _sel(row: list, j: int):
    return row[j] if j < len(row) else None


@dataclass(frozen=True)
class _Judul:
    baris: int  # 0-based index of the header row
    kode: int  # 0-based column indexes
    uraian: int
    kolom: dict  # field name → column index


def _cari_judul(rows: list[list]) -> tuple[int, int, int] | None:
    """The first row with a KODE REKENING cell and a URAIAN cell: (row, kode col, uraian col)."""
    for i, row in enumerate(rows):
        teks = [_teks(v) for v in row]
        kode = next((j for j, t in enumerate(teks) if _RE_JUDUL_KODE.search(t)), None)
        if kode is None:
            continue
        uraian = next((j for j, t in enumerate(teks) if j != kode and _RE_JUDUL_URAIAN.search(t)), None)
        if uraian is not None:
            return i, kode, uraian
    return None


def _mirip_kode(v) -> bool:
    if not isinstance(v, str):
        return False
    if v.isascii():  # the usual cell: nothing invisible to strip, and a code starts with a digit
        if not v.lstrip()[:1].isdigit():
            return False
    else:
        v = v.translate(_TAK_TERLIHAT)
    return bool(_RE_MIRIP_KODE.match(" ".join(v.split())))


def _petakan_kolom(rows: list[list], sheet: str, i: int, kode: int, uraian: int) -> _Judul:
    """Map money columns by their labels in the header row and up to 2 rows below.

    Split headers (``ANGGARAN`` over ``SEBELUM | SETELAH``) put the words on
    different rows of the same column, so a column's label is the text of
    those rows joined. The band stops at the first data row.
    """
    pita = [rows[i]]
    for r in rows[i + 1 : i + 3]:
        if _mirip_kode(_sel(r, kode)):
            break
        pita.append(r)
    lebar = max(len(r) for r in pita)
    kolom: dict[str, int] = {}
    for j in range(lebar):
        if j in (kode, uraian):
            continue
        label = " ".join(t for t in (_teks(_sel(r, j)) for r in pita) if t)
        if not label:
            continue
        for nama, nama_label, pola in _KOLOM:
            if pola.search(label):
                if nama in kolom:
                    raise LraError(
                        f"Sheet {sheet} baris {i + 1}: judul kolom {nama_label} ditemukan lebih dari sekali "
                        f"(kolom {get_column_letter(kolom[nama] + 1)} dan {get_column_letter(j + 1)}).",
                        sheet=sheet,
                        baris=i + 1,
                        kolom=get_column_letter(j + 1),
                    )
                kolom[nama] = j
                break
    hilang = [_LABEL[n] for n in _WAJIB if n not in kolom]
    if hilang:
        raise LraError(
            f"Sheet {sheet} baris {i + 1}: kolom {', '.join(hilang)} tidak ditemukan di judul tabel LRA.",
            sheet=sheet,
            baris=i + 1,
        )
    return _Judul(baris=i, kode=kode, uraian=uraian, kolom=kolom)


def _baca_kepala(rows: list[list], dok: LraDokumen, awal: int | None = None) -> None:
    """Fill OPD, urusan, year and month from title rows; only fields still empty.

    ``awal``: the 0-based sheet index of ``rows[0]`` when they are this sheet's rows, so the
    ORGANISASI line's row can be named (None for rows of earlier sheets)."""
    for i, row in enumerate(rows):
        teks = " ".join(t for t in (_teks(v) for v in row) if t)
        if not teks:
            continue
        if dok.tahun is None and (m := _RE_TAHUN.search(teks)):
            dok.tahun = int(m.group(1))
        if dok.bulan is None:
            dok.bulan = next((BULAN[m.group(1)] for m in _RE_BULAN.finditer(teks) if m.group(1) in BULAN), None)
        if dok.urusan is None and (m := _RE_URUSAN.search(teks)):
            dok.urusan = m.group(1)
        if dok.opd_kode is None and (m := _RE_ORGANISASI.match(teks)):
            dok.opd_kode = m.group(1)
            dok.baris_organisasi = awal + i + 1 if awal is not None else None
            # the name as printed, not upper-cased by _teks
            asli = " ".join(" ".join(str(v).split()) for v in row if v is not None and str(v).strip())
            nama = asli.split(m.group(1), 1)[-1].strip(" :")
            dok.opd_nama = nama or None


# ---------------------------------------------------------------------------
# Rows


def _periksa_muat(nilai: Decimal, *, sheet: str, baris: int, kolom: str) -> None:
    """Refuse an amount the database cannot hold (see :data:`NILAI_BATAS`), naming its place."""
    if abs(nilai) >= NILAI_BATAS:
        raise LraError(
            f"Nilai {_format_angka(nilai, tepat=True)} di sheet {sheet} baris {baris} kolom {kolom} terlalu besar "
            f"(paling banyak {DIGIT_BULAT_MAKS} digit sebelum koma).",
            sheet=sheet,
            baris=baris,
            kolom=kolom,
        )
    if nilai != nilai.quantize(_KUANTUM):
        raise LraError(
            f"Nilai {_format_angka(nilai, tepat=True)} di sheet {sheet} baris {baris} kolom {kolom} memiliki lebih "
            f"dari {DESIMAL_MAKS} angka di belakang koma; bulatkan ke sen (paling banyak {DESIMAL_MAKS} angka "
            "di belakang koma).",
            sheet=sheet,
            baris=baris,
            kolom=kolom,
        )


def _angka_cepat(v, wajib: bool):
    """A numeric cell read the way :func:`parse_angka` reads it, on the short path: a whole number (what SIPD
    writes) and, for % and sisa, any finite float. None sends the caller down the full path
    (:func:`parse_angka`, :func:`_periksa_muat`), which names the cell when it refuses it."""
    t = type(v)
    if t is float:
        if v.is_integer():
            if -_BATAS_FLOAT < v < _BATAS_FLOAT:
                return Decimal(int(v))
            return None
        if not wajib and math.isfinite(v):
            return Decimal(str(v))
        return None
    if t is int and -_BATAS_INT < v < _BATAS_INT:
        return Decimal(v)
    return None


_BATAS_INT = int(NILAI_BATAS)
_KOSONG = (None, "")  # an empty cell as calamine gives it (parse_angka reads both as empty)
_BATAS_FLOAT = float(NILAI_BATAS)  # 10**13 is exact as a float


def _baca_baris(rows: list[list], sheet: str, judul: _Judul, awal: int | None = None, akhir: int | None = None) -> list[LraBaris]:
    """The coded rows of ``rows[awal:akhir]`` (default: everything under the header) as :class:`LraBaris`.

    Cells are read once each; a whole-number amount (what SIPD writes) takes a short path, anything
    else the full one, so every refusal still names its sheet, row and column. Codes are parsed once
    per distinct prefix and account (``renja.kode.parse_lra`` caches them)."""
    hasil = []
    organisasi = None  # (urusan, segment, first row): every coded row must carry the same OPD
    org_urusan = org_segmen = None
    huruf_kode = get_column_letter(judul.kode + 1)
    j_kode, j_uraian = judul.kode, judul.uraian
    kolom = [(nama, j, f"{get_column_letter(j + 1)} ({_LABEL[nama]})", nama in _WAJIB) for nama, j in judul.kolom.items()]
    lebar = max(j_kode, j_uraian, *judul.kolom.values()) + 1
    j0, j1, j2, j3, j4 = (
        judul.kolom[n] for n in ("anggaran_sebelum", "anggaran_setelah", "realisasi_bulan_lalu", "realisasi_bulan_ini", "realisasi_sd")
    )
    j_persen, j_sisa = judul.kolom.get("persen"), judul.kolom.get("sisa")
    sub_diperiksa: set = set()
    for i in range(judul.baris + 1 if awal is None else awal, len(rows) if akhir is None else akhir):
        row = rows[i]
        if len(row) < lebar:
            row = [*row, *([None] * (lebar - len(row)))]
        nilai_kode = row[j_kode]
        kode = coba_parse_lra(nilai_kode) if type(nilai_kode) is str else None
        if kode is None and not _mirip_kode(nilai_kode):
            continue  # blank, column numbers, repeated page header, footer totals, signature block
        nomor = i + 1
        try:
            if kode is None:
                kode = parse_lra(nilai_kode)  # not well formed: says what is wrong
            if kode.sub_kegiatan is not None:
                kunci_sub = (kode.urusan, kode.program, kode.kegiatan, kode.sub_kegiatan)
                if kunci_sub not in sub_diperiksa:
                    kode.kode().e81  # noqa: B018 — a sub kegiatan the E.81 cannot print (0100 and above) is refused here
                    sub_diperiksa.add(kunci_sub)
        except KodeTidakValid as exc:
            raise LraError(
                f"Sheet {sheet} baris {nomor} kolom {huruf_kode} (KODE REKENING): {exc}",
                sheet=sheet,
                baris=nomor,
                kolom=huruf_kode,
            ) from None
        # The short path (what SIPD writes): the five amounts whole numbers within the limit, budgets not negative.
        sebelum, setelah, lalu, ini, sd = row[j0], row[j1], row[j2], row[j3], row[j4]
        if (
            type(sebelum) is float
            and type(setelah) is float
            and type(lalu) is float
            and type(ini) is float
            and type(sd) is float
            and sebelum.is_integer()
            and setelah.is_integer()
            and lalu.is_integer()
            and ini.is_integer()
            and sd.is_integer()
            and 0 <= sebelum < _BATAS_FLOAT
            and 0 <= setelah < _BATAS_FLOAT
            and -_BATAS_FLOAT < min(lalu, ini, sd)
            and max(lalu, ini, sd) < _BATAS_FLOAT
        ):
            sebelum, setelah, lalu, ini, sd = (
                Decimal(int(sebelum)),
                Decimal(int(setelah)),
                Decimal(int(lalu)),
                Decimal(int(ini)),
                Decimal(int(sd)),
            )
            persen = _angka_cepat(row[j_persen], False) if j_persen is not None else None
            sisa = _angka_cepat(row[j_sisa], False) if j_sisa is not None else None
            if (j_persen is None or persen is not None or row[j_persen] in _KOSONG) and (
                j_sisa is None or sisa is not None or row[j_sisa] in _KOSONG
            ):
                if organisasi is not None and kode.organisasi == org_segmen and kode.urusan == org_urusan:
                    uraian = row[j_uraian]
                    # LraBaris(...) without its twelve guarded setattr calls (dasar.beku): the same object.
                    b = beku(
                        LraBaris,
                        {
                            "sheet": sheet,
                            "baris": nomor,
                            "kode": kode,
                            "kode_teks": kode.teks,
                            "uraian": " ".join(uraian.split()) if type(uraian) is str else _uraian(uraian),
                            "anggaran_sebelum": sebelum,
                            "anggaran_setelah": setelah,
                            "realisasi_bulan_lalu": lalu,
                            "realisasi_bulan_ini": ini,
                            "realisasi_sd": sd,
                            "persen": persen,
                            "sisa": sisa,
                        },
                    )
                    hasil.append(b)
                    continue
        angka = {}
        for nama, j, nama_kolom, wajib in kolom:
            sel = row[j]
            if (nilai := _angka_cepat(sel, wajib)) is not None:
                if nilai < 0 and nama in ("anggaran_sebelum", "anggaran_setelah"):
                    _tolak_negatif(nilai, sheet=sheet, baris=nomor, kolom=nama_kolom)
                angka[nama] = nilai
                continue
            nilai = parse_angka(sel, sheet=sheet, baris=nomor, kolom=nama_kolom)
            if nilai is None and wajib:
                raise LraError(
                    f"Nilai di sheet {sheet} baris {nomor} kolom {nama_kolom} kosong; "
                    "setiap baris berkode rekening harus berisi angka (tulis 0 bila nihil).",
                    sheet=sheet,
                    baris=nomor,
                    kolom=nama_kolom,
                )
            if nilai is not None and wajib:
                _periksa_muat(nilai, sheet=sheet, baris=nomor, kolom=nama_kolom)
            if nilai is not None and nilai < 0 and nama in ("anggaran_sebelum", "anggaran_setelah"):
                _tolak_negatif(nilai, sheet=sheet, baris=nomor, kolom=nama_kolom)
            angka[nama] = nilai
        if organisasi is None:
            organisasi = (kode.urusan, kode.organisasi, nomor)
            org_urusan, org_segmen = kode.urusan, kode.organisasi
        elif (kode.urusan, kode.organisasi) != organisasi[:2]:
            raise LraError(
                f"Sheet {sheet} baris {nomor} kolom {huruf_kode} (KODE REKENING): kode organisasi "
                f"{kode.urusan} {kode.organisasi} berbeda dengan {organisasi[0]} {organisasi[1]} di baris "
                f"{organisasi[2]}; satu LRA hanya boleh memuat satu perangkat daerah"
                + (
                    " (di LRA seluruh perangkat daerah, setiap perangkat daerah diawali baris ORGANISASI-nya)." if awal is not None else "."
                ),
                sheet=sheet,
                baris=nomor,
                kolom=huruf_kode,
            )
        hasil.append(
            LraBaris(
                sheet=sheet,
                baris=nomor,
                kode=kode,
                kode_teks=kode.teks,
                uraian=_uraian(row[j_uraian]),
                anggaran_sebelum=angka["anggaran_sebelum"],
                anggaran_setelah=angka["anggaran_setelah"],
                realisasi_bulan_lalu=angka["realisasi_bulan_lalu"],
                realisasi_bulan_ini=angka["realisasi_bulan_ini"],
                realisasi_sd=angka["realisasi_sd"],
                persen=angka.get("persen"),
                sisa=angka.get("sisa"),
            )
        )
    return hasil


def _uraian(v) -> str:
    return " ".join(str(v).split()) if v is not None else ""


def _tolak_negatif(nilai, *, sheet, baris, kolom):
    raise LraError(
        f"Nilai {_format_angka(nilai)} di sheet {sheet} baris {baris} kolom {kolom} negatif; anggaran tidak boleh negatif.",
        sheet=sheet,
        baris=baris,
        kolom=kolom,
    )


# ---------------------------------------------------------------------------
# Checks (warnings)


def _kunci_sub(k: KodeLra) -> tuple:
    return (k.organisasi, k.program, k.kegiatan, k.sub_kegiatan)


def _kunci(k: KodeLra) -> tuple:
    return (*_kunci_sub(k), k.akun)


def _awalan(akun: str, i: int) -> str:
    """The account's first ``i`` levels, as the LRA writes them ("5 1 02 01", 2 → "5 1")."""
    return " ".join(akun.split(" ")[:i])


def _calon_induk(k: KodeLra):
    """Keys of the rows this row may add up into, nearest first (a generator: the nearest found ends it).

    rekening → shorter akun in the same sub kegiatan (down to the sub kegiatan
    row) → program row of its kelompok → total row of its kelompok → Belanja
    Daerah. The nearest one present in the file is the parent, so a file that
    leaves out a level still checks against the next level up.
    """
    org, akun, n = k.organisasi, k.akun, len(k.akun_token)
    if k.jenis_baris == BARIS_REKENING:
        sub = _kunci_sub(k)
        for i in range(n - 1, 1, -1):
            yield (*sub, _awalan(akun, i))
    if k.jenis_baris in (BARIS_REKENING, BARIS_SUB_KEGIATAN):
        for i in (2, 1):
            yield (org, k.program, None, None, _awalan(akun, i))
        for i in (2, 1):
            yield (org, None, None, None, _awalan(akun, i))
    elif k.jenis_baris == BARIS_PROGRAM:
        for i in range(n - 1, 0, -1):
            yield (org, k.program, None, None, _awalan(akun, i))
        for i in range(n, 0, -1):
            yield (org, None, None, None, _awalan(akun, i))
    elif k.jenis_baris == BARIS_TOTAL:
        for i in range(n - 1, 0, -1):
            yield (org, None, None, None, _awalan(akun, i))


def _induk_terdekat(k: KodeLra, simpul: dict):
    """The key of the nearest parent row present in the file (:func:`_calon_induk`), or None. The usual
    parent — a rekening's one level up, a sub kegiatan's program row — is tried without the generator."""
    if k.jenis_baris == BARIS_REKENING:
        calon = (k.organisasi, k.program, k.kegiatan, k.sub_kegiatan, k.akun[: k.akun.rfind(" ")])
        if calon in simpul:
            return calon
    elif k.jenis_baris == BARIS_SUB_KEGIATAN:
        calon = (k.organisasi, k.program, None, None, k.akun)
        if calon in simpul:
            return calon
    return next((c for c in _calon_induk(k) if c in simpul), None)


def _lokasi(b: LraBaris) -> str:
    return f"Sheet {b.sheet} baris {b.baris} ({b.kode_teks})"


def _daftar_baris(anak: list[LraBaris], batas: int = 8) -> str:
    nomor = [str(a.baris) for a in anak[:batas]]
    return ", ".join(nomor) + (", …" if len(anak) > batas else "")


_NAMA_JUMLAH = {
    "anggaran_sebelum": "anggaran sebelum perubahan",
    "anggaran_setelah": "anggaran setelah perubahan",
    "realisasi_bulan_lalu": "realisasi bulan lalu",
    "realisasi_bulan_ini": "realisasi bulan ini",
    "realisasi_sd": "realisasi s/d bulan ini",
}


def _periksa_baris(b: LraBaris) -> list[str]:
    pesan = []
    if b.realisasi_sd != b.realisasi_bulan_lalu + b.realisasi_bulan_ini:
        pesan.append(
            f"{_lokasi(b)}: realisasi s/d bulan ini {_format_angka(b.realisasi_sd)} tidak sama dengan "
            f"realisasi bulan lalu {_format_angka(b.realisasi_bulan_lalu)} + bulan ini "
            f"{_format_angka(b.realisasi_bulan_ini)} = {_format_angka(b.realisasi_bulan_lalu + b.realisasi_bulan_ini)}."
        )
    if b.persen is not None:
        harus = persen_lra(b.realisasi_sd, b.anggaran_setelah)
        if b.persen.quantize(DUA_DESIMAL, ROUND_HALF_UP) != harus:
            pesan.append(
                f"{_lokasi(b)}: persentase tertulis {_format_angka(b.persen)} tidak sama dengan realisasi s/d "
                f"bulan ini ÷ anggaran setelah perubahan × 100 = {_format_angka(harus)}."
            )
    if b.sisa is not None and b.sisa != b.anggaran_setelah - b.realisasi_sd:
        pesan.append(
            f"{_lokasi(b)}: sisa anggaran tertulis {_format_angka(b.sisa)} tidak sama dengan anggaran setelah "
            f"perubahan − realisasi s/d bulan ini = {_format_angka(b.anggaran_setelah - b.realisasi_sd)}."
        )
    return pesan


_ambil_jumlah = operator.attrgetter(*_JUMLAH)


def _periksa(dok: LraDokumen) -> None:
    temuan: list[tuple[int, str]] = []

    if dok.tahun is None:
        temuan.append((0, f"Sheet {dok.sheet}: tahun anggaran tidak ditemukan di kepala laporan (mis. 'TAHUN ANGGARAN 2025')."))
    if dok.bulan is None:
        temuan.append((0, f"Sheet {dok.sheet}: bulan laporan tidak ditemukan di kepala laporan (mis. 'BAGIAN BULAN SEPTEMBER')."))

    simpul: dict[tuple, LraBaris] = {}
    urusan = dok.urusan
    for b in dok.baris:
        sd, setelah, persen, sisa = b.realisasi_sd, b.anggaran_setelah, b.persen, b.sisa
        if (
            sd != b.realisasi_bulan_lalu + b.realisasi_bulan_ini
            or (persen is not None and persen.quantize(DUA_DESIMAL, ROUND_HALF_UP) != persen_lra(sd, setelah))
            or (sisa is not None and sisa != setelah - sd)
        ):
            temuan += [(b.baris, p) for p in _periksa_baris(b)]
        k = b.kode
        if urusan and k.urusan != urusan:
            temuan.append((b.baris, f"{_lokasi(b)}: urusan {k.urusan} berbeda dengan URUSAN PEMERINTAHAN {urusan} di kepala laporan."))
        # _kunci(k), written out: this loop runs once per coded row of the file
        if (ada := simpul.setdefault((k.organisasi, k.program, k.kegiatan, k.sub_kegiatan, k.akun), b)) is not b:
            temuan.append((b.baris, f"{_lokasi(b)}: kode rekening ini sudah muncul di baris {ada.baris}."))

    # Each row's amounts are added into its parent's running sums as the rows are met (one pass).
    anak: dict[tuple, list[LraBaris]] = defaultdict(list)
    jumlah_anak: dict[tuple, list[Decimal]] = {}
    for b in dok.baris:
        induk = _induk_terdekat(b.kode, simpul)
        if induk is not None:
            anak[induk].append(b)
            if (j := jumlah_anak.get(induk)) is None:
                jumlah_anak[induk] = list(_ambil_jumlah(b))  # in the order of _JUMLAH
            else:
                j[0] += b.anggaran_sebelum
                j[1] += b.anggaran_setelah
                j[2] += b.realisasi_bulan_lalu
                j[3] += b.realisasi_bulan_ini
                j[4] += b.realisasi_sd

    for kunci, induk in simpul.items():
        rincian = anak.get(kunci)
        if not rincian:
            if induk.kode.jenis_baris == BARIS_SUB_KEGIATAN:
                temuan.append((induk.baris, f"{_lokasi(induk)}: sub kegiatan ini tidak memiliki rincian kode rekening."))
            continue
        jumlah_semua, tertulis = jumlah_anak[kunci], _ambil_jumlah(induk)
        if jumlah_semua == list(tertulis):
            continue
        beda = []
        for nama, jumlah, nilai in zip(_JUMLAH, jumlah_semua, tertulis):
            if jumlah != nilai:
                beda.append(f"{_NAMA_JUMLAH[nama]} tertulis {_format_angka(nilai)}, jumlah rincian {_format_angka(jumlah)}")
        if beda:
            temuan.append(
                (
                    induk.baris,
                    f"{_lokasi(induk)} {induk.uraian}: angka baris ini tidak sama dengan jumlah {len(rincian)} baris "
                    f"rinciannya (baris {_daftar_baris(rincian)}): {'; '.join(beda)}.",
                )
            )

    temuan.sort(key=lambda t: t[0])
    dok.peringatan.extend(p for _, p in temuan)


# ---------------------------------------------------------------------------
# Entry point


@contextlib.contextmanager
def gc_ditunda():
    """Python's cycle collector held off for a block that builds tens of thousands of small acyclic objects
    (a kabupaten LRA: cells, codes, rows, Decimals), which otherwise runs it dozens of times over the whole
    heap for nothing to free; it runs again, once, when the block ends. Nested blocks leave it to the
    outermost; a block entered with the collector already off leaves it off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def baca_lra(sumber, *, nama_file: str | None = None, batas: Batas = BATAS_BAKU) -> LraDokumen:
    """Read an LRA workbook (path or binary file-like) into an :class:`LraDokumen`.

    Uses the first sheet whose table has a KODE REKENING / URAIAN header.
    Raises :class:`LraError` when the file is not a readable xlsx (checked by
    :func:`periksa_berkas` before any XML is parsed), no sheet has the table,
    or a coded row holds a bad code or amount. Arithmetic that does not add up
    is reported in ``peringatan`` with row numbers, never silently corrected.
    """
    with gc_ditunda():
        for dok in _baca(sumber, nama_file=nama_file, batas=batas):
            return dok
    raise AssertionError("_baca raises when no sheet has a table")


def baca_lra_semua(sumber, *, nama_file: str | None = None, batas: Batas = BATAS_BAKU) -> list[LraDokumen]:
    """Every OPD of a kabupaten-wide LRA, one :class:`LraDokumen` each, in file order.

    The file may hold one sheet per OPD, or several OPDs in one sheet, each opening with its own
    ``ORGANISASI : <kode SIPD> <nama>`` line (a repeated title and table header are fine), or both.
    A part's year, month and urusan are its own title's, else the sheet's. Which OPD a part is
    and whether it exists is the caller's business (``opd_kode``, ``baris_organisasi``); coded rows
    under no ORGANISASI line come back with ``opd_kode`` None. Rows of another organisation code
    inside one part are refused, naming the row."""
    with gc_ditunda():
        return list(_baca(sumber, nama_file=nama_file, batas=batas, semua=True))


def _bagian(rows: list[list], judul: _Judul) -> list[tuple[int, int]]:
    """Where each OPD's part of a sheet starts and ends, as (start, end) indexes: a part opens at an
    ORGANISASI line under the table header (the first part at the header itself)."""
    batas = [judul.baris + 1]
    for i in range(judul.baris + 1, len(rows)):
        row = rows[i]
        sel = _sel(row, judul.kode)
        if type(sel) is str and sel.lstrip()[:1].isdigit():
            continue  # a coded row (or a number): never an ORGANISASI line
        teks = " ".join(t for t in (_teks(v) for v in row) if t)
        if "ORGANISASI" in teks and _RE_ORGANISASI.match(teks):
            batas.append(i)
    batas.append(len(rows))
    return [(a, b) for a, b in zip(batas, batas[1:]) if b > a]


def _dokumen_bagian(rows, sheet, judul, nama, sebelumnya) -> list[LraDokumen]:
    """A sheet of the kabupaten-wide reading (:func:`baca_lra_semua`): one document per OPD part."""
    hasil = []
    for awal, akhir in _bagian(rows, judul):
        dok = LraDokumen(nama_file=nama, sheet=sheet)
        if awal > judul.baris + 1:
            # its own title: from the end of the previous part's rows to its ORGANISASI line
            mulai = awal
            while mulai > judul.baris + 1 and not _mirip_kode(_sel(rows[mulai - 1], judul.kode)):
                mulai -= 1
            _baca_kepala(rows[mulai : awal + 1], dok, awal=mulai)
        _baca_kepala(rows[: judul.baris], dok, awal=0)
        _baca_kepala(sebelumnya, dok)
        dok.baris = _baca_baris(rows, sheet, judul, awal, akhir)
        if dok.baris:
            hasil.append(dok)
    return hasil


def _baca(sumber, *, nama_file, batas, semua=False):
    nama = _nama_sumber(sumber, nama_file)
    periksa_berkas(sumber, nama_file=nama, batas=batas)
    diperiksa: list[str] = []
    ditemukan = False
    sebelumnya: list[list] = []  # rows of earlier sheets (e.g. a cover), for title fields
    sheets = _muat_sheet(sumber, nama)
    try:
        for sheet, rows in sheets:
            diperiksa.append(sheet)
            posisi = _cari_judul(rows)
            if posisi is None:
                sebelumnya.extend(rows[:50])
                continue
            judul = _petakan_kolom(rows, sheet, *posisi)
            if semua:
                docs = _dokumen_bagian(rows, sheet, judul, nama, sebelumnya)
            else:
                dok = LraDokumen(nama_file=nama, sheet=sheet)
                _baca_kepala(rows[: judul.baris], dok, awal=0)
                _baca_kepala(sebelumnya, dok)
                dok.baris = _baca_baris(rows, sheet, judul)
                docs = [dok] if dok.baris else []
            del rows  # a kabupaten workbook: hold one sheet's cells at a time
            if not docs:
                raise LraError(
                    f"Sheet {sheet} memiliki judul tabel LRA di baris {judul.baris + 1} tetapi tidak ada baris "
                    f"berkode rekening di bawahnya (mis. 7 01 7 01 00 01 2.01.0001 5 1).",
                    sheet=sheet,
                    baris=judul.baris + 1,
                )
            for dok in docs:
                _periksa(dok)
                ditemukan = True
                yield dok
            if not semua:
                return
            sebelumnya = []
    finally:
        sheets.close()  # closes the workbook's file handle even when we stop at the first sheet
    if ditemukan:
        return
    daftar = ", ".join(diperiksa) if diperiksa else "(tidak ada sheet)"
    raise LraError(
        f"{_sebut_berkas(nama)} tidak memuat tabel LRA: tidak ada baris judul berisi 'KODE REKENING' dan 'URAIAN' di sheet {daftar}."
    )
