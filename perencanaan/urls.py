from django.urls import path

from perencanaan import views

app_name = "perencanaan"
urlpatterns = [
    path("", views.index, name="index"),
    path("templat.xlsx", views.templat, name="templat"),
    path("ekspor.xlsx", views.ekspor, name="ekspor"),
    path("unggah/", views.unggah, name="unggah"),
    path("pratinjau/<str:sha>/", views.pratinjau, name="pratinjau"),
    path("konfirmasi/<str:sha>/", views.konfirmasi, name="konfirmasi"),
]
