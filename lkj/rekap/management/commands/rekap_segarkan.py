"""Warm the pemda recap: measure every OPD whose summary of the quarter is stale, off the request path."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from dasar import format as fmt
from lkj.konverter import tahun_arg, triwulan_arg
from lkj.rekap.tasks import segarkan_rekap
from organisasi.models import Pemda, PerangkatDaerah
from renja.periode import periode_baku


class Command(BaseCommand):
    help = (
        "Perbarui ringkasan rekap perangkat daerah se-pemda yang angkanya sudah berubah, agar halaman rekap "
        "tidak perlu menghitungnya saat dibuka. Jalankan misalnya tiap malam atau setelah impor besar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=tahun_arg, help="tahun; bawaan: triwulan yang dibuka halaman-halaman hari ini")
        parser.add_argument("--triwulan", type=triwulan_arg, help="triwulan 1–4 (bersama --tahun)")
        parser.add_argument(
            "--langsung", action="store_true", help="kerjakan di proses ini, bukan diantrekan untuk pekerja latar belakang (db_worker)"
        )

    def handle(self, *args, tahun=None, triwulan=None, langsung=False, **opts):
        for pemda in Pemda.objects.order_by("kode"):
            if tahun and triwulan:
                t, tw = tahun, triwulan
            else:
                t, tw = periode_baku(PerangkatDaerah.objects.filter(pemda=pemda).select_related("pemda"), timezone.localdate())
            if langsung:
                n = segarkan_rekap.call(pemda.pk, t, tw)
                self.stdout.write(f"{pemda.nama} {fmt.triwulan(tw)} {t}: {n} ringkasan perangkat daerah diperbarui.")
            else:
                hasil = segarkan_rekap.enqueue(pemda.pk, t, tw)
                self.stdout.write(f"{pemda.nama} {fmt.triwulan(tw)} {t}: pembaruan rekap diantrekan ({hasil.id}).")
