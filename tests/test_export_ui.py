"""The export in the dashboard: no grid-toolbar export on any table, the buttons, the row cap, the child
process, and chart text that plotly cannot read as markup."""

from __future__ import annotations

import json
import re
import shutil
import threading
import tomllib

import duckdb
import pytest
from openpyxl import load_workbook
from streamlit import config
from streamlit.testing.v1 import AppTest

from analytics import queries
from analytics.filters import Filters
from analytics.stored_answers import STORED
from tests.apptest import open_page as page
from tests.conftest import ROOT

PAGES = ["pages/overview.py", "pages/regions.py", "pages/departments.py", "pages/agreements.py", "pages/events.py",
         "pages/sources.py"]
GRID_EXPORT = "client.disableDataExport"


# ---------------------------------------------------------------------------------- grid toolbar export
def test_every_table_goes_through_the_wrapper():
    """st.dataframe / st.data_editor only inside ui.widgets.data_table: every table, upload preview too."""
    offenders = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py")), ROOT / "dashboard.py"]:
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\bst\.(dataframe|data_editor)\(", line):
                offenders.append(f"{path.relative_to(ROOT)}:{no}")
    assert offenders == ["ui/widgets.py:" + str(_wrapper_line())]


def _wrapper_line() -> int:
    lines = (ROOT / "ui" / "widgets.py").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("def data_table("))
    return next(i for i in range(start, len(lines)) if "st.dataframe(" in lines[i]) + 1


def test_config_turns_grid_export_off():
    """The option is sent with the first page of every session, so it must be in the config file."""
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["client"]["disableDataExport"] is True


def _can_export_csv(proto) -> bool:
    """The frontend's rule (DataFrame.js, Streamlit 1.67): canExportCsv = !isLazy && !disableDataExport && …"""
    return not proto.HasField("lazy_data") and not config.get_option(GRID_EXPORT)


def test_no_page_renders_a_table_with_toolbar_download(sample_db, monkeypatch):
    """Every page, both languages, even on a server started without the config file: no table can export."""
    before = config.get_option(GRID_EXPORT)
    tables = 0
    try:
        for lang in ("ru", "en"):
            for path in PAGES:
                config.set_option(GRID_EXPORT, False)  # as if .streamlit/config.toml were not read
                at = page(sample_db, monkeypatch, path, lang=lang)
                assert not at.exception
                for table in at.dataframe:
                    assert not _can_export_csv(table.proto), (path, lang)
                    tables += 1
    finally:
        config.set_option(GRID_EXPORT, before)
    assert tables >= 2 * 5  # overview 1, regions 0-1, agreements 1-2, events 1, sources 3 per language


# ------------------------------------------------------------------------------------------ the buttons
def _downloads(at: AppTest) -> list:
    return list(at.get("download_button"))


def test_events_page_quick_buttons(sample_db, monkeypatch):
    """86 rows: one click each, the file built on the click (a deferred download), never on the render."""
    at = page(sample_db, monkeypatch, "pages/events.py")
    labels = [(d.proto.label, d.proto.HasField("deferred_file_id")) for d in _downloads(at)]
    assert labels == [("Скачать CSV", True), ("Скачать XLSX", True)]
    at = page(sample_db, monkeypatch, "pages/events.py", lang="en")
    assert [d.proto.label for d in _downloads(at)] == ["Download CSV", "Download XLSX"]


def test_row_cap_message(sample_db, monkeypatch):
    monkeypatch.setenv("COOP_EXPORT_MAX_ROWS", "50")
    at = page(sample_db, monkeypatch, "pages/events.py")
    assert not at.exception
    assert not _downloads(at)
    assert [w.value for w in at.warning] == [
        "В один файл выгружается не более 50 строк, а выбрано 86. Сузьте отбор фильтрами (период, регионы-партнёры, "
        "департаменты), чтобы скачать файл."]
    at = page(sample_db, monkeypatch, "pages/events.py", region="SPE", lang="en")
    assert [w.value for w in at.warning] == [
        "One file holds at most 50 rows, and 57 are selected. Narrow the selection with the filters (period, "
        "partner regions, departments) to download a file."]
    at = page(sample_db, monkeypatch, "pages/events.py", region="SPE", qf="2021-Q2", qt="2021-Q2")
    assert not at.warning and len(_downloads(at)) == 2  # 17 rows: under the cap


def test_large_export_progress_then_save(sample_db, monkeypatch):
    """Above QUICK_ROWS a click builds the file in a child process under a status line, then «Сохранить»."""
    import ui.widgets

    monkeypatch.setattr(ui.widgets, "QUICK_ROWS", 10)
    at = page(sample_db, monkeypatch, "pages/events.py")
    assert not _downloads(at)
    assert any(c.value == "Строк: 86. Файл готовится по нажатию кнопки, несколько секунд; затем его можно сохранить."
               for c in at.caption)
    at.button(key="events_xlsx").click().run()
    assert not at.exception
    [status] = at.status
    assert status.state == "complete"
    assert re.fullmatch(r"Файл XLSX готов: \d+,\d МБ, \d+,\d с", status.label)
    [save] = _downloads(at)
    assert save.proto.label == "Сохранить meropriyatiya.xlsx" and not save.proto.HasField("deferred_file_id")
    at.run()  # the prepared file stays for the same selection
    assert [d.proto.label for d in _downloads(at)] == ["Сохранить meropriyatiya.xlsx"]
    at.session_state["f_regions"] = ["SPE"]  # another selection: the old file is not offered
    at.run()
    assert not _downloads(at)


# ------------------------------------------------------------------------------------- the child process
def test_child_builds_the_same_file(sample_db):
    from analytics.export import to_csv_bytes
    from analytics.export_job import ExportRequest, build_in_child

    f = Filters(regions=("SPE",))
    data = build_in_child(ExportRequest.of(sample_db, "csv", f))
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        assert data == to_csv_bytes(queries.events_for_export(conn, f))
    xlsx = build_in_child(ExportRequest.of(sample_db, "xlsx", f, lang="en", description=[("Regions", "=x")]))
    wb = load_workbook(__import__("io").BytesIO(xlsx))
    assert wb.sheetnames == ["Events", "Filters"] and wb.worksheets[0].max_row == 58
    assert wb.worksheets[1]["B2"].value == "'=x"


def test_child_refuses_over_the_cap(sample_db, monkeypatch):
    from analytics.export import ExportTooLarge
    from analytics.export_job import ExportRequest, build_in_child

    monkeypatch.setenv("COOP_EXPORT_MAX_ROWS", "3")
    with pytest.raises(ExportTooLarge) as err:
        build_in_child(ExportRequest.of(sample_db, "csv", Filters()))
    assert (err.value.rows, err.value.cap) == (86, 3)


def test_child_failure_is_an_export_error(tmp_path):
    from analytics.export_job import ExportFailed, ExportRequest, build_in_child

    (tmp_path / "broken.duckdb").write_bytes(b"not a database")
    with pytest.raises(ExportFailed):
        build_in_child(ExportRequest.of(tmp_path / "broken.duckdb", "csv", Filters()))


def test_second_export_waits_its_turn(sample_db):
    """One export at a time per server: the next one says it waits, then runs."""
    from analytics import export_job

    waited = threading.Event()
    result: list[bytes] = []
    assert export_job._slots.acquire(timeout=5)  # an export is running
    worker = threading.Thread(target=lambda: result.append(export_job.build_in_child(
        export_job.ExportRequest.of(sample_db, "csv", Filters(regions=("SPE",))), on_wait=waited.set)))
    worker.start()
    assert waited.wait(10)
    assert not result
    export_job._slots.release()
    worker.join(60)
    assert result and result[0].startswith("\ufeff".encode())


# ------------------------------------------------------------------------------------------ chart text
HTML_NAMES = ['<a href="http://x">x</a>', "<b>", "Культура & спорт"]
ESCAPED = ['&lt;a href="http://x"&gt;x&lt;/a&gt;', "&lt;b&gt;", "Культура &amp; спорт"]


def _strings(spec, key=None):
    """(key, string) for every string of a spec."""
    if isinstance(spec, str):
        yield key, spec
    elif isinstance(spec, dict):
        for k, v in spec.items():
            yield from _strings(v, k)
    elif isinstance(spec, list | tuple):
        for v in spec:
            yield from _strings(v, key)


def _no_markup(spec) -> None:
    for key, text in _strings(spec):
        if key in ("hovertemplate", "texttemplate", "customdata"):
            continue
        assert "<" not in text and ">" not in text, (key, text)
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), (key, text)


def test_chart_specs_escape_text():
    from ui import charts

    specs = [
        charts.bar_chart(HTML_NAMES, [3, 2, 1], x_title="<i>x</i>"),
        charts.column_chart(HTML_NAMES, [3, 2, 1], y_title="y", text=["<b>1</b>", "2", "3"]),
        charts.stacked_columns(["2021-Q1"], [(n, n, [1]) for n in HTML_NAMES], x_title="q", y_title="n"),
        charts.heatmap([[1], [2], [3]], ["<b>SPE</b>"], HTML_NAMES, HTML_NAMES),
        charts.partner_map([{"lon": 30, "lat": 60, "events": 2, "code": "SPE", "label": HTML_NAMES[0]}],
                           [{"lon": 32, "lat": 54, "label": HTML_NAMES[1]}]),
    ]
    for spec in specs:
        _no_markup(spec)
    bar, column, stacked, heat, geo = specs
    assert bar["data"][0]["y"] == ESCAPED and bar["data"][0]["hovertext"] == ESCAPED
    assert bar["data"][0]["customdata"] == HTML_NAMES  # a click filters by the name as stored
    assert bar["layout"]["xaxis"]["title"]["text"] == "&lt;i&gt;x&lt;/i&gt;"
    assert column["data"][0]["x"] == ESCAPED and column["data"][0]["text"][0] == "&lt;b&gt;1&lt;/b&gt;"
    assert [t["name"] for t in stacked["data"]] == ESCAPED
    assert "%{customdata}" not in json.dumps(stacked) + json.dumps(heat)  # hover never shows raw customdata
    assert heat["data"][0]["y"] == ESCAPED and heat["layout"]["yaxis"]["ticktext"] == ESCAPED  # hover reads %{y}
    assert geo["data"][-1]["text"] == ["&lt;b&gt;"] and next(d for d in geo["data"] if "hovertext" in d)["hovertext"] == [ESCAPED[0]]


@pytest.fixture()
def html_db(sample_db, tmp_path):
    """The samples with two departments renamed to markup."""
    db = tmp_path / "html.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE events SET department = $n WHERE department = 'Главное управление спорта Смоленской области'",
                     {"n": HTML_NAMES[0]})
        conn.execute("UPDATE events SET department = '<b>' WHERE department LIKE 'Департамент Смоленской области по образованию%'")
        STORED.refresh(conn)
    return db


@pytest.mark.parametrize("path", ["pages/overview.py", "pages/departments.py", "pages/regions.py"])
def test_pages_draw_markup_names_as_text(html_db, monkeypatch, path):
    at = page(html_db, monkeypatch, path)
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs
    for spec in specs:
        _no_markup(spec)
    shown = {text for spec in specs for _, text in _strings(spec)}
    if path != "pages/regions.py":
        assert ESCAPED[0] in shown and ESCAPED[1] in shown
