from django.contrib import admin

from .models import PengaturanPengukuran, PredikatPita


@admin.register(PredikatPita)
class PredikatPitaAdmin(admin.ModelAdmin):
    list_display = ["pemda", "batas_bawah", "predikat"]
    list_filter = ["pemda"]


@admin.register(PengaturanPengukuran)
class PengaturanPengukuranAdmin(admin.ModelAdmin):
    list_display = ["pemda", "tingkat_rata_rata"]
