"""The OPD's audit log: status transitions and django-simple-history changes, newest first, filterable."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from dasar import format as fmt

BATAS = 300  # per source; the page says so when it is reached


@dataclass
class BarisAudit:
    pada: datetime.datetime
    oleh: str
    objek: str
    apa: str
    rincian: str


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


def log_audit(opd, *, oleh=None, dari=None, sampai=None, objek=None) -> list[BarisAudit]:
    """A fixed number of queries whatever the number of entries (each source capped at ``BATAS``)."""
    from lkj.models import Narasi
    from lkj.tinjauan.models import Transisi
    from renja.models import AktivitasRealisasi, Realisasi

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
        for t in _saring(Transisi.objects.filter(laporan__opd=opd), "oleh_id", "pada").select_related(
                "oleh__pegawai", "laporan__jabatan").order_by("-pada")[:BATAS]:
            hasil.append(BarisAudit(t.pada, _nama(t.oleh), str(t.laporan), f"{t.get_dari_display()} → {t.get_ke_display()}" + (" (ditarik kembali)" if t.aksi == "tarik_kembali" else ""),
                                    " · ".join(x for x in [t.get_tanggapan_display() if t.tanggapan else "", t.catatan] if x)))
    if objek in (None, "realisasi"):
        for h in _saring(Realisasi.history.filter(indikator__opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "indikator").order_by("-history_date")[:BATAS]:
            nilai = (fmt.nilai_kinerja(h.nilai) if h.nilai is not None else
                     (f"{fmt.nilai_kinerja(h.pembilang)} dari {fmt.nilai_kinerja(h.penyebut)}" if h.pembilang is not None else "-"))
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user), f"Realisasi {h.indikator.uraian} {h.tahun} TW {h.triwulan}",
                                    jenis_h.get(h.history_type, h.history_type), f"nilai {nilai}" + (f" · {h.history_change_reason}" if h.history_change_reason else "")))
    if objek in (None, "aktivitas"):
        for h in _saring(AktivitasRealisasi.history.filter(aktivitas__kegiatan__program__opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "aktivitas").order_by("-history_date")[:BATAS]:
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user), f"Aktivitas {h.aktivitas.uraian} TW {h.triwulan}",
                                    jenis_h.get(h.history_type, h.history_type), f"terlaksana {h.terlaksana}"))
    if objek in (None, "narasi"):
        for h in _saring(Narasi.history.filter(opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "jabatan").order_by("-history_date")[:BATAS]:
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user), f"Narasi {h.jabatan or opd} {h.tahun} TW {h.triwulan}",
                                    jenis_h.get(h.history_type, h.history_type), h.history_change_reason or ""))
    if objek in (None, "bukti"):
        from renja.models import BuktiDukung

        for h in _saring(BuktiDukung.history.filter(indikator__opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "indikator").order_by("-history_date")[:BATAS]:
            apa = {"+": "diunggah", "-": "dihapus"}.get(h.history_type, jenis_h.get(h.history_type, h.history_type))
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user),
                                    f"Bukti dukung {h.indikator.uraian if h.indikator_id else ''} {h.tahun} TW {h.triwulan}",
                                    apa, h.nama_asli or h.keterangan))
    if objek in (None, "perencanaan"):
        from perjanjian.models import PKVersi
        from renja.models import Target

        for h in _saring(Target.history.filter(indikator__opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "indikator").order_by("-history_date")[:BATAS]:
            kapan = f"TW {h.triwulan}" if h.triwulan else "tahunan"
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user), f"Target {h.indikator.uraian} {h.tahun} ({kapan})",
                                    jenis_h.get(h.history_type, h.history_type), f"nilai {fmt.nilai_kinerja(h.nilai)}"))
        for h in _saring(PKVersi.history.filter(perjanjian__jabatan__opd=opd), "history_user_id", "history_date").select_related(
                "history_user__pegawai", "perjanjian__jabatan").order_by("-history_date")[:BATAS]:
            hasil.append(BarisAudit(h.history_date, _nama(h.history_user),
                                    f"Perjanjian Kinerja {h.perjanjian.jabatan.nama} {h.perjanjian.tahun}",
                                    jenis_h.get(h.history_type, h.history_type), f"versi bertanggal {h.tanggal:%d-%m-%Y}"))
    if objek in (None, "lra"):
        from anggaran.models import LraImport

        for i in _saring(LraImport.objects.filter(opd=opd), "diunggah_oleh_id", "diunggah_pada").select_related(
                "diunggah_oleh__pegawai").order_by("-diunggah_pada")[:BATAS]:
            hasil.append(BarisAudit(i.diunggah_pada, _nama(i.diunggah_oleh), str(i), "diunggah",
                                    f"{i.nama_file}" + ("" if i.aktif else " (tidak aktif lagi)")))
    hasil.sort(key=lambda b: b.pada, reverse=True)
    return hasil
