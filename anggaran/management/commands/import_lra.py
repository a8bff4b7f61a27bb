"""python manage.py import_lra FILE [--opd KODE | --pemda KODE] [--tahun N] [--bulan N] [--dry-run]

The same read, preview and service as the operator's page. Exit 0 with a one-line
summary; any refusal is a CommandError (exit 1) whose message says what and where.
With ``--pemda`` the file is a kabupaten-wide LRA: split by organisation code and
imported per OPD of that pemda (the kabupaten page's service), one line per OPD.
"""

import errno
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anggaran.lra import LraError, baca_lra, baca_lra_semua
from anggaran.services import LraImportError, lra_import, lra_import_kabupaten, lra_pratinjau, lra_pratinjau_kabupaten
from dasar import format as fmt
from organisasi.models import Pemda, PerangkatDaerah


def _pesan_buka(berkas: str, path: Path, exc: OSError) -> str:
    """Why the file could not be opened, in Indonesian (the OS text, exc.strerror, is English)."""
    if isinstance(exc, IsADirectoryError) or (isinstance(exc, PermissionError) and path.is_dir()):
        return f"'{berkas}' adalah folder, bukan berkas LRA; sebutkan berkas .xlsx di dalamnya."
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return f"Berkas '{berkas}' tidak ditemukan; periksa nama dan foldernya."
    if isinstance(exc, PermissionError):
        return f"Berkas '{berkas}' tidak dapat dibaca: tidak ada izin untuk membacanya."
    kode = errno.errorcode.get(exc.errno, exc.errno) if exc.errno is not None else None
    rincian = f" (galat sistem {kode})" if kode is not None else ""
    return f"Berkas '{berkas}' tidak dapat dibaca{rincian}."


class Command(BaseCommand):
    help = "Impor LRA bulanan (.xlsx) satu perangkat daerah, atau seluruh perangkat daerah satu pemda (--pemda)."

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas LRA .xlsx")
        parser.add_argument("--opd", help="kode SIPD perangkat daerah (bawaan: dari judul berkas)")
        parser.add_argument("--pemda", help="kode pemda: berkas memuat banyak perangkat daerah pemda ini (LRA kabupaten)")
        parser.add_argument("--tahun", type=int, help="tahun anggaran, bila tidak ada di judul berkas")
        parser.add_argument("--bulan", type=int, choices=range(1, 13), metavar="1-12", help="bulan, bila tidak ada di judul berkas")
        parser.add_argument("--dry-run", action="store_true", help="tampilkan pratinjau, tidak menyimpan apa pun")

    def handle(self, *args, berkas, opd, pemda, tahun, bulan, dry_run, **options):
        path = Path(berkas)
        try:
            isi = path.read_bytes()
        except OSError as exc:
            raise CommandError(_pesan_buka(berkas, path, exc)) from None
        if pemda:
            if opd:
                raise CommandError("Pilih salah satu: --opd (satu perangkat daerah) atau --pemda (LRA kabupaten).")
            return self._kabupaten(path, isi, pemda, tahun, bulan, dry_run)
        try:
            dokumen = baca_lra(io.BytesIO(isi), nama_file=path.name)
        except LraError as exc:
            raise CommandError(str(exc)) from None
        kode = opd or dokumen.opd_kode
        if not kode:
            raise CommandError("Judul berkas tidak memuat ORGANISASI; sebutkan perangkat daerah dengan --opd KODE.")
        try:
            pd = PerangkatDaerah.objects.get(kode=kode)
        except PerangkatDaerah.DoesNotExist:
            raise CommandError(f"Perangkat daerah dengan kode {kode} tidak ada di basis data.") from None

        p = lra_pratinjau(opd=pd, dokumen=dokumen, isi=isi, nama_file=path.name, tahun=tahun, bulan=bulan)
        if dry_run:
            self._cetak_pratinjau(p)
            if p.galat:
                raise CommandError(" ".join(p.galat))
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
            return
        try:
            imp = lra_import(opd=pd, dokumen=dokumen, isi=isi, nama_file=path.name, tahun=tahun, bulan=bulan)
        except LraImportError as exc:
            raise CommandError(str(exc)) from None
        sama = " (berkas sama sudah diimpor; tidak ada yang berubah)" if p.sudah_diimpor else ""
        self.stdout.write(
            f"LRA {pd.nama} {p.nama_bulan} {p.tahun}: {p.jumlah_rekening} baris rekening, {len(p.pemetaan)} sub kegiatan, "
            f"realisasi s/d {fmt.rupiah(p.total_sd)} dari {fmt.rupiah(p.total_setelah)}, "
            f"{len(p.peringatan)} peringatan, impor #{imp.pk}{sama}."
        )

    def _cetak_pratinjau(self, p):
        w = self.stdout.write
        w(f"Berkas {p.nama_file} (SHA-256 {p.sha256[:12]}…), sheet {p.dokumen.sheet}")
        w(f"Organisasi di judul: {p.dokumen.opd_kode or '-'} {p.dokumen.opd_nama or ''}; diimpor untuk {p.opd.kode} {p.opd.nama}")
        w(f"Tahun {p.tahun or '-'}, bulan {p.nama_bulan}; {p.jumlah_baris} baris berkode dibaca")
        for j in p.per_program:
            w(f"  Program {j.kode} {j.nama}: anggaran {fmt.rupiah(j.anggaran_setelah)}, realisasi s/d {fmt.rupiah(j.realisasi_sd)}")
        for t in p.tidak_dikenal:
            w(f"  Kode tidak dikenal: {t['nasional']} (baris {t['baris']})")
        for c in p.perubahan:
            lama = "(baru)" if c["lama"] is None else fmt.rupiah(c["lama"])
            baru = "(dihapus)" if c["baru"] is None else fmt.rupiah(c["baru"])
            w(f"  Berubah {c['sub']} {c['rekening']}: {lama} → {baru}")
        for pesan in p.peringatan:
            w(f"  Peringatan: {pesan}")

    def _kabupaten(self, path, isi, kode_pemda, tahun, bulan, dry_run):
        try:
            pemda = Pemda.objects.get(kode=kode_pemda)
        except Pemda.DoesNotExist:
            raise CommandError(f"Pemda dengan kode {kode_pemda} tidak ada di basis data.") from None
        try:
            dokumen = baca_lra_semua(io.BytesIO(isi), nama_file=path.name)
        except LraError as exc:
            raise CommandError(str(exc)) from None
        p = lra_pratinjau_kabupaten(pemda=pemda, dokumen=dokumen, isi=isi, nama_file=path.name, tahun=tahun, bulan=bulan)
        if dry_run or p.galat_semua:
            for b in p.bagian:
                self.stdout.write(
                    f"  {b.opd.kode} {b.opd.nama}: sheet {b.dokumen.sheet} baris {b.baris_dari}–{b.baris_sampai}, "
                    f"{b.jumlah_rekening} baris rekening, realisasi s/d {fmt.rupiah(b.total_sd)} dari {fmt.rupiah(b.total_setelah)}"
                )
            if p.galat_semua:
                raise CommandError(" ".join(p.galat_semua))
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
            return
        try:
            hasil = lra_import_kabupaten(pemda=pemda, dokumen=dokumen, isi=isi, nama_file=path.name, tahun=tahun, bulan=bulan)
        except LraImportError as exc:
            raise CommandError(str(exc)) from None
        for b, imp in zip(p.bagian, hasil):
            self.stdout.write(
                f"LRA {b.opd.nama} {b.nama_bulan} {b.tahun}: {b.jumlah_rekening} baris rekening, "
                f"realisasi s/d {fmt.rupiah(b.total_sd)} dari {fmt.rupiah(b.total_setelah)}, impor #{imp.pk}"
                f"{' (tidak berubah)' if b.sudah_diimpor else ''}."
            )
        self.stdout.write(
            f"LRA kabupaten {pemda.nama} {p.nama_bulan} {p.tahun}: {len(hasil)} perangkat daerah, "
            f"realisasi s/d {fmt.rupiah(p.total_sd)} dari {fmt.rupiah(p.total_setelah)}."
        )
