"""Lint findings as SARIF 2.1.0, the format code-scanning tools in CI read (a shell over jd results)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from pmpath import __version__
from pmpath.framework import Framework
from pmpath.reports.jd_text import LintReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning"}


def artifact_uri(name: str) -> str:
    """A file name as the URI reference SARIF asks for: '/', percent-encoded ('my postings/a.md' ->
    'my%20postings/a.md'); standard input, '-', stays as it is."""
    return name if name == "-" else quote(Path(name).as_posix())


def sarif_log(fw: Framework, results: list[tuple[str, LintReport]]) -> dict[str, Any]:
    """One SARIF run over every linted file: the rules the framework turns on, and each finding."""
    assert fw.jd is not None
    rules = [
        {
            "id": rule_id,
            "shortDescription": {"text": rule.text},
            "helpUri": "https://github.com/pmpath/pmpath#job-descriptions",
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule_id, rule in fw.jd.rules.items()
        if rule.severity != "off"
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    findings = []
    for uri, result in results:
        for f in result.findings:
            end_line = f.line + f.quote.count("\n")  # columns count code points (columnKind below)
            end_column = (len(f.quote) - f.quote.rfind("\n")) if "\n" in f.quote else f.column + len(f.quote)
            findings.append(
                {
                    "ruleId": f.rule,
                    "ruleIndex": index[f.rule],
                    "level": _LEVEL[f.severity],
                    "message": {"text": f"{f.message} Fix: {f.fix} (§ {f.source_heading})"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": artifact_uri(uri)},
                                "region": {
                                    "startLine": f.line,
                                    "startColumn": f.column,
                                    "endLine": end_line,
                                    "endColumn": end_column,  # == startColumn: a point (whole posting)
                                    "charOffset": f.start,
                                    "charLength": f.end - f.start,
                                },
                            }
                        }
                    ],
                    "properties": {"level": result.level, "why": f.why, "source": f.source},
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pmpath",
                        "version": __version__,
                        "informationUri": "https://github.com/pmpath/pmpath",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",  # the offsets are Python's: code points, not UTF-16 units
                "results": findings,
            }
        ],
    }
