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
]
