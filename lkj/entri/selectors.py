"""Reads for the quarterly entry pages: who may see or edit a jabatan's rows, and the rows.

Every figure (realisasi, capaian, predikat) comes from ``lkj.selectors.pengukuran_opd``:
the entry page shows exactly what the LKj and the E.81 will print. The row loader
runs a fixed number of queries whatever the number of rows (tested).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.urls import reverse

from dasar.format import nilai_kinerja
from dasar.periode import akhir_triwulan
from lkj.selectors import Kinerja, cache_tampilan, pengukuran_opd
from organisasi.akses import adalah_operator, opd_untuk_user, peran_pembaca, pesan_hanya_baca
from organisasi.kunci import Potret
from organisasi.models import Jabatan, Penugasan, TriwulanTerkunci
from organisasi.selectors import aktif_pada, jabatan_terlihat, laporan_ditinjau, pesan_ditinjau, pesan_terkunci, potret_kunci
from organisasi.selectors import triwulan_terkunci as kunci
from perjanjian.models import PKBaris
from perjanjian.selectors import versi_berlaku
from renja.models import Aktivitas, AktivitasRealisasi, BuktiDukung, Indikator, Realisasi


def triwulan_terkunci(opd, tahun: int, triwulan: int) -> bool:
    """Whether the quarter's data of ``opd`` is frozen because its OPD LKj is signed.

    Reads the lock the review layer writes (``organisasi.TriwulanTerkunci``). The services
    refuse frozen writes on their own too; this only lets the pages say so before the user types.
    """
    return kunci(opd, tahun, triwulan) is not None


def jabatan_dibekukan(jabatan, tahun: int, triwulan: int, potret: Potret | None = None) -> bool:
    """Whether ``jabatan``'s rows of the quarter are read-only: the OPD LKj or its own report is signed.

    The one answer for every entry page (Kinerja Saya, the jabatan page, each row's save). ``potret``:
    the OPD's freezes this page already read (``organisasi.selectors.potret_kunci``)."""
    return kunci(jabatan.opd_id, tahun, triwulan, jabatan=jabatan, potret=potret) is not None


def kunci_jabatan(jabatan, tahun: int, triwulan: int, potret: Potret | None = None) -> tuple[bool, str]:
    """(read-only, why) for ``jabatan``'s rows and narrative on the entry pages.

    Signed (its own report or the OPD LKj): read-only, and the pages print their usual
    sentence (empty "why"). Its own report submitted or approved, not yet signed: read-only,
    with the freeze's own message (which report, who may withdraw or return it). The
    services refuse such writes on their own; this lets the pages say so before typing.
    Two queries (the OPD's freezes), none with ``potret``.
    """
    potret = potret or potret_kunci([jabatan.opd_id])
    if jabatan_dibekukan(jabatan, tahun, triwulan, potret):
        return True, ""

    k = laporan_ditinjau(jabatan.opd_id, tahun, triwulan, jabatan=jabatan, potret=potret)
    return (True, pesan_ditinjau(k)) if k is not None else (False, "")


def indikator_beku(opd, tahun: int, triwulan: int, potret: Potret | None = None) -> dict:
    """Rows frozen by some report other than the page's own: {indikator_id: why}, and "*" when all are.

    A row prints in several reports (a program indicator sums its kegiatan's aktivitas; the
    OPD LKj prints every row), and it is frozen while any report printing it is submitted,
    approved or signed. Two queries, none with ``potret``. The first freeze naming a row gives
    its reason: a signed report's before a review's, the OPD's own before an individual report's.
    """
    opd_id = getattr(opd, "pk", opd)
    hasil = {}
    for k in (potret or potret_kunci([opd_id])).semua(opd_id, tahun, triwulan):
        if isinstance(k, TriwulanTerkunci):
            if k.jabatan_id is not None:  # an individual report's; the OPD's signature locks the jabatan itself
                for i in k.indikator_ids or []:
                    hasil.setdefault(i, pesan_terkunci(k))
            continue
        if k.jabatan_id is None:
            hasil.setdefault("*", pesan_ditinjau(k))
        for i in k.indikator_ids or []:
            hasil.setdefault(i, pesan_ditinjau(k))
    return hasil


def penugasan_saya(user, tahun: int, triwulan: int) -> list[Penugasan]:
    """The jabatan ``user`` holds at the quarter's end (a Plt. included), in the order of the OPD."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return []
    return list(
        Penugasan.objects.filter(aktif_pada(akhir_triwulan(tahun, triwulan)), pegawai=pegawai)
        .select_related("jabatan__opd__pemda", "pegawai")
        .order_by("jabatan__opd__kode", "plt", "jabatan__kode")
    )


@dataclass(frozen=True)
class Akses:
    """What ``user`` may do with one jabatan's rows in one quarter."""

    jabatan: Jabatan
    pemegang: Penugasan | None  # who holds the jabatan at the quarter's end
    sebagai: str  # "pemegang" | "operator" | "atasan" | "pemda" (a pemda role: reads, never writes)
    terkunci: bool
    pesan_kunci: str = ""  # why, when its own report is under review (signed: the pages' usual sentence)
    pesan_baca: str = ""  # why a reader may not write (a pemda role says which and who fills the figures)

    @property
    def boleh_ubah(self) -> bool:
        return self.sebagai in ("pemegang", "operator") and not self.terkunci

    @property
    def atas_nama(self):
        """The pegawai an operator acts for (recorded in the history), or None."""
        if self.sebagai == "operator" and self.pemegang is not None:
            return self.pemegang.pegawai
        return None


def akses_jabatan(user, jabatan_id: int, tahun: int, triwulan: int) -> Akses:
    """The scoped getter of the entry pages: the jabatan and the user's role on it, or 404.

    The holder (penugasan running at the quarter's end) edits; the OPD's operator
    (``organisasi.akses.adalah_operator``) edits on his behalf; a pemda role of its pemda
    (Bagian Organisasi, Bappeda, Inspektorat, the administrator) and the holder of any jabatan
    above it in the signing tree read; everyone else — another OPD or pemda, a colleague beside
    him — gets a 404, so the rows' existence does not leak. ``select_related`` brings the OPD and pemda in the same
    query because every page shows them.
    """
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    try:
        jabatan = Jabatan.objects.select_related("opd__pemda").filter(opd__in=opd_untuk_user(user)).get(pk=jabatan_id)
    except Jabatan.DoesNotExist:
        raise Http404("Jabatan tidak ditemukan.")
    akhir = akhir_triwulan(tahun, triwulan)
    pemegang = Penugasan.objects.filter(aktif_pada(akhir), jabatan=jabatan).select_related("pegawai__user").order_by("-mulai").first()
    terkunci, pesan = kunci_jabatan(jabatan, tahun, triwulan)
    pegawai = getattr(user, "pegawai", None)
    if pemegang is not None and pegawai is not None and pemegang.pegawai_id == pegawai.pk:
        return Akses(jabatan, pemegang, "pemegang", terkunci, pesan)
    if adalah_operator(user, jabatan.opd):
        return Akses(jabatan, pemegang, "operator", terkunci, pesan)
    peran = peran_pembaca(user, jabatan.opd)
    if peran:
        return Akses(jabatan, pemegang, "pemda", terkunci, pesan, pesan_hanya_baca(peran))
    terlihat = jabatan_terlihat(user, jabatan.opd, tahun, triwulan)  # the one rule, shared with the documents page
    if terlihat is not None and jabatan.pk in terlihat:
        return Akses(jabatan, pemegang, "atasan", terkunci, pesan)
    raise Http404("Jabatan tidak ditemukan.")


@dataclass
class BarisAktivitas:
    aktivitas: Aktivitas
    realisasi: AktivitasRealisasi | None
    lalu: int | None  # done count s/d the previous quarter

    @property
    def versi(self) -> int:
        return self.realisasi.versi if self.realisasi else 0

    @property
    def terlaksana(self):
        return self.realisasi.terlaksana if self.realisasi else None


class Pengukuran:
    """An OPD's measurement of one quarter, loaded on first use and then shared by its rows.

    A row save checks the row first and answers with the row re-read after the save:
    the first read never needs the figures, so it does not measure the OPD."""

    def __init__(self, opd, tahun: int, triwulan: int):
        self.opd, self.tahun, self.triwulan = opd, tahun, triwulan

    @cached_property
    def u(self):
        return pengukuran_opd(self.opd, self.tahun, self.triwulan)


@dataclass
class Baris:
    """One PK row as the entry page shows it; its figures come from the OPD's measurement."""

    nomor: int
    sasaran: str
    indikator: Indikator
    ukur: Pengukuran
    ukur_lalu: Pengukuran | None  # the previous quarter (none for TW I)
    realisasi: Realisasi | None
    aktivitas: list[BarisAktivitas] = field(default_factory=list)
    bukti: list[BuktiDukung] = field(default_factory=list)

    @cached_property
    def kinerja(self) -> Kinerja:
        return self.ukur.u.kinerja(self.indikator)

    @cached_property
    def kinerja_lalu(self) -> Kinerja | None:
        return self.ukur_lalu.u.kinerja(self.indikator) if self.ukur_lalu else None

    @property
    def predikat(self) -> str | None:
        return self.ukur.u.predikat(self.kinerja.capaian)

    @property
    def ref_asal(self) -> str:
        """The row's figures in the quarter's E.81 (``BarisE81.ref``): its explanations open there."""
        level = self.indikator.level
        return f"{level}-{getattr(self.indikator, level + '_id')}-{self.indikator.pk}"

    @property
    def asal_dasar(self) -> str:
        """The beginning of this quarter's "Asal angka" URLs (``lkj.views.asal_angka``)."""
        u = self.ukur
        return reverse("asal_angka", args=[u.opd.kode, u.tahun, u.triwulan, "x", "y"]).removesuffix("x/y/")

    @property
    def cara(self) -> str:
        """How the row is entered: "nilai", "persentase" (value or pembilang/penyebut), "aktivitas",
        or "turunan" (a program percentage that follows from its kegiatan's aktivitas)."""
        if self.indikator.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS:
            return "aktivitas" if self.indikator.kegiatan_id else "turunan"
        if self.indikator.jenis == Indikator.Jenis.PERSENTASE:
            return "persentase"
        return "nilai"

    @property
    def versi(self) -> int:
        return self.realisasi.versi if self.realisasi else 0

    @property
    def terisi(self) -> bool:
        return self.kinerja.realisasi is not None

    @property
    def peringatan(self) -> list[str]:
        hasil = []
        k, lalu = self.kinerja, self.kinerja_lalu
        if self.cara == "aktivitas":
            turun = [
                a.aktivitas.uraian for a in self.aktivitas if a.terlaksana is not None and a.lalu is not None and a.terlaksana < a.lalu
            ]
            if turun:
                hasil.append("Jumlah terlaksana lebih kecil dari triwulan lalu (realisasi bersifat kumulatif): " + "; ".join(turun) + ".")
        elif (
            self.indikator.jenis != Indikator.Jenis.INDEKS
            and lalu is not None
            and k.realisasi is not None
            and lalu.realisasi is not None
            and k.realisasi < lalu.realisasi
        ):
            hasil.append("Realisasi lebih kecil dari triwulan lalu, padahal realisasi bersifat kumulatif (s.d. triwulan ini).")
        if (
            k.realisasi is not None
            and k.target is not None
            and k.realisasi > k.target
            and self.indikator.polaritas == Indikator.Polaritas.POSITIF
        ):
            hasil.append("Realisasi melebihi target tahunan; periksa kembali angkanya.")
        if self.terisi and not self.bukti and self.cara != "turunan":
            hasil.append("Belum ada bukti dukung.")
        return hasil


def baris_jabatan(jabatan_list, tahun: int, triwulan: int) -> dict[int, list[Baris]]:
    """The PK rows of each jabatan for (tahun, triwulan), keyed by jabatan id, in a fixed number of queries.

    Per OPD involved: two ``pengukuran_opd`` loads (this and the previous quarter), made
    when a row's figures are first read; then one query each for versions, rows,
    realisations, aktivitas, aktivitas counts and evidence.

    Kinerja Saya, the entry page, the report page and the Beranda ask on every request, and every row read
    here is the jabatan's OPD's stamped data (``DataTriwulan`` and ``DataTercetak`` rows), so a process keeps
    the rows under the OPDs' stamps (``lkj.selectors.cache_tampilan``; inside ``segar()`` they are read
    afresh). Each caller gets its own copy of each row, since the pages attach their forms to them; the model
    instances inside are shared, so they are for reading: a write starts from :func:`baris_satu`.
    """
    jabatan_list = list(jabatan_list)
    if not jabatan_list:
        return {}
    kunci_lain = ("baris_jabatan", tuple(sorted({j.pk for j in jabatan_list})), tahun, triwulan)
    simpan = cache_tampilan.ambil_untuk({j.opd_id for j in jabatan_list}, kunci_lain, lambda: _baris_jabatan(jabatan_list, tahun, triwulan))
    return {jid: [copy.copy(b) for b in baris] for jid, baris in simpan.items()}


def _baris_jabatan(jabatan_list: list, tahun: int, triwulan: int) -> dict[int, list[Baris]]:
    akhir = akhir_triwulan(tahun, triwulan)
    versi = versi_berlaku([j.pk for j in jabatan_list], tahun, akhir)
    if not versi:
        return {j.pk: [] for j in jabatan_list}
    versi_ke_jabatan = {v.pk: jid for jid, v in versi.items()}
    pk_baris = list(PKBaris.objects.filter(versi_id__in=list(versi_ke_jabatan)).select_related("indikator").order_by("versi_id", "nomor"))
    ind_ids = [b.indikator_id for b in pk_baris]

    ukur, ukur_lalu = {}, {}
    for opd in {j.opd_id: j.opd for j in jabatan_list}.values():
        ukur[opd.pk] = Pengukuran(opd, tahun, triwulan)
        ukur_lalu[opd.pk] = Pengukuran(opd, tahun, triwulan - 1) if triwulan > 1 else None

    realisasi = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan=triwulan).select_related("diubah_oleh__pegawai")
    }
    kegiatan_ids = {
        b.indikator.kegiatan_id
        for b in pk_baris
        if b.indikator.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS and b.indikator.kegiatan_id
    }
    aktivitas = defaultdict(list)
    for a in Aktivitas.objects.filter(kegiatan_id__in=kegiatan_ids, tahun=tahun).order_by("urutan", "id"):
        aktivitas[a.kegiatan_id].append(a)
    sekarang, lalu = {}, {}
    tw_dicari = [triwulan, triwulan - 1] if triwulan > 1 else [triwulan]
    for ar in AktivitasRealisasi.objects.filter(
        aktivitas__kegiatan_id__in=kegiatan_ids, aktivitas__tahun=tahun, triwulan__in=tw_dicari
    ).select_related("diubah_oleh__pegawai"):
        (sekarang if ar.triwulan == triwulan else lalu)[ar.aktivitas_id] = ar
    bukti = defaultdict(list)
    for bk in BuktiDukung.objects.filter(indikator_id__in=ind_ids, tahun=tahun, triwulan=triwulan).order_by("diunggah_pada", "id"):
        bukti[bk.indikator_id].append(bk)

    hasil = {j.pk: [] for j in jabatan_list}
    opd_jabatan = {j.pk: j.opd_id for j in jabatan_list}
    for b in pk_baris:
        jid = versi_ke_jabatan[b.versi_id]
        ind = b.indikator
        hasil[jid].append(
            Baris(
                nomor=b.nomor,
                sasaran=b.sasaran,
                indikator=ind,
                ukur=ukur[opd_jabatan[jid]],
                ukur_lalu=ukur_lalu[opd_jabatan[jid]],
                realisasi=realisasi.get(ind.pk),
                aktivitas=[
                    BarisAktivitas(a, sekarang.get(a.pk), lalu[a.pk].terlaksana if a.pk in lalu else None)
                    for a in aktivitas.get(ind.kegiatan_id, [])
                ]
                if ind.kegiatan_id and ind.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS
                else [],
                bukti=bukti.get(ind.pk, []),
            )
        )
    return hasil


def baris_satu(akses: Akses, indikator_id: int, tahun: int, triwulan: int) -> Baris:
    """One row of the jabatan's PK in force, or 404 (an indicator outside his PK is not his to edit).

    Read from the stored rows, never from the kept ones: the write views hand this row's realisation, evidence
    and aktivitas to the services, which change those instances (a deleted one loses its pk)."""
    for b in _baris_jabatan([akses.jabatan], tahun, triwulan)[akses.jabatan.pk]:
        if b.indikator.pk == indikator_id:
            return b
    raise Http404("Indikator ini tidak ada di Perjanjian Kinerja jabatan tersebut.")


def bawahan_saya(penugasan: list[Penugasan]) -> list[Jabatan]:
    """Jabatan directly below the ones held, for the atasan's read-only links."""
    ids = [p.jabatan_id for p in penugasan]
    return list(Jabatan.objects.filter(atasan_id__in=ids).select_related("opd").order_by(URUTAN_JENIS, "kode"))


@dataclass
class RekapJabatan:
    jabatan: Jabatan
    pemegang: Penugasan | None
    baris: list[Baris]

    @property
    def kosong(self):
        return [b for b in self.baris if not b.terisi]

    @property
    def tanpa_bukti(self):
        return [b for b in self.baris if b.terisi and not b.bukti and b.cara != "turunan"]


# Top of the signing tree first: Camat, Sekcam, Kasubag/Kasi, staff.
URUTAN_JENIS = Case(
    *[
        When(jenis=j, then=Value(i))
        for i, j in enumerate([Jabatan.Jenis.KEPALA_OPD, Jabatan.Jenis.SEKRETARIS, Jabatan.Jenis.ESELON_IV, Jabatan.Jenis.STAF])
    ],
    default=Value(9),
    output_field=IntegerField(),
)


def rekap_opd(opd, tahun: int, triwulan: int) -> list[RekapJabatan]:
    """The operator's view of a quarter: every jabatan with a PK in force, its holder and its rows."""
    akhir = akhir_triwulan(tahun, triwulan)
    jabatan = list(
        Jabatan.objects.filter(opd=opd, perjanjian__tahun=tahun, perjanjian__versi__tanggal__lte=akhir)
        .select_related("opd__pemda")
        .distinct()
        .order_by(URUTAN_JENIS, "atasan_id", "kode")
    )
    pemegang = {
        p.jabatan_id: p
        for p in Penugasan.objects.filter(aktif_pada(akhir), jabatan__in=jabatan).select_related("pegawai").order_by("mulai")
    }
    baris = baris_jabatan(jabatan, tahun, triwulan)
    return [RekapJabatan(j, pemegang.get(j.pk), baris.get(j.pk, [])) for j in jabatan]


def nama_pengguna(user) -> str:
    """The pegawai's name of an account, else its username; "(sistem)" for imports and the demo loader."""
    if user is None:
        return "(sistem/impor)"
    pegawai = getattr(user, "pegawai", None) if hasattr(user, "pegawai") else None
    return pegawai.nama if pegawai else user.get_username()


def pengubah_terakhir(obj) -> str:
    """Who last saved a row kept with django-simple-history (e.g. a narrative), by name: one query."""
    h = obj.history.order_by("-history_date", "-history_id").select_related("history_user__pegawai").first()
    return nama_pengguna(h.history_user if h else None)


def riwayat_baris(baris: Baris, tahun: int, triwulan: int) -> list[dict]:
    """Who changed the row, when, from what to what (django-simple-history), newest first."""
    hasil = []
    if baris.cara == "aktivitas":
        uraian = {a.aktivitas.pk: a.aktivitas.uraian for a in baris.aktivitas}
        catatan = list(
            AktivitasRealisasi.history.filter(aktivitas_id__in=list(uraian), triwulan=triwulan)
            .select_related("history_user__pegawai")
            .order_by("aktivitas_id", "history_date", "history_id")
        )
        sebelumnya = {}
        for h in catatan:
            hasil.append(
                {
                    "waktu": h.history_date,
                    "oleh": nama_pengguna(h.history_user),
                    "alasan": h.history_change_reason,
                    "apa": uraian.get(h.aktivitas_id, ""),
                    "lama": sebelumnya.get(h.aktivitas_id),
                    "baru": h.terlaksana,
                    "jenis": h.history_type,
                }
            )
            sebelumnya[h.aktivitas_id] = h.terlaksana
    else:
        catatan = list(
            Realisasi.history.filter(indikator_id=baris.indikator.pk, tahun=tahun, triwulan=triwulan)
            .select_related("history_user__pegawai")
            .order_by("history_date", "history_id")
        )
        sebelumnya = None
        for h in catatan:
            if h.nilai is not None:
                nilai = ringkas(h.nilai)
            elif h.pembilang is not None:
                nilai = f"{ringkas(h.pembilang)} dari {ringkas(h.penyebut)}"
            else:
                nilai = None
            hasil.append(
                {
                    "waktu": h.history_date,
                    "oleh": nama_pengguna(h.history_user),
                    "alasan": h.history_change_reason,
                    "apa": "Realisasi",
                    "lama": sebelumnya,
                    "baru": nilai,
                    "jenis": h.history_type,
                }
            )
            sebelumnya = nilai
    hasil.sort(key=lambda r: r["waktu"], reverse=True)
    return hasil


def ringkas(nilai) -> str:
    """A stored Decimal (4 dp) as an Indonesian number for a message: 12 → "12", 76.44 → "76,44"."""
    if isinstance(nilai, Decimal) or isinstance(nilai, int):
        return nilai_kinerja(nilai)
    return "-" if nilai is None else str(nilai)
