from django.core.management.base import BaseCommand

from lkj.demo import DEMO_PASSWORD, demo_logins, demo_muat


class Command(BaseCommand):
    help = "Memuat data demo Kecamatan Kedungjajang 2025 (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Hanya cetak daftar login demo.")

    def handle(self, *args, logins=False, **options):
        if not logins:
            hasil = demo_muat()
            self.stdout.write(self.style.SUCCESS(f"Data demo {hasil['opd']} siap ({hasil['lra']})."))
            return
        self.stdout.write("")
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD})")
        for username, nama, jabatan in demo_logins():
            self.stdout.write(f"  {username:<12} {nama} — {jabatan}")
        self.stdout.write("")
        self.stdout.write("Buka http://127.0.0.1:8000/ — Formulir E.81: http://127.0.0.1:8000/e81/")
