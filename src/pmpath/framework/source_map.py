"""YAML reading that remembers where each field was written, so errors can name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

Path_ = tuple[str | int, ...]

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is several times faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that records keys written twice in one mapping instead of silently keeping the last."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework or answers file, located as precisely as the file allows."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ProblemsError(ValueError):
    """Raised with every problem found, so a user can fix a file in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def field_name(path: Path_) -> str:
    """('levels', 2, 'readiness', 'criteria', 0) -> 'levels[2].readiness.criteria[0]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(text: str) -> tuple[Any, list[tuple[str, int]]]:
    """Parse YAML (or JSON) fast; returns the data and the (key, line) of every key written twice."""
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


class SourceMap:
    """Line numbers of every key and list item of a YAML document; built only when there is an error to place."""

    def __init__(self, text: str):
        self.lines: dict[Path_, int] = {}
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: Path_) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                key = int(key) if isinstance(key, str) and key.isdigit() else key
                child = (*path, key)
                self.lines[child] = key_node.start_mark.line + 1
                self._walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                self._walk(item, (*path, position))

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest part of `path` the file actually has."""
        for end in range(len(path), -1, -1):
            key = tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in path[:end])
            if key in self.lines:
                return self.lines[key]
        return None


def parse_model(text: str, filename: str, model: type[M], what: str) -> tuple[M, list[Problem]]:
    """A Pydantic model from YAML or JSON text, plus problems that did not stop parsing (keys written twice).

    Raises ProblemsError, each problem with its line and field, when the text is not a valid `model`.
    """
    try:
        data, duplicates = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise ProblemsError(
            [Problem(filename, mark.line + 1 if mark else None, "", f"not valid YAML: {reason}")]
        ) from None
    if not isinstance(data, dict):
        raise ProblemsError([Problem(filename, 1, "", f"{what} must be a mapping of fields")])
    problems = [
        Problem(filename, line, key, "written twice in one mapping; the second value would silently win")
        for key, line in duplicates
    ]
    try:
        return model.model_validate(data), problems
    except ValidationError as error:
        where = SourceMap(text)
        for item in error.errors():
            path = tuple(item["loc"])
            problems.append(Problem(filename, where.line_of(path), field_name(path), _message(item)))
        raise ProblemsError(problems) from None


def located(text: str, filename: str, findings: list[tuple[Path_, str]]) -> list[Problem]:
    """Problems for (path, message) findings, each placed on its line of the text."""
    if not findings:
        return []
    where = SourceMap(text)
    return [Problem(filename, where.line_of(path), field_name(path), message) for path, message in findings]


def _message(item: Any) -> str:
    if item["type"] == "missing":
        return "required field is missing"
    if item["type"] == "extra_forbidden":
        return "unknown field (check its spelling)"
    return item["msg"][0].lower() + item["msg"][1:]
