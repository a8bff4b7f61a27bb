"""A second, fictional OPD — Kecamatan Wonokerto, Kabupaten Sumberwangi — and its year as an operator works it.

Shaped unlike Kedungjajang on purpose: another pemda and kecamatan code, two programs (01 and
04, Ketenteraman dan Ketertiban Umum), a Plt. who holds two jabatan, a PK awal (06-01-2025)
and a Perubahan PK (01-09-2025) raising one target 4 → 6 (decisions §5's example), a
negative-polarity indicator, a target of 0, an aktivitas-based kegiatan, and a budget change
between the June and the September LRA.

Everything goes in through the real importers and services, in the order of the year:
``januari`` (planning workbook), ``lra(6)``, ``entri_tw2``, ``september`` (planning workbook with
the Perubahan PK), ``lra(9)``, ``entri_tw3``. The xlsx files are made here, small, with the
project's own workbook writer and openpyxl for an LRA in the SIPD export shape.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from openpyxl import Workbook

D = Decimal
TAHUN = 2025
OPD_KODE = "7.01.0.00.0.00.07.0000"
PEMDA_KODE = "3599"
AWAL = datetime.date(2025, 1, 6)
PERUBAHAN = datetime.date(2025, 9, 1)
OPERATOR = "wk_operator"

_BUKU_TETAP = {
    "Pemda & OPD": [
        {
            "pemda_kode": PEMDA_KODE,
            "pemda_nama": "Kabupaten Sumberwangi",
            "pemda_ibukota": "Sumberwangi",
            "hari_batas_laporan": 10,
            "opd_kode": OPD_KODE,
            "kode_urusan": "7.01",
            "opd_nama": "Kecamatan Wonokerto",
            "nama_pendek": "Wonokerto",
            "alamat": "Jl. Raya Wonokerto No. 1",
            "kode_pos": "",
            "telepon": "",
            "email": "",
            "tahun": TAHUN,
        }
    ],
    "Unit": [
        {"kode": "sekretariat", "nama": "Sekretariat Kecamatan", "induk": ""},
        {"kode": "trantib", "nama": "Seksi Ketenteraman dan Ketertiban Umum", "induk": ""},
    ],
    "Pegawai": [
        {"nama": "H. SUTRISNO, S.H.", "nip": "", "akun": ""},
        {"nama": "Drs. HARTONO, M.Si", "nip": "19700101 199503 1 001", "akun": "wk_hartono"},
        {"nama": "SITI AMINAH, S.Sos", "nip": "19800202 200501 2 002", "akun": "wk_siti"},
        {"nama": "BAGUS PRASETYO", "nip": "", "akun": "wk_bagus"},
    ],
    "Jabatan": [
        {"kode": "wk-bupati", "nama": "Bupati Sumberwangi", "jenis": "kepala_daerah", "unit": "", "atasan": ""},
        {"kode": "wk-camat", "nama": "Camat Wonokerto", "jenis": "kepala_opd", "unit": "", "atasan": "wk-bupati"},
        {"kode": "wk-sekcam", "nama": "Sekretaris Kecamatan", "jenis": "sekretaris", "unit": "sekretariat", "atasan": "wk-camat"},
        {
            "kode": "wk-kasi-trantib",
            "nama": "Kasi Ketenteraman dan Ketertiban Umum",
            "jenis": "eselon_iv",
            "unit": "trantib",
            "atasan": "wk-camat",
        },
        {"kode": "wk-staf-trantib", "nama": "Pengadministrasi Ketertiban", "jenis": "staf", "unit": "trantib", "atasan": "wk-kasi-trantib"},
    ],
    "Penugasan": [
        {"pegawai": "H. SUTRISNO, S.H.", "jabatan": "wk-bupati", "plt": False, "mulai": datetime.date(2021, 2, 26), "selesai": None},
        {"pegawai": "Drs. HARTONO, M.Si", "jabatan": "wk-camat", "plt": False, "mulai": datetime.date(2024, 3, 1), "selesai": None},
        {"pegawai": "SITI AMINAH, S.Sos", "jabatan": "wk-kasi-trantib", "plt": False, "mulai": datetime.date(2023, 1, 2), "selesai": None},
        {"pegawai": "SITI AMINAH, S.Sos", "jabatan": "wk-sekcam", "plt": True, "mulai": datetime.date(2025, 1, 2), "selesai": None},
        {"pegawai": "BAGUS PRASETYO", "jabatan": "wk-staf-trantib", "plt": False, "mulai": datetime.date(2024, 7, 1), "selesai": None},
    ],
    "Tujuan": [{"kode": "T1", "uraian": "Meningkatnya ketenteraman dan pelayanan kecamatan", "periode": "2025-2029"}],
    "Sasaran": [
        {"kode": "SS1", "tujuan": "T1", "uraian": "Meningkatnya ketenteraman dan ketertiban masyarakat", "program": "7.01.04"},
        {"kode": "SS2", "tujuan": "T1", "uraian": "Meningkatnya tata kelola administrasi kecamatan", "program": "7.01.01"},
    ],
    "Program": [
        {
            "kode": "7.01.01",
            "nama": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            "sasaran_uraian": "Meningkatnya tata kelola perencanaan kecamatan",
        },
        {
            "kode": "7.01.04",
            "nama": "PROGRAM KOORDINASI KETENTERAMAN DAN KETERTIBAN UMUM",
            "sasaran_uraian": "Terkendalinya gangguan ketenteraman dan ketertiban",
        },
    ],
    "Kegiatan": [
        {
            "kode": "7.01.01.2.01",
            "nama": "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            "sasaran_uraian": "Tersusunnya dokumen perencanaan",
        },
        {
            "kode": "7.01.04.2.01",
            "nama": "Koordinasi Penyelenggaraan Ketenteraman dan Ketertiban Umum",
            "sasaran_uraian": "Terlaksananya koordinasi ketertiban",
        },
    ],
    "Sub kegiatan": [
        {"kode": "7.01.01.2.01.0001", "nama": "Penyusunan Dokumen Perencanaan Perangkat Daerah"},
        {"kode": "7.01.04.2.01.0002", "nama": "Pelaksanaan Patroli Ketertiban Terpadu"},
        {"kode": "7.01.04.2.01.0003", "nama": "Pembinaan Pos Ketertiban Lingkungan"},
    ],
}

# kode, tingkat, kode tingkat, uraian, satuan, jenis, polaritas, sumber, Renja target
_INDIKATOR = [
    (
        "wk_ss1_gangguan",
        "sasaran",
        "SS1",
        "Jumlah kejadian gangguan ketenteraman dan ketertiban",
        "kejadian",
        "jumlah",
        "negatif",
        "input",
        10,
    ),
    ("wk_ss2_aduan", "sasaran", "SS2", "Jumlah aduan pelayanan yang tidak ditindaklanjuti", "aduan", "jumlah", "negatif", "input", 0),
    ("wk_p01_dokumen", "program", "7.01.01", "Persentase dokumen perencanaan yang tepat waktu", "%", "persentase", "positif", "input", 100),
    ("wk_p04_patroli", "program", "7.01.04", "Jumlah patroli ketertiban terpadu", "kali", "jumlah", "positif", "input", 4),
    (
        "wk_k0101_fasilitasi",
        "kegiatan",
        "7.01.01.2.01",
        "Persentase fasilitasi dokumen perencanaan",
        "%",
        "persentase",
        "positif",
        "aktivitas",
        100,
    ),
    ("wk_k0401_rapat", "kegiatan", "7.01.04.2.01", "Jumlah rapat koordinasi ketertiban", "rapat", "jumlah", "positif", "input", 8),
    (
        "wk_s010101_dokumen",
        "sub kegiatan",
        "7.01.01.2.01.0001",
        "Jumlah dokumen perencanaan yang disusun",
        "dokumen",
        "jumlah",
        "positif",
        "input",
        2,
    ),
    ("wk_s040102_laporan", "sub kegiatan", "7.01.04.2.01.0002", "Jumlah laporan patroli", "laporan", "jumlah", "positif", "input", 12),
    ("wk_s040103_pos", "sub kegiatan", "7.01.04.2.01.0003", "Jumlah pos ketertiban yang dibina", "pos", "jumlah", "positif", "input", 3),
]

# jabatan → (pihak pertama, label, pihak kedua, jabatan pihak kedua, label, [(sasaran, indikator, target)], [(tingkat, kode)])
_PK = {
    "wk-camat": (
        "Drs. HARTONO, M.Si",
        "CAMAT WONOKERTO",
        "H. SUTRISNO, S.H.",
        "wk-bupati",
        "BUPATI SUMBERWANGI",
        [
            ("Meningkatnya ketenteraman dan ketertiban masyarakat", "wk_ss1_gangguan", 10),
            ("Meningkatnya tata kelola administrasi kecamatan", "wk_ss2_aduan", 0),
        ],
        [("program", "7.01.01"), ("program", "7.01.04")],
    ),
    "wk-sekcam": (
        "SITI AMINAH, S.Sos",
        "Plt. SEKRETARIS KECAMATAN",
        "Drs. HARTONO, M.Si",
        "wk-camat",
        "CAMAT WONOKERTO",
        [
            ("Meningkatnya tata kelola perencanaan kecamatan", "wk_p01_dokumen", 100),
            ("Tersusunnya dokumen perencanaan", "wk_k0101_fasilitasi", 100),
            ("Tersusunnya dokumen perencanaan", "wk_s010101_dokumen", 2),
        ],
        [("kegiatan", "7.01.01.2.01")],
    ),
    "wk-kasi-trantib": (
        "SITI AMINAH, S.Sos",
        "KASI KETENTERAMAN DAN KETERTIBAN UMUM",
        "Drs. HARTONO, M.Si",
        "wk-camat",
        "CAMAT WONOKERTO",
        [
            ("Terkendalinya gangguan ketenteraman dan ketertiban", "wk_p04_patroli", 4),
            ("Terlaksananya koordinasi ketertiban", "wk_k0401_rapat", 8),
            ("Terbinanya pos ketertiban", "wk_s040103_pos", 3),
        ],
        [("sub kegiatan", "7.01.04.2.01.0002"), ("sub kegiatan", "7.01.04.2.01.0003")],
    ),
    "wk-staf-trantib": (
        "BAGUS PRASETYO",
        "PENGADMINISTRASI KETERTIBAN",
        "SITI AMINAH, S.Sos",
        "wk-kasi-trantib",
        "KASI KETENTERAMAN DAN KETERTIBAN UMUM",
        [("Tersedianya laporan patroli", "wk_s040102_laporan", 12)],
        [],
    ),
}
#: The Perubahan PK of 01-09-2025: only the Kasi's PK changes, its patrol target 4 → 6.
PERUBAHAN_TARGET = {"wk-kasi-trantib": {"wk_p04_patroli": 6}}

_AKTIVITAS = [
    {"kegiatan": "7.01.01.2.01", "kelompok": "A Dokumen perencanaan", "uraian": "Renja", "rencana": 1},
    {"kegiatan": "7.01.01.2.01", "kelompok": "B Dokumen evaluasi", "uraian": "Laporan kinerja triwulanan", "rencana": 4},
]


def _versi(jabatan, tanggal, jenis, target_lain=None):
    p1, l1, p2, j2, l2, baris, anggaran = _PK[jabatan]
    target_lain = target_lain or {}
    return (
        {
            "jabatan": jabatan,
            "tahun": TAHUN,
            "jenis": jenis,
            "tanggal": tanggal,
            "nomor_dokumen": "",
            "pihak_pertama": p1,
            "pihak_pertama_label": l1,
            "pihak_kedua": p2,
            "pihak_kedua_jabatan": j2,
            "pihak_kedua_label": l2,
        },
        [
            {"jabatan": jabatan, "tanggal": tanggal, "nomor": n, "sasaran": s, "indikator": i, "target": D(target_lain.get(i, t))}
            for n, (s, i, t) in enumerate(baris, start=1)
        ],
        [
            {"jabatan": jabatan, "tanggal": tanggal, "nomor": n, "tingkat": tk, "kode": k, "sumber_dana": "DAU"}
            for n, (tk, k) in enumerate(anggaran, start=1)
        ],
    )


def buku_januari() -> dict:
    """The planning workbook uploaded in January: organisation, planning tree, Renja targets, PK awal."""
    buku = {k: [dict(r) for r in v] for k, v in _BUKU_TETAP.items()}
    buku["Indikator"] = [
        {
            "kode": k,
            "tingkat": t,
            "kode_tingkat": kt,
            "uraian": u,
            "satuan": s,
            "jenis": j,
            "polaritas": p,
            "sumber_realisasi": sr,
            "formulasi": "",
            "sumber_data": "",
        }
        for k, t, kt, u, s, j, p, sr, _ in _INDIKATOR
    ]
    buku["Target"] = [{"indikator": k, "triwulan": None, "nilai": D(target)} for k, *_, target in _INDIKATOR]
    buku["Aktivitas"] = [dict(a) for a in _AKTIVITAS]
    buku["PK versi"], buku["PK baris"], buku["PK anggaran"] = [], [], []
    for jabatan in _PK:
        v, b, a = _versi(jabatan, AWAL, "awal")
        buku["PK versi"].append(v)
        buku["PK baris"] += b
        buku["PK anggaran"] += a
    return buku


def buku_september() -> dict:
    """The January workbook plus the Perubahan PK of 01-09-2025 (both versions, each with its own targets)."""
    buku = buku_januari()
    for jabatan, target in PERUBAHAN_TARGET.items():
        v, b, a = _versi(jabatan, PERUBAHAN, "perubahan", target)
        buku["PK versi"].append(v)
        buku["PK baris"] += b
        buku["PK anggaran"] += a
    return buku


def workbook(buku) -> bytes:
    from perencanaan.workbook import tulis_workbook

    return tulis_workbook(buku)


# --- the LRA export ----------------------------------------------------------------------

K = "7 01 7 01 07"  # urusan 7 01, the OPD's organisation segment as its LRA prints it
# (program, sub kegiatan, akun, uraian, anggaran awal, anggaran setelah P-APBD, realisasi s/d Juni, s/d September)
_LRA = [
    (
        "01",
        "2.01.0001",
        "5 1 02 01 01 0024",
        "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
        3_000_000,
        3_500_000,
        1_000_000,
        2_100_000,
    ),
    (
        "01",
        "2.01.0001",
        "5 1 02 01 01 0026",
        "Belanja Alat/Bahan untuk Kegiatan Kantor- Bahan Cetak",
        2_000_000,
        2_000_000,
        500_000,
        1_200_000,
    ),
    ("04", "2.01.0002", "5 1 02 04 01 0003", "Belanja Perjalanan Dinas Dalam Kota", 6_000_000, 4_800_000, 2_400_000, 3_600_000),
    ("04", "2.01.0003", "5 1 02 01 01 0052", "Belanja Makanan dan Minuman Rapat", 2_500_000, 2_500_000, 900_000, 1_500_000),
]
_BULAN = {3: "MARET", 6: "JUNI", 7: "JULI", 9: "SEPTEMBER", 10: "OKTOBER", 12: "DESEMBER"}
_URAIAN_PROGRAM = {
    "01": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
    "04": "PROGRAM KOORDINASI KETENTERAMAN DAN KETERTIBAN UMUM",
}
_URAIAN_SUB = {
    "2.01.0001": "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    "2.01.0002": "Pelaksanaan Patroli Ketertiban Terpadu",
    "2.01.0003": "Pembinaan Pos Ketertiban Lingkungan",
}
_URAIAN_AKUN = {
    "5": "BELANJA DAERAH",
    "5 1": "BELANJA OPERASI",
    "5 1 02": "Belanja Barang dan Jasa",
    "5 1 02 01": "Belanja Barang",
    "5 1 02 01 01": "Belanja Barang Pakai Habis",
    "5 1 02 04": "Belanja Perjalanan Dinas",
    "5 1 02 04 01": "Belanja Perjalanan Dinas Dalam Negeri",
}


def _angka_lra(bulan):
    """(sebelum, setelah, bulan lalu, bulan ini, s/d) per leaf line of the month's LRA."""
    hasil = []
    for prog, sub, akun, uraian, awal, ubah, sd_juni, sd_sep in _LRA:
        if bulan <= 6:
            angka = (awal, awal, sd_juni - 300_000 if sd_juni >= 300_000 else 0, min(sd_juni, 300_000), sd_juni)
        else:  # the P-APBD is in force: the September LRA prints the changed budget
            angka = (awal, ubah, sd_sep - 200_000, 200_000, sd_sep)
        hasil.append((prog, sub, akun, uraian, *angka))
    return hasil


def lra_xlsx(bulan: int, ubah=None) -> bytes:
    """The OPD's LRA of ``bulan`` as SIPD exports it (title rows, two-row header, every level summed).

    ``ubah``: {akun: {"setelah": n, "sd": n}} to change a leaf line (e.g. a later correction)."""
    daun = []
    for prog, sub, akun, uraian, sebelum, setelah, lalu, ini, sd in _angka_lra(bulan):
        u = (ubah or {}).get(akun, {})
        setelah = u.get("setelah", setelah)
        if "sd" in u:
            ini, sd = u["sd"] - lalu, u["sd"]
        daun.append((prog, sub, akun, uraian, D(sebelum), D(setelah), D(lalu), D(ini), D(sd)))

    def jumlah(prog=None, sub=None, akun=None):
        """The five amounts summed over the leaf lines under a program / sub kegiatan / akun prefix."""
        rows = [
            d
            for d in daun
            if prog in (None, d[0]) and sub in (None, d[1]) and (akun is None or d[2] == akun or d[2].startswith(akun + " "))
        ]
        return [sum((r[i] for r in rows), D(0)) for i in range(4, 9)]

    def baris(kode, uraian, angka):
        sebelum, setelah, lalu, ini, sd = angka
        persen = float((sd / setelah * 100).quantize(D("0.01"))) if setelah else 0
        return [kode, uraian, float(sebelum), float(setelah), float(lalu), float(ini), float(sd), persen, float(setelah - sd)]

    data = [baris(f"{K} 00 00 5", "BELANJA DAERAH", jumlah()), baris(f"{K} 00 00 5 1", "BELANJA OPERASI", jumlah())]
    for prog in sorted({d[0] for d in daun}):
        data.append(baris(f"{K} {prog} 00 5 1", _URAIAN_PROGRAM[prog], jumlah(prog)))
        for sub in sorted({d[1] for d in daun if d[0] == prog}):
            data.append(baris(f"{K} {prog} {sub} 5 1", _URAIAN_SUB[sub], jumlah(prog, sub)))
            akun_sub = sorted({d[2] for d in daun if d[:2] == (prog, sub)})
            awalan = sorted({" ".join(a.split()[:n]) for a in akun_sub for n in range(3, len(a.split()))})
            for a in sorted(awalan + akun_sub):
                leaf = next((d for d in daun if d[:3] == (prog, sub, a)), None)
                uraian = leaf[3] if leaf else _URAIAN_AKUN[a]
                data.append(baris(f"{K} {prog} {sub} {a}", uraian, jumlah(prog, sub, a)))
    judul = [
        ["PEMERINTAH KABUPATEN SUMBERWANGI"],
        ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH"],
        [f"TAHUN ANGGARAN {TAHUN}"],
        [f"BAGIAN BULAN {_BULAN[bulan]}"],
        [],
        ["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"],
        ["ORGANISASI", f": {OPD_KODE} KECAMATAN WONOKERTO"],
        [],
        ["KODE REKENING", "URAIAN", "ANGGARAN", None, "REALISASI", None, None, "%", "SISA ANGGARAN"],
        [None, None, "SEBELUM PERUBAHAN", "SETELAH PERUBAHAN", "BULAN LALU", "BULAN INI", "S/D BULAN INI"],
        ["1", "2", "3", "4", "5", "5", "5", "6 = 5/4", "7"],
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Laporan"
    for i, row in enumerate([*judul, *data], start=1):
        for j, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(row=i, column=j, value=v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the year, step by step -----------------------------------------------------------------


def operator():
    User = get_user_model()
    user = User.objects.filter(username=OPERATOR).first()
    if user is None:
        user = User.objects.create_user(OPERATOR, password="wonokerto-operator-2025", is_staff=True, is_superuser=True)
    return user


def opd():
    from organisasi.models import PerangkatDaerah

    return PerangkatDaerah.objects.select_related("pemda").get(kode=OPD_KODE)


def januari():
    """The January planning workbook, through the real import (preview, then confirm)."""
    from perencanaan.services import workbook_import

    isi = workbook(buku_januari())
    workbook_import(isi=isi, nama_file="perencanaan-2025-wonokerto.xlsx", oleh=operator(), pratinjau=True)
    return workbook_import(isi=isi, nama_file="perencanaan-2025-wonokerto.xlsx", oleh=operator())


def september():
    """The September planning workbook: the same year plus the Perubahan PK of 01-09-2025."""
    from perencanaan.services import workbook_import

    isi = workbook(buku_september())
    pratinjau = workbook_import(isi=isi, nama_file="perencanaan-2025-wonokerto-perubahan.xlsx", oleh=operator(), pratinjau=True)
    workbook_import(isi=isi, nama_file="perencanaan-2025-wonokerto-perubahan.xlsx", oleh=operator())
    return pratinjau


def lra(bulan: int, ubah=None, *, boleh_ditolak=False):
    """One month's LRA through the import service an operator's upload uses (preview, then confirm).

    Returns the preview; a refused preview is an error unless ``boleh_ditolak``."""
    from anggaran.lra import baca_lra
    from anggaran.services import lra_import, lra_pratinjau

    isi = lra_xlsx(bulan, ubah)
    nama = f"lra-{TAHUN}-{bulan:02d}-wonokerto.xlsx"
    dok = baca_lra(io.BytesIO(isi), nama_file=nama)
    p = lra_pratinjau(opd=opd(), dokumen=dok, isi=isi, nama_file=nama)
    if p.galat:
        assert boleh_ditolak, p.galat
        return p
    lra_import(opd=opd(), dokumen=dok, isi=isi, nama_file=nama, oleh=operator(), aktif_terlihat=p.aktif.pk if p.aktif else None)
    return p


#: Cumulative realisations entered per quarter: {indikator: value or (pembilang, penyebut)}; aktivitas done counts.
REALISASI = {
    2: {
        "wk_ss1_gangguan": 3,
        "wk_ss2_aduan": 0,
        "wk_p01_dokumen": (1, 2),
        "wk_p04_patroli": 2,
        "wk_k0401_rapat": 4,
        "wk_s010101_dokumen": 1,
        "wk_s040102_laporan": 6,
        "wk_s040103_pos": 1,
    },
    3: {
        "wk_ss1_gangguan": 6,
        "wk_ss2_aduan": 0,
        "wk_p01_dokumen": (2, 2),
        "wk_p04_patroli": 4,
        "wk_k0401_rapat": 6,
        "wk_s010101_dokumen": 2,
        "wk_s040102_laporan": 9,
        "wk_s040103_pos": 2,
    },
}
AKTIVITAS_TERLAKSANA = {2: {"Renja": 1, "Laporan kinerja triwulanan": 2}, 3: {"Renja": 1, "Laporan kinerja triwulanan": 3}}


#: The OPD LKj's narrative of each quarter (a report is submitted only with its required sections filled).
NARASI_OPD = {
    "teks": {
        "latar_belakang": "Camat menyampaikan Laporan Kinerja Triwulanan kepada Bupati paling lambat 15 hari setelah triwulan berakhir.",
        "tupoksi": "Camat membantu Bupati mengoordinasikan penyelenggaraan pemerintahan, pelayanan publik dan pemberdayaan masyarakat.",
        "aspek_strategis": "Sasaran strategis Kecamatan Wonokerto: ketenteraman wilayah dan pelayanan aduan yang tuntas.",
    },
    "daftar": {
        "permasalahan_utama": ["Sarana pos kamling belum merata"],
        "faktor_pendukung": ["Koordinasi dengan Polsek dan Koramil"],
        "faktor_penghambat": ["Jumlah personel terbatas"],
        "upaya": ["Patroli bersama dijadwalkan tiap pekan"],
        "rencana_tindak_lanjut": ["Menambah pos kamling di dua desa"],
    },
}


def entri(triwulan: int):
    """The quarter's entries through the services the entry pages call (an operator acting for the holders)."""
    from lkj.entri.services import narasi_simpan
    from renja.models import Aktivitas, Indikator, Realisasi
    from renja.realisasi_services import aktivitas_realisasi_simpan, realisasi_simpan

    oleh = operator()
    ind = {i.kode: i for i in Indikator.objects.filter(opd=opd())}
    for kode, nilai in REALISASI[triwulan].items():
        ada = Realisasi.objects.filter(indikator=ind[kode], tahun=TAHUN, triwulan=triwulan).first()
        kw = {"pembilang": D(nilai[0]), "penyebut": D(nilai[1])} if isinstance(nilai, tuple) else {"nilai": D(nilai)}
        realisasi_simpan(indikator=ind[kode], tahun=TAHUN, triwulan=triwulan, oleh=oleh, versi_diharapkan=ada.versi if ada else 0, **kw)
    akt = {a.uraian: a for a in Aktivitas.objects.filter(kegiatan__program__opd=opd(), tahun=TAHUN)}
    aktivitas_realisasi_simpan(
        indikator=ind["wk_k0101_fasilitasi"],
        tahun=TAHUN,
        triwulan=triwulan,
        oleh=oleh,
        terlaksana={akt[u].pk: n for u, n in AKTIVITAS_TERLAKSANA[triwulan].items()},
        versi_diharapkan={akt[u].pk: 0 for u in AKTIVITAS_TERLAKSANA[triwulan]},
    )
    narasi_simpan(opd=opd(), jabatan=None, tahun=TAHUN, triwulan=triwulan, oleh=oleh, **NARASI_OPD)


def e81_json(triwulan: int) -> dict:
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd

    return laporan_e81(pengukuran_opd(opd(), TAHUN, triwulan)).as_json()
