"""Writes of the budget layer. The LRA import is all or nothing.

The flow an operator sees is preview → confirm: :func:`lra_pratinjau` reads
what an import *would* do without writing; :func:`lra_import` recomputes the
same preview inside the transaction and writes only when it has no errors,
so the confirm writes exactly what was previewed (the caller passes the
active import it saw, and a change in between is refused as stale).
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from anggaran.lra import LraDokumen, baca_lra, persen_lra
from anggaran.models import KodeRekening, LraImport, RealisasiAnggaran
from anggaran.selectors import kunci_bulan
from dasar.format import BULAN
from dasar.format import rupiah as _rp
from organisasi.kunci import DataTerkunci, nama_triwulan, pesan, triwulan_bulan
from organisasi.models import PerangkatDaerah
from renja.kode import BARIS_REKENING, Kode, parse_rekening
from renja.models import SubKegiatan

NOL = Decimal(0)
TIDAK_DIPERIKSA = object()


class LraImportError(Exception):
    """A refusal with an Indonesian message; nothing has been written."""


class LraKedaluwarsa(LraImportError):
    """The month changed between preview and confirm; the operator must look again."""


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


@dataclass
class Jumlah:
    kode: str
    nama: str
    anggaran_setelah: Decimal = NOL
    realisasi_sd: Decimal = NOL

    @property
    def persen(self) -> Decimal | None:
        """The file's own percentage rule (``persen_lra``: 2 dp half-up); none for a zero budget."""
        if not self.anggaran_setelah:
            return None
        return persen_lra(self.realisasi_sd, self.anggaran_setelah)


@dataclass
class Pratinjau:
    """What importing a file would do. ``galat`` blocks the import; ``peringatan`` does not."""

    opd: PerangkatDaerah
    dokumen: LraDokumen
    sha256: str
    nama_file: str
    tahun: int | None
    bulan: int | None
    galat: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    pemetaan: list[dict] = field(default_factory=list)
    tidak_dikenal: list[dict] = field(default_factory=list)
    per_program: list[Jumlah] = field(default_factory=list)
    per_kegiatan: list[Jumlah] = field(default_factory=list)
    perubahan: list[dict] = field(default_factory=list)
    aktif: LraImport | None = None
    total_setelah: Decimal = NOL
    total_sd: Decimal = NOL
    # internal, for the write
    _subs: dict = field(default_factory=dict, repr=False)
    _per_sub: dict = field(default_factory=dict, repr=False)

    @property
    def bisa_diimpor(self) -> bool:
        return not self.galat

    @property
    def sudah_diimpor(self) -> bool:
        return self.aktif is not None and self.aktif.sha256 == self.sha256

    @property
    def jumlah_baris(self) -> int:
        return len(self.dokumen.baris)

    @property
    def jumlah_rekening(self) -> int:
        return sum(len(v) for v in self._per_sub.values())

    @property
    def nama_bulan(self) -> str:
        return BULAN[self.bulan - 1] if self.bulan else "-"

    @property
    def dipakai(self) -> str:
        """Which quarter's figures this month feeds, said before the operator confirms (decisions §5)."""
        if not self.bulan or not self.tahun:
            return ""
        if self.bulan % 3:
            return (
                f"LRA bulan {self.nama_bulan} {self.tahun} disimpan, tetapi tidak mengubah angka triwulan mana pun: "
                "setiap triwulan memakai LRA bulan terakhirnya (Maret, Juni, September, Desember)."
            )
        tw = self.bulan // 3
        lain = [t for t in (1, 2, 3, 4) if t < tw]
        teks = (
            f"LRA bulan {self.nama_bulan} {self.tahun} menjadi angka anggaran {nama_triwulan([tw])}: pagu dari kolom "
            "anggaran setelah perubahan, realisasi dari kolom s/d bulan ini."
        )
        if lain:
            teks += f" {nama_triwulan(lain)} tetap memakai LRA bulan terakhirnya masing-masing; angkanya tidak berubah."
        return teks


def _sub_map(opd, tahun):
    return {
        (s.kegiatan.program.kode, s.kegiatan.kode, s.kode): s
        for s in SubKegiatan.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=tahun).select_related(
            "kegiatan__program__opd"
        )  # kode_tampil reads the OPD: no query per sub kegiatan
    }


def lra_pratinjau(
    *,
    opd: PerangkatDaerah,
    dokumen: LraDokumen,
    isi: bytes,
    nama_file: str,
    tahun: int | None = None,
    bulan: int | None = None,
    untuk_tulis: bool = False,
) -> Pratinjau:
    """Everything the operator checks before confirming; writes nothing. A fixed number of queries."""
    p = Pratinjau(
        opd=opd,
        dokumen=dokumen,
        sha256=hashlib.sha256(isi).hexdigest(),
        nama_file=nama_file,
        tahun=dokumen.tahun or tahun,
        bulan=dokumen.bulan or bulan,
    )
    p.peringatan = list(dokumen.peringatan)
    if dokumen.tahun and tahun and dokumen.tahun != tahun:
        p.galat.append(f"Tahun di judul berkas ({dokumen.tahun}) berbeda dengan tahun yang diisikan ({tahun}).")
    if dokumen.bulan and bulan and dokumen.bulan != bulan:
        p.galat.append(f"Bulan di judul berkas ({BULAN[dokumen.bulan - 1]}) berbeda dengan bulan yang diisikan ({BULAN[bulan - 1]}).")
    if not p.tahun or not p.bulan:
        hilang = " dan ".join(n for n, v in (("tahun anggaran", p.tahun), ("bulan", p.bulan)) if not v)
        p.galat.append(f"{hilang.capitalize()} tidak ditemukan di judul berkas (sheet {dokumen.sheet}); isikan secara manual.")
    if dokumen.opd_kode and dokumen.opd_kode != opd.kode:
        p.galat.append(
            f"Berkas ini LRA organisasi {dokumen.opd_kode}"
            f"{' (' + dokumen.opd_nama + ')' if dokumen.opd_nama else ''}, bukan {opd.kode} ({opd.nama})."
        )
    if p.galat:
        return p
    kunci = kunci_bulan(opd, p.tahun, p.bulan, untuk_tulis=untuk_tulis)
    if kunci is not None:
        p.galat.append(
            f"LRA bulan {p.nama_bulan} {p.tahun} dipakai {nama_triwulan(triwulan_bulan(p.bulan))} dan tidak dapat diubah. "
            + pesan(kunci, f"LRA bulan {p.nama_bulan}")
        )
        return p

    aktif_qs = LraImport.objects.filter(opd=opd, tahun=p.tahun, bulan=p.bulan, aktif=True)
    if untuk_tulis:
        aktif_qs = aktif_qs.select_for_update()
    p.aktif = aktif_qs.first()
    p._subs = subs = _sub_map(opd, p.tahun)
    p._per_sub = per_sub = _baris_per_sub(dokumen)

    per_program: dict[str, Jumlah] = {}
    per_kegiatan: dict[tuple, Jumlah] = {}
    for key, rows in sorted(per_sub.items()):
        setelah = sum((b.anggaran_setelah for b in rows), NOL)
        sd = sum((b.realisasi_sd for b in rows), NOL)
        p.total_setelah += setelah
        p.total_sd += sd
        sub = subs.get(key)
        kode = Kode(dokumen.baris[0].kode.urusan, *key)
        if sub is None:
            induk = _baris_sub(dokumen, key) or rows[0]
            p.tidak_dikenal.append({"kode": induk.kode_teks, "nasional": kode.nasional, "baris": induk.baris, "uraian": induk.uraian})
            continue
        p.pemetaan.append(
            {
                "baris": min(b.baris for b in rows),
                "nasional": kode.nasional,
                "e81": sub.kode_tampil,
                "nama": sub.nama,
                "rekening": len(rows),
                "anggaran_setelah": setelah,
                "realisasi_sd": sd,
            }
        )
        prog = sub.kegiatan.program
        jp = per_program.setdefault(prog.kode, Jumlah(prog.kode_tampil, prog.nama))
        jk = per_kegiatan.setdefault((prog.kode, sub.kegiatan.kode), Jumlah(sub.kegiatan.kode_tampil, sub.kegiatan.nama))
        for j in (jp, jk):
            j.anggaran_setelah += setelah
            j.realisasi_sd += sd
    p.per_program = list(per_program.values())
    p.per_kegiatan = list(per_kegiatan.values())
    if p.tidak_dikenal:
        daftar = "; ".join(f"{t['nasional']} (baris {t['baris']})" for t in p.tidak_dikenal[:20])
        p.galat.append(
            f"{len(p.tidak_dikenal)} kode sub kegiatan di sheet {dokumen.sheet} tidak ada di rencana kerja "
            f"{opd.nama} tahun {p.tahun}: {daftar}{' …' if len(p.tidak_dikenal) > 20 else ''}. "
            "Tambahkan sub kegiatan itu di Perencanaan atau periksa berkasnya."
        )
        return p

    p.peringatan += _rekening_tak_terdaftar(p.tahun, per_sub)

    baru = {(subs[key].pk, b.kode.akun): b for key, rows in per_sub.items() for b in rows}
    if p.aktif is not None and not p.sudah_diimpor:
        lama = {(r.sub_kegiatan_id, r.kode_rekening): r for r in p.aktif.baris.select_related("sub_kegiatan")}
        kode_sub = {s.pk: s.kode_tampil for s in subs.values()}
        for k in sorted(set(lama) | set(baru), key=lambda k: (kode_sub.get(k[0], ""), k[1])):
            a, b = lama.get(k), baru.get(k)
            nilai_lama = a.realisasi_sd if a else None
            nilai_baru = b.realisasi_sd if b else None
            pagu_lama = a.anggaran_setelah if a else None
            pagu_baru = b.anggaran_setelah if b else None
            if (nilai_lama, pagu_lama) != (nilai_baru, pagu_baru):
                p.perubahan.append(
                    {
                        "sub": kode_sub.get(k[0], ""),
                        "rekening": k[1],
                        "uraian": (b or a).uraian,
                        "baris": b.baris if b else None,
                        "lama": nilai_lama,
                        "baru": nilai_baru,
                        "pagu_lama": pagu_lama,
                        "pagu_baru": pagu_baru,
                    }
                )

    # s/d is cumulative: lower than the previous month's import is suspicious, not impossible (corrections).
    sebelumnya = LraImport.objects.filter(opd=opd, tahun=p.tahun, bulan__lt=p.bulan, aktif=True).order_by("-bulan").first()
    if sebelumnya is not None:
        lalu = {(r.sub_kegiatan_id, r.kode_rekening): r.realisasi_sd for r in sebelumnya.baris.all()}
        for k, b in baru.items():
            if k in lalu and b.realisasi_sd < lalu[k]:
                p.peringatan.append(
                    f"Sheet {b.sheet} baris {b.baris} ({b.kode_teks}): realisasi s/d bulan ini "
                    f"{_rp(b.realisasi_sd)} lebih kecil dari realisasi s/d {BULAN[sebelumnya.bulan - 1]} "
                    f"{_rp(lalu[k])} pada impor sebelumnya."
                )
    return p


def _rekening_tak_terdaftar(tahun: int, per_sub) -> list[str]:
    """Warnings for the kode rekening lines that the year's kode rekening list lacks (one query).

    No list loaded for the year: nothing is checked. A warning, not a refusal: the LRA comes from the
    regional finance system, so an account it uses and the list lacks means the list is behind."""
    daftar = set(KodeRekening.objects.filter(tahun=tahun).values_list("kode", flat=True))
    if not daftar:
        return []
    asing: dict[str, list] = {}
    for rows in per_sub.values():
        for b in rows:
            if b.kode.jenis_baris == BARIS_REKENING and (kode := parse_rekening(b.kode.akun).teks) not in daftar:
                asing.setdefault(kode, []).append(b)
    return [
        f"Kode rekening {kode} ({baris[0].uraian}) di sheet {baris[0].sheet} baris "
        f"{', '.join(str(b.baris) for b in baris[:5])}{' …' if len(baris) > 5 else ''} tidak ada di daftar kode rekening tahun {tahun}."
        for kode, baris in sorted(asing.items())
    ]


def _baris_sub(dokumen, key):
    """The sub kegiatan's own row (first kelompok), for messages that name a row."""
    for b in dokumen.sub_kegiatan():
        if (b.kode.program, b.kode.kegiatan, b.kode.sub_kegiatan) == key:
            return b
    return None


@transaction.atomic
def lra_import(
    *,
    opd: PerangkatDaerah,
    dokumen: LraDokumen,
    isi: bytes,
    nama_file: str,
    oleh=None,
    tahun: int | None = None,
    bulan: int | None = None,
    aktif_terlihat=TIDAK_DIPERIKSA,
) -> LraImport:
    """Write one month's LRA for ``opd``; returns the active import of that month.

    Refuses (``LraImportError``, nothing written) on every error of :func:`lra_pratinjau`: another
    OPD's file, unknown year/month, a signed quarter, a code that matches no sub kegiatan.
    ``aktif_terlihat`` is the active import's pk the operator saw in the preview (None: none);
    when the month changed since, :class:`LraKedaluwarsa` is raised. Importing the same file again
    changes nothing; a different file for the month replaces that month's snapshot (the earlier
    import is kept, inactive). Each line keeps the month's own budget columns: the quarter this
    month ends takes its pagu from them, and no other month's import changes it.
    """
    p = lra_pratinjau(opd=opd, dokumen=dokumen, isi=isi, nama_file=nama_file, tahun=tahun, bulan=bulan, untuk_tulis=True)
    if p.galat:
        raise LraImportError(" ".join(p.galat))
    if p.sudah_diimpor:
        return p.aktif
    if aktif_terlihat is not TIDAK_DIPERIKSA and (p.aktif.pk if p.aktif else None) != aktif_terlihat:
        raise LraKedaluwarsa(
            f"LRA {opd.nama} bulan {p.nama_bulan} {p.tahun} sudah diubah orang lain sejak pratinjau dibuat; "
            "periksa pratinjau yang baru lalu konfirmasi lagi."
        )

    try:
        return _tulis(opd, p, isi, nama_file, oleh)
    except DataTerkunci as exc:  # the lock below every writer (organisasi.kunci) has the last word
        raise LraImportError(exc.messages[0]) from exc


def _tulis(opd, p: Pratinjau, isi: bytes, nama_file, oleh) -> LraImport:
    if p.aktif is not None:
        p.aktif.aktif = False
        p.aktif.save(update_fields=["aktif"])
    imp = LraImport(
        opd=opd,
        tahun=p.tahun,
        bulan=p.bulan,
        nama_file=nama_file[:255],
        sha256=p.sha256,
        diunggah_oleh=oleh,
        aktif=True,
        ringkasan={
            "sub_kegiatan": len(p._per_sub),
            "baris_rekening": p.jumlah_rekening,
            "baris_dibaca": p.jumlah_baris,
            "anggaran_setelah": str(p.total_setelah),
            "realisasi_sd": str(p.total_sd),
            "peringatan": p.peringatan[:200],
            "jumlah_peringatan": len(p.peringatan),
        },
    )
    imp.berkas.save(f"{opd.kode}-{p.tahun}-{p.bulan:02d}-{p.sha256[:12]}.xlsx", ContentFile(isi), save=False)
    try:
        imp.save()
        _tulis_realisasi(imp, p._subs, p._per_sub)
    except Exception:
        imp.berkas.delete(save=False)  # the rows roll back with the transaction; the kept upload goes too
        raise
    return imp


def _tulis_realisasi(imp, subs, per_sub):
    RealisasiAnggaran.objects.bulk_create(
        (
            RealisasiAnggaran(
                lra_import=imp,
                sub_kegiatan=subs[key],
                kode_rekening=b.kode.akun,
                uraian=b.uraian[:300],
                anggaran_sebelum=b.anggaran_sebelum,
                anggaran_setelah=b.anggaran_setelah,
                realisasi_bulan_lalu=b.realisasi_bulan_lalu,
                realisasi_bulan_ini=b.realisasi_bulan_ini,
                realisasi_sd=b.realisasi_sd,
            )
            for key, rows in per_sub.items()
            for b in rows
        ),
        batch_size=2000,
    )


@transaction.atomic
def lra_pulihkan(*, lra_import: LraImport, oleh=None) -> LraImport:
    """Make an earlier import of a month the active one again.

    Its lines were kept with their own budget and realisation columns, so restoring is
    switching which import is active. Refused when the month feeds a signed quarter.
    """
    imp = LraImport.objects.select_for_update().select_related("opd").get(pk=lra_import.pk)
    opd = imp.opd
    kunci = kunci_bulan(opd, imp.tahun, imp.bulan, untuk_tulis=True)
    if kunci is not None:
        raise LraImportError(pesan(kunci, f"LRA bulan {BULAN[imp.bulan - 1]} {imp.tahun}"))
    if imp.aktif:
        return imp
    try:
        LraImport.objects.filter(opd=opd, tahun=imp.tahun, bulan=imp.bulan, aktif=True).update(aktif=False)
        imp.aktif = True
        imp.save(update_fields=["aktif"])
    except DataTerkunci as exc:  # signed between the check above and the write
        raise LraImportError(exc.messages[0]) from exc
    return imp


def lra_import_berkas(*, path: Path, opd: PerangkatDaerah, oleh=None, tahun=None, bulan=None) -> LraImport:
    """Read and import an LRA file from disk (demo loader, CLI)."""
    isi = Path(path).read_bytes()
    dokumen = baca_lra(io.BytesIO(isi), nama_file=Path(path).name)
    return lra_import(opd=opd, dokumen=dokumen, isi=isi, nama_file=Path(path).name, oleh=oleh, tahun=tahun, bulan=bulan)
