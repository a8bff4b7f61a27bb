"""Reads of the Beranda: what each role has to do now, built from the jabatan the user holds.

Nothing here computes a figure of its own: the rows and their state come from
``lkj.entri.selectors`` (the Kinerja Saya rows), the reports, their parties and the
deadline from ``lkj.tinjauan.selectors`` (``pihak_semua``, ``ikhtisar``, ``batas_waktu``),
the LRA months from ``anggaran.selectors.lra_riwayat``. ``hari_ini`` is passed in by
the view; it is only compared with the deadline.

``menunggu_saya`` also feeds the count in the navigation bar of every page, so it
runs a fixed number of queries whatever the number of reports: one for the pending
reports; when there are some, one for their OPDs' data stamps, and only when those moved
since this process last answered, two per quarter (usually one) and one for the signatures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import reverse

from anggaran.selectors import lra_riwayat
from dasar.format import BULAN
from lkj.entri import selectors as entri
from lkj.selectors import cache_tampilan
from lkj.tinjauan import selectors as tinjauan
from lkj.tinjauan.kelengkapan import bagian_kosong
from lkj.tinjauan.models import Laporan, Status, Tandatangan
from organisasi.akses import opd_operator
from organisasi.cache_stempel import CacheStempel
from organisasi.models import Jabatan, Penugasan
from perjanjian.models import PKVersi
from renja.models import Indikator, Kegiatan, Program, SubKegiatan, Target


def _url(nama, *args, query=None, jangkar=None):
    url = reverse(nama, args=args)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url + (f"#{jangkar}" if jangkar else "")


def url_laporan(lap: Laporan) -> str:
    if lap.jabatan_id:
        return reverse("tinjauan:laporan", args=[lap.opd.kode, lap.tahun, lap.triwulan, lap.jabatan_id])
    return reverse("tinjauan:laporan_opd", args=[lap.opd.kode, lap.tahun, lap.triwulan])


# --- waiting for me (atasan, kepala, and any signer) -------------------------------------------


@dataclass
class Menunggu:
    """A report whose next act is the user's: answer it (``tanggapi``) or sign it (``tandatangani``)."""

    laporan: Laporan
    aksi: str
    pemegang: object | None  # Pegawai who reports
    sejak: datetime.datetime

    @property
    def judul(self) -> str:
        lap = self.laporan
        return f"LKj Individu — {lap.jabatan.nama}" if lap.jabatan_id else f"LKj {lap.opd.nama} dan Formulir E.81"

    @property
    def aksi_label(self) -> str:
        return {"tanggapi": "Beri tanggapan", "tandatangani": "Tandatangani"}[self.aksi]

    @property
    def url(self) -> str:
        return url_laporan(self.laporan)


def _pegawai(user):
    if not user.is_authenticated:
        return None
    return getattr(user, "pegawai", None)


def menunggu_saya(user) -> list[Menunggu]:
    """Reports of any quarter that wait on ``user`` (to answer or to sign), oldest first.

    The parties are those of the review (``pihak_semua``: the holder and the atasan at the
    quarter's end; the camat for the OPD report), so this list and the report page agree.
    """
    pg = _pegawai(user)
    if pg is None:
        return []
    opd_saya = Penugasan.objects.filter(pegawai=pg).values("jabatan__opd_id")
    laporan = list(
        Laporan.objects.filter(status__in=[Status.DIAJUKAN, Status.DISETUJUI], opd_id__in=opd_saya)
        .select_related("opd__pemda", "jabatan")
        .order_by("diubah_pada", "pk")
    )
    if not laporan:
        return []
    # Every page asks (the navigation's count). Who answers or signs which of these reports depends only on
    # their OPDs' stored data, so a process keeps the answer under those OPDs' stamps, which every write of
    # a report, a signature or a holder moves (``lkj.selectors.cache_tampilan``); the caller gets a copy.
    return list(cache_tampilan.ambil_untuk({lap.opd_id for lap in laporan}, ("menunggu", pg.pk), lambda: _menunggu(pg, laporan)))


def _menunggu(pg, laporan: list) -> list[Menunggu]:
    ttd: dict[tuple[int, int], set[str]] = {}
    disetujui = [lap.pk for lap in laporan if lap.status == Status.DISETUJUI]
    if disetujui:
        for laporan_id, versi, peran in Tandatangan.objects.filter(laporan_id__in=disetujui).values_list("laporan_id", "versi", "peran"):
            ttd.setdefault((laporan_id, versi), set()).add(peran)
    pihak, pimpinan = {}, {}
    for kunci in dict.fromkeys((lap.opd_id, lap.tahun, lap.triwulan) for lap in laporan):
        contoh = next(lap for lap in laporan if (lap.opd_id, lap.tahun, lap.triwulan) == kunci)
        ids = [lap.jabatan_id for lap in laporan if (lap.opd_id, lap.tahun, lap.triwulan) == kunci and lap.jabatan_id]
        if ids:
            pihak[kunci] = tinjauan.pihak_semua(contoh.opd, contoh.tahun, contoh.triwulan, ids)
        if any(lap.jabatan_id is None for lap in laporan if (lap.opd_id, lap.tahun, lap.triwulan) == kunci):
            pimpinan[kunci] = tinjauan.kepala_dan_sekretaris(contoh.opd, contoh.tahun, contoh.triwulan)
    hasil = []
    for lap in laporan:
        kunci = (lap.opd_id, lap.tahun, lap.triwulan)
        if lap.jabatan_id:
            ph = pihak.get(kunci, {}).get(lap.jabatan_id)
            if ph is None:
                continue
            pemegang, peran = ph.pemegang, {"pemegang": ph.pemegang, "atasan": ph.atasan}
        else:
            pemegang = pimpinan[kunci]["sekretaris"]
            peran = {"kepala": pimpinan[kunci]["kepala"]}
        saya = {r for r, p in peran.items() if p is not None and p.pk == pg.pk}
        if lap.status == Status.DIAJUKAN and saya & {"atasan", "kepala"}:
            hasil.append(Menunggu(lap, "tanggapi", pemegang, lap.diubah_pada))
        elif lap.status == Status.DISETUJUI and saya - ttd.get((lap.pk, lap.versi), set()):
            hasil.append(Menunggu(lap, "tandatangani", pemegang, lap.diubah_pada))
    return hasil


# --- staff: my own report -----------------------------------------------------------------------


@dataclass
class BagianStaf:
    """One jabatan the user holds, as its holder: rows still to do, the report's state, the deadline."""

    penugasan: Penugasan
    laporan: Laporan
    baris: list
    batas: datetime.date
    sisa_hari: int
    tahun: int
    triwulan: int
    sudah_ttd: bool = False
    # The required sections still empty (kelengkapan.bagian_kosong, the submit rule's own list), read when the
    # rows are all filled: then the button would offer to submit, and the rule would refuse.
    wajib_kosong: list = field(default_factory=list)
    kosong: list = field(init=False)
    tanpa_bukti: list = field(init=False)

    def __post_init__(self):
        rekap = entri.RekapJabatan(self.penugasan.jabatan, self.penugasan, self.baris)
        self.kosong, self.tanpa_bukti = rekap.kosong, rekap.tanpa_bukti

    @property
    def jabatan(self):
        return self.penugasan.jabatan

    @property
    def terisi(self) -> int:
        return sum(1 for b in self.baris if b.terisi)

    @property
    def lanjut(self) -> tuple[str, str]:
        """The one button: (label, url) of the next thing to do."""
        S = Status
        s = self.laporan.status
        periode = {"tahun": self.tahun, "triwulan": self.triwulan}
        if s in (S.DRAF, S.DIKEMBALIKAN) and (self.kosong or self.tanpa_bukti):
            b = (self.kosong or self.tanpa_bukti)[0]
            label = "Perbaiki laporan" if s == S.DIKEMBALIKAN else "Lanjutkan mengisi"
            return label, _url("entri:index", query=periode, jangkar=f"baris-{self.jabatan.pk}-{b.indikator.pk}")
        url = url_laporan(self.laporan)
        if s in (S.DRAF, S.DIKEMBALIKAN) and self.wajib_kosong:
            tujuan = next((k.url for k in self.wajib_kosong if k.url), url)
            return ("Perbaiki laporan" if s == S.DIKEMBALIKAN else "Lengkapi laporan"), tujuan
        if s in (S.DRAF, S.DIKEMBALIKAN):
            return "Periksa dan ajukan laporan", url
        if s == S.DISETUJUI and not self.sudah_ttd:
            return "Tandatangani laporan", url
        return "Lihat laporan", url


def bagian_staf(penugasan: list[Penugasan], tahun: int, triwulan: int, hari_ini: datetime.date, baris=None) -> list[BagianStaf]:
    """A section per jabatan held with an individual report (the camat's own PK is the OPD's LKj, not one)."""
    penugasan = [p for p in penugasan if p.jabatan.jenis != Jabatan.Jenis.KEPALA_OPD]
    if not penugasan:
        return []
    jabatan = [p.jabatan for p in penugasan]
    if baris is None:
        baris = {}
    kurang = [j for j in jabatan if j.pk not in baris]
    if kurang:
        baris = {**baris, **entri.baris_jabatan(kurang, tahun, triwulan)}
    laporan = {
        lap.jabatan_id: lap
        for lap in Laporan.objects.filter(jabatan__in=jabatan, tahun=tahun, triwulan=triwulan).select_related("opd", "jabatan")
    }
    ttd = (
        set(
            Tandatangan.objects.filter(laporan__in=list(laporan.values()), peran=Tandatangan.Peran.PEMEGANG).values_list(
                "laporan_id", "versi"
            )
        )
        if laporan
        else set()
    )
    hasil = []
    for p in penugasan:
        if not baris.get(p.jabatan_id):
            continue  # no PK in force this quarter: nothing to report
        lap = laporan.get(p.jabatan_id) or Laporan(opd=p.jabatan.opd, jabatan=p.jabatan, tahun=tahun, triwulan=triwulan)
        batas = tinjauan.batas_waktu(p.jabatan.opd, tahun, triwulan)
        s = BagianStaf(p, lap, baris[p.jabatan_id], batas, (batas - hari_ini).days, tahun, triwulan, sudah_ttd=(lap.pk, lap.versi) in ttd)
        if lap.status in (Status.DRAF, Status.DIKEMBALIKAN) and not s.kosong and not s.tanpa_bukti:
            s.wajib_kosong = bagian_kosong(p.jabatan.opd, tahun, triwulan, p.jabatan, pembaca=p.pegawai.user)
        hasil.append(s)
    return hasil


# --- camat and sekcam: the office toward the deadline ------------------------------------------


@dataclass
class BagianPimpinan:
    opd: object
    tahun: int
    triwulan: int
    ikhtisar: dict  # tinjauan.ikhtisar(): rows, batas, sisa_hari, jumlah_status
    rekap: list  # entri.rekap_opd(): every jabatan with its rows

    @property
    def individu(self):
        return self.ikhtisar["rows"][1:]

    @property
    def laporan_opd(self):
        return self.ikhtisar["rows"][0]

    @property
    def selesai(self) -> int:
        """Individual reports approved or signed: what the camat needs before signing the OPD's LKj."""
        return sum(1 for r in self.individu if r.laporan.status in (Status.DISETUJUI, Status.DITANDATANGANI))

    @property
    def persen_selesai(self) -> int:
        return round(100 * self.selesai / len(self.individu)) if self.individu else 0

    @property
    def belum(self):
        """Reports not yet approved, the furthest behind first (draft, returned, submitted)."""
        urut = {Status.DRAF: 0, Status.DIKEMBALIKAN: 1, Status.DIAJUKAN: 2}
        return sorted((r for r in self.individu if r.laporan.status in urut), key=lambda r: urut[r.laporan.status])

    @property
    def baris(self):
        return [b for r in self.rekap for b in r.baris]

    @property
    def terisi(self) -> int:
        return sum(1 for b in self.baris if b.terisi)

    @property
    def tanpa_bukti(self) -> int:
        return sum(len(r.tanpa_bukti) for r in self.rekap)

    @property
    def persen_terisi(self) -> int:
        return round(100 * self.terisi / len(self.baris)) if self.baris else 0


# An overview holds every jabatan's rows and the quarter's measurement they point to (about 0,5 MiB beside
# it for the demo), so it is kept in as many entries as the measurements (``LKJ_CACHE_PENGUKURAN``).
cache_ikhtisar = CacheStempel("LKJ_CACHE_PENGUKURAN")


def bagian_pimpinan(opd, tahun: int, triwulan: int, hari_ini: datetime.date) -> BagianPimpinan:
    """The office's overview for its camat and sekcam. It depends on the OPD's stored data and the day only,
    so a process keeps it under the OPD's data stamp (``cache_ikhtisar``): shared, read-only."""
    return cache_ikhtisar.ambil_untuk(
        [opd.pk],
        ("pimpinan", tahun, triwulan, hari_ini),
        lambda: BagianPimpinan(
            opd, tahun, triwulan, tinjauan.ikhtisar(opd, tahun, triwulan, hari_ini), entri.rekap_opd(opd, tahun, triwulan)
        ),
    )


# --- operator: the LRA months and the planning workbook ----------------------------------------


@dataclass
class BulanLra:
    bulan: int
    impor: object | None  # the active LraImport of the month
    sudah_lewat: bool  # the month has ended by today

    @property
    def nama(self) -> str:
        return BULAN[self.bulan - 1]

    @property
    def akhir_triwulan(self) -> int | None:
        """The quarter whose budget figures this month's LRA gives (decisions §3), or None."""
        return self.bulan // 3 if self.bulan % 3 == 0 else None

    @property
    def keadaan(self) -> str:
        if self.impor is not None:
            return "diimpor"
        return "belum" if self.sudah_lewat else "belum_waktunya"


@dataclass
class Perencanaan:
    """How far the year's planning (what the planning workbook writes) is filled in."""

    program: int
    kegiatan: int
    sub_kegiatan: int
    indikator: int
    tanpa_target: int
    jabatan_ber_pk: int
    jabatan_tanpa_pk: list
    diubah_pada: datetime.datetime | None

    @property
    def kosong(self) -> bool:
        return not (self.program or self.indikator or self.jabatan_ber_pk)


@dataclass
class BagianOperator:
    opd: object
    tahun: int
    bulan: list[BulanLra]
    perencanaan: Perencanaan

    @property
    def belum(self) -> list[BulanLra]:
        return [b for b in self.bulan if b.keadaan == "belum"]


def perencanaan_keadaan(opd, tahun: int) -> Perencanaan:
    """Counts of the year's planning rows; six queries whatever their number."""
    program = Program.objects.filter(opd=opd, tahun=tahun)
    indikator = Indikator.objects.filter(opd=opd).filter(
        Q(program__tahun=tahun)
        | Q(kegiatan__program__tahun=tahun)
        | Q(sub_kegiatan__kegiatan__program__tahun=tahun)
        | Q(program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=True)
    )
    ind = indikator.aggregate(
        n=Count("pk", distinct=True),
        tanpa=Count(
            "pk", distinct=True, filter=~Q(pk__in=Target.objects.filter(tahun=tahun, triwulan__isnull=True).values("indikator_id"))
        ),
    )
    jabatan = list(
        Jabatan.objects.filter(opd=opd, penugasan__isnull=False)
        .distinct()
        .annotate(pk_tahun=Count("perjanjian", filter=Q(perjanjian__tahun=tahun)))
        .order_by("kode")
    )
    terakhir = PKVersi.history.filter(perjanjian__jabatan__opd=opd, perjanjian__tahun=tahun).aggregate(t=Max("history_date"))["t"]
    terakhir_t = Target.history.filter(indikator__opd=opd, tahun=tahun).aggregate(t=Max("history_date"))["t"]
    return Perencanaan(
        program=program.count(),
        kegiatan=Kegiatan.objects.filter(program__in=program).count(),
        sub_kegiatan=SubKegiatan.objects.filter(kegiatan__program__in=program).count(),
        indikator=ind["n"],
        tanpa_target=ind["tanpa"],
        jabatan_ber_pk=sum(1 for j in jabatan if j.pk_tahun),
        jabatan_tanpa_pk=[j for j in jabatan if not j.pk_tahun],
        diubah_pada=max([t for t in (terakhir, terakhir_t) if t], default=None),
    )


def bagian_operator(opd, tahun: int, hari_ini: datetime.date) -> BagianOperator:
    aktif = {i.bulan: i for i in lra_riwayat(opd, tahun) if i.aktif}
    lewat = lambda b: datetime.date(tahun + b // 12, b % 12 + 1, 1) <= hari_ini
    bulan = [BulanLra(b, aktif.get(b), lewat(b)) for b in range(1, 13)]
    return BagianOperator(opd, tahun, bulan, perencanaan_keadaan(opd, tahun))


# --- the whole page -----------------------------------------------------------------------------


@dataclass
class Beranda:
    tahun: int
    triwulan: int
    menunggu: list[Menunggu]
    staf: list[BagianStaf]
    pimpinan: list[BagianPimpinan]
    operator: list[BagianOperator]
    atasan: bool  # holds a jabatan with jabatan below it: the "waiting for you" section is shown even when empty

    @property
    def kosong(self) -> bool:
        return not (self.menunggu or self.staf or self.pimpinan or self.operator or self.atasan)


def beranda(user, opd_list, tahun: int, triwulan: int, hari_ini: datetime.date) -> Beranda:
    """Every section the user's jabatan call for, in the quarter ``(tahun, triwulan)``."""
    penugasan = entri.penugasan_saya(user, tahun, triwulan)
    jenis_pimpinan = (Jabatan.Jenis.KEPALA_OPD, Jabatan.Jenis.SEKRETARIS)
    opd_pimpinan = list({p.jabatan.opd_id: p.jabatan.opd for p in penugasan if p.jabatan.jenis in jenis_pimpinan}.values())
    pimpinan = [bagian_pimpinan(opd, tahun, triwulan, hari_ini) for opd in opd_pimpinan]
    # The rows the office overview already loaded serve the user's own section too (one measurement).
    baris = {r.jabatan.pk: r.baris for b in pimpinan for r in b.rekap}
    opd_operator_ids = set(opd_operator(user).values_list("pk", flat=True))
    operator = [bagian_operator(opd, tahun, hari_ini) for opd in opd_list if opd.pk in opd_operator_ids]
    return Beranda(
        tahun,
        triwulan,
        menunggu_saya(user),
        bagian_staf(penugasan, tahun, triwulan, hari_ini, baris),
        pimpinan,
        operator,
        atasan=bool(penugasan) and bool(entri.bawahan_saya(penugasan)),
    )
