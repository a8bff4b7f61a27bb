from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from lkj import views

admin.site.site_header = "Administrasi LKj"
admin.site.site_title = "LKj"
admin.site.index_title = "Data induk dan pengaturan"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("e81/", views.e81, name="e81"),
    path("masuk/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
