"""Writes of the review: submit, answer (approve / return), sign, reopen.

Every function locks the report's row (``select_for_update``) and moves its status
only through ``Laporan.set_status`` (the transition table): two people approving at
once both wait on the lock, the second sees "Disetujui" and is refused, so one
transition is recorded. Who may act is checked here too (``PermissionDenied``), not
only by hiding buttons.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dasar import format as fmt
from lkj.asal import e81_json
from lkj.dokumen import data as D
from lkj.dokumen import services as ds
from lkj.dokumen.jenis import SPESIFIKASI, Jenis, jenis_tertanda
from lkj.e81 import laporan_e81
from lkj.selectors import cache_pengukuran, pengukuran_opd
from lkj.tinjauan import selectors as sel
from lkj.tinjauan.kelengkapan import tolak_bila_kosong
from lkj.tinjauan.models import TRANSISI, DokumenTertanda, EvaluasiE81, Laporan, Status, Tandatangan, Tanggapan, TransisiDitolak
from lkj.tinjauan.penandatangan import penandatangan_aktif
from lkj.tinjauan.sinyal import evaluasi_tercatat, transisi_tercatat
from organisasi.akses import peran_pemda
from organisasi.models import LaporanDitinjau, PerangkatDaerah, PeranPemda, TriwulanTerkunci
from organisasi.versi_data import naikkan_opd
from renja.models import Indikator

__all__ = [
    "laporan_ajukan",
    "laporan_tarik_kembali",
    "laporan_tanggapi",
    "laporan_tandatangani",
    "laporan_buka_kembali",
    "e81_kembalikan",
    "e81_evaluasi",
    "TransisiDitolak",
]


def _kunci_opd(opd) -> None:
    """The OPD row lock every writer of the quarter's data takes first (``organisasi.selectors.tolak_bila_terkunci``)."""
    list(PerangkatDaerah.objects.select_for_update().filter(pk=opd.pk).values_list("pk", flat=True))


def _kunci(opd, tahun, triwulan, jabatan) -> Laporan:
    """The report's row, created on first use, locked for the rest of the transaction."""
    if triwulan not in (1, 2, 3, 4):
        raise ValidationError("Triwulan harus 1 sampai 4.")
    qs = Laporan.objects.select_for_update().filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan)
    lap = qs.first()
    if lap is None:
        try:
            with transaction.atomic():  # savepoint: two first acts racing
                Laporan.objects.create(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan)
        except IntegrityError:
            pass
        lap = qs.get()
    return lap


def _wajib(peran: set, boleh: set, pesan: str):
    if not (peran & boleh):
        raise PermissionDenied(pesan)


def _lepas_tinjauan(lap: Laporan) -> None:
    LaporanDitinjau.objects.filter(opd=lap.opd, tahun=lap.tahun, triwulan=lap.triwulan, jabatan=lap.jabatan).delete()


def _bekukan_tinjauan(lap: Laporan) -> None:
    """Freeze what the submitted report prints, for everyone, until it is returned, withdrawn or signed.

    An individual report freezes its PK rows' indicators (with the kegiatan indicators an
    aktivitas-based program indicator sums: the same list its signature freezes), its PK and
    narrative, and its quarter's LRA when it prints budget; the OPD LKj with the E.81 prints
    every figure of the OPD's quarter, so it freezes all of them and the OPD narrative (not the
    individual narratives). The guard below every writer (``organisasi.kunci``) refuses such
    writes whatever path they take. The row names who may withdraw and who may return it, so a
    refused save tells the user whom to ask.
    """
    if lap.jabatan is None:
        pimpinan = sel.kepala_dan_sekretaris(lap.opd, lap.tahun, lap.triwulan)
        ids, anggaran, pemegang, peninjau = [], True, pimpinan["sekretaris"], pimpinan["kepala"]
        dokumen = f"LKj {lap.opd.nama} dan Formulir E.81"
    else:
        ids, anggaran = _indikator_dibekukan(lap.opd, lap.tahun, lap.triwulan, lap.jabatan)
        ph = sel.pihak_semua(lap.opd, lap.tahun, lap.triwulan, [lap.jabatan_id]).get(lap.jabatan_id)
        pemegang, peninjau = (ph.pemegang, ph.atasan) if ph else (None, None)
        dokumen = f"Laporan Kinerja Individu {lap.jabatan.nama}" + (f" ({pemegang.nama})" if pemegang else "")
    LaporanDitinjau.objects.update_or_create(
        opd=lap.opd,
        tahun=lap.tahun,
        triwulan=lap.triwulan,
        jabatan=lap.jabatan,
        defaults={
            "indikator_ids": ids,
            "memuat_anggaran": anggaran,
            "dokumen": dokumen[:250],
            "pemegang": pemegang,
            "peninjau": peninjau,
            "disetujui": False,
            "sejak": timezone.now(),
        },
    )


def _tolak_bila_berubah(lap: Laporan, saat: str) -> None:
    """Refuse approving or signing a report that would print anything other than what was submitted.

    No writer of the app can change what a submitted report prints (the guard below every writer,
    ``organisasi.kunci``, refuses it), but what lies outside that freeze can still move: master
    data a report prints (a pegawai's name, a jabatan's title) or a change made below the app (SQL
    in the database console). Whatever the path, the atasan approves and co-signs exactly the
    submitted snapshot, or nothing.
    """
    berubah = sel.berubah_sejak_diajukan(lap)
    if not berubah:
        return
    rinci = "; ".join(f"{b['apa']} — {b['bagian']}: {b['lama']} → {b['baru']}" for b in berubah[:5])
    if len(berubah) > 5:
        rinci += f"; dan {len(berubah) - 5} perubahan lain"
    jalan = (
        "Kembalikan laporan agar pemegang memeriksa dan mengajukannya ulang."
        if lap.status == Status.DIAJUKAN
        else "Buka kembali laporan ini, lalu ajukan ulang agar atasan meninjau isi yang baru."
    )
    raise TransisiDitolak(f"Laporan tidak dapat {saat} karena isinya berbeda dari yang diajukan ({rinci}). {jalan}")


@transaction.atomic
@cache_pengukuran.segar()  # a signature rests on the stored data itself
def laporan_ajukan(*, opd, tahun: int, triwulan: int, jabatan=None, oleh, catatan: str = "") -> Laporan:
    """Submit the report to the atasan (individual: the holder; OPD LKj: the sekcam or an operator).

    The figures and narrative as printed are snapshotted on the transition, so the atasan
    later sees exactly what changed between two submissions; and what the report prints is
    frozen for everyone (``organisasi.LaporanDitinjau``) until the atasan returns it or the
    holder withdraws it. The OPD row lock comes first, as for every writer: a save running
    now lands before the snapshot, one arriving later is refused.
    """
    _kunci_opd(opd)
    lap = _kunci(opd, tahun, triwulan, jabatan)
    p = sel.peran(oleh, opd, tahun, triwulan, jabatan)
    if jabatan is not None:
        _wajib(p, {"pemegang"}, "Hanya pemegang jabatan yang dapat mengajukan laporannya.")
    else:
        _wajib(p, {"sekretaris", "operator"}, "LKj perangkat daerah diajukan oleh Sekretaris atau operator.")
    if (lap.status, Status.DIAJUKAN) in TRANSISI:  # otherwise the transition table's own refusal below
        tolak_bila_kosong(opd, tahun, triwulan, jabatan, "diajukan", oleh=oleh)
    lap.tanggapan, lap.tanggapan_ket = "", ""
    lap.set_status(Status.DIAJUKAN, oleh=oleh, catatan=(catatan or "").strip(), cuplikan=sel.cuplikan(opd, tahun, triwulan, jabatan))
    _bekukan_tinjauan(lap)
    transisi_tercatat.send(sender=Laporan, laporan=lap)
    return lap


@transaction.atomic
def laporan_tarik_kembali(*, opd, tahun: int, triwulan: int, jabatan=None, oleh, catatan: str = "") -> Laporan:
    """ "Tarik kembali": whoever submitted takes a submitted report back before the atasan answers.

    Recorded as its own transition (Diajukan → Draf, ``tarik_kembali``) which the atasan
    sees on the report page and the overview; the freeze is lifted so the data can be
    corrected and the report submitted again.
    """
    _kunci_opd(opd)
    lap = _kunci(opd, tahun, triwulan, jabatan)
    p = sel.peran(oleh, opd, tahun, triwulan, jabatan)
    if jabatan is not None:
        _wajib(p, {"pemegang"}, "Hanya pemegang jabatan yang dapat menarik kembali laporannya.")
    else:
        _wajib(p, {"sekretaris", "operator"}, "LKj perangkat daerah ditarik kembali oleh Sekretaris atau operator.")
    if lap.status != Status.DIAJUKAN:
        raise TransisiDitolak(f"Laporan berstatus {Status(lap.status).label}; hanya laporan yang sedang diajukan dapat ditarik kembali.")
    lap.set_status(Status.DRAF, oleh=oleh, catatan=(catatan or "").strip())
    _lepas_tinjauan(lap)
    return lap


@transaction.atomic
@cache_pengukuran.segar()  # a signature rests on the stored data itself
def laporan_tanggapi(*, opd, tahun: int, triwulan: int, jabatan=None, oleh, tanggapan: str, keterangan: str = "") -> Laporan:
    """The atasan's answer (decisions §7): "Laporan sudah baik" approves, any other option returns it."""
    if tanggapan not in Tanggapan.values:
        raise ValidationError({"tanggapan": "Pilih salah satu tanggapan."})
    keterangan = (keterangan or "").strip()
    if tanggapan == Tanggapan.LAIN and not keterangan:
        raise ValidationError({"keterangan": "Tanggapan \u201cLain-lain\u201d harus disertai keterangan."})
    _kunci_opd(opd)
    lap = _kunci(opd, tahun, triwulan, jabatan)
    p = sel.peran(oleh, opd, tahun, triwulan, jabatan)
    if jabatan is not None:
        _wajib(p, {"atasan"}, "Hanya atasan langsung (pihak kedua Perjanjian Kinerja) yang dapat menanggapi laporan ini.")
    else:
        _wajib(p, {"kepala"}, "LKj perangkat daerah ditanggapi oleh kepala perangkat daerah.")
    ke = Status.DISETUJUI if tanggapan == Tanggapan.SUDAH_BAIK else Status.DIKEMBALIKAN
    if ke == Status.DISETUJUI and lap.status == Status.DIAJUKAN:
        _tolak_bila_berubah(lap, "disetujui")
    lap.tanggapan, lap.tanggapan_ket = tanggapan, keterangan
    lap.set_status(ke, oleh=oleh, catatan=keterangan, tanggapan=tanggapan)
    if ke == Status.DISETUJUI:  # still frozen, now waiting for signatures
        LaporanDitinjau.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan).update(disetujui=True)
    else:
        _lepas_tinjauan(lap)
    transisi_tercatat.send(sender=Laporan, laporan=lap)
    return lap


@dataclass(frozen=True)
class Tanda:
    """What a signed PDF prints: number, code, QR (data URI), where to verify, who signed when."""

    nomor: str
    kode: str
    url: str
    qr: str
    penyedia: str
    penanda: tuple
    tanggal: object = None  # the signing date (last signature): printed beside the place
    pengecualian: str = ""  # the camat's reason for signing the OPD LKj with individual reports unsigned


_ABJAD = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def _kode_baru() -> str:
    while True:
        k = "".join(secrets.choice(_ABJAD) for _ in range(8))
        kode = f"{k[:4]}-{k[4:]}"
        if not DokumenTertanda.objects.filter(kode=kode).exists():
            return kode


def url_verifikasi(kode: str) -> str:
    return settings.LKJ_URL_PUBLIK.rstrip("/") + reverse("tinjauan:verifikasi_kode", args=[kode])


def _tanda(lap: Laporan, jenis: str, penanda: list[dict], penyedia, pengecualian: str = "", tanggal=None) -> Tanda:
    nomor = f"LKJ/{lap.tahun}/TW{lap.triwulan}/{SPESIFIKASI[jenis].nomor_tanda}/{lap.pk:04d}/V{lap.versi}"
    kode = _kode_baru()
    url = url_verifikasi(kode)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=1)
    return Tanda(nomor, kode, url, qr, penyedia.nama, tuple(penanda), tanggal, pengecualian)


def _waktu(dt) -> str:
    lokal = timezone.localtime(dt)
    return f"{fmt.tanggal(lokal.date())} pukul {lokal:%H.%M} {lokal.tzname()}"


def _indikator_dibekukan(opd, tahun, triwulan, jabatan) -> tuple[list[int], bool]:
    """Indicator ids a signed individual report prints (with the kegiatan indicators behind an aktivitas-based
    program indicator, whose counts change it), and whether it prints budget figures."""
    d = D.data_individu(opd, tahun, triwulan, jabatan)
    ids = {b.indikator_obj.pk for b in d.pk.baris if b.indikator_obj is not None}
    program_ids = [
        b.indikator_obj.program_id
        for b in d.pk.baris
        if b.indikator_obj is not None
        and b.indikator_obj.program_id
        and b.indikator_obj.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS
    ]
    if program_ids:
        ids |= set(
            Indikator.objects.filter(
                kegiatan__program_id__in=program_ids, sumber_realisasi=Indikator.SumberRealisasi.AKTIVITAS
            ).values_list("pk", flat=True)
        )
    return sorted(ids), d.pk.memegang_anggaran


def _bekukan(lap: Laporan, oleh):
    if TriwulanTerkunci.objects.filter(opd=lap.opd, tahun=lap.tahun, triwulan=lap.triwulan, jabatan=lap.jabatan).exists():
        return
    if lap.jabatan is None:
        ids, anggaran, dok = [], True, f"LKj {lap.opd.nama} {fmt.triwulan(lap.triwulan)} Tahun {lap.tahun}"
    else:
        ids, anggaran = _indikator_dibekukan(lap.opd, lap.tahun, lap.triwulan, lap.jabatan)
        dok = f"Laporan Kinerja Individu {lap.jabatan.nama}"
    TriwulanTerkunci.objects.create(
        opd=lap.opd,
        tahun=lap.tahun,
        triwulan=lap.triwulan,
        jabatan=lap.jabatan,
        indikator_ids=ids,
        memuat_anggaran=anggaran,
        dokumen=dok,
        sejak=timezone.now(),
        oleh=oleh,
    )


@transaction.atomic
@cache_pengukuran.segar()  # a signature rests on the stored data itself
def laporan_tandatangani(*, opd, tahun: int, triwulan: int, jabatan=None, oleh, alasan_pengecualian: str = "") -> Laporan:
    """Sign an approved report; the last required signature renders, stores and freezes.

    Individual report: the holder and the atasan each sign. OPD LKj: the kepala signs the
    LKj and the E.81, once every individual report of the quarter is signed — or with
    ``alasan_pengecualian`` (the pages show him the unsigned reports first), kept on the
    transition, on each signed file and printed in its signature block.

    Order inside ONE transaction, and why: (1) lock the OPD row — every writer of the
    quarter's data takes the same lock before it checks the freeze
    (``organisasi.selectors.tolak_bila_terkunci``), so a save running now finishes
    first or waits; (2) lock the report row; (3) write the freeze; (4) render the PDF
    from the database as it is under those locks and have the signer
    (``penandatangan_aktif``) sign it; (5) store the signer's file, its hash, number and
    the transition. A save that waited then sees the freeze and is refused; if anything
    fails, everything rolls back and nothing is frozen or half-signed. So a signed PDF
    can never disagree with the frozen data.
    """
    _kunci_opd(opd)
    lap = _kunci(opd, tahun, triwulan, jabatan)
    if lap.status != Status.DISETUJUI:
        raise TransisiDitolak(f"Laporan berstatus {Status(lap.status).label}; hanya laporan yang sudah disetujui dapat ditandatangani.")
    p = sel.peran(oleh, opd, tahun, triwulan, jabatan)
    pengecualian = False
    if jabatan is not None:
        _wajib(p, {"pemegang", "atasan"}, "Laporan ini ditandatangani oleh pemegang jabatan dan atasan langsungnya.")
        perlu = {"pemegang", "atasan"}
        peran_saya = p & perlu
        if sel.triwulan_opd_terkunci(opd, tahun, triwulan):
            raise TransisiDitolak("LKj perangkat daerah triwulan ini sudah ditandatangani; buka kembali LKj perangkat daerah dahulu.")
    else:
        _wajib(p, {"kepala"}, "LKj perangkat daerah dan Formulir E.81 ditandatangani oleh kepala perangkat daerah.")
        perlu = peran_saya = {"kepala"}
        belum = sel.individu_belum_ditandatangani(opd, tahun, triwulan)
        alasan_pengecualian = (alasan_pengecualian or "").strip()
        if belum and not alasan_pengecualian:
            raise ValidationError(
                {
                    "alasan_pengecualian": f"Belum semua Laporan Kinerja Individu ditandatangani ({len(belum)}: "
                    + ", ".join(b.judul for b in belum)
                    + "). Tulis alasan bila tetap menandatangani."
                }
            )
        pengecualian = bool(belum)
    tolak_bila_kosong(opd, tahun, triwulan, jabatan, "ditandatangani", oleh=oleh)
    _tolak_bila_berubah(lap, "ditandatangani")
    pegawai = oleh.pegawai
    sekarang = timezone.now()
    penyedia = penandatangan_aktif()
    for peran_ttd in peran_saya:
        _, baru = Tandatangan.objects.get_or_create(
            laporan=lap,
            versi=lap.versi,
            peran=peran_ttd,
            defaults={"pegawai": pegawai, "oleh": oleh, "pada": sekarang, "penyedia": penyedia.kode},
        )
    _bekukan(lap, oleh)  # the first signature already freezes what the second one will sign
    sudah = {t.peran: t for t in lap.tandatangan.filter(versi=lap.versi).select_related("pegawai")}
    if not perlu <= set(sudah):
        return lap
    label = {"pemegang": "Yang melaporkan", "atasan": "Atasan langsung", "kepala": "Kepala perangkat daerah"}
    penanda = [
        {"peran": label[r], "nama": sudah[r].pegawai.nama, "jabatan": _jabatan_label(lap, r), "pada": _waktu(sudah[r].pada)}
        for r in ("pemegang", "atasan", "kepala")
        if r in sudah
    ]
    bukti = {}  # the signer's proof per document number, kept on every signature of this version
    for jenis in [j.kode for j in jenis_tertanda(per_jabatan=jabatan is not None)]:
        tanda = _tanda(
            lap,
            jenis,
            penanda,
            penyedia,
            alasan_pengecualian if pengecualian else "",
            timezone.localtime(max(t.pada for t in sudah.values())).date(),
        )

        def tandatangani(pdf: bytes, nomor=tanda.nomor) -> bytes:
            hasil = penyedia.tandatangani(pdf=pdf, penanda=penanda, nomor=nomor)
            bukti[nomor] = hasil.bukti
            return hasil.pdf

        # The stored file, its size and its SHA-256 are the signer's bytes, not the render's.
        render = ds.dokumen_render_tertanda(
            jenis=jenis, opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan, tanda=tanda, tandatangani=tandatangani
        )
        DokumenTertanda.objects.create(
            laporan=lap,
            versi=lap.versi,
            jenis=jenis,
            nomor=tanda.nomor,
            kode=tanda.kode,
            render=render,
            sha256=render.sha256,
            ditandatangani_pada=sekarang,
            penanda=penanda,
            alasan_pengecualian=tanda.pengecualian,
            # the E.81's explanations as signed: the panel of this quarter shows these from now on
            asal=e81_json(laporan_e81(pengukuran_opd(opd, tahun, triwulan)), tahun, triwulan) if jenis == Jenis.E81 else None,
        )
    for t in sudah.values():
        t.bukti = {**t.bukti, **bukti}
        t.save(update_fields=["bukti"])
    catatan = alasan_pengecualian if pengecualian else ""
    lap.set_status(Status.DITANDATANGANI, oleh=oleh, catatan=catatan, pengecualian=pengecualian)
    _lepas_tinjauan(lap)  # the signed freeze (TriwulanTerkunci) holds the data from here on
    transisi_tercatat.send(sender=Laporan, laporan=lap)
    return lap


def _jabatan_label(lap, r):
    if r == "pemegang":
        return lap.jabatan.nama
    if r == "atasan":
        ph = sel.pihak_semua(lap.opd, lap.tahun, lap.triwulan, [lap.jabatan_id]).get(lap.jabatan_id)
        return ph.atasan_label if ph else ""
    return f"Kepala {lap.opd.nama}"


@transaction.atomic
def laporan_buka_kembali(*, opd, tahun: int, triwulan: int, jabatan=None, oleh, alasan: str) -> Laporan:
    """The signer reopens a signed, partly signed or approved report with a reason: version n+1, back to Draf.

    The earlier signed PDFs stay stored and downloadable, marked as superseded; the
    freezes (signed and under review) are lifted so the data can be corrected and the
    report go round again. An approved report not yet signed is reopened the same way:
    it is the only way to change it once the atasan approved what was submitted.
    """
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": "Tulis alasan membuka kembali laporan."})
    _kunci_opd(opd)
    lap = _kunci(opd, tahun, triwulan, jabatan)
    p = sel.peran(oleh, opd, tahun, triwulan, jabatan)
    _wajib(
        p, {"pemegang", "atasan"} if jabatan is not None else {"kepala"}, "Hanya penanda tangan laporan ini yang dapat membukanya kembali."
    )
    if lap.status not in (Status.DISETUJUI, Status.DITANDATANGANI):
        raise TransisiDitolak(
            f"Laporan berstatus {Status(lap.status).label}; hanya laporan yang sudah disetujui atau "
            "ditandatangani yang dapat dibuka kembali."
        )
    if jabatan is not None and sel.triwulan_opd_terkunci(opd, tahun, triwulan):
        raise TransisiDitolak("LKj perangkat daerah triwulan ini sudah ditandatangani; buka kembali LKj perangkat daerah dahulu.")
    sekarang = timezone.now()
    lap.dokumen.filter(versi=lap.versi, dibuka_kembali_pada__isnull=True).update(dibuka_kembali_pada=sekarang, alasan_buka=alasan)
    naikkan_opd(opd.pk)  # QuerySet.update sends no signal
    lap.tanggapan, lap.tanggapan_ket = "", ""
    lap.set_status(Status.DRAF, oleh=oleh, catatan=alasan)
    lap.versi += 1
    lap.save(update_fields=["versi"])
    TriwulanTerkunci.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, jabatan=jabatan).delete()
    _lepas_tinjauan(lap)
    return lap


# --- Bappeda's evaluation of the signed E.81 (decisions §6, §8) -----------------------------------

JENIS_E81_EVALUASI = "e81eval"  # the countersigned E.81's ``DokumenTertanda.jenis``


def _evaluasi_kunci(dokumen, oleh) -> tuple[EvaluasiE81, Laporan, DokumenTertanda]:
    """Bappeda's role, the locks and the checks both acts share; returns (evaluation row, report, signed E.81).

    Only a Bappeda user of the E.81's own pemda acts (``PermissionDenied``; the pages 404 another pemda
    before). Then the OPD row lock and the report's, the locks the kepala's reopening takes first, so an
    act and a reopening never interleave: whichever comes second sees the other's result. A version
    reopened meanwhile (a stale page) or already answered (a double click) is refused, saying which.
    """
    opd = dokumen.laporan.opd
    if PeranPemda.Peran.BAPPEDA not in peran_pemda(oleh, opd.pemda_id):
        raise PermissionDenied(f"Formulir E.81 dievaluasi oleh Bappeda {opd.pemda.nama}.")
    _kunci_opd(opd)
    lap = Laporan.objects.select_for_update().get(pk=dokumen.laporan_id)
    dok = DokumenTertanda.objects.select_for_update().get(pk=dokumen.pk)
    if dok.jenis != Jenis.E81 or lap.jabatan_id is not None:
        raise ValidationError("Hanya Formulir E.81 perangkat daerah yang dievaluasi Bappeda.")
    judul = f"Formulir E.81 {opd.nama} {fmt.triwulan(lap.triwulan)} {lap.tahun} versi {dok.versi}"
    if not dok.berlaku or lap.versi != dok.versi:
        raise TransisiDitolak(
            f"{judul} sudah dibuka kembali oleh kepala perangkat daerah pada {_waktu(dok.dibuka_kembali_pada or timezone.now())}"
            f"{f' (alasan: {dok.alasan_buka})' if dok.alasan_buka else ''}; versi ini digantikan dan tidak dapat dievaluasi lagi. "
            "Versi baru masuk ke Bappeda setelah kepala perangkat daerah menandatanganinya kembali."
        )
    if lap.status != Status.DITANDATANGANI:
        raise TransisiDitolak(f"{judul} belum ditandatangani kepala perangkat daerah; hanya Formulir E.81 bertanda tangan yang dievaluasi.")
    ev, _ = EvaluasiE81.objects.select_for_update().get_or_create(dokumen=dok)
    if ev.status != EvaluasiE81.Status.DITERIMA:
        siapa = ev.oleh.get_full_name() or ev.oleh.username if ev.oleh else "Bappeda"
        raise TransisiDitolak(
            f"{judul} sudah {ev.get_status_display().lower()} oleh {siapa} pada {_waktu(ev.pada)}; "
            "halaman yang Anda kirim sudah usang. Muat ulang untuk melihat keadaannya sekarang."
        )
    return ev, lap, dok


@transaction.atomic
def e81_kembalikan(*, dokumen: DokumenTertanda, oleh, tanggapan: str, keterangan: str) -> EvaluasiE81:
    """Bappeda returns a signed E.81 with notes: the review's Tanggapan choices (any but "Laporan sudah baik") and a comment.

    The E.81 stays signed and frozen: the kepala reads the notes on the report page, reopens it (the
    review's reopen, his act) and his next signature arrives at Bappeda as a new version. The OPD's
    kepala and sekretaris are told (``evaluasi_tercatat``).
    """
    if tanggapan not in Tanggapan.values or tanggapan == Tanggapan.SUDAH_BAIK:
        raise ValidationError({"tanggapan": "Pilih alasan pengembalian (selain \u201cLaporan sudah baik\u201d)."})
    keterangan = (keterangan or "").strip()
    if not keterangan:
        raise ValidationError({"keterangan": "Tulis catatan untuk perangkat daerah: apa yang harus diperbaiki."})
    ev, _lap, _dok = _evaluasi_kunci(dokumen, oleh)
    ev.tanggapan, ev.catatan = tanggapan, keterangan
    ev.set_status(EvaluasiE81.Status.DIKEMBALIKAN, oleh=oleh, pada=timezone.now())
    evaluasi_tercatat.send(sender=EvaluasiE81, evaluasi=ev)
    return ev


@transaction.atomic
@cache_pengukuran.segar()  # a signature rests on the stored data itself
def e81_evaluasi(*, dokumen: DokumenTertanda, oleh) -> EvaluasiE81:
    """Bappeda countersigns a signed E.81: its "Dievaluasi" block filled with the Kepala Bappeda's name, NIP and date.

    The E.81 is rendered again under the locks from the frozen quarter (the signed freeze holds every
    figure it prints, so it prints what the kepala signed) with both blocks filled: "Disusun" dated the
    kepala's signature, "Dievaluasi" the Kepala Bappeda holding office today. It carries its own number,
    verification code and QR, goes through the signer interface like every signed file, and is kept as a
    ``DokumenTertanda`` of its own (jenis "e81eval") with the signer's bytes and their SHA-256. All in one
    transaction: a refusal or a failed render leaves nothing written.
    """
    ev, lap, dok = _evaluasi_kunci(dokumen, oleh)
    opd, pemda = lap.opd, lap.opd.pemda
    sekarang = timezone.now()
    hari_ini = timezone.localdate(sekarang)
    tugas = sel.kepala_bappeda(pemda, hari_ini)
    if tugas is None:
        raise ValidationError(
            f"Belum ada pejabat Kepala Bappeda {pemda.nama} pada {fmt.tanggal(hari_ini)}: blok \u201cDievaluasi\u201d tidak dapat "
            "diisi. Administrator pemda mencatatnya di Data induk (jabatan berjenis Kepala Bappeda dan penugasannya)."
        )
    label = sel.label_kepala_bappeda(pemda, tugas)
    penyedia = penandatangan_aktif()
    penanda = [*dok.penanda, {"peran": "Dievaluasi", "nama": tugas.pegawai.nama, "jabatan": label, "pada": _waktu(sekarang)}]
    nomor = f"LKJ/{lap.tahun}/TW{lap.triwulan}/E81-EV/{lap.pk:04d}/V{lap.versi}"
    kode = _kode_baru()
    url = url_verifikasi(kode)
    tanda = Tanda(
        nomor,
        kode,
        url,
        segno.make(url, error="m").svg_data_uri(scale=4, border=1),
        penyedia.nama,
        tuple(penanda),
        timezone.localtime(dok.ditandatangani_pada).date(),  # "Disusun" keeps the kepala's date
        dok.alasan_pengecualian,
    )
    evaluasi = {"tempat": pemda.ibukota, "tanggal": hari_ini, "jabatan": label, "nama": tugas.pegawai.nama, "nip": tugas.pegawai.nip_cetak}
    bukti = {}

    def tandatangani(pdf: bytes) -> bytes:
        hasil = penyedia.tandatangani(pdf=pdf, penanda=penanda, nomor=nomor)
        bukti.update(hasil.bukti)
        return hasil.pdf

    render = ds.dokumen_render_tertanda(
        jenis=Jenis.E81,
        opd=opd,
        tahun=lap.tahun,
        triwulan=lap.triwulan,
        tanda=tanda,
        tandatangani=tandatangani,
        tambahan={"evaluasi": evaluasi},
    )
    ev.tertanda = DokumenTertanda.objects.create(
        laporan=lap,
        versi=lap.versi,
        jenis=JENIS_E81_EVALUASI,
        nomor=nomor,
        kode=kode,
        render=render,
        sha256=render.sha256,
        ditandatangani_pada=sekarang,
        penanda=penanda,
        alasan_pengecualian=dok.alasan_pengecualian,
    )
    ev.penilai = tugas.pegawai
    ev.tanggapan, ev.catatan = "", ""
    ev.set_status(EvaluasiE81.Status.DIEVALUASI, oleh=oleh, pada=sekarang)
    evaluasi_tercatat.send(sender=EvaluasiE81, evaluasi=ev)
    return ev
