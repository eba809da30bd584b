"""UI labels in Russian (default) and English. Data stays as written."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("Межрегиональное сотрудничество", "Interregional cooperation"),
    "app.lang": ("Язык", "Language"),
    "app.no_db": ("База данных ещё не создана. Загрузите отчёты командой «make run» или «python -m loaders build data/reports».",
                  "The database has not been built yet. Load reports with “make run” or “python -m loaders build data/reports”."),
    "app.empty": ("Нет мероприятий для выбранных фильтров", "No events for the selected filters"),
    "app.db_error": ("Не удалось прочитать базу данных. Обратитесь к администратору.",
                     "The database could not be read. Please contact the administrator."),
    # pages
    "page.overview": ("Обзор", "Overview"),
    "page.regions": ("Регионы-партнёры", "Partner regions"),
    "page.departments": ("Департаменты", "Departments"),
    "page.agreements": ("Соглашения", "Agreements"),
    "page.events": ("Мероприятия", "Events"),
    "page.sources": ("Источники", "Sources"),
    # filters
    "filter.title": ("Фильтры", "Filters"),
    "filter.period": ("Период (кварталы)", "Period (quarters)"),
    "filter.quarter_from": ("С квартала", "From quarter"),
    "filter.quarter_to": ("По квартал", "To quarter"),
    "filter.regions": ("Регионы-партнёры", "Partner regions"),
    "filter.departments": ("Департаменты", "Departments"),
    "filter.event_types": ("Тип мероприятия", "Event type"),
    "filter.formats": ("Формат", "Format"),
    "filter.reports": ("Отчёты", "Reports"),
    "filter.search": ("Поиск по тексту", "Text search"),
    "filter.reset": ("Сбросить фильтры", "Reset filters"),
    "filter.all": ("все", "all"),
    # metrics
    "m.events": ("Мероприятий", "Events"),
    "m.unique_events": ("Уникальных мероприятий", "Unique events"),
    "m.partner_regions": ("Регионов-партнёров", "Partner regions"),
    "m.departments": ("Департаментов", "Departments"),
    "m.participants": ("Участников", "Participants"),
    "m.with_count": ("С известным числом участников", "With a known headcount"),
    "m.reports": ("Отчётов", "Reports"),
    # charts
    "chart.by_department": ("Мероприятия по департаментам", "Events by department"),
    "chart.by_report": ("Мероприятия по отчётам", "Events by report"),
    "chart.by_region": ("Мероприятия по регионам-партнёрам", "Events by partner region"),
    "chart.by_quarter": ("Мероприятия по кварталам", "Events by quarter"),
    "chart.participants_by_quarter": ("Участники по кварталам", "Participants by quarter"),
    "chart.by_format": ("Очно и онлайн", "In person and online"),
    "chart.by_type": ("Типы мероприятий", "Event types"),
    "axis.events": ("Мероприятий", "Events"),
    "axis.participants": ("Участников", "Participants"),
    "axis.quarter": ("Квартал", "Quarter"),
    "axis.department": ("Департамент", "Department"),
    "axis.region": ("Регион", "Region"),
    "axis.report": ("Отчёт", "Report"),
    # table / export
    "table.events": ("Мероприятия", "Events"),
    "table.shown": ("Показано {shown} из {total}", "Showing {shown} of {total}"),
    "export.csv": ("Скачать CSV", "Download CSV"),
    "export.xlsx": ("Скачать XLSX", "Download XLSX"),
    "export.sep": ("Разделитель CSV", "CSV separator"),
    "export.sheet_events": ("Мероприятия", "Events"),
    "export.sheet_filters": ("Фильтры", "Filters"),
    "export.filter": ("Фильтр", "Filter"),
    "export.value": ("Значение", "Value"),
    "export.exported_at": ("Время выгрузки", "Exported at"),
    "export.rows": ("Строк", "Rows"),
    "export.file_prefix": ("мероприятия", "events"),
    # columns
    "col.name": ("Наименование мероприятия", "Event"),
    "col.partners": ("Регионы-партнёры", "Partner regions"),
    "col.department": ("Департамент", "Department"),
    "col.date_start": ("Дата начала", "Start date"),
    "col.date_end": ("Дата окончания", "End date"),
    "col.quarter": ("Квартал", "Quarter"),
    "col.dates_text": ("Сроки (как в отчёте)", "Dates (as reported)"),
    "col.city": ("Город", "City"),
    "col.place_text": ("Место (как в отчёте)", "Place (as reported)"),
    "col.format": ("Формат", "Format"),
    "col.event_type": ("Тип", "Type"),
    "col.participants_total": ("Участников", "Participants"),
    "col.participants_qualifier": ("Точность числа участников", "Headcount accuracy"),
    "col.participants_text": ("Участники (как в отчёте)", "Participants (as reported)"),
    "col.result_text": ("Содержание и результат", "Content and result"),
    "col.agreement_text": ("Соглашение", "Agreement"),
    "col.file_name": ("Файл", "File"),
    "col.source_ref": ("Строка в файле", "Row in file"),
    "col.events": ("Мероприятий", "Events"),
    "col.report": ("Отчёт", "Report"),
    "col.title": ("Заголовок", "Title"),
    # values
    "format.online": ("онлайн", "online"),
    "format.offline": ("очно", "in person"),
    "format.hybrid": ("смешанный", "hybrid"),
    "format.unknown": ("не указан", "not stated"),
    "format.None": ("не указан", "not stated"),
    "qualifier.exact": ("точно", "exact"),
    "qualifier.approx": ("около", "approximately"),
    "qualifier.at_least": ("не менее", "at least"),
    "qualifier.None": ("", ""),
    "quarter.whole": ("весь период", "whole period"),
    "quarter.unknown": ("дата не указана", "date not stated"),
}


def t(key: str, lang: str = "ru", **kwargs: object) -> str:
    pair = LABELS.get(key)
    if pair is None:
        text = key.split(".", 1)[-1]
    else:
        text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def fmt_int(n: int | float | None) -> str:
    """Thousands separated by a thin space: 12 345."""
    if n is None:
        return "—"
    return f"{int(n):,}".replace(",", "\u202f")
