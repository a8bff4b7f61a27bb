from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PerjanjianKinerja, PKAnggaran, PKBaris, PKVersi


class PKVersiInline(admin.TabularInline):
    model = PKVersi
    extra = 0
    fields = ["jenis", "tanggal", "pihak_pertama", "pihak_kedua"]
    show_change_link = True


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(admin.ModelAdmin):
    list_display = ["jabatan", "tahun"]
    list_select_related = ["jabatan"]
    list_filter = ["tahun", "jabatan__opd"]
    inlines = [PKVersiInline]


class PKBarisInline(admin.TabularInline):
    model = PKBaris
    extra = 0
    raw_id_fields = ["indikator"]


class PKAnggaranInline(admin.TabularInline):
    model = PKAnggaran
    extra = 0
    raw_id_fields = ["program", "kegiatan", "sub_kegiatan"]


@admin.register(PKVersi)
class PKVersiAdmin(SimpleHistoryAdmin):
    list_display = ["perjanjian", "jenis", "tanggal", "pihak_pertama", "pihak_kedua"]
    list_select_related = ["perjanjian__jabatan", "pihak_pertama", "pihak_kedua"]
    list_filter = ["jenis", "perjanjian__tahun"]
    inlines = [PKBarisInline, PKAnggaranInline]
