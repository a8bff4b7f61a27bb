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
]
