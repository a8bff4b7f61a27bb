"""``manage.py bersihkan``: the daily cleanup — abandoned upload drafts and expired sessions."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from organisasi import draf


class Command(BaseCommand):
    help = (
        "Menghapus draf unggahan (LRA, workbook perencanaan) yang ditinggalkan lebih lama dari LKJ_DRAF_UMUR_JAM "
        "dan sesi login yang kedaluwarsa. Jalankan harian."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jam", type=float, default=None, help="Hapus draf yang lebih tua dari sekian jam (bawaan: LKJ_DRAF_UMUR_JAM, 24)."
        )

    def handle(self, *args, jam=None, **options):
        if jam is not None and jam < 0:
            raise CommandError("--jam tidak boleh negatif.")
        n = sum(d.bersihkan(umur_detik=None if jam is None else jam * 3600) for d in draf.SEMUA)
        call_command("clearsessions")
        self.stdout.write(f"{n} draf unggahan lama dihapus; sesi kedaluwarsa dibersihkan.")
