"""Leveling many postings: streaming readers, a bounded parallel map, writers, and a Dask engine.

A shell over the leveling core: it owns the files and processes, the core owns the decisions.
"""

from .parallel import level_stream
from .records import MAX_RECORD_BYTES, Record, csv_records, jsonl_records, level_record

__all__ = ["MAX_RECORD_BYTES", "Record", "csv_records", "jsonl_records", "level_record", "level_stream"]
