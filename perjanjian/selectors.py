"""Reads of the agreements layer that the report layer needs."""

from __future__ import annotations

from perjanjian.models import PKVersi


def versi_berlaku(jabatan_ids, tahun, akhir) -> dict[int, PKVersi]:
    """The PK version in force on ``akhir`` per jabatan: the latest dated on or before it (decisions §5)."""
    versi = {}
    for v in (
        PKVersi.objects.filter(perjanjian__jabatan_id__in=jabatan_ids, perjanjian__tahun=tahun, tanggal__lte=akhir)
        .select_related("perjanjian", "pihak_pertama")
        .order_by("perjanjian_id", "tanggal")
    ):
        versi[v.perjanjian.jabatan_id] = v
    return versi
