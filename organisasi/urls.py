from django.urls import path

from organisasi import views

app_name = "organisasi"
urlpatterns = [
    path("buku-pemda/", views.buku_pemda, name="buku_pemda"),
    path("buku-pemda/templat/", views.buku_pemda_templat, name="buku_pemda_templat"),
    path("buku-pemda/unggah/", views.buku_pemda_unggah, name="buku_pemda_unggah"),
    path("buku-pemda/pratinjau/<str:sha>/", views.buku_pemda_pratinjau, name="buku_pemda_pratinjau"),
    path("buku-pemda/konfirmasi/<str:sha>/", views.buku_pemda_konfirmasi, name="buku_pemda_konfirmasi"),
]
