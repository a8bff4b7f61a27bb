from django.urls import path

from lkj.rekap import views

app_name = "rekap"
_p = "<str:kode>/<tahun:tahun>/<triwulan:triwulan>/"

urlpatterns = [
    path("", views.indeks, name="indeks"),
    path(_p, views.rekap, name="rekap"),
    path(_p + "rekap.pdf", views.rekap_pdf, name="pdf"),
    path(_p + "rekap.xlsx", views.rekap_xlsx, name="xlsx"),
    path(_p + "predikat.svg", views.grafik_predikat, name="grafik_predikat"),
    path(_p + "capaian.svg", views.grafik_capaian, name="grafik_capaian"),
    path(_p + "cetak/", views.cetak_mulai, name="cetak_mulai"),
    path(_p + "cetak/kemajuan/", views.cetak_kemajuan, name="cetak_kemajuan"),
    path(_p + "cetak/ulang/", views.cetak_ulang, name="cetak_ulang"),
    path(_p + "cetak/dokumen.zip", views.cetak_zip, name="cetak_zip"),
    path(_p + "cetak/<str:opd>/dokumen.zip", views.cetak_zip, name="cetak_zip_opd"),
]
