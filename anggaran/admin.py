from django.contrib import admin

from organisasi.impor_ekspor import AdminDataInduk

from .data_induk import KodeRekeningResource
from .models import KodeRekening, LraImport, RealisasiAnggaran


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


@admin.register(KodeRekening)
class KodeRekeningAdmin(AdminDataInduk, admin.ModelAdmin):
    """The list every OPD's LRA is checked against: the pemda's administrator changes it."""

    resource_classes = [KodeRekeningResource]
    hanya_superuser = True
    list_display = ["kode", "nama", "tahun"]
    list_filter = ["tahun"]
    search_fields = ["kode", "nama"]
