"""Reads of the planning layer that cross relations.

``workbook_ekspor`` gives an OPD's year in the shape of the planning workbook
(``perencanaan.workbook.LEMBAR``): natural keys, no database ids. Rows come in a
stable order (codes where there are codes, creation order elsewhere), so an
export, imported into an empty database and exported again, gives the same
cells. A fixed number of queries however many rows there are.
"""

from __future__ import annotations

from django.db.models import Q

from dasar.periode import periode_renstra
from organisasi.models import Jabatan, Pegawai, Penugasan, Unit
from perjanjian.models import PKAnggaran, PKBaris, PKVersi
from renja.models import Aktivitas, Indikator, Kegiatan, NilaiRenstra, Program, Sasaran, SubKegiatan, Target, Tujuan

__all__ = ["workbook_ekspor"]


def _kode_program(p):
    return f"{p.opd.kode_urusan}.{p.kode}"


def _kode_kegiatan(k):
    return f"{_kode_program(k.program)}.{k.kode}"


def _kode_sub(s):
    return f"{_kode_kegiatan(s.kegiatan)}.{s.kode}"


def _mencakup(periode: str, tahun: int) -> bool:
    p = periode_renstra(periode)
    return p is not None and p[0] <= tahun <= p[1]


def workbook_ekspor(opd, tahun: int) -> dict[str, list[dict]]:
    pemda = opd.pemda
    buku = {
        "Pemda & OPD": [
            {
                "pemda_kode": pemda.kode,
                "pemda_nama": pemda.nama,
                "pemda_ibukota": pemda.ibukota,
                "hari_batas_laporan": pemda.hari_batas_laporan,
                "opd_kode": opd.kode,
                "kode_urusan": opd.kode_urusan,
                "opd_nama": opd.nama,
                "nama_pendek": opd.nama_pendek,
                "alamat": opd.alamat,
                "kode_pos": opd.kode_pos,
                "telepon": opd.telepon,
                "email": opd.email,
                "tahun": tahun,
            }
        ],
    }
    buku["Unit"] = [
        {"kode": u.kode, "nama": u.nama, "induk": u.induk.kode if u.induk else ""}
        for u in Unit.objects.filter(opd=opd).select_related("induk").order_by("pk")
    ]

    versi = list(
        PKVersi.objects.filter(perjanjian__jabatan__opd=opd, perjanjian__tahun=tahun)
        .select_related("perjanjian__jabatan", "pihak_pertama", "pihak_kedua", "pihak_kedua_jabatan")
        .order_by("perjanjian__pk", "tanggal")
    )
    # The OPD's own jabatan, plus those outside it that its people answer to (the Bupati).
    milik = list(Jabatan.objects.filter(opd=opd).select_related("unit", "atasan").order_by("pk"))
    luar_pk = {v.pihak_kedua_jabatan_id for v in versi}
    luar = {j.atasan_id for j in milik if j.atasan_id and j.atasan.opd_id != opd.pk} | (luar_pk - {j.pk for j in milik})
    jabatan = sorted(milik + list(Jabatan.objects.filter(pk__in=luar).select_related("unit", "atasan")), key=lambda j: j.pk)
    buku["Jabatan"] = [
        {
            "kode": j.kode,
            "nama": j.nama,
            "jenis": j.jenis,
            "unit": j.unit.kode if j.unit else "",
            "atasan": j.atasan.kode if j.atasan else "",
        }
        for j in jabatan
    ]
    penugasan = list(
        Penugasan.objects.filter(jabatan__in=[j.pk for j in jabatan]).select_related("pegawai", "jabatan").order_by("jabatan__pk", "mulai")
    )
    id_pegawai = {t.pegawai_id for t in penugasan} | {v.pihak_pertama_id for v in versi} | {v.pihak_kedua_id for v in versi}
    buku["Pegawai"] = [
        {"nama": p.nama, "nip": p.nip or "", "akun": p.user.get_username() if p.user else ""}
        for p in Pegawai.objects.filter(pk__in=id_pegawai).select_related("user").order_by("pk")
    ]
    buku["Penugasan"] = [
        {"pegawai": t.pegawai.nama, "jabatan": t.jabatan.kode, "plt": t.plt, "mulai": t.mulai, "selesai": t.selesai} for t in penugasan
    ]

    buku["Tujuan"] = [{"kode": t.kode, "uraian": t.uraian, "periode": t.periode} for t in Tujuan.objects.filter(opd=opd).order_by("pk")]
    program = sorted(Program.objects.filter(opd=opd, tahun=tahun).select_related("opd", "sasaran_strategis"), key=_kode_program)
    melayani = {}
    for p in program:
        if p.sasaran_strategis_id:
            melayani.setdefault(p.sasaran_strategis_id, []).append(_kode_program(p))
    buku["Sasaran"] = [
        {"kode": s.kode, "tujuan": s.tujuan.kode, "uraian": s.uraian, "program": ", ".join(melayani.get(s.pk, []))}
        for s in Sasaran.objects.filter(tujuan__opd=opd).select_related("tujuan").order_by("tujuan__pk", "pk")
    ]
    buku["Program"] = [{"kode": _kode_program(p), "nama": p.nama, "sasaran_uraian": p.sasaran_uraian} for p in program]
    kegiatan = sorted(Kegiatan.objects.filter(program__opd=opd, program__tahun=tahun).select_related("program__opd"), key=_kode_kegiatan)
    buku["Kegiatan"] = [{"kode": _kode_kegiatan(k), "nama": k.nama, "sasaran_uraian": k.sasaran_uraian} for k in kegiatan]
    sub = sorted(
        SubKegiatan.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=tahun).select_related("kegiatan__program__opd"),
        key=_kode_sub,
    )
    buku["Sub kegiatan"] = [{"kode": _kode_sub(s), "nama": s.nama} for s in sub]

    tahun_ini = (
        Q(tujuan__isnull=False)
        | Q(sasaran__isnull=False)
        | Q(program__tahun=tahun)
        | Q(kegiatan__program__tahun=tahun)
        | Q(sub_kegiatan__kegiatan__program__tahun=tahun)
    )
    indikator = list(
        Indikator.objects.filter(tahun_ini, opd=opd)
        .select_related("opd", "tujuan", "sasaran", "program__opd", "kegiatan__program__opd", "sub_kegiatan__kegiatan__program__opd")
        .order_by("urutan", "pk")
    )
    kode_level = {
        "tujuan": lambda o: o.kode,
        "sasaran": lambda o: o.kode,
        "program": _kode_program,
        "kegiatan": _kode_kegiatan,
        "sub_kegiatan": _kode_sub,
    }
    buku["Indikator"] = [
        {
            "kode": i.kode,
            "tingkat": i.level.replace("_", " "),
            "kode_tingkat": kode_level[i.level](getattr(i, i.level)),
            "uraian": i.uraian,
            "satuan": i.satuan,
            "jenis": i.jenis,
            "polaritas": i.polaritas,
            "sumber_realisasi": i.sumber_realisasi,
            "formulasi": i.formulasi,
            "sumber_data": i.sumber_data,
        }
        for i in indikator
    ]
    urut = {i.pk: n for n, i in enumerate(indikator)}
    target = sorted(
        Target.objects.filter(indikator__in=[i.pk for i in indikator], tahun=tahun).select_related("indikator"),
        key=lambda t: (urut[t.indikator_id], t.triwulan or 0),
    )
    buku["Target"] = [{"indikator": t.indikator.kode, "triwulan": t.triwulan, "nilai": t.nilai.normalize()} for t in target]
    # The Renstra period covering this year: its end target and the realisation of the years before this one.
    renstra = [
        r
        for r in NilaiRenstra.objects.filter(indikator__in=[i.pk for i in indikator]).select_related("indikator")
        if _mencakup(r.periode, tahun) and (r.tahun is None or r.tahun < tahun)
    ]
    renstra.sort(key=lambda r: (urut[r.indikator_id], r.periode, r.tahun or 0))
    buku["Renstra"] = [
        {
            "indikator": r.indikator.kode,
            "periode": r.periode,
            "tahun": r.tahun,
            "kinerja": r.kinerja.normalize() if r.kinerja is not None else None,
            "anggaran": r.anggaran.normalize() if r.anggaran is not None else None,
        }
        for r in renstra
    ]
    buku["Aktivitas"] = [
        {"kegiatan": _kode_kegiatan(a.kegiatan), "kelompok": a.kelompok, "uraian": a.uraian, "rencana": a.rencana}
        for a in Aktivitas.objects.filter(kegiatan__program__opd=opd, tahun=tahun)
        .select_related("kegiatan__program__opd")
        .order_by("urutan", "pk")
    ]

    buku["PK versi"] = [
        {
            "jabatan": v.perjanjian.jabatan.kode,
            "tahun": v.perjanjian.tahun,
            "jenis": v.jenis,
            "tanggal": v.tanggal,
            "nomor_dokumen": v.nomor_dokumen,
            "pihak_pertama": v.pihak_pertama.nama,
            "pihak_pertama_label": v.pihak_pertama_jabatan_label,
            "pihak_kedua": v.pihak_kedua.nama,
            "pihak_kedua_jabatan": v.pihak_kedua_jabatan.kode,
            "pihak_kedua_label": v.pihak_kedua_jabatan_label,
        }
        for v in versi
    ]
    urut_versi = {v.pk: n for n, v in enumerate(versi)}
    baris = sorted(
        PKBaris.objects.filter(versi__in=urut_versi).select_related("versi__perjanjian__jabatan", "indikator"),
        key=lambda b: (urut_versi[b.versi_id], b.nomor),
    )
    buku["PK baris"] = [
        {
            "jabatan": b.versi.perjanjian.jabatan.kode,
            "tanggal": b.versi.tanggal,
            "nomor": b.nomor,
            "sasaran": b.sasaran,
            "indikator": b.indikator.kode,
            "target": b.target.normalize() if b.target is not None else None,
        }
        for b in baris
    ]
    anggaran = sorted(
        PKAnggaran.objects.filter(versi__in=urut_versi).select_related(
            "versi__perjanjian__jabatan", "program__opd", "kegiatan__program__opd", "sub_kegiatan__kegiatan__program__opd"
        ),
        key=lambda a: (urut_versi[a.versi_id], a.nomor),
    )

    def tingkat_kode(a):
        if a.sub_kegiatan_id:
            return "sub kegiatan", _kode_sub(a.sub_kegiatan)
        if a.kegiatan_id:
            return "kegiatan", _kode_kegiatan(a.kegiatan)
        return "program", _kode_program(a.program)

    buku["PK anggaran"] = [
        {
            "jabatan": a.versi.perjanjian.jabatan.kode,
            "tanggal": a.versi.tanggal,
            "nomor": a.nomor,
            "tingkat": tingkat_kode(a)[0],
            "kode": tingkat_kode(a)[1],
            "sumber_dana": a.sumber_dana,
        }
        for a in anggaran
    ]
    return buku
