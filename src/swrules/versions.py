"""Policy sets: one policy file, or a folder holding several versions of a policy.

Input: a path to a `.swr` file (or, later, a folder of versions). Output: a
`PolicySet` whose `select` picks the policy in force for a station's facts and says
why. Commands that evaluate stations go through here, so that choosing a version is
done in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .engine import Policy, load_policy


class PolicySet:
    """The versions of one policy; a single file is a set of one."""

    def __init__(self, policies: list[Policy]) -> None:
        self.policies = policies

    @classmethod
    def load(cls, path: str | Path) -> PolicySet:
        """Load a policy file; raise `PolicyError` if it has errors."""
        return cls([load_policy(path)])

    @property
    def warnings(self) -> list[Diagnostic]:
        return [w for p in self.policies for w in p.warnings]

    def select(self, facts: Mapping[str, Any], *, version: str | None = None,
               file: str = "<facts>") -> tuple[Policy, str]:
        """The policy that applies to these facts, and a sentence saying why.

        Raises `FactsError` when no version (or more than one) covers the station's period.
        """
        del facts, version, file
        policy = self.policies[0]
        return policy, f"{policy.checked.source_name}"
