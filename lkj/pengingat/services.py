"""Writes of the reminders: who is told what about a status change or an approaching deadline.

The parties come from the review's own reads (``pihak_semua``: holder and atasan at the
quarter's end; ``kepala_dan_sekretaris`` for the OPD's LKj; ``ikhtisar`` for the state of every
report of a quarter), so a reminder names the same people the report page does.

Each notice is one ``Pemberitahuan`` row per (user, event), created before anything is mailed:
the database's unique constraint, not a check in Python, decides that a second worker or a rerun
of the daily check sends nothing. The mail itself is claimed by setting ``surel_dikirim_pada``
with a conditional update before sending; a failed send is recorded and retried by the next
daily check, never sent twice.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dasar import batas
from dasar import format as fmt
from dasar.periode import triwulan_terbuka
from lkj.pengingat.models import Pemberitahuan, Preferensi
from lkj.pengingat.tasks import kirim_evaluasi, kirim_transisi
from lkj.tinjauan import selectors as sel
from lkj.tinjauan.models import EvaluasiE81, Status, Tandatangan, Transisi
from lkj.tinjauan.selectors import batas_waktu, ikhtisar
from organisasi.models import PerangkatDaerah, PeranPemda

logger = logging.getLogger(__name__)
J = Pemberitahuan.Jenis


def transisi_tercatat(sender, laporan, **kwargs) -> None:
    """Queue the notices of the report's latest transition once the current transaction commits.

    The receiver of ``lkj.tinjauan.sinyal.transisi_tercatat``, which the review sends after each status change.
    """
    transisi_id = Transisi.objects.filter(laporan=laporan).order_by("-pk").values_list("pk", flat=True).first()
    if transisi_id is not None:
        transaction.on_commit(lambda: _antre(transisi_id))


def _antre(transisi_id: int) -> None:
    try:
        kirim_transisi.enqueue(transisi_id)
    except Exception:  # the act is already committed; a lost reminder must not turn it into an error page
        logger.exception("Pemberitahuan transisi %s tidak dapat diantrekan", transisi_id)


def evaluasi_tercatat(sender, evaluasi, **kwargs) -> None:
    """Queue the notices of Bappeda's act on a signed E.81 once the current transaction commits
    (the receiver of ``lkj.tinjauan.sinyal.evaluasi_tercatat``)."""
    pk = evaluasi.pk
    transaction.on_commit(lambda: _antre_evaluasi(pk))


def _antre_evaluasi(evaluasi_id: int) -> None:
    try:
        kirim_evaluasi.enqueue(evaluasi_id)
    except Exception:  # as above: the act stands, the notice is lost with a log line
        logger.exception("Pemberitahuan evaluasi %s tidak dapat diantrekan", evaluasi_id)


def preferensi_simpan(*, user, surel: bool, email: str) -> Preferensi:
    """The user's own choice: his address and whether he wants mail at all."""
    with transaction.atomic():
        pref, _ = Preferensi.objects.update_or_create(user=user, defaults={"surel": surel})
        if user.email != email:
            user.email = email
            user.save(update_fields=["email"])
    return pref


def tandai_dibaca(*, user) -> int:
    return Pemberitahuan.objects.filter(user=user, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())


def _mau_surel(user) -> bool:
    pref = Preferensi.objects.filter(user=user).values_list("surel", flat=True).first()
    return bool(user.email) and pref is not False


def _kirim_surel(p: Pemberitahuan) -> bool:
    """Send ``p`` by mail once: claim it first so two processes never both send it."""
    if not Pemberitahuan.objects.filter(pk=p.pk, surel_dikirim_pada__isnull=True).update(surel_dikirim_pada=timezone.now(), surel_gagal=""):
        return False
    alamat = settings.LKJ_URL_PUBLIK.rstrip("/")
    badan = (
        f"{p.isi}\n\nBuka: {alamat}{p.tautan}\n\n"
        f"Surel ini dikirim otomatis oleh aplikasi LKj. Untuk berhenti menerima surel, buka {alamat}{reverse('pengingat:preferensi')}."
    )
    try:
        send_mail(f"[LKj] {p.judul}", badan, None, [p.user.email])
    except Exception as exc:  # SMTP down or refused: keep the notice, let the daily check try again
        logger.warning("Surel pemberitahuan %s ke %s gagal: %s", p.pk, p.user.email, exc)
        Pemberitahuan.objects.filter(pk=p.pk).update(surel_dikirim_pada=None, surel_gagal=str(exc)[:250] or "gagal")
        return False
    return True


def beri_tahu(*, user, acara: str, jenis: str, judul: str, isi: str, tautan: str = "") -> Pemberitahuan | None:
    """One notice to one user about one event, mailed if he wants mail; None if he was already told."""
    try:
        with transaction.atomic():
            p = Pemberitahuan.objects.create(
                user=user, acara=acara, jenis=jenis, judul=judul[:250], isi=isi[: batas.PEMBERITAHUAN], tautan=tautan
            )
    except IntegrityError:
        return None
    if _mau_surel(user):
        _kirim_surel(p)
    return p


def kirim_ulang_gagal(*, sejak: datetime.datetime) -> int:
    """Mail again the notices whose mail failed since ``sejak`` (the daily check calls it)."""
    n = 0
    for p in (
        Pemberitahuan.objects.filter(surel_dikirim_pada__isnull=True, dibuat_pada__gte=sejak).exclude(surel_gagal="").select_related("user")
    ):
        if _mau_surel(p.user) and _kirim_surel(p):
            n += 1
    return n


# --- what a report is and who plays which part ---------------------------------------------------


def _judul_laporan(lap) -> str:
    periode = f"{fmt.triwulan(lap.triwulan)} {lap.tahun}"
    if lap.jabatan_id:
        return f"Laporan Kinerja Individu {lap.jabatan.nama} {periode}"
    return f"LKj {lap.opd.nama} dan Formulir E.81 {periode}"


def _tautan(lap) -> str:
    if lap.jabatan_id:
        return reverse("tinjauan:laporan", args=[lap.opd.kode, lap.tahun, lap.triwulan, lap.jabatan_id])
    return reverse("tinjauan:laporan_opd", args=[lap.opd.kode, lap.tahun, lap.triwulan])


def _pihak(lap) -> tuple[object | None, object | None]:
    """(the one who reports, the one who answers) at the quarter's end, as the report page has them."""
    if lap.jabatan_id:
        ph = sel.pihak_semua(lap.opd, lap.tahun, lap.triwulan, [lap.jabatan_id]).get(lap.jabatan_id)
        return (ph.pemegang, ph.atasan) if ph else (None, None)
    pim = sel.kepala_dan_sekretaris(lap.opd, lap.tahun, lap.triwulan)
    return pim["sekretaris"], pim["kepala"]


def _nama(pegawai) -> str:
    return pegawai.nama if pegawai is not None else "(belum ada pemegang)"


def beri_tahu_transisi(transisi_id: int) -> int:
    """Tell the other party of a report's status change; the one who acted is not told. Returns notices made.

    Submitted → the atasan (the camat for the OPD's LKj); returned or approved → the one who reports;
    signed → both. Other moves (reopening) tell no one.
    """
    t = Transisi.objects.select_related("laporan__opd__pemda", "laporan__jabatan", "oleh").filter(pk=transisi_id).first()
    if t is None:
        return 0
    lap = t.laporan
    pemegang, atasan = _pihak(lap)
    judul_lap = _judul_laporan(lap)
    batas = fmt.tanggal(batas_waktu(lap.opd, lap.tahun, lap.triwulan))
    tanggapan = " — ".join(x for x in [t.get_tanggapan_display() if t.tanggapan else "", t.catatan] if x)
    if t.ke == Status.DIAJUKAN:
        jenis, penerima = J.DIAJUKAN, [atasan]
        isi = f"{_nama(pemegang)} mengajukan {judul_lap} kepada Anda. Berikan tanggapan sebelum batas penyampaian {batas}." + (
            f" Catatan: {t.catatan}" if t.catatan else ""
        )
    elif t.ke == Status.DIKEMBALIKAN:
        jenis, penerima = J.DIKEMBALIKAN, [pemegang]
        isi = f"{_nama(atasan)} mengembalikan {judul_lap} untuk diperbaiki. Tanggapan: {tanggapan or '-'}. Perbaiki lalu ajukan kembali sebelum {batas}."
    elif t.ke == Status.DISETUJUI:
        jenis, penerima = J.DISETUJUI, [pemegang]
        isi = f"{_nama(atasan)} menyetujui {judul_lap}. Laporan selesai setelah ditandatangani."
    elif t.ke == Status.DITANDATANGANI:
        jenis, penerima = J.DITANDATANGANI, [pemegang, atasan]
        isi = f"{judul_lap} telah ditandatangani lengkap. PDF bertanda tangan dapat diunduh dari halaman laporan."
    else:
        return 0
    judul = f"{J(jenis).label}: {judul_lap}"
    n = 0
    for user in _akun(penerima, kecuali=t.oleh_id):
        if beri_tahu(user=user, acara=f"transisi:{t.pk}", jenis=jenis, judul=judul, isi=isi, tautan=_tautan(lap)):
            n += 1
    if t.ke == Status.DITANDATANGANI and not lap.jabatan_id:
        n += _beri_tahu_bappeda(t, lap)
    return n


def _beri_tahu_bappeda(t, lap) -> int:
    """A signed OPD LKj's E.81 arrives at Bappeda: each Bappeda user of the pemda is told, with the link to evaluate it."""
    dok = lap.dokumen.filter(versi=t.versi, jenis="e81").only("pk", "nomor").first()
    if dok is None:
        return 0
    periode = f"{fmt.triwulan(lap.triwulan)} {lap.tahun}"
    n = 0
    for r in PeranPemda.objects.filter(pemda_id=lap.opd.pemda_id, peran=PeranPemda.Peran.BAPPEDA, user__is_active=True).select_related(
        "user"
    ):
        if beri_tahu(
            user=r.user,
            acara=f"e81_masuk:{dok.pk}",
            jenis=J.E81_MASUK,
            judul=f"{J.E81_MASUK.label}: {lap.opd.nama} {periode} versi {t.versi}",
            isi=f"Formulir E.81 {lap.opd.nama} {periode} ({dok.nomor}) telah ditandatangani kepala perangkat daerah dan menunggu evaluasi Bappeda.",
            tautan=reverse("tinjauan:evaluasi_e81", args=[dok.pk]),
        ):
            n += 1
    return n


def beri_tahu_evaluasi(evaluasi_id: int) -> int:
    """Tell the OPD's kepala and sekretaris that Bappeda returned (with its notes) or countersigned their E.81."""
    ev = EvaluasiE81.objects.select_related("dokumen__laporan__opd__pemda", "oleh", "penilai").filter(pk=evaluasi_id).first()
    if ev is None or ev.status == EvaluasiE81.Status.DITERIMA:
        return 0
    lap = ev.dokumen.laporan
    periode = f"{fmt.triwulan(lap.triwulan)} {lap.tahun}"
    apa = f"Formulir E.81 {lap.opd.nama} {periode} versi {ev.dokumen.versi}"
    if ev.status == EvaluasiE81.Status.DIKEMBALIKAN:
        jenis = J.E81_DIKEMBALIKAN
        isi = (
            f"Bappeda {lap.opd.pemda.nama} mengembalikan {apa}. Tanggapan: {ev.get_tanggapan_display()} — {ev.catatan}. "
            "Kepala perangkat daerah membuka kembali LKj, memperbaikinya, lalu menandatanganinya kembali."
        )
    else:
        jenis = J.E81_DIEVALUASI
        isi = f"{apa} telah dievaluasi dan ditandatangani {ev.penilai.nama if ev.penilai else 'Kepala Bappeda'}. Berkasnya dapat diunduh dari halaman laporan."
    pim = sel.kepala_dan_sekretaris(lap.opd, lap.tahun, lap.triwulan)
    n = 0
    for user in _akun([pim["kepala"], pim["sekretaris"]], kecuali=ev.oleh_id):
        if beri_tahu(
            user=user, acara=f"evaluasi:{ev.pk}:{ev.status}", jenis=jenis, judul=f"{J(jenis).label}: {apa}", isi=isi, tautan=_tautan(lap)
        ):
            n += 1
    return n


def _akun(pegawai_list, kecuali=None) -> list:
    """The accounts of these pegawai, each once, without the one who acted."""
    hasil = {}
    for pg in pegawai_list:
        user = getattr(pg, "user", None) if pg is not None else None
        if user is not None and user.pk != kecuali and user.is_active:
            hasil[user.pk] = user
    return list(hasil.values())


# --- the deadline ---------------------------------------------------------------------------------

AMBANG = (7, 1)  # days before the deadline


def _ambang(sisa: int) -> int | None:
    """The reminder due with ``sisa`` days left: 1 on the last day and the day before, 7 within the week.

    A day the check did not run (a server down) is caught up the next day, still once per threshold."""
    if 0 <= sisa <= 1:
        return 1
    if 1 < sisa <= 7:
        return 7
    return None


def _menunggu(row, sudah_ttd: set[str]) -> list[tuple[object, str]]:
    """(pegawai, what he has to do) for one row of ``ikhtisar``."""
    s = row.laporan.status
    individu = row.jabatan is not None
    if s in (Status.DRAF, Status.DIKEMBALIKAN):
        return [(row.pemegang, "mengajukan laporan")]
    if s == Status.DIAJUKAN:
        return [(row.atasan, "memberi tanggapan")]
    if s == Status.DISETUJUI:
        perlu = [("pemegang", row.pemegang), ("atasan", row.atasan)] if individu else [("kepala", row.atasan)]
        return [(pg, "menandatangani laporan") for peran, pg in perlu if peran not in sudah_ttd]
    return []


def beri_tahu_tenggat(hari_ini: datetime.date) -> int:
    """Deadline reminders, 7 days and 1 day before, to whoever's act is pending on each report of the quarter
    whose window is open today. Safe to run any number of times a day. Returns notices made."""
    n = 0
    for opd in PerangkatDaerah.objects.select_related("pemda").order_by("kode"):
        terbuka = triwulan_terbuka(hari_ini, opd.pemda.hari_batas_laporan)
        if terbuka is None:
            continue
        tahun, triwulan = terbuka
        data = ikhtisar(opd, tahun, triwulan, hari_ini)
        ambang = _ambang(data["sisa_hari"])
        if ambang is None:
            continue
        ttd = {}
        for laporan_id, versi, peran in Tandatangan.objects.filter(
            laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan
        ).values_list("laporan_id", "versi", "peran"):
            ttd.setdefault((laporan_id, versi), set()).add(peran)
        batas = fmt.tanggal(data["batas"])
        sisa = "besok" if data["sisa_hari"] == 1 else "hari ini" if data["sisa_hari"] == 0 else f"{data['sisa_hari']} hari lagi"
        for row in data["rows"]:
            lap = row.laporan
            lap.opd = opd
            judul_lap = _judul_laporan(lap)
            kunci = f"tenggat:{ambang}:{opd.pk}:{tahun}:{triwulan}:{row.jabatan.pk if row.jabatan else 'opd'}"
            for pg, apa in _menunggu(row, ttd.get((lap.pk, lap.versi), set())):
                for user in _akun([pg]):
                    if beri_tahu(
                        user=user,
                        acara=kunci,
                        jenis=J.TENGGAT,
                        judul=f"Tenggat {sisa}: {judul_lap}",
                        isi=(
                            f"Batas penyampaian LKj {fmt.triwulan(triwulan)} {tahun} adalah {batas} ({sisa}). "
                            f"{judul_lap} berstatus {lap.get_status_display()}; yang ditunggu dari Anda: {apa}."
                        ),
                        tautan=_tautan(lap),
                    ):
                        n += 1
    return n
