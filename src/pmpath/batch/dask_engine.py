"""The same leveling over partitions of CSV, Parquet or JSON Lines with Dask, locally or on a cluster."""

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
    """Level every posting of `source` (a path or glob) into out_dir/part-*.jsonl; returns counts per level."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from pmpath.leveling import Leveler

    from .records import Record, json_record, level_record

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
            lines = db.read_text(source, blocksize=blocksize, encoding="utf-8", errors="replace")
            records = lines.filter(lambda line: line.strip()).map(lambda line: json_record(0, line.encode("utf-8")))
        else:
            import dask.dataframe as dd

            frame = (
                dd.read_parquet(source)
                if suffix == "parquet"
                else dd.read_csv(source, blocksize=blocksize, dtype=str, keep_default_na=False)
            )
            columns = list(frame.columns)
            if text_column not in columns:
                raise ValueError(f"no column '{text_column}' in {source} ({', '.join(columns)})")

            def to_record(row: dict) -> Record:
                record_id = None if row.get(id_column) is None else str(row[id_column])
                text = str(row.get(text_column) or "")
                if not text.strip():
                    return Record(0, record_id, error=f"column '{text_column}' is empty")
                return Record(0, record_id, row.get(title_column), text)

            records = frame.to_bag(format="dict").map(to_record)
        outputs = records.map_partitions(level_partition)
        out_dir.mkdir(parents=True, exist_ok=True)
        outputs.to_textfiles(str(out_dir / "part-*.jsonl"), encoding="utf-8", last_endline=True)
        counts: dict[str, int] = {}
        for path in sorted(out_dir.glob("part-*.jsonl")):
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    level = json.loads(line).get("level") or "error"
                    counts[level] = counts.get(level, 0) + 1
        return counts
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
