"""Writes of the planning layer: the planning workbook import.

``workbook_import`` reads the whole workbook, checks every reference between
sheets, and only then writes, inside one transaction: a file with one bad cell
writes nothing. Writes are keyed on natural keys and skip rows that already hold
the same values, so importing the same file twice changes nothing (no row, no
timestamp, no history entry). Rows missing from the file are left alone: the
workbook adds and updates, it never deletes (a PK or an indikator may already
carry realisations and signed reports).
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from dasar import format as fmt
from dasar.periode import akhir_triwulan, periode_renstra
from organisasi import kunci
from organisasi.akses import opd_operator
from organisasi.kunci import SEMUA_TRIWULAN, DataTerkunci, nama_triwulan, triwulan_sejak
from organisasi.models import Jabatan, Pegawai, Pemda, Penugasan, PerangkatDaerah, Unit
from perencanaan.workbook import BATAS_KESALAHAN, LEMBAR, Kesalahan, WorkbookError, baca_workbook, judul
from perjanjian.aturan import BarisTarget, target_bentrok
from perjanjian.models import PerjanjianKinerja, PKAnggaran, PKBaris, PKVersi, TargetGanda
from renja.kode import KodeTidakValid, parse_kode
from renja.models import Aktivitas, Indikator, Kegiatan, NilaiRenstra, Nomenklatur, Program, Sasaran, SubKegiatan, Target, Tujuan

__all__ = ["WorkbookError", "Ringkasan", "workbook_import"]

TINGKAT = {
    "tujuan": "tujuan",
    "sasaran": "sasaran",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub kegiatan": "sub_kegiatan",
    "sub_kegiatan": "sub_kegiatan",
}
_RE_AKUN = re.compile(r"^[\w.@+-]{1,150}$")
logger = logging.getLogger(__name__)
_PESAN_TABRAKAN = (
    "isi workbook bertabrakan dengan data yang sudah tersimpan (mis. kode, NIP atau akun yang sama "
    "sudah dipakai data lain). Tidak ada yang disimpan."
)


@dataclass
class Ringkasan:
    """What an import did (or, in a preview, would do)."""

    opd_kode: str
    opd_nama: str
    tahun: int
    pratinjau: bool
    jumlah: dict = field(default_factory=dict)  # sheet → {"baru": n, "diubah": n, "tetap": n}
    perubahan: list = field(default_factory=list)  # "Lembar X baris n: kolom: lama → baru", first 200
    berlaku: list = field(default_factory=list)  # for each dated change: from when and for which quarters

    @property
    def ada_perubahan(self):
        return any(j["baru"] or j["diubah"] for j in self.jumlah.values())


class _Berhenti(Exception):
    pass


class _Tabrakan(Exception):
    """An IntegrityError while writing one sheet row; carries where it happened."""

    def __init__(self, lembar, baris):
        super().__init__(lembar, baris)
        self.lembar, self.baris = lembar, baris


class _Kumpul:
    """Collects errors; stops the scan once the cap is reached."""

    def __init__(self):
        self.daftar: list[Kesalahan] = []

    def __call__(self, lembar, baris, kolom_field, pesan):
        self.daftar.append(Kesalahan(lembar, baris, judul(lembar, kolom_field) if kolom_field else None, pesan))
        if len(self.daftar) >= BATAS_KESALAHAN:
            raise _Berhenti


def _pilihan(nilai, choices):
    """An enum value given as its value or its label, case-insensitively; None when unknown."""
    t = (nilai or "").strip().lower()
    for v, label in choices:
        if t in (v.lower(), str(label).lower(), v.replace("_", " ").lower()):
            return v
    return None


def _nama_pilihan(choices):
    return ", ".join(v for v, _ in choices)


def _opd_boleh(oleh, kode) -> bool:
    """An OPD the user is operator of (``organisasi.akses.opd_operator``; a pemda role reads every OPD and
    writes none), or any code for a superuser (who may create an OPD with its first workbook); ``oleh`` None
    is the demo loader or a command."""
    return oleh is None or oleh.is_superuser or opd_operator(oleh).filter(kode=kode).exists()


def _validasi(buku, oleh, salah):
    """Every check that needs no write: codes, enums, references between sheets, numbers, dates."""
    info_rows = buku["Pemda & OPD"]
    if len(info_rows) != 1:
        salah("Pemda & OPD", None, None, f"harus berisi tepat 1 baris data (ada {len(info_rows)}).")
        raise _Berhenti
    n, info = info_rows[0]
    if not re.fullmatch(r"\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}", info["opd_kode"]):
        salah("Pemda & OPD", n, "opd_kode", f"'{info['opd_kode']}' bukan kode SIPD, mis. 7.01.0.00.0.00.21.0000.")
    if not re.fullmatch(r"\d\.\d{2}", info["kode_urusan"]):
        salah("Pemda & OPD", n, "kode_urusan", f"'{info['kode_urusan']}' harus berbentuk D.DD, mis. 7.01.")
    if not 2000 <= info["tahun"] <= 2100:
        salah("Pemda & OPD", n, "tahun", f"tahun {info['tahun']} tidak masuk akal.")
    if info["hari_batas_laporan"] < 1:
        salah("Pemda & OPD", n, "hari_batas_laporan", "paling sedikit 1 hari.")
    if not _opd_boleh(oleh, info["opd_kode"]):
        salah("Pemda & OPD", n, "opd_kode", "Anda tidak berwenang mengubah perangkat daerah ini.")
    opd_ada = PerangkatDaerah.objects.filter(kode=info["opd_kode"]).select_related("pemda").first()
    if opd_ada and opd_ada.pemda.kode != info["pemda_kode"]:
        salah("Pemda & OPD", n, "pemda_kode", f"OPD {info['opd_kode']} tercatat pada pemda {opd_ada.pemda.kode}.")
    urusan = info["kode_urusan"]
    tahun = info["tahun"]

    def unik(lembar, kunci, kolom):
        seen = {}
        for n, r in buku[lembar]:
            k = kunci(r)
            if k in seen:
                salah(lembar, n, kolom, f"'{r[kolom]}' sudah dipakai di baris {seen[k]}.")
            seen.setdefault(k, n)
        return seen

    unit = unik("Unit", lambda r: r["kode"], "kode")
    for n, r in buku["Unit"]:
        if r["induk"] and r["induk"] not in unit:
            salah("Unit", n, "induk", f"unit '{r['induk']}' tidak ada di lembar Unit.")
        if r["induk"] == r["kode"]:
            salah("Unit", n, "induk", "unit tidak boleh menjadi induk dirinya sendiri.")

    pegawai = unik("Pegawai", lambda r: r["nama"], "nama")
    unik("Pegawai", lambda r: r["nip"] or object(), "nip")
    unik("Pegawai", lambda r: r["akun"] or object(), "akun")
    for n, r in buku["Pegawai"]:
        if r["nip"] and not re.fullmatch(r"\d{8} \d{6} \d \d{3}", r["nip"]):
            salah("Pegawai", n, "nip", f"'{r['nip']}' harus 18 angka dengan format 19830608 201001 1 034.")
        if r["akun"] and not _RE_AKUN.fullmatch(r["akun"]):
            salah("Pegawai", n, "akun", "akun hanya boleh berisi huruf, angka dan . @ + - _.")

    jabatan = unik("Jabatan", lambda r: r["kode"], "kode")
    pemda_obj = Pemda.objects.filter(kode=info["pemda_kode"]).first()
    jabatan_db = set(Jabatan.objects.filter(pemda=pemda_obj).values_list("kode", flat=True)) if pemda_obj else set()
    pegawai_db = set(Pegawai.objects.filter(pemda=pemda_obj).values_list("nama", flat=True)) if pemda_obj else set()
    for n, r in buku["Jabatan"]:
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", r["kode"]):
            salah("Jabatan", n, "kode", "kode hanya boleh berisi huruf, angka, - dan _ (paling panjang 40).")
        jenis = _pilihan(r["jenis"], Jabatan.Jenis.choices)
        if jenis is None:
            salah("Jabatan", n, "jenis", f"'{r['jenis']}' tidak dikenal; pilih {_nama_pilihan(Jabatan.Jenis.choices)}.")
        r["jenis"] = jenis
        if r["unit"] and r["unit"] not in unit:
            salah("Jabatan", n, "unit", f"unit '{r['unit']}' tidak ada di lembar Unit.")
        if r["atasan"] and r["atasan"] not in jabatan and r["atasan"] not in jabatan_db:
            salah("Jabatan", n, "atasan", f"jabatan '{r['atasan']}' tidak ada di lembar Jabatan.")
        if r["atasan"] == r["kode"]:
            salah("Jabatan", n, "atasan", "jabatan tidak boleh menjadi atasan dirinya sendiri.")
    if opd_ada:
        lain = dict(
            Jabatan.objects.filter(pemda__kode=info["pemda_kode"], kode__in=list(jabatan), opd__isnull=False)
            .exclude(opd=opd_ada)
            .values_list("kode", "opd__nama")
        )
    else:
        lain = dict(
            Jabatan.objects.filter(pemda__kode=info["pemda_kode"], kode__in=list(jabatan), opd__isnull=False).values_list(
                "kode", "opd__nama"
            )
        )
    for n, r in buku["Jabatan"]:
        if r["kode"] in lain and r["jenis"] != Jabatan.Jenis.KEPALA_DAERAH:
            salah("Jabatan", n, "kode", f"kode jabatan '{r['kode']}' sudah dipakai {lain[r['kode']]}.")

    def ada_pegawai(nama):
        return nama in pegawai or nama in pegawai_db

    def ada_jabatan(kode):
        return kode in jabatan or kode in jabatan_db

    mulai_per_jabatan = {}
    for n, r in buku["Penugasan"]:
        if not ada_pegawai(r["pegawai"]):
            salah("Penugasan", n, "pegawai", f"pegawai '{r['pegawai']}' tidak ada di lembar Pegawai.")
        if not ada_jabatan(r["jabatan"]):
            salah("Penugasan", n, "jabatan", f"jabatan '{r['jabatan']}' tidak ada di lembar Jabatan.")
        if r["selesai"] and r["mulai"] and r["selesai"] < r["mulai"]:
            salah("Penugasan", n, "selesai", "tanggal selesai tidak boleh sebelum tanggal mulai.")
        k = (r["jabatan"], r["mulai"])
        if k in mulai_per_jabatan:
            salah(
                "Penugasan", n, "mulai", f"jabatan ini sudah punya penugasan yang mulai pada tanggal sama (baris {mulai_per_jabatan[k]})."
            )
        mulai_per_jabatan.setdefault(k, n)

    tujuan = unik("Tujuan", lambda r: r["kode"], "kode")
    for n, r in buku["Tujuan"]:
        if periode_renstra(r["periode"]) is None:
            salah("Tujuan", n, "periode", f"'{r['periode']}' harus berbentuk 2025-2029.")

    def kode_tingkat(lembar, n, kolom, teks, level):
        """The canonical national code of a program/kegiatan/sub kegiatan, or None after reporting why."""
        try:
            k = parse_kode(teks)
        except KodeTidakValid as exc:
            salah(lembar, n, kolom, str(exc))
            return None
        if k.level != level:
            salah(lembar, n, kolom, f"'{teks}' adalah kode {k.level.replace('_', ' ')}, bukan {level.replace('_', ' ')}.")
            return None
        if k.urusan != urusan:
            salah(lembar, n, kolom, f"'{teks}' berurusan {k.urusan}, bukan {urusan} milik OPD ini.")
            return None
        try:
            k.e81  # noqa: B018 — every code must print on the E.81 (a sub kegiatan 0100 and above cannot)
        except KodeTidakValid as exc:
            salah(lembar, n, kolom, str(exc))
            return None
        return k

    # The year's national nomenclature, once loaded in the admin (renja.Nomenklatur): a code it lacks is refused.
    # No list for the year: not checked.
    nomenklatur = set(Nomenklatur.objects.filter(tahun=tahun).values_list("kode", flat=True))
    program, kegiatan, sub = {}, {}, {}
    for lembar, level, tempat, induk in (
        ("Program", "program", program, None),
        ("Kegiatan", "kegiatan", kegiatan, program),
        ("Sub kegiatan", "sub_kegiatan", sub, kegiatan),
    ):
        for n, r in buku[lembar]:
            k = kode_tingkat(lembar, n, "kode", r["kode"], level)
            if k is None:
                continue
            if nomenklatur and k.nasional not in nomenklatur:
                salah(
                    lembar,
                    n,
                    "kode",
                    f"{level.replace('_', ' ')} {k.nasional} tidak ada di nomenklatur tahun {tahun} yang dimuat; periksa kodenya, "
                    "atau minta administrator pemda memuat nomenklatur yang berlaku.",
                )
            if k.nasional in tempat:
                salah(lembar, n, "kode", f"'{r['kode']}' sudah dipakai di baris {tempat[k.nasional]}.")
            elif induk is not None and k.induk().nasional not in induk:
                salah(
                    lembar,
                    n,
                    "kode",
                    f"induknya {k.induk().nasional} tidak ada di lembar {'Program' if level == 'kegiatan' else 'Kegiatan'}.",
                )
            r["kode_obj"] = k
            tempat.setdefault(k.nasional, n)

    sasaran = unik("Sasaran", lambda r: r["kode"], "kode")
    program_sasaran = {}
    for n, r in buku["Sasaran"]:
        if r["tujuan"] not in tujuan:
            salah("Sasaran", n, "tujuan", f"tujuan '{r['tujuan']}' tidak ada di lembar Tujuan.")
        r["program_list"] = []
        for teks in [t.strip() for t in (r["program"] or "").split(",") if t.strip()]:
            k = kode_tingkat("Sasaran", n, "program", teks if "." in teks else f"{urusan}.{teks}", "program")
            if k is None:
                continue
            if k.nasional not in program:
                salah("Sasaran", n, "program", f"program {k.nasional} tidak ada di lembar Program.")
            elif k.nasional in program_sasaran:
                salah("Sasaran", n, "program", f"program {k.nasional} sudah melayani sasaran {program_sasaran[k.nasional]}.")
            else:
                program_sasaran[k.nasional] = r["kode"]
                r["program_list"].append(k.nasional)

    tempat_level = {"tujuan": tujuan, "sasaran": sasaran, "program": program, "kegiatan": kegiatan, "sub_kegiatan": sub}
    indikator = unik("Indikator", lambda r: r["kode"], "kode")
    ind_jenis = {}
    for n, r in buku["Indikator"]:
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", r["kode"]):
            salah("Indikator", n, "kode", "kode hanya boleh berisi huruf, angka, - dan _ (paling panjang 60).")
        level = TINGKAT.get(r["tingkat"].strip().lower())
        if level is None:
            salah("Indikator", n, "tingkat", f"'{r['tingkat']}' tidak dikenal; pilih tujuan, sasaran, program, kegiatan atau sub kegiatan.")
        else:
            kunci = r["kode_tingkat"]
            if level in ("program", "kegiatan", "sub_kegiatan"):
                k = kode_tingkat("Indikator", n, "kode_tingkat", kunci, level)
                kunci = k.nasional if k else None
            if kunci is not None and kunci not in tempat_level[level]:
                salah("Indikator", n, "kode_tingkat", f"{level.replace('_', ' ')} '{r['kode_tingkat']}' tidak ada di lembarnya.")
            r["level"], r["kunci"] = level, kunci
        for f, choices, baku in (
            ("jenis", Indikator.Jenis.choices, None),
            ("polaritas", Indikator.Polaritas.choices, "positif"),
            ("sumber_realisasi", Indikator.SumberRealisasi.choices, "input"),
        ):
            if not r[f] and baku:
                r[f] = baku
                continue
            v = _pilihan(r[f], choices)
            if v is None:
                salah("Indikator", n, f, f"'{r[f]}' tidak dikenal; pilih {_nama_pilihan(choices)}.")
            r[f] = v
        if r["sumber_realisasi"] == "aktivitas" and level not in ("program", "kegiatan"):
            salah("Indikator", n, "sumber_realisasi", "realisasi dari aktivitas hanya untuk indikator program atau kegiatan.")
        ind_jenis[r["kode"]] = r["jenis"]

    target_kunci = {}
    for n, r in buku["Target"]:
        if r["indikator"] not in indikator:
            salah("Target", n, "indikator", f"indikator '{r['indikator']}' tidak ada di lembar Indikator.")
        if r["triwulan"] is not None and r["triwulan"] not in (1, 2, 3, 4):
            salah("Target", n, "triwulan", "triwulan harus 1 sampai 4, atau kosong untuk target tahunan.")
        _periksa_target(salah, "Target", n, "nilai", r["nilai"])
        k = (r["indikator"], r["triwulan"])
        if k in target_kunci:
            salah("Target", n, "indikator", f"target indikator ini untuk periode yang sama sudah ada di baris {target_kunci[k]}.")
        target_kunci.setdefault(k, n)

    _validasi_renstra(buku, tahun, indikator, salah)

    akt = {}
    for n, r in buku["Aktivitas"]:
        k = kode_tingkat("Aktivitas", n, "kegiatan", r["kegiatan"], "kegiatan")
        if k is not None and k.nasional not in kegiatan:
            salah("Aktivitas", n, "kegiatan", f"kegiatan {k.nasional} tidak ada di lembar Kegiatan.")
        r["kunci"] = k.nasional if k else None
        if r["rencana"] is not None and r["rencana"] < 0:
            salah("Aktivitas", n, "rencana", "rencana tidak boleh negatif.")
        kk = (r["kunci"], r["kelompok"], r["uraian"])
        if kk in akt:
            salah("Aktivitas", n, "uraian", f"aktivitas yang sama sudah ada di baris {akt[kk]}.")
        akt.setdefault(kk, n)

    versi = {}
    for n, r in buku["PK versi"]:
        if not ada_jabatan(r["jabatan"]):
            salah("PK versi", n, "jabatan", f"jabatan '{r['jabatan']}' tidak ada di lembar Jabatan.")
        jenis = _pilihan(r["jenis"], PKVersi.Jenis.choices)
        if jenis is None:
            salah("PK versi", n, "jenis", f"'{r['jenis']}' tidak dikenal; pilih {_nama_pilihan(PKVersi.Jenis.choices)}.")
        r["jenis"] = jenis
        if r["tanggal"] and r["tahun"] and r["tanggal"].year != r["tahun"]:
            salah("PK versi", n, "tanggal", f"tanggal versi harus dalam tahun {r['tahun']}.")
        for f in ("pihak_pertama", "pihak_kedua"):
            if not ada_pegawai(r[f]):
                salah("PK versi", n, f, f"pegawai '{r[f]}' tidak ada di lembar Pegawai.")
        if not ada_jabatan(r["pihak_kedua_jabatan"]):
            salah("PK versi", n, "pihak_kedua_jabatan", f"jabatan '{r['pihak_kedua_jabatan']}' tidak ada di lembar Jabatan.")
        k = (r["jabatan"], r["tanggal"])
        if k in versi:
            salah("PK versi", n, "tanggal", f"PK jabatan ini sudah punya versi bertanggal sama (baris {versi[k]}).")
        versi.setdefault(k, n)

    jenis_jabatan = {r["kode"]: r["jenis"] for _, r in buku["Jabatan"]}
    for lembar in ("PK baris", "PK anggaran"):
        nomor = {}
        for n, r in buku[lembar]:
            if (r["jabatan"], r["tanggal"]) not in versi:
                salah(
                    lembar,
                    n,
                    "tanggal",
                    f"tidak ada versi PK jabatan '{r['jabatan']}' bertanggal {r['tanggal']:%d-%m-%Y} di lembar PK versi.",
                )
            if r["nomor"] is not None and r["nomor"] < 1:
                salah(lembar, n, "nomor", "nomor mulai dari 1.")
            k = (r["jabatan"], r["tanggal"], r["nomor"])
            if k in nomor:
                salah(lembar, n, "nomor", f"nomor ini sudah dipakai di baris {nomor[k]} untuk versi yang sama.")
            nomor.setdefault(k, n)
    ind_pk = {}
    for n, r in buku["PK baris"]:
        if r["indikator"] not in indikator:
            salah("PK baris", n, "indikator", f"indikator '{r['indikator']}' tidak ada di lembar Indikator.")
        k = (r["jabatan"], r["tanggal"], r["indikator"])
        if k in ind_pk:
            salah("PK baris", n, "indikator", f"indikator ini sudah ada di versi yang sama (baris {ind_pk[k]}).")
        ind_pk.setdefault(k, n)
        _periksa_target(salah, "PK baris", n, "target", r["target"])
    _periksa_target_berlaku(buku, tahun, salah)
    for n, r in buku["PK anggaran"]:
        level = TINGKAT.get(r["tingkat"].strip().lower())
        if level not in ("program", "kegiatan", "sub_kegiatan"):
            salah("PK anggaran", n, "tingkat", f"'{r['tingkat']}' tidak dikenal; pilih program, kegiatan atau sub kegiatan.")
            continue
        k = kode_tingkat("PK anggaran", n, "kode", r["kode"], level)
        if k is not None and k.nasional not in tempat_level[level]:
            salah("PK anggaran", n, "kode", f"{level.replace('_', ' ')} {k.nasional} tidak ada di lembarnya.")
        r["level"], r["kunci"] = level, (k.nasional if k else None)
        if jenis_jabatan.get(r["jabatan"]) == Jabatan.Jenis.STAF:
            salah("PK anggaran", n, "jabatan", "PK staf/pelaksana tidak memegang anggaran.")
    return info, tahun


def _validasi_renstra(buku, tahun, indikator, salah):
    """Sheet "Renstra": per indicator one period covering the workbook's year, its end target (Tahun empty)
    and the realisation of earlier years of the period; each row has K, Rp or both."""
    kunci, periode_ind = {}, {}
    for n, r in buku["Renstra"]:
        if r["indikator"] not in indikator:
            salah("Renstra", n, "indikator", f"indikator '{r['indikator']}' tidak ada di lembar Indikator.")
        periode = periode_renstra(r["periode"])
        if periode is None:
            salah("Renstra", n, "periode", f"'{r['periode']}' harus berbentuk 2025-2029.")
            continue
        awal, akhir = periode
        if not awal <= tahun <= akhir:
            salah("Renstra", n, "periode", f"periode Renstra {r['periode']} tidak mencakup tahun {tahun} workbook ini.")
        if r["tahun"] is not None and not (awal <= r["tahun"] < tahun):
            salah(
                "Renstra",
                n,
                "tahun",
                f"realisasi Renstra diisi untuk tahun {awal} s.d. {tahun - 1} (tahun sebelum {tahun} dalam periode "
                f"{r['periode']}); realisasi tahun {tahun} berasal dari laporan triwulan."
                if awal < tahun
                else f"periode {r['periode']} dimulai tahun {tahun}: belum ada tahun sebelumnya; kosongkan untuk target akhir periode.",
            )
        if r["kinerja"] is None and r["anggaran"] is None:
            salah("Renstra", n, "kinerja", "isi Kinerja (K), Anggaran (Rp), atau keduanya.")
        _periksa_target(salah, "Renstra", n, "kinerja", r["kinerja"])
        if r["anggaran"] is not None and r["anggaran"] < 0:
            salah("Renstra", n, "anggaran", "anggaran tidak boleh negatif.")
        elif r["anggaran"] is not None and (r["anggaran"].as_tuple().exponent < -2 or abs(r["anggaran"]) >= 10**16):
            salah("Renstra", n, "anggaran", "anggaran paling banyak 2 angka di belakang koma dan 16 angka di depannya.")
        lain = periode_ind.setdefault(r["indikator"], (n, r["periode"]))
        if lain[1] != r["periode"]:
            salah(
                "Renstra", n, "periode", f"indikator ini sudah memakai periode {lain[1]} di baris {lain[0]}; satu indikator satu periode."
            )
        k = (r["indikator"], r["tahun"])
        if k in kunci:
            apa = "target akhir periode" if r["tahun"] is None else f"realisasi tahun {r['tahun']}"
            salah("Renstra", n, "tahun", f"{apa} indikator ini sudah ada di baris {kunci[k]}.")
        kunci.setdefault(k, n)


def _periksa_target(salah, lembar, n, kolom, nilai):
    if nilai is not None and nilai < 0:
        salah(lembar, n, kolom, "target tidak boleh negatif.")
    if nilai is not None and (nilai.as_tuple().exponent < -4 or abs(nilai) >= 10**14):
        salah(lembar, n, kolom, "target paling banyak 4 angka di belakang koma dan 14 angka di depannya.")


def _periksa_target_berlaku(buku, tahun, salah):
    """One indicator, one target per quarter (``perjanjian.aturan``), among the PKs of this file, before
    anything is written; the PKs already stored are checked with them when the writes end
    (``perjanjian.models.periksa_target_tunggal``, below every writer)."""
    versi = {}
    for _n, r in buku["PK versi"]:
        if r["tanggal"] is not None and r["tahun"] == tahun:
            versi.setdefault(r["jabatan"], set()).add(r["tanggal"])
    baris = [
        BarisTarget(r["jabatan"], r["tanggal"], r["indikator"], r["target"], (n, r))
        for n, r in buku["PK baris"]
        if r["tanggal"] is not None
    ]
    bentrok = target_bentrok(versi, baris, tahun)
    if bentrok is not None:
        (n_lain, lain), (n, r) = bentrok.a.asal, bentrok.b.asal
        salah(
            "PK baris",
            n,
            "target",
            (
                f"indikator '{r['indikator']}' juga ada di PK jabatan '{lain['jabatan']}' (baris {n_lain}) yang "
                f"berlaku pada akhir {fmt.triwulan(bentrok.triwulan)} dengan target lain; satu indikator hanya boleh punya satu "
                "target pada satu triwulan."
            ),
        )


def _baris_target_ganda(buku, exc: TargetGanda) -> int | None:
    """The row of this file behind a refused target (the stored PK on the other side is not in the file)."""
    for sisi in (exc.bentrok.b.asal, exc.bentrok.a.asal):
        kunci_baris = (sisi.versi.perjanjian.jabatan.kode, sisi.versi.tanggal, sisi.indikator.kode)
        for n, r in buku["PK baris"]:
            if (r["jabatan"], r["tanggal"], r["indikator"]) == kunci_baris:
                return n
    return None


class _Penulis:
    """Upserts that count what changed and never rewrite an unchanged row."""

    def __init__(self, ringkasan: Ringkasan):
        self.r = ringkasan
        self.terakhir = ("tetap", {})

    def simpan(self, lembar, baris, model, lookup, defaults):
        """Upsert one row; ``self.terakhir`` is then ("baru" | "diubah" | "tetap", {field: (old, new)})."""
        try:
            return self._simpan(lembar, baris, model, lookup, defaults)
        except IntegrityError as exc:
            raise _Tabrakan(lembar, baris) from exc
        except DataTerkunci as exc:  # a signed quarter (organisasi.kunci): refused at this row, nothing written
            raise WorkbookError([Kesalahan(lembar, baris, None, exc.messages[0])]) from None

    def _simpan(self, lembar, baris, model, lookup, defaults):
        hitung = self.r.jumlah.setdefault(lembar, {"baru": 0, "diubah": 0, "tetap": 0})
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**{**lookup, **defaults})
            self._periksa(obj, lembar, baris)
            obj.save()
            hitung["baru"] += 1
            self.terakhir = ("baru", {})
            return obj
        berubah = [k for k, v in defaults.items() if getattr(obj, k) != v]
        if not berubah:
            hitung["tetap"] += 1
            self.terakhir = ("tetap", {})
            return obj
        self.terakhir = ("diubah", {k: (getattr(obj, k), defaults[k]) for k in berubah})
        for k in berubah:
            if len(self.r.perubahan) < 200:
                self.r.perubahan.append(
                    f"Lembar '{lembar}' baris {baris}: {model._meta.get_field(k).verbose_name} "
                    f"'{self._tampil(getattr(obj, k))}' → '{self._tampil(defaults[k])}'"
                )
            setattr(obj, k, defaults[k])
        self._periksa(obj, lembar, baris)
        obj.save(update_fields=[model._meta.get_field(k).attname for k in berubah])
        hitung["diubah"] += 1
        return obj

    @staticmethod
    def _tampil(v):
        """A value as the preview shows it: numbers and dates the Indonesian way."""
        return tampil(v)

    @staticmethod
    def _periksa(obj, lembar, baris):
        """Field validators and the model's own clean(); uniqueness was checked across the sheet already.

        Cell-level validators already ran before any write (``_periksa_sel``); what is left here is a
        rule across a row (a model's ``clean``), reported per column when it names one."""
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise WorkbookError([Kesalahan(lembar, baris, _kolom(lembar, type(obj), k), " ".join(v)) for k, v in exc.message_dict.items()])


def tampil(v) -> str:
    """``Decimal('100.0000')`` → ``100``, ``Decimal('87.3000')`` → ``87,30``, a date → ``01 September 2025``."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, (Decimal, int)):
        n = Decimal(v).normalize()
        if n == n.to_integral_value() or n.as_tuple().exponent >= -2:
            return fmt.angka_seperlunya(n)
        return fmt.angka_seperlunya(n, tepat=True)
    if isinstance(v, datetime.date):
        return fmt.tanggal(v)
    return str(v)


# Workbook column → model field where the names differ; the other text columns share their model field's name.
_MODEL_LEMBAR = {
    "Unit": Unit,
    "Pegawai": Pegawai,
    "Jabatan": Jabatan,
    "Tujuan": Tujuan,
    "Sasaran": Sasaran,
    "Program": Program,
    "Kegiatan": Kegiatan,
    "Sub kegiatan": SubKegiatan,
    "Indikator": Indikator,
    "Aktivitas": Aktivitas,
    "Renstra": NilaiRenstra,
    "PK versi": PKVersi,
    "PK baris": PKBaris,
    "PK anggaran": PKAnggaran,
}
_KOLOM_LAIN = {
    ("Pemda & OPD", "pemda_nama"): (Pemda, "nama"),
    ("Pemda & OPD", "pemda_ibukota"): (Pemda, "ibukota"),
    ("Pemda & OPD", "opd_nama"): (PerangkatDaerah, "nama"),
    ("Pemda & OPD", "nama_pendek"): (PerangkatDaerah, "nama_pendek"),
    ("Pemda & OPD", "alamat"): (PerangkatDaerah, "alamat"),
    ("Pemda & OPD", "kode_pos"): (PerangkatDaerah, "kode_pos"),
    ("Pemda & OPD", "telepon"): (PerangkatDaerah, "telepon"),
    ("Pemda & OPD", "email"): (PerangkatDaerah, "email"),
    ("PK versi", "pihak_pertama_label"): (PKVersi, "pihak_pertama_jabatan_label"),
    ("PK versi", "pihak_kedua_label"): (PKVersi, "pihak_kedua_jabatan_label"),
}
# Columns whose cell is not the stored value (a full national code, a choice by its label): checked in _validasi.
_KOLOM_DIUBAH = {("Program", "kode"), ("Kegiatan", "kode"), ("Sub kegiatan", "kode")}


def _kolom(lembar, model, nama_field) -> str | None:
    """The workbook column of a model field, for a message that names its column."""
    if nama_field in (None, "__all__"):
        return None
    for (lb, kolom), (m, f) in _KOLOM_LAIN.items():
        if lb == lembar and m is model and f == nama_field:
            return judul(lembar, kolom)
    if any(f == nama_field for f, *_ in LEMBAR.get(lembar, [])):
        return judul(lembar, nama_field)
    try:
        return str(model._meta.get_field(nama_field).verbose_name)
    except Exception:
        return nama_field


def _periksa_sel(buku, salah):
    """Every text cell against its model field's own rules (length, format) before anything is written,
    so every such cell is listed with its sheet, row and column at once, not the first one found while writing.
    A cell that already has a message is not told twice."""
    sudah = {(k.lembar, k.baris, k.kolom) for k in salah.daftar}
    for lembar, kolom in LEMBAR.items():
        for f, header, jenis, _ in kolom:
            if jenis != "teks" or (lembar, f) in _KOLOM_DIUBAH:
                continue
            model, nama = _KOLOM_LAIN.get((lembar, f), (_MODEL_LEMBAR.get(lembar), f))
            try:
                mf = model._meta.get_field(nama) if model else None
            except Exception:
                continue
            if not isinstance(mf, (models.CharField, models.TextField)) or mf.choices:
                continue
            for n, r in buku[lembar]:
                v = r.get(f)
                if v in (None, "") or (lembar, n, header) in sudah:
                    continue
                try:
                    mf.run_validators(mf.to_python(v))
                except ValidationError as exc:
                    salah(lembar, n, f, " ".join(exc.messages))


def _tulis(buku, info, tahun, oleh, ringkasan):
    w = _Penulis(ringkasan)
    n, _ = buku["Pemda & OPD"][0]
    pemda = w.simpan(
        "Pemda & OPD",
        n,
        Pemda,
        {"kode": info["pemda_kode"]},
        {"nama": info["pemda_nama"], "ibukota": info["pemda_ibukota"], "hari_batas_laporan": info["hari_batas_laporan"]},
    )
    opd = w.simpan(
        "Pemda & OPD",
        n,
        PerangkatDaerah,
        {"kode": info["opd_kode"]},
        {
            "pemda": pemda,
            "kode_urusan": info["kode_urusan"],
            "nama": info["opd_nama"],
            **{k: info[k] for k in ("nama_pendek", "alamat", "kode_pos", "telepon", "email")},
        },
    )
    ringkasan.opd_nama = opd.nama

    units = {}
    for n, r in buku["Unit"]:  # parents first where the sheet lists them first; the rest in a second pass
        units[r["kode"]] = w.simpan("Unit", n, Unit, {"opd": opd, "kode": r["kode"]}, {"nama": r["nama"]})
    for n, r in buku["Unit"]:
        induk = units[r["induk"]] if r["induk"] else None
        if units[r["kode"]].induk_id != (induk.pk if induk else None):
            units[r["kode"]].induk = induk
            units[r["kode"]].save(update_fields=["induk"])
            ringkasan.jumlah["Unit"]["diubah"] += 1

    User = get_user_model()
    pegawai = {p.nama: p for p in Pegawai.objects.filter(pemda=pemda)}
    for n, r in buku["Pegawai"]:
        user = None
        if r["akun"]:
            user = User.objects.filter(username=r["akun"]).first()
            if user is None:
                user = User(username=r["akun"], first_name=r["nama"][:150])
                user.set_unusable_password()  # the operator sets a password in admin; an import never does
                user.save()
            elif Pegawai.objects.filter(user=user).exclude(nama=r["nama"]).exists():
                raise WorkbookError([Kesalahan("Pegawai", n, judul("Pegawai", "akun"), f"akun '{r['akun']}' sudah dipakai pegawai lain.")])
        lookup = {"nip": r["nip"]} if r["nip"] else {"pemda": pemda, "nama": r["nama"]}
        pegawai[r["nama"]] = w.simpan(
            "Pegawai", n, Pegawai, lookup, {"pemda": pemda, "nama": r["nama"], "nip": r["nip"] or None, "user": user}
        )

    jabatan = {j.kode: j for j in Jabatan.objects.filter(pemda=pemda)}
    for n, r in buku["Jabatan"]:
        jabatan[r["kode"]] = w.simpan(
            "Jabatan",
            n,
            Jabatan,
            {"pemda": pemda, "kode": r["kode"]},
            {
                "nama": r["nama"],
                "jenis": r["jenis"],
                "opd": None if r["jenis"] == Jabatan.Jenis.KEPALA_DAERAH else opd,
                "unit": units[r["unit"]] if r["unit"] else None,
            },
        )
    for n, r in buku["Jabatan"]:
        atasan = jabatan[r["atasan"]] if r["atasan"] else None
        j = jabatan[r["kode"]]
        if j.atasan_id != (atasan.pk if atasan else None):
            j.atasan = atasan
            j.save(update_fields=["atasan"])
            ringkasan.jumlah["Jabatan"]["diubah"] += 1

    for n, r in buku["Penugasan"]:
        w.simpan(
            "Penugasan",
            n,
            Penugasan,
            {"jabatan": jabatan[r["jabatan"]], "mulai": r["mulai"]},
            {"pegawai": pegawai[r["pegawai"]], "plt": bool(r["plt"]), "selesai": r["selesai"]},
        )

    tujuan = {}
    for n, r in buku["Tujuan"]:
        tujuan[r["kode"]] = w.simpan("Tujuan", n, Tujuan, {"opd": opd, "kode": r["kode"]}, {"uraian": r["uraian"], "periode": r["periode"]})
    sasaran, program_sasaran = {}, {}
    for n, r in buku["Sasaran"]:
        sasaran[r["kode"]] = w.simpan("Sasaran", n, Sasaran, {"tujuan": tujuan[r["tujuan"]], "kode": r["kode"]}, {"uraian": r["uraian"]})
        for kode in r["program_list"]:
            program_sasaran[kode] = sasaran[r["kode"]]
    program, kegiatan, sub = {}, {}, {}
    for n, r in buku["Program"]:
        k = r["kode_obj"]
        program[k.nasional] = w.simpan(
            "Program",
            n,
            Program,
            {"opd": opd, "tahun": tahun, "kode": k.program},
            {"nama": r["nama"], "sasaran_uraian": r["sasaran_uraian"], "sasaran_strategis": program_sasaran.get(k.nasional)},
        )
    for n, r in buku["Kegiatan"]:
        k = r["kode_obj"]
        kegiatan[k.nasional] = w.simpan(
            "Kegiatan",
            n,
            Kegiatan,
            {"program": program[k.induk().nasional], "kode": k.kegiatan},
            {"nama": r["nama"], "sasaran_uraian": r["sasaran_uraian"]},
        )
    for n, r in buku["Sub kegiatan"]:
        k = r["kode_obj"]
        sub[k.nasional] = w.simpan(
            "Sub kegiatan", n, SubKegiatan, {"kegiatan": kegiatan[k.induk().nasional], "kode": k.sub_kegiatan}, {"nama": r["nama"]}
        )

    objek = {"tujuan": tujuan, "sasaran": sasaran, "program": program, "kegiatan": kegiatan, "sub_kegiatan": sub}
    indikator = {}
    for urutan, (n, r) in enumerate(buku["Indikator"], start=1):
        level = {name: None for name in Indikator.LEVELS}
        level[r["level"]] = objek[r["level"]][r["kunci"]]
        indikator[r["kode"]] = w.simpan(
            "Indikator",
            n,
            Indikator,
            {"opd": opd, "kode": r["kode"]},
            {
                **level,
                "urutan": urutan,
                "uraian": r["uraian"],
                "satuan": r["satuan"],
                "jenis": r["jenis"],
                "polaritas": r["polaritas"],
                "sumber_realisasi": r["sumber_realisasi"],
                "formulasi": r["formulasi"],
                "sumber_data": r["sumber_data"],
            },
        )
    for n, r in buku["Target"]:
        w.simpan(
            "Target", n, Target, {"indikator": indikator[r["indikator"]], "tahun": tahun, "triwulan": r["triwulan"]}, {"nilai": r["nilai"]}
        )
        if w.terakhir[0] == "diubah" and r["triwulan"] is None:
            lama, baru = w.terakhir[1]["nilai"]
            ringkasan.berlaku.append(
                f"Target Renja \u201c{indikator[r['indikator']].uraian}\u201d {_angka(lama)} \u2192 {_angka(baru)}: tidak berversi, "
                f"dipakai {nama_triwulan(SEMUA_TRIWULAN)} {tahun} bila indikator itu tidak ada di PK yang berlaku "
                "(target di PK lebih didahulukan)."
            )
    for n, r in buku["Renstra"]:
        ind = indikator[r["indikator"]]
        lookup = {"indikator": ind, "tahun": r["tahun"]}
        if r["tahun"] is None:
            lookup["periode"] = r["periode"]
        w.simpan("Renstra", n, NilaiRenstra, lookup, {"periode": r["periode"], "kinerja": r["kinerja"], "anggaran": r["anggaran"]})
        if w.terakhir[0] != "tetap":
            apa = "target akhir periode (kolom 6)" if r["tahun"] is None else f"realisasi tahun {r['tahun']} (kolom 7)"
            sampai = periode_renstra(r["periode"])[1]
            ringkasan.berlaku.append(
                f"Renstra {r['periode']} \u201c{ind.uraian}\u201d, {apa} {'baru' if w.terakhir[0] == 'baru' else 'diubah'}: "
                f"dipakai Formulir E.81 {nama_triwulan(SEMUA_TRIWULAN)} tahun {tahun}" + (f" s.d. {sampai}." if sampai > tahun else ".")
            )
    for urutan, (n, r) in enumerate(buku["Aktivitas"], start=1):
        w.simpan(
            "Aktivitas",
            n,
            Aktivitas,
            {"kegiatan": kegiatan[r["kunci"]], "tahun": tahun, "kelompok": r["kelompok"], "uraian": r["uraian"]},
            {"rencana": r["rencana"], "urutan": urutan},
        )

    versi = {}
    for n, r in buku["PK versi"]:
        pk = w.simpan("PK versi", n, PerjanjianKinerja, {"jabatan": jabatan[r["jabatan"]], "tahun": r["tahun"]}, {})
        v = versi[(r["jabatan"], r["tanggal"])] = w.simpan(
            "PK versi",
            n,
            PKVersi,
            {"perjanjian": pk, "tanggal": r["tanggal"]},
            {
                "jenis": r["jenis"],
                "nomor_dokumen": r["nomor_dokumen"],
                "pihak_pertama": pegawai[r["pihak_pertama"]],
                "pihak_pertama_jabatan_label": r["pihak_pertama_label"],
                "pihak_kedua": pegawai[r["pihak_kedua"]],
                "pihak_kedua_jabatan": jabatan[r["pihak_kedua_jabatan"]],
                "pihak_kedua_jabatan_label": r["pihak_kedua_label"],
            },
        )
        if w.terakhir[0] != "tetap":
            ringkasan.berlaku.append(_kalimat_versi(v, jabatan[r["jabatan"]], w.terakhir[0]))
    for n, r in buku["PK baris"]:
        v = versi[(r["jabatan"], r["tanggal"])]
        w.simpan(
            "PK baris",
            n,
            PKBaris,
            {"versi": v, "nomor": r["nomor"]},
            {"sasaran": r["sasaran"], "indikator": indikator[r["indikator"]], "target": r["target"]},
        )
        status, ubah = w.terakhir
        if status == "baru" or "target" in ubah or "indikator" in ubah:
            kalimat = _kalimat_target(
                v, jabatan[r["jabatan"]], indikator[r["indikator"]], r["target"], ubah["target"][0] if "target" in ubah else None, status
            )
            if kalimat:
                ringkasan.berlaku.append(kalimat)
    for n, r in buku["PK anggaran"]:
        target = {"program": None, "kegiatan": None, "sub_kegiatan": None}
        target[r["level"]] = objek[r["level"]][r["kunci"]]
        w.simpan(
            "PK anggaran",
            n,
            PKAnggaran,
            {"versi": versi[(r["jabatan"], r["tanggal"])], "nomor": r["nomor"]},
            {**target, "sumber_dana": r["sumber_dana"] or "DAU"},
        )
    # PerjanjianKinerja rows are counted under "PK versi"; keep the preview's numbers per sheet row.
    return opd


def _angka(v) -> str:
    return "-" if v is None else fmt.angka_seperlunya(v)


def _sejak(v: PKVersi) -> tuple[tuple, tuple, PKVersi | None]:
    """(quarters this version is in force at the end of, earlier quarters that keep theirs, the next version)."""
    berikut = PKVersi.objects.filter(perjanjian_id=v.perjanjian_id, tanggal__gt=v.tanggal).order_by("tanggal").first()
    tahun = v.perjanjian.tahun
    pakai = tuple(t for t in triwulan_sejak(tahun, v.tanggal) if berikut is None or akhir_triwulan(tahun, t) < berikut.tanggal)
    tetap = tuple(t for t in SEMUA_TRIWULAN if t not in triwulan_sejak(tahun, v.tanggal))
    return pakai, tetap, berikut


def _kalimat_versi(v: PKVersi, jab: Jabatan, status: str) -> str:
    pakai, tetap, berikut = _sejak(v)
    apa = "baru" if status == "baru" else "diubah"
    teks = (
        f"{v.get_jenis_display()} {jab.nama} bertanggal {v.tanggal:%d-%m-%Y} ({apa}) berlaku sejak "
        f"{fmt.tanggal(v.tanggal)}: dipakai {nama_triwulan(pakai)} {v.perjanjian.tahun}"
    )
    teks += f" (sesudahnya versi {berikut.tanggal:%d-%m-%Y})." if berikut else "."
    if tetap:
        teks += f" {nama_triwulan(tetap)} tetap memakai versi yang berlaku pada akhir triwulannya; angkanya tidak berubah."
    return teks


def _kalimat_target(v: PKVersi, jab: Jabatan, ind: Indikator, baru, lama_di_versi, status) -> str | None:
    """A target that differs from what the quarters before this version used: from when, for which quarters."""
    sebelumnya = (
        PKBaris.objects.filter(versi__perjanjian=v.perjanjian, versi__tanggal__lt=v.tanggal, indikator=ind)
        .order_by("-versi__tanggal")
        .values_list("target", flat=True)
        .first()
    )
    lama = lama_di_versi if status != "baru" else sebelumnya
    if status == "baru" and sebelumnya is not None and sebelumnya == baru:
        return None  # the same target carried into the new version
    pakai, tetap, _berikut = _sejak(v)
    if status == "baru" and sebelumnya is None and not tetap:
        return None  # a year's first version: its sentence above says it all
    teks = f"Target \u201c{ind.uraian}\u201d pada PK {jab.nama}: "
    teks += f"{_angka(lama)} \u2192 {_angka(baru)}" if lama is not None else f"{_angka(baru)}"
    teks += f" mulai {fmt.tanggal(v.tanggal)}, untuk {nama_triwulan(pakai)} {v.perjanjian.tahun}."
    if tetap:
        teks += f" {nama_triwulan(tetap)} tetap memakai target versi yang berlaku saat itu"
        teks += f" ({_angka(sebelumnya)})." if sebelumnya is not None and status == "baru" else "."
    return teks


@transaction.atomic
def workbook_import(*, isi: bytes, nama_file: str = "", oleh=None, pratinjau: bool = False) -> Ringkasan:
    """Import a planning workbook all or nothing; with ``pratinjau`` everything is done and then rolled back.

    Raises :class:`WorkbookError` listing up to 50 problems (sheet, row, column,
    Indonesian message); nothing is written then. A preview runs the very same
    writes inside this transaction and rolls them back, so what it reports is
    exactly what a confirm will do.
    """
    buku = baca_workbook(isi, nama_file)
    salah = _Kumpul()
    try:
        info, tahun = _validasi(buku, oleh, salah)
        _periksa_sel(buku, salah)
    except _Berhenti:
        info = None
    if salah.daftar:
        raise WorkbookError(salah.daftar)
    ringkasan = Ringkasan(opd_kode=info["opd_kode"], opd_nama=info["opd_nama"], tahun=tahun, pratinjau=pratinjau)
    try:
        with transaction.atomic(), kunci.sekaligus():
            _tulis(buku, info, tahun, oleh, ringkasan)
    except _Tabrakan as exc:
        # A clash with rows outside this file (e.g. a NIP already held in another pemda).
        # The database's own (English, technical) text goes to the log, not to the user.
        logger.warning("Impor workbook %r: IntegrityError di lembar %r baris %s: %s", nama_file, exc.lembar, exc.baris, exc.__cause__)
        raise WorkbookError([Kesalahan(exc.lembar, exc.baris, None, _PESAN_TABRAKAN)]) from None
    except IntegrityError as exc:
        logger.warning("Impor workbook %r: IntegrityError: %s", nama_file, exc)
        raise WorkbookError([Kesalahan("berkas", None, None, _PESAN_TABRAKAN)]) from None
    except TargetGanda as exc:  # with a PK this file does not hold (checked when the writes end)
        raise WorkbookError([Kesalahan("PK baris", _baris_target_ganda(buku, exc), judul("PK baris", "target"), exc.messages[0])]) from None
    if pratinjau:
        transaction.set_rollback(True)
    return ringkasan
