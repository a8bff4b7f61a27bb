"""The pemda recap of a quarter: every OPD side by side (decisions §8), in a fixed number of queries.

Each OPD's figures are its own E.81's (row d and e) and its own review states, read from the
per-OPD-quarter summary (``RingkasanOpd``) while the summary's data stamp is the OPD's current one.
The warm path — every summary current — is four queries whatever the number of OPDs (the OPDs, their
stamps, their summaries, the predikat scale); the cold path adds one E.81 and one review overview per
OPD whose stamp moved since (``services.ringkasan_segarkan``). No figure of one OPD is ever averaged
with another's: the recap lists, ranks and counts, it does not add up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from dasar import pengukuran as ukur
from dasar.periode import hari_terlambat
from lkj.dokumen.stempel import stempel_dokumen_banyak
from lkj.rekap.models import RingkasanOpd
from lkj.rekap.services import ringkasan_segarkan
from lkj.selectors import skala_predikat
from lkj.tinjauan.models import Status
from lkj.tinjauan.selectors import batas_waktu
from organisasi.akses import opd_untuk_user, pemda_untuk_user
from organisasi.models import JenisOpd, Pemda, PerangkatDaerah

TANPA_PREDIKAT = "Belum ada capaian"


def pemda_untuk_rekap(user, kode: str) -> Pemda:
    """The pemda whose recap ``user`` may ask for, or 404 (another pemda, or one that does not exist).

    The one door of the recap's pages, exports and charts, with :func:`boleh_baca_rekap` behind it: the
    superuser and the pemda roles (``organisasi.akses.pemda_untuk_user``) pass; a member or operator of
    one of the pemda's OPDs gets the pemda (he knows it exists) and then a 403 from ``boleh_baca_rekap``;
    anyone else does not learn the pemda exists."""
    pemda = Pemda.objects.filter(kode=kode).first()
    if pemda is None or not user.is_authenticated:
        raise Http404("Pemerintah daerah tidak ditemukan.")
    if boleh_baca_rekap(user, pemda) or opd_untuk_user(user).filter(pemda=pemda).exists():
        return pemda
    raise Http404("Pemerintah daerah tidak ditemukan.")


def boleh_baca_rekap(user, pemda: Pemda) -> bool:
    """Whether ``user`` reads the recap of ``pemda``: the superuser and the pemda roles (Bagian Organisasi,
    Bappeda, Inspektorat, administrator pemda). An OPD's own staff and operator read their OPD's pages,
    never the other OPDs' figures side by side (403). One query."""
    return pemda_untuk_user(user).filter(pk=pemda.pk).exists()


def pemda_baku(user) -> Pemda | None:
    """The pemda a user's recap link opens on: the first where he holds a pemda role (all, for a superuser)."""
    return pemda_untuk_user(user).order_by("kode").first()


@dataclass
class BarisRekap:
    opd: PerangkatDaerah
    r: RingkasanOpd | None  # None: never summarised yet, left to the background worker on this request
    basi: bool = False  # the figures are from before the OPD's last change (being measured again in the background)
    peringkat: int | None = None
    terlambat_hari: int = 0  # days past the deadline (signed late, or not signed and the deadline passed)
    sisa_hari: int | None = None  # days left while not signed and the deadline not passed

    @property
    def status_label(self) -> str:
        return Status(self.r.status_opd).label if self.r else ""

    @property
    def predikat(self) -> str:
        return (self.r.predikat if self.r else "") or TANPA_PREDIKAT

    @property
    def rata_rata(self):
        return self.r.rata_rata_capaian if self.r else None

    @property
    def tenggat_teks(self) -> str:
        if self.r is None:
            return ""
        if self.r.ditandatangani_pada is not None:
            return f"terlambat {self.terlambat_hari} hari" if self.terlambat_hari else "tepat waktu"
        if self.terlambat_hari:
            return f"lewat {self.terlambat_hari} hari"
        return f"sisa {self.sisa_hari} hari"


@dataclass
class Rekap:
    pemda: Pemda
    tahun: int
    triwulan: int
    batas: datetime.date
    hari_ini: datetime.date
    jenis: str
    rows: list[BarisRekap]
    skala: tuple
    dihitung_ulang: int  # OPDs whose summary was stale and measured again on this request
    tertunda: int = 0  # OPDs whose summary is stale or missing and was left to the background worker

    @property
    def baris_ada(self) -> list[BarisRekap]:
        return [b for b in self.rows if b.r is not None]

    @property
    def jenis_label(self) -> str:
        return JenisOpd(self.jenis).label if self.jenis else "Semua"

    @property
    def jumlah_predikat(self) -> list[tuple[str, int]]:
        """OPDs per predikat of their E.81 row e, in the scale's order (highest first), then those without one."""
        urutan = [p.predikat for p in self.skala] + [TANPA_PREDIKAT]
        hitung = dict.fromkeys(urutan, 0)
        for b in self.baris_ada:
            hitung[b.predikat] = hitung.get(b.predikat, 0) + 1
        return list(hitung.items())

    @property
    def titik_grafik(self) -> list[tuple[int, BarisRekap]]:
        """The OPDs the capaian chart draws (both figures present), numbered in the table's order: the chart
        prints the number beside each point, the list under it (page and PDF) the OPD of each number."""
        ada = [b for b in self.baris_ada if b.r.rata_rata_capaian is not None and b.r.rata_rata_anggaran is not None]
        return list(enumerate(ada, 1))

    @property
    def jumlah_status(self) -> list[tuple[str, int]]:
        return [(s.label, sum(1 for b in self.baris_ada if b.r.status_opd == s)) for s in Status]

    @property
    def jumlah_terlambat(self) -> int:
        return sum(1 for b in self.rows if b.terlambat_hari)


def _peringkat(rows: list[BarisRekap]) -> list[BarisRekap]:
    """Highest rata-rata capaian kinerja first (as printed, 2 dp); equal values share a rank (1, 2, 2, 4);
    an OPD without one comes last, unranked, by code."""
    nilai = lambda b: ukur.bulatkan(b.rata_rata)
    ada = sorted((b for b in rows if b.rata_rata is not None), key=lambda b: (-nilai(b), b.opd.kode))
    for i, b in enumerate(ada):
        b.peringkat = ada[i - 1].peringkat if i and nilai(ada[i - 1]) == nilai(b) else i + 1
    return ada + sorted((b for b in rows if b.rata_rata is None), key=lambda b: (b.r is None, b.opd.kode))


def rekap_pemda(
    pemda: Pemda, tahun: int, triwulan: int, hari_ini: datetime.date, jenis: str = "", *, batas_hitung: int | None = None
) -> Rekap:
    """Every OPD of the pemda (of one ``jenis``, or all) for the quarter, ranked, with lateness against the
    deadline as of ``hari_ini`` (the view passes today's date; the figures never read it).

    A summary missing or stale is measured again here, at most ``batas_hitung`` of them (None: all; those
    never summarised first): a change every OPD shares (a pegawai's name, a release) makes all of them stale
    at once, and sixty measurements do not belong in one request. The rest keep their last figures marked
    ``basi`` (or show none yet) and are counted in ``tertunda`` for the caller to hand to the background
    worker (``tasks.segarkan_rekap``)."""
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    for o in opds:
        o.pemda = pemda
    if jenis:
        opds = [o for o in opds if o.jenis == jenis]
    # The stamps are read before the summaries and before any measurement (see services).
    stempel = stempel_dokumen_banyak([o.pk for o in opds])
    ada = {r.opd_id: r for r in RingkasanOpd.objects.filter(opd__in=[o.pk for o in opds], tahun=tahun, triwulan=triwulan)}
    basi = sorted((o for o in opds if ada.get(o.pk) is None or ada[o.pk].stempel != stempel[o.pk]), key=lambda o: o.pk in ada)
    sekarang = basi if batas_hitung is None else basi[:batas_hitung]
    for o in sekarang:
        ada[o.pk] = ringkasan_segarkan(o, tahun, triwulan, stempel[o.pk])
    tertunda = {o.pk for o in basi} - {o.pk for o in sekarang}
    rows = [BarisRekap(o, ada.get(o.pk), basi=o.pk in tertunda and o.pk in ada) for o in opds]
    batas = batas_waktu(opds[0], tahun, triwulan) if opds else batas_waktu(PerangkatDaerah(pemda=pemda), tahun, triwulan)
    for b in rows:
        if b.r is None:
            continue
        selesai = b.r.ditandatangani_pada
        b.terlambat_hari = hari_terlambat(batas, timezone.localdate(selesai) if selesai else None, hari_ini)
        if selesai is None:
            b.sisa_hari = max((batas - hari_ini).days, 0)
    return Rekap(pemda, tahun, triwulan, batas, hari_ini, jenis, _peringkat(rows), skala_predikat(pemda), len(sekarang), len(tertunda))
