"""One log line per event, as JSON, on standard output (plain Python, shared by Django and gunicorn).

A server's stdout goes to journald or the container runtime; a JSON line per event is
what a log shipper or ``jq`` reads without guessing where a message ends. The keys are
the usual ones (``ts``, ``level``, ``logger``, ``msg``) so tools need no mapping; the
messages themselves are Indonesian. Anything passed as ``extra={...}`` becomes a key
of its own (``logger.info("Dokumen selesai", extra={"dokumen": 12, "detik": 1.4})``).
"""

from __future__ import annotations

import datetime
import json
import logging

# Attributes every LogRecord has; the rest came from ``extra``.
_BAWAAN = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class FormatJson(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        baris = {
            "ts": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for kunci, nilai in vars(record).items():
            if kunci not in _BAWAAN and not kunci.startswith("_"):
                baris[kunci] = nilai
        if record.exc_info:
            baris["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            baris["stack"] = self.formatStack(record.stack_info)
        return json.dumps(baris, ensure_ascii=False, default=str)


class FormatAksesGunicorn(FormatJson):
    """gunicorn's access log as JSON: one line per request with its fields, not a preformatted string.

    gunicorn hands its "atoms" (method, path, status, time…) to the logger as the record's
    arguments; they become keys here, so ``jq 'select(.status >= 500)'`` just works.
    """

    def format(self, record: logging.LogRecord) -> str:
        atom = record.args if isinstance(record.args, dict) else None
        if atom is None:
            return super().format(record)
        salinan = logging.makeLogRecord({**vars(record), "args": (), "msg": f"{atom.get('m')} {atom.get('U')}"})
        salinan.method, salinan.path, salinan.query = atom.get("m"), atom.get("U"), atom.get("q") or ""
        salinan.status = int(atom["s"]) if str(atom.get("s", "")).isdigit() else atom.get("s")
        salinan.ms, salinan.bytes = atom.get("M"), atom.get("B")
        salinan.remote = atom.get("{x-forwarded-for}i") or atom.get("h")
        salinan.ua = atom.get("a")
        return super().format(salinan)
