"""The leveling settings of a framework: its own `leveling` section, or pmpath's built-in one."""

from __future__ import annotations

from pmpath.framework import Framework, builtin_framework
from pmpath.framework.leveling_model import PostingLeveling


def settings_of(fw: Framework) -> PostingLeveling:
    """The framework's leveling settings; a framework without them uses the built-in ones, with its
    middle level as the default when the built-in default is not one of its levels."""
    if fw.leveling is not None:
        return fw.leveling
    builtin = builtin_framework().leveling
    assert builtin is not None  # the built-in framework always has them
    if builtin.default_level in fw.level_ids:
        return builtin
    return builtin.model_copy(update={"default_level": fw.level_ids[len(fw.level_ids) // 2]})
