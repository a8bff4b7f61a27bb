"""Loads the Kedungjajang 2025 demo: inputs only, every figure is computed later.

The organisation, planning tree and PKs go through the planning workbook import
(the fixture is turned into the workbook an operator would upload), the budget
through the real LRA export and the same import service an operator uses; there
is no second, hand-typed copy of either. Idempotent: every
write is keyed on a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q

from anggaran.lra import baca_lra
from anggaran.services import lra_import
from dasar import pengukuran as ukur
from lkj.models import Narasi, PengaturanPengukuran, PredikatPita
from organisasi import kunci
from organisasi.models import Jabatan, Pegawai, Penugasan, PerangkatDaerah, PeranPemda
from perencanaan.services import workbook_import
from perencanaan.workbook import tulis_workbook
from renja.models import Aktivitas, AktivitasRealisasi, Indikator, Kegiatan, Realisasi

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_JSON = DEMO_DIR / "kedungjajang_2025.json"
DEMO_LRA = DEMO_DIR / "lra-2025-09-kedungjajang.xlsx"
DEMO_WORKBOOK_NAMA = "perencanaan-2025-kedungjajang.xlsx"
DEMO_PASSWORD = "lkj-demo-2025"
ADMIN_USERNAME = "operator"


def _upsert(model, defaults=None, **lookup):
    """update_or_create that writes nothing when the row already holds these values,
    so a second demo load leaves rows, timestamps and history untouched."""
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**{**lookup, **defaults}), True
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, defaults[k])
        obj.save(
            update_fields=[model._meta.get_field(k).attname for k in changed]
            + (["diubah_pada"] if any(f.name == "diubah_pada" for f in model._meta.fields) else [])
        )
    return obj, False


def _d(value):
    return None if value is None else Decimal(str(value))


def _tanggal(value):
    return datetime.date.fromisoformat(value)


def buku_dari_json(data: dict) -> dict[str, list[dict]]:
    """The demo fixture as planning-workbook rows (``perencanaan.workbook.LEMBAR``): what an operator would upload."""
    tahun = data["tahun"]
    pem, o = data["pemda"], data["opd"]
    urusan = o["kode_urusan"]
    nama = {p["key"]: p["nama"] for p in data["pegawai"]}
    atasan = {j["key"]: j.get("atasan") for j in data["jabatan"]}
    kp = lambda p: f"{urusan}.{p}"

    def indikator(items, tingkat, kode):
        return [
            {
                "kode": i["key"],
                "tingkat": tingkat,
                "kode_tingkat": kode,
                "uraian": i["uraian"],
                "satuan": i["satuan"],
                "jenis": i["jenis"],
                "polaritas": i.get("polaritas", "positif"),
                "sumber_realisasi": i.get("sumber_realisasi", "input"),
                "formulasi": i.get("formulasi", ""),
                "sumber_data": i.get("sumber_data", ""),
                "target": i["target"],
            }
            for i in items
        ]

    ind = []
    for t in data["tujuan"]:
        ind += indikator(t["indikator"], "tujuan", t["kode"])
    for s in data["sasaran"]:
        ind += indikator(s["indikator"], "sasaran", s["kode"])
    for p in data["program"]:
        ind += indikator(p["indikator"], "program", kp(p["kode"]))
    for k in data["kegiatan"]:
        ind += indikator(k["indikator"], "kegiatan", f"{kp(k['program'])}.{k['kode']}")
    for s in data["sub_kegiatan"]:
        ind += indikator(s["indikator"], "sub kegiatan", f"{kp(s['program'])}.{s['kegiatan']}.{s['kode']}")

    target = {i["kode"]: _d(i["target"]) for i in ind}
    versi, baris, anggaran = [], [], []
    for pk in data["pk"]:
        for v in pk["versi"]:
            p1, p2 = v["pihak_pertama"], v["pihak_kedua"]
            tgl = _tanggal(v["tanggal"])
            versi.append(
                {
                    "jabatan": pk["jabatan"],
                    "tahun": pk.get("tahun", tahun),
                    "jenis": v["jenis"],
                    "tanggal": tgl,
                    "nomor_dokumen": v.get("nomor") or "",
                    "pihak_pertama": nama[p1["pegawai"]],
                    "pihak_pertama_label": p1["jabatan_label"],
                    "pihak_kedua": nama[p2["pegawai"]],
                    "pihak_kedua_jabatan": p2.get("jabatan") or atasan[pk["jabatan"]],
                    "pihak_kedua_label": p2["jabatan_label"],
                }
            )
            # A PK row states its own target; the demo's PKs keep the Renja target unless a row says otherwise.
            baris += [
                {
                    "jabatan": pk["jabatan"],
                    "tanggal": tgl,
                    "nomor": n,
                    "sasaran": b["sasaran"],
                    "indikator": b["indikator"],
                    "target": _d(b["target"]) if "target" in b else target[b["indikator"]],
                }
                for n, b in enumerate(v["baris"], start=1)
            ]
            for n, a in enumerate(v.get("anggaran", []), start=1):
                if a.get("sub_kegiatan"):
                    tingkat, kode = "sub kegiatan", f"{kp(a['program'])}.{a['kegiatan']}.{a['sub_kegiatan']}"
                elif a.get("kegiatan"):
                    tingkat, kode = "kegiatan", f"{kp(a['program'])}.{a['kegiatan']}"
                else:
                    tingkat, kode = "program", kp(a["program"])
                anggaran.append(
                    {
                        "jabatan": pk["jabatan"],
                        "tanggal": tgl,
                        "nomor": n,
                        "tingkat": tingkat,
                        "kode": kode,
                        "sumber_dana": a.get("sumber_dana", "DAU"),
                    }
                )

    return {
        "Pemda & OPD": [
            {
                "pemda_kode": pem["kode"],
                "pemda_nama": pem["nama"],
                "pemda_ibukota": pem["ibukota"],
                "hari_batas_laporan": pem["hari_batas_laporan"],
                "opd_kode": o["kode"],
                "kode_urusan": urusan,
                "opd_nama": o["nama"],
                **{k: o.get(k, "") for k in ("nama_pendek", "alamat", "kode_pos", "telepon", "email")},
                "tahun": tahun,
            }
        ],
        "Unit": [{"kode": u["kode"], "nama": u["nama"], "induk": u.get("induk") or ""} for u in data["units"]],
        "Pegawai": [
            {"nama": p["nama"], "nip": p.get("nip") or "", "akun": "" if _tanpa_akun(p["key"]) else p["key"]} for p in data["pegawai"]
        ],
        "Jabatan": [
            {"kode": j["key"], "nama": j["nama"], "jenis": j["jenis"], "unit": j.get("unit") or "", "atasan": j.get("atasan") or ""}
            for j in data["jabatan"]
        ],
        "Penugasan": [
            {
                "pegawai": nama[t["pegawai"]],
                "jabatan": t["jabatan"],
                "plt": t.get("plt", False),
                "mulai": _tanggal(t["mulai"]),
                "selesai": _tanggal(t["selesai"]) if t.get("selesai") else None,
            }
            for t in data["penugasan"]
        ],
        "Tujuan": [{"kode": t["kode"], "uraian": t["uraian"], "periode": t["periode"]} for t in data["tujuan"]],
        "Sasaran": [
            {"kode": s["kode"], "tujuan": s["tujuan"], "uraian": s["uraian"], "program": ", ".join(kp(p) for p in s.get("program", []))}
            for s in data["sasaran"]
        ],
        "Program": [{"kode": kp(p["kode"]), "nama": p["nama"], "sasaran_uraian": p.get("sasaran_uraian", "")} for p in data["program"]],
        "Kegiatan": [
            {"kode": f"{kp(k['program'])}.{k['kode']}", "nama": k["nama"], "sasaran_uraian": k.get("sasaran_uraian", "")}
            for k in data["kegiatan"]
        ],
        "Sub kegiatan": [{"kode": f"{kp(s['program'])}.{s['kegiatan']}.{s['kode']}", "nama": s["nama"]} for s in data["sub_kegiatan"]],
        "Indikator": ind,
        "Target": [{"indikator": i["kode"], "triwulan": None, "nilai": _d(i["target"])} for i in ind],
        "Aktivitas": [
            {
                "kegiatan": f"{kp(a['program'])}.{a['kegiatan']}",
                "kelompok": a.get("kelompok", ""),
                "uraian": a["uraian"],
                "rencana": a["rencana"],
            }
            for a in data["aktivitas"]
        ],
        "PK versi": versi,
        "PK baris": baris,
        "PK anggaran": anggaran,
    }


def _tanpa_akun(key: str) -> bool:
    """The Bupati signs PKs but does not log in."""
    return key.startswith("bupati")


@transaction.atomic
def demo_muat(path_json: Path = DEMO_JSON, path_lra: Path = DEMO_LRA) -> dict:
    """Organisation, planning tree and PKs go in through the planning workbook import,
    the budget through the LRA import; only the quarterly inputs (realisations,
    aktivitas done, narrative) and settings are written here. One transaction, whose
    writes pass the quarter lock's guard as one batch (``organisasi.kunci.sekaligus``)."""
    with kunci.sekaligus():
        return _demo_muat(path_json, path_lra)


def _demo_muat(path_json: Path, path_lra: Path) -> dict:
    data = json.loads(Path(path_json).read_text(encoding="utf-8"))
    hasil = opd_muat(data, lra_isi=Path(path_lra).read_bytes(), lra_nama=Path(path_lra).name)
    _peran_pemda(hasil["opd"].pemda)
    _kepala_bappeda(hasil["opd"].pemda)
    return hasil


def opd_muat(data: dict, *, lra_isi: bytes, lra_nama: str, sandi_hash: str | None = None) -> dict:
    """One OPD in the demo fixture's shape through the real loaders (planning workbook, LRA import).

    ``sandi_hash``: the demo password already hashed, given to every new login as it is (the synthetic
    kabupaten makes hundreds; hashing each costs a third of a second)."""
    tahun = data["tahun"]

    User = get_user_model()
    # Logins first, with the demo password; the workbook import links pegawai to them by name.
    for p in data["pegawai"]:
        if not _tanpa_akun(p["key"]):
            user, created = User.objects.get_or_create(username=p["key"], defaults={"first_name": p["nama"][:150]})
            if created:
                if sandi_hash:
                    user.password = sandi_hash
                else:
                    user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])

    isi = tulis_workbook(buku_dari_json(data))
    workbook_import(isi=isi, nama_file=DEMO_WORKBOOK_NAMA, oleh=None)

    opd = PerangkatDaerah.objects.select_related("pemda").get(kode=data["opd"]["kode"])
    # The OPD's regulation on tugas pokok dan fungsi (printed in BAB III of the individual reports): master data
    # the planning workbook does not carry.
    tupoksi_opd = {k: data["opd"][k] for k in ("peraturan_tupoksi", "tugas_pokok") if k in data["opd"]}
    if tupoksi_opd and any(getattr(opd, k) != v for k, v in tupoksi_opd.items()):
        for k, v in tupoksi_opd.items():
            setattr(opd, k, v)
        opd.save(update_fields=list(tupoksi_opd))
    pemda = opd.pemda
    if not PredikatPita.objects.filter(pemda=pemda).exists():
        PredikatPita.objects.bulk_create(PredikatPita(pemda=pemda, batas_bawah=p.batas_bawah, predikat=p.predikat) for p in ukur.SKALA_BAKU)
    PengaturanPengukuran.objects.get_or_create(pemda=pemda)

    indikator = {i.kode: i for i in Indikator.objects.filter(opd=opd)}
    kegiatan = {
        (k.program.kode, k.kode): k for k in Kegiatan.objects.filter(program__opd=opd, program__tahun=tahun).select_related("program")
    }
    jabatan = {j.kode: j for j in Jabatan.objects.filter(pemda=pemda)}

    for a in data["aktivitas"]:
        if not a.get("terlaksana"):
            continue
        akt = Aktivitas.objects.get(
            kegiatan=kegiatan[(a["program"], a["kegiatan"])], tahun=tahun, kelompok=a.get("kelompok", ""), uraian=a["uraian"]
        )
        for tw, done in a["terlaksana"].items():
            _upsert(AktivitasRealisasi, aktivitas=akt, triwulan=int(tw), defaults={"terlaksana": done})

    for r in data["realisasi"]:
        _upsert(
            Realisasi,
            indikator=indikator[r["indikator"]],
            tahun=tahun,
            triwulan=r["triwulan"],
            defaults={
                "nilai": _d(r.get("nilai")),
                "pembilang": _d(r.get("pembilang")),
                "penyebut": _d(r.get("penyebut")),
                "catatan_sumber": r.get("catatan", ""),
            },
        )

    for n in data.get("narasi", []):
        _upsert(
            Narasi,
            opd=opd,
            jabatan=jabatan[n["jabatan"]] if n.get("jabatan") else None,
            tahun=tahun,
            triwulan=n["triwulan"],
            defaults={
                k: n.get(k, default)
                for k, default in (
                    ("latar_belakang", ""),
                    ("faktor_pendukung", []),
                    ("faktor_penghambat", []),
                    ("upaya", []),
                    ("rencana_tindak_lanjut", []),
                    ("penutup", ""),
                    ("gambaran_umum", ""),
                    ("tupoksi", ""),
                    ("aspek_strategis", ""),
                    ("permasalahan_utama", []),
                )
            },
        )

    admin, created = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "first_name": "Operator"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])

    lra = lra_import(opd=opd, dokumen=baca_lra(io.BytesIO(lra_isi), nama_file=lra_nama), isi=lra_isi, nama_file=lra_nama, oleh=None)
    return {"opd": opd, "lra": lra}


# The pemda's own accounts (decisions §8): they read every OPD of Lumajang and enter no figure. No pegawai:
# the demo has no Bappeda, Inspektorat or Setda OPD whose jabatan they could hold, so the name is the account's.
PERAN_DEMO = [
    ("ortala", "Bagian Organisasi Setda", PeranPemda.Peran.BAGIAN_ORGANISASI),
    ("bappeda", "Bappeda", PeranPemda.Peran.BAPPEDA),
    ("inspektorat", "Inspektorat", PeranPemda.Peran.INSPEKTORAT),
    ("adminpemda", "Administrator Pemda", PeranPemda.Peran.ADMIN_PEMDA),
]
# What the pemda's administrator may do in the admin, scoped there to his pemda (organisasi.admin).
IZIN_ADMIN_PEMDA = [
    ("organisasi", "perangkatdaerah", ("add", "change", "view")),
    ("organisasi", "operatoropd", ("add", "change", "delete", "view")),
    ("auth", "user", ("add", "change", "view")),
]


def _peran_pemda(pemda) -> None:
    User = get_user_model()
    for username, nama, peran in PERAN_DEMO:
        admin_pemda = peran == PeranPemda.Peran.ADMIN_PEMDA
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": nama, "is_staff": admin_pemda})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        PeranPemda.objects.get_or_create(user=user, pemda=pemda, peran=peran)
        if admin_pemda:
            user.user_permissions.add(
                *Permission.objects.filter(
                    Q(
                        *[Q(content_type__app_label=app, codename=f"{a}_{model}") for app, model, aksi in IZIN_ADMIN_PEMDA for a in aksi],
                        _connector=Q.OR,
                    )
                )
            )


# The Kepala Bappeda, whose name and NIP fill the E.81's "Dievaluasi" block when Bappeda countersigns it: a
# pemda-level jabatan (no OPD), like the Bupati's, so the demo's one OPD stays the only OPD of its pemda.
KEPALA_BAPPEDA = {
    "kode": "kepala-bappeda",
    "nama": "Kepala Badan Perencanaan Pembangunan Daerah",
    "pegawai": "Ir. HERWIN SETIAWAN, M.T.",
    "nip": "19720315 199803 1 005",
    "mulai": datetime.date(2024, 1, 2),
}


def _kepala_bappeda(pemda) -> None:
    k = KEPALA_BAPPEDA
    jab, _ = _upsert(Jabatan, pemda=pemda, kode=k["kode"], defaults={"nama": k["nama"], "jenis": Jabatan.Jenis.KEPALA_BAPPEDA, "opd": None})
    pg, _ = _upsert(Pegawai, nip=k["nip"], defaults={"pemda": pemda, "nama": k["pegawai"]})
    _upsert(Penugasan, jabatan=jab, mulai=k["mulai"], defaults={"pegawai": pg, "plt": False})


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, name, jabatan) for every demo login."""
    rows = [(ADMIN_USERNAME, "Operator (admin)", "Administrator / operator")]
    for p in (
        Pegawai.objects.filter(user__isnull=False).select_related("user").prefetch_related("penugasan__jabatan").order_by("user__username")
    ):
        jab = "; ".join(("Plt. " if t.plt else "") + t.jabatan.nama for t in p.penugasan.all())
        rows.append((p.user.username, p.nama, jab))
    for r in PeranPemda.objects.select_related("user", "pemda").order_by("user__username"):
        rows.append((r.user.username, r.user.get_full_name() or r.user.username, f"{r.get_peran_display()} {r.pemda.nama}"))
    return rows
