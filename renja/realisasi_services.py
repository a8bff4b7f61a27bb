"""Writes of quarterly realisations: indicator values, aktivitas counts, evidence files.

Every function is all-or-nothing (``transaction.atomic``) and guards against the
two ways a number gets lost in an office where several people share a row:

* **lost update** — each save carries the version the user loaded
  (``versi_diharapkan``); the row is locked (``select_for_update``) and a save
  against a newer version raises :class:`KonflikVersi` carrying the newer
  value, so nobody silently overwrites a colleague;
* **unreadable files** — evidence is accepted by its content (magic bytes,
  Pillow's ``verify``), never by its name, and within a size limit.

Who may write is decided above this layer (``lkj.entri.selectors``); these
functions record who wrote and, when an operator acts for the holder, say so in
the history's change reason.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from dasar import gambar
from organisasi.akses import tolak_pembaca_pemda
from organisasi.selectors import tolak_bila_terkunci
from organisasi.versi_data import naikkan_opd
from renja.models import Aktivitas, AktivitasRealisasi, BuktiDukung, Indikator, Realisasi

# 10 MiB: a scanned multi-page PDF of a report fits, a video does not.
BUKTI_UKURAN_MAKS = 10 * 1024 * 1024
BUKTI_JENIS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class KonflikVersi(Exception):
    """The row was changed by someone else after the user loaded it."""

    def __init__(self, terbaru):
        self.terbaru = terbaru  # Realisasi, or {aktivitas_id: AktivitasRealisasi}
        super().__init__("Data ini sudah diubah orang lain sejak halaman dibuka.")


def _alasan(oleh, atas_nama) -> str | None:
    if atas_nama is not None and atas_nama != oleh:
        nama_oleh = getattr(getattr(oleh, "pegawai", None), "nama", None) or oleh.get_username()
        return f"oleh operator {nama_oleh} untuk {atas_nama}"
    return None


def _cek_triwulan(tahun, triwulan, indikator=None, oleh=None):
    if indikator is not None:
        tolak_pembaca_pemda(oleh, indikator.opd_id)  # a pemda role reads and never enters an OPD's figures (403)
    if triwulan not in (1, 2, 3, 4):
        raise ValidationError({"triwulan": "Triwulan harus 1 sampai 4."})
    if not tahun or tahun < 2000:
        raise ValidationError({"tahun": "Tahun tidak valid."})
    if indikator is not None:
        # A signed report froze this quarter's figure: refuse here, whatever page (or script) called.
        tolak_bila_terkunci(indikator.opd_id, tahun, triwulan, indikator_id=indikator.pk)


@transaction.atomic
def realisasi_simpan(
    *,
    indikator: Indikator,
    tahun: int,
    triwulan: int,
    nilai: Decimal | None = None,
    pembilang: Decimal | None = None,
    penyebut: Decimal | None = None,
    catatan: str = "",
    oleh,
    atas_nama=None,
    versi_diharapkan: int,
) -> Realisasi:
    """Create or change the cumulative realisation of ``indikator`` in (tahun, triwulan).

    ``versi_diharapkan`` is the version the user saw: 0 when there was no row yet.
    Either ``nilai`` or (``pembilang``, ``penyebut``, persentase only) is given.
    ``atas_nama``: the pegawai an operator acts for; recorded in the history.
    Raises ``KonflikVersi`` (newer row attached) or ``ValidationError`` (nothing written).
    """
    _cek_triwulan(tahun, triwulan, indikator, oleh)
    if indikator.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS:
        raise ValidationError("Realisasi indikator ini dihitung dari aktivitas; isi jumlah aktivitas yang terlaksana.")
    pakai_rasio = pembilang is not None or penyebut is not None
    if pakai_rasio:
        if indikator.jenis != Indikator.Jenis.PERSENTASE:
            raise ValidationError({"pembilang": "Pembilang/penyebut hanya untuk indikator persentase."})
        if nilai is not None:
            raise ValidationError("Isi nilai realisasi, atau pembilang dan penyebut (tidak keduanya).")
        if pembilang is None:
            raise ValidationError({"pembilang": "Pembilang wajib diisi bila penyebut diisi."})
        if penyebut is None:
            raise ValidationError({"penyebut": "Penyebut wajib diisi bila pembilang diisi."})
        if penyebut <= 0:
            raise ValidationError({"penyebut": "Penyebut harus lebih dari nol."})
        if pembilang < 0:
            raise ValidationError({"pembilang": "Pembilang tidak boleh negatif."})
    else:
        if nilai is None:
            raise ValidationError({"nilai": "Nilai realisasi wajib diisi."})
        if nilai < 0:
            raise ValidationError({"nilai": "Realisasi tidak boleh negatif."})

    obj = Realisasi.objects.select_for_update().filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first()
    versi_sekarang = obj.versi if obj else 0
    if versi_sekarang != versi_diharapkan:
        raise KonflikVersi(obj)
    if obj is None:
        obj = Realisasi(indikator=indikator, tahun=tahun, triwulan=triwulan, versi=0)
    obj.nilai = None if pakai_rasio else nilai
    obj.pembilang = pembilang if pakai_rasio else None
    obj.penyebut = penyebut if pakai_rasio else None
    obj.catatan_sumber = (catatan or "").strip()
    obj.diubah_oleh = oleh
    obj.versi = versi_sekarang + 1
    obj._history_user = oleh
    obj._change_reason = _alasan(oleh, atas_nama)
    obj.full_clean(validate_constraints=False)  # the row lock and the database constraints decide
    try:
        with transaction.atomic():  # savepoint: two first saves racing each other
            obj.save()
    except IntegrityError:
        raise KonflikVersi(Realisasi.objects.filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first())
    # Evidence uploaded before the first value was typed attaches to the new row.
    BuktiDukung.objects.filter(indikator=indikator, tahun=tahun, triwulan=triwulan, realisasi__isnull=True).update(realisasi=obj)
    naikkan_opd(indikator.opd_id)  # QuerySet.update sends no signal
    return obj


@transaction.atomic
def aktivitas_realisasi_simpan(
    *,
    indikator: Indikator,
    tahun: int,
    triwulan: int,
    terlaksana: dict[int, int],
    oleh,
    atas_nama=None,
    versi_diharapkan: dict[int, int],
) -> dict[int, AktivitasRealisasi]:
    """Save the done counts (cumulative s/d TW) of the aktivitas behind a kegiatan's indicator.

    ``terlaksana`` and ``versi_diharapkan`` are keyed by aktivitas id; every id must be an
    aktivitas of the indicator's kegiatan in ``tahun``. All counts are saved or none: a
    conflict on any one aktivitas refuses the whole row and returns the newer rows.
    """
    _cek_triwulan(tahun, triwulan, indikator, oleh)
    if indikator.sumber_realisasi != Indikator.SumberRealisasi.AKTIVITAS or not indikator.kegiatan_id:
        raise ValidationError("Jumlah aktivitas hanya diisi pada indikator kegiatan yang dihitung dari aktivitas.")
    aktivitas = {a.pk: a for a in Aktivitas.objects.filter(kegiatan_id=indikator.kegiatan_id, tahun=tahun)}
    asing = set(terlaksana) - set(aktivitas)
    if asing:
        raise ValidationError("Aktivitas yang dikirim bukan milik kegiatan indikator ini.")
    for aid, jumlah in terlaksana.items():
        if jumlah is None or jumlah < 0:
            raise ValidationError({f"aktivitas_{aid}": "Jumlah terlaksana tidak boleh kosong atau negatif."})
        if jumlah > aktivitas[aid].rencana:
            raise ValidationError({f"aktivitas_{aid}": f"Jumlah terlaksana melebihi rencana setahun ({aktivitas[aid].rencana})."})

    ada = {
        ar.aktivitas_id: ar
        for ar in AktivitasRealisasi.objects.select_for_update().filter(aktivitas_id__in=list(terlaksana), triwulan=triwulan)
    }
    berubah = {aid for aid in terlaksana if (ada[aid].versi if aid in ada else 0) != versi_diharapkan.get(aid, 0)}
    if berubah:
        raise KonflikVersi(ada)
    alasan = _alasan(oleh, atas_nama)
    hasil = {}
    for aid, jumlah in terlaksana.items():
        obj = ada.get(aid)
        if obj is not None and obj.terlaksana == jumlah:
            hasil[aid] = obj  # unchanged: no new version, no history noise
            continue
        if obj is None:
            obj = AktivitasRealisasi(aktivitas_id=aid, triwulan=triwulan, versi=0)
        obj.terlaksana = jumlah
        obj.diubah_oleh = oleh
        obj.versi += 1
        obj._history_user = oleh
        obj._change_reason = alasan
        try:
            with transaction.atomic():  # savepoint: two first saves racing each other
                obj.save()
        except IntegrityError:
            raise KonflikVersi(
                {ar.aktivitas_id: ar for ar in AktivitasRealisasi.objects.filter(aktivitas_id__in=list(terlaksana), triwulan=triwulan)}
            )
        hasil[aid] = obj
    return hasil


def jenis_berkas(berkas) -> str:
    """The content type of an upload judged by its bytes; ``ValidationError`` otherwise.

    PDF by its ``%PDF-`` header; JPEG/PNG by Pillow, which must both identify and verify it.
    """
    berkas.seek(0)
    kepala = berkas.read(8)
    berkas.seek(0)
    if kepala.startswith(b"%PDF-"):
        return "application/pdf"

    try:
        with gambar.buka(berkas) as img:  # width × height checked before anything is decoded
            fmt = img.format
            img.verify()
    except gambar.GambarTerlaluBesar as exc:
        berkas.seek(0)
        raise ValidationError({"berkas": str(exc)}) from None
    except Image.DecompressionBombError:
        berkas.seek(0)
        raise ValidationError(
            {
                "berkas": "Gambar terlalu besar dimensinya (lebih dari "
                f"{Image.MAX_IMAGE_PIXELS // 1_000_000} megapiksel); perkecil lalu unggah lagi."
            }
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        fmt = None
    finally:
        berkas.seek(0)
    if fmt == "JPEG":
        return "image/jpeg"
    if fmt == "PNG":
        return "image/png"
    raise ValidationError({"berkas": "Berkas bukan PDF, JPG, atau PNG yang sah (isi berkas diperiksa, bukan namanya)."})


@transaction.atomic
def bukti_tambah(*, indikator: Indikator, tahun: int, triwulan: int, berkas, keterangan: str = "", oleh) -> BuktiDukung:
    """Attach an evidence file to ``indikator`` in (tahun, triwulan), checked by content and size."""
    _cek_triwulan(tahun, triwulan, indikator, oleh)
    if berkas is None:
        raise ValidationError({"berkas": "Pilih berkas bukti dukung."})
    if berkas.size > BUKTI_UKURAN_MAKS:
        raise ValidationError({"berkas": f"Berkas terlalu besar; maksimal {BUKTI_UKURAN_MAKS // (1024 * 1024)} MB."})
    if berkas.size == 0:
        raise ValidationError({"berkas": "Berkas kosong."})
    jenis = jenis_berkas(berkas)
    nama_asli = os.path.basename(berkas.name or "")[:200]
    # The stored name gets the extension of the real content, whatever the user called it.
    dasar = os.path.splitext(nama_asli)[0][:80] or "bukti"
    berkas.name = dasar + BUKTI_JENIS[jenis]
    realisasi = Realisasi.objects.filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first()
    bukti = BuktiDukung(
        realisasi=realisasi,
        indikator=indikator,
        tahun=tahun,
        triwulan=triwulan,
        berkas=berkas,
        nama_asli=nama_asli,
        jenis_isi=jenis,
        ukuran=berkas.size,
        keterangan=(keterangan or "").strip()[:200],
        diunggah_oleh=oleh,
    )
    bukti._history_user = oleh
    bukti.save()
    return bukti


@transaction.atomic
def bukti_hapus(*, bukti: BuktiDukung, oleh) -> None:
    """Remove an evidence file (the caller has checked the quarter is open and the user may edit)."""
    if bukti.indikator_id is not None:
        _cek_triwulan(bukti.tahun, bukti.triwulan, bukti.indikator, oleh)
    berkas = bukti.berkas
    bukti._history_user = oleh
    bukti.delete()
    transaction.on_commit(lambda: berkas.delete(save=False))
