from django.apps import AppConfig


class OrganisasiConfig(AppConfig):
    name = "organisasi"
    verbose_name = "Organisasi"

    def ready(self):
        from organisasi import kunci, versi_data

        kunci.sambungkan()  # the quarterly lock (and the data stamp) on every row a quarter's figures come from
        versi_data.sambungkan()  # the data stamp of printed rows outside the lock (master data, the review's records)
