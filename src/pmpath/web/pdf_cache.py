"""Rendered PDFs kept by what they show, so a stored assessment's PDF is made once, not on every download."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


def pdf_key(assessment_id: str, framework_id: str, framework_version: str, result: dict[str, Any]) -> str:
    """What a PDF depends on: the assessment (its stored result, so a reused id never gets another's
    PDF) and the framework version it renders with."""
    digest = hashlib.sha256(json.dumps(result, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f"{assessment_id}:{framework_id}:{framework_version}:{digest}"


class PdfCache:
    """The most recently used PDFs; requests for a PDF being made wait for it instead of making it again."""

    def __init__(self, entries: int):
        self.entries = entries
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._making: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.made = 0  # PDFs rendered, for tests and benchmarks

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._pdfs:
                self._pdfs.move_to_end(key)
                return self._pdfs[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._pdfs:
                    return self._pdfs[key]
            pdf = make()
            with self._lock:
                self.made += 1
                self._making.pop(key, None)
                if self.entries:
                    self._pdfs[key] = pdf
                    while len(self._pdfs) > self.entries:
                        self._pdfs.popitem(last=False)
            return pdf
