"""«Шаблон отчёта»: the blank template has its dropdowns and formats, and a filled one loads with no issue."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from analytics.documents.template import COLUMNS, HEADER_ROW, build_template
from loaders.build import build
from tests.conftest import ROOT

REGIONS = sorted(r["name_ru"] for r in csv.DictReader((ROOT / "data" / "regions.csv").open(encoding="utf-8")))
AGR = "Соглашение между Правительством Ярославской области и Правительством Вологодской области о сотрудничестве"


def test_blank_template_layout() -> None:
    wb = load_workbook(io.BytesIO(build_template(REGIONS, [AGR])))
    assert wb.sheetnames == ["Отчет", "Справочники", "Инструкция"]
    ws = wb["Отчет"]
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, len(COLUMNS) + 1)] == [h for h, _ in COLUMNS]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws[f"F{HEADER_ROW + 1}"].number_format == "DD.MM.YYYY"
    kinds = sorted((dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation)
    assert ("list", f"D{HEADER_ROW + 1}:D{HEADER_ROW + 500}") in kinds  # partner region
    assert ("list", f"C{HEADER_ROW + 1}:C{HEADER_ROW + 500}") in kinds  # agreement
    assert ("date", f"F{HEADER_ROW + 1}:F{HEADER_ROW + 500} G{HEADER_ROW + 1}:G{HEADER_ROW + 500}") in kinds
    assert ("whole", f"I{HEADER_ROW + 1}:I{HEADER_ROW + 500}") in kinds
    lists = wb["Справочники"]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(r, 1).value for r in range(1, 90)] == REGIONS and len(REGIONS) == 89
    assert lists["B1"].value == AGR
    assert wb["Инструкция"]["A1"].value == "Как заполнить шаблон"


def test_a_filled_template_loads_with_no_parse_issue(tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(build_template(REGIONS, [AGR])))
    ws = wb["Отчет"]
    ws["A2"] = "в III квартале 2022 года"
    rows = [
        ["1.", "Департамент культуры Ярославской области", AGR, "Вологодская область", "Фестиваль «Северные ремёсла»",
         dt.datetime(2022, 7, 14), dt.datetime(2022, 7, 16), "г. Вологда", 240, "Мастера народных промыслов",
         "Проведён фестиваль, подписан план на 2023 год"],
        ["2.", "Департамент культуры Ярославской области", "", "Костромская область, Ивановская область",
         "Межрегиональный семинар библиотекарей", dt.datetime(2022, 8, 3), None, "онлайн", 65,
         "Сотрудники областных библиотек", "Обмен опытом"],
        ["3.", "Министерство спорта Ярославской области", AGR, "Вологодская область", "Турнир по хоккею среди юношей",
         dt.datetime(2022, 9, 20), dt.datetime(2022, 9, 25), "г. Ярославль", 180, "Команды спортивных школ", ""],
    ]
    for i, row in enumerate(rows):
        for c, value in enumerate(row, start=1):
            if value not in ("", None):
                ws.cell(HEADER_ROW + 1 + i, c, value)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    [result] = build([path], db)
    assert result.ok, result.message
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM parse_issues").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM rejects").fetchone() == (0,)
        got = conn.execute("""SELECT department, partner_codes, date_start, date_end, quarter, participants_total,
                                     city, format FROM events ORDER BY row_no""").fetchall()
        period = conn.execute("SELECT period_start, period_end FROM reports").fetchone()
    assert period == (dt.date(2022, 7, 1), dt.date(2022, 9, 30))
    assert got == [
        ("Департамент культуры Ярославской области", ["VLG"], dt.date(2022, 7, 14), dt.date(2022, 7, 16), "2022-Q3",
         240, "Вологда", "offline"),
        ("Департамент культуры Ярославской области", ["IVA", "KOS"], dt.date(2022, 8, 3), dt.date(2022, 8, 3),
         "2022-Q3", 65, None, "online"),
        ("Министерство спорта Ярославской области", ["VLG"], dt.date(2022, 9, 20), dt.date(2022, 9, 25), "2022-Q3",
         180, "Ярославль", "offline"),
    ]
