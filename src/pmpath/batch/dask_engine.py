"""The same leveling over partitions of CSV, Parquet or JSON Lines with Dask, locally or on a cluster.

Records are built by the same builder as the local engine's (records.field_record / json_record), so
both engines say the same of every posting; only line numbers differ, which a partition read in
parallel does not know (its errors name the posting's id).
"""

from __future__ import annotations

import json
from pathlib import Path

from pmpath.framework import Framework


def level_with_dask(
    fw: Framework,
    source: str,
    out_dir: Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    title_column: str = "title",
    text_column: str = "text",
    id_column: str = "id",
    blocksize: str = "16MB",
) -> dict[str, int]:
    """Level every posting of `source` (a path or glob) into out_dir/part-*.jsonl; returns counts per
    level of this run. Refuses an out_dir that already holds files, so no earlier part is counted or
    mixed with this run's."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ValueError(f"{out_dir}: the output folder must be new or empty (it holds an earlier run's files)")
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from pmpath.leveling import Leveler

    from .records import field_record, json_record, level_record, shown_columns

    def level_partition(rows: list) -> list[str]:
        leveler = Leveler(fw)
        return [json.dumps(level_record(leveler, row), ensure_ascii=False) for row in rows]

    cluster = (
        None
        if scheduler
        else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    )
    client = Client(scheduler or cluster)
    try:
        suffix = source.rsplit(".", 1)[-1].lower()
        if suffix in ("jsonl", "json", "ndjson"):
            # surrogateescape keeps the bytes of a line that is not UTF-8, so json_record can say so
            lines = db.read_text(source, blocksize=blocksize, encoding="utf-8", errors="surrogateescape")
            records = lines.filter(lambda line: line.strip()).map(
                lambda line: json_record(None, line.rstrip("\r\n").encode("utf-8", "surrogateescape"))
            )
        else:
            import dask.dataframe as dd

            frame = (
                dd.read_parquet(source)
                if suffix == "parquet"
                # as the local reader: a row that is not UTF-8 is refused by field_record, the rest read
                else _read_csv_text(source, blocksize)
            )
            columns = list(frame.columns)
            if text_column not in columns:
                raise ValueError(f"no column '{text_column}' in {source} ({shown_columns(columns)})")
            for named, default, option in ((title_column, "title", "--title-column"), (id_column, "id", "--id-column")):
                if named != default and named not in columns:  # as the local reader: a named column must be there
                    raise ValueError(f"no column '{named}' in {source} ({shown_columns(columns)}); check {option}")

            def to_record(row: dict):
                return field_record(
                    None,
                    row.get(id_column),
                    row.get(title_column),
                    row.get(text_column),
                    f"column '{text_column}'",
                    f"column '{title_column}'",
                )

            records = frame.to_bag(format="dict").map(to_record)
        outputs = records.map_partitions(level_partition)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = outputs.to_textfiles(str(out_dir / "part-*.jsonl"), encoding="utf-8", last_endline=True)
        counts: dict[str, int] = {}
        for path in written:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    level = json.loads(line).get("level") or "error"
                    counts[level] = counts.get(level, 0) + 1
        return counts
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _read_csv_text(source: str, blocksize: str):  # type: ignore[no-untyped-def]
    """A CSV as a frame of Python strings, read as the local reader reads it: UTF-8 with an optional
    byte-order mark, a byte that is not UTF-8 kept as a stand-in character for field_record to refuse
    (object columns: Arrow's strings, pandas' default, cannot hold it)."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        return dd.read_csv(
            source,
            blocksize=blocksize,
            dtype=object,
            keep_default_na=False,
            encoding="utf-8-sig",
            encoding_errors="surrogateescape",
        )
