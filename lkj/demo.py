"""Loads the Kedungjajang 2025 demo: inputs only, every figure is computed later.

The budget comes from the real LRA export through the same import service an
operator uses; there is no second, hand-typed copy of it. Idempotent: every
write is keyed on a natural key, so loading twice changes nothing.
"""
from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from anggaran.models import TahunAnggaran
from anggaran.services import lra_import_berkas
from lkj import pengukuran as ukur
from lkj.models import Narasi, PengaturanPengukuran, PredikatPita
from organisasi.models import Jabatan, Pegawai, Pemda, Penugasan, PerangkatDaerah, Unit
from perjanjian.models import PerjanjianKinerja, PKAnggaran, PKBaris, PKVersi
from renja.models import (
    Aktivitas,
    AktivitasRealisasi,
    Indikator,
    Kegiatan,
    Program,
    Realisasi,
    Sasaran,
    SubKegiatan,
    Target,
    Tujuan,
)

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_JSON = DEMO_DIR / "kedungjajang_2025.json"
DEMO_LRA = DEMO_DIR / "lra-2025-09-kedungjajang.xlsx"
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
        obj.save(update_fields=[model._meta.get_field(k).attname for k in changed] + (
            ["diubah_pada"] if any(f.name == "diubah_pada" for f in model._meta.fields) else []))
    return obj, False


def _d(value):
    return None if value is None else Decimal(str(value))


def _tanggal(value):
    return datetime.date.fromisoformat(value)


@transaction.atomic
def demo_muat(path_json: Path = DEMO_JSON, path_lra: Path = DEMO_LRA) -> dict:
    data = json.loads(Path(path_json).read_text(encoding="utf-8"))
    tahun = data["tahun"]

    pemda, _ = _upsert(Pemda, 
        kode=data["pemda"]["kode"],
        defaults={k: data["pemda"][k] for k in ("nama", "ibukota", "hari_batas_laporan")},
    )
    if not PredikatPita.objects.filter(pemda=pemda).exists():
        PredikatPita.objects.bulk_create(
            PredikatPita(pemda=pemda, batas_bawah=p.batas_bawah, predikat=p.predikat) for p in ukur.SKALA_BAKU
        )
    PengaturanPengukuran.objects.get_or_create(pemda=pemda)

    o = data["opd"]
    opd, _ = _upsert(PerangkatDaerah, 
        kode=o["kode"],
        defaults={"pemda": pemda, **{k: o.get(k, "") for k in ("kode_urusan", "nama", "nama_pendek", "alamat", "kode_pos", "telepon", "email")}},
    )
    _upsert(TahunAnggaran, 
        opd=opd, tahun=tahun,
        defaults={"perubahan_berlaku": _tanggal(data["perubahan_anggaran_berlaku"]) if data.get("perubahan_anggaran_berlaku") else None},
    )

    units = {}
    for u in data["units"]:
        units[u["kode"]], _ = _upsert(Unit, 
            opd=opd, kode=u["kode"], defaults={"nama": u["nama"], "induk": units.get(u["induk"]) if u.get("induk") else None}
        )

    User = get_user_model()
    pegawai = {}
    for p in data["pegawai"]:
        user = None
        if p["key"] != "bupati_indah" and not p["key"].startswith("bupati"):
            user, created = User.objects.get_or_create(username=p["key"], defaults={"first_name": p["nama"][:150]})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
        lookup = {"nip": p["nip"]} if p.get("nip") else {"pemda": pemda, "nama": p["nama"]}
        pegawai[p["key"]], _ = _upsert(Pegawai, 
            **lookup, defaults={"pemda": pemda, "nama": p["nama"], "nip": p.get("nip"), "user": user}
        )

    jabatan = {}
    for j in data["jabatan"]:
        jabatan[j["key"]], _ = _upsert(Jabatan, 
            pemda=pemda, kode=j["key"],
            defaults={
                "nama": j["nama"], "jenis": j["jenis"], "opd": opd if j.get("opd", True) else None,
                "unit": units.get(j["unit"]) if j.get("unit") else None,
            },
        )
    for j in data["jabatan"]:
        atasan = jabatan.get(j["atasan"]) if j.get("atasan") else None
        if jabatan[j["key"]].atasan_id != (atasan.pk if atasan else None):
            jabatan[j["key"]].atasan = atasan
            jabatan[j["key"]].save(update_fields=["atasan"])

    for t in data["penugasan"]:
        _upsert(Penugasan, 
            jabatan=jabatan[t["jabatan"]], mulai=_tanggal(t["mulai"]),
            defaults={"pegawai": pegawai[t["pegawai"]], "plt": t.get("plt", False), "selesai": _tanggal(t["selesai"]) if t.get("selesai") else None},
        )

    indikator = {}
    urutan = [0]

    def simpan_indikator(items, **level):
        for ind in items:
            urutan[0] += 1
            obj, _ = _upsert(Indikator, 
                opd=opd, kode=ind["key"],
                defaults={
                    **{name: None for name in Indikator.LEVELS}, **level,
                    "urutan": urutan[0], "uraian": ind["uraian"], "satuan": ind["satuan"], "jenis": ind["jenis"],
                    "polaritas": ind.get("polaritas", "positif"), "sumber_realisasi": ind.get("sumber_realisasi", "input"),
                    "formulasi": ind.get("formulasi", ""), "sumber_data": ind.get("sumber_data", ""),
                },
            )
            _upsert(Target, indikator=obj, tahun=tahun, triwulan=None, defaults={"nilai": _d(ind["target"])})
            indikator[ind["key"]] = obj

    tujuan = {}
    for t in data["tujuan"]:
        tujuan[t["kode"]], _ = _upsert(Tujuan, 
            opd=opd, kode=t["kode"], defaults={"uraian": t["uraian"], "periode": t["periode"]}
        )
        simpan_indikator(t["indikator"], tujuan=tujuan[t["kode"]])
    sasaran = {}
    program_sasaran = {}
    for s in data["sasaran"]:
        sasaran[s["kode"]], _ = _upsert(Sasaran, 
            tujuan=tujuan[s["tujuan"]], kode=s["kode"], defaults={"uraian": s["uraian"]}
        )
        simpan_indikator(s["indikator"], sasaran=sasaran[s["kode"]])
        for kode in s.get("program", []):
            program_sasaran[kode] = sasaran[s["kode"]]

    program, kegiatan, sub = {}, {}, {}
    for p in data["program"]:
        program[p["kode"]], _ = _upsert(Program, 
            opd=opd, tahun=tahun, kode=p["kode"],
            defaults={"nama": p["nama"], "sasaran_uraian": p.get("sasaran_uraian", ""), "sasaran_strategis": program_sasaran.get(p["kode"])},
        )
        simpan_indikator(p["indikator"], program=program[p["kode"]])
    for k in data["kegiatan"]:
        key = (k["program"], k["kode"])
        kegiatan[key], _ = _upsert(Kegiatan, 
            program=program[k["program"]], kode=k["kode"], defaults={"nama": k["nama"], "sasaran_uraian": k.get("sasaran_uraian", "")}
        )
        simpan_indikator(k["indikator"], kegiatan=kegiatan[key])
    for s in data["sub_kegiatan"]:
        key = (s["program"], s["kegiatan"], s["kode"])
        sub[key], _ = _upsert(SubKegiatan, 
            kegiatan=kegiatan[(s["program"], s["kegiatan"])], kode=s["kode"], defaults={"nama": s["nama"]}
        )
        simpan_indikator(s["indikator"], sub_kegiatan=sub[key])

    for i, a in enumerate(data["aktivitas"], start=1):
        akt, _ = _upsert(Aktivitas, 
            kegiatan=kegiatan[(a["program"], a["kegiatan"])], tahun=tahun, kelompok=a.get("kelompok", ""), uraian=a["uraian"],
            defaults={"rencana": a["rencana"], "urutan": i},
        )
        for tw, done in a.get("terlaksana", {}).items():
            _upsert(AktivitasRealisasi, aktivitas=akt, triwulan=int(tw), defaults={"terlaksana": done})

    for r in data["realisasi"]:
        _upsert(Realisasi, 
            indikator=indikator[r["indikator"]], tahun=tahun, triwulan=r["triwulan"],
            defaults={"nilai": _d(r.get("nilai")), "pembilang": _d(r.get("pembilang")), "penyebut": _d(r.get("penyebut")),
                      "catatan_sumber": r.get("catatan", "")},
        )

    for pk_data in data["pk"]:
        pk, _ = PerjanjianKinerja.objects.get_or_create(jabatan=jabatan[pk_data["jabatan"]], tahun=pk_data.get("tahun", tahun))
        for v in pk_data["versi"]:
            p1, p2 = v["pihak_pertama"], v["pihak_kedua"]
            versi, _ = _upsert(PKVersi, 
                perjanjian=pk, tanggal=_tanggal(v["tanggal"]),
                defaults={
                    "jenis": v["jenis"], "nomor_dokumen": v.get("nomor") or "",
                    "pihak_pertama": pegawai[p1["pegawai"]], "pihak_pertama_jabatan_label": p1["jabatan_label"],
                    "pihak_kedua": pegawai[p2["pegawai"]],
                    "pihak_kedua_jabatan": jabatan[p2["jabatan"]] if p2.get("jabatan") else jabatan[pk_data["jabatan"]].atasan,
                    "pihak_kedua_jabatan_label": p2["jabatan_label"],
                },
            )
            for n, b in enumerate(v["baris"], start=1):
                _upsert(PKBaris, versi=versi, nomor=n, defaults={"sasaran": b["sasaran"], "indikator": indikator[b["indikator"]]})
            for n, a in enumerate(v.get("anggaran", []), start=1):
                target = {"program": None, "kegiatan": None, "sub_kegiatan": None}
                if a.get("sub_kegiatan"):
                    target["sub_kegiatan"] = sub[(a["program"], a["kegiatan"], a["sub_kegiatan"])]
                elif a.get("kegiatan"):
                    target["kegiatan"] = kegiatan[(a["program"], a["kegiatan"])]
                else:
                    target["program"] = program[a["program"]]
                _upsert(PKAnggaran, versi=versi, nomor=n, defaults={**target, "sumber_dana": a.get("sumber_dana", "DAU")})

    for n in data.get("narasi", []):
        _upsert(
            Narasi, opd=opd, jabatan=jabatan[n["jabatan"]] if n.get("jabatan") else None, tahun=tahun, triwulan=n["triwulan"],
            defaults={k: n.get(k, default) for k, default in (
                ("latar_belakang", ""), ("faktor_pendukung", []), ("faktor_penghambat", []), ("upaya", []),
                ("rencana_tindak_lanjut", []), ("penutup", ""))},
        )

    admin, created = User.objects.get_or_create(username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "first_name": "Operator"})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])

    lra = lra_import_berkas(path=Path(path_lra), opd=opd, oleh=None)
    return {"opd": opd, "lra": lra}


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, name, jabatan) for every demo login."""
    rows = [(ADMIN_USERNAME, "Operator (admin)", "Administrator / operator")]
    for p in Pegawai.objects.filter(user__isnull=False).select_related("user").prefetch_related("penugasan__jabatan").order_by("user__username"):
        jab = "; ".join(("Plt. " if t.plt else "") + t.jabatan.nama for t in p.penugasan.all())
        rows.append((p.user.username, p.nama, jab))
    return rows
