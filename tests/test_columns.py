"""Header cells scored against every field and chosen jointly; the cells below confirm or overrule."""

from __future__ import annotations

import pytest

from loaders.table.columns import Col, confirm, layout_from_row, subheader
from loaders.table.header_score import Field, assign, header_matrix, score_header

F = Field
# (header wording, the field it must read as; None = an extra column). Most are not in the samples.
WORDINGS = [
    ("№ п/п", F.ITEM), ("№", F.ITEM), ("Номер пункта плана", F.ITEM), ("№ пункта Плана", F.ITEM),
    ("Наименование документа о сотрудничестве", F.AGREEMENT), ("Реквизиты соглашения (дата, номер)", F.AGREEMENT),
    ("Соглашение (договор), в рамках которого проведено мероприятие", F.AGREEMENT),
    ("В рамках какого соглашения", F.AGREEMENT), ("Наименование соглашения", F.AGREEMENT),
    ("Основание проведения (соглашение, дорожная карта)", F.AGREEMENT), ("Меморандум / договор", F.AGREEMENT),
    ("Мероприятие", F.NAME), ("Тема мероприятия", F.NAME), ("Наименование мероприятия", F.NAME),
    ("Наименование", F.NAME), ("Название события", F.NAME), ("Мероприятие (краткое описание)", F.NAME),
    ("Название", F.NAME),
    ("Дата", F.DATES), ("Дата проведения", F.DATES), ("Срок исполнения", F.DATES),
    ("Сроки проведения мероприятия", F.DATES), ("Период проведения", F.DATES), ("Когда проведено", F.DATES),
    ("Дата начала", F.DATE_START), ("Дата окончания", F.DATE_END),
    ("Место проведения", F.PLACE), ("Место проведения (город, площадка)", F.PLACE), ("Площадка", F.PLACE),
    ("Сведения о месте проведения", F.PLACE),
    ("Кол-во участников, чел.", F.PARTICIPANTS), ("Состав участников", F.PARTICIPANTS),
    ("Количество участников", F.PARTICIPANTS), ("Участники мероприятия", F.PARTICIPANTS),
    ("Численность делегации", F.PARTICIPANTS), ("Информация об участниках", F.PARTICIPANTS),
    ("Наименование участников", F.PARTICIPANTS), ("Охват (чел.)", F.PARTICIPANTS),
    ("Итоги", F.RESULT), ("Результат (эффект)", F.RESULT), ("Содержание и результат", F.RESULT),
    ("Информация о выполнении", F.RESULT), ("Сведения о результатах", F.RESULT),
    ("Краткое описание итогов", F.RESULT), ("Отметка о выполнении", F.RESULT), ("Достигнутый эффект", F.RESULT),
    ("Регион-партнёр", F.PARTNER), ("Субъект Российской Федерации", F.PARTNER), ("Субъект РФ – партнёр", F.PARTNER),
    ("Регион", F.PARTNER), ("Партнёр (регион)", F.PARTNER),
    ("Исполнитель", F.DEPARTMENT), ("Ответственный", F.DEPARTMENT), ("Структурное подразделение", F.DEPARTMENT),
    ("Ответственное подразделение", F.DEPARTMENT), ("Ответственный исполнитель (орган власти)", F.DEPARTMENT),
    ("Орган исполнительной власти", F.DEPARTMENT),
    ("Примечание", None), ("Примечания", None), ("Комментарий", None), ("Дополнительная информация", None),
    ("Особые отметки", None), ("", None),
]


def test_at_least_40_wordings():
    assert len(WORDINGS) >= 40


@pytest.mark.parametrize(("text", "expected"), WORDINGS, ids=[w or "empty" for w, _ in WORDINGS])
def test_header_wording_reads_right(text, expected):
    scored = score_header(text)
    assert (scored[0][0] if scored else None) is expected, scored


def _chosen(header: list[str]) -> dict[Field, int]:
    return assign(header_matrix({i: h for i, h in enumerate(header) if h}))


def test_generic_head_noun_gives_way_to_its_complement():
    # the report: «Наименование …» over the agreement, the event name in «Мероприятие»
    header = ["№ п/п", "Наименование документа о сотрудничестве", "Мероприятие", "Дата проведения",
              "Место проведения", "Количество участников", "Итоги", "Примечание"]
    assert _chosen(header) == {F.ITEM: 0, F.AGREEMENT: 1, F.NAME: 2, F.DATES: 3, F.PLACE: 4, F.PARTICIPANTS: 5,
                               F.RESULT: 6}


def test_assignment_is_joint_not_cell_by_cell():
    # cell by cell both would be the name; jointly the first is the result and «Наименование» the name
    header = ["Мероприятие и его результат", "Наименование", "Дата", "Место"]
    assert _chosen(header) == {F.RESULT: 0, F.NAME: 1, F.DATES: 2, F.PLACE: 3}


def test_each_field_at_most_once():
    header = ["Мероприятие", "Тема мероприятия", "Дата", "Дата проведения", "Место"]
    chosen = _chosen(header)
    assert sorted(chosen.values()) == sorted(set(chosen.values()))
    assert chosen[F.NAME] in (0, 1) and chosen[F.DATES] in (2, 3)


AGREEMENT_CELLS = ["Соглашение между Правительством Ярославской области и Правительством Вологодской области",
                   "Договор о сотрудничестве с Республикой Татарстан", "Меморандум с Тульской областью",
                   "План мероприятий по реализации соглашения с Москвой"]


def _rows(*columns: list[str]) -> list[list[str]]:
    return [list(cells) for cells in zip(*columns)]


def test_content_wins_over_the_header_and_is_recorded():
    header = ["№", "Наименование", "Мероприятие", "Дата", "Место"]
    layout = layout_from_row(header)
    assert layout.columns[Col.NAME] == 2 and Col.AGREEMENT not in layout.columns
    rows = _rows(["1.", "2.", "3.", "4."], AGREEMENT_CELLS, ["Выставка", "Форум", "Семинар", "Встреча"],
                 ["5 мая 2021 г.", "июнь 2021 г.", "10.07.2021", "2 квартал"], ["г. Ярославль"] * 4)
    final = confirm(layout, rows)
    assert final.columns[Col.AGREEMENT] == 1 and final.columns[Col.NAME] == 2
    decision = final.decisions[1]
    assert decision.field is F.AGREEMENT and decision.basis == "content"
    assert "100% ячеек начинаются с «Соглашение" in decision.reason


def test_content_overrules_a_name_header_over_agreements():
    header = ["№", "Наименование", "Тема", "Сроки", "Место"]
    rows = _rows(["1", "2", "3", "4"], AGREEMENT_CELLS, ["Выставка", "Форум", "Семинар", "Встреча"],
                 ["май 2021"] * 4, ["Ярославль"] * 4)
    final = confirm(layout_from_row(header), rows)
    assert final.columns[Col.AGREEMENT] == 1 and final.columns[Col.NAME] == 2


def test_person_names_under_responsible_are_not_a_department():
    header = ["Мероприятие", "Дата", "Место", "Ответственный"]
    rows = _rows(["Выставка", "Форум", "Семинар"], ["май 2021"] * 3, ["Ярославль"] * 3,
                 ["Иванов И.И.", "Петрова А.С.", "Сидоров П.П."])
    final = confirm(layout_from_row(header), rows)
    assert F.DEPARTMENT not in final.roles and 3 in final.extra
    assert final.decisions[3].field is None and "называют организацию" in final.decisions[3].reason


def test_numeric_participants_column_feeds_the_total():
    header = ["Мероприятие", "Дата", "Кол-во участников, чел."]
    rows = _rows(["Выставка", "Форум", "Семинар"], ["май 2021"] * 3, ["25", "около 40", "120"])
    final = confirm(layout_from_row(header), rows)
    assert final.roles.get(F.PARTICIPANTS_TOTAL) == 2


def test_partner_column_confirmed_by_region_names():
    header = ["Мероприятие", "Дата", "Регион"]
    rows = _rows(["Выставка", "Форум", "Семинар"], ["май 2021"] * 3,
                 ["Москва", "Ярославская обл.", "Орловская и Курская области"])
    final = confirm(layout_from_row(header), rows)
    assert final.roles[F.PARTNER] == 2 and final.decisions[2].basis == "header_content"


def test_two_row_header_groups_feed_start_end_and_counts():
    top = ["№", "Мероприятие", "Сроки", "", "Место", "Участники", "", "Регион-партнёр"]
    top_cont = [False, False, False, True, False, False, True, False]
    sub = ["", "", "начало", "окончание", "", "всего", "в т.ч. от Ярославской области", ""]
    sub_cont = [True, True, False, False, True, False, False, True]
    groups = subheader(top, top_cont, sub, sub_cont)
    assert groups == {2: ("Сроки", "начало"), 3: ("Сроки", "окончание"), 5: ("Участники", "всего"),
                      6: ("Участники", "в т.ч. от Ярославской области")}
    layout = layout_from_row(top, groups)
    assert layout.roles == {F.DATE_START: 2, F.DATE_END: 3, F.PARTICIPANTS_TOTAL: 5, F.DELEGATION: 6, F.PARTNER: 7}
    assert Col.DATES not in layout.columns and Col.NAME in layout.columns


def test_a_data_row_is_not_a_header():
    assert layout_from_row(["1.", "Выставка достижений", "5 мая 2021 года", "г. Ярославль", "120 человек"]) is None
