from django.urls import path

import lkj.konverter  # noqa: F401  (registers the tahun/triwulan converters)
from lkj.tinjauan import views

app_name = "tinjauan"

_p = "<str:kode>/<tahun:tahun>/<triwulan:triwulan>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.saya, name="saya"),
    path("ikhtisar/" + _p, views.ikhtisar, name="ikhtisar"),
    path("ikhtisar/" + _p + "grafik.svg", views.grafik, name="grafik"),
    path("audit/<str:kode>/", views.audit, name="audit"),
    path("laporan/" + _p, views.laporan, name="laporan_opd"),
    path("laporan/" + _p + "<int:jabatan_id>/", views.laporan, name="laporan"),
    path("laporan/" + _p + "tandatangani/", views.tandatangani_opd, name="tandatangani_opd"),
    path("laporan/" + _p + "aksi/<str:aksi>/", views.aksi, name="aksi_opd"),
    path("laporan/" + _p + "<int:jabatan_id>/aksi/<str:aksi>/", views.aksi, name="aksi"),
    path("laporan/" + _p + "pratinjau/", views.pratinjau, name="pratinjau_opd"),
    path("laporan/" + _p + "<int:jabatan_id>/pratinjau/", views.pratinjau, name="pratinjau"),
    path("unduh/<int:dok_id>/", views.unduh, name="unduh"),
    path("evaluasi/", views.evaluasi_index, name="evaluasi_index"),
    path("evaluasi/<str:kode>/<tahun:tahun>/<triwulan:triwulan>/", views.evaluasi_daftar, name="evaluasi"),
    path("evaluasi/e81/<int:dok_id>/", views.evaluasi_e81, name="evaluasi_e81"),
    path("evaluasi/e81/<int:dok_id>/<str:aksi>/", views.evaluasi_aksi, name="evaluasi_aksi"),
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("verifikasi/<str:kode>/", views.verifikasi_kode, name="verifikasi_kode"),
]
