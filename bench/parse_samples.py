"""Time parsing the four sample report files (read + table + every field), cold and warm.

    .venv/bin/python bench/parse_samples.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.parse import parse_file  # noqa: E402

SAMPLES = sorted((ROOT / "tests" / "fixtures").glob("smolensk-*.*"))

start = time.perf_counter()
events = sum(len(parse_file(p).events) for p in SAMPLES)
cold = time.perf_counter() - start
start = time.perf_counter()
runs = 5
for _ in range(runs):
    for p in SAMPLES:
        parse_file(p)
warm = (time.perf_counter() - start) / runs
print(f"files: {len(SAMPLES)}  events: {events}")
print(f"cold (first run, incl. morphology dictionaries): {cold:.3f} s")
print(f"warm (mean of {runs} runs):                       {warm:.3f} s")
