"""Documents the office sends: the consolidated report, the blank template, the справка.

The SQL they need lives in :mod:`analytics.documents.rows`; the builders here only lay rows out.
"""
