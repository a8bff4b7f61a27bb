from django.urls import path

import lkj.konverter  # noqa: F401  (registers the tahun/triwulan converters)
from lkj.entri import views

app_name = "entri"

_j = "jabatan/<int:jabatan_id>/<tahun:tahun>/<triwulan:triwulan>/"
_i = _j + "indikator/<int:indikator_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("operator/", views.operator, name="operator"),
    path(_j, views.jabatan, name="jabatan"),
    path(_i, views.baris_simpan, name="baris_simpan"),
    path(_i + "bukti/", views.bukti_unggah, name="bukti_unggah"),
    path(_i + "bukti/<int:bukti_id>/", views.bukti_unduh, name="bukti_unduh"),
    path(_i + "bukti/<int:bukti_id>/hapus/", views.bukti_hapus, name="bukti_hapus"),
    path(_i + "riwayat/", views.riwayat, name="riwayat"),
    path(_j + "narasi/", views.narasi, name="narasi"),
    path(_j + "narasi/foto/<int:dokumentasi_id>/", views.dokumentasi_foto, name="dokumentasi_foto"),
    path(_j + "narasi/foto/<int:dokumentasi_id>/hapus/", views.dokumentasi_hapus, name="dokumentasi_hapus"),
]
