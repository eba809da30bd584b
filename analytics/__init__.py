"""The dashboard's data layer: filters, SQL queries and exports (no Streamlit here)."""
