"""What the web app holds between requests: the store and the frameworks it can use."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from pmpath.framework import Framework, builtin_framework, builtin_name, parse_framework
from pmpath.store import NotFound, Store


@dataclass
class AppState:
    store: Store
    default: Framework
    _cache: dict[tuple[str, str | None], Framework] = field(default_factory=dict)

    def framework(self, framework_id: str | None = None, version: str | None = None) -> Framework:
        """The default framework, a built-in one, or a stored upload (latest version unless given)."""
        if framework_id is None or framework_id == self.default.id:
            return self.default
        name = builtin_name(framework_id)
        if name is not None:
            return builtin_framework(name)
        key = (framework_id, version)
        if key not in self._cache:
            try:
                text = self.store.framework_text(framework_id, version)
            except NotFound as error:
                raise HTTPException(404, str(error)) from None
            self._cache[key] = parse_framework(text, framework_id)
        return self._cache[key]


def state(request: Request) -> AppState:
    return request.app.state.pmpath
