"""The upload preview's tables as shown: a file's rejected rows and unparsed fields in the UI language
(the row in the file, the field and the reason in words; the cell text as written)."""

from __future__ import annotations

import pandas as pd

from analytics.export import source_ref_text
from ui.i18n import reason_text, t


def rejects_frame(rejects: list[tuple[str, str, str]], lang: str) -> pd.DataFrame:
    """(source_ref, reason, raw text) rows of loaders.preview.Preview.rejects."""
    return pd.DataFrame([(source_ref_text(ref, lang), reason_text(reason, lang), raw) for ref, reason, raw in rejects],
                        columns=[t("col.source_ref", lang), t("col.reason", lang), t("col.raw_text", lang)])


def issues_frame(issues: list[tuple[str, str, str]], lang: str) -> pd.DataFrame:
    """(source_ref, field code, reason) rows of loaders.preview.Preview.issues."""
    return pd.DataFrame([(source_ref_text(ref, lang), t(f"field.{field}", lang), reason_text(reason, lang))
                         for ref, field, reason in issues],
                        columns=[t("col.source_ref", lang), t("col.field", lang), t("col.reason", lang)])
