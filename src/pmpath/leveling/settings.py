"""The leveling settings of a framework: its own `leveling` section, or pmpath's built-in one."""

from __future__ import annotations

from pmpath.framework import Framework, builtin_framework
from pmpath.framework.leveling_model import PostingLeveling


def settings_of(fw: Framework) -> PostingLeveling:
    """The framework's leveling settings; a framework without them uses the built-in ones, with its
    middle level as the default when the built-in default is not one of its levels, and only the
    look-alike jobs whose title confusion it names (the built-in ones point at the built-in confusions)."""
    if fw.leveling is not None:
        return fw.leveling
    builtin = builtin_framework().leveling
    assert builtin is not None  # the built-in framework always has them
    update: dict[str, object] = {}
    if builtin.default_level not in fw.level_ids:
        update["default_level"] = fw.level_ids[len(fw.level_ids) // 2]
    known = {c.id for c in fw.title_confusions}
    lookalikes = [x for x in builtin.roles.lookalikes if x.confusion in known]
    if len(lookalikes) != len(builtin.roles.lookalikes):
        update["roles"] = builtin.roles.model_copy(update={"lookalikes": lookalikes})
    return builtin.model_copy(update=update) if update else builtin
