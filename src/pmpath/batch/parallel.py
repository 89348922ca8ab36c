"""Level a stream of records on every core, in input order, with memory bounded by a window of chunks."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Iterable, Iterator
from itertools import islice

from pmpath.framework import Framework
from pmpath.leveling import Leveler

from .records import Record, level_record, level_records

CHUNK = 64  # postings a worker levels per task: big enough to amortize pickling, small enough to stream
WINDOW = 4  # chunks in flight per worker: bounds memory however long the input

_worker_leveler: Leveler | None = None


def _init_worker(fw: Framework) -> None:
    global _worker_leveler
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one message, not one a worker
    _worker_leveler = Leveler(fw)


def _level_chunk(chunk: list[Record]) -> list[dict]:
    assert _worker_leveler is not None
    return level_records(_worker_leveler, chunk)


def _chunks(records: Iterable[Record], gate: threading.Semaphore) -> Iterator[list[Record]]:
    iterator = iter(records)
    while True:
        gate.acquire()  # released when the caller has taken a finished chunk
        chunk = list(islice(iterator, CHUNK))
        if not chunk:
            return
        yield chunk


def level_stream(fw: Framework, records: Iterable[Record], jobs: int = 1) -> Iterator[dict]:
    """Output objects for the records, in order. jobs=1 runs in this process."""
    if jobs <= 1:
        leveler = Leveler(fw)
        for record in records:
            yield level_record(leveler, record)
        return
    Leveler(fw)  # a framework that cannot level fails here, once: a worker failing to start is started again, forever
    gate = threading.Semaphore(jobs * WINDOW)
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(fw,)) as pool:
        for results in pool.imap(_level_chunk, _chunks(records, gate)):
            gate.release()
            yield from results
