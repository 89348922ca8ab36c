"""Input records read one at a time, with every unreadable line turned into an error for that line."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pmpath.leveling import Leveler
from pmpath.reports.evidence import posting_record

MAX_RECORD_BYTES = 1_000_000  # a posting is a few KB; a megabyte is a broken export, not a posting
BOM = b"\xef\xbb\xbf"
TOO_LONG = f"line is longer than the limit of {MAX_RECORD_BYTES:,} bytes"  # both engines say it alike
# what no text holds: a byte that was not UTF-8 (kept by the 'surrogateescape' decoding, U+DC80-U+DCFF)
# or a JSON escape of half a surrogate pair ('\ud800'), which cannot be written out as UTF-8
_NOT_TEXT = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class Record:
    """One posting to level, or the reason it could not be read. `line` is None where the reader cannot
    know it (a Dask partition read in parallel); errors then name the posting by its id."""

    line: int | None
    id: str | None
    title: str | None = None
    text: str | None = None
    error: str | None = None


def jsonl_records(stream: BinaryIO) -> Iterator[Record]:
    """Records from JSON Lines bytes: one object a line with id, title (optional) and text. A line is read
    only up to the size limit: the rest of an over-long one is skipped in bounded pieces, so a stream
    without line ends (/dev/zero) never fills memory."""
    number = 0
    reach = MAX_RECORD_BYTES + 3  # the limit, one byte over it, and a line end ('\r\n')
    while raw := stream.readline(reach):
        number += 1
        if len(raw) == reach and not raw.endswith(b"\n"):  # cut off: the line goes on past the limit
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield Record(number, _sniff_id(raw), error=TOO_LONG)
            continue
        if not raw.strip():
            continue
        yield json_record(number, raw.rstrip(b"\r\n"))


def json_record(number: int | None, raw: bytes) -> Record:
    """One JSON Lines line as a record, or as the error that says why it cannot be read."""
    if len(raw) > MAX_RECORD_BYTES:
        return Record(number, _sniff_id(raw), error=TOO_LONG)
    try:
        data = json.loads(raw.removeprefix(BOM).decode("utf-8"))  # an editor's byte-order mark is no character
    except UnicodeDecodeError as error:
        return Record(number, _sniff_id(raw), error=f"not UTF-8 (byte {error.start})")
    except json.JSONDecodeError as error:
        return Record(number, _sniff_id(raw), error=f"invalid JSON: {error.msg} at character {error.pos + 1}")
    except ValueError as error:  # a number of over 4,300 digits
        return Record(number, _sniff_id(raw), error=f"invalid JSON: {error}".split(";")[0])
    except RecursionError:
        return Record(number, _sniff_id(raw), error="invalid JSON: nested too deeply")
    if not isinstance(data, dict):
        return Record(number, None, error="a line must be a JSON object")
    return field_record(number, data.get("id"), data.get("title"), data.get("text"), "field 'text'", "field 'title'")


def field_record(
    number: int | None, record_id: object, title: object, text: object, text_name: str, title_name: str
) -> Record:
    """The one record builder of every reader (JSON Lines, CSV, Parquet; local or Dask): an id as text, a
    title that is text or absent, a text that is non-empty text within the size limit."""
    rid = None if _missing(record_id) else str(record_id)
    if rid is not None and _NOT_TEXT.search(rid):  # kept to name the posting, written as escapes
        rid = rid.encode("utf-8", "backslashreplace").decode("utf-8")
    if _missing(text) or (isinstance(text, str) and not text.strip()):
        return Record(number, rid, error=f"{text_name} is missing or empty")
    if not isinstance(text, str):
        return Record(number, rid, error=f"{text_name} must be text, not {type(text).__name__}")
    if len(text) > MAX_RECORD_BYTES:
        return Record(number, rid, error=f"{text_name} is {len(text):,} characters; the limit is {MAX_RECORD_BYTES:,}")
    if _missing(title):
        title = None
    elif not isinstance(title, str):
        return Record(number, rid, error=f"{title_name} must be text, not {type(title).__name__}")
    for name, value in ((text_name, text), (title_name, title)):
        if value is not None and (odd := _NOT_TEXT.search(value)):
            byte = "\udc80" <= odd.group(0) <= "\udcff"
            why = "is not UTF-8" if byte else "holds half a surrogate pair, which is no character"
            return Record(number, rid, error=f"{name} {why} (character {odd.start() + 1})")
    return Record(number, rid, title, text)


def _missing(value: object) -> bool:
    """None, or a table's missing value (NaN)."""
    return value is None or (isinstance(value, float) and value != value)


def _sniff_id(raw: bytes) -> str | None:
    """The id of a line that does not parse, when it can be seen: errors should still name their posting."""
    start = raw.find(b'"id"')
    if start < 0:
        return None
    tail = raw[start + 4 : start + 200].decode("utf-8", "replace").lstrip(" :")
    if tail.startswith('"'):
        end = tail.find('"', 1)
        return tail[1:end] if end > 0 else None
    digits = "".join(c for c in tail[:20] if c.isdigit())
    return digits or None


def csv_records(
    stream: BinaryIO, title_column: str = "title", text_column: str = "text", id_column: str = "id"
) -> Iterator[Record]:
    """Records from CSV bytes with a header row; columns named by the caller."""
    csv.field_size_limit(sys.maxsize)
    # a byte that is not UTF-8 is kept as a stand-in character and refused with its row, so the rows
    # around it are read (a strict decoder fails on a whole buffer of rows and cannot resync); Excel's
    # byte-order mark is dropped
    decoded = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(_bounded_lines(decoded))
    try:
        header = next(reader)
    except StopIteration:
        return
    if any(_NOT_TEXT.search(name) for name in header):
        raise ValueError("the CSV header is not UTF-8: save the file as UTF-8 (Excel: CSV UTF-8)")
    names = shown_columns(header)
    if text_column not in header:
        raise ValueError(f"no column '{text_column}' in the CSV header ({names}); use --text-column")
    # a title or id column the caller named must be there; the default names may be absent
    for named, default, option in ((title_column, "title", "--title-column"), (id_column, "id", "--id-column")):
        if named != default and named not in header:
            raise ValueError(f"no column '{named}' in the CSV header ({names}); check {option}")
    at = {name: i for i, name in enumerate(header)}
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Record(reader.line_num, None, error=f"invalid CSV: {error}")
            continue
        number += 1
        if not row:
            continue
        record_id = row[at[id_column]] if id_column in at and at[id_column] < len(row) else str(number)
        text = row[at[text_column]] if at[text_column] < len(row) else ""
        title = row[at[title_column]] if title_column in at and at[title_column] < len(row) else None
        yield field_record(
            reader.line_num, record_id, title, text, f"column '{text_column}'", f"column '{title_column}'"
        )


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The lines of a CSV stream, each read only up to the size limit: a line that goes on past it (a
    stream without line ends, /dev/zero) stops the run with its number rather than filling memory; the
    CSV reader cannot resync inside a row, so the rest is not read."""
    number = 0
    while line := text.readline(MAX_RECORD_BYTES + 2):
        number += 1
        if len(line) == MAX_RECORD_BYTES + 2 and not line.endswith(("\n", "\r")):
            raise ValueError(f"line {number} is longer than the limit of {MAX_RECORD_BYTES:,} characters")
        yield line


def shown_columns(header: list[str]) -> str:
    """A header's column names for a message, shortened: a 'header' of megabytes is no header."""
    names = ", ".join(name[:40] for name in header[:20])
    return names + (f", ... ({len(header)} columns)" if len(header) > 20 else "")


def level_record(leveler: Leveler, record: Record) -> dict:
    """The output object of one record: the contract fields first, then the explanation."""
    if record.error is not None:
        return {"id": record.id, "line": record.line, "error": record.error}
    try:
        result = leveler.level(record.title, record.text or "")
    except Exception as error:  # one posting must never stop a run of millions
        return {"id": record.id, "line": record.line, "error": f"could not level: {error}"}
    return {"id": record.id, **posting_record(leveler.fw, result)}


def level_records(leveler: Leveler, records: Iterable[Record]) -> list[dict]:
    return [level_record(leveler, r) for r in records]
