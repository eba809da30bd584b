"""One shared pymorphy3 analyser (loading its dictionaries takes ~0.3 s)."""

from __future__ import annotations

import functools

import pymorphy3


@functools.lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")
