from django.urls import path

from lkj.dokumen import views

app_name = "dokumen"
urlpatterns = [
    path("", views.index, name="index"),
    path("minta/", views.minta, name="minta"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/unduh/", views.unduh, name="unduh"),
]
