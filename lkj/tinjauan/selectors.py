"""Reads of the review: who plays which role on a report, the overview of a quarter, snapshots, diffs, audit.

Roles follow the organisation, never the person: the holder is the ``Penugasan``
running at the quarter's end (a Plt. included); the atasan is whoever holds the
*jabatan* of the pihak kedua of the PK version in force at the quarter's end (so a
Plt. who took over reviews), falling back to the pihak kedua named in the PK.
Nobody reviews himself (decisions §7): when that holder is the report's own holder,
review and co-signature pass up the signing tree (``Jabatan.atasan``) to the first
jabatan held by someone else, and ``Pihak.alasan_peninjau`` says why. That read of the parties,
``pihak_semua``, lives in ``perjanjian.selectors``, below both the review and the documents that print it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from dasar import format as fmt
from dasar.periode import akhir_triwulan, batas_laporan, hari_terlambat
from lkj.dokumen import data as D
from lkj.dokumen.data import Indeks, baris_sasaran_program, jabatan_ber_pk
from lkj.selectors import cache_pengukuran, pengukuran_opd
from lkj.tinjauan.models import DokumenTertanda, EvaluasiE81, Laporan, Status, Tandatangan, Transisi
from organisasi.akses import adalah_operator, opd_untuk_user, peran_pembaca
from organisasi.models import Jabatan, Penugasan, TriwulanTerkunci
from organisasi.selectors import aktif_pada, jabatan_terlihat
from perjanjian.selectors import pihak_semua
from renja.models import BuktiDukung

AKTIF = Status  # re-export for templates


def batas_waktu(opd, tahun: int, triwulan: int) -> datetime.date:
    """The deadline of the quarter's LKj: ``Pemda.hari_batas_laporan`` days after the quarter ends (decisions §5).

    TW III 2025 → 15 Oktober 2025; TW IV 2025 → 15 Januari 2026. Pure date arithmetic, no clock.
    """
    return batas_laporan(tahun, triwulan, opd.pemda.hari_batas_laporan)


def kepala_dan_sekretaris(opd, tahun, triwulan) -> dict[str, object]:
    """{"kepala": Pegawai|None, "sekretaris": Pegawai|None} at the quarter's end (one query)."""
    return pimpinan_pada(opd, akhir_triwulan(tahun, triwulan))


def pimpinan_pada(opd, tanggal: datetime.date) -> dict[str, object]:
    """{"kepala": Pegawai|None, "sekretaris": Pegawai|None} holding office (Plt. included) on ``tanggal``."""
    hasil = {"kepala": None, "sekretaris": None}
    for p in (
        Penugasan.objects.filter(
            aktif_pada(tanggal), jabatan__opd=opd, jabatan__jenis__in=[Jabatan.Jenis.KEPALA_OPD, Jabatan.Jenis.SEKRETARIS]
        )
        .select_related("pegawai__user", "jabatan")
        .order_by("mulai")
    ):
        hasil["kepala" if p.jabatan.jenis == Jabatan.Jenis.KEPALA_OPD else "sekretaris"] = p.pegawai
    return hasil


def _pegawai_user(user):
    return getattr(user, "pegawai", None) if user.is_authenticated else None


def peran(user, opd, tahun, triwulan, jabatan=None, *, pihak=None, pimpinan=None) -> set[str]:
    """What ``user`` is on this report: pemegang / atasan (individual), kepala / sekretaris / operator (OPD)."""
    pg = _pegawai_user(user)
    hasil = set()
    pimpinan = pimpinan if pimpinan is not None else kepala_dan_sekretaris(opd, tahun, triwulan)
    if pg is not None:
        if pimpinan["kepala"] is not None and pimpinan["kepala"].pk == pg.pk:
            hasil.add("kepala")
        if pimpinan["sekretaris"] is not None and pimpinan["sekretaris"].pk == pg.pk:
            hasil.add("sekretaris")
    if adalah_operator(user, opd):
        hasil.add("operator")
    if jabatan is not None and pg is not None:
        ph = pihak if pihak is not None else pihak_semua(opd, tahun, triwulan, [jabatan.pk]).get(jabatan.pk)
        if ph is not None:
            if ph.pemegang is not None and ph.pemegang.pk == pg.pk:
                hasil.add("pemegang")
            if ph.atasan is not None and ph.atasan.pk == pg.pk:
                hasil.add("atasan")
    return hasil


def boleh_baca(user, opd, tahun: int, triwulan: int, jabatan=None, *, pihak=None) -> bool:
    """The read rule of docs/architecture.md "Who reads what", for a report of an OPD the user already reads.

    The OPD LKj and E.81 are the office's own: every member of the OPD, its operator and the pemda
    roles of its pemda (the caller has scoped the OPD with ``opd_untuk_user``). An individual report, signed or not, page or file: the
    holder, every jabatan above him in the signing tree and the operator — the one rule of
    the entry pages, ``organisasi.selectors.jabatan_terlihat`` — and whoever reviews it, should
    review have passed to a jabatan outside that tree. Anyone else gets a 404 from the caller.
    """
    if jabatan is None:
        return True

    terlihat = jabatan_terlihat(user, opd, tahun, triwulan)
    if terlihat is None or jabatan.pk in terlihat:
        return True
    pg = _pegawai_user(user)
    if pg is None:
        return False
    ph = pihak if pihak is not None else pihak_semua(opd, tahun, triwulan, [jabatan.pk]).get(jabatan.pk)
    return ph is not None and ph.atasan is not None and ph.atasan.pk == pg.pk


def boleh_lihat_audit(user, opd, hari_ini: datetime.date) -> bool:
    """The OPD's audit log is for its operator, the pemda roles of its pemda (Inspektorat reviews with it)
    and whoever is kepala or sekretaris today, not in some past quarter."""
    if adalah_operator(user, opd) or peran_pembaca(user, opd):
        return True
    pg = _pegawai_user(user)
    return pg is not None and any(p is not None and p.pk == pg.pk for p in pimpinan_pada(opd, hari_ini).values())


def aksi_tersedia(lap: Laporan, peran: set[str], sudah_ttd: set[str]) -> dict[str, bool]:
    """Which acts the report page offers this user: the same conditions the services enforce
    (``lkj.tinjauan.services``), so no button is shown that would only be refused."""
    S = Status
    if lap.jabatan_id is not None:
        opd_terkunci = lap.status in (S.DISETUJUI, S.DITANDATANGANI) and triwulan_opd_terkunci(lap.opd, lap.tahun, lap.triwulan)
        return {
            "ajukan": "pemegang" in peran and lap.status in (S.DRAF, S.DIKEMBALIKAN),
            "tarik": "pemegang" in peran and lap.status == S.DIAJUKAN,
            "tanggapi": "atasan" in peran and lap.status == S.DIAJUKAN,
            "tandatangani": (lap.status == S.DISETUJUI and bool({"pemegang", "atasan"} & peran - sudah_ttd) and not opd_terkunci),
            "buka": (bool({"pemegang", "atasan"} & peran) and not opd_terkunci and lap.status in (S.DITANDATANGANI, S.DISETUJUI)),
        }
    return {
        "ajukan": bool({"sekretaris", "operator"} & peran) and lap.status in (S.DRAF, S.DIKEMBALIKAN),
        "tarik": bool({"sekretaris", "operator"} & peran) and lap.status == S.DIAJUKAN,
        "tanggapi": "kepala" in peran and lap.status == S.DIAJUKAN,
        "tandatangani": "kepala" in peran and lap.status == S.DISETUJUI,
        "buka": "kepala" in peran and lap.status in (S.DITANDATANGANI, S.DISETUJUI),
    }


def laporan_baca(opd, tahun, triwulan, jabatan=None) -> Laporan:
    """The report's row, or an unsaved one in Draf (rows are created by the first transition)."""
    lap = Laporan.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan).first()
    return lap or Laporan(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan)


def get_opd_tinjauan(user, kode):
    """The OPD if the user may read it (404 otherwise, so another OPD does not leak)."""
    try:
        return opd_untuk_user(user).get(kode=kode)
    except Exception:
        raise Http404("Perangkat daerah tidak ditemukan.")


def get_jabatan_laporan(user, opd, jabatan_id):
    """A jabatan of this (already permitted) OPD, or 404."""
    jab = Jabatan.objects.filter(opd=opd, pk=jabatan_id).select_related("opd__pemda").first()
    if jab is None:
        raise Http404("Jabatan tidak ditemukan.")
    return jab


# --- snapshots and what changed -------------------------------------------------------------


@cache_pengukuran.segar()  # measured from the stored data: what the atasan approves is what is there
def cuplikan(opd, tahun, triwulan, jabatan=None) -> dict:
    """What the report prints that the atasan judges, and what stands behind it, as plain text per part.

    Each row's target/realisasi/capaian, source note and budget; the narrative lists and the
    photo captions; the aktivitas counts; the evidence files of each row. Built from the same
    data builders as the PDF, so "what changed" means "what the document shows differently".
    Taken at submission (``Transisi.cuplikan``) and compared again before approval and
    signature: the atasan approves and co-signs exactly what was submitted.
    """
    if jabatan is None:
        d = D.data_lkj_opd(opd, tahun, triwulan)
        baris = [*d.sasaran, *d.program]
        aktivitas = []
    else:
        d = D.data_individu(opd, tahun, triwulan, jabatan)
        if d is None:
            return {"baris": {}, "narasi": {}, "aktivitas": {}, "bukti": {}}
        baris = d.pk.baris
        aktivitas = d.aktivitas
    nar = d.narasi
    kunci = {id(b): f"{b.nomor}. {b.indikator}" for b in baris}
    bukti = {}
    ind = {b.indikator_obj.pk: kunci[id(b)] for b in baris if b.indikator_obj is not None}
    for bk in BuktiDukung.objects.filter(indikator_id__in=list(ind), tahun=tahun, triwulan=triwulan).order_by("pk"):
        bukti.setdefault(ind[bk.indikator_id], []).append(f"{bk.nama_asli or bk.berkas.name} ({bk.ukuran or 0} byte)")
    return {
        "baris": {
            kunci[id(b)]: {
                "Target": b.target_teks,
                "Realisasi": b.realisasi_teks,
                "Capaian": fmt.persen(b.capaian),
                "Catatan": b.catatan or "-",
                "Anggaran": f"Rp {fmt.rupiah(b.realisasi_rp)} dari Rp {fmt.rupiah(b.pagu)}" if b.pagu is not None else "-",
            }
            for b in baris
        },
        "narasi": {
            "Latar belakang": nar.latar_belakang,
            "Gambaran umum": nar.gambaran_umum,
            "Tupoksi": nar.tupoksi,
            "Aspek strategis": nar.aspek_strategis,
            "Permasalahan utama": list(nar.permasalahan_utama),
            "Faktor pendukung": list(nar.faktor_pendukung),
            "Faktor penghambat": list(nar.faktor_penghambat),
            "Upaya / solusi": list(nar.upaya),
            "Rencana tindak lanjut": list(nar.rencana_tindak_lanjut),
            "Penutup": nar.penutup,
            "Dokumentasi": [f"{f.keterangan} ({fmt.tanggal(f.tanggal)})" for f in nar.dokumentasi],
        },
        "aktivitas": {
            f"{kelompok} — {uraian}": fmt.angka(done) if done is not None else "-"
            for g in aktivitas
            for (kelompok, uraian, _rencana, done) in g.baris
        },
        "bukti": bukti,
    }


def selisih(lama: dict | None, baru: dict | None) -> list[dict]:
    """Rows of what differs between two snapshots: [{"apa", "bagian", "lama", "baru"}].

    Only parts both snapshots carry are compared, so a snapshot taken before a part was
    added to ``cuplikan`` never shows that part as changed."""
    if not lama or not baru:
        return []
    hasil = []
    lb, bb = lama.get("baris", {}), baru.get("baris", {})
    for apa in sorted(set(lb) | set(bb)):
        a, b = lb.get(apa, {}), bb.get(apa, {})
        for bagian in ("Target", "Realisasi", "Capaian", "Catatan", "Anggaran"):
            if bagian not in a and bagian not in b:
                continue
            if (apa in lb and bagian not in a) or (apa in bb and bagian not in b):
                continue  # one snapshot predates this part
            if a.get(bagian) != b.get(bagian):
                hasil.append({"apa": apa, "bagian": bagian, "lama": a.get(bagian, "-"), "baru": b.get(bagian, "-")})
    ln, bn = lama.get("narasi", {}), baru.get("narasi", {})
    for bagian in bn:
        if bagian not in ln:
            continue
        if ln[bagian] != bn[bagian]:
            hasil.append({"apa": "Narasi", "bagian": bagian, "lama": "; ".join(ln[bagian]) or "-", "baru": "; ".join(bn[bagian]) or "-"})
    if "aktivitas" in lama and "aktivitas" in baru:
        la, ba = lama["aktivitas"], baru["aktivitas"]
        for apa in sorted(set(la) | set(ba)):
            if la.get(apa) != ba.get(apa):
                hasil.append({"apa": apa, "bagian": "Aktivitas terlaksana", "lama": la.get(apa, "-"), "baru": ba.get(apa, "-")})
    if "bukti" in lama and "bukti" in baru:
        lk, bk = lama["bukti"], baru["bukti"]
        for apa in sorted(set(lk) | set(bk)):
            if lk.get(apa, []) != bk.get(apa, []):
                hasil.append(
                    {
                        "apa": apa,
                        "bagian": "Bukti dukung",
                        "lama": "; ".join(lk.get(apa, [])) or "-",
                        "baru": "; ".join(bk.get(apa, [])) or "-",
                    }
                )
    return hasil


def cuplikan_pengajuan(laporan: Laporan) -> dict | None:
    """The snapshot taken when the report was last submitted (None before any submission)."""
    if laporan.pk is None:
        return None
    t = (
        Transisi.objects.filter(laporan=laporan, ke=Status.DIAJUKAN, cuplikan__isnull=False)
        .order_by("-pada", "-pk")
        .only("cuplikan")
        .first()
    )
    return t.cuplikan if t else None


def berubah_sejak_diajukan(laporan: Laporan) -> list[dict]:
    """What the report would print differently from what was submitted (empty: exactly as submitted)."""
    lama = cuplikan_pengajuan(laporan)
    if lama is None:
        return []
    return selisih(lama, cuplikan(laporan.opd, laporan.tahun, laporan.triwulan, laporan.jabatan))


def perubahan_sejak_pengajuan_lalu(laporan: Laporan) -> tuple[list[dict], bool]:
    """(diff between the two latest submissions, whether there was an earlier one)."""
    if laporan.pk is None:
        return [], False
    ajuan = list(Transisi.objects.filter(laporan=laporan, ke=Status.DIAJUKAN, cuplikan__isnull=False).order_by("-pada", "-pk")[:2])
    if len(ajuan) < 2:
        return [], False
    return selisih(ajuan[1].cuplikan, ajuan[0].cuplikan), True


# --- the overview ----------------------------------------------------------------------------


@dataclass
class BarisIkhtisar:
    jabatan: Jabatan | None
    judul: str
    laporan: Laporan
    pemegang: object | None
    atasan: object | None
    menunggu: str
    terlambat: bool
    selesai_pada: datetime.datetime | None
    alasan_peninjau: str = ""  # "ditinjau oleh … karena …" when review passed up (nobody reviews himself)


def ikhtisar(opd, tahun: int, triwulan: int, hari_ini: datetime.date) -> dict:
    """Every report of the OPD's quarter with its state, whom it waits on and the deadline; a fixed number of queries.

    ``hari_ini`` is passed in (the view gives today's date): the deadline itself is pure
    arithmetic on the quarter, only "days left" compares with a day, and tests pin it.
    """
    batas = batas_waktu(opd, tahun, triwulan)
    jabatan = [j for j in jabatan_ber_pk(opd, tahun, triwulan) if j.jenis != Jabatan.Jenis.KEPALA_OPD]
    pihak = pihak_semua(opd, tahun, triwulan, [j.pk for j in jabatan])
    pimpinan = kepala_dan_sekretaris(opd, tahun, triwulan)
    laporan = {lap.jabatan_id: lap for lap in Laporan.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan)}
    ttd, terakhir = {}, {}
    for t in (
        Transisi.objects.filter(laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan)
        .order_by("pada", "pk")
        .only("laporan_id", "ke", "aksi", "pada")
    ):
        if t.ke == Status.DITANDATANGANI:
            ttd[t.laporan_id] = t.pada
        terakhir[t.laporan_id] = t

    sudah_ttd = {}
    for t in Tandatangan.objects.filter(laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan).only(
        "laporan_id", "versi", "peran"
    ):
        sudah_ttd.setdefault((t.laporan_id, t.versi), set()).add(t.peran)

    def _baris(jab, judul, pemegang, atasan, alasan=""):
        lap = laporan.get(jab.pk if jab else None) or Laporan(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jab)
        s = lap.status
        nama = lambda p: p.nama if p else "(belum ada pemegang)"
        if s in (Status.DRAF, Status.DIKEMBALIKAN):
            t = terakhir.get(lap.pk)
            if t is not None and t.aksi == "tarik_kembali":  # the atasan sees the holder took it back
                menunggu = f"{nama(pemegang)} (mengajukan; ditarik kembali {fmt.tanggal(timezone.localtime(t.pada).date())})"
            else:
                menunggu = f"{nama(pemegang)} (mengajukan)"
        elif s == Status.DIAJUKAN:
            menunggu = f"{nama(atasan)} (menanggapi)"
        elif s == Status.DISETUJUI:
            perlu = ["pemegang", "atasan"] if jab else ["kepala"]
            sudah = sudah_ttd.get((lap.pk, lap.versi), set())
            siapa = [nama(pemegang) if p == "pemegang" else nama(atasan) for p in perlu if p not in sudah]
            menunggu = "tanda tangan " + ", ".join(dict.fromkeys(siapa))
        else:
            menunggu = "-"
        selesai = ttd.get(lap.pk) if s == Status.DITANDATANGANI else None
        terlambat = hari_terlambat(batas, timezone.localdate(selesai) if selesai else None, hari_ini) > 0
        return BarisIkhtisar(jab, judul, lap, pemegang, atasan, menunggu, terlambat, selesai, alasan)

    rows = [_baris(None, f"LKj {opd.nama} dan Formulir E.81", pimpinan["sekretaris"], pimpinan["kepala"])]
    for j in jabatan:
        ph = pihak.get(j.pk)
        rows.append(
            _baris(j, f"LKj Individu — {j.nama}", ph.pemegang if ph else None, ph.atasan if ph else None, ph.alasan_peninjau if ph else "")
        )
    return {
        "rows": rows,
        "batas": batas,
        "sisa_hari": (batas - hari_ini).days,
        "hari_ini": hari_ini,
        "jumlah_status": {s.label: sum(1 for r in rows if r.laporan.status == s) for s in Status},
    }


def jumlah_predikat(opd, tahun, triwulan) -> list[tuple[str, int]]:
    """Counts of sasaran and program indicators per predikat (from the LKj's own rows)."""
    sasaran, program = baris_sasaran_program(Indeks.dari(pengukuran_opd(opd, tahun, triwulan)))
    hitung = {}
    for b in [*sasaran, *program]:
        hitung[b.predikat or "Belum ada realisasi"] = hitung.get(b.predikat or "Belum ada realisasi", 0) + 1
    return sorted(hitung.items(), key=lambda kv: -kv[1])


def dokumen_tertanda_periode(opd, tahun: int, triwulan: int) -> dict[tuple[str, int | None], list]:
    """The quarter's signed files per (jenis, jabatan id), newest version first: one query.

    Each carries ``pengganti`` ("V2") when it was superseded by reopening: version n is
    replaced by version n + 1, as a new draft or a new signature. A superseded file is kept
    and listed with its own link, never offered as the current document.
    """
    hasil = {}
    semua = list(
        dengan_ada_asal(DokumenTertanda.objects.filter(laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan))
        .select_related("laporan", "evaluasi")
        .order_by("-versi", "pk")
    )
    tautan_asal_beku(opd, tahun, triwulan, semua)
    for d in semua:
        d.pengganti = "" if d.berlaku else f"V{d.versi + 1}"
        # The E.81 Bappeda countersigned is listed with the E.81 it evaluates, after it; the signed E.81 says
        # what Bappeda did with it.
        d.keadaan_evaluasi = keadaan_evaluasi(d)[0] if d.jenis == "e81" and d.laporan.jabatan_id is None else ""
        hasil.setdefault(("e81" if d.jenis == "e81eval" else d.jenis, d.laporan.jabatan_id), []).append(d)
    return hasil


def dengan_ada_asal(qs):
    """Signed files without their stored explanation (a few hundred KB), saying only whether one is stored."""
    return qs.defer("asal").annotate(ada_asal=ExpressionWrapper(Q(asal__isnull=False), output_field=BooleanField()))


def tautan_asal_beku(opd, tahun: int, triwulan: int, dokumen: list) -> None:
    """Give each replaced signed file of the OPD LKj (the LKj and its E.81) whose E.81 stored its explanations
    an ``url_asal``: the panel of the rata-rata capaian kinerja as signed in that version (``?versi=N``), from
    which every program's figure unfolds. The valid signature needs none: the figures on the pages open it.
    ``dokumen`` from :func:`dengan_ada_asal`, with their ``laporan``."""
    beku = {d.versi for d in dokumen if d.jenis == "e81" and d.ada_asal and d.laporan.jabatan_id is None}
    for d in dokumen:
        d.url_asal = ""
        if not d.berlaku and d.versi in beku and d.laporan.jabatan_id is None:
            d.url_asal = reverse("asal_angka", args=[opd.kode, tahun, triwulan, "laporan", "rata_rata_capaian"]) + f"?versi={d.versi}"


def triwulan_opd_terkunci(opd, tahun, triwulan) -> bool:
    return TriwulanTerkunci.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan__isnull=True).exists()


@dataclass
class BelumTertanda:
    """An individual report of the quarter not yet signed: an exception the camat signs over."""

    jabatan: Jabatan
    pemegang: object | None
    laporan: Laporan

    @property
    def judul(self) -> str:
        return f"LKj Individu — {self.jabatan.nama}" + (f" ({self.pemegang.nama})" if self.pemegang else "")


def individu_belum_ditandatangani(opd, tahun, triwulan) -> list[BelumTertanda]:
    """The quarter's individual reports not yet signed, with holder and state (the camat's sign-off check).

    Signing the OPD LKj freezes the quarter: such a report can then be neither signed nor
    reopened, so each is an exception the camat must see and give a reason for. Fixed queries.
    """
    jabatan = [j for j in jabatan_ber_pk(opd, tahun, triwulan) if j.jenis != Jabatan.Jenis.KEPALA_OPD]
    laporan = {lap.jabatan_id: lap for lap in Laporan.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan__in=jabatan)}
    pihak = pihak_semua(opd, tahun, triwulan, [j.pk for j in jabatan])
    hasil = []
    for j in jabatan:
        lap = laporan.get(j.pk) or Laporan(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=j)
        if lap.status != Status.DITANDATANGANI:
            ph = pihak.get(j.pk)
            hasil.append(BelumTertanda(j, ph.pemegang if ph else None, lap))
    return hasil


def asal_tertanda(opd, tahun: int, triwulan: int, versi: int | None = None) -> DokumenTertanda | None:
    """The signed E.81 whose explanations the quarter's "Asal angka" serves, or None (a draft: live).

    Without ``versi``: the OPD LKj's signature in force (a reopened one no longer is). With ``versi``: that
    version's signature, kept after reopening so an earlier signed file can still be explained as signed.
    """
    qs = DokumenTertanda.objects.filter(
        laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan, laporan__jabatan__isnull=True, jenis="e81", asal__isnull=False
    )
    if versi is None:
        qs = qs.filter(dibuka_kembali_pada__isnull=True)
    else:
        qs = qs.filter(versi=versi)
    return qs.order_by("-versi").first()


def dibekukan(dok: DokumenTertanda) -> dict:
    """How a frozen explanation names its signature (the ``dibekukan`` of docs/asal.schema.json)."""
    return {
        "versi": dok.versi,
        "nomor": dok.nomor,
        "pada": dok.ditandatangani_pada.isoformat(),
        "oleh": [p["nama"] for p in dok.penanda],
    }


# --- Bappeda's evaluation of the E.81 ----------------------------------------------------------


def kepala_bappeda(pemda, tanggal: datetime.date):
    """The ``Penugasan`` of the pemda's Kepala Bappeda (a pemda-level jabatan, Plt. included) on ``tanggal``, or None. One query."""
    return (
        Penugasan.objects.filter(aktif_pada(tanggal), jabatan__pemda=pemda, jabatan__jenis=Jabatan.Jenis.KEPALA_BAPPEDA)
        .select_related("pegawai", "jabatan")
        .order_by("-mulai")
        .first()
    )


def label_kepala_bappeda(pemda, penugasan) -> str:
    return ("Plt. " if penugasan is not None and penugasan.plt else "") + f"Kepala Bappeda {pemda.nama}"


def _e81_tertanda():
    return (
        DokumenTertanda.objects.filter(jenis="e81", laporan__jabatan__isnull=True)
        .defer("asal")
        .select_related("laporan__opd__pemda", "evaluasi__oleh", "evaluasi__penilai", "evaluasi__tertanda")
    )


def keadaan_evaluasi(dok: DokumenTertanda) -> tuple[str, str]:
    """(label, Bootstrap colour) of a signed E.81 at Bappeda: waiting, returned, countersigned, or replaced by reopening."""
    ev = getattr(dok, "evaluasi", None)  # a reverse one-to-one: None when Bappeda has not acted
    status = ev.status if ev is not None else EvaluasiE81.Status.DITERIMA
    if status == EvaluasiE81.Status.DIEVALUASI:
        return "Dievaluasi", "success"
    if status == EvaluasiE81.Status.DIKEMBALIKAN:
        return "Dikembalikan", "warning"
    if not dok.berlaku:
        return "Digantikan (dibuka kembali)", "secondary"
    return "Menunggu evaluasi", "primary"


def e81_masuk(pemda, tahun: int, triwulan: int) -> list[DokumenTertanda]:
    """Every E.81 of the pemda's quarter signed by its kepala, each version apart, newest signature first; one query.

    Each carries ``keadaan`` (label, colour) from :func:`keadaan_evaluasi` and ``evaluasi`` (its row or None).
    """
    hasil = list(
        _e81_tertanda()
        .filter(laporan__opd__pemda=pemda, laporan__tahun=tahun, laporan__triwulan=triwulan)
        .order_by("-ditandatangani_pada", "-pk")
    )
    for d in hasil:
        d.keadaan = keadaan_evaluasi(d)
    return hasil


def get_e81_bappeda(user, dok_id, pemda_terbaca) -> DokumenTertanda:
    """A signed E.81 of a pemda the user reads (``pemda_terbaca``: ``organisasi.akses.pemda_untuk_user``), or 404."""
    dok = _e81_tertanda().filter(pk=dok_id, laporan__opd__pemda__in=pemda_terbaca).first()
    if dok is None:
        raise Http404("Formulir E.81 tidak ditemukan.")
    dok.keadaan = keadaan_evaluasi(dok)
    return dok


def evaluasi_laporan(lap: Laporan) -> list[EvaluasiE81]:
    """Bappeda's answers to the OPD LKj's signed E.81s, newest version first (the OPD's report page shows them)."""
    if lap.pk is None or lap.jabatan_id is not None:
        return []
    return list(
        EvaluasiE81.objects.filter(dokumen__laporan=lap)
        .exclude(status=EvaluasiE81.Status.DITERIMA)
        .select_related("dokumen", "oleh", "penilai", "tertanda")
        .order_by("-dokumen__versi", "-pk")
    )
