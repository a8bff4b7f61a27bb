from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import lkj.konverter  # noqa: F401  (registers the tahun/triwulan converters)
from lkj import masuk, views
from lkj.operasi import views as operasi_views

admin.site.site_header = "Administrasi LKj"
admin.site.site_title = "LKj"
admin.site.index_title = "Data induk dan pengaturan"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("e81/", views.e81, name="e81"),
    path("asal/<str:kode>/<tahun:tahun>/<triwulan:triwulan>/<slug:ref>/<slug:angka>/", views.asal_angka, name="asal_angka"),
    path("masuk/", masuk.Masuk.as_view(), name="login"),
    path("masuk/lupa/", masuk.LupaSandi.as_view(), name="password_reset"),
    path("masuk/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("masuk/atur/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("masuk/atur/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("anggaran/", include("anggaran.urls")),
    path("perencanaan/", include("perencanaan.urls")),
    path("kinerja/", include("lkj.entri.urls")),
    path("dokumen/", include("lkj.dokumen.urls")),
    path("tinjauan/", include("lkj.tinjauan.urls")),
    path("pemberitahuan/", include("lkj.pengingat.urls")),
    path("pemda/", include("lkj.rekap.urls")),
    path("organisasi/", include("organisasi.urls")),
    path("sehat/", operasi_views.sehat, name="sehat"),
    path("admin/", admin.site.urls),
]

handler500 = "lkj.operasi.views.galat_server"
