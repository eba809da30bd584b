"""UI labels in Russian (default) and English. Data stays as written.

`t(key, lang)` looks a label up. A key that is not defined reads as its tail for a user (never an
exception on a page), but raises KeyError while COOP_STRICT_LABELS=1 (tests/conftest.py sets it), so a
misspelt or missing key fails the tests instead of showing "tail" words on a page.
"""

from __future__ import annotations

import os
import re

LABELS: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("Межрегиональное сотрудничество", "Interregional cooperation"),
    "app.lang": ("Язык", "Language"),
    "app.no_db": ("База данных ещё не создана. Загрузите отчёты командой «make run» или «python -m loaders build data/reports».",
                  "The database has not been built yet. Load reports with “make run” or “python -m loaders build data/reports”."),
    "app.migrating": ("Обновляем базу данных для новой версии программы…", "Updating the database for this version…"),
    "app.empty": ("Нет мероприятий для выбранных фильтров", "No events for the selected filters"),
    "app.empty_reset": ("Сбросить все фильтры", "Clear all filters"),
    "app.db_error": ("Не удалось прочитать базу данных. Обратитесь к администратору.",
                     "The database could not be read. Please contact the administrator."),
    "app.search_timeout": ("Поиск «{q}» занял больше {s} с и остановлен. Уточните запрос: добавьте слово или фильтр.",
                           "The search “{q}” took longer than {s} s and was stopped. Narrow it: add a word or a filter."),
    "ev.found": ("Найдено в тексте", "Matched words"),
    # pages
    "page.overview": ("Обзор", "Overview"),
    "page.regions": ("Регионы-партнёры", "Partner regions"),
    "page.departments": ("Департаменты", "Departments"),
    "page.agreements": ("Соглашения", "Agreements"),
    "page.events": ("Мероприятия", "Events"),
    "page.sources": ("Источники", "Sources"),
    "page.documents": ("Документы", "Documents"),
    # comparison with earlier periods (overview)
    "cmp.new_partners": ("Новые регионы-партнёры за период ({now} к {before})",
                         "New partner regions in the period ({now} vs {before})"),
    "cmp.quiet_departments": ("Департаменты без мероприятий за период ({now}; были в {before})",
                              "Departments with no events in the period ({now}; had some in {before})"),
    "cmp.none": ("нет", "none"),
    "cmp.no_previous": ("Новые регионы-партнёры и департаменты без мероприятий не определить: нет данных за "
                        "{before} (для сравнения с {now}).",
                        "New partner regions and departments without events cannot be told: no data for {before} "
                        "(to compare with {now})."),
    # documents page
    "doc.spravka": ("Справка по текущему отбору", "Summary of the current selection"),
    "doc.spravka_note": ("Документ Word: период и отбор словами, основные показатели с изменением к прошлому "
                         "периоду, разбивки по регионам, департаментам и кварталам (таблицы и диаграммы), "
                         "перечень мероприятий.",
                         "A Word document: the period and selection in words, the headline numbers with their "
                         "change, breakdowns by region, department and quarter (tables and charts), the list of "
                         "events."),
    "doc.consolidated": ("Сводный отчёт", "Consolidated report"),
    "doc.consolidated_note": ("Мероприятия всех департаментов по отбору в форме отчёта о реализации соглашений; "
                              "тексты ячеек — как в отчётах департаментов.",
                              "Every department's events for the selection, in the agreements-report form; cell "
                              "texts as the departments wrote them (in Russian)."),
    "doc.template": ("Шаблон отчёта для департаментов", "Blank report template for departments"),
    "doc.template_note": ("Таблица Excel с колонками, которые загрузчик читает без догадок: списки регионов и "
                          "соглашений, формат дат, лист с инструкцией.",
                          "An Excel table in the columns the loader reads without guessing: region and agreement "
                          "lists, date cells, an instructions sheet."),
    "doc.download_docx": ("Скачать .docx", "Download .docx"),
    "doc.download_xlsx": ("Скачать .xlsx", "Download .xlsx"),
    "doc.download_pdf": ("Скачать .pdf", "Download .pdf"),
    "doc.no_pdf": ("PDF недоступен: на сервере не установлен LibreOffice.",
                   "PDF is not available: LibreOffice is not installed on the server."),
    # filters
    "filter.title": ("Фильтры", "Filters"),
    "filter.period": ("Период (кварталы)", "Period (quarters)"),
    "filter.quarter_from": ("Период: с", "Period: from"),
    "filter.quarter_to": ("по", "to"),
    "filter.period_swapped": ("Начало периода было позже конца — поменяли местами: с {start} по {end}.",
                              "The period started after it ended — swapped: from {start} to {end}."),
    "filter.url_ignored": ("В ссылке не распознано: {items}. Эти условия не применены.",
                           "Not recognised in the link: {items}. These conditions are not applied."),
    # selection bar
    "sel.title": ("Отбор", "Selection"),
    "sel.everything": ("все мероприятия", "all events"),
    "sel.remove": ("Убрать это условие", "Remove this condition"),
    "sel.reset": ("Сбросить всё", "Clear all"),
    "filter.regions": ("Регионы-партнёры", "Partner regions"),
    "filter.departments": ("Департаменты", "Departments"),
    "filter.event_types": ("Тип мероприятия", "Event type"),
    "filter.formats": ("Формат", "Format"),
    "filter.reports": ("Отчёты", "Reports"),
    "filter.reports_find": ("Найти отчёт (часть названия или имени файла)", "Find a report (part of a title or file name)"),
    "filter.reports_listed": ("В списке отчётов {shown} из {total}: уточните поиск, чтобы найти другие.",
                              "{shown} of {total} reports listed: refine the search to find others."),
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
    "chart.by_region": ("Мероприятия по регионам-партнёрам", "Events by partner region"),
    "chart.by_quarter": ("Мероприятия по кварталам", "Events by quarter"),
    "chart.participants_by_quarter": ("Участники по кварталам", "Participants by quarter"),
    "chart.by_format": ("Очно и онлайн", "In person and online"),
    "axis.events": ("Мероприятий", "Events"),
    "axis.participants": ("Участников", "Participants"),
    "axis.quarter": ("Квартал", "Quarter"),
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
    "export.too_many": ("В один файл выгружается не более {cap} строк, а выбрано {n}. Сузьте отбор фильтрами "
                        "(период, регионы-партнёры, департаменты), чтобы скачать файл.",
                        "One file holds at most {cap} rows, and {n} are selected. Narrow the selection with the "
                        "filters (period, partner regions, departments) to download a file."),
    "export.preparing": ("Готовим файл {kind}, строк: {n}…", "Preparing the {kind} file, rows: {n}…"),
    "export.waiting": ("Ждём, пока закончится другая выгрузка…", "Waiting for another export to finish…"),
    "export.ready": ("Файл {kind} готов: {size}, {s} с", "The {kind} file is ready: {size}, {s} s"),
    "export.save": ("Сохранить {name}", "Save {name}"),
    "export.big_note": ("Строк: {n}. Файл готовится по нажатию кнопки, несколько секунд; затем его можно сохранить.",
                        "Rows: {n}. The file is prepared when you click a button, in a few seconds; then save it."),
    "export.failed": ("Не удалось подготовить файл. Попробуйте ещё раз; если повторится, сообщите администратору.",
                      "The file could not be prepared. Try again; if it happens again, tell the administrator."),
    "export.timeout": ("Файл готовился дольше {s} с и был остановлен. Сузьте отбор фильтрами и попробуйте снова.",
                       "Preparing the file took longer than {s} s and was stopped. Narrow the filters and try again."),
    "export.mb": ("{x} МБ", "{x} MB"),
    "ref.table": ("таблица {table}, строка {row}", "table {table} row {row}"),
    "ref.sheet": ("лист «{sheet}», строка {row}", "sheet '{sheet}' row {row}"),
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
    # departments page
    "dep.title": ("Департаменты", "Departments"),
    "dep.events": ("Мероприятия по департаментам", "Events by department"),
    "dep.participants": ("Участники по департаментам", "Participants by department"),
    "dep.click": ("Нажмите на столбец департамента, чтобы оставить в фильтре только его.",
                  "Click a department's bar to filter by it."),
    "dep.matrix": ("С какими регионами работает каждый департамент", "Partner regions of each department"),
    "dep.matrix_caption": ("Число мероприятий: департамент × регион-партнёр; мероприятие с несколькими "
                           "регионами-партнёрами учтено в столбце каждого. Полное название — при наведении.",
                           "Number of events: department × partner region; an event with several partner regions "
                           "counts in each of their columns. Hover for the full name."),
    "dep.trend": ("Мероприятия департаментов по кварталам", "Department events by quarter"),
    "dep.no_partners": ("У отобранных мероприятий не указаны регионы-партнёры.",
                        "The selected events have no partner regions."),
    # agreements page
    "agr.title": ("Соглашения и дорожные карты", "Agreements and road maps"),
    "agr.dormant": ("Соглашения без мероприятий в выбранном периоде", "Agreements with no events in the selected period"),
    "agr.dormant_count": ("Соглашений без мероприятий: {n} из {total}", "Agreements without events: {n} of {total}"),
    "agr.dormant_none": ("По всем соглашениям есть мероприятия в выбранном периоде.",
                         "Every agreement has events in the selected period."),
    "agr.other_filters": ("Департаменты, типы, форматы, отчёты и поиск не делают соглашение «без мероприятий»: "
                          "они учтены только в таблице ниже.",
                          "Departments, types, formats, reports and search do not make an agreement dormant: "
                          "they apply to the table below only."),
    "agr.regions_apply": ("Показаны только соглашения, сторона которых — выбранный регион-партнёр.",
                          "Only agreements with a chosen partner region as a party are listed."),
    "agr.none_with_regions": ("С выбранными регионами-партнёрами соглашений в отчётах нет.",
                              "The reports name no agreement with the chosen partner regions."),
    "agr.active": ("Мероприятия по соглашениям и кварталам", "Events per agreement and quarter"),
    "agr.active_caption": ("Число мероприятий в каждом квартале; «весь период» — мероприятия в течение всего года.",
                           "Events in each quarter; “whole period” — events running through the whole year."),
    "agr.no_agreements": ("В загруженных отчётах нет соглашений.", "The loaded reports name no agreements."),
    "col.kind": ("Вид", "Kind"),
    "col.total": ("Всего", "Total"),
    "col.partner_regions": ("Стороны соглашения", "Parties"),
    "kind.agreement": ("соглашение", "agreement"),
    "kind.roadmap": ("дорожная карта", "road map"),
    # events page
    "ev.search": ("Поиск по названию, месту, участникам, результату", "Search name, place, participants, result"),
    "ev.page": ("Страница", "Page"),
    "ev.pages": ("из {n}", "of {n}"),
    "ev.select": ("Выберите строку таблицы (флажок слева): мероприятие откроется полностью на панели справа.",
                  "Select a table row (the box on the left): the whole event opens in a panel on the right."),
    "ev.detail": ("Мероприятие полностью", "The whole event"),
    "ev.gone": ("Этого мероприятия уже нет в базе (отчёт заменён).", "This event is no longer in the database."),
    "col.date": ("Дата", "Date"),
    "ev.as_written": ("Как в отчёте", "As written in the report"),
    "ev.parsed": ("Распознано", "Recognised"),
    "ev.source": ("Источник", "Source"),
    "ev.issues": ("Что не удалось распознать", "What could not be recognised"),
    "ev.no_issues": ("Все поля распознаны.", "All fields recognised."),
    "ev.twins": ("Это же мероприятие в другом отчёте", "The same event in another report"),
    "ev.no_twins": ("Повторов в других отчётах нет.", "Not reported elsewhere."),
    "ev.download": ("Выгрузка отобранных мероприятий ({n})", "Export of the selected events ({n})"),
    "ev.dates": ("Даты", "Dates"),
    "ev.precision": ("Точность даты", "Date precision"),
    "ev.ongoing": ("в течение всего периода", "throughout the period"),
    "ev.participants": ("Участников", "Participants"),
    "ev.delegation": ("Делегация области", "Delegation of the region"),
    "ev.regions_count": ("Регионов-участников", "Participating regions"),
    "ev.place_region": ("Регион места проведения", "Region of the venue"),
    "ev.mentioned": ("Упомянутые регионы", "Regions mentioned"),
    "ev.extra": ("Дополнительно", "Extra"),
    "ev.report": ("Отчёт", "Report"),
    "ev.item_no": ("Номер в отчёте", "Item number"),
    "ev.field": ("Поле", "Field"),
    "ev.reason": ("Причина", "Reason"),
    "precision.day": ("день", "day"),
    "precision.month": ("месяц", "month"),
    "precision.quarter": ("квартал", "quarter"),
    "precision.half": ("полугодие", "half-year"),
    "precision.year": ("год", "year"),
    "precision.period": ("период", "period"),
    # sources page
    "src.title": ("Загруженные отчёты", "Loaded reports"),
    "src.empty": ("Отчёты ещё не загружены.", "No reports have been loaded yet."),
    "src.not_filtered": ("Эта страница показывает все загруженные отчёты, фильтры к ней не применяются.",
                         "This page shows every loaded report; the filters do not apply here."),
    "src.period": ("Период", "Period"),
    "src.template": ("Вид отчёта", "Report kind"),
    "src.events": ("Мероприятий", "Events"),
    "src.rejects": ("Отклонено строк", "Rows rejected"),
    "src.issues": ("Нераспознанных полей", "Unrecognised fields"),
    "src.loaded_at": ("Загружен", "Loaded"),
    "src.rows": ("Строки файла", "File rows"),
    "src.rows_caption": ("Строки файла = мероприятия + заголовки разделов + шапка + итоги + пустые + отклонённые.",
                         "File rows = events + section headings + header rows + totals + blank + rejected."),
    "src.check_bad": ("НЕ сходится", "does NOT add up"),
    "src.rejects_title": ("Отклонённые строки", "Rejected rows"),
    "src.rejects_none": ("Отклонённых строк нет.", "No rows were rejected."),
    "src.issues_title": ("Нераспознанные поля мероприятий", "Unrecognised event fields"),
    "src.issues_none": ("Все поля мероприятий распознаны.", "Every event field was recognised."),
    "src.raw_text": ("Текст в файле", "Text in the file"),
    "field.participants": ("участники", "participants"),
    "field.dates": ("сроки", "dates"),
    "field.place": ("место", "place"),
    "field.partners": ("регионы-партнёры", "partner regions"),
    "field.format": ("формат", "format"),
    "field.department": ("департамент", "department"),
    "field.name": ("название мероприятия", "event name"),
    "field.result": ("результат", "result"),
    "field.event_type": ("тип мероприятия", "event type"),
    "field.countries": ("зарубежные страны", "foreign countries"),
    "field.row": ("строка отчёта", "report row"),
    "file.rejects": ("otklonennye_stroki", "rejected_rows"),
    "file.issues": ("nerasp_polya", "unrecognised_fields"),
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
    # upload page and access
    "page.upload": ("Загрузить отчёт", "Upload a report"),
    "upload.hint": ("Перетащите сюда один или несколько отчётов (.xlsx, .docx). Сначала будет показано, что именно "
                    "загрузится; данные изменятся только после подтверждения.",
                    "Drop one or more reports (.xlsx, .docx) here. You will see what would be loaded first; "
                    "nothing changes until you confirm."),
    "upload.drop": ("Файлы отчётов", "Report files"),
    "upload.too_many": ("Слишком много файлов за раз: {n}. Можно не более {max}.",
                        "Too many files at once: {n}. At most {max}."),
    "upload.too_big": ("{name}: файл больше {max} МБ.", "{name}: file larger than {max} MB."),
    "upload.preview": ("Что будет загружено", "What will be loaded"),
    "upload.period": ("Период", "Period"),
    "upload.template": ("Вид отчёта", "Report kind"),
    "upload.events": ("Мероприятий", "Events"),
    "upload.rejects": ("Отклонённые строки", "Rejected rows"),
    "upload.issues": ("Поля, которые не удалось разобрать", "Fields that could not be parsed"),
    "upload.new": ("Новый отчёт.", "A new report."),
    "upload.replaces": ("Исправленная версия: заменит «{old}». Добавится мероприятий: {added}, уйдёт: {removed}.",
                        "A corrected version: replaces “{old}”. Events added: {added}, removed: {removed}."),
    "upload.confirm": ("Загрузить (файлов: {n})", "Load (files: {n})"),
    "upload.nothing": ("Нет файлов, которые можно загрузить.", "No file can be loaded."),
    "upload.loading": ("Загрузка…", "Loading…"),
    "upload.done": ("Готово. Данные обновлены на всех страницах.", "Done. Every page now shows the new data."),
    "upload.locked": ("Сейчас идёт другая загрузка. Повторите через минуту.", "Another load is running. Try again in a minute."),
    "upload.denied": ("Загружать отчёты могут только администраторы.", "Only administrators may upload reports."),
    # report health and detected columns (issue 11)
    "health.title": ("ВНИМАНИЕ: отчёт распознан не полностью", "WARNING: the report was not fully understood"),
    "health.no_partner": ("регион-партнёр не найден у {n} из {total} мероприятий",
                          "no partner region found for {n} of {total} events"),
    "health.no_partner_column": ("не найдена колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван",
                                 "no agreement or partner-region column, and the title names no region"),
    "health.no_dates_column": ("не найдена колонка сроков проведения", "no column with the dates"),
    "health.low_confidence": ("колонки таблицы распознаны неуверенно (уверенность {c})",
                              "the table's columns were recognised with low confidence ({c})"),
    "health.advice": ("Проверьте отчёт перед загрузкой: эти мероприятия исказят графики по регионам.",
                      "Check the report before loading it: these events would distort the charts by region."),
    "health.ok": ("✓ распознан", "✓ understood"),
    "health.bad": ("⚠ проверить", "⚠ check"),
    "src.health": ("Распознавание", "Recognition"),
    "src.health_warned_shown": ("Ниже открыты отчёты с предупреждениями: {n} из {total}.",
                                "Reports with warnings are open below: {n} of {total}."),
    "src.health_pick": ("Показать любой отчёт (всего {n})", "Show any report ({n} in all)"),
    "src.health_pick_placeholder": ("выберите файл отчёта", "choose a report file"),
    "src.health_title": ("Как прочитаны колонки отчётов", "How the reports' columns were read"),
    "src.health_caption": ("Доля мероприятий с регионом-партнёром, датой и местом; какие колонки файла какими "
                           "полями стали и почему.",
                           "Share of events with a partner region, a date and a place; which file column became "
                           "which field, and why."),
    "src.with_partner": ("С регионом-партнёром", "With partner region"),
    "src.with_date": ("С датой", "With date"),
    "src.with_place": ("С местом", "With place"),
    "src.confidence": ("Уверенность", "Confidence"),
    "upload.columns": ("Распознанные колонки", "Detected columns"),
    "col.col_no": ("Колонка", "Column"),
    "col.header_text": ("Заголовок в файле", "Header in the file"),
    "col.detected_field": ("Поле", "Field"),
    "col.basis": ("Основание", "Basis"),
    "col.why": ("Почему (как записано загрузчиком)", "Why (as recorded by the loader)"),
    "basis.header": ("по заголовку", "by header"),
    "basis.header_content": ("заголовок и содержимое", "header and content"),
    "basis.content": ("по содержимому", "by content"),
    "basis.none": ("не распознана", "not recognised"),
    "fld.item_no": ("№ пункта", "item no."),
    "fld.agreement_text": ("соглашение", "agreement"),
    "fld.name": ("наименование мероприятия", "event name"),
    "fld.dates_text": ("сроки", "dates"),
    "fld.place_text": ("место", "place"),
    "fld.participants_text": ("участники", "participants"),
    "fld.result_text": ("результат", "result"),
    "fld.date_start": ("дата начала", "start date"),
    "fld.date_end": ("дата окончания", "end date"),
    "fld.participants_total": ("участников всего", "participants, total"),
    "fld.delegation_size": ("делегация региона", "own delegation"),
    "fld.department": ("департамент", "department"),
    "fld.partner": ("регион-партнёр", "partner region"),
    "fld.none": ("дополнительная колонка", "extra column"),
    "template.agreements": ("отчёт о реализации соглашений", "agreements report"),
    "template.roadmap": ("отчёт по «дорожной карте»", "road-map report"),
    "template.other": ("другой отчёт", "other report"),
    "auth.login_needed": ("Для просмотра нужно войти.", "Please log in to view the dashboard."),
    "auth.login": ("Войти", "Log in"),
    "auth.logout": ("Выйти", "Log out"),
    # access and upload safety (issue 12 §1-§3, issue 14 §10)
    "auth.uploads_need_login": ("Загрузка отчётов — только после входа: сервер открыт для сети, а вход не настроен "
                                "(настройку входа описывает руководство администратора).",
                                "Uploading reports needs a login: the server is open to the network and no login "
                                "is configured (README, section “Access”)."),
    "upload.bad_type": ("{name}: это не отчёт Word или Excel (.docx, .doc, .odt, .rtf, .xlsx, .xls, .ods). "
                        "Такой файл не загружается.",
                        "{name}: not a Word or Excel report (.docx, .doc, .odt, .rtf, .xlsx, .xls, .ods). "
                        "This file cannot be loaded."),
    "upload.same_file": ("Этот файл уже загружен (как «{old}»): загружать нечего.",
                         "This file is already loaded (as “{old}”): there is nothing to load."),
    "upload.shrinks": ("Новая версия удаляет больше мероприятий, чем добавляет: добавится {added}, уйдёт {removed}. "
                       "Проверьте, тот ли это файл.",
                       "The new version removes more events than it adds: {added} added, {removed} removed. "
                       "Check that this is the right file."),
    "upload.confirm_shrink": ("Да, заменить «{old}» (уйдёт мероприятий: {removed})",
                              "Yes, replace “{old}” ({removed} events removed)"),
    "upload.empty_replaces": ("В файле нет мероприятий: он не заменит загруженный отчёт «{old}».",
                              "The file has no events: it will not replace the loaded report “{old}”."),
    "upload.needs_confirm": ("Отметьте замену выше, чтобы загрузить этот файл.",
                             "Tick the replacement above to load this file."),
    "upload.preview_killed": ("{name}: файл не разобран за {seconds} с и {mb} МБ памяти — он слишком тяжёлый "
                              "и не загружен.",
                              "{name}: the file could not be read within {seconds} s and {mb} MB of memory — "
                              "too heavy, not loaded."),
    "upload.preview_failed": ("{name}: не удалось проверить файл. Он не загружен.",
                              "{name}: the file could not be checked. It was not loaded."),
    "upload.undo_hint": ("Предыдущая версия базы сохраняется при каждой загрузке; отменить последнюю: "
                         "python -m loaders undo.",
                         "The previous database is kept at every load; to undo the last one: python -m loaders undo."),
    "upload.name_cut": ("Имя файла слишком длинное, сохранено сокращённым: {name}",
                        "The file name is too long; stored shortened: {name}"),
    "src.uploads_title": ("Журнал загрузок", "Load log"),
    "src.uploads_none": ("Загрузок ещё не было.", "No loads yet."),
    "src.uploaded_at": ("Когда", "When"),
    "src.uploaded_by": ("Кто", "Who"),
    "src.upload_status": ("Что произошло", "What happened"),
    "src.upload_replaced": ("Что заменено", "What it replaced"),
    "src.upload_events": ("Мероприятий было → стало", "Events before → after"),
    "upload_status.new": ("новый отчёт", "new report"),
    "upload_status.corrected": ("исправленная версия", "corrected version"),
    "upload_status.unchanged": ("тот же файл повторно", "same file again"),
    "upload_status.undo": ("отмена последней загрузки", "undo of the last load"),
    "col.reason": ("Причина", "Reason"),
    "col.raw_text": ("Текст строки", "Row text"),
    "col.field": ("Поле", "Field"),
    # overview / regions pages (click-to-filter, map, region card)
    "drill.overview": ("Щелчок по столбцу отбирает данные: регион — по региону-партнёру, департамент — по департаменту, "
                       "квартал — по кварталу, формат — по формату. Фильтры меняются на боковой панели; "
                       "«Сбросить фильтры» возвращает всё.",
                       "Click a bar to filter: a region by partner region, a department by department, a quarter by "
                       "quarter, a format by format. The filters change in the sidebar; “Reset filters” shows everything."),
    "drill.region": ("Щелчок по региону на карте или по столбцу отбирает мероприятия с этим регионом-партнёром.",
                     "Click a region on the map or a bar to show only events with that partner region."),
    "drill.whole_period": ("«Весь период» — мероприятия, которые шли весь отчётный период годового отчёта; "
                           "щелчок по этому столбцу фильтр не меняет.",
                           "“Whole period” — events that ran through the whole period of an annual report; "
                           "clicking that bar does not change the filter."),
    "chart.participants_by_region": ("Участники по регионам-партнёрам", "Participants by partner region"),
    "chart.participants_note": ("Сумма указанных в отчётах чисел участников; известно для {known} из {total} мероприятий.",
                                "Sum of the headcounts given in the reports; known for {known} of {total} events."),
    "chart.shared_events": ("Мероприятие с несколькими регионами-партнёрами (таких {n}) учтено у каждого из них.",
                            "An event with several partner regions ({n} such) counts for each of them."),
    "chart.shared_participants": ("Мероприятие с несколькими регионами-партнёрами (таких {n}) отдаёт всех своих "
                                  "участников каждому из них: сумма столбцов {bars} больше общего числа {total}.",
                                  "An event with several partner regions ({n} such) gives its whole headcount to "
                                  "each of them: the bars add up to {bars}, more than the total of {total}."),
    "chart.region_ranking": ("Рейтинг регионов-партнёров", "Partner regions ranked"),
    "chart.map": ("Карта регионов-партнёров", "Map of partner regions"),
    "map.note": ("Круг — административный центр региона; размер круга — число мероприятий; мероприятие с несколькими "
                 "регионами-партнёрами учтено у каждого из них.",
                 "A circle marks the region's administrative centre; its size is the number of events; an event with "
                 "several partner regions counts for each of them."),
    "region.pick": ("Регион для подробного просмотра", "Region to look at in detail"),
    "region.over_time": ("Мероприятия по кварталам", "Events by quarter"),
    "region.agreements": ("Соглашения и дорожные карты с регионом", "Agreements and road maps with the region"),
    "region.departments": ("Департаменты, работающие с регионом", "Departments working with the region"),
    "region.no_agreements": ("Соглашений с этим регионом в загруженных отчётах нет.",
                             "No agreements with this region in the loaded reports."),
    "region.other_partners": ("В отчётах не найден ни один регион-партнёр для выбранных фильтров.",
                              "No partner region is named in the reports for the selected filters."),
    "chart.no_participants": ("Для выбранных мероприятий в отчётах нет чисел участников.",
                              "The reports give no headcounts for the selected events."),
    "col.region": ("Регион", "Region"),
    "col.federal_district": ("Федеральный округ", "Federal district"),
    "col.participants": ("Участников", "Participants"),
}


def t(key: str, lang: str = "ru", **kwargs: object) -> str:
    pair = LABELS.get(key)
    if pair is None:
        if os.environ.get("COOP_STRICT_LABELS") == "1":
            raise KeyError(f"no UI label {key!r} in ui/i18n.py")
        text = key.split(".", 1)[-1]
    else:
        text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


# The loader's reasons (parse issues, rejected rows) are Russian sentences, some with a value inside:
# (pattern, English template with the pattern's groups).
REASONS_EN: list[tuple[re.Pattern[str], str]] = [(re.compile(p), en) for p, en in [
    (r"^даты вне отчетного периода \((.*)\)$", "dates outside the report period ({0})"),
    (r"^не удалось распознать дату: (.*)$", "date not recognised: {0}"),
    (r"^дата не указана$", "no date given"),
    (r"^отчетный период неизвестен: (.*)$", "report period unknown: {0}"),
    (r"^ошибка разбора даты \((.*?)\): (.*)$", "date parsing error ({0}): {1}"),
    (r"^обратный диапазон дат$", "date range runs backwards"),
    (r"^ошибка разбора \((\w+)\)$", "parsing error ({0})"),
    (r"^в ячейке несколько итоговых чисел участников; взято первое$",
     "several participant totals in the cell; the first is taken"),
    (r"^в ячейке есть числа, но не найдено число людей$", "the cell has numbers but no headcount"),
    (r"^не удалось разобрать число участников \((.*)\)$", "participant count could not be parsed ({0})"),
    (r"^место за рубежом: (.*)$", "venue abroad: {0}"),
    (r"^город «(.*)» есть в нескольких субъектах РФ, субъект не указан$",
     "city “{0}” exists in several federal subjects; the subject is not stated"),
    (r"^не удалось определить субъект РФ для «(.*)»$", "federal subject of “{0}” not found"),
    (r"^строка идёт до первого заголовка департамента$", "the row comes before the first department heading"),
    (r"^в заголовке отчёта не найден регион-партнёр$", "no partner region in the report title"),
    (r"^не указано соглашение$", "no agreement given"),
    (r"^нет наименования мероприятия$", "no event name"),
    (r"^строка вне таблицы отчёта \(таблица другой формы, без шапки\)$",
     "row outside the report table (a table of another layout, without a header)"),
]]


def reason_text(reason: object, lang: str = "ru") -> str:
    """A loader's reason in the UI language (an unknown reason stays as written, marked in English mode)."""
    text = "" if reason is None else str(reason)
    if lang != "en" or not text:
        return text
    for pattern, english in REASONS_EN:
        m = pattern.match(text)
        if m:
            return english.format(*m.groups())
    return f"(as reported) {text}"
