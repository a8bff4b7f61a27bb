from django.contrib import admin

from .models import LraImport, RealisasiAnggaran


@admin.register(LraImport)
class LraImportAdmin(admin.ModelAdmin):
    list_display = ["opd", "tahun", "bulan", "nama_file", "aktif", "diunggah_pada", "diunggah_oleh"]
    list_filter = ["opd", "tahun", "bulan", "aktif"]
    readonly_fields = ["sha256", "diunggah_pada", "ringkasan"]


@admin.register(RealisasiAnggaran)
class RealisasiAnggaranAdmin(admin.ModelAdmin):
    list_display = ["sub_kegiatan", "kode_rekening", "uraian", "anggaran_setelah", "realisasi_sd", "lra_import"]
    list_select_related = ["sub_kegiatan__kegiatan__program__opd", "lra_import__opd"]
    list_filter = ["lra_import__tahun", "lra_import__bulan"]
