"""Template filters over ``dasar.format``: the same Indonesian formatting as documents."""
from django import template

from dasar import format as fmt

register = template.Library()


@register.filter
def rupiah(nilai):
    return fmt.rupiah(nilai)


@register.filter
def persen(nilai):
    return fmt.persen(nilai)


@register.filter
def nilai_kinerja(nilai):
    return fmt.nilai_kinerja(nilai)


@register.filter
def triwulan(tw):
    return fmt.triwulan(tw)


@register.filter
def tanggal(tgl):
    return fmt.tanggal(tgl)


@register.filter
def poin(nilai):
    """Efisiensi in percentage points: ``17,30`` (no % sign)."""
    return fmt.persen(nilai, tanda=False)
