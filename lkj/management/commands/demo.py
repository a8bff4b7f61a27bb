from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lkj.demo import DEMO_PASSWORD, demo_logins, demo_muat
from lkj.demo_kabupaten import daftar_opd, kabupaten_muat


class Command(BaseCommand):
    help = "Memuat data demo Kecamatan Kedungjajang 2025 (idempoten); dengan --kabupaten N, N perangkat daerah."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Hanya cetak daftar login demo.")
        parser.add_argument(
            "--kabupaten",
            type=int,
            metavar="N",
            help="Kabupaten sintetis: Kedungjajang ditambah N − 1 perangkat daerah lain yang dibuat dari demo (kode, pegawai, dan angka berbeda).",
        )

    def handle(self, *args, logins=False, kabupaten=None, **options):
        if kabupaten is not None:
            try:
                daftar_opd(kabupaten)
            except ValueError as e:
                raise CommandError(str(e)) from e

            def laporan(i, n, opd):
                self.stdout.write(f"  [{i}/{n}] {opd.kode} {opd}")

            hasil = kabupaten_muat(kabupaten, laporan=laporan)
            self.stdout.write(self.style.SUCCESS(f"Kabupaten sintetis siap: {len(hasil)} perangkat daerah."))
            return
        if not logins:
            hasil = demo_muat()
            self.stdout.write(self.style.SUCCESS(f"Data demo {hasil['opd']} siap ({hasil['lra']})."))
            return
        self.stdout.write("")
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD})")
        for username, nama, jabatan in demo_logins():
            self.stdout.write(f"  {username:<12} {nama} — {jabatan}")
        self.stdout.write("")
        alamat = settings.LKJ_URL_PUBLIK.rstrip("/")  # `make run HOST=…` sets it to the address it serves on
        self.stdout.write(f"Buka {alamat}/ — Formulir E.81: {alamat}/e81/")
