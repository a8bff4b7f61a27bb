"""Program / kegiatan / sub kegiatan codes in their three written forms.

One module converts between them, so no other code slices code strings:

* national (Permendagri 90/2019 nomenclature): ``7.01.01`` / ``7.01.01.2.01`` / ``7.01.01.2.01.0001``
* Formulir E.81: ``7.01.01`` / ``7.01.01.201`` / ``7.01.01.201.01``
* LRA kode rekening: ``7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026``
* the account (akun) alone, as the kode rekening list publishes it: ``5.1.02.01.01.0026``; the LRA
  writes the same account with spaces after the sub kegiatan: ``5 1 02 01 01 0026`` (:class:`Rekening`)

Rule: E.81 ``7.01.PP.KAB.SS`` ↔ national ``7.01.PP.K.AB.00SS`` ↔ LRA ``7 01 <org> PP K.AB.00SS 5 x``.

Plain Python (no Django import) so the LRA reader and a CLI can use it. Every
error is a :class:`KodeTidakValid` whose Indonesian message names the bad code
and the expected form.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from dasar.beku import beku

__all__ = [
    "KodeTidakValid",
    "Kode",
    "KodeLra",
    "parse_e81",
    "parse_nasional",
    "parse_kode",
    "parse_lra",
    "coba_parse_lra",
    "Rekening",
    "parse_rekening",
    "ORGANISASI_BAKU",
    "LEVEL_PROGRAM",
    "LEVEL_KEGIATAN",
    "LEVEL_SUB_KEGIATAN",
    "BARIS_TOTAL",
    "BARIS_PROGRAM",
    "BARIS_SUB_KEGIATAN",
    "BARIS_REKENING",
]

LEVEL_PROGRAM = "program"
LEVEL_KEGIATAN = "kegiatan"
LEVEL_SUB_KEGIATAN = "sub_kegiatan"

BARIS_TOTAL = "total"
BARIS_PROGRAM = "program"
BARIS_SUB_KEGIATAN = "sub_kegiatan"
BARIS_REKENING = "rekening"

#: Organisation segment (LRA tokens 3–5) of the demo OPD. Only a default for
#: :meth:`Kode.lra`; parsing never assumes it.
ORGANISASI_BAKU = "7 01 00"

_RE_URUSAN = re.compile(r"\d\.\d{2}", re.ASCII)
_RE_PROGRAM = re.compile(r"\d{2}", re.ASCII)
_RE_KEGIATAN = re.compile(r"\d\.\d{2}", re.ASCII)
_RE_SUB = re.compile(r"\d{4}", re.ASCII)
_RE_KEGIATAN_SUB_LRA = re.compile(r"(\d\.\d{2})\.(\d{4})", re.ASCII)

# Invisible characters that sneak into codes copied from PDFs and web pages.
_TAK_TERLIHAT = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)

_BENTUK_E81 = "7.01.PP (program), 7.01.PP.KAB (kegiatan) atau 7.01.PP.KAB.SS (sub kegiatan), mis. 7.01.01.201.01"
_BENTUK_NASIONAL = "7.01.PP (program), 7.01.PP.K.AB (kegiatan) atau 7.01.PP.K.AB.SSSS (sub kegiatan), mis. 7.01.01.2.01.0001"
_BENTUK_LRA = (
    "urusan, organisasi, program, kegiatan.sub kegiatan lalu akun, "
    "mis. 7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026 (baris total: 7 01 7 01 00 00 00 5 1; "
    "baris program: 7 01 7 01 00 01 00 5 1)"
)
# Digits per level of the akun path (Permendagri 90/2019): akun, kelompok,
# jenis, objek, rincian objek, sub rincian objek.
_DIGIT_AKUN = (1, 1, 2, 2, 2, 4)
_NAMA_AKUN = ("akun", "kelompok", "jenis", "objek", "rincian objek", "sub rincian objek")


class KodeTidakValid(ValueError):
    """A code that does not have the expected form; the message is Indonesian."""


def _bersihkan(s) -> str:
    if s is None:
        return ""
    return str(s).translate(_TAK_TERLIHAT).strip()


def _tampil(s) -> str:
    """The bad code as the user typed it, for messages."""
    return "" if s is None else str(s)


def _angka(seg: str, n: int) -> bool:
    return len(seg) == n and seg.isascii() and seg.isdigit()


@dataclass(frozen=True)
class Kode:
    """A program, kegiatan or sub kegiatan code in canonical national parts.

    ``urusan`` "7.01", ``program`` "01", ``kegiatan`` "2.01", ``sub_kegiatan`` "0001".
    """

    urusan: str
    program: str
    kegiatan: str | None = None
    sub_kegiatan: str | None = None

    def __post_init__(self):
        salah = _periksa_bagian(self.urusan, self.program, self.kegiatan, self.sub_kegiatan)
        if salah:
            bagian = [self.urusan, self.program, self.kegiatan, self.sub_kegiatan]
            teks = ".".join(str(b) for b in bagian if b is not None)
            raise KodeTidakValid(f"Kode '{teks}' tidak valid: {'; '.join(salah)}.")

    @property
    def level(self) -> str:
        if self.sub_kegiatan is not None:
            return LEVEL_SUB_KEGIATAN
        if self.kegiatan is not None:
            return LEVEL_KEGIATAN
        return LEVEL_PROGRAM

    @property
    def nasional(self) -> str:
        return ".".join(b for b in (self.urusan, self.program, self.kegiatan, self.sub_kegiatan) if b is not None)

    @property
    def e81(self) -> str:
        """E.81 writes the kegiatan without its dot and the sub kegiatan with 2 digits.

        A sub kegiatan numbered 0100 or above has no 2-digit E.81 form; rather
        than print a code that reads back as a different sub kegiatan, this raises.
        """
        bagian = [self.urusan, self.program]
        if self.kegiatan is not None:
            bagian.append(self.kegiatan.replace(".", ""))
        if self.sub_kegiatan is not None:
            if not self.sub_kegiatan.startswith("00"):
                raise KodeTidakValid(
                    f"Sub kegiatan '{self.nasional}' tidak dapat ditulis dalam bentuk E.81: "
                    "bentuk E.81 hanya memuat 2 angka sub kegiatan (0001–0099)."
                )
            bagian.append(self.sub_kegiatan[2:])
        return ".".join(bagian)

    def lra(self, organisasi: str = ORGANISASI_BAKU) -> str:
        """The LRA kode rekening prefix of this program or sub kegiatan, without the akun part.

        ``organisasi`` is the OPD's segment (tokens 3–5) as printed in its LRA.
        The LRA has no kegiatan rows, so a kegiatan has no LRA form.
        """
        org = _token_organisasi(organisasi)
        if self.level == LEVEL_KEGIATAN:
            raise KodeTidakValid(
                f"Kegiatan '{self.nasional}' tidak memiliki kode rekening LRA: LRA hanya memuat baris "
                "program dan sub kegiatan (kegiatan adalah jumlah sub kegiatannya)."
            )
        tengah = "00" if self.level == LEVEL_PROGRAM else f"{self.kegiatan}.{self.sub_kegiatan}"
        return " ".join([*self.urusan.split("."), *org, self.program, tengah])

    def induk(self) -> Kode | None:
        """Sub kegiatan → kegiatan → program → None."""
        if self.sub_kegiatan is not None:
            return Kode(self.urusan, self.program, self.kegiatan, None)
        if self.kegiatan is not None:
            return Kode(self.urusan, self.program, None, None)
        return None

    def __str__(self) -> str:
        return self.nasional


def _periksa_bagian(urusan, program, kegiatan, sub) -> list[str]:
    """Why the canonical parts are not a valid code (empty list when they are)."""
    salah = []
    if not isinstance(urusan, str) or not _RE_URUSAN.fullmatch(urusan):
        salah.append(f"urusan {urusan!r} harus berbentuk D.DD (mis. 7.01)")
    if not isinstance(program, str) or not _RE_PROGRAM.fullmatch(program):
        salah.append(f"program {program!r} harus 2 angka (mis. 01)")
    elif program == "00":
        salah.append("program 00 tidak ada (00 hanya dipakai baris total LRA)")
    if kegiatan is not None and (not isinstance(kegiatan, str) or not _RE_KEGIATAN.fullmatch(kegiatan)):
        salah.append(f"kegiatan {kegiatan!r} harus berbentuk K.KK (mis. 2.01)")
    if sub is not None:
        if kegiatan is None:
            salah.append("sub kegiatan harus disertai kode kegiatan")
        if not isinstance(sub, str) or not _RE_SUB.fullmatch(sub):
            salah.append(f"sub kegiatan {sub!r} harus 4 angka (mis. 0001)")
        elif sub == "0000":
            salah.append("sub kegiatan 0000 tidak ada")
    return salah


def _token_organisasi(organisasi) -> list[str]:
    token = _bersihkan(organisasi).split()
    if len(token) != 3 or not all(t.isascii() and t.isdigit() for t in token):
        raise KodeTidakValid(
            f"Segmen organisasi LRA '{_tampil(organisasi)}' tidak valid: harus 3 kelompok angka dipisah spasi, mis. 7 01 00."
        )
    return token


def _gagal(jenis: str, s, alasan: str, bentuk: str) -> KodeTidakValid:
    return KodeTidakValid(f"Kode {jenis} '{_tampil(s)}' tidak valid: {alasan}. Bentuk yang diharapkan: {bentuk}.")


def _segmen(s, jenis: str, bentuk: str) -> list[str]:
    teks = _bersihkan(s)
    if not teks:
        raise _gagal(jenis, s, "kode kosong", bentuk)
    if any(c.isspace() for c in teks):
        raise _gagal(jenis, s, "kode tidak boleh berisi spasi", bentuk)
    return teks.split(".")


def _cek_awal(seg: list[str], s, jenis: str, bentuk: str) -> None:
    """Urusan (D), bidang (DD) and program (DD): shared by E.81 and national forms."""
    for i, (n, nama) in enumerate(((1, "urusan"), (2, "bidang urusan"), (2, "program"))):
        if not _angka(seg[i], n):
            raise _gagal(jenis, s, f"bagian {nama} '{seg[i]}' harus {n} angka", bentuk)


def parse_e81(s) -> Kode:
    """``7.01.01`` / ``7.01.01.201`` / ``7.01.01.201.01`` → :class:`Kode`."""
    jenis, bentuk = "E.81", _BENTUK_E81
    seg = _segmen(s, jenis, bentuk)
    if len(seg) not in (3, 4, 5):
        raise _gagal(jenis, s, f"terdiri atas {len(seg)} bagian, seharusnya 3, 4 atau 5", bentuk)
    _cek_awal(seg, s, jenis, bentuk)
    kegiatan = sub = None
    if len(seg) >= 4:
        if not _angka(seg[3], 3):
            raise _gagal(jenis, s, f"bagian kegiatan '{seg[3]}' harus 3 angka (mis. 201)", bentuk)
        kegiatan = f"{seg[3][0]}.{seg[3][1:]}"
    if len(seg) == 5:
        if not _angka(seg[4], 2):
            raise _gagal(jenis, s, f"bagian sub kegiatan '{seg[4]}' harus 2 angka (mis. 01)", bentuk)
        sub = "00" + seg[4]
    return _buat(s, jenis, bentuk, f"{seg[0]}.{seg[1]}", seg[2], kegiatan, sub)


def parse_nasional(s) -> Kode:
    """``7.01.01`` / ``7.01.01.2.01`` / ``7.01.01.2.01.0001`` → :class:`Kode`."""
    jenis, bentuk = "nomenklatur", _BENTUK_NASIONAL
    seg = _segmen(s, jenis, bentuk)
    if len(seg) not in (3, 5, 6):
        raise _gagal(jenis, s, f"terdiri atas {len(seg)} bagian, seharusnya 3, 5 atau 6", bentuk)
    _cek_awal(seg, s, jenis, bentuk)
    kegiatan = sub = None
    if len(seg) >= 5:
        if not (_angka(seg[3], 1) and _angka(seg[4], 2)):
            raise _gagal(jenis, s, f"bagian kegiatan '{seg[3]}.{seg[4]}' harus berbentuk K.KK (mis. 2.01)", bentuk)
        kegiatan = f"{seg[3]}.{seg[4]}"
    if len(seg) == 6:
        if not _angka(seg[5], 4):
            raise _gagal(jenis, s, f"bagian sub kegiatan '{seg[5]}' harus 4 angka (mis. 0001)", bentuk)
        sub = seg[5]
    return _buat(s, jenis, bentuk, f"{seg[0]}.{seg[1]}", seg[2], kegiatan, sub)


def _buat(s, jenis, bentuk, urusan, program, kegiatan, sub) -> Kode:
    salah = _periksa_bagian(urusan, program, kegiatan, sub)
    if salah:  # e.g. program 00: report it against the code as the user typed it
        raise _gagal(jenis, s, "; ".join(salah), bentuk)
    return Kode(urusan, program, kegiatan, sub)


def parse_kode(s) -> Kode:
    """Either form. The fourth part tells them apart: 3 digits in E.81 (``201``), 1 in national (``2``)."""
    teks = _bersihkan(s)
    seg = teks.split(".")
    if teks:
        if len(seg) == 4 or (len(seg) == 5 and len(seg[3]) == 3):
            return parse_e81(s)
        if len(seg) in (3, 6) or (len(seg) == 5 and len(seg[3]) == 1):
            return parse_nasional(s)  # a program code reads the same in both forms
    alasan = "bukan bentuk E.81 maupun bentuk nomenklatur" if teks else "kode kosong"
    raise KodeTidakValid(
        f"Kode '{_tampil(s)}' tidak valid: {alasan}. Bentuk yang diharapkan: E.81 {_BENTUK_E81}; atau nomenklatur {_BENTUK_NASIONAL}."
    )


@dataclass(frozen=True)
class KodeLra:
    """A parsed LRA kode rekening.

    ``program`` is None on total rows (token ``00``); ``kegiatan``/``sub_kegiatan``
    are None on total and program rows (token ``00``).
    """

    urusan: str
    organisasi: str
    program: str | None
    kegiatan: str | None
    sub_kegiatan: str | None
    akun: str
    kelompok: str | None
    jenis_baris: str

    def kode(self) -> Kode | None:
        if self.program is None:
            return None
        return Kode(self.urusan, self.program, self.kegiatan, self.sub_kegiatan)

    @functools.cached_property
    def teks(self) -> str:
        """The code written back with single spaces (kept once computed; :func:`coba_parse_lra` fills it)."""
        tengah = "00" if self.kegiatan is None else f"{self.kegiatan}.{self.sub_kegiatan}"
        return " ".join([*self.urusan.split("."), self.organisasi, self.program or "00", tengah, self.akun])

    @property
    def akun_token(self) -> tuple[str, ...]:
        return tuple(self.akun.split(" "))

    def __str__(self) -> str:
        return self.teks


@functools.lru_cache(maxsize=8192)
def _awal_lra(token: tuple[str, ...]):
    """The first 7 tokens of a well-formed LRA code → (urusan, organisasi, program, kegiatan, sub); None
    when anything is off (then :func:`_parse_lra_lengkap` says what). A kabupaten file repeats a few
    hundred prefixes over tens of thousands of rows, so each is checked once."""
    u, b, *org, program, tengah = token
    if not (_angka(u, 1) and _angka(b, 2) and _angka(program, 2) and all(t.isascii() and t.isdigit() for t in org)):
        return None
    if tengah == "00":
        return (f"{u}.{b}", " ".join(org), None if program == "00" else program, None, None)
    m = _RE_KEGIATAN_SUB_LRA.fullmatch(tengah)
    if not m or program == "00" or m.group(2) == "0000":
        return None
    return (f"{u}.{b}", " ".join(org), program, m.group(1), m.group(2))


@functools.lru_cache(maxsize=8192)
def _akun_lra(token: tuple[str, ...]):
    """The account tokens of a well-formed LRA code → (akun, kelompok); None when off (see :func:`_awal_lra`)."""
    if len(token) > len(_DIGIT_AKUN) or not all(_angka(t, n) for t, n in zip(token, _DIGIT_AKUN)):
        return None
    return " ".join(token), (" ".join(token[:2]) if len(token) >= 2 else None)


def parse_lra(s) -> KodeLra:
    """``7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026`` → :class:`KodeLra`.

    Tokens are split on any whitespace (repeated spaces, tabs, non-breaking
    spaces). Tokens 3–5 are the organisation segment, kept as printed.
    A well-formed code takes the cached path; anything else is read by
    :func:`_parse_lra_lengkap`, whose message says what is wrong.
    """
    return coba_parse_lra(s) or _parse_lra_lengkap(s)


# A code written the usual way: single spaces, nothing around it, the account 1 to 6 levels of the right
# widths. Split in two, the prefix (7 tokens) and the account, each checked once per distinct text.
_RE_LRA_RAPI = re.compile(
    r"(\d \d\d \d+ \d+ \d+ \d\d (?:00|\d\.\d\d\.\d{4})) (\d(?: \d(?: \d\d(?: \d\d(?: \d\d(?: \d{4})?)?)?)?)?)", re.ASCII
)


@functools.lru_cache(maxsize=8192)
def _awal_lra_teks(awal: str):
    return _awal_lra(tuple(awal.split(" ")))


@functools.lru_cache(maxsize=8192)
def _akun_lra_teks(akun: str):
    token = tuple(akun.split(" "))
    return None if (ak := _akun_lra(token)) is None else (*ak, len(token))


def coba_parse_lra(s) -> KodeLra | None:
    """:func:`parse_lra` of a well-formed code, None for anything else (not a code, or a bad one): the
    LRA reader's short path over tens of thousands of rows; :func:`parse_lra` says what is wrong."""
    if type(s) is str and (m := _RE_LRA_RAPI.fullmatch(s)) is not None:
        # the usual text: the same result as the token path below, without splitting the whole code
        if (awal := _awal_lra_teks(m.group(1))) is None or (ak := _akun_lra_teks(m.group(2))) is None:
            return None
        return _kode_lra(awal, *ak, s)
    token = (s if type(s) is str and s.isascii() else _bersihkan(s)).split()
    if len(token) < 8 or (awal := _awal_lra(tuple(token[:7]))) is None or (ak := _akun_lra(tuple(token[7:]))) is None:
        return None
    return _kode_lra(awal, *ak, len(token) - 7, " ".join(token))


def _kode_lra(awal, akun, kelompok, n, teks) -> KodeLra | None:
    """The KodeLra of a checked prefix and account of ``n`` levels, None when the levels do not fit the row's
    kind. Built by :func:`dasar.beku.beku` (no guarded setattr per field; a third of the cost of a row over a
    kabupaten file): the same object, equal, hashable and frozen, its ``teks`` the tokens joined by single
    spaces, which is what the property writes back for a well-formed code."""
    urusan, organisasi, program, kegiatan, sub = awal
    if kegiatan is None:
        if n > 2:
            return None
        jenis = BARIS_TOTAL if program is None else BARIS_PROGRAM
    else:
        if n < 2:
            return None
        jenis = BARIS_SUB_KEGIATAN if n == 2 else BARIS_REKENING
    return beku(
        KodeLra,
        {
            "urusan": urusan,
            "organisasi": organisasi,
            "program": program,
            "kegiatan": kegiatan,
            "sub_kegiatan": sub,
            "akun": akun,
            "kelompok": kelompok,
            "jenis_baris": jenis,
            "teks": teks,
        },
    )


def _parse_lra_lengkap(s) -> KodeLra:
    """:func:`parse_lra` checked part by part, raising :class:`KodeTidakValid` with what is wrong."""
    teks = _bersihkan(s)
    token = teks.split()

    def gagal(alasan: str) -> KodeTidakValid:
        return KodeTidakValid(f"Kode rekening LRA '{_tampil(s)}' tidak valid: {alasan}. Bentuk yang diharapkan: {_BENTUK_LRA}.")

    if not token:
        raise gagal("kode kosong")
    if len(token) < 8:
        raise gagal(f"hanya {len(token)} bagian, paling sedikit 8 (sampai akun 5)")
    if not _angka(token[0], 1):
        raise gagal(f"bagian urusan '{token[0]}' harus 1 angka")
    if not _angka(token[1], 2):
        raise gagal(f"bagian bidang urusan '{token[1]}' harus 2 angka")
    organisasi = token[2:5]
    for t in organisasi:
        if not (t.isascii() and t.isdigit()):
            raise gagal(f"bagian organisasi '{t}' harus angka")
    program = token[5]
    if not _angka(program, 2):
        raise gagal(f"bagian program '{program}' harus 2 angka (00 pada baris total)")
    tengah = token[6]
    akun = token[7:]
    if len(akun) > len(_DIGIT_AKUN):
        raise gagal(f"akun '{' '.join(akun)}' lebih dari {len(_DIGIT_AKUN)} tingkat")
    for t, n, nama in zip(akun, _DIGIT_AKUN, _NAMA_AKUN):
        if not _angka(t, n):
            raise gagal(f"bagian {nama} '{t}' pada akun harus {n} angka")

    kegiatan = sub = None
    if tengah == "00":
        if program == "00":
            jenis = BARIS_TOTAL
        else:
            jenis = BARIS_PROGRAM
        if len(akun) > 2:
            raise gagal("baris total dan baris program hanya memuat akun sampai kelompok (mis. 5 1)")
    else:
        m = _RE_KEGIATAN_SUB_LRA.fullmatch(tengah)
        if not m:
            raise gagal(f"bagian kegiatan dan sub kegiatan '{tengah}' harus berbentuk K.KK.SSSS (mis. 2.01.0001) atau 00")
        if program == "00":
            raise gagal("baris sub kegiatan tidak boleh berprogram 00")
        kegiatan, sub = m.group(1), m.group(2)
        if sub == "0000":
            raise gagal("sub kegiatan 0000 tidak ada")
        if len(akun) < 2:
            raise gagal("baris sub kegiatan harus memuat kelompok akun (mis. 5 1)")
        jenis = BARIS_SUB_KEGIATAN if len(akun) == 2 else BARIS_REKENING

    return KodeLra(
        urusan=f"{token[0]}.{token[1]}",
        organisasi=" ".join(organisasi),
        program=None if program == "00" else program,
        kegiatan=kegiatan,
        sub_kegiatan=sub,
        akun=" ".join(akun),
        kelompok=" ".join(akun[:2]) if len(akun) >= 2 else None,
        jenis_baris=jenis,
    )


_BENTUK_REKENING = (
    "akun.kelompok.jenis.objek.rincian objek.sub rincian objek, mis. 5.1.02.01.01.0024 "
    "(atau ditulis seperti LRA: 5 1 02 01 01 0024); boleh sampai tingkat mana pun, mis. 5.1.02"
)


@dataclass(frozen=True)
class Rekening:
    """A kode rekening (the account path alone, without the sub kegiatan): ``5.1.02.01.01.0024``.

    ``bagian`` holds one string per level (akun, kelompok, jenis, objek, rincian objek, sub rincian
    objek), at least the akun. The kode rekening list writes it with dots (:attr:`teks`); the LRA
    writes it with spaces after the sub kegiatan (:attr:`lra`, ``KodeLra.akun``).
    """

    bagian: tuple[str, ...]

    @property
    def teks(self) -> str:
        return ".".join(self.bagian)

    @property
    def lra(self) -> str:
        return " ".join(self.bagian)

    @property
    def tingkat(self) -> str:
        return _NAMA_AKUN[len(self.bagian) - 1]

    def __str__(self) -> str:
        return self.teks


def parse_rekening(s) -> Rekening:
    """``5.1.02.01.01.0024`` or ``5 1 02 01 01 0024`` → :class:`Rekening` (any level from akun down)."""
    teks = _bersihkan(s)

    def gagal(alasan: str) -> KodeTidakValid:
        return KodeTidakValid(f"Kode rekening '{_tampil(s)}' tidak valid: {alasan}. Bentuk yang diharapkan: {_BENTUK_REKENING}.")

    if not teks:
        raise gagal("kode kosong")
    bagian = teks.split() if "." not in teks else teks.split(".")
    if "." in teks and any(c.isspace() for c in teks):
        raise gagal("titik dan spasi tidak boleh bercampur")
    if len(bagian) > len(_DIGIT_AKUN):
        raise gagal(f"terdiri atas {len(bagian)} bagian, paling banyak {len(_DIGIT_AKUN)}")
    for t, n, nama in zip(bagian, _DIGIT_AKUN, _NAMA_AKUN):
        if not _angka(t, n):
            raise gagal(f"bagian {nama} '{t}' harus {n} angka")
    return Rekening(tuple(bagian))
