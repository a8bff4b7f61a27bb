from django.urls import path

from lkj.pengingat import views

app_name = "pengingat"

urlpatterns = [
    path("", views.preferensi, name="preferensi"),
    path("dibaca/", views.dibaca, name="dibaca"),
]
