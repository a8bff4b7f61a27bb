from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .data_induk import JabatanResource, PegawaiResource
from .impor_ekspor import AdminDataInduk
from .models import Jabatan, Pegawai, Pemda, Penugasan, PerangkatDaerah, Unit


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "hari_batas_laporan"]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "pemda"]
    list_select_related = ["pemda"]
    list_filter = ["jenis", "pemda"]
    search_fields = ["kode", "nama"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["nama", "opd", "induk"]
    list_select_related = ["opd", "induk"]
    list_filter = ["opd"]


class PenugasanInline(admin.TabularInline):
    model = Penugasan
    extra = 0
    autocomplete_fields = ["pegawai"]


@admin.register(Jabatan)
class JabatanAdmin(AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [JabatanResource]
    list_display = ["nama", "jenis", "unit", "atasan", "opd"]
    list_select_related = ["unit", "atasan", "opd"]
    list_filter = ["opd", "jenis"]
    search_fields = ["nama", "kode"]
    inlines = [PenugasanInline]


@admin.register(Pegawai)
class PegawaiAdmin(AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [PegawaiResource]
    list_display = ["nama", "nip", "user"]
    list_select_related = ["user"]
    search_fields = ["nama", "nip"]


@admin.register(Penugasan)
class PenugasanAdmin(SimpleHistoryAdmin):
    list_display = ["jabatan", "pegawai", "plt", "mulai", "selesai"]
    list_select_related = ["jabatan", "pegawai"]
    list_filter = ["plt"]
