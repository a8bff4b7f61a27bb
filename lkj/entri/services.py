"""Writes of the quarter's narrative: the four lists and the dokumentasi photos.

Photos are re-encoded on the server: resized to at most ``FOTO_SISI_MAKS`` pixels
and saved without EXIF, so a phone's GPS position and camera serial never reach a
public report, and a 12 MB photo does not bloat every PDF.
"""

from __future__ import annotations

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from dasar import gambar
from lkj.models import DaftarTeks, Dokumentasi, Narasi
from organisasi.akses import tolak_pembaca_pemda
from organisasi.selectors import tolak_bila_terkunci
from renja.realisasi_services import KonflikVersi

FOTO_SISI_MAKS = 1600
# The narrative's typed paragraphs; the OPD LKj (jabatan empty) has all, an individual report the first two.
TEKS_NARASI = ("latar_belakang", "penutup", "gambaran_umum", "tupoksi", "aspek_strategis")
FOTO_UKURAN_MAKS = 15 * 1024 * 1024


def _narasi_untuk(*, opd, jabatan, tahun, triwulan, kunci=False) -> Narasi:
    qs = Narasi.objects.filter(opd=opd, jabatan=jabatan, tahun=tahun, triwulan=triwulan)
    if kunci:
        qs = qs.select_for_update()
    narasi = qs.first()
    if narasi is None:
        narasi = Narasi.objects.create(opd=opd, jabatan=jabatan, tahun=tahun, triwulan=triwulan)
    return narasi


@transaction.atomic
def narasi_simpan(
    *,
    opd,
    jabatan,
    tahun: int,
    triwulan: int,
    daftar: dict[str, list[str]],
    oleh,
    atas_nama=None,
    versi_diharapkan: int | None = None,
    teks: dict[str, str] | None = None,
) -> Narasi:
    """Replace the four lists of the narrative of ``jabatan`` (or of the OPD when None) for the quarter.

    ``versi_diharapkan`` is the version the user loaded (0 before the first save), as for
    realisation rows: the row is locked and a save against a newer version raises
    ``KonflikVersi`` carrying the saved narrative, so the second of two people editing
    the page never silently erases the first. The pages always pass it; ``None`` (no
    check) is for loaders that own the row.
    """
    if triwulan not in (1, 2, 3, 4):
        raise ValidationError("Triwulan harus 1 sampai 4.")
    tolak_pembaca_pemda(oleh, opd)  # a pemda role reads and never writes an OPD's narrative (403)
    tolak_bila_terkunci(opd, tahun, triwulan, jabatan=jabatan, narasi=True)
    narasi = _narasi_untuk(opd=opd, jabatan=jabatan, tahun=tahun, triwulan=triwulan, kunci=True)
    if versi_diharapkan is not None and narasi.versi != versi_diharapkan:
        raise KonflikVersi(narasi)
    narasi.versi += 1
    for bidang in ("faktor_pendukung", "faktor_penghambat", "upaya", "rencana_tindak_lanjut"):
        butir = [str(b).strip() for b in daftar.get(bidang, []) if str(b).strip()]
        try:
            DaftarTeks()(butir)  # the form checked it; a script or another caller did not
        except ValidationError as e:
            raise ValidationError({bidang: e.messages}) from None
        setattr(narasi, bidang, butir)
    # BAB I of the OPD LKj: its problem list, written only when given (an individual report has none).
    if "permasalahan_utama" in daftar:
        butir = [str(b).strip() for b in daftar["permasalahan_utama"] if str(b).strip()]
        try:
            DaftarTeks()(butir)
        except ValidationError as e:
            raise ValidationError({"permasalahan_utama": e.messages}) from None
        narasi.permasalahan_utama = butir
    # The typed paragraphs (latar belakang, penutup, and for the OPD LKj gambaran umum, tupoksi, aspek strategis):
    # each written only when given, checked against its model limit whoever calls.
    for bidang, isi in (teks or {}).items():
        if bidang not in TEKS_NARASI:
            raise ValidationError(f"Bagian narasi tidak dikenal: {bidang}.")
        isi = (isi or "").strip().replace("\r\n", "\n")
        try:
            Narasi._meta.get_field(bidang).run_validators(isi)
        except ValidationError as e:
            raise ValidationError({bidang: e.messages}) from None
        setattr(narasi, bidang, isi)
    narasi._history_user = oleh
    if atas_nama is not None and atas_nama != oleh:
        narasi._change_reason = f"oleh operator {oleh.get_username()} untuk {atas_nama}"
    narasi.save()
    return narasi


def foto_bersih(berkas) -> ContentFile:
    """Verify the upload is a JPEG/PNG by content, resize to ≤ FOTO_SISI_MAKS px, drop EXIF; return JPEG bytes."""
    if berkas.size > FOTO_UKURAN_MAKS:
        raise ValidationError({"foto": f"Foto terlalu besar; maksimal {FOTO_UKURAN_MAKS // (1024 * 1024)} MB."})
    try:
        berkas.seek(0)
        with gambar.buka(berkas) as cek:  # width × height checked before anything is decoded
            fmt = cek.format
            cek.verify()
        berkas.seek(0)
        with gambar.buka(berkas) as img:
            if fmt not in ("JPEG", "PNG"):
                raise ValidationError({"foto": "Foto harus berupa JPG atau PNG."})
            # Honour the camera's rotation before the EXIF that records it is dropped.
            img = ImageOps.exif_transpose(img)
            img.thumbnail((FOTO_SISI_MAKS, FOTO_SISI_MAKS))
            if img.mode not in ("RGB", "L"):
                latar = Image.new("RGB", img.size, "white")
                latar.paste(img, mask=img.convert("RGBA").split()[-1])
                img = latar
            keluar = io.BytesIO()
            # A fresh save without ``exif=`` writes no EXIF block.
            img.convert("RGB").save(keluar, format="JPEG", quality=85, optimize=True)
    except gambar.GambarTerlaluBesar as exc:
        raise ValidationError({"foto": str(exc)}) from None
    except Image.DecompressionBombError:
        raise ValidationError(
            {
                "foto": "Foto terlalu besar dimensinya (lebih dari "
                f"{Image.MAX_IMAGE_PIXELS // 1_000_000} megapiksel); perkecil lalu unggah lagi."
            }
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"foto": "Berkas bukan foto JPG atau PNG yang sah."})
    dasar = os.path.splitext(os.path.basename(berkas.name or "foto"))[0][:80] or "foto"
    return ContentFile(keluar.getvalue(), name=f"{dasar}.jpg")


@transaction.atomic
def dokumentasi_tambah(*, opd, jabatan, tahun: int, triwulan: int, foto, keterangan: str, tanggal, oleh) -> Dokumentasi:
    """Add a cleaned photo with its caption and date to the quarter's narrative."""
    tolak_pembaca_pemda(oleh, opd)
    tolak_bila_terkunci(opd, tahun, triwulan, jabatan=jabatan, narasi=True)
    bersih = foto_bersih(foto)
    keterangan = (keterangan or "").strip()
    if not keterangan:
        raise ValidationError({"keterangan": "Tulis keterangan foto."})
    narasi = _narasi_untuk(opd=opd, jabatan=jabatan, tahun=tahun, triwulan=triwulan, kunci=True)
    urutan = (narasi.dokumentasi.order_by("-urutan").values_list("urutan", flat=True).first() or 0) + 1
    dok = Dokumentasi(narasi=narasi, keterangan=keterangan[:300], tanggal=tanggal, urutan=urutan)
    dok.foto.save(bersih.name, bersih, save=False)
    dok.save()
    return dok


@transaction.atomic
def dokumentasi_hapus(*, dokumentasi: Dokumentasi, oleh) -> None:
    n = dokumentasi.narasi
    tolak_pembaca_pemda(oleh, n.opd_id)
    tolak_bila_terkunci(n.opd_id, n.tahun, n.triwulan, jabatan=n.jabatan_id, narasi=True)
    foto = dokumentasi.foto
    dokumentasi.delete()
    transaction.on_commit(lambda: foto.delete(save=False))
