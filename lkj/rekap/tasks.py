"""Background job of the pemda recap (django-tasks; the worker is ``manage.py pekerja`` / ``db_worker``)."""

from django_tasks import task


@task()
def segarkan_rekap(pemda_id: int, tahun: int, triwulan: int) -> int:
    """Bring every stale per-OPD summary of the pemda's quarter up to date; returns how many were measured."""
    from lkj.rekap.services import rekap_segarkan
    from organisasi.models import Pemda

    return rekap_segarkan(Pemda.objects.get(pk=pemda_id), tahun, triwulan)
