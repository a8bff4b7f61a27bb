"""``manage.py cadangkan --output FILE``: one archive of the database and the media folder (see lkj.operasi.cadangan)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lkj.operasi import cadangan


class Command(BaseCommand):
    help = (
        "Membuat satu arsip cadangan (tar): basis data (SQLite: salinan daring; PostgreSQL: pg_dump format custom), "
        "seluruh folder media, dan manifest berisi SHA-256 setiap berkas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Berkas arsip yang dibuat (tidak boleh sudah ada).")
        parser.add_argument(
            "--simpan",
            type=int,
            default=None,
            metavar="N",
            help="Sesudahnya hapus cadangan LKj lama di folder yang sama, sisakan N yang terbaru.",
        )

    def handle(self, *args, output, simpan=None, **options):
        if simpan is not None and simpan < 1:
            raise CommandError("--simpan harus 1 atau lebih.")
        try:
            manifest = cadangan.cadangkan(Path(output))
        except cadangan.GagalCadangan as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for b in manifest["berkas"] if b["nama"].startswith(cadangan.AWALAN_MEDIA))
        ukuran = Path(output).stat().st_size
        self.stdout.write(
            f"Cadangan {output} dibuat: basis data {manifest['mesin_basis_data']}, {media} berkas media, "
            f"{ukuran / 1024 / 1024:.1f} MiB, versi aplikasi {manifest['versi_aplikasi']}."
        )
        if simpan is not None:
            for p in cadangan.buang_lama(Path(output).parent, simpan):
                self.stdout.write(f"Cadangan lama dihapus: {p}")
