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
