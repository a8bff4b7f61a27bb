from django.contrib import admin

from .models import PengaturanPengukuran, PredikatPita


@admin.register(PredikatPita)
class PredikatPitaAdmin(admin.ModelAdmin):
    list_display = ["pemda", "batas_bawah", "predikat"]
    list_filter = ["pemda"]


@admin.register(PengaturanPengukuran)
class PengaturanPengukuranAdmin(admin.ModelAdmin):
    list_display = ["pemda", "tingkat_rata_rata"]


from .models import Dokumentasi, Narasi  # noqa: E402


class DokumentasiInline(admin.TabularInline):
    model = Dokumentasi
    extra = 0


@admin.register(Narasi)
class NarasiAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tahun", "triwulan"]
    list_filter = ["opd", "tahun", "triwulan"]
    inlines = [DokumentasiInline]
