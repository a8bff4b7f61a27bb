"""Writes of the budget layer. The LRA import is all or nothing."""
from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from anggaran.lra import LraDokumen, baca_lra
from anggaran.models import BULAN, LraImport, Pagu, RealisasiAnggaran
from organisasi.models import PerangkatDaerah
from renja.models import SubKegiatan


class LraImportError(Exception):
    """A refusal with an Indonesian message; nothing has been written."""


def _baris_per_sub(dokumen: LraDokumen):
    """Leaf kode rekening lines per (program, kegiatan, sub kegiatan); a sub kegiatan with no
    account rows contributes its own row so that no budget is dropped."""
    per_sub = defaultdict(list)
    for b in dokumen.rekening_daun():
        per_sub[(b.kode.program, b.kode.kegiatan, b.kode.sub_kegiatan)].append(b)
    for b in dokumen.sub_kegiatan():
        key = (b.kode.program, b.kode.kegiatan, b.kode.sub_kegiatan)
        if not any(x.kode.kelompok == b.kode.kelompok for x in per_sub.get(key, [])):
            per_sub[key].append(b)
    return per_sub


@transaction.atomic
def lra_import(
    *, opd: PerangkatDaerah, dokumen: LraDokumen, isi: bytes, nama_file: str, oleh=None,
    tahun: int | None = None, bulan: int | None = None,
) -> LraImport:
    """Write one month's LRA for ``opd``; returns the active import of that month.

    Refuses (``LraImportError``, nothing written) when the file belongs to another OPD, the
    year/month are unknown, or a code matches no sub kegiatan. Importing the same file again
    changes nothing; a different file for the month replaces that month's snapshot (the earlier
    import is kept, inactive). The pagu is taken from the newest month imported.
    """
    tahun = dokumen.tahun or tahun
    bulan = dokumen.bulan or bulan
    if not tahun or not bulan:
        raise LraImportError(
            "Tahun anggaran dan bulan tidak ditemukan di judul berkas; isikan tahun dan bulan secara manual."
        )
    if dokumen.opd_kode and dokumen.opd_kode != opd.kode:
        raise LraImportError(
            f"Berkas ini LRA organisasi {dokumen.opd_kode}, bukan {opd.kode} ({opd.nama})."
        )
    sha = hashlib.sha256(isi).hexdigest()
    aktif = (
        LraImport.objects.select_for_update()
        .filter(opd=opd, tahun=tahun, bulan=bulan, aktif=True)
        .first()
    )
    if aktif is not None and aktif.sha256 == sha:
        return aktif

    subs = {
        (s.kegiatan.program.kode, s.kegiatan.kode, s.kode): s
        for s in SubKegiatan.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=tahun)
        .select_related("kegiatan__program")
    }
    per_sub = _baris_per_sub(dokumen)
    tidak_dikenal = [
        f"{baris[0].kode_teks} (baris {baris[0].baris})" for key, baris in per_sub.items() if key not in subs
    ]
    if tidak_dikenal:
        raise LraImportError(
            f"Kode sub kegiatan berikut di sheet {dokumen.sheet} tidak ada di rencana kerja {opd.nama} tahun {tahun}: "
            + "; ".join(sorted(tidak_dikenal)[:20])
            + (" …" if len(tidak_dikenal) > 20 else "")
        )

    if aktif is not None:
        aktif.aktif = False
        aktif.save(update_fields=["aktif"])
    total_setelah = sum((b.anggaran_setelah for rows in per_sub.values() for b in rows), start=0)
    total_sd = sum((b.realisasi_sd for rows in per_sub.values() for b in rows), start=0)
    imp = LraImport(
        opd=opd, tahun=tahun, bulan=bulan, nama_file=nama_file, sha256=sha, diunggah_oleh=oleh, aktif=True,
        ringkasan={
            "sub_kegiatan": len(per_sub),
            "baris_rekening": sum(len(v) for v in per_sub.values()),
            "anggaran_setelah": str(total_setelah),
            "realisasi_sd": str(total_sd),
            "peringatan": list(dokumen.peringatan),
        },
    )
    imp.berkas.save(f"{opd.kode}-{tahun}-{bulan:02d}-{sha[:12]}.xlsx", ContentFile(isi), save=False)
    imp.save()
    RealisasiAnggaran.objects.bulk_create(
        RealisasiAnggaran(
            lra_import=imp, sub_kegiatan=subs[key], kode_rekening=b.kode.akun, uraian=b.uraian[:300],
            realisasi_bulan_lalu=b.realisasi_bulan_lalu, realisasi_bulan_ini=b.realisasi_bulan_ini, realisasi_sd=b.realisasi_sd,
        )
        for key, rows in per_sub.items() for b in rows
    )

    terbaru = not LraImport.objects.filter(opd=opd, tahun=tahun, aktif=True, bulan__gt=bulan).exists()
    if terbaru:
        _pagu_ganti(tahun=tahun, subs=subs, per_sub=per_sub)
    return imp


def _pagu_ganti(*, tahun, subs, per_sub):
    """Make the year's pagu lines exactly those of the newest LRA, keeping history of each change."""
    lama = {(p.sub_kegiatan_id, p.kode_rekening): p for p in Pagu.objects.filter(sub_kegiatan__in=subs.values(), tahun=tahun)}
    baru, ubah, dilihat = [], [], set()
    for key, rows in per_sub.items():
        for b in rows:
            kunci = (subs[key].pk, b.kode.akun)
            dilihat.add(kunci)
            p = lama.get(kunci)
            if p is None:
                baru.append(Pagu(
                    sub_kegiatan=subs[key], tahun=tahun, kode_rekening=b.kode.akun, uraian=b.uraian[:300],
                    sebelum_perubahan=b.anggaran_sebelum, setelah_perubahan=b.anggaran_setelah,
                ))
            elif (p.sebelum_perubahan, p.setelah_perubahan, p.uraian) != (b.anggaran_sebelum, b.anggaran_setelah, b.uraian[:300]):
                p.sebelum_perubahan, p.setelah_perubahan, p.uraian = b.anggaran_sebelum, b.anggaran_setelah, b.uraian[:300]
                ubah.append(p)
    for kunci, p in lama.items():
        if kunci not in dilihat:
            p.delete()
    if baru:
        bulk_create_with_history(baru, Pagu)
    if ubah:
        bulk_update_with_history(ubah, Pagu, ["sebelum_perubahan", "setelah_perubahan", "uraian"])


def lra_import_berkas(*, path: Path, opd: PerangkatDaerah, oleh=None, tahun=None, bulan=None) -> LraImport:
    """Read and import an LRA file from disk (demo loader, CLI)."""
    isi = Path(path).read_bytes()
    dokumen = baca_lra(io.BytesIO(isi), nama_file=Path(path).name)
    return lra_import(opd=opd, dokumen=dokumen, isi=isi, nama_file=Path(path).name, oleh=oleh, tahun=tahun, bulan=bulan)


def nama_bulan(bulan: int) -> str:
    return BULAN[bulan - 1]
