"""The dashboard's stored answers: every @summarised query of analytics.queries and analytics.compare,
collected explicitly.

`STORED` is the hook (loaders.db.stored.StoredAnswers) that a build, a migrate and `is_current` are given by
their caller: `python -m loaders` (loaders/__main__.py names this module), the upload page and the
dashboard's first visit (ui/data.py). The loader itself never imports the query layer.
"""

from __future__ import annotations

from analytics import compare, queries
from analytics.summaries import Registry

STORED = Registry([*Registry.of_module(queries), *Registry.of_module(compare)])
