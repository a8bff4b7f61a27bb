"""One data source per document; the HTML/PDF and XLSX formatters read only these.

Every figure comes from ``lkj.selectors.pengukuran_opd`` (kinerja, anggaran,
efisiensi, predikat) or from ``lkj.e81.laporan_e81``; nothing here divides or
rounds on its own, so the OPD LKj, the E.81, the individual reports and the PKs
cannot disagree. Objects are taken from the measurement's prefetched tree, never
re-read per row, so the query count does not grow with the number of rows.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from anggaran.models import RealisasiAnggaran
from dasar import format as fmt
from dasar import pengukuran as ukur
from dasar.periode import akhir_triwulan, tahun_periode
from lkj.e81 import BarisE81, LaporanE81, laporan_e81
from lkj.models import Dokumentasi, Narasi
from lkj.selectors import PengukuranOpd, pengukuran_opd
from lkj.tinjauan.models import DokumenTertanda, EvaluasiE81, Laporan
from organisasi.models import Jabatan, Penugasan, PerangkatDaerah, Unit
from perjanjian.models import PKAnggaran, PKBaris, PKVersi
from perjanjian.selectors import pihak_semua
from renja.models import Indikator, Kegiatan, Program, Realisasi, SubKegiatan

TANGGAPAN_PILIHAN = (
    "Laporan sudah baik",
    "Laporan diperbaiki",
    "Target dan realisasi diteliti ulang",
    "Capaian diteliti ulang",
    "Lain-lain",
)


def hari_kerja_setelah(tgl: datetime.date) -> datetime.date:
    """The first working day (Mon–Fri) after ``tgl``: the default date of a quarter's report.

    TW III 2025 ends on Tuesday 30 September → 01 Oktober 2025, as the seed's reports are dated.
    Never the server clock (decisions §5).
    """
    hari = tgl + datetime.timedelta(days=1)
    while hari.weekday() >= 5:
        hari += datetime.timedelta(days=1)
    return hari


# --- shared pieces --------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    tahun: int
    triwulan: int
    tanggal_akhir: datetime.date
    tanggal: datetime.date  # the date printed on the document

    @property
    def nama(self) -> str:
        return fmt.triwulan(self.triwulan)

    @property
    def romawi(self) -> str:
        return fmt.ROMAWI[self.triwulan]

    @property
    def bulan(self) -> str:
        return fmt.periode_triwulan(self.triwulan)

    @property
    def bulan_akhir(self) -> str:
        return fmt.BULAN[3 * self.triwulan - 1]


@dataclass(frozen=True)
class Penanda:
    """A signature block: heading (jabatan as written), name, NIP line."""

    jabatan: str
    nama: str
    nip: str  # "NIP. 1983…", "NIP. -", or "" (a Kepala Daerah: no NIP line)


@dataclass
class Indeks:
    """The measurement's prefetched planning tree by primary key (no query per row)."""

    u: PengukuranOpd
    program: dict = field(default_factory=dict)
    kegiatan: dict = field(default_factory=dict)
    sub: dict = field(default_factory=dict)
    sasaran: dict = field(default_factory=dict)
    tujuan: dict = field(default_factory=dict)

    @classmethod
    def dari(cls, u: PengukuranOpd) -> Indeks:
        ix = cls(u)
        ix.tujuan = {t.pk: t for t in u.tujuan}
        ix.sasaran = {s.pk: s for s in u.sasaran}
        for p in u.program:
            ix.program[p.pk] = p
            for k in p.kegiatan.all():
                ix.kegiatan[k.pk] = k
                for s in k.sub_kegiatan.all():
                    ix.sub[s.pk] = s
        return ix

    def objek_indikator(self, ind: Indikator):
        """The planning object an indicator hangs on: its budget is what its efisiensi pairs with."""
        if ind.sub_kegiatan_id:
            return self.sub.get(ind.sub_kegiatan_id)
        if ind.kegiatan_id:
            return self.kegiatan.get(ind.kegiatan_id)
        if ind.program_id:
            return self.program.get(ind.program_id)
        if ind.sasaran_id:
            return self.sasaran.get(ind.sasaran_id)
        return self.tujuan.get(ind.tujuan_id)

    def objek_anggaran(self, line: PKAnggaran):
        if line.program_id:
            return self.program.get(line.program_id)
        if line.kegiatan_id:
            return self.kegiatan.get(line.kegiatan_id)
        return self.sub.get(line.sub_kegiatan_id)

    def kode(self, obj) -> str:
        if isinstance(obj, (Program, Kegiatan, SubKegiatan)):
            return self.u.kode(obj).e81
        return ""


@dataclass(frozen=True)
class BarisKinerja:
    """One PK row measured: the same figures in Tabel 2.1/2.2/2.3, efisiensi and the closing sentence."""

    nomor: int
    sasaran: str
    indikator: str
    formulasi: str
    satuan: str
    jenis: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    pembilang: Decimal | None
    penyebut: Decimal | None
    catatan: str
    pagu: Decimal | None
    realisasi_rp: Decimal | None
    capaian_rp: Decimal | None
    efisiensi: Decimal | None
    predikat: str | None
    kode: str
    objek: object = field(repr=False, compare=False, default=None)
    indikator_obj: Indikator | None = field(repr=False, compare=False, default=None)

    @property
    def target_teks(self) -> str:
        return _dengan_satuan(self.target, self.satuan)

    @property
    def realisasi_teks(self) -> str:
        return _dengan_satuan(self.realisasi, self.satuan)

    @property
    def kalimat(self) -> str:
        """'Capaian Kinerja sasaran X sebesar 76,44% dan Capaian Anggaran sebesar 59,14%' (decisions §6)."""
        teks = f"Capaian Kinerja sasaran {self.sasaran} sebesar {fmt.persen(self.capaian)}"
        if self.capaian_rp is not None:
            teks += f" dan Capaian Anggaran sebesar {fmt.persen(self.capaian_rp)}"
        if self.predikat:
            teks += f", dengan predikat kinerja {self.predikat}"
        return teks + "."


def _dengan_satuan(nilai, satuan: str) -> str:
    return fmt.nilai_satuan(nilai, satuan)


def baris_kinerja(ix: Indeks, nomor: int, sasaran: str, ind: Indikator) -> BarisKinerja:
    u = ix.u
    kin = u.kinerja(ind)
    obj = ix.objek_indikator(ind)
    ang = u.anggaran(obj) if obj is not None else None
    return BarisKinerja(
        nomor=nomor,
        sasaran=sasaran,
        indikator=ind.uraian,
        formulasi=ind.formulasi,
        satuan=ind.satuan,
        jenis=ind.jenis,
        target=kin.target,
        realisasi=ukur.bulatkan(kin.realisasi),
        capaian=kin.capaian,
        pembilang=kin.pembilang,
        penyebut=kin.penyebut,
        catatan=kin.catatan,
        pagu=ang.pagu if ang else None,
        realisasi_rp=ang.realisasi if ang else None,
        capaian_rp=ang.capaian if ang else None,
        efisiensi=u.efisiensi(ind, obj) if obj is not None else None,
        predikat=u.predikat(kin.capaian),
        kode=ix.kode(obj),
        objek=obj,
        indikator_obj=ind,
    )


@dataclass(frozen=True)
class BarisAnggaran:
    nomor: int
    level: str
    kode: str
    uraian: str
    pagu: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    sumber_dana: str = ""
    sisa: Decimal | None = None
    objek: object = field(repr=False, compare=False, default=None)
    efisiensi: Decimal | None = None  # capaian kinerja of its one indicator − capaian anggaran (cost tables)


def _baris_dari(nomor, level, kode, uraian, a, sumber_dana="", objek=None) -> BarisAnggaran:
    return BarisAnggaran(nomor, level, kode, uraian, a.pagu, a.realisasi, a.capaian, sumber_dana, a.sisa, objek)


def baris_anggaran(ix: Indeks, nomor: int, obj, sumber_dana: str = "") -> BarisAnggaran:
    level = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}[type(obj)]
    b = _baris_dari(nomor, level, ix.kode(obj), obj.nama, ix.u.anggaran(obj), sumber_dana, obj)
    indikator = ix.u.indikator(obj)
    if len(indikator) == 1:  # the line's own outcome/output: its efisiensi as on the E.81
        b = dataclasses.replace(b, efisiensi=ix.u.efisiensi(indikator[0], obj))
    return b


def jumlah(ix: Indeks, baris: list[BarisAnggaran]) -> BarisAnggaran:
    """The 'JUMLAH' row of a budget table, from the measurement (each sub kegiatan counted once)."""
    return _baris_dari(0, "jumlah", "", "JUMLAH", ix.u.anggaran_jumlah([b.objek for b in baris]))


@dataclass
class PK:
    """A PK version in force at the quarter's end, measured."""

    versi: PKVersi
    jabatan: Jabatan
    judul: str  # "PERUBAHAN PERJANJIAN KINERJA TAHUN 2025"
    pihak_pertama: Penanda
    pihak_kedua: Penanda
    baris: list[BarisKinerja]
    anggaran: list[BarisAnggaran]
    jumlah: BarisAnggaran | None
    tempat: str
    opd: PerangkatDaerah
    pemda_nama: str
    catatan_lra: str | None = None  # "LRA September 2025 belum diimpor": said under the budget lines

    @property
    def memegang_anggaran(self) -> bool:
        return self.jabatan.memegang_anggaran and bool(self.anggaran)


def _penanda(pegawai, label: str, jabatan: Jabatan | None = None) -> Penanda:
    """A Kepala Daerah (elected, no NIP) has no NIP line; any other signer without NIP prints "NIP. -"."""
    tanpa_nip = jabatan is not None and jabatan.jenis == Jabatan.Jenis.KEPALA_DAERAH and not pegawai.nip
    return Penanda(label, pegawai.nama, "" if tanpa_nip else pegawai.nip_cetak)


def muat_pk(ix: Indeks, jabatan_ids=None) -> dict[int, PK]:
    """PKs in force at the quarter's end, per jabatan, in three queries whatever their size."""
    u = ix.u
    versi_berlaku: dict[int, PKVersi] = {}
    qs = (
        PKVersi.objects.filter(perjanjian__jabatan__opd=u.opd, perjanjian__tahun=u.tahun, tanggal__lte=u.tanggal_akhir)
        .select_related("perjanjian__jabatan__unit", "pihak_pertama", "pihak_kedua", "pihak_kedua_jabatan")
        .order_by("perjanjian_id", "tanggal")
    )
    if jabatan_ids is not None:
        qs = qs.filter(perjanjian__jabatan_id__in=jabatan_ids)
    for v in qs:
        versi_berlaku[v.perjanjian.jabatan_id] = v
    ids = [v.pk for v in versi_berlaku.values()]
    baris = {}
    for b in PKBaris.objects.filter(versi_id__in=ids).select_related("indikator").order_by("versi_id", "nomor"):
        baris.setdefault(b.versi_id, []).append(b)
    anggaran = {}
    for a in PKAnggaran.objects.filter(versi_id__in=ids).order_by("versi_id", "nomor"):
        anggaran.setdefault(a.versi_id, []).append(a)

    hasil = {}
    for jabatan_id, v in versi_berlaku.items():
        jab = v.perjanjian.jabatan
        rows = [baris_kinerja(ix, i, b.sasaran, b.indikator) for i, b in enumerate(baris.get(v.pk, []), 1)]
        lines = []
        for i, a in enumerate(anggaran.get(v.pk, []), 1):
            obj = ix.objek_anggaran(a)
            if obj is not None:
                lines.append(baris_anggaran(ix, i, obj, a.sumber_dana))
        judul = f"{v.get_jenis_display().upper()} TAHUN {u.tahun}"
        hasil[jabatan_id] = PK(
            versi=v,
            jabatan=jab,
            judul=judul,
            pihak_pertama=_penanda(v.pihak_pertama, v.pihak_pertama_jabatan_label, jab),
            pihak_kedua=_penanda(v.pihak_kedua, v.pihak_kedua_jabatan_label, v.pihak_kedua_jabatan),
            baris=rows,
            anggaran=lines,
            jumlah=jumlah(ix, lines) if lines else None,
            tempat=u.opd.pemda.ibukota,
            opd=u.opd,
            pemda_nama=u.opd.pemda.nama,
            catatan_lra=u.catatan_lra,
        )
    return hasil


def _narasi(u: PengukuranOpd, jabatan_ids: list | None):
    """Narratives of the quarter: OPD (key None) and per jabatan, with their photos; two queries."""
    qs = Narasi.objects.filter(opd=u.opd, tahun=u.tahun, triwulan=u.triwulan)
    if jabatan_ids is not None:
        qs = qs.filter(jabatan_id__in=jabatan_ids) | qs.filter(jabatan__isnull=True)
    per = {n.jabatan_id: n for n in qs}
    foto = {}
    for d in Dokumentasi.objects.filter(narasi_id__in=[n.pk for n in per.values()]).order_by("narasi_id", "urutan", "tanggal"):
        foto.setdefault(d.narasi_id, []).append(d)
    return per, foto


@dataclass(frozen=True)
class TeksNarasi:
    """The typed text of a report; an empty section prints as a DRAF mark in a draft (templates/dokumen/_draf.html)."""

    latar_belakang: str = ""
    faktor_pendukung: tuple = ()
    faktor_penghambat: tuple = ()
    upaya: tuple = ()
    rencana_tindak_lanjut: tuple = ()
    penutup: str = ""
    dokumentasi: tuple = ()
    # BAB I of the OPD LKj only
    gambaran_umum: str = ""
    tupoksi: str = ""
    aspek_strategis: str = ""
    permasalahan_utama: tuple = ()

    @classmethod
    def dari(cls, narasi: Narasi | None, foto: list | None) -> TeksNarasi:
        if narasi is None:
            return cls()
        return cls(
            narasi.latar_belakang,
            tuple(narasi.faktor_pendukung or ()),
            tuple(narasi.faktor_penghambat or ()),
            tuple(narasi.upaya or ()),
            tuple(narasi.rencana_tindak_lanjut or ()),
            narasi.penutup,
            tuple(foto or ()),
            narasi.gambaran_umum,
            narasi.tupoksi,
            narasi.aspek_strategis,
            tuple(narasi.permasalahan_utama or ()),
        )


@dataclass(frozen=True)
class Kosong:
    """A required section a report still lacks: what it is, and where it is filled (``narasi`` or an entry row)."""

    bagian: str
    tempat: str  # "narasi" | "baris"
    jabatan: Jabatan | None = None  # the entry page holding the row (``baris``)
    indikator_id: int | None = None


# The narrative sections a report cannot be submitted or signed without; each prints a DRAF mark while empty.
WAJIB_INDIVIDU = (
    ("latar_belakang", "BAB I Pendahuluan — uraian tugas pokok dan fungsi"),
    ("faktor_pendukung", "2.3 Faktor pendukung"),
    ("faktor_penghambat", "2.3 Faktor penghambat"),
    ("upaya", "2.3 Upaya / solusi"),
    ("rencana_tindak_lanjut", "2.4 Rencana tindak lanjut"),
)
WAJIB_OPD = (
    ("latar_belakang", "BAB I A. Latar belakang"),
    ("tupoksi", "BAB I C. Tugas pokok dan fungsi"),
    ("aspek_strategis", "BAB I D. Aspek strategis organisasi"),
    ("permasalahan_utama", "BAB I E. Permasalahan utama"),
    ("faktor_pendukung", "BAB III 3.2 Faktor pendukung"),
    ("faktor_penghambat", "BAB III 3.2 Faktor penghambat"),
    ("upaya", "BAB III 3.2 Upaya / solusi"),
)


def _narasi_kosong(narasi: TeksNarasi, wajib) -> list[Kosong]:
    return [Kosong(label, "narasi") for bidang, label in wajib if not getattr(narasi, bidang)]


# --- Formulir E.81 ------------------------------------------------------------------


@dataclass(frozen=True)
class KolomTw:
    """One quarter's pair of E.81 columns 9–12. ``dilaporkan``: the quarter is the one evaluated or an earlier
    one, so its cells print (a missing figure as such); a later quarter's cells stay empty (decisions §6).
    Decided here once; the PDF's template and the spreadsheet writer only read it."""

    triwulan: int
    dilaporkan: bool
    k: Decimal | None
    rp: Decimal | None


@dataclass(frozen=True)
class BarisE81Dokumen:
    """An E.81 row with the cumulative realisation at the end of each quarter TW I–IV."""

    baris: BarisE81
    kolom_tw: tuple[KolomTw, ...]  # TW I–IV


@dataclass
class DataE81:
    periode: Periode
    opd: PerangkatDaerah
    laporan: LaporanE81
    rows: list[BarisE81Dokumen]
    narasi: TeksNarasi
    kepala: Penanda | None
    tempat: str
    pemda_nama: str
    asal_lampiran: list = field(default_factory=list)  # the optional lampiran "Asal angka" (lkj.asal.lampiran_asal)

    @property
    def rata_rata_anggaran(self) -> Decimal | None:
        """Row d's Rp, as the report computes it (``LaporanE81.rata_rata_anggaran``)."""
        return self.laporan.rata_rata_anggaran


def _kunci_e81(r: BarisE81):
    return (r.level, r.kode, r.uraian, r.indikator)


def data_e81(
    opd, tahun: int, triwulan: int, tanggal: datetime.date | None = None, *, u=None, lap=None, narasi=None, kepala=None
) -> DataE81:
    """The E.81 of a quarter plus TW I–IV realisation columns.

    Each earlier quarter is measured with ``pengukuran_opd(opd, tahun, tw)`` — the very
    function the quarter's own report used — so a TW II column equals the TW II E.81.
    """
    u = u or pengukuran_opd(opd, tahun, triwulan)
    lap = lap or laporan_e81(u)
    per_tw = {}
    for tw in range(1, triwulan + 1):
        lap_tw = lap if tw == triwulan else laporan_e81(pengukuran_opd(opd, tahun, tw))
        per_tw[tw] = {_kunci_e81(r): r for r in lap_tw.rows}
    rows = []
    for r in lap.rows:
        kolom = []
        for tw in range(1, 5):
            rt = per_tw.get(tw, {}).get(_kunci_e81(r))
            kolom.append(KolomTw(tw, tw <= triwulan, rt.realisasi_k if rt else None, rt.realisasi_rp if rt else None))
        rows.append(BarisE81Dokumen(r, tuple(kolom)))
    if narasi is None:
        per, foto = _narasi(u, [])
        narasi = TeksNarasi.dari(per.get(None), foto.get(per[None].pk) if None in per else None)
    if kepala is None:
        kepala = _kepala(u)
    return DataE81(
        periode=Periode(tahun, triwulan, u.tanggal_akhir, tanggal or hari_kerja_setelah(u.tanggal_akhir)),
        opd=u.opd,
        laporan=lap,
        rows=rows,
        narasi=narasi,
        kepala=kepala,
        tempat=u.opd.pemda.ibukota,
        pemda_nama=u.opd.pemda.nama,
    )


@dataclass(frozen=True)
class TtdE81:
    """What the signed E.81 in force prints in its two signature blocks, for the copies that have no signed file
    of their own (the XLSX): "Disusun" dated the kepala's signature, and "Dievaluasi" filled once Bappeda
    countersigned that version (``evaluasi``: tempat, tanggal, jabatan, nama, nip as in the countersigned PDF)."""

    disusun: datetime.date
    evaluasi: dict | None = None


def ttd_e81(d: DataE81) -> TtdE81 | None:
    """The signature blocks of the quarter's signed E.81 still in force, or None for an unsigned (or reopened) one.

    Read from what was signed: the kepala's signing date, and for a countersigned version the Kepala Bappeda's
    name and jabatan as the countersigned file's signers list holds them, his NIP and the date of the act at
    the pemda's capital. Two queries, whatever the size of the form."""
    dok = (
        DokumenTertanda.objects.filter(
            laporan__opd=d.opd,
            laporan__tahun=d.periode.tahun,
            laporan__triwulan=d.periode.triwulan,
            laporan__jabatan=None,
            jenis="e81",
            dibuka_kembali_pada=None,
        )
        .order_by("-versi")
        .first()
    )
    if dok is None:
        return None
    disusun = timezone.localtime(dok.ditandatangani_pada).date()
    ev = (
        EvaluasiE81.objects.filter(dokumen=dok, status=EvaluasiE81.Status.DIEVALUASI, tertanda__dibuka_kembali_pada=None)
        .select_related("tertanda", "penilai")
        .first()
    )
    if ev is None:
        return TtdE81(disusun)
    blok = next((p for p in ev.tertanda.penanda if p.get("peran") == "Dievaluasi"), {})
    return TtdE81(
        disusun,
        {
            "tempat": d.tempat,
            "tanggal": timezone.localtime(ev.pada).date(),
            "jabatan": blok.get("jabatan", ""),
            "nama": blok.get("nama") or ev.penilai.nama,
            "nip": ev.penilai.nip_cetak,
        },
    )


def _kepala(u: PengukuranOpd) -> Penanda | None:
    """The head of the OPD holding office at the quarter's end (signs the LKj and the E.81)."""
    p = (
        Penugasan.objects.filter(jabatan__opd=u.opd, jabatan__jenis=Jabatan.Jenis.KEPALA_OPD, mulai__lte=u.tanggal_akhir)
        .exclude(selesai__lt=u.tanggal_akhir)
        .select_related("pegawai", "jabatan")
        .order_by("-mulai")
        .first()
    )
    if p is None:
        return None
    label = ("Plt. " if p.plt else "") + p.jabatan.nama
    return Penanda(label.upper(), p.pegawai.nama, p.pegawai.nip_cetak)


# --- LRA summary ----------------------------------------------------------------------


@dataclass
class DataLRA:
    periode: Periode
    opd: PerangkatDaerah
    baris: list[BarisAnggaran]
    jumlah: BarisAnggaran
    lra_bulan: str | None
    pakai_anggaran_perubahan: bool
    kepala: Penanda | None
    tempat: str
    pemda_nama: str
    catatan_lra: str | None = None


def _baris_lra(ix: Indeks) -> list[BarisAnggaran]:
    rows = []
    for i, p in enumerate(ix.u.program, 1):
        rows.append(baris_anggaran(ix, i, p))
        for k in p.kegiatan.all():
            rows.append(baris_anggaran(ix, 0, k))
            for s in k.sub_kegiatan.all():
                rows.append(baris_anggaran(ix, 0, s))
    return rows


def data_lra(opd, tahun, triwulan, tanggal=None, *, u=None, kepala=None) -> DataLRA:
    u = u or pengukuran_opd(opd, tahun, triwulan)
    ix = Indeks.dari(u)
    rows = _baris_lra(ix)
    return DataLRA(
        periode=Periode(tahun, triwulan, u.tanggal_akhir, tanggal or hari_kerja_setelah(u.tanggal_akhir)),
        opd=u.opd,
        baris=rows,
        jumlah=jumlah(ix, [r for r in rows if r.level == "program"]),
        lra_bulan=(f"{fmt.BULAN[u.lra.bulan - 1]} {u.lra.tahun}" if u.lra else None),
        pakai_anggaran_perubahan=u.pakai_anggaran_perubahan,
        kepala=kepala if kepala is not None else _kepala(u),
        tempat=u.opd.pemda.ibukota,
        pemda_nama=u.opd.pemda.nama,
        catatan_lra=u.catatan_lra,
    )


# --- OPD LKj ---------------------------------------------------------------------------

# The OPD LKj's chapters and sections: the template's headings and BAB I F. Sistematika read this one table.
BAB_OPD = (
    (
        "BAB I",
        "PENDAHULUAN",
        "Pada bab ini disajikan penjelasan umum organisasi, dengan penekanan kepada aspek strategis organisasi serta "
        "permasalahan utama (strategic issued) yang dihadapi organisasi.",
        (
            ("b1a", "A. Latar Belakang"),
            ("b1b", "B. Maksud dan Tujuan"),
            ("b1c", "C. Gambaran Umum"),
            ("b1d", "D. Aspek Strategis Organisasi"),
            ("b1e", "E. Permasalahan Utama (Strategic Issued)"),
            ("b1f", "F. Sistematika"),
        ),
    ),
    (
        "BAB II",
        "PERENCANAAN KINERJA",
        "Pada bab ini diuraikan ringkasan target tujuan perangkat daerah serta Perjanjian Kinerja tahun berjalan.",
        (("b21", "2.1 Target Tujuan Perangkat Daerah"), ("b22", "2.2 Perjanjian Kinerja")),
    ),
    (
        "BAB III",
        "AKUNTABILITAS KINERJA",
        "Pada bab ini disajikan pengukuran capaian kinerja serta evaluasi dan analisis capaian kinerja.",
        (
            ("b31", "3.1 Capaian Kinerja Organisasi"),
            ("b31a", "A. Capaian Kinerja Tujuan dan Sasaran Strategis"),
            ("b31b", "B. Capaian Kinerja Program yang Menunjang Kinerja Sasaran"),
            ("b31c", "C. Penyajian Data Kinerja dalam Bentuk Pengukuran Kinerja"),
            ("b31d", "D. Perbandingan Capaian dengan Tahun Lalu dan Target Renstra"),
            ("b32", "3.2 Evaluasi dan Analisis Capaian Kinerja"),
            ("b321", "1. Analisis Faktor Pendukung Keberhasilan Capaian Kinerja"),
            ("b322", "2. Analisis Faktor Penghambat Keberhasilan Capaian Kinerja"),
            ("b323", "3. Upaya / Solusi untuk Mengatasi Hambatan dalam Mencapai Kinerja"),
            ("b324", "4. Analisis Efisiensi Sumber Daya"),
            ("b325", "5. Analisis Program Penunjang Keberhasilan"),
            ("b326", "6. Realisasi Anggaran"),
        ),
    ),
    (
        "BAB IV",
        "PENUTUP",
        "Pada bab ini diuraikan simpulan umum atas capaian kinerja organisasi serta langkah yang akan dilakukan "
        "untuk meningkatkan kinerjanya.",
        (),
    ),
)


@dataclass(frozen=True)
class BabSistematika:
    nomor: str
    judul: str
    uraian: str
    bagian: tuple  # section titles printed in this document


@dataclass(frozen=True)
class NodeSotk:
    """One entry of the SOTK list: a unit (or the head's post) and the units under it."""

    nama: str
    anak: tuple = ()


def _sotk(kepala_jabatan: str | None, units: list[Unit]) -> list[NodeSotk]:
    """The organisation's structure from the unit tree: the head's post first, then each top unit with its children."""
    anak: dict = {}
    for unit in units:
        anak.setdefault(unit.induk_id, []).append(unit)

    def node(unit) -> NodeSotk:
        return NodeSotk(unit.nama, tuple(node(a) for a in anak.get(unit.pk, [])))

    daftar = [NodeSotk(kepala_jabatan)] if kepala_jabatan else []
    return daftar + [node(u) for u in anak.get(None, [])]


@dataclass(frozen=True)
class BarisRekening:
    """A line of the LRA lampiran: a program / kegiatan / sub kegiatan (sums) or one kode rekening of a sub kegiatan."""

    level: str  # program | kegiatan | sub_kegiatan | rekening
    kode: str
    uraian: str
    pagu: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    sisa: Decimal | None


def _lra_rekening(ix: Indeks, rows: list[BarisAnggaran]) -> list[BarisRekening]:
    """The quarter's LRA (its last month, the lines the measurement sums) down to each kode rekening; one query."""
    u = ix.u
    if u.lra is None:
        return []
    per_sub: dict = {}
    for r in RealisasiAnggaran.objects.filter(lra_import=u.lra).order_by("sub_kegiatan_id", "kode_rekening", "pk"):
        per_sub.setdefault(r.sub_kegiatan_id, []).append(r)
    hasil = []
    for b in rows:
        hasil.append(BarisRekening(b.level, b.kode, b.uraian, b.pagu, b.realisasi, b.capaian, b.sisa))
        if b.level == "sub_kegiatan":
            for r in per_sub.get(b.objek.pk, []):
                hasil.append(
                    BarisRekening(
                        "rekening",
                        r.kode_rekening,
                        r.uraian,
                        r.anggaran_setelah,
                        r.realisasi_sd,
                        ukur.capaian_anggaran(r.realisasi_sd, r.anggaran_setelah),
                        r.anggaran_setelah - r.realisasi_sd,
                    )
                )
    return hasil


@dataclass(frozen=True)
class KelompokFoto:
    """Dokumentasi of one unit (or of the office as a whole): photos with their captions and dates."""

    unit: str
    foto: tuple


def _dokumentasi_per_unit(u: PengukuranOpd, units: list[Unit]) -> list[KelompokFoto]:
    """Every photo of the quarter's narratives (the OPD's and each jabatan's), grouped by unit in the tree's order."""
    urutan = {unit.pk: i for i, unit in enumerate(units)}
    per: dict = {}
    qs = (
        Dokumentasi.objects.filter(narasi__opd=u.opd, narasi__tahun=u.tahun, narasi__triwulan=u.triwulan)
        .select_related("narasi__jabatan__unit")
        .order_by("narasi_id", "urutan", "tanggal", "pk")
    )
    for d in qs:
        jab = d.narasi.jabatan
        unit = jab.unit if jab is not None else None
        per.setdefault(unit.pk if unit else None, (unit.nama if unit else u.opd.nama, []))[1].append(d)
    kunci = sorted(per, key=lambda k: -1 if k is None else urutan.get(k, len(urutan)))
    return [KelompokFoto(per[k][0], tuple(per[k][1])) for k in kunci]


@dataclass(frozen=True)
class BarisPerbandingan:
    """A tujuan / sasaran indicator beside the same quarter last year and the Renstra's end-of-period target."""

    indikator: str
    satuan: str
    realisasi: Decimal | None
    realisasi_lalu: Decimal | None
    target_renstra: Decimal | None
    tahun_renstra: int | None
    capaian_renstra: Decimal | None


def _perbandingan(u: PengukuranOpd, baris: list) -> list[BarisPerbandingan]:
    """Only rows with data to compare: last year's realisation (measured by the same function) or a stored Renstra
    end-of-period target. Nothing is estimated; with neither, the table is left out."""
    if not baris:
        return []
    ids = [ind.pk for _t, ind, _k in baris]
    lalu = {}
    if Realisasi.objects.filter(indikator_id__in=ids, tahun=u.tahun - 1).exists():
        u_lalu = pengukuran_opd(u.opd, u.tahun - 1, u.triwulan)
        milik_lalu = {i.pk for o in (*u_lalu.tujuan, *u_lalu.sasaran) for i in u_lalu.indikator(o)}
        lalu = {i: u_lalu.kinerja(ind).realisasi for _t, ind, _k in baris if (i := ind.pk) in milik_lalu}
    hasil = []
    for _t, ind, kin in baris:
        # The Renstra end target and its capaian are the E.81's columns 6 and 16 (``PengukuranOpd.renstra``).
        rs = u.renstra(ind, kin.realisasi, None)
        target = rs.target_k if rs is not None else None
        if lalu.get(ind.pk) is None and target is None:
            continue
        hasil.append(
            BarisPerbandingan(
                ind.uraian,
                ind.satuan,
                ukur.bulatkan(kin.realisasi),
                ukur.bulatkan(lalu.get(ind.pk)),
                target,
                tahun_periode(rs.periode)[-1] if target is not None else None,
                rs.capaian_k if target is not None else None,
            )
        )
    return hasil


@dataclass
class DataLKjOpd:
    periode: Periode
    opd: PerangkatDaerah
    pemda_nama: str
    tempat: str
    kepala: Penanda | None
    units: list
    skala: list  # [(batas bawah, batas atas or None, predikat)]
    tujuan: list  # BarisTujuan from the E.81 + formulasi / sumber data
    tujuan_indikator: list  # [(Tujuan, Indikator, kinerja)] for Tabel 2.1/3.4
    sasaran: list[BarisKinerja]  # Tabel 3.2 / 3.4 (sasaran strategis)
    pk_kepala: PK | None  # Tabel 2.2 and lampiran
    program: list[BarisKinerja]  # Tabel 3.3 (program rows, Sekcam's sasaran)
    e81: LaporanE81
    lra: DataLRA
    narasi: TeksNarasi
    sotk: list = field(default_factory=list)  # [NodeSotk]
    lra_rekening: list = field(default_factory=list)  # [BarisRekening]
    dokumentasi: list = field(default_factory=list)  # [KelompokFoto]
    perbandingan: list = field(default_factory=list)  # [BarisPerbandingan]
    penanggung: dict = field(default_factory=dict)  # indicator pk -> Jabatan whose entry page holds its row
    formulir_e81: DataE81 | None = None  # the lampiran: the same Formulir E.81 the OPD signs as its own file
    asal_lampiran: list = field(default_factory=list)  # the optional lampiran "Asal angka" (lkj.asal.lampiran_asal)

    @property
    def judul(self) -> dict:
        """Section titles by key (the template's headings), from ``BAB_OPD``."""
        return {k: j for _n, _j, _u, bagian in BAB_OPD for k, j in bagian}

    @property
    def sistematika(self) -> list[BabSistematika]:
        """BAB I F: the chapters and sections this document prints (an absent optional section is not listed)."""
        tanpa = set() if self.perbandingan else {"b31d"}
        return [BabSistematika(n, j, u, tuple(t for k, t in bagian if k not in tanpa)) for n, j, u, bagian in BAB_OPD]

    @property
    def lampiran(self) -> list[str]:
        """What is attached, in the order printed (the Formulir E.81 is signed with this report as its own file)."""
        daftar = []
        if self.pk_kepala:
            daftar.append(f"{self.pk_kepala.judul.title()} {self.pk_kepala.pihak_pertama.jabatan}")
        daftar.append(f"Formulir E.81 Evaluasi terhadap Hasil Renja Perangkat Daerah {self.periode.nama}")
        if self.lra_rekening:
            daftar.append(f"Laporan Realisasi Anggaran bulan {self.lra.lra_bulan} per kode rekening")
        if self.dokumentasi:
            daftar.append("Dokumentasi kegiatan")
        if self.asal_lampiran:
            daftar.append("Asal angka Formulir E.81")
        return daftar

    def kosong(self) -> list[Kosong]:
        """The required sections still empty: the narrative (see ``WAJIB_OPD``) and measured rows without realisation."""
        hasil = _narasi_kosong(self.narasi, WAJIB_OPD)
        for r in (*self.sasaran, *self.program):
            if r.realisasi is None and r.indikator_obj is not None:
                jab = self.penanggung.get(r.indikator_obj.pk)
                hasil.append(Kosong(f"Realisasi {r.indikator} ({r.sasaran})", "baris", jab, r.indikator_obj.pk))
        return hasil

    @property
    def jumlah_sasaran_tercapai(self) -> int:
        return sum(1 for s in self.sasaran if ukur.tercapai(s.capaian))

    @property
    def jumlah_efisien(self) -> int:
        return sum(1 for p in self.program if ukur.efisien(p.efisiensi))


def _skala(u: PengukuranOpd) -> list:
    """Tabel 3.1 from the scale data: (lower bound, next band's lower bound, predikat), highest first."""
    pita = sorted(u.skala, key=lambda p: (p.batas_bawah is None, -(p.batas_bawah or 0)))
    rows, atas = [], None
    for p in pita:
        rows.append((p.batas_bawah, atas, p.predikat))
        atas = p.batas_bawah
    return rows


def baris_sasaran_program(ix: Indeks) -> tuple[list[BarisKinerja], list[BarisKinerja]]:
    """Tabel 3.2's sasaran rows and Tabel 3.3's program rows, numbered as printed."""
    u = ix.u
    sasaran = []
    for s in u.sasaran:
        for ind in u.indikator(s):
            sasaran.append(baris_kinerja(ix, len(sasaran) + 1, s.uraian, ind))
    program = []
    for p in u.program:
        for ind in u.indikator(p):
            program.append(baris_kinerja(ix, len(program) + 1, p.sasaran_uraian or p.nama, ind))
    return sasaran, program


def data_lkj_opd(opd, tahun, triwulan, tanggal=None, *, u=None) -> DataLKjOpd:
    u = u or pengukuran_opd(opd, tahun, triwulan)
    ix = Indeks.dari(u)
    periode = Periode(tahun, triwulan, u.tanggal_akhir, tanggal or hari_kerja_setelah(u.tanggal_akhir))
    kepala = _kepala(u)
    per, foto = _narasi(u, [])
    nar = per.get(None)
    narasi = TeksNarasi.dari(nar, foto.get(nar.pk) if nar else None)

    lap = laporan_e81(u)
    sasaran, program = baris_sasaran_program(ix)
    tujuan_indikator = [(t, ind, u.kinerja(ind)) for t in u.tujuan for ind in u.indikator(t)]

    kepala_jabatan = Jabatan.objects.filter(opd=u.opd, jenis=Jabatan.Jenis.KEPALA_OPD).values_list("pk", flat=True).first()
    pk_kepala = muat_pk(ix, [kepala_jabatan]).get(kepala_jabatan) if kepala_jabatan else None
    units = list(Unit.objects.filter(opd=u.opd).order_by("pk"))
    kepala_nama = Jabatan.objects.filter(pk=kepala_jabatan).values_list("nama", flat=True).first() if kepala_jabatan else None
    lra = data_lra(opd, tahun, triwulan, periode.tanggal, u=u, kepala=kepala)
    penanggung = {}
    for r in (*sasaran, *program):
        pj = u.penanggung_jawab(r.indikator_obj) if r.indikator_obj is not None else None
        if pj is not None:
            penanggung[r.indikator_obj.pk] = pj.jabatan

    return DataLKjOpd(
        periode=periode,
        opd=u.opd,
        pemda_nama=u.opd.pemda.nama,
        tempat=u.opd.pemda.ibukota,
        kepala=kepala,
        units=units,
        skala=_skala(u),
        tujuan=lap.tujuan,
        tujuan_indikator=tujuan_indikator,
        sasaran=sasaran,
        pk_kepala=pk_kepala,
        program=program,
        e81=lap,
        lra=lra,
        narasi=narasi,
        sotk=_sotk(kepala_nama, units),
        lra_rekening=_lra_rekening(ix, lra.baris),
        dokumentasi=_dokumentasi_per_unit(u, units),
        perbandingan=_perbandingan(u, tujuan_indikator + [(s, i, u.kinerja(i)) for s in u.sasaran for i in u.indikator(s)]),
        penanggung=penanggung,
        formulir_e81=data_e81(opd, tahun, triwulan, periode.tanggal, u=u, lap=lap, narasi=narasi, kepala=kepala),
    )


# --- Laporan Kinerja Individu -------------------------------------------------------------


@dataclass(frozen=True)
class KelompokAktivitas:
    """The aktivitas behind one percentage indicator: planned / done, and the total the selector computed."""

    judul: str
    baris: tuple  # (kelompok, uraian, rencana, terlaksana or None)
    total_rencana: Decimal | None
    total_terlaksana: Decimal | None
    realisasi: Decimal | None
    jenis: str = Indikator.Jenis.PERSENTASE
    satuan: str = ""

    @property
    def total_teks(self) -> str:
        """The total line as the indicator is measured: a percentage Σ done ÷ Σ planned, a count the count done,
        an index its value (decisions §3)."""
        if self.jenis == Indikator.Jenis.PERSENTASE:
            if self.persen_terlaksana is None:
                return "Realisasi = -"
            return (
                f"Realisasi = {fmt.angka(self.total_terlaksana)} / {fmt.angka(self.total_rencana)} × 100% "
                f"= {fmt.persen(self.realisasi if self.realisasi is not None else self.persen_terlaksana)}"
            )
        if self.jenis == Indikator.Jenis.JUMLAH:
            return (
                f"Realisasi = {fmt.nilai_satuan(self.realisasi, self.satuan)} terlaksana "
                f"dari {fmt.angka(self.total_rencana)} yang direncanakan"
            )
        return f"Realisasi (indeks) = {fmt.nilai_satuan(self.realisasi, self.satuan)}"

    @property
    def persen_terlaksana(self) -> Decimal | None:
        """Terlaksana / direncanakan × 100 (the total line), also for a count indicator whose realisation is the count."""
        if self.total_terlaksana is None or self.total_rencana is None:
            return None
        return ukur.persen(self.total_terlaksana, self.total_rencana)


@dataclass
class DataIndividu:
    periode: Periode
    opd: PerangkatDaerah
    pemda_nama: str
    tempat: str
    pk: PK
    eselon: bool  # Tabel 2.3 cost per outcome (eselon III/IV) or Data Kinerja (staff)
    aktivitas: list[KelompokAktivitas]
    narasi: TeksNarasi
    tanggapan: tuple  # (option, ticked)
    tanggapan_ket: str
    # Who co-signs ("Mengetahui"): the reviewer of lkj.tinjauan, who is not the PK's pihak kedua
    # when that is the holder himself (decisions §7, nobody reviews himself).
    mengetahui: Penanda | None = None

    @property
    def judul_jabatan(self) -> str:
        return self.pk.pihak_pertama.jabatan

    @property
    def pendahuluan(self) -> str:
        """BAB I's opening sentence from data: jabatan, unit, OPD, period and the PK measured against."""
        pk, p = self.pk, self.periode
        unit = pk.jabatan.unit.nama if pk.jabatan.unit_id else ""
        letak = f" pada {unit}" if unit and unit.lower() not in self.judul_jabatan.lower() else ""
        teks = (
            f"Laporan Kinerja Individu ini memuat capaian kinerja {self.judul_jabatan}{letak} {self.opd.nama} "
            f"sampai dengan {p.nama} ({p.bulan}) Tahun {p.tahun}, diukur terhadap {len(pk.baris)} indikator kinerja "
            f"pada {pk.versi.get_jenis_display()} tanggal {fmt.tanggal(pk.versi.tanggal)}"
        )
        if pk.memegang_anggaran and pk.jumlah is not None and pk.jumlah.pagu is not None:
            teks += f" dengan anggaran sebesar Rp {fmt.rupiah(pk.jumlah.pagu)}"
        return teks + "."

    @property
    def tugas_pokok(self) -> str:
        """BAB III's regulation sentence, from the OPD's data (empty when the OPD has not recorded it)."""
        if not (self.opd.peraturan_tupoksi and self.opd.tugas_pokok):
            return ""
        return f"{self.opd.nama} yang mempunyai tugas pokok sesuai {self.opd.peraturan_tupoksi} adalah {self.opd.tugas_pokok.rstrip('.')}."

    @property
    def lampiran(self) -> list[str]:
        daftar = [f"{self.pk.judul.title()} {self.judul_jabatan}"]
        if self.narasi.dokumentasi:
            daftar.append("Dokumentasi kegiatan")
        return daftar

    def kosong(self) -> list[Kosong]:
        """The required sections still empty: the narrative (``WAJIB_INDIVIDU``), PK rows without realisation and the
        OPD's regulation on tugas pokok (BAB III)."""
        hasil = _narasi_kosong(self.narasi, WAJIB_INDIVIDU)
        for b in self.pk.baris:
            if b.realisasi is None and b.indikator_obj is not None:
                hasil.append(Kosong(f"Realisasi {b.indikator}", "baris", self.pk.jabatan, b.indikator_obj.pk))
        if not self.tugas_pokok:
            hasil.append(Kosong("BAB III — peraturan dan tugas pokok perangkat daerah (data perangkat daerah)", "opd"))
        return hasil


def _aktivitas(ix: Indeks, rows: list[BarisKinerja]) -> list[KelompokAktivitas]:
    """Aktivitas tables for PK rows computed from aktivitas; totals are the selector's pembilang/penyebut."""
    u = ix.u
    hasil = []
    for r in rows:
        ind = r.indikator_obj
        if ind is None or ind.sumber_realisasi != Indikator.SumberRealisasi.AKTIVITAS:
            continue
        if ind.kegiatan_id:
            kegiatan = [ix.kegiatan[ind.kegiatan_id]] if ind.kegiatan_id in ix.kegiatan else []
        else:
            prog = ix.program.get(ind.program_id)
            kegiatan = [
                k
                for k in (prog.kegiatan.all() if prog else [])
                if any(i.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS for i in u.indikator(k))
            ]
        baris = []
        for k in kegiatan:
            # The selector keeps the quarter's aktivitas per kegiatan; reading it keeps one load per quarter.
            for akt, done in u.aktivitas(k.pk):
                baris.append((akt.kelompok or k.nama, akt.uraian, akt.rencana, done))
        hasil.append(KelompokAktivitas(r.indikator, tuple(baris), r.penyebut, r.pembilang, r.realisasi, ind.jenis, ind.satuan))
    return hasil


def data_individu_semua(opd, tahun, triwulan, tanggal=None, *, u=None, jabatan_ids=None) -> dict[int, DataIndividu]:
    """Every Laporan Kinerja Individu of the quarter (one per jabatan with a PK, except the head of the OPD,
    whose report is the OPD LKj), from one measurement and a fixed number of queries."""
    u = u or pengukuran_opd(opd, tahun, triwulan)
    ix = Indeks.dari(u)
    periode = Periode(tahun, triwulan, u.tanggal_akhir, tanggal or hari_kerja_setelah(u.tanggal_akhir))
    pks = muat_pk(ix, jabatan_ids)
    per, foto = _narasi(u, list(pks))
    tanggapan = _tanggapan(u, list(pks))
    pihak = pihak_semua(u.opd, u.tahun, u.triwulan, list(pks))
    hasil = {}
    for jabatan_id, pk in pks.items():
        if pk.jabatan.jenis == Jabatan.Jenis.KEPALA_OPD and jabatan_ids is None:
            continue
        nar = per.get(jabatan_id)
        hasil[jabatan_id] = DataIndividu(
            periode=periode,
            opd=u.opd,
            pemda_nama=u.opd.pemda.nama,
            tempat=u.opd.nama_pendek or u.opd.nama,
            pk=pk,
            eselon=pk.jabatan.memegang_anggaran,
            aktivitas=_aktivitas(ix, pk.baris),
            narasi=TeksNarasi.dari(nar, foto.get(nar.pk) if nar else None),
            # The atasan's answer recorded by the review (lkj.tinjauan); unticked until he answers.
            tanggapan=tuple((t, t == tanggapan.get(jabatan_id, ("", ""))[0]) for t in TANGGAPAN_PILIHAN),
            tanggapan_ket=tanggapan.get(jabatan_id, ("", ""))[1],
            mengetahui=_mengetahui(pihak.get(jabatan_id), pk),
        )
    return dict(sorted(hasil.items(), key=lambda kv: _urutan_jabatan(kv[1].pk.jabatan)))


def _mengetahui(ph, pk: PK) -> Penanda:
    """The co-signing block: the PK's pihak kedua, unless review passed to someone else."""
    if ph is None or not ph.dialihkan:
        return pk.pihak_kedua
    if ph.atasan is None:
        return Penanda("", "", "")
    return _penanda(ph.atasan, ph.atasan_label)


def _tanggapan(u: PengukuranOpd, jabatan_ids: list) -> dict[int, tuple[str, str]]:
    """The atasan's Tanggapan per jabatan (option label, comment): one query."""
    hasil = {}
    for lap in Laporan.objects.filter(opd=u.opd, tahun=u.tahun, triwulan=u.triwulan, jabatan_id__in=jabatan_ids).exclude(tanggapan=""):
        hasil[lap.jabatan_id] = (lap.get_tanggapan_display(), lap.tanggapan_ket)
    return hasil


_URUTAN_JENIS = {j: i for i, j in enumerate(Jabatan.Jenis.values)}


def _urutan_jabatan(j: Jabatan):
    return (_URUTAN_JENIS.get(j.jenis, 9), j.unit_id or 0, j.pk)


def data_individu(opd, tahun, triwulan, jabatan, tanggal=None, *, u=None) -> DataIndividu | None:
    return data_individu_semua(opd, tahun, triwulan, tanggal, u=u, jabatan_ids=[jabatan.pk]).get(jabatan.pk)


def data_pk(opd, tahun, triwulan, jabatan, *, u=None) -> PK | None:
    u = u or pengukuran_opd(opd, tahun, triwulan)
    return muat_pk(Indeks.dari(u), [jabatan.pk]).get(jabatan.pk)


def jabatan_ber_pk(opd, tahun, triwulan) -> list[Jabatan]:
    """Jabatan with a PK version in force at the quarter's end, head first."""
    qs = Jabatan.objects.filter(
        opd=opd, perjanjian__tahun=tahun, perjanjian__versi__tanggal__lte=akhir_triwulan(tahun, triwulan)
    ).distinct()
    return sorted(qs, key=_urutan_jabatan)
