"""Background job: documents render off the request path (django-tasks)."""

from django_tasks import task


@task()
def render_dokumen(dokumen_id: int) -> str:
    from lkj.dokumen.services import dokumen_render

    return dokumen_render(dokumen_id=dokumen_id).status
