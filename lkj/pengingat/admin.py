from django.contrib import admin

from lkj.pengingat.models import Pemberitahuan, Preferensi


@admin.register(Pemberitahuan)
class PemberitahuanAdmin(admin.ModelAdmin):
    list_display = ("dibuat_pada", "user", "jenis", "judul", "surel_dikirim_pada", "surel_gagal")
    list_filter = ("jenis",)
    search_fields = ("judul", "user__username")
    readonly_fields = [f.name for f in Pemberitahuan._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Preferensi)
class PreferensiAdmin(admin.ModelAdmin):
    list_display = ("user", "surel")
