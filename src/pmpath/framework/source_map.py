"""YAML reading that remembers where each field was written, so errors can name file, line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

Path_ = tuple[str | int, ...]

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is several times faster


# '&name' where YAML reads an anchor ('P&L' is none); after a byte-order mark too, which the parser skips
_ANCHOR = re.compile("(?:^|[\\s\\[{,:\\-\ufeff])&\\S")


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that records keys written twice in one mapping instead of silently keeping the last."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []
        self.anchored = bool(_ANCHOR.search(stream))  # without an anchor, no alias can make a cycle

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value, or a problem on its line when its tag cannot make one: an impossible date
        ('2026-02-30'), '!!float abc'."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError) as error:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{node.value[:40]!r} cannot be read: {error}" if isinstance(node, yaml.ScalarNode) else str(error),
                node.start_mark,
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # '? [a, b]': a list or mapping as a key
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word or number, not a list or mapping", key_node.start_mark
                )
            key = key_node.value
            if key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_document(self, node: yaml.Node) -> Any:
        if self.anchored:
            _refuse_cycles(node)
        return super().construct_document(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """An integer, or a problem on its line when Python will not read one that long (over 4,300 digits)."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            if len(node.value) <= 4300:
                raise  # not a number at all ('!!int abc'): said by construct_object
            raise yaml.constructor.ConstructorError(
                None, None, f"a number of {len(node.value):,} characters is too long to read", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _refuse_cycles(root: yaml.Node) -> None:
    """A YAML alias may name a mapping or list it sits inside ('a: &a {b: *a}'), which makes data that
    contains itself: nothing reads it to an end. Refused with the line its anchor is on; each node is
    visited once, so a document of shared aliases costs no more than its own size."""
    state: dict[int, bool] = {id(root): True}  # True: being visited (an ancestor), False: done
    stack = [(root, iter(_children(root)))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[id(node)] = False
            stack.pop()
        elif state.get(id(child)) is True:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to the mapping or list it sits inside, which never ends", child.start_mark
            )
        elif id(child) not in state:
            state[id(child)] = True
            stack.append((child, iter(_children(child))))


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


@dataclass(frozen=True)
class Budget:
    """How much a YAML text may hold once its aliases are expanded, checked before anything is built:
    a few hundred bytes of nested aliases can otherwise stand for billions of nodes (a "YAML bomb")."""

    max_bytes: int = 1_000_000
    max_nodes: int = 200_000
    max_depth: int = 40
    max_aliases: int = 100


DEFAULT_BUDGET = Budget()


def over_budget(text: str, filename: str, budget: Budget = DEFAULT_BUDGET) -> Problem | None:
    """The first way `text` exceeds `budget` (size, expanded nodes, depth, aliases), located; None when within.

    Reads only the parser's event stream, whose length grows with the text, never with what aliases expand to.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > budget.max_bytes:
        return Problem(filename, None, "", f"the file is {size:,} bytes; at most {budget.max_bytes:,} are accepted")
    anchored: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, depth) of its value
    open_: list[_Open] = []
    nodes = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            line = (event.start_mark.line if event.start_mark else 0) + 1
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > budget.max_aliases:
                    return _problem(filename, line, open_, f"more than {budget.max_aliases} aliases (*name)")
                size_, depth = anchored.get(event.anchor or "", (1, 0))
                if len(open_) + depth > budget.max_depth:
                    return _problem(filename, line, open_, f"nested deeper than {budget.max_depth} levels")
            elif isinstance(event, yaml.ScalarEvent):
                size_, depth = 1, 0
                if event.anchor:
                    anchored[event.anchor] = (1, 0)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                nodes += 1
                open_.append(_Open(event.anchor, isinstance(event, yaml.MappingStartEvent)))
                if len(open_) > budget.max_depth:
                    return _problem(filename, line, open_[:-1], f"nested deeper than {budget.max_depth} levels")
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = open_.pop()
                size_, depth = done.nodes, done.depth
                if done.anchor:
                    anchored[done.anchor] = (size_, depth)
            else:
                continue
            if not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                nodes += size_  # a closed collection's nodes were counted as they came
            if nodes > budget.max_nodes:
                return _problem(
                    filename, line, open_, f"expands to more than {budget.max_nodes:,} values (aliases count each use)"
                )
            if open_:
                open_[-1].add(event, size_, depth)
    except yaml.YAMLError:
        return None  # the parser's own message, with its line, comes from parsing proper
    return None


class _Open:
    """A mapping or sequence being read by over_budget: its size so far and where it is."""

    def __init__(self, anchor: str | None, mapping: bool):
        self.anchor, self.mapping = anchor, mapping
        self.nodes, self.depth, self.items = 1, 1, 0
        self.last_key: str | None = None

    @property
    def key(self) -> str | int | None:
        """Where in this collection reading is: the mapping's current key, or the sequence's position."""
        return self.last_key if self.mapping else self.items

    def add(self, event: yaml.Event, nodes: int, depth: int) -> None:
        self.nodes += nodes
        self.depth = max(self.depth, depth + 1)
        if self.mapping and self.items % 2 == 0:
            self.last_key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        self.items += 1


def _problem(filename: str, line: int, open_: list[_Open], message: str) -> Problem:
    return Problem(filename, line, field_name(tuple(o.key for o in open_ if o.key is not None)), message)


def parse_model(
    text: str, filename: str, model: type[M], what: str, budget: Budget = DEFAULT_BUDGET
) -> tuple[M, list[Problem]]:
    """A Pydantic model from YAML or JSON text, plus problems that did not stop parsing (keys written twice).

    Raises ProblemsError, each problem with its line and field, when the text is over `budget` or is not
    a valid `model`.
    """
    too_much = over_budget(text, filename, budget)
    if too_much is not None:
        raise ProblemsError([too_much])
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
            problems.append(Problem(filename, where.line_of(path), field_name(path), error_message(item)))
        raise ProblemsError(problems) from None


def located(text: str, filename: str, findings: list[tuple[Path_, str]]) -> list[Problem]:
    """Problems for (path, message) findings, each placed on its line of the text."""
    if not findings:
        return []
    where = SourceMap(text)
    return [Problem(filename, where.line_of(path), field_name(path), message) for path, message in findings]


_VALIDATOR_PREFIXES = ("Value error, ", "Assertion failed, ")  # pydantic puts these before a validator's own words


def error_message(item: Any) -> str:
    """One validation error as a person reads it: pmpath's own sentence without pydantic's prefix,
    a plain phrase for a missing or unknown field. Every face writes errors through this."""
    if item["type"] == "missing":
        return "required field is missing"
    if item["type"] == "extra_forbidden":
        return "unknown field (check its spelling)"
    message = str(item["msg"])
    for prefix in _VALIDATOR_PREFIXES:
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]
