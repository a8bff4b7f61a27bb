"""Reads that cross the layers: the measurement of one OPD for one quarter.

``pengukuran_opd`` loads everything a quarter's documents need in a fixed
number of queries (no query per row) and answers every figure through one
method each: the LKj, the E.81 and the individual reports share it, so a
number can never be computed two ways.

Every figure carries its explanation ("Asal angka", ``dasar.pengukuran.Asal``): the
rule that computes it records its operands, and the loader here names the record
each operand was read from (``Sumber``: PK row and version, realisation with its
``versi``, aktivitas, LRA line and upload). What a page prints and what its
explanation says are one computation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, Q

from anggaran.models import LraImport, RealisasiAnggaran
from dasar import format as fmt
from dasar import pengukuran as ukur
from dasar.format import BULAN, ROMAWI
from dasar.pengukuran import Asal, Operand, Sumber
from dasar.periode import akhir_triwulan, periode_renstra
from lkj.models import PengaturanPengukuran, PredikatPita
from organisasi.cache_stempel import CacheStempel
from organisasi.models import Jabatan, PerangkatDaerah
from perjanjian.models import PKBaris, PKVersi
from renja.kode import Kode, KodeTidakValid
from renja.models import (
    Aktivitas,
    AktivitasRealisasi,
    Indikator,
    Kegiatan,
    NilaiRenstra,
    Program,
    Realisasi,
    Sasaran,
    SubKegiatan,
    Target,
    Tujuan,
)


@dataclass(frozen=True)
class Kinerja:
    """Target, realisation and capaian of one indicator in one quarter."""

    target: Decimal | None
    realisasi: Decimal | None  # exact; shown rounded to 2 dp
    capaian: Decimal | None  # 2 dp
    pembilang: Decimal | None = None
    penyebut: Decimal | None = None
    catatan: str = ""
    # How each was made (Asal angka): the capaian's operands are the realisation's and the target's.
    asal: Asal | None = field(default=None, compare=False, repr=False)
    asal_target: Asal | None = field(default=None, compare=False, repr=False)
    asal_realisasi: Asal | None = field(default=None, compare=False, repr=False)

    @property
    def realisasi_2dp(self):
        return ukur.bulatkan(self.realisasi)


@dataclass(frozen=True)
class Anggaran:
    pagu: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None  # 2 dp
    asal_pagu: Asal | None = field(default=None, compare=False, repr=False)
    asal_realisasi: Asal | None = field(default=None, compare=False, repr=False)
    asal: Asal | None = field(default=None, compare=False, repr=False)  # the capaian's

    @property
    def sisa(self) -> Decimal | None:
        """Sisa anggaran: pagu − realisasi (the whole pagu while no LRA is in)."""
        if self.pagu is None:
            return None
        return self.pagu - (self.realisasi or Decimal(0))


@dataclass(frozen=True)
class Renstra:
    """Formulir E.81 columns 6, 7, 15 and 16 of one indicator row, K and Rp (decisions §6).

    Empty (None) where the planning workbook's sheet "Renstra" holds nothing for that side.
    """

    periode: str
    target_k: Decimal | None  # 6
    target_rp: Decimal | None
    sd_tahun_lalu_k: Decimal | None  # 7
    sd_tahun_lalu_rp: Decimal | None
    sd_tahun_ini_k: Decimal | None  # 15 = 7 + 13 (index, percentage: the latest value)
    sd_tahun_ini_rp: Decimal | None
    capaian_k: Decimal | None  # 16 = 15 / 6, 2 dp
    capaian_rp: Decimal | None


@dataclass(frozen=True)
class Penanggung:
    versi: PKVersi
    jabatan: Jabatan

    @property
    def label_e81(self) -> str:
        """Structural posts by jabatan, staff by name (the E.81's "Nama Bagian / Penanggungjawab")."""
        if self.jabatan.jenis == Jabatan.Jenis.STAF:
            return self.versi.pihak_pertama.nama.split(",")[0].strip()
        return self.jabatan.nama


@dataclass
class PengukuranOpd:
    opd: PerangkatDaerah
    tahun: int
    triwulan: int
    tanggal_akhir: datetime.date
    skala: tuple
    tingkat_rata_rata: str
    pakai_anggaran_perubahan: bool  # the quarter's LRA shows a changed budget (wording only; the figures never ask)
    lra: LraImport | None
    tujuan: list
    sasaran: list
    program: list
    _target: dict = field(repr=False)
    _realisasi: dict = field(repr=False)
    _aktivitas: dict = field(repr=False)
    _pagu: dict = field(repr=False)
    _realisasi_rp: dict = field(repr=False)
    _penanggung: dict = field(repr=False)
    _indikator: dict = field(repr=False)
    _renstra: dict = field(default_factory=dict, repr=False)
    _label_sub: dict = field(default_factory=dict, repr=False)
    sumber_skala: dict = field(default_factory=dict, repr=False)  # Pita → the PredikatPita row it is stored in

    @property
    def nama_bulan_lra(self) -> str:
        """The LRA month a quarter uses: its last month (TW III → September)."""
        return f"{BULAN[3 * self.triwulan - 1]} {self.tahun}"

    @property
    def catatan_lra(self) -> str | None:
        """What the page and the documents say when the quarter's LRA month is missing (decisions §3)."""
        return None if self.lra is not None else f"LRA {self.nama_bulan_lra} belum diimpor"

    # --- kinerja ---------------------------------------------------------
    def indikator(self, obj) -> list[Indikator]:
        """Indicators attached to a tujuan/sasaran/program/kegiatan/sub kegiatan, in order."""
        return self._indikator.get((type(obj).__name__, obj.pk), [])

    def kinerja(self, ind: Indikator) -> Kinerja:
        t = self._target.get(ind.pk) or ukur.nilai_asal(
            "target", None, keterangan=f"Tidak ada target tahunan {self.tahun}: tidak di PK yang berlaku dan tidak di Renja."
        )
        pembilang = penyebut = None
        catatan = ""
        if ind.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS:
            r, pembilang, penyebut = self._dari_aktivitas(ind)
        else:
            rs = self._realisasi_untuk(ind)
            if rs is None:
                r = ukur.nilai_asal("realisasi", None, keterangan=f"Realisasi s.d. Triwulan {ROMAWI[self.triwulan]} belum diisi.")
            else:
                sumber = (_sumber_realisasi(rs),)
                ket = ""
                if rs.triwulan != self.triwulan:
                    ket = f"Indeks memakai nilai terakhir yang diisi (Triwulan {ROMAWI[rs.triwulan]}), tidak dijumlahkan."
                if rs.nilai is not None:
                    r = ukur.nilai_asal("realisasi", rs.nilai, sumber=sumber, keterangan=ket)
                else:
                    pembilang, penyebut = rs.pembilang, rs.penyebut
                    r = ukur.persen_asal(Operand("pembilang", pembilang, sumber=sumber), Operand("penyebut", penyebut, sumber=sumber))
                catatan = rs.catatan_sumber
        c = ukur.capaian_kinerja_asal(Operand("realisasi", r.hasil, asal=r), Operand("target", t.hasil, asal=t), ind.polaritas)
        return Kinerja(t.hasil, r.hasil, c.hasil, pembilang, penyebut, catatan, asal=c, asal_target=t, asal_realisasi=r)

    def renstra(self, ind: Indikator, realisasi_k: Decimal | None, realisasi_rp: Decimal | None) -> Renstra | None:
        """Columns 6, 7, 15, 16 of ``ind``'s row, with this quarter's realisation (column 13) given; None
        when the Renstra sheet holds nothing for it. Only the years of the period before this one count
        in column 7; a count and money add up, an index or a percentage keeps its latest value."""
        ada = self._renstra.get(ind.pk)
        if ada is None:
            return None
        periode, target, per_tahun = ada
        lalu = [per_tahun[t] for t in sorted(per_tahun) if t < self.tahun]
        akumulasi = ind.jenis == Indikator.Jenis.JUMLAH
        ada_k = (target is not None and target.kinerja is not None) or any(r.kinerja is not None for r in lalu)
        ada_rp = (target is not None and target.anggaran is not None) or any(r.anggaran is not None for r in lalu)
        target_k = target.kinerja if target is not None else None
        target_rp = target.anggaran if target is not None else None
        lalu_k = ukur.renstra_sd_tahun_lalu((r.kinerja for r in lalu), akumulasi)
        lalu_rp = ukur.renstra_sd_tahun_lalu((r.anggaran for r in lalu), True)
        sd_k = ukur.renstra_sd_tahun_ini(lalu_k, realisasi_k, akumulasi) if ada_k else None
        sd_rp = ukur.renstra_sd_tahun_ini(lalu_rp, realisasi_rp, True) if ada_rp else None
        return Renstra(
            periode=periode,
            target_k=target_k,
            target_rp=target_rp,
            sd_tahun_lalu_k=lalu_k,
            sd_tahun_lalu_rp=lalu_rp,
            sd_tahun_ini_k=sd_k,
            sd_tahun_ini_rp=sd_rp,
            capaian_k=ukur.capaian_kinerja(sd_k, target_k, ind.polaritas),
            capaian_rp=ukur.capaian_anggaran(sd_rp, target_rp),
        )

    def _realisasi_untuk(self, ind):
        per_tw = self._realisasi.get(ind.pk, {})
        if self.triwulan in per_tw:
            return per_tw[self.triwulan]
        if ind.jenis == Indikator.Jenis.INDEKS:
            # An index keeps its latest value (e.g. the semester SKM result), never a sum.
            earlier = [tw for tw in per_tw if tw < self.triwulan]
            if earlier:
                return per_tw[max(earlier)]
        return None

    def aktivitas(self, kegiatan_id: int) -> list:
        """The kegiatan's aktivitas with the quarter's done count (None when not entered), in order."""
        return [(a.aktivitas, a.terlaksana) for a in self._aktivitas.get(kegiatan_id, [])]

    def _dari_aktivitas(self, ind):
        if ind.kegiatan_id:
            kegiatan_ids = [ind.kegiatan_id]
        else:
            # A program sums the aktivitas of its kegiatan whose own indicator is aktivitas-based;
            # it is never an average of the kegiatan percentages.
            kegiatan_ids = [
                k.pk
                for p in self.program
                if p.pk == ind.program_id
                for k in p.kegiatan.all()
                if any(i.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS for i in self.indikator(k))
            ]
        terlaksana, rencana = [], []
        for kid in kegiatan_ids:
            for a in self._aktivitas.get(kid, []):
                terlaksana.append(a.op_terlaksana)
                rencana.append(a.op_rencana)
        t = ukur.jumlah_asal(terlaksana, keterangan="" if any(o.dipakai for o in terlaksana) else "Belum ada jumlah terlaksana yang diisi.")
        r = ukur.jumlah_asal(rencana)
        if t.hasil is None:
            penyebut = r.hasil or None
        else:
            penyebut = r.hasil
        if ind.jenis == Indikator.Jenis.JUMLAH:
            return t, t.hasil, penyebut
        hasil = ukur.persen_asal(
            Operand("pembilang", t.hasil, "aktivitas terlaksana", asal=t), Operand("penyebut", r.hasil, "aktivitas direncanakan", asal=r)
        )
        return hasil, t.hasil, penyebut

    # --- anggaran --------------------------------------------------------
    def _sub_ids(self, obj) -> list[int]:
        if isinstance(obj, SubKegiatan):
            return [obj.pk]
        if isinstance(obj, Kegiatan):
            return [s.pk for s in obj.sub_kegiatan.all()]
        if isinstance(obj, Program):
            return [s.pk for k in obj.kegiatan.all() for s in k.sub_kegiatan.all()]
        if isinstance(obj, Sasaran):
            return [sid for p in self.program if p.sasaran_strategis_id == obj.pk for sid in self._sub_ids(p)]
        return []

    def anggaran(self, obj) -> Anggaran:
        """Pagu and realisation from the LRA of the quarter's last month, and their ratio.

        Both come from that one month ("anggaran setelah perubahan" and "s/d bulan ini"); without
        it both are n/a (``catatan_lra`` says so), never taken from another month.
        """
        return self._anggaran_sub(self._sub_ids(obj))

    def anggaran_jumlah(self, objs) -> Anggaran:
        """The total of several program/kegiatan/sub kegiatan (a table's JUMLAH row).

        Summed over their sub kegiatan, each counted once: a PK listing a program and one
        of its kegiatan still totals the money that exists, not the lines printed.
        """
        ids = list(dict.fromkeys(i for obj in objs for i in self._sub_ids(obj)))
        return self._anggaran_sub(ids)

    def _anggaran_sub(self, ids) -> Anggaran:
        if not ids or self.lra is None:
            ket = self.catatan_lra if self.lra is None else "Tidak ada sub kegiatan di bawahnya: anggaran hanya melekat pada sub kegiatan."
            kosong = ukur.nilai_asal("pagu", None, keterangan=ket)
            nihil = ukur.nilai_asal("realisasi_rp", None, keterangan=ket)
            c = ukur.capaian_anggaran_asal(Operand("realisasi_rp", None, asal=nihil), Operand("pagu", None, asal=kosong))
            return Anggaran(None, None, None, kosong, nihil, c)
        pagu = self._jumlah_sub(ids, self._pagu, "pagu")
        realisasi = self._jumlah_sub(ids, self._realisasi_rp, "realisasi_rp")
        c = ukur.capaian_anggaran_asal(Operand("realisasi_rp", realisasi.hasil, asal=realisasi), Operand("pagu", pagu.hasil, asal=pagu))
        return Anggaran(pagu.hasil, realisasi.hasil, c.hasil, pagu, realisasi, c)

    def _jumlah_sub(self, ids, per_sub: dict, nama: str) -> Asal:
        """A sum over sub kegiatan: each sub kegiatan's own sum of its LRA lines (one sub kegiatan: that sum)."""
        asal = [per_sub.get(i) or self._tanpa_baris(nama) for i in ids]
        if len(asal) == 1:
            return asal[0]
        return ukur.jumlah_asal(Operand("sub_kegiatan", a.hasil, self._label_sub.get(i, ""), asal=a) for i, a in zip(ids, asal))

    def _tanpa_baris(self, nama: str) -> Asal:
        return ukur.nilai_asal(nama, Decimal(0), keterangan=f"Sub kegiatan ini tidak ada di LRA {self.nama_bulan_lra}: dihitung 0.")

    def efisiensi(self, ind: Indikator, obj) -> Decimal | None:
        return self.efisiensi_asal(ind, obj).hasil

    def efisiensi_asal(self, ind: Indikator, obj) -> Asal:
        """Capaian kinerja of ``ind`` − capaian anggaran of ``obj`` (the object it hangs on), with both explained."""
        k, a = self.kinerja(ind), self.anggaran(obj)
        return ukur.efisiensi_asal(Operand("capaian_kinerja", k.capaian, asal=k.asal), Operand("capaian_anggaran", a.capaian, asal=a.asal))

    # --- other -------------------------------------------------------------
    def predikat(self, capaian):
        return ukur.predikat(capaian, self.skala)

    def predikat_asal(self, capaian: Operand) -> Asal:
        """The predikat of a capaian with the scale's bands (the pemda's, else Permendagri 86/2017 T-E.1)."""
        return ukur.predikat_asal(capaian, self.skala, self.sumber_skala)

    def penanggung_jawab(self, ind: Indikator) -> Penanggung | None:
        return self._penanggung.get(ind.pk)

    def jabatan_penanggung(self, indikator_id: int) -> int | None:
        """The jabatan whose PK in force carries the indicator (its rows and evidence are filed under it)."""
        p = self._penanggung.get(indikator_id)
        return p.jabatan.pk if p is not None else None

    def kode(self, obj) -> Kode:
        urusan = self.opd.kode_urusan
        if isinstance(obj, Program):
            return Kode(urusan, obj.kode, None, None)
        if isinstance(obj, Kegiatan):
            return Kode(urusan, obj.program.kode, obj.kode, None)
        return Kode(urusan, obj.kegiatan.program.kode, obj.kegiatan.kode, obj.kode)


def skala_predikat(pemda) -> tuple:
    return _skala_dan_sumber(pemda)[0]


def _skala_dan_sumber(pemda) -> tuple[tuple, dict]:
    """The pemda's predikat scale, and the row each band is stored in (none: the default of Permendagri 86/2017)."""
    baris = list(PredikatPita.objects.filter(pemda=pemda))
    if not baris:
        return ukur.urutkan_skala(ukur.SKALA_BAKU), {}
    sumber = {ukur.Pita(p.batas_bawah, p.predikat): Sumber("lkj.PredikatPita", p.pk) for p in baris}
    return ukur.urutkan_skala(sumber), sumber


@dataclass(frozen=True)
class _Aktivitas:
    """An aktivitas with its done count of the quarter, and both as the operands of its kegiatan's sum."""

    aktivitas: Aktivitas
    realisasi: AktivitasRealisasi | None
    op_terlaksana: Operand
    op_rencana: Operand

    @property
    def terlaksana(self) -> Decimal | None:
        return None if self.realisasi is None else Decimal(self.realisasi.terlaksana)


def _kode_label(urusan, program, kegiatan=None, sub_kegiatan=None) -> str:
    """The E.81 code for an operand's label; a code still invalid shows as stored (the admin says what is wrong)."""
    try:
        return Kode(urusan, program, kegiatan, sub_kegiatan).e81
    except KodeTidakValid:
        return ".".join(x for x in (urusan, program, kegiatan, sub_kegiatan) if x)


def _waktu(dt) -> str | None:
    return dt.isoformat() if dt is not None else None


def _sumber_realisasi(rs: Realisasi) -> Sumber:
    return Sumber(
        "renja.Realisasi",
        rs.pk,
        rs.versi,
        {
            "indikator_id": rs.indikator_id,
            "tahun": rs.tahun,
            "triwulan": rs.triwulan,
            "diubah_oleh_id": rs.diubah_oleh_id,
            "diubah_pada": _waktu(rs.diubah_pada),
            "catatan_sumber": rs.catatan_sumber,
        },
    )


def _sumber_versi(v: PKVersi) -> Sumber:
    return Sumber(
        "perjanjian.PKVersi",
        v.pk,
        None,
        {
            "jenis": v.get_jenis_display(),
            "tanggal": v.tanggal.isoformat(),
            "nomor_dokumen": v.nomor_dokumen,
            "jabatan_id": v.perjanjian.jabatan_id,
            "jabatan": v.perjanjian.jabatan.nama,
        },
    )


def _sumber_lra(lra: LraImport) -> Sumber:
    return Sumber(
        "anggaran.LraImport",
        lra.pk,
        None,
        {
            "tahun": lra.tahun,
            "bulan": lra.bulan,
            "nama_file": lra.nama_file,
            "sha256": lra.sha256,
            "diunggah_oleh_id": lra.diunggah_oleh_id,
            "diunggah_pada": _waktu(lra.diunggah_pada),
        },
    )


# The quarters measured lately by this process, under the OPD's data stamp (``organisasi.cache_stempel``):
# a quarter's figures depend only on (opd, tahun, triwulan) and the OPD's stored data.
cache_pengukuran = CacheStempel("LKJ_CACHE_PENGUKURAN")
# Small results pages show of a quarter beside its measurement (who answers the reports that wait on a
# pegawai, what a report still lacks), under the same stamps; ``LKJ_CACHE_TAMPILAN`` entries.
cache_tampilan = CacheStempel("LKJ_CACHE_TAMPILAN")


def kunci_fragmen(opd: PerangkatDaerah, tahun: int, triwulan: int) -> str | None:
    """A key naming the quarter's stored data, for a rendered fragment that shows only its measurement (the
    E.81 page's table, through Django's ``{% cache %}``): the database, the quarter and the OPD's data stamp;
    None wherever the measurement cache itself would not answer. Read it before the measurement."""
    stempel = cache_pengukuran.stempel([opd.pk])
    return None if stempel is None else f"{connection.settings_dict['NAME']}:{opd.pk}:{tahun}:{triwulan}:{stempel[0]}"


def pengukuran_opd(opd: PerangkatDaerah, tahun: int, triwulan: int) -> PengukuranOpd:
    """Everything measured for ``opd`` in ``tahun``/``triwulan``: from this process's cache when the OPD's
    data stamp has not moved since it was measured (one query), else loaded in a fixed number of queries."""
    if triwulan not in (1, 2, 3, 4):
        raise ValueError("Triwulan harus 1 sampai 4.")
    return cache_pengukuran.ambil(opd.pk, tahun, triwulan, lambda: _ukur_opd(opd, tahun, triwulan))


def _ukur_opd(opd: PerangkatDaerah, tahun: int, triwulan: int) -> PengukuranOpd:
    opd = PerangkatDaerah.objects.select_related("pemda").get(pk=opd.pk)
    akhir = akhir_triwulan(tahun, triwulan)

    pengaturan = PengaturanPengukuran.objects.filter(pemda=opd.pemda).first()
    tingkat = pengaturan.tingkat_rata_rata if pengaturan else PengaturanPengukuran.Tingkat.PROGRAM

    tujuan = list(Tujuan.objects.filter(opd=opd).order_by("-periode", "kode"))
    sasaran = list(Sasaran.objects.filter(tujuan__opd=opd).select_related("tujuan").order_by("tujuan__kode", "kode"))
    program = list(
        Program.objects.filter(opd=opd, tahun=tahun)
        .order_by("kode")
        .prefetch_related(
            Prefetch("kegiatan", queryset=Kegiatan.objects.select_related("program").order_by("kode")),
            Prefetch("kegiatan__sub_kegiatan", queryset=SubKegiatan.objects.select_related("kegiatan__program").order_by("kode")),
        )
    )

    indikator = list(
        Indikator.objects.filter(opd=opd)
        .filter(
            # tujuan/sasaran indicators belong to a Renstra period; planning ones to a year
            Q(program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=True)
            | Q(program__tahun=tahun)
            | Q(kegiatan__program__tahun=tahun)
            | Q(sub_kegiatan__kegiatan__program__tahun=tahun)
        )
        .order_by("urutan", "id")
    )
    per_obj = defaultdict(list)
    model_of = {"tujuan": "Tujuan", "sasaran": "Sasaran", "program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "SubKegiatan"}
    for ind in indikator:
        per_obj[(model_of[ind.level], getattr(ind, f"{ind.level}_id"))].append(ind)
    ind_ids = [i.pk for i in indikator]

    # The Renja annual target: only where no PK row in force states one (overridden below).
    target = {
        t.indikator_id: ukur.nilai_asal(
            "target",
            t.nilai,
            sumber=(Sumber("renja.Target", t.pk, None, {"tahun": t.tahun}),),
            keterangan=f"Target Renja {tahun}: tidak ada baris PK berlaku yang menyatakan target.",
        )
        for t in Target.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan__isnull=True)
    }
    realisasi = defaultdict(dict)
    for r in Realisasi.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan__lte=triwulan):
        realisasi[r.indikator_id][r.triwulan] = r

    done = {
        ar.aktivitas_id: ar
        for ar in AktivitasRealisasi.objects.filter(aktivitas__kegiatan__program__opd=opd, aktivitas__tahun=tahun, triwulan=triwulan)
    }
    label_kegiatan, label_sub = {}, {}
    for p in program:
        for k in p.kegiatan.all():
            label_kegiatan[k.pk] = _kode_label(opd.kode_urusan, p.kode, k.kode)
            for sk in k.sub_kegiatan.all():
                label_sub[sk.pk] = f"{_kode_label(opd.kode_urusan, p.kode, k.kode, sk.kode)} {sk.nama}"
    aktivitas = defaultdict(list)
    for a in Aktivitas.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=tahun, tahun=tahun).order_by("urutan", "id"):
        ar = done.get(a.pk)
        label = f"{label_kegiatan.get(a.kegiatan_id, '')} · {a.kelompok + ' — ' if a.kelompok else ''}{a.uraian}"
        s_akt = Sumber("renja.Aktivitas", a.pk, None, {"kegiatan_id": a.kegiatan_id})
        if ar is None:
            op_t = Operand("terlaksana", None, label, (s_akt,), dipakai=False)
        else:
            s_ar = Sumber(
                "renja.AktivitasRealisasi",
                ar.pk,
                ar.versi,
                {"aktivitas_id": a.pk, "triwulan": ar.triwulan, "diubah_oleh_id": ar.diubah_oleh_id},
            )
            op_t = Operand("terlaksana", Decimal(ar.terlaksana), label, (s_ar,))
        aktivitas[a.kegiatan_id].append(_Aktivitas(a, ar, op_t, Operand("rencana", Decimal(a.rencana), label, (s_akt,))))

    # The quarter's budget: the LRA of its last month only (pagu = its "anggaran setelah perubahan",
    # realisation = its "s/d bulan ini"). No other month and no typed date moves it.
    # Each sub kegiatan's amounts are the sums of its kode rekening lines, kept as the lines so its
    # explanation lists them.
    lra = LraImport.objects.filter(opd=opd, tahun=tahun, bulan=3 * triwulan, aktif=True).first()
    pagu, realisasi_rp, pakai_perubahan = {}, {}, False
    if lra is not None:
        s_lra = _sumber_lra(lra)
        baris_sub = defaultdict(list)
        for row in (
            RealisasiAnggaran.objects.filter(lra_import=lra)
            .order_by("sub_kegiatan_id", "kode_rekening", "pk")
            .values_list("pk", "sub_kegiatan_id", "kode_rekening", "uraian", "anggaran_sebelum", "anggaran_setelah", "realisasi_sd")
        ):
            baris_sub[row[1]].append(row)
        for sid, rows in baris_sub.items():
            sumber = [(Sumber("anggaran.RealisasiAnggaran", r[0]), s_lra) for r in rows]
            label = [f"{r[2]} {r[3]}" for r in rows]
            pagu[sid] = ukur.jumlah_asal(Operand("anggaran_setelah", r[5], lb, sb) for r, lb, sb in zip(rows, label, sumber))
            realisasi_rp[sid] = ukur.jumlah_asal(Operand("realisasi_sd", r[6], lb, sb) for r, lb, sb in zip(rows, label, sumber))
            pakai_perubahan = pakai_perubahan or pagu[sid].hasil != sum((r[4] for r in rows), Decimal(0))

    # The PK version in force at the quarter's end (the latest dated on or before it) decides who
    # answers for an indicator and its target (decisions §5): earlier quarters keep the target of the
    # version in force at their own end, whatever later version is added.
    versi_berlaku = {}
    for v in (
        PKVersi.objects.filter(perjanjian__jabatan__opd=opd, perjanjian__tahun=tahun, tanggal__lte=akhir)
        .select_related("perjanjian__jabatan", "pihak_pertama")
        .order_by("perjanjian_id", "tanggal")
    ):
        versi_berlaku[v.perjanjian_id] = v
    versi_by_pk = {v.pk: v for v in versi_berlaku.values()}
    penanggung = {}
    # An indicator on several PKs in force: the latest-dated version's row, on one date the first PK's.
    baris_pk = sorted(
        PKBaris.objects.filter(versi_id__in=list(versi_by_pk)).only("indikator_id", "versi_id", "target", "nomor"),
        key=lambda b: (versi_by_pk[b.versi_id].tanggal, -versi_by_pk[b.versi_id].perjanjian_id, b.pk),
    )
    for b in baris_pk:
        v = versi_by_pk[b.versi_id]
        penanggung[b.indikator_id] = Penanggung(v, v.perjanjian.jabatan)
        if b.target is not None:  # a PK row stating no target keeps the Renja one
            target[b.indikator_id] = ukur.nilai_asal(
                "target",
                b.target,
                sumber=(Sumber("perjanjian.PKBaris", b.pk, None, {"nomor": b.nomor}), _sumber_versi(v)),
                keterangan=f"Target versi PK yang berlaku pada {fmt.tanggal(akhir)} (versi terakhir bertanggal sampai akhir triwulan).",
            )

    # Renstra figures (E.81 columns 6 and 7): of the period that covers this year; should stored rows
    # cover it with two periods, the later period's.
    renstra = {}
    for nr in sorted(NilaiRenstra.objects.filter(indikator_id__in=ind_ids), key=lambda r: r.periode):
        periode = periode_renstra(nr.periode)
        if periode is None or not periode[0] <= tahun <= periode[1]:
            continue
        lama = renstra.get(nr.indikator_id)
        if lama is None or lama[0] != nr.periode:
            lama = renstra[nr.indikator_id] = (nr.periode, None, {})
        if nr.tahun is None:
            renstra[nr.indikator_id] = (nr.periode, nr, lama[2])
        else:
            lama[2][nr.tahun] = nr

    skala, sumber_skala = _skala_dan_sumber(opd.pemda)
    return PengukuranOpd(
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        tanggal_akhir=akhir,
        skala=skala,
        sumber_skala=sumber_skala,
        _label_sub=label_sub,
        tingkat_rata_rata=tingkat,
        pakai_anggaran_perubahan=pakai_perubahan,
        lra=lra,
        tujuan=tujuan,
        sasaran=sasaran,
        program=program,
        _target=target,
        _realisasi=realisasi,
        _aktivitas=aktivitas,
        _pagu=pagu,
        _realisasi_rp=realisasi_rp,
        _penanggung=penanggung,
        _indikator=per_obj,
        _renstra=renstra,
    )
