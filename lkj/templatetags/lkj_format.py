"""Template filters over ``dasar.format``: the same Indonesian formatting as documents."""

from django import template
from django.utils.html import format_html

from dasar import format as fmt
from lkj.asal import NAMA_ANGKA

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


@register.filter
def sisa_hari(n):
    """Days to a deadline in words: ``7 hari lagi``, ``besok``, ``hari ini``, ``lewat 3 hari``."""
    if n is None:
        return fmt.KOSONG
    if n > 1:
        return f"{fmt.angka(n)} hari lagi"
    if n == 1:
        return "besok"
    if n == 0:
        return "hari ini"
    return f"lewat {fmt.angka(-n)} hari"


@register.filter
def angka(nilai):
    """A count the Indonesian way: ``1.234``."""
    return fmt.angka(nilai)


@register.simple_tag(takes_context=True)
def asal_tombol(context, ref, nama_baris, angka, teks, dasar=None):
    """A computed figure as the button that opens its explanation (``lkj/_asal_dialog.html``); its name starts
    with "Asal angka …" and ends with the figure as shown, so the visible text is part of it."""
    teks = str(teks).strip()
    label = f"Asal angka {NAMA_ANGKA[angka]} {nama_baris}: {teks}"
    return format_html(
        '<button type="button" class="asal" hx-get="{}{}/{}/" hx-target="#asal-isi" aria-label="{}">{}</button>',
        context.get("asal_url", "") if dasar is None else dasar,
        ref,
        angka,
        label,
        teks,
    )
