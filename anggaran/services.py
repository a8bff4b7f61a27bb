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
from django.db import connection, transaction

from anggaran.lra import LraDokumen, baca_lra, gc_ditunda, persen_lra
from anggaran.models import KodeRekening, LraImport, RealisasiAnggaran
from anggaran.selectors import kunci_bulan
from dasar.format import BULAN
from dasar.format import rupiah as _rp
from organisasi import kunci
from organisasi.akses import tolak_pembaca_pemda
from organisasi.kunci import DataTerkunci, jejak_opd, nama_triwulan, penahan, pesan, tolak, triwulan_bulan
from organisasi.models import Pemda, PerangkatDaerah
from renja.kode import BARIS_REKENING, Kode, parse_rekening
from renja.models import Kegiatan, Program, SubKegiatan

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
        per_sub[((k := b.kode).program, k.kegiatan, k.sub_kegiatan)].append(b)
    for b in dokumen.sub_kegiatan():
        key = ((k := b.kode).program, k.kegiatan, k.sub_kegiatan)
        if not any(x.kode.kelompok == k.kelompok for x in per_sub.get(key, ())):
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
    def persen(self) -> Decimal | None:
        return persen_lra(self.total_sd, self.total_setelah) if self.total_setelah else None

    @property
    def baris_dari(self) -> int | None:
        """The sheet rows the file's part spans: its ORGANISASI line (or first coded row) to its last coded row."""
        return self.dokumen.baris_organisasi or (self.dokumen.baris[0].baris if self.dokumen.baris else None)

    @property
    def baris_sampai(self) -> int | None:
        return self.dokumen.baris[-1].baris if self.dokumen.baris else None

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
    return _sub_map_semua([opd], tahun).get(opd.pk, {})


def _sub_map_semua(opds, tahun) -> dict[int, dict]:
    """OPD id → {(program, kegiatan, sub kegiatan): SubKegiatan} of the year, for many OPDs in three queries.

    Each program and kegiatan is read once and shared by its rows (a join would build it again for every
    sub kegiatan), and each program points at the OPD object given, so ``kode_tampil`` reads no more."""
    opd_per_id = {o.pk: o for o in opds}
    program = {p.pk: p for p in Program.objects.filter(opd__in=list(opd_per_id), tahun=tahun)}
    for p in program.values():
        p.opd = opd_per_id[p.opd_id]
    kegiatan = {k.pk: k for k in Kegiatan.objects.filter(program__opd__in=list(opd_per_id), program__tahun=tahun)}
    for k in kegiatan.values():
        k.program = program[k.program_id]
    hasil: dict[int, dict] = {o: {} for o in opd_per_id}
    for s in SubKegiatan.objects.filter(kegiatan__program__opd__in=list(opd_per_id), kegiatan__program__tahun=tahun):
        s.kegiatan = keg = kegiatan[s.kegiatan_id]
        hasil[keg.program.opd_id][(keg.program.kode, keg.kode, s.kode)] = s
    return hasil


def _periksa_kepala(p: Pratinjau, dokumen: LraDokumen, opd, tahun, bulan) -> None:
    """The file's own year, month and organisation against what the operator gave and chose."""
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


def _tolak_kunci(p: Pratinjau, kunci) -> None:
    p.galat.append(
        f"LRA bulan {p.nama_bulan} {p.tahun} dipakai {nama_triwulan(triwulan_bulan(p.bulan))} dan tidak dapat diubah. "
        + pesan(kunci, f"LRA bulan {p.nama_bulan}")
    )


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
    _periksa_kepala(p, dokumen, opd, tahun, bulan)
    if p.galat:
        return p
    kunci = kunci_bulan(opd, p.tahun, p.bulan, untuk_tulis=untuk_tulis)
    if kunci is not None:
        _tolak_kunci(p, kunci)
        return p

    aktif_qs = LraImport.objects.filter(opd=opd, tahun=p.tahun, bulan=p.bulan, aktif=True)
    if untuk_tulis:
        aktif_qs = aktif_qs.select_for_update()
    p.aktif = aktif_qs.first()
    sebelumnya = LraImport.objects.filter(opd=opd, tahun=p.tahun, bulan__lt=p.bulan, aktif=True).order_by("-bulan").first()
    _hitung(
        p,
        subs=_sub_map(opd, p.tahun),
        daftar_rekening=_daftar_rekening(p.tahun),
        lama=_baris_lama([p.aktif]) if p.aktif is not None and p.aktif.sha256 != p.sha256 else {},
        sebelumnya=sebelumnya,
        lalu=_baris_lama([sebelumnya]) if sebelumnya is not None else {},
    )
    return p


def _baris_lama(imports) -> dict[int, dict]:
    """Import id → {(sub kegiatan id, kode rekening): (realisasi s/d, anggaran setelah, uraian)}, one query for all."""
    hasil: dict[int, dict] = {i.pk: {} for i in imports}
    for imp_id, sub_id, rek, sd, setelah, uraian in RealisasiAnggaran.objects.filter(lra_import__in=list(hasil)).values_list(
        "lra_import_id", "sub_kegiatan_id", "kode_rekening", "realisasi_sd", "anggaran_setelah", "uraian"
    ):
        hasil[imp_id][(sub_id, rek)] = (sd, setelah, uraian)
    return hasil


def _hitung(p: Pratinjau, *, subs, daftar_rekening, lama, sebelumnya, lalu) -> None:
    """The preview's figures, mapping, refusals and warnings from what the caller loaded (no query):
    ``subs`` the OPD's sub kegiatan of the year, ``daftar_rekening`` the year's kode rekening list,
    ``lama`` / ``lalu`` the lines of the month's active import and of the latest earlier month's
    (``_baris_lama``), ``sebelumnya`` that earlier import."""
    dokumen, opd = p.dokumen, p.opd
    p._subs = subs
    p._per_sub = per_sub = _baris_per_sub(dokumen)

    per_program: dict[str, Jumlah] = {}
    per_kegiatan: dict[tuple, Jumlah] = {}
    for key, rows in sorted(per_sub.items()):
        setelah = sd = NOL
        for b in rows:
            setelah += b.anggaran_setelah
            sd += b.realisasi_sd
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
        if (jp := per_program.get(prog.kode)) is None:
            jp = per_program[prog.kode] = Jumlah(prog.kode_tampil, prog.nama)
        if (jk := per_kegiatan.get((prog.kode, sub.kegiatan.kode))) is None:
            jk = per_kegiatan[(prog.kode, sub.kegiatan.kode)] = Jumlah(sub.kegiatan.kode_tampil, sub.kegiatan.nama)
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
        return

    p.peringatan += _rekening_tak_terdaftar(p.tahun, per_sub, daftar_rekening)

    # the lines by (sub kegiatan, account), against the month's active import and the previous month's
    if (p.aktif is None or p.sudah_diimpor) and sebelumnya is None:
        return
    baru = {(subs[key].pk, b.kode.akun): b for key, rows in per_sub.items() for b in rows}
    if p.aktif is not None and not p.sudah_diimpor:
        lama_aktif = lama.get(p.aktif.pk, {})
        kode_sub = {s.pk: s.kode_tampil for s in subs.values()}
        for k in sorted(set(lama_aktif) | set(baru), key=lambda k: (kode_sub.get(k[0], ""), k[1])):
            a, b = lama_aktif.get(k), baru.get(k)
            nilai_lama, pagu_lama = (a[0], a[1]) if a else (None, None)
            nilai_baru = b.realisasi_sd if b else None
            pagu_baru = b.anggaran_setelah if b else None
            if (nilai_lama, pagu_lama) != (nilai_baru, pagu_baru):
                p.perubahan.append(
                    {
                        "sub": kode_sub.get(k[0], ""),
                        "rekening": k[1],
                        "uraian": b.uraian if b else a[2],
                        "baris": b.baris if b else None,
                        "lama": nilai_lama,
                        "baru": nilai_baru,
                        "pagu_lama": pagu_lama,
                        "pagu_baru": pagu_baru,
                    }
                )

    # s/d is cumulative: lower than the previous month's import is suspicious, not impossible (corrections).
    if sebelumnya is not None:
        lalu_baris = lalu.get(sebelumnya.pk, {})
        for k, b in baru.items():
            if k in lalu_baris and b.realisasi_sd < lalu_baris[k][0]:
                p.peringatan.append(
                    f"Sheet {b.sheet} baris {b.baris} ({b.kode_teks}): realisasi s/d bulan ini "
                    f"{_rp(b.realisasi_sd)} lebih kecil dari realisasi s/d {BULAN[sebelumnya.bulan - 1]} "
                    f"{_rp(lalu_baris[k][0])} pada impor sebelumnya."
                )


def _daftar_rekening(tahun: int) -> set[str]:
    """The year's kode rekening list (one query); empty when none is loaded."""
    return set(KodeRekening.objects.filter(tahun=tahun).values_list("kode", flat=True))


def _rekening_tak_terdaftar(tahun: int, per_sub, daftar: set[str]) -> list[str]:
    """Warnings for the kode rekening lines that the year's kode rekening list (``daftar``) lacks.

    No list loaded for the year: nothing is checked. A warning, not a refusal: the LRA comes from the
    regional finance system, so an account it uses and the list lacks means the list is behind."""
    if not daftar:
        return []
    asing: dict[str, list] = {}
    teks: dict[str, str] = {}  # akun as the LRA writes it → as the list does (a few hundred distinct in a kabupaten)
    for rows in per_sub.values():
        for b in rows:
            if b.kode.jenis_baris != BARIS_REKENING:
                continue
            if (kode := teks.get(akun := b.kode.akun)) is None:
                kode = teks[akun] = parse_rekening(akun).teks
            if kode not in daftar:
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
    tolak_pembaca_pemda(oleh, opd)  # a pemda role reads every OPD and imports none (403)
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
    imp = _tulis_impor(opd, p, nama_file, oleh, berkas=(f"{opd.kode}-{p.tahun}-{p.bulan:02d}-{p.sha256[:12]}.xlsx", isi))
    try:
        _sisipkan_baris(_baris_realisasi(imp, p))
    except Exception:
        imp.berkas.delete(save=False)  # the rows roll back with the transaction; the kept upload goes too
        raise
    return imp


def _tulis_impor(opd, p: Pratinjau, nama_file, oleh, *, berkas=None, berkas_tersimpan=None, ringkasan_tambahan=None) -> LraImport:
    """The month's new active import row (the previous one kept, inactive), with the kept upload: ``berkas``
    (name, bytes) saved now, or ``berkas_tersimpan`` the name of a file already saved for this upload (a
    kabupaten file is kept once for all its OPDs)."""
    imp = _impor_baru(opd, p, nama_file, oleh, ringkasan_tambahan=ringkasan_tambahan)
    if berkas is not None:
        imp.berkas.save(berkas[0], ContentFile(berkas[1]), save=False)
    else:
        imp.berkas.name = berkas_tersimpan
    try:
        imp.save()
    except Exception:
        if berkas is not None:
            imp.berkas.delete(save=False)
        raise
    return imp


def _impor_baru(opd, p: Pratinjau, nama_file, oleh, *, ringkasan_tambahan=None) -> LraImport:
    """The month's new active import, not yet saved, the previous one made inactive (saved)."""
    if p.aktif is not None:
        p.aktif.aktif = False
        p.aktif.save(update_fields=["aktif"])
    return LraImport(
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
            **(ringkasan_tambahan or {}),
        },
    )


def _baris_realisasi(imp: LraImport, p: Pratinjau):
    """The import's kode rekening lines as column tuples, in the order of :data:`_KOLOM_REALISASI`."""
    return [
        (
            imp.pk,
            p._subs[key].pk,
            b.kode.akun,
            b.uraian[:300],
            b.anggaran_sebelum,
            b.anggaran_setelah,
            b.realisasi_bulan_lalu,
            b.realisasi_bulan_ini,
            b.realisasi_sd,
        )
        for key, rows in p._per_sub.items()
        for b in rows
    ]


_KOLOM_REALISASI = (
    "lra_import_id",
    "sub_kegiatan_id",
    "kode_rekening",
    "uraian",
    "anggaran_sebelum",
    "anggaran_setelah",
    "realisasi_bulan_lalu",
    "realisasi_bulan_ini",
    "realisasi_sd",
)


def _sisipkan_baris(baris: list[tuple]) -> None:
    """Insert LRA lines with multi-row INSERTs, as many rows a statement as the database takes (SQLite; on
    SQLite this measured half the CPU of ``executemany``), or on PostgreSQL with ``COPY … FROM STDIN``, its
    bulk load.

    A kabupaten file carries tens of thousands of lines; building a model instance per line for
    ``bulk_create`` cost more than reading the whole file, and on PostgreSQL psycopg2's quoting of a
    multi-row INSERT's values cost about as much again, so the lines go in as plain tuples. The lock
    is not bypassed: a line's footprint is its import's (``RealisasiAnggaran.jejak_kunci`` reads the
    import), the import row was saved just before through the guard under its OPD's row lock, held to
    the end of this transaction (its save moved the data stamps of the OPDs it touches), and the guard is
    asked again here for every import the lines name. The values are the fields' own: Decimal for the
    money columns (stored as Django stores them), text cut to the field's length by the caller."""
    if not baris:
        return
    impor = LraImport.objects.in_bulk({b[0] for b in baris})
    jejak = [j for imp in impor.values() for j in imp.jejak_kunci()]
    tolak(jejak, "realisasi anggaran (sekaligus)")
    tabel = connection.ops.quote_name(RealisasiAnggaran._meta.db_table)
    kolom = ", ".join(connection.ops.quote_name(RealisasiAnggaran._meta.get_field(k.removesuffix("_id")).column) for k in _KOLOM_REALISASI)
    with connection.cursor() as c:
        if connection.vendor == "postgresql" and hasattr(c.cursor, "copy_expert"):  # psycopg2
            c.cursor.copy_expert(f"COPY {tabel} ({kolom}) FROM STDIN", io.StringIO(_teks_copy(baris)))
            return
        per_baris = "(" + ", ".join(["%s"] * len(_KOLOM_REALISASI)) + ")"
        batas = connection.features.max_query_params or 9000
        n = max(1, min(1000, batas // len(_KOLOM_REALISASI)))
        for i in range(0, len(baris), n):
            potong = baris[i : i + n]
            c.execute(
                f"INSERT INTO {tabel} ({kolom}) VALUES {', '.join([per_baris] * len(potong))}",
                [v for b in potong for v in b],
            )


# COPY's text format: a backslash, tab, newline or carriage return inside a value is written escaped.
_LOLOS_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _teks_copy(baris: list[tuple]) -> str:
    """The lines in PostgreSQL COPY's text format: ids and Decimals as ``str`` writes them (what the
    numeric column reads exactly), the text columns escaped (:data:`_LOLOS_COPY`)."""
    return "".join(
        f"{imp}\t{sub}\t{rek.translate(_LOLOS_COPY)}\t{uraian.translate(_LOLOS_COPY)}\t{a}\t{b}\t{c}\t{d}\t{e}\n"
        for imp, sub, rek, uraian, a, b, c, d, e in baris
    )


# --- a kabupaten-wide LRA: every OPD of the pemda in one file --------------------------------------


@dataclass
class PratinjauKabupaten:
    """What importing a kabupaten-wide LRA would do: one :class:`Pratinjau` per OPD found in the file.

    ``galat`` holds the refusals of the file as a whole (an organisation code matching no OPD of the
    pemda, an OPD twice, coded rows under no ORGANISASI line, parts disagreeing on the month); each
    part's own refusals stay on it. Any refusal anywhere blocks the whole file."""

    pemda: Pemda
    nama_file: str
    sha256: str
    tahun: int | None = None
    bulan: int | None = None
    bagian: list[Pratinjau] = field(default_factory=list)
    galat: list[str] = field(default_factory=list)
    tidak_dikenal: list[dict] = field(default_factory=list)

    @property
    def galat_semua(self) -> list[str]:
        return [*self.galat, *(f"{p.opd.nama}: {g}" for p in self.bagian for g in p.galat)]

    @property
    def bisa_diimpor(self) -> bool:
        return bool(self.bagian) and not self.galat_semua

    @property
    def total_setelah(self) -> Decimal:
        return sum((p.total_setelah for p in self.bagian), NOL)

    @property
    def total_sd(self) -> Decimal:
        return sum((p.total_sd for p in self.bagian), NOL)

    @property
    def persen(self) -> Decimal | None:
        return persen_lra(self.total_sd, self.total_setelah) if self.total_setelah else None

    @property
    def jumlah_baris(self) -> int:
        return sum(p.jumlah_baris for p in self.bagian)

    @property
    def jumlah_peringatan(self) -> int:
        return sum(len(p.peringatan) for p in self.bagian)

    @property
    def nama_bulan(self) -> str:
        return BULAN[self.bulan - 1] if self.bulan else "-"

    @property
    def dipakai(self) -> str:
        return self.bagian[0].dipakai if self.bagian else ""

    @property
    def aktif_terlihat(self) -> dict[str, int | None]:
        """Each OPD's active import of the month as the preview saw it, for the stale check of the confirm."""
        return {p.opd.kode: (p.aktif.pk if p.aktif else None) for p in self.bagian}


def _sebut_organisasi(d: LraDokumen) -> str:
    return f"{d.opd_kode}{' (' + d.opd_nama + ')' if d.opd_nama else ''}"


def _letak(d: LraDokumen, awal: str = "Sheet") -> str:
    baris = d.baris_organisasi or d.baris[0].baris
    return f"{awal} {d.sheet} baris {baris}"


@gc_ditunda()
def lra_pratinjau_kabupaten(
    *,
    pemda: Pemda,
    dokumen: list[LraDokumen],
    isi: bytes,
    nama_file: str,
    tahun: int | None = None,
    bulan: int | None = None,
    untuk_tulis: bool = False,
) -> PratinjauKabupaten:
    """Split a kabupaten-wide LRA (``anggaran.lra.baca_lra_semua``) by organisation code and preview each
    OPD's part exactly as its own upload would be (:func:`lra_pratinjau`'s rules: year and month, the
    signed quarter, every sub kegiatan known, the changes against the month's active import, the
    warnings). Writes nothing. Queries do not grow with the OPDs: the sub kegiatan, the active and
    earlier imports and their lines, the kode rekening list and (for a write) the locks are read once
    for all of them."""
    pk = PratinjauKabupaten(pemda=pemda, nama_file=nama_file, sha256=hashlib.sha256(isi).hexdigest())
    opds = {o.kode: o for o in PerangkatDaerah.objects.filter(pemda=pemda).select_related("pemda")}
    dikenal: list[tuple[PerangkatDaerah, LraDokumen]] = []
    pertama: dict[str, LraDokumen] = {}
    for d in dokumen:
        if not d.opd_kode:
            pk.galat.append(
                f"Sheet {d.sheet} baris {d.baris[0].baris}: baris berkode rekening tanpa baris ORGANISASI di atasnya; "
                "setiap perangkat daerah di LRA kabupaten diawali baris 'ORGANISASI : <kode SIPD> <nama>'."
            )
            continue
        if d.opd_kode in pertama:
            pk.galat.append(
                f"{_letak(d)}: organisasi {_sebut_organisasi(d)} sudah muncul di {_letak(pertama[d.opd_kode], 'sheet')}; "
                "setiap perangkat daerah hanya boleh sekali dalam satu berkas."
            )
            continue
        pertama[d.opd_kode] = d
        opd = opds.get(d.opd_kode)
        if opd is None:
            pk.tidak_dikenal.append(
                {"sheet": d.sheet, "baris": d.baris_organisasi or d.baris[0].baris, "kode": d.opd_kode, "nama": d.opd_nama or ""}
            )
            pk.galat.append(
                f"{_letak(d)}: kode organisasi {_sebut_organisasi(d)} tidak cocok dengan perangkat daerah mana pun "
                f"di {pemda.nama}. Tambahkan perangkat daerahnya lebih dahulu atau periksa berkasnya."
            )
            continue
        dikenal.append((opd, d))
    if not dokumen:
        pk.galat.append("Berkas tidak memuat baris LRA berkode rekening.")

    bagian = []
    for opd, d in dikenal:
        p = Pratinjau(opd=opd, dokumen=d, sha256=pk.sha256, nama_file=nama_file, tahun=d.tahun or tahun, bulan=d.bulan or bulan)
        p.peringatan = list(d.peringatan)
        _periksa_kepala(p, d, opd, tahun, bulan)
        bagian.append(p)
    pk.bagian = bagian
    periode = {(p.tahun, p.bulan) for p in bagian if p.tahun and p.bulan}
    if len(periode) > 1:
        daftar = "; ".join(f"{p.opd.nama}: {p.nama_bulan} {p.tahun} ({_letak(p.dokumen, 'sheet')})" for p in bagian)
        pk.galat.append(f"Bagian-bagian berkas menyebut bulan atau tahun yang berbeda: {daftar}. Satu berkas harus untuk satu bulan.")
    if len(periode) == 1:
        pk.tahun, pk.bulan = next(iter(periode))
    # An unknown or repeated code blocks the file, but the known OPDs are still previewed (their rows, totals,
    # own refusals), so one look shows everything to fix.
    if len(periode) != 1 or any(p.galat for p in bagian) or not bagian:
        return pk

    tahun_, bulan_ = pk.tahun, pk.bulan
    ids = [p.opd.pk for p in bagian]
    if untuk_tulis:  # every OPD's row lock and freezes at once; kunci_bulan below then reads them from memory
        penahan([j for i in ids for j in jejak_opd(i, tahun_, triwulan_bulan(bulan_), anggaran=True)])
    for p in bagian:
        if (k := kunci_bulan(p.opd, tahun_, bulan_, untuk_tulis=untuk_tulis)) is not None:
            _tolak_kunci(p, k)
    if any(p.galat for p in bagian):
        return pk

    aktif_qs = LraImport.objects.filter(opd__in=ids, tahun=tahun_, bulan=bulan_, aktif=True)
    if untuk_tulis:
        aktif_qs = aktif_qs.select_for_update()
    aktif = {i.opd_id: i for i in aktif_qs}
    sebelumnya: dict[int, LraImport] = {}
    for i in LraImport.objects.filter(opd__in=ids, tahun=tahun_, bulan__lt=bulan_, aktif=True).order_by("bulan"):
        sebelumnya[i.opd_id] = i  # the latest earlier month wins
    subs = _sub_map_semua([p.opd for p in bagian], tahun_)
    daftar = _daftar_rekening(tahun_)
    for p in bagian:
        p.aktif = aktif.get(p.opd.pk)
    lama = _baris_lama([p.aktif for p in bagian if p.aktif is not None and p.aktif.sha256 != p.sha256])
    lalu = _baris_lama(list(sebelumnya.values()))
    for p in bagian:
        _hitung(p, subs=subs[p.opd.pk], daftar_rekening=daftar, lama=lama, sebelumnya=sebelumnya.get(p.opd.pk), lalu=lalu)
    return pk


@transaction.atomic
def lra_import_kabupaten(
    *,
    pemda: Pemda,
    dokumen: list[LraDokumen],
    isi: bytes,
    nama_file: str,
    oleh=None,
    tahun: int | None = None,
    bulan: int | None = None,
    aktif_terlihat=TIDAK_DIPERIKSA,
) -> list[LraImport]:
    """Write a kabupaten-wide LRA: each OPD's part becomes that OPD's import of the month, exactly as
    its own upload would (:func:`lra_import`), all in one transaction; returns each OPD's active import.

    Refuses (``LraImportError``, nothing written) on any refusal of :func:`lra_pratinjau_kabupaten`:
    one unknown organisation code or one signed quarter stops the whole file. ``aktif_terlihat`` is
    the preview's ``aktif_terlihat``; a month changed since for any OPD raises :class:`LraKedaluwarsa`.
    The file is kept once, under its SHA-256, and every OPD's import points at it; its lines go in
    with a few multi-row INSERTs for the whole file."""
    with kunci.sekaligus(), gc_ditunda():
        pk = lra_pratinjau_kabupaten(pemda=pemda, dokumen=dokumen, isi=isi, nama_file=nama_file, tahun=tahun, bulan=bulan, untuk_tulis=True)
        if not pk.bisa_diimpor:
            galat = pk.galat_semua
            lebih = f" (dan {len(galat) - 10} penolakan lain)" if len(galat) > 10 else ""
            raise LraImportError(" ".join(galat[:10]) + lebih)
        if aktif_terlihat is not TIDAK_DIPERIKSA:
            for p in pk.bagian:
                if not p.sudah_diimpor and (p.aktif.pk if p.aktif else None) != aktif_terlihat.get(p.opd.kode):
                    raise LraKedaluwarsa(
                        f"LRA {p.opd.nama} bulan {p.nama_bulan} {p.tahun} sudah diubah orang lain sejak pratinjau dibuat; "
                        "periksa pratinjau yang baru lalu konfirmasi lagi."
                    )
        hasil, baru, tersimpan = [], [], None
        tambahan = {"berkas_kabupaten": [p.opd.kode for p in pk.bagian]}
        try:
            for p in pk.bagian:
                if p.sudah_diimpor:
                    hasil.append(p.aktif)
                    continue
                imp = _impor_baru(p.opd, p, nama_file, oleh, ringkasan_tambahan=tambahan)
                if tersimpan is None:
                    imp.berkas.save(f"kabupaten-{pemda.kode}-{pk.tahun}-{pk.bulan:02d}-{pk.sha256[:12]}.xlsx", ContentFile(isi), save=False)
                    tersimpan = imp.berkas.name
                else:
                    imp.berkas.name = tersimpan
                hasil.append(imp)
                baru.append((imp, p))
            # one INSERT for every OPD's import row, through the guard (KunciQuerySet.bulk_create: the same
            # check and data stamps as a save), then their lines
            LraImport.objects.bulk_create([imp for imp, _ in baru])
            _sisipkan_baris([b for imp, p in baru for b in _baris_realisasi(imp, p)])
        except DataTerkunci as exc:  # the lock below every writer has the last word
            _hapus_berkas(tersimpan)
            raise LraImportError(exc.messages[0]) from exc
        except Exception:
            _hapus_berkas(tersimpan)
            raise
    return hasil


def _hapus_berkas(nama: str | None) -> None:
    if nama:
        LraImport._meta.get_field("berkas").storage.delete(nama)


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
