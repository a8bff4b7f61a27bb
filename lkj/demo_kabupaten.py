"""A synthetic kabupaten built from the Kedungjajang demo (``manage.py demo --kabupaten N``).

The demo OPD stays as it is; N − 1 more OPDs of Kabupaten Lumajang (the other kecamatan, dinas and
badan, each with its own SIPD code) are made from the same fixture: their own jabatan codes, people
(name, NIP, login), realisations, aktivitas counts and LRA, so their figures differ. Each goes in
through the real loaders, like the demo: its planning workbook through the planning workbook import,
its LRA (the demo's export with its organisation, codes and realisation columns rewritten) through the
LRA import. The values vary deterministically with the OPD's number, so two loads give the same
kabupaten, and loading again changes nothing.

Only the logins are made faster than one by one: every synthetic login gets the demo password hashed
once (PBKDF2 costs a third of a second per hash; a kabupaten has about 900 logins).
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from dasar.xlsx import sel
from lkj.demo import DEMO_JSON, DEMO_LRA, DEMO_PASSWORD, demo_muat, opd_muat
from organisasi import kunci
from organisasi.models import jenis_dari_nama

SERATUS = Decimal(100)
DUA = Decimal("0.01")

# (name, urusan, kind). Kabupaten Lumajang's other 20 kecamatan and about 40 other perangkat daerah,
# interleaved so that a small kabupaten already holds every kind.
_KECAMATAN = [
    "Tempursari",
    "Pronojiwo",
    "Candipuro",
    "Pasirian",
    "Tempeh",
    "Lumajang",
    "Sumbersuko",
    "Tekung",
    "Kunir",
    "Yosowilangun",
    "Rowokangkung",
    "Jatiroto",
    "Randuagung",
    "Sukodono",
    "Padang",
    "Pasrujambe",
    "Senduro",
    "Gucialit",
    "Klakah",
    "Ranuyoso",
]
_LAIN = [
    ("Dinas Pendidikan", "1.01"),
    ("Badan Perencanaan Pembangunan Daerah", "5.01"),
    ("Dinas Kesehatan", "1.02"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "5.02"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "1.03"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "5.03"),
    ("Dinas Perumahan dan Kawasan Permukiman", "1.04"),
    ("Badan Pendapatan Daerah", "5.02"),
    ("Dinas Sosial", "1.06"),
    ("Badan Penanggulangan Bencana Daerah", "1.05"),
    ("Dinas Tenaga Kerja", "2.07"),
    ("Badan Kesatuan Bangsa dan Politik", "8.01"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "2.08"),
    ("Badan Riset dan Inovasi Daerah", "5.05"),
    ("Dinas Ketahanan Pangan", "2.09"),
    ("Inspektorat Daerah", "6.01"),
    ("Dinas Lingkungan Hidup", "2.11"),
    ("Sekretariat Daerah", "4.01"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "2.12"),
    ("Sekretariat DPRD", "4.02"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "2.13"),
    ("Satuan Polisi Pamong Praja", "1.05"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "2.14"),
    ("Dinas Perhubungan", "2.15"),
    ("Dinas Komunikasi dan Informatika", "2.16"),
    ("Dinas Koperasi dan Usaha Mikro", "2.17"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "2.18"),
    ("Dinas Kepemudaan dan Olahraga", "2.19"),
    ("Dinas Kebudayaan", "2.22"),
    ("Dinas Perpustakaan dan Kearsipan", "2.23"),
    ("Dinas Perikanan", "3.25"),
    ("Dinas Pariwisata", "3.26"),
    ("Dinas Pertanian", "3.27"),
    ("Dinas Perdagangan", "3.30"),
    ("Dinas Perindustrian", "3.31"),
    ("Dinas Pemadam Kebakaran", "1.05"),
    ("Dinas Peternakan", "3.27"),
    ("Dinas Kehutanan dan Perkebunan", "3.27"),
    ("Dinas Energi dan Sumber Daya Mineral", "3.29"),
    ("Dinas Transmigrasi", "3.32"),
]
_NAMA_DEPAN = (
    "AGUS BUDI CAHYO DEDI EKO FAJAR GILANG HADI IMAM JOKO KURNIA LILIK MUHAMMAD NUR OKTA PUTRI RINI SRI "
    "TRI UMI VINA WAHYU YULI ZAINAL ANIK BAYU DEWI ENDANG FITRIA HERU"
).split()
_NAMA_BELAKANG = (
    "SANTOSO WIBOWO SETIAWAN HIDAYAT PRASETYO NUGROHO KURNIAWAN SAPUTRA WULANDARI LESTARI RAHAYU HANDAYANI "
    "SUSANTO PURNOMO FIRMANSYAH HARTONO SUGIARTO MAULANA RAHMAWATI SULISTYO WIJAYA SUHARTONO KUSUMA "
    "PRATAMA ANGGRAENI SETYAWAN MULYONO ARIFIN YULIANTO HASANAH FAUZI"
).split()
_NAMA_TENGAH = "ADI BAGUS CATUR DWI EKA".split()

KUNCI_BERSAMA = {"bupati", "bupati_indah"}  # the Bupati is the pemda's, not one OPD's


@dataclass(frozen=True)
class OpdSintetis:
    nomor: int  # 1 … N − 1; the demo OPD is 0
    nama: str
    nama_pendek: str
    kode: str
    kode_urusan: str
    jenis: str  # organisasi.models.JenisOpd, as the OPD's name says

    @property
    def kepala(self) -> str:
        return f"Camat {self.nama_pendek}" if self.jenis == "kecamatan" else f"Kepala {self.nama}"


def daftar_opd(n: int) -> list[OpdSintetis]:
    """The N − 1 synthetic OPDs of a kabupaten of N, in a fixed order: kecamatan and the others alternate
    while both last. Codes are SIPD codes: ``U.UU.0.00.0.00.NN.0000``, NN counting the OPDs of one urusan
    (the demo's Kedungjajang keeps 21 among the kecamatan)."""
    if not 1 <= n <= 1 + len(_KECAMATAN) + len(_LAIN):
        raise ValueError(f"Jumlah perangkat daerah harus 1 sampai {1 + len(_KECAMATAN) + len(_LAIN)}, bukan {n}.")
    urut: list[tuple[str, str, str]] = []
    kec, lain = list(_KECAMATAN), list(_LAIN)
    while kec or lain:
        if kec:
            urut.append((f"Kecamatan {kec[0]}", "7.01", "kecamatan"))
            kec.pop(0)
        if lain:
            nama, urusan = lain.pop(0)
            urut.append((nama, urusan, jenis_dari_nama(nama)))
    hasil, nomor_urusan = [], {"7.01": 0}
    for i, (nama, urusan, jenis) in enumerate(urut[: n - 1], start=1):
        nn = nomor_urusan.get(urusan, 0) + 1
        if urusan == "7.01" and nn == 21:  # Kedungjajang's number
            nn = 22
        nomor_urusan[urusan] = nn
        pendek = nama.removeprefix("Kecamatan ") if jenis == "kecamatan" else nama
        hasil.append(OpdSintetis(i, nama, pendek[:60], f"{urusan}.0.00.0.00.{nn:02d}.0000", urusan, jenis))
    return hasil


def _faktor(nomor: int, dasar: int, langkah: int, rentang: int) -> Decimal:
    """A deterministic factor in [dasar, dasar + rentang) hundredths, spread over the OPD numbers."""
    return Decimal(dasar + (nomor * langkah) % rentang) / SERATUS


def _nama_pegawai(indeks: int, asli: str) -> str:
    """A distinct name per (OPD, person), keeping the demo person's degree (", SE")."""
    gelar = asli.split(",", 1)[1] if "," in asli else ""
    nama = f"{_NAMA_DEPAN[indeks % len(_NAMA_DEPAN)]} {_NAMA_BELAKANG[(indeks // len(_NAMA_DEPAN)) % len(_NAMA_BELAKANG)]}"
    putaran = indeks // (len(_NAMA_DEPAN) * len(_NAMA_BELAKANG))
    if putaran:
        nama = f"{_NAMA_DEPAN[indeks % len(_NAMA_DEPAN)]} {_NAMA_TENGAH[putaran - 1]} {nama.split(' ', 1)[1]}"
    return f"{nama},{gelar}" if gelar else nama


def data_opd(demo: dict, o: OpdSintetis) -> dict:
    """The demo fixture turned into OPD ``o``'s: keys, names, NIP and the quarter's inputs varied."""
    teks = json.dumps(demo, ensure_ascii=False)
    for lama, baru in (
        ("Camat Kedungjajang", o.kepala),
        ("CAMAT KEDUNGJAJANG", o.kepala.upper()),
        ("Kecamatan Kedungjajang", o.nama),
        ("Kedungjajang", o.nama_pendek),
        ("KEDUNGJAJANG", o.nama_pendek.upper()),
    ):
        teks = teks.replace(lama, baru)
    if o.jenis != "kecamatan":
        teks = teks.replace("Sekretaris Kecamatan", f"Sekretaris {o.nama.split()[0]}")
    d = json.loads(teks)
    akhiran = f"{o.nomor:02d}"
    k = lambda key: key if key in KUNCI_BERSAMA else f"{key}{akhiran}"

    d["opd"].update(
        kode=o.kode,
        kode_urusan=o.kode_urusan,
        nama=o.nama,
        nama_pendek=o.nama_pendek,
        email=f"opd{akhiran}@lumajangkab.go.id",
        telepon=f"(0334) 44{1000 + o.nomor}",
    )
    nama_baru = {}
    for j, p in enumerate(d["pegawai"]):
        if p["key"] in KUNCI_BERSAMA:
            continue
        p["nama"] = nama_baru[p["key"]] = _nama_pegawai((o.nomor - 1) * len(d["pegawai"]) + j, demo["pegawai"][j]["nama"])
        if p.get("nip"):
            # birth date and appointment kept, the serial number made the OPD's (500 + n: never the demo's)
            p["nip"] = f"{p['nip'][:-3]}{500 + o.nomor:03d}"
        p["key"] = k(p["key"])
    for j in d["jabatan"]:
        j["key"] = k(j["key"])
        j["atasan"] = k(j["atasan"]) if j.get("atasan") else j.get("atasan")
    for t in d["penugasan"]:
        t["pegawai"], t["jabatan"] = k(t["pegawai"]), k(t["jabatan"])
    for pk in d["pk"]:
        pk["jabatan"] = k(pk["jabatan"])
        for v in pk["versi"]:
            for pihak in (v["pihak_pertama"], v["pihak_kedua"]):
                pihak["pegawai"] = k(pihak["pegawai"])
                if pihak.get("jabatan"):
                    pihak["jabatan"] = k(pihak["jabatan"])
    for n in d.get("narasi", []):
        if n.get("jabatan"):
            n["jabatan"] = k(n["jabatan"])
    # A realisation text naming a demo person would now name a stranger: keep it, it is free text.

    f = _faktor(o.nomor, 60, 37, 51)  # 0,60 … 1,10 of the demo's realisations
    for r in d["realisasi"]:
        if r.get("nilai") is not None:
            nilai = Decimal(r["nilai"])
            bulat = nilai == nilai.to_integral_value()
            baru = nilai * f
            r["nilai"] = str(baru.quantize(Decimal(1), ROUND_HALF_UP) if bulat else baru.quantize(DUA, ROUND_HALF_UP))
        elif r.get("pembilang") is not None:
            r["pembilang"] = min(int(r["penyebut"]), int((Decimal(r["pembilang"]) * f).quantize(Decimal(1), ROUND_HALF_UP)))
    for a in d["aktivitas"]:
        if a.get("terlaksana"):
            a["terlaksana"] = {
                tw: min(int(a["rencana"]), int((Decimal(v) * f).quantize(Decimal(1), ROUND_HALF_UP))) for tw, v in a["terlaksana"].items()
            }
    return d


def lra_opd(baris_demo: list[list], o: OpdSintetis) -> bytes:
    """The demo's LRA export as OPD ``o``'s: its organisation and urusan in the heading and in every code,
    the realisation columns scaled by a factor of whole hundredths (so every parent row still equals the
    sum of its lines to the sen) and the % and sisa columns computed again."""
    g = _faktor(o.nomor, 55, 53, 96)  # 0,55 … 1,50 of the demo's realisation
    u1, u2 = o.kode_urusan.split(".")
    wb = Workbook()
    ws = wb.active
    ws.title = "Laporan"
    for i, row in enumerate(baris_demo, start=1):
        row = list(row)
        kode = str(row[0]).strip() if row else ""
        if row and row[0] == "URUSAN PEMERINTAHAN":
            row[1] = f": {o.kode_urusan} {o.nama.split()[0].upper()}"
        elif row and row[0] == "ORGANISASI":
            row[1] = f": {o.kode} {o.nama.upper()}"
        elif kode.startswith("7 01 7 01 ") and isinstance(row[2], float):
            token = kode.split()
            row[0] = " ".join([u1, u2, u1, u2, *token[4:]])
            setelah = Decimal(str(row[3])).quantize(DUA)
            lalu = (Decimal(str(row[4])) * g).quantize(DUA)
            ini = (Decimal(str(row[5])) * g).quantize(DUA)
            sd = lalu + ini
            persen = (sd / setelah * SERATUS).quantize(DUA, ROUND_HALF_UP) if setelah else Decimal(0)
            row[4:9] = [lalu, ini, sd, persen, setelah - sd]
        for j, v in enumerate(row, start=1):
            if v == "" or v is None:
                continue
            if isinstance(v, float):
                v = Decimal(str(v))
            sel(ws, i, j, v)
    keluar = io.BytesIO()
    wb.save(keluar)
    return _tanpa_waktu(keluar.getvalue())


def _tanpa_waktu(isi: bytes) -> bytes:
    """The same workbook with the save time taken out (openpyxl stamps the zip entries and docProps with
    the clock): a second load then hands the LRA import the same bytes, which it recognises by SHA-256."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(isi)) as masuk, zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for info in masuk.infolist():
            data = masuk.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rb"\g<1>2025-10-01T00:00:00Z\g<2>", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2025, 10, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return keluar.getvalue()


def kabupaten_muat(n: int, *, laporan=None) -> list[dict]:
    """The demo, then N − 1 synthetic OPDs, each in its own transaction (a failure keeps the OPDs before it).
    ``laporan(i, n, opd)`` is called after each OPD (progress)."""
    daftar = daftar_opd(n)
    hasil = [demo_muat()]
    demo = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    baris_demo = CalamineWorkbook.from_path(str(DEMO_LRA)).get_sheet_by_index(0).to_python()
    sandi = make_password(DEMO_PASSWORD)
    for o in daftar:
        with transaction.atomic(), kunci.sekaligus():
            h = opd_muat(
                copy.deepcopy(data_opd(demo, o)),
                lra_isi=lra_opd(baris_demo, o),
                lra_nama=f"lra-2025-09-opd{o.nomor:02d}.xlsx",
                sandi_hash=sandi,
            )
        hasil.append(h)
        if laporan:
            laporan(o.nomor + 1, n, h["opd"])
    return hasil
