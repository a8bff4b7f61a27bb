import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lkj.dokumen import services
from lkj.dokumen.models import DokumenRender
from lkj.konverter import tahun_arg, triwulan_arg
from organisasi.models import Jabatan, PerangkatDaerah


class Command(BaseCommand):
    help = (
        "Membuat dokumen laporan (LKj OPD, LKj Individu, Formulir E.81, PK, ringkasan LRA) sebagai PDF/XLSX. "
        "Tanpa --jenis: LKj OPD, atau LKj Individu bila --jabatan diisi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="Kode SIPD perangkat daerah, mis. 7.01.0.00.0.00.21.0000")
        parser.add_argument("--tahun", required=True, type=tahun_arg)
        parser.add_argument("--triwulan", required=True, type=triwulan_arg)
        parser.add_argument("--jabatan", help="ID atau kode jabatan (LKj Individu / PK)")
        parser.add_argument("--jenis", choices=DokumenRender.Jenis.values)
        parser.add_argument("--format", default="pdf", choices=DokumenRender.Format.values)
        parser.add_argument("--tanggal", help="Tanggal dokumen YYYY-MM-DD (baku: hari kerja pertama setelah triwulan)")
        parser.add_argument("--output", required=True, help="Berkas keluaran")

    def handle(self, *args, opd, tahun, triwulan, jabatan, jenis, format, tanggal, output, **options):
        obj = PerangkatDaerah.objects.filter(kode=opd).first()
        if obj is None:
            raise CommandError(f"Perangkat daerah dengan kode {opd} tidak ditemukan.")
        jab = None
        if jabatan:
            q = Jabatan.objects.filter(opd=obj)
            jab = (q.filter(pk=int(jabatan)) if jabatan.isascii() and jabatan.isdigit() else q.filter(kode=jabatan)).first()
            if jab is None:
                raise CommandError(f"Jabatan {jabatan} tidak ditemukan di {obj.nama}.")
        jenis = jenis or (DokumenRender.Jenis.INDIVIDU if jab else DokumenRender.Jenis.LKJ_OPD)
        tgl = None
        if tanggal:
            try:
                tgl = datetime.date.fromisoformat(tanggal)
            except ValueError:
                raise CommandError(f"--tanggal {tanggal!r} bukan tanggal YYYY-MM-DD.")
        tulis_dokumen(self, jenis=jenis, opd=obj, tahun=tahun, triwulan=triwulan, format=format, jabatan=jab, tanggal=tgl, output=output)


def tulis_berkas(output, isi: bytes) -> None:
    """Write the output file, or say in Indonesian why it cannot be written (nothing half-written is left)."""
    tujuan = Path(output)
    if not tujuan.parent.is_dir():
        raise CommandError(f"Folder {tujuan.parent} untuk --output tidak ada.")
    if tujuan.is_dir():
        raise CommandError(f"--output {tujuan} adalah folder; sebutkan nama berkas, mis. {tujuan / 'laporan.pdf'}.")
    sementara = tujuan.with_name(tujuan.name + ".sementara")
    try:
        sementara.write_bytes(isi)
        sementara.replace(tujuan)
    except PermissionError:
        sementara.unlink(missing_ok=True)
        raise CommandError(f"Tidak ada izin menulis {tujuan}.") from None
    except OSError as exc:
        sementara.unlink(missing_ok=True)
        raise CommandError(f"Berkas {tujuan} tidak dapat ditulis (kode galat {exc.errno}).") from None


def tulis_dokumen(cmd, *, output, **kwargs):
    """Render synchronously (a command is already off the request path), reusing the cache, and write the file."""
    try:
        r = services.dokumen_siapkan(antrekan=False, **kwargs)
    except services.DokumenTidakTersedia as exc:
        raise CommandError(str(exc))
    if r.status != DokumenRender.Status.SELESAI:
        r = services.dokumen_render(dokumen_id=r.pk)
    if r.status != DokumenRender.Status.SELESAI:
        raise CommandError(f"Dokumen gagal dibuat: {r.pesan}")
    tulis_berkas(output, r.berkas.open("rb").read())
    cmd.stdout.write(f"{output}: {r.ukuran} byte{f', {r.halaman} halaman' if r.halaman else ''}, SHA-256 {r.sha256}")
