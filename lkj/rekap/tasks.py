"""Background job of the pemda recap (django-tasks; the worker is ``manage.py pekerja`` / ``db_worker``)."""

from django_tasks import task


@task()
def segarkan_rekap(pemda_id: int, tahun: int, triwulan: int) -> int:
    """Bring every stale per-OPD summary of the pemda's quarter up to date; returns how many were measured."""
    from lkj.rekap.services import rekap_segarkan
    from organisasi.models import Pemda

    return rekap_segarkan(Pemda.objects.get(pk=pemda_id), tahun, triwulan)


# Ahead of the renders it enqueues (default priority 0): every OPD's list of documents is known early, so
# the recap's "n dari N" counts against the whole quarter while the workers render.
@task(priority=10)
def cetak_opd(bagian_id: int) -> int:
    """Request every document of one OPD's quarter for a "cetak seluruh kabupaten"; returns how many."""
    from lkj.rekap.cetak import cetak_opd_siapkan

    return cetak_opd_siapkan(bagian_id)
