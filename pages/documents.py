"""Документы: the справка of the current view, the consolidated report for the chosen period, the blank template.

Each file is built when its button is clicked, from exactly the sidebar's filters.
"""

import csv
from datetime import datetime

import streamlit as st

from analytics.documents.consolidated import build_docx as consolidated_docx
from analytics.documents.consolidated import build_xlsx as consolidated_xlsx
from analytics.documents.period_words import period_phrase
from analytics.documents.rows import consolidated_rows
from analytics.documents.template import build_template
from ui.data import ROOT, connection
from ui.documents.pdf import converter, docx_to_pdf
from ui.documents.spravka import build_docx as spravka_docx
from ui.documents.spravka import gather
from ui.i18n import t
from ui.page import start

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

L, filters = start("page.documents")
stamp = datetime.now().strftime("%Y-%m-%d")


def with_conn(make):  # noqa: ANN001, ANN201 - build a document on a fresh read-only connection
    def run() -> bytes:
        conn = connection()
        if conn is None:
            return b""
        try:
            return make(conn)
        finally:
            conn.close()
    return run


def spravka(conn) -> bytes:  # noqa: ANN001
    return spravka_docx(gather(conn, filters, L))


def spravka_pdf(conn) -> bytes:  # noqa: ANN001
    return docx_to_pdf(spravka(conn)) or b""


def consolidated(kind: str):  # noqa: ANN201
    def make(conn) -> bytes:  # noqa: ANN001
        data = consolidated_rows(conn, filters)
        phrase = period_phrase(data.period_start, data.period_end)
        return (consolidated_xlsx if kind == "xlsx" else consolidated_docx)(data, phrase)
    return make


def template(conn) -> bytes:  # noqa: ANN001
    with (ROOT / "data" / "regions.csv").open(encoding="utf-8") as fh:
        regions = sorted(row["name_ru"] for row in csv.DictReader(fh))
    agreements = [title for (title,) in conn.execute("SELECT title FROM agreements ORDER BY title").fetchall()]
    return build_template(regions, agreements)


st.subheader(t("doc.spravka", L))
st.caption(t("doc.spravka_note", L))
c1, c2 = st.columns(2)
c1.download_button(t("doc.download_docx", L), with_conn(spravka), file_name=f"spravka-{stamp}.docx", mime=DOCX,
                   key="doc_spravka_docx")
if converter():
    c2.download_button(t("doc.download_pdf", L), with_conn(spravka_pdf), file_name=f"spravka-{stamp}.pdf",
                       mime="application/pdf", key="doc_spravka_pdf")
else:
    c2.caption(t("doc.no_pdf", L))

st.subheader(t("doc.consolidated", L))
st.caption(t("doc.consolidated_note", L))
c1, c2 = st.columns(2)
c1.download_button(t("doc.download_docx", L), with_conn(consolidated("docx")), file_name=f"svodny-otchet-{stamp}.docx",
                   mime=DOCX, key="doc_consolidated_docx")
c2.download_button(t("doc.download_xlsx", L), with_conn(consolidated("xlsx")), file_name=f"svodny-otchet-{stamp}.xlsx",
                   mime=XLSX, key="doc_consolidated_xlsx")

st.subheader(t("doc.template", L))
st.caption(t("doc.template_note", L))
st.download_button(t("doc.download_xlsx", L), with_conn(template), file_name="shablon-otcheta.xlsx", mime=XLSX,
                   key="doc_template")
