"""`python -m loaders`: the command line, given the dashboard's stored answers to refresh after a build.

This is the one place the loader is wired to the dashboard: the CLI's `build` and `migrate` store the answers
of `STORED_ANSWERS` (`module:attribute`, a loaders.db.stored.StoredAnswers; the dashboard's registry of
@summarised queries), imported only when the command runs. `COOP_STORED_ANSWERS` names another one; set it
empty for none (the database then carries no stored answers and the dashboard answers live).
"""

from __future__ import annotations

import importlib
import os

from loaders.cli import main
from loaders.db.stored import StoredAnswers

STORED_ANSWERS = "analytics.stored_answers:STORED"


def stored_answers(spec: str | None = None) -> StoredAnswers | None:
    """The hook `spec` names (default: COOP_STORED_ANSWERS, else STORED_ANSWERS); None for an empty spec."""
    spec = os.environ.get("COOP_STORED_ANSWERS", STORED_ANSWERS) if spec is None else spec
    if not spec.strip():
        return None
    module, _, attribute = spec.strip().partition(":")
    hook: StoredAnswers = getattr(importlib.import_module(module), attribute or "STORED")
    return hook


if __name__ == "__main__":
    main(stored_answers())
