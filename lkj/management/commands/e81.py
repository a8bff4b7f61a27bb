import json

from django.core.management.base import BaseCommand, CommandError

from lkj.asal import e81_json
from lkj.dokumen.models import DokumenRender
from lkj.e81 import laporan_e81
from lkj.konverter import tahun_arg, triwulan_arg
from lkj.management.commands.render_lkj import tulis_dokumen
from lkj.selectors import pengukuran_opd
from lkj.tinjauan.selectors import asal_tertanda, dibekukan
from organisasi.models import PerangkatDaerah


class Command(BaseCommand):
    help = "Mencetak Formulir E.81 satu perangkat daerah untuk satu triwulan (JSON, PDF atau XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="Kode SIPD perangkat daerah, mis. 7.01.0.00.0.00.21.0000")
        parser.add_argument("--tahun", required=True, type=tahun_arg)
        parser.add_argument("--triwulan", required=True, type=triwulan_arg)
        parser.add_argument("--format", default="json", choices=["json", "pdf", "xlsx"], help="Format keluaran.")
        parser.add_argument("--output", help="Berkas keluaran (wajib untuk pdf/xlsx)")
        parser.add_argument(
            "--asal",
            action="store_true",
            help="Sertakan asal setiap angka (rumus, operand dan catatan sumbernya; skema docs/asal.schema.json). Hanya untuk JSON.",
        )

    def handle(self, *args, opd, tahun, triwulan, format, output, asal=False, **options):
        try:
            obj = PerangkatDaerah.objects.get(kode=opd)
        except PerangkatDaerah.DoesNotExist:
            raise CommandError(f"Perangkat daerah dengan kode {opd} tidak ditemukan.")
        if asal and format != "json":
            raise CommandError("--asal hanya untuk --format json; lampiran Asal angka pada PDF dipilih di halaman dokumen.")
        if format == "json":
            dok = asal_tertanda(obj, tahun, triwulan) if asal else None
            if dok is not None:  # signed: the explanation stored with the signature, not a recomputation
                data = {**dok.asal, "dibekukan": dibekukan(dok)}
            else:
                laporan = laporan_e81(pengukuran_opd(obj, tahun, triwulan))
                data = e81_json(laporan, tahun, triwulan) if asal else laporan.as_json()
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not output:
            raise CommandError("--output wajib diisi untuk format pdf/xlsx.")

        tulis_dokumen(
            self,
            jenis=DokumenRender.Jenis.E81,
            opd=obj,
            tahun=tahun,
            triwulan=triwulan,
            format=format,
            jabatan=None,
            tanggal=None,
            output=output,
        )
