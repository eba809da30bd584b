"""Streamlit glue shared by the pages: connection, cached queries, sidebar filters, language."""
