from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisasi.impor_ekspor import AdminDataInduk

from .data_induk import NomenklaturResource
from .models import (
    Aktivitas,
    AktivitasRealisasi,
    BuktiDukung,
    Indikator,
    Kegiatan,
    NilaiRenstra,
    Nomenklatur,
    Program,
    Realisasi,
    Sasaran,
    SubKegiatan,
    Target,
    Tujuan,
)


@admin.register(Tujuan)
class TujuanAdmin(admin.ModelAdmin):
    list_display = ["kode", "uraian", "periode", "opd"]
    list_filter = ["opd", "periode"]


@admin.register(Sasaran)
class SasaranAdmin(admin.ModelAdmin):
    list_display = ["kode", "uraian", "tujuan"]
    list_select_related = ["tujuan"]


class KegiatanInline(admin.TabularInline):
    model = Kegiatan
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "tahun", "sasaran_strategis", "opd"]
    list_select_related = ["sasaran_strategis", "opd"]
    list_filter = ["opd", "tahun"]
    inlines = [KegiatanInline]


class SubKegiatanInline(admin.TabularInline):
    model = SubKegiatan
    extra = 0


@admin.register(Kegiatan)
class KegiatanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program"]
    list_select_related = ["program__opd"]
    list_filter = ["program__opd", "program__tahun"]
    inlines = [SubKegiatanInline]


@admin.register(SubKegiatan)
class SubKegiatanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kegiatan"]
    list_select_related = ["kegiatan__program__opd"]
    search_fields = ["nama", "kode"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["uraian", "satuan", "jenis", "polaritas", "sumber_realisasi"]
    list_filter = ["opd", "jenis", "sumber_realisasi"]
    search_fields = ["uraian", "kode"]
    raw_id_fields = ["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"]
    inlines = [TargetInline]


class BuktiInline(admin.TabularInline):
    """Evidence is uploaded on the entry page, where its content is checked; admin only shows it."""

    model = BuktiDukung
    extra = 0
    fk_name = "realisasi"
    fields = ["berkas", "nama_asli", "jenis_isi", "ukuran", "keterangan", "diunggah_oleh", "diunggah_pada"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Realisasi)
class RealisasiAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "tahun", "triwulan", "nilai", "pembilang", "penyebut"]
    list_select_related = ["indikator"]
    list_filter = ["tahun", "triwulan"]
    raw_id_fields = ["indikator"]
    inlines = [BuktiInline]


class AktivitasRealisasiInline(admin.TabularInline):
    model = AktivitasRealisasi
    extra = 0


@admin.register(Aktivitas)
class AktivitasAdmin(admin.ModelAdmin):
    list_display = ["uraian", "kelompok", "rencana", "kegiatan", "tahun"]
    list_select_related = ["kegiatan__program"]
    list_filter = ["tahun"]
    inlines = [AktivitasRealisasiInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "tahun", "triwulan", "nilai"]
    list_select_related = ["indikator"]
    list_filter = ["tahun"]
    raw_id_fields = ["indikator"]


@admin.register(NilaiRenstra)
class NilaiRenstraAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "periode", "tahun", "kinerja", "anggaran"]
    list_select_related = ["indikator"]
    list_filter = ["periode", "tahun"]
    raw_id_fields = ["indikator"]


@admin.register(Nomenklatur)
class NomenklaturAdmin(AdminDataInduk, admin.ModelAdmin):
    """The national list every OPD's planning workbook is checked against: the pemda's administrator changes it."""

    resource_classes = [NomenklaturResource]
    hanya_superuser = True
    list_display = ["kode", "nama", "tingkat", "tahun"]
    list_filter = ["tahun", "tingkat"]
    search_fields = ["kode", "nama"]
    readonly_fields = ["tingkat"]
