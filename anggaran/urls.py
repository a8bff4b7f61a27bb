from django.urls import path

from anggaran import views

app_name = "anggaran"
urlpatterns = [
    path("lra/", views.index, name="index"),
    path("lra/unggah/", views.unggah, name="unggah"),
    path("lra/pratinjau/<str:sha>/", views.pratinjau, name="pratinjau"),
    path("lra/konfirmasi/<str:sha>/", views.konfirmasi, name="konfirmasi"),
    path("lra/impor/<int:pk>/pulihkan/", views.pulihkan, name="pulihkan"),
    path("lra/impor/<int:pk>/berkas/", views.berkas, name="berkas"),
    path("lra/kabupaten/", views.kabupaten, name="kabupaten"),
    path("lra/kabupaten/unggah/", views.kabupaten_unggah, name="kabupaten_unggah"),
    path("lra/kabupaten/pratinjau/<str:sha>/", views.kabupaten_pratinjau, name="kabupaten_pratinjau"),
    path("lra/kabupaten/konfirmasi/<str:sha>/", views.kabupaten_konfirmasi, name="kabupaten_konfirmasi"),
]
