"""The daily deadline check, run by cron or a systemd timer (see README)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lkj.pengingat.tasks import periksa_tenggat


class Command(BaseCommand):
    help = (
        "Kirim pengingat tenggat laporan (7 hari dan 1 hari sebelum batas penyampaian) kepada yang tindakannya "
        "ditunggu. Jalankan sekali sehari; menjalankan ulang tidak mengirim surel dua kali."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="tanggal pemeriksaan (TTTT-BB-HH); bawaan: hari ini")
        parser.add_argument(
            "--langsung", action="store_true", help="kerjakan di proses ini, bukan diantrekan untuk pekerja latar belakang (db_worker)"
        )

    def handle(self, *args, tanggal=None, langsung=False, **opts):
        try:
            hari = datetime.date.fromisoformat(tanggal) if tanggal else timezone.localdate()
        except ValueError:
            raise CommandError(f"Tanggal {tanggal!r} tidak dikenal; tulis seperti 2025-10-08.") from None

        if langsung:
            n = periksa_tenggat.call(hari.isoformat())
            self.stdout.write(f"Pengingat tenggat {hari:%d-%m-%Y}: {n} pemberitahuan baru.")
        else:
            hasil = periksa_tenggat.enqueue(hari.isoformat())
            self.stdout.write(f"Pemeriksaan tenggat {hari:%d-%m-%Y} diantrekan untuk pekerja latar belakang ({hasil.id}).")
