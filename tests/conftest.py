"""Shared fixtures: the source document, the built-in framework text, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmpath.framework import builtin_framework, builtin_text

ROOT = Path(__file__).resolve().parents[1]


def shared_file(*parts: str) -> Path:
    """A file of the project's shared folder (beside the checkout); CI must have it, so it fails there."""
    base = Path(os.environ.get("PMPATH_SHARED", ROOT.parent / "shared"))
    path = base.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run beside the shared folder")
        pytest.skip(f"{path} not available outside CI")
    return path


@pytest.fixture(scope="session")
def source_text() -> str:
    return shared_file("source", "product-manager-career-path.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_postings_path() -> Path:
    return shared_file("data", "dev_postings.jsonl")


@pytest.fixture(scope="session")
def fw():
    return builtin_framework()


@pytest.fixture(scope="session")
def framework_text() -> str:
    return builtin_text()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke the real Typer app in-process; returns the click Result."""
    from pmpath.cli.app import app

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke
