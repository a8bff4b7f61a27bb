from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LraImport, Pagu, RealisasiAnggaran, TahunAnggaran


@admin.register(TahunAnggaran)
class TahunAnggaranAdmin(admin.ModelAdmin):
    list_display = ["opd", "tahun", "perubahan_berlaku"]


@admin.register(Pagu)
class PaguAdmin(SimpleHistoryAdmin):
    list_display = ["sub_kegiatan", "kode_rekening", "uraian", "sebelum_perubahan", "setelah_perubahan"]
    list_select_related = ["sub_kegiatan__kegiatan__program__opd"]
    list_filter = ["tahun"]
    search_fields = ["kode_rekening", "uraian"]


@admin.register(LraImport)
class LraImportAdmin(admin.ModelAdmin):
    list_display = ["opd", "tahun", "bulan", "nama_file", "aktif", "diunggah_pada", "diunggah_oleh"]
    list_filter = ["opd", "tahun", "bulan", "aktif"]
    readonly_fields = ["sha256", "diunggah_pada", "ringkasan"]


@admin.register(RealisasiAnggaran)
class RealisasiAnggaranAdmin(admin.ModelAdmin):
    list_display = ["sub_kegiatan", "kode_rekening", "uraian", "realisasi_sd", "lra_import"]
    list_select_related = ["sub_kegiatan__kegiatan__program__opd", "lra_import__opd"]
    list_filter = ["lra_import__tahun", "lra_import__bulan"]
