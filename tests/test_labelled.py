"""Every parsed field of all 86 sample events against the hand-labelled expectations."""

from __future__ import annotations

from tests.labelled import accuracy_table, compare

THRESHOLDS = {"partners": 0.98, "date_start": 0.98, "date_end": 0.98, "quarter": 0.98, "format": 0.98,
              "city": 0.98, "participants_total": 0.95}


def test_per_field_accuracy(sample_conn, capsys):
    acc, misses = compare(sample_conn)
    with capsys.disabled():
        print("\n" + accuracy_table(acc))
        for miss in misses:
            print("  " + miss)
    for field, minimum in THRESHOLDS.items():
        assert acc[field] >= minimum, (field, acc[field])
    assert misses == []
