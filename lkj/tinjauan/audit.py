"""The OPD's audit log: status transitions and django-simple-history changes, newest first, filterable."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from anggaran.models import LraImport
from dasar import format as fmt
from lkj.asal import NAMA_ANGKA
from lkj.e81 import laporan_e81
from lkj.models import Narasi
from lkj.selectors import pengukuran_opd
from lkj.tinjauan.models import Transisi
from organisasi.kunci import triwulan_sejak
from perjanjian.models import PKBaris, PKVersi
from renja.models import AktivitasRealisasi, BuktiDukung, Realisasi, Target

BATAS = 300  # per source; the page says so when it is reached
SEMUA = (1, 2, 3, 4)


@dataclass
class BarisAudit:
    pada: datetime.datetime
    oleh: str
    objek: str
    apa: str
    rincian: str
    # the stored record and the quarters whose figures it feeds, (model label, pk, tahun, (triwulan, …)):
    # for ``angka_digerakkan``
    sumber: tuple | None = None
    menggerakkan: list = field(default_factory=list)  # [Digerakkan] per quarter, in quarter order


@dataclass
class Digerakkan:
    """The figures of one quarter's E.81 an entry moved: the first ``PALING_BANYAK`` as links, the rest counted."""

    judul: str  # "E.81 Triwulan III 2025"
    tautan: list  # [(text, url)]
    lain: int = 0


def orang_opd(opd) -> list[tuple[int, str]]:
    """Accounts of the OPD's pegawai (for the filter)."""
    User = get_user_model()
    qs = User.objects.filter(pegawai__penugasan__jabatan__opd=opd).select_related("pegawai").distinct().order_by("pegawai__nama")
    return [(u.pk, u.pegawai.nama) for u in qs]


def _nama(u):
    if u is None:
        return "(sistem/impor)"
    pg = getattr(u, "pegawai", None)
    return pg.nama if pg else u.get_username()


def _dengan_sebelumnya(qs, fields):
    """Each history row with the values its object had just before (``lalu_<field>``), in the same query.

    simple-history's ``prev_record`` would cost a query per row; a correlated subquery on the same
    table keeps the log at a fixed number of queries. ``history_id`` only grows, so "the row before"
    is the greatest smaller one of the same object."""
    sebelum = qs.model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by("-history_id")
    return qs.annotate(**{f"lalu_{f}": Subquery(sebelum.values(f)[:1]) for f in fields})


def _perubahan(h, label: str, tampil, fields) -> str:
    """ "label lama → baru" for a change, "label baru" for a creation, "label lama" for a deletion."""
    baru = tampil(*(getattr(h, f) for f in fields))
    if h.history_type == "+":
        return f"{label} {baru}"
    lama = tampil(*(getattr(h, f"lalu_{f}") for f in fields))
    if h.history_type == "-":
        return f"{label} {lama}"
    return f"{label} {lama} → {baru}" if lama != baru else f"{label} {baru} (tidak berubah)"


def _nilai_realisasi(nilai, pembilang, penyebut) -> str:
    if nilai is not None:
        return fmt.nilai_kinerja(nilai)
    if pembilang is not None:
        return f"{fmt.nilai_kinerja(pembilang)} dari {fmt.nilai_kinerja(penyebut)}"
    return "-"


NARASI = (
    ("faktor_pendukung", "faktor pendukung"),
    ("faktor_penghambat", "faktor penghambat"),
    ("upaya", "upaya / solusi"),
    ("rencana_tindak_lanjut", "rencana tindak lanjut"),
    ("latar_belakang", "latar belakang"),
    ("penutup", "penutup"),
)


def _nilai_target(nilai) -> str:
    return "-" if nilai is None else fmt.nilai_kinerja(nilai)


def _ada(*nilai):
    return [n for n in nilai if n is not None]


def _digerakkan(h, model: str, tahun: int, triwulan: tuple) -> tuple | None:
    """A created or changed record links to what it feeds now; a deleted one feeds nothing any more."""
    return (model, h.id, tahun, tuple(triwulan)) if h.history_type != "-" else None


def _narasi_berubah(h) -> str:
    if h.history_type != "~":
        return ""
    bagian = [label for f, label in NARASI if getattr(h, f) != getattr(h, f"lalu_{f}")]
    return ("bagian yang berubah: " + ", ".join(bagian)) if bagian else ""


def log_audit(opd, *, oleh=None, dari=None, sampai=None, objek=None) -> list[BarisAudit]:
    """A fixed number of queries whatever the number of entries (each source capped at ``BATAS``).

    A change shows the value before and after it ("nilai 8 → 9")."""

    def _saring(qs, f_user, f_waktu):
        if oleh:
            qs = qs.filter(**{f_user: oleh})
        if dari:
            qs = qs.filter(**{f"{f_waktu}__date__gte": dari})
        if sampai:
            qs = qs.filter(**{f"{f_waktu}__date__lte": sampai})
        return qs

    jenis_h = {"+": "dibuat", "~": "diubah", "-": "dihapus"}
    hasil = []
    if objek in (None, "laporan"):
        for t in (
            _saring(Transisi.objects.filter(laporan__opd=opd), "oleh_id", "pada")
            .select_related("oleh__pegawai", "laporan__jabatan")
            .order_by("-pada")[:BATAS]
        ):
            hasil.append(
                BarisAudit(
                    t.pada,
                    _nama(t.oleh),
                    str(t.laporan),
                    f"{t.get_dari_display()} → {t.get_ke_display()}" + (" (ditarik kembali)" if t.aksi == "tarik_kembali" else ""),
                    " · ".join(x for x in [t.get_tanggapan_display() if t.tanggapan else "", t.catatan] if x),
                )
            )
    if objek in (None, "realisasi"):
        bidang = ("nilai", "pembilang", "penyebut")
        for h in (
            _dengan_sebelumnya(
                _saring(Realisasi.history.filter(indikator__opd=opd), "history_user_id", "history_date"), (*bidang, "catatan_sumber")
            )
            .select_related("history_user__pegawai", "indikator")
            .order_by("-history_date")[:BATAS]
        ):
            rincian = _perubahan(h, "nilai", _nilai_realisasi, bidang)
            if h.history_type == "~" and h.catatan_sumber != h.lalu_catatan_sumber:
                rincian += f" · catatan sumber data: {h.lalu_catatan_sumber or '-'} → {h.catatan_sumber or '-'}"
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Realisasi {h.indikator.uraian} {h.tahun} TW {fmt.romawi(h.triwulan)}",
                    jenis_h.get(h.history_type, h.history_type),
                    rincian + (f" · {h.history_change_reason}" if h.history_change_reason else ""),
                    ("renja.Realisasi", h.id, h.tahun, (h.triwulan,)),
                )
            )
    if objek in (None, "aktivitas"):
        for h in (
            _dengan_sebelumnya(
                _saring(AktivitasRealisasi.history.filter(aktivitas__kegiatan__program__opd=opd), "history_user_id", "history_date"),
                ("terlaksana",),
            )
            .select_related("history_user__pegawai", "aktivitas")
            .order_by("-history_date")[:BATAS]
        ):
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Aktivitas {h.aktivitas.uraian} TW {fmt.romawi(h.triwulan)}",
                    jenis_h.get(h.history_type, h.history_type),
                    _perubahan(h, "terlaksana", fmt.angka, ("terlaksana",)),
                    ("renja.AktivitasRealisasi", h.id, h.aktivitas.tahun, (h.triwulan,)),
                )
            )
    if objek in (None, "narasi"):
        for h in (
            _dengan_sebelumnya(_saring(Narasi.history.filter(opd=opd), "history_user_id", "history_date"), [f for f, _ in NARASI])
            .select_related("history_user__pegawai", "jabatan")
            .order_by("-history_date")[:BATAS]
        ):
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Narasi {h.jabatan or opd} {h.tahun} TW {fmt.romawi(h.triwulan)}",
                    jenis_h.get(h.history_type, h.history_type),
                    " · ".join(x for x in [_narasi_berubah(h), h.history_change_reason or ""] if x),
                )
            )
    if objek in (None, "bukti"):
        for h in (
            _saring(BuktiDukung.history.filter(indikator__opd=opd), "history_user_id", "history_date")
            .select_related("history_user__pegawai", "indikator")
            .order_by("-history_date")[:BATAS]
        ):
            apa = {"+": "diunggah", "-": "dihapus"}.get(h.history_type, jenis_h.get(h.history_type, h.history_type))
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Bukti dukung {h.indikator.uraian if h.indikator_id else ''} {h.tahun} TW {fmt.romawi(h.triwulan)}",
                    apa,
                    h.nama_asli or h.keterangan,
                )
            )
    if objek in (None, "perencanaan"):
        for h in (
            _dengan_sebelumnya(_saring(Target.history.filter(indikator__opd=opd), "history_user_id", "history_date"), ("nilai",))
            .select_related("history_user__pegawai", "indikator")
            .order_by("-history_date")[:BATAS]
        ):
            kapan = f"TW {fmt.romawi(h.triwulan)}" if h.triwulan else "tahunan"
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Target {h.indikator.uraian} {h.tahun} ({kapan})",
                    jenis_h.get(h.history_type, h.history_type),
                    _perubahan(h, "nilai", fmt.nilai_kinerja, ("nilai",)),
                    # no version: it feeds every quarter of its year (a quarterly one, its quarter)
                    _digerakkan(h, "renja.Target", h.tahun, (h.triwulan,) if h.triwulan else SEMUA),
                )
            )
        for h in (
            _dengan_sebelumnya(
                _saring(PKVersi.history.filter(perjanjian__jabatan__opd=opd), "history_user_id", "history_date"),
                ("tanggal", "nomor_dokumen"),
            )
            .select_related("history_user__pegawai", "perjanjian__jabatan")
            .order_by("-history_date")[:BATAS]
        ):
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Perjanjian Kinerja {h.perjanjian.jabatan.nama} {h.perjanjian.tahun}",
                    jenis_h.get(h.history_type, h.history_type),
                    _perubahan(h, "versi bertanggal", fmt.tanggal, ("tanggal",))
                    + (
                        f" · nomor dokumen {h.lalu_nomor_dokumen or '-'} → {h.nomor_dokumen or '-'}"
                        if h.history_type == "~" and h.nomor_dokumen != h.lalu_nomor_dokumen
                        else ""
                    ),
                    # in force from its date (a moved date: from the earlier of the two)
                    _digerakkan(
                        h,
                        "perjanjian.PKVersi",
                        h.perjanjian.tahun,
                        triwulan_sejak(h.perjanjian.tahun, min(_ada(h.tanggal, h.lalu_tanggal))),
                    ),
                )
            )
        for h in (
            _dengan_sebelumnya(
                _saring(PKBaris.history.filter(versi__perjanjian__jabatan__opd=opd), "history_user_id", "history_date"), ("target",)
            )
            .select_related("history_user__pegawai", "versi__perjanjian__jabatan", "indikator")
            .order_by("-history_date")[:BATAS]
        ):
            v = h.versi
            hasil.append(
                BarisAudit(
                    h.history_date,
                    _nama(h.history_user),
                    f"Target {h.indikator.uraian} di PK {v.perjanjian.jabatan.nama} versi {v.tanggal:%d-%m-%Y}",
                    jenis_h.get(h.history_type, h.history_type),
                    _perubahan(h, "target", _nilai_target, ("target",)),
                    _digerakkan(h, "perjanjian.PKBaris", v.perjanjian.tahun, triwulan_sejak(v.perjanjian.tahun, v.tanggal)),
                )
            )
    if objek in (None, "lra"):
        for i in (
            _saring(LraImport.objects.filter(opd=opd), "diunggah_oleh_id", "diunggah_pada")
            .select_related("diunggah_oleh__pegawai")
            .order_by("-diunggah_pada")[:BATAS]
        ):
            hasil.append(
                BarisAudit(
                    i.diunggah_pada,
                    _nama(i.diunggah_oleh),
                    str(i),
                    "diunggah",
                    f"{i.nama_file}" + ("" if i.aktif else " (tidak aktif lagi)"),
                    # a quarter reads only the LRA of its last month (decisions §3)
                    ("anggaran.LraImport", i.pk, i.tahun, (i.bulan // 3,)) if i.bulan % 3 == 0 else None,
                )
            )
    hasil.sort(key=lambda b: b.pada, reverse=True)
    return hasil


# The figures an entry links to, in a row's order; efisiensi and predikat follow from capaian and are not repeated.
ANGKA_DIGERAKKAN = ("realisasi_k", "capaian_k", "target_rp", "realisasi_rp", "capaian_rp")
PALING_BANYAK = 6  # links per entry and quarter; the rest is counted
# records that feed several quarters: measured only where the OPD has realisations
SUMBER_TAHUNAN = ("renja.Target", "perjanjian.PKVersi", "perjanjian.PKBaris")


def _kumpul_sumber(a, kunci: set) -> None:
    for o in a.operand:
        kunci.update(s.kunci for s in o.sumber)
        if o.asal is not None:
            _kumpul_sumber(o.asal, kunci)


def _kuartal_berdata(opd, tahun: set) -> set:
    """(tahun, triwulan) with a realisation or an aktivitas count of the OPD: a target or a PK version moves capaian
    kinerja, which a quarter without any realisation does not have; two queries."""
    if not tahun:
        return set()
    return set(Realisasi.objects.filter(indikator__opd=opd, tahun__in=tahun).values_list("tahun", "triwulan").distinct()) | set(
        AktivitasRealisasi.objects.filter(aktivitas__kegiatan__program__opd=opd, aktivitas__tahun__in=tahun)
        .values_list("aktivitas__tahun", "triwulan")
        .distinct()
    )


def angka_digerakkan(opd, baris: list[BarisAudit]) -> None:
    """Fill each entry's ``menggerakkan``: per quarter it feeds, the figures of that quarter's E.81 whose explanation
    lists the entry's record among its sources, each linking to its "Asal angka" panel. A realisation, an aktivitas
    count or the LRA of a quarter's last month feeds its quarter; a Renja target every quarter of its year; a PK
    version, or a target on one of its rows, the quarters ending on or after the version's date (of which the
    explanations name it only where it is still the version in force). Read from the same explanations the panels
    show; one measurement per distinct quarter of the entries given (the page's, not the whole log), and a target's
    or a version's quarters only where the OPD has realisations."""
    berdata = _kuartal_berdata(opd, {b.sumber[2] for b in baris if b.sumber and b.sumber[0] in SUMBER_TAHUNAN})
    for b in baris:
        if b.sumber and b.sumber[0] in SUMBER_TAHUNAN:
            model, pk, tahun, triwulan = b.sumber
            b.sumber = (model, pk, tahun, tuple(t for t in triwulan if (tahun, t) in berdata))
    kuartal = {(b.sumber[2], t) for b in baris if b.sumber for t in b.sumber[3]}
    indeks: dict[tuple, dict[str, list]] = {}
    for tahun, triwulan in sorted(kuartal):
        lap = laporan_e81(pengukuran_opd(opd, tahun, triwulan))
        per_kunci: dict[str, list] = {}
        for r in lap.rows:
            for angka in ANGKA_DIGERAKKAN:
                a = r.asal.get(angka)
                if a is None:
                    continue
                kunci: set = set()
                _kumpul_sumber(a, kunci)
                for k in kunci:
                    daftar = per_kunci.setdefault(k, [])
                    teks = f"{NAMA_ANGKA[angka]} {r.nama_baris}"
                    url = reverse("asal_angka", args=[opd.kode, tahun, triwulan, r.ref, angka])
                    if (teks, url) not in daftar:
                        daftar.append((teks, url))
        indeks[(tahun, triwulan)] = per_kunci
    for b in baris:
        if not b.sumber:
            continue
        model, pk, tahun, triwulan = b.sumber
        b.menggerakkan = []
        for t in sorted(triwulan):
            semua = indeks[(tahun, t)].get(f"{model}#{pk}", [])
            if semua:
                tampil = semua[:PALING_BANYAK]
                b.menggerakkan.append(Digerakkan(f"E.81 {fmt.triwulan(t)} {tahun}", tampil, len(semua) - len(tampil)))
