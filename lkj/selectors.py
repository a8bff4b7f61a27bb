"""Reads that cross the layers: the measurement of one OPD for one quarter.

``pengukuran_opd`` loads everything a quarter's documents need in a fixed
number of queries (no query per row) and answers every figure through one
method each: the LKj, the E.81 and the individual reports share it, so a
number can never be computed two ways.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from anggaran.models import LraImport, RealisasiAnggaran
from dasar import pengukuran as ukur
from dasar.format import BULAN
from dasar.periode import akhir_triwulan
from lkj.models import PengaturanPengukuran, PredikatPita
from organisasi.models import Jabatan, PerangkatDaerah
from perjanjian.models import PKBaris, PKVersi
from renja.kode import Kode
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

    @property
    def realisasi_2dp(self):
        return ukur.bulatkan(self.realisasi)


@dataclass(frozen=True)
class Anggaran:
    pagu: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None  # 2 dp

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
        target = self._target.get(ind.pk)
        pembilang = penyebut = None
        catatan = ""
        if ind.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS:
            realisasi, pembilang, penyebut = self._dari_aktivitas(ind)
        else:
            rs = self._realisasi_untuk(ind)
            if rs is None:
                realisasi = None
            elif rs.nilai is not None:
                realisasi = rs.nilai
                catatan = rs.catatan_sumber
            else:
                pembilang, penyebut = rs.pembilang, rs.penyebut
                realisasi = ukur.persen(pembilang, penyebut)
                catatan = rs.catatan_sumber
        capaian = ukur.capaian_kinerja(realisasi, target, ind.polaritas)
        return Kinerja(target, realisasi, capaian, pembilang, penyebut, catatan)

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
        return list(self._aktivitas.get(kegiatan_id, []))

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
        rencana = terlaksana = Decimal(0)
        ada_realisasi = False
        for kid in kegiatan_ids:
            for akt, done in self._aktivitas.get(kid, []):
                rencana += akt.rencana
                if done is not None:
                    ada_realisasi = True
                    terlaksana += done
        if not ada_realisasi:
            return None, None, (rencana or None)
        if ind.jenis == Indikator.Jenis.JUMLAH:
            return terlaksana, terlaksana, rencana
        return ukur.persen(terlaksana, rencana), terlaksana, rencana

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
            return Anggaran(None, None, None)
        pagu = sum((self._pagu.get(i, Decimal(0)) for i in ids), Decimal(0))
        realisasi = sum((self._realisasi_rp.get(i, Decimal(0)) for i in ids), Decimal(0))
        return Anggaran(pagu, realisasi, ukur.capaian_anggaran(realisasi, pagu))

    def efisiensi(self, ind: Indikator, obj) -> Decimal | None:
        return ukur.efisiensi(self.kinerja(ind).capaian, self.anggaran(obj).capaian)

    # --- other -------------------------------------------------------------
    def predikat(self, capaian):
        return ukur.predikat(capaian, self.skala)

    def penanggung_jawab(self, ind: Indikator) -> Penanggung | None:
        return self._penanggung.get(ind.pk)

    def kode(self, obj) -> Kode:
        urusan = self.opd.kode_urusan
        if isinstance(obj, Program):
            return Kode(urusan, obj.kode, None, None)
        if isinstance(obj, Kegiatan):
            return Kode(urusan, obj.program.kode, obj.kode, None)
        return Kode(urusan, obj.kegiatan.program.kode, obj.kegiatan.kode, obj.kode)


def skala_predikat(pemda) -> tuple:
    pita = [ukur.Pita(p.batas_bawah, p.predikat) for p in PredikatPita.objects.filter(pemda=pemda)]
    return ukur.urutkan_skala(pita) if pita else ukur.urutkan_skala(ukur.SKALA_BAKU)


def pengukuran_opd(opd: PerangkatDaerah, tahun: int, triwulan: int) -> PengukuranOpd:
    """Everything measured for ``opd`` in ``tahun``/``triwulan``, loaded in a fixed number of queries."""
    if triwulan not in (1, 2, 3, 4):
        raise ValueError("Triwulan harus 1 sampai 4.")
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
    target = {t.indikator_id: t.nilai for t in Target.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan__isnull=True)}
    realisasi = defaultdict(dict)
    for r in Realisasi.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan__lte=triwulan):
        realisasi[r.indikator_id][r.triwulan] = r

    done = {
        ar.aktivitas_id: Decimal(ar.terlaksana)
        for ar in AktivitasRealisasi.objects.filter(aktivitas__kegiatan__program__opd=opd, aktivitas__tahun=tahun, triwulan=triwulan)
    }
    aktivitas = defaultdict(list)
    for a in Aktivitas.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=tahun, tahun=tahun).order_by("urutan", "id"):
        aktivitas[a.kegiatan_id].append((a, done.get(a.pk)))

    # The quarter's budget: the LRA of its last month only (pagu = its "anggaran setelah perubahan",
    # realisation = its "s/d bulan ini"). No other month and no typed date moves it.
    lra = LraImport.objects.filter(opd=opd, tahun=tahun, bulan=3 * triwulan, aktif=True).first()
    pagu, realisasi_rp, pakai_perubahan = {}, {}, False
    if lra is not None:
        for row in (
            RealisasiAnggaran.objects.filter(lra_import=lra)
            .values("sub_kegiatan_id")
            .annotate(pagu=Sum("anggaran_setelah"), sebelum=Sum("anggaran_sebelum"), realisasi=Sum("realisasi_sd"))
        ):
            pagu[row["sub_kegiatan_id"]] = row["pagu"]
            realisasi_rp[row["sub_kegiatan_id"]] = row["realisasi"]
            pakai_perubahan = pakai_perubahan or row["pagu"] != row["sebelum"]

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
        PKBaris.objects.filter(versi_id__in=list(versi_by_pk)).only("indikator_id", "versi_id", "target"),
        key=lambda b: (versi_by_pk[b.versi_id].tanggal, -versi_by_pk[b.versi_id].perjanjian_id, b.pk),
    )
    for b in baris_pk:
        v = versi_by_pk[b.versi_id]
        penanggung[b.indikator_id] = Penanggung(v, v.perjanjian.jabatan)
        if b.target is not None:  # a PK row stating no target keeps the Renja one
            target[b.indikator_id] = b.target

    # Renstra figures (E.81 columns 6 and 7): of the period that covers this year; should stored rows
    # cover it with two periods, the later period's.
    renstra = {}
    for nr in sorted(NilaiRenstra.objects.filter(indikator_id__in=ind_ids), key=lambda r: r.periode):
        dari, _, sampai = nr.periode.partition("-")
        if not (dari.isdigit() and sampai.isdigit() and int(dari) <= tahun <= int(sampai)):
            continue
        lama = renstra.get(nr.indikator_id)
        if lama is None or lama[0] != nr.periode:
            lama = renstra[nr.indikator_id] = (nr.periode, None, {})
        if nr.tahun is None:
            renstra[nr.indikator_id] = (nr.periode, nr, lama[2])
        else:
            lama[2][nr.tahun] = nr

    return PengukuranOpd(
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        tanggal_akhir=akhir,
        skala=skala_predikat(opd.pemda),
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
