from django.apps import AppConfig


class PengingatConfig(AppConfig):
    name = "lkj.pengingat"
    label = "pengingat"
    verbose_name = "Pengingat dan pemberitahuan"
    default_auto_field = "django.db.models.BigAutoField"
