from django_tasks import task

from aduan.documents.exports import build_export, purge_register_exports


@task()
def build_register_pdf(export_id: int) -> int:
    """Write a long register book PDF for the officer who asked; return its rows."""
    return build_export(export_id).rows


@task()
def purge_register_exports_task() -> int:
    """Delete register PDFs kept longer than the retention period."""
    return purge_register_exports()
