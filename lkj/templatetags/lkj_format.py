"""Template filters over ``dasar.format``: the same Indonesian formatting as documents."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dasar import format as fmt
from lkj.asal import NAMA_ANGKA

register = template.Library()


@register.filter
def kode_bertitik(kode):
    """A code such as 7.01.0.00.0.00.21.0000, escaped, that a narrow column breaks only after a dot."""
    return mark_safe(escape(kode).replace(".", ".<wbr>"))


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


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def tombol(dasar: str, ref: str, nama_baris: str, angka: str, teks) -> str:
    """A computed figure as the button that opens its explanation (``lkj/_asal_dialog.html``). Its name starts
    with "Asal angka …" and ends with the figure as shown, so the visible text is part of it. Written
    with one f-string: a page has hundreds of them (the E.81 about 800)."""
    teks = str(teks).strip().translate(_HTML)
    return (
        f'<button type="button" class="asal" hx-get="{dasar.translate(_HTML)}{ref.translate(_HTML)}/{angka}/" hx-target="#asal-isi" '
        f'aria-label="Asal angka {NAMA_ANGKA[angka]} {nama_baris.translate(_HTML)}: {teks}">{teks}</button>'
    )


@register.simple_tag(takes_context=True)
def asal_tombol(context, ref, nama_baris, angka, teks, dasar=None):
    """``tombol`` in a template; the base URL from the context's ``asal_url`` unless given."""
    return mark_safe(tombol(context.get("asal_url", "") if dasar is None else dasar, str(ref), str(nama_baris), angka, teks))


@register.filter
def tombol_e81(baris, dasar):
    """Every figure of an E.81 row as its button, formatted as the page prints it: one call per row."""
    ref, nb = baris.ref, baris.nama_baris
    teks = {
        "target_rp": fmt.rupiah(baris.target_rp),
        "realisasi_rp": fmt.rupiah(baris.realisasi_rp),
        "capaian_rp": fmt.persen(baris.capaian_rp),
        "efisiensi": fmt.persen(baris.efisiensi, tanda=False),
    }
    if baris.indikator:
        teks.update(
            target_k=fmt.nilai_kinerja(baris.target_k),
            realisasi_k=fmt.nilai_kinerja(baris.realisasi_k),
            capaian_k=fmt.persen(baris.capaian_k),
            predikat=baris.predikat or "-",
        )
    return {k: mark_safe(tombol(dasar, ref, nb, k, v)) for k, v in teks.items()}
