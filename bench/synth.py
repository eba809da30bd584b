"""Synthetic report files for load tests and benchmarks (``python bench/synth.py --reports N --out DIR``).

Writes .xlsx and .docx reports in the two templates of the samples (an agreements report with an
agreement column whose cells are merged vertically; a road-map report whose partner is named in the
title), built from the samples' vocabulary: department headings, every partner region (names put into
the genitive / instrumental with pymorphy3), varied date, place and participant phrasings, title rows,
sometimes a column-number row, and now and then a bad row (no event name → a reject).

Everything is drawn from ``random.Random(f"{seed}:{n}")`` and the files are re-zipped with fixed
timestamps, so the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HOME = "SMO"
HOME_GEN = "Смоленской области"
HOME_ABLT = "Смоленской областью"
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря"]
MONTHS_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
              "ноябрь", "декабрь"]

AGR_HEADER = ["№ п/п", "Соглашение \nо сотрудничестве, \nв рамках которого была \nпроведена работа",
              "Наименование мероприятия", "Сроки проведения мероприятия", "Место проведения\nмероприятия",
              "Участники мероприятия (общее количество, представители регионов, другие дополнительные сведения)",
              "Содержание и результат мероприятия (в том числе краткая информация о достигнутых договоренностях, "
              "подписанных документах \nи т.д.)"]
RM_HEADER = ["№ п/п Плана ", "Наименование ", "Сроки проведения ", "Место проведения ", "Участники ",
             "Содержание и результат "]

SPHERES = [
    ("государственной службы занятости населения", "занятости населения", "труда и занятости"),
    ("по культуре", "культуры", "культуры и искусства"),
    ("по сельскому хозяйству и продовольствию", "сельского хозяйства", "агропромышленного комплекса"),
    ("по образованию и науке", "образования", "образования и науки"),
    ("цифрового развития", "цифрового развития", "информационных технологий"),
    ("экономического развития", "экономики", "экономического развития"),
    ("инвестиционного развития", "инвестиций", "инвестиционной деятельности"),
    ("по здравоохранению", "здравоохранения", "охраны здоровья"),
    ("по социальному развитию", "социальной защиты", "социального обслуживания"),
    ("по туризму", "туризма", "туристической деятельности"),
    ("по строительству и жилищно-коммунальному хозяйству", "строительства", "жилищно-коммунального хозяйства"),
    ("по промышленности", "промышленности", "промышленной кооперации"),
    ("по транспорту и дорожному хозяйству", "транспорта", "дорожного хозяйства"),
    ("по природным ресурсам и экологии", "экологии", "охраны окружающей среды"),
    ("по охране, контролю и регулированию использования лесного хозяйства", "лесного хозяйства", "лесопользования"),
    ("по энергетике, энергоэффективности, тарифной политике", "энергетики", "энергосбережения"),
    ("по внутренней политике", "внутренней политики", "общественных связей"),
    ("по информационной политике", "информационной политики", "средств массовой информации"),
    ("по делам архивов", "архивного дела", "архивного дела"),
    ("по ветеринарии", "ветеринарии", "ветеринарного надзора"),
]
DEPT_FORMS = [
    "Департамент Смоленской области {s}",
    "Департамент {s} Смоленской области",
    "Главное управление Смоленской области {s}",
    "Комитет Смоленской области {s}",
]
EXTRA_DEPTS = [
    "Главное управление спорта Смоленской области",
    "Главное управление Смоленской области по делам молодежи и гражданско-патриотическому воспитанию",
    "Главное управление записи актов гражданского состояния Смоленской области",
    "Главное управление Смоленской области по обеспечению деятельности противопожарно-спасательной службы",
    "Аппарат Администрации Смоленской области",
    "Представительство Администрации Смоленской области при Правительстве Российской Федерации",
    "Департамент бюджета и финансов Смоленской области",
    "Департамент имущественных и земельных отношений Смоленской области",
    "Департамент Смоленской области по осуществлению контроля и взаимодействию с административными органами",
    "Департамент государственной службы занятости населения Смоленской области",
]
AGR_BODIES = ["Правительством", "Администрацией", "Правительством", "Правительством"]
AGR_SUBJECTS = [
    "о сотрудничестве в торгово-экономической, научно-технической, культурной и социальной областях",
    "о торгово-экономическом, научно-техническом, гуманитарно-культурном сотрудничестве",
    "о правовом, торгово - экономическом, научно - техническом, социально - культурном и ином сотрудничестве",
    "о сотрудничестве в торгово-экономической, научно-технической, гуманитарно-культурной и иных сферах",
    "о торгово-экономическом, научно-техническом\nи культурном сотрудничестве",
    "о сотрудничестве",
]
TOPICS = [
    "Новая реальность. Тренды развития", "Смоленский лён", "Цифровая трансформация регионов",
    "Молодёжь — будущее России", "Культурное наследие", "Территория смыслов", "Дороги Победы",
    "Экспорт без границ", "Агробизнес: точки роста", "Наставничество в образовании", "Здоровое поколение",
    "Туристический потенциал регионов", "Бережливый регион", "Лесной комплекс: перспективы",
    "Сохраним историческую память", "Открытые данные", "Инвестиционная привлекательность территорий",
    "Память поколений", "Русское поле", "Серебряное волонтёрство", "Зелёная экономика", "Народные промыслы",
]
NAME_FORMS = [
    "Межрегиональная конференция «{t}»", "Всероссийский форум «{t}»", "Международная выставка «{t}»",
    "Межрегиональный фестиваль «{t}»", "Открытый конкурс «{t}»", "Выездной семинар - совещание по теме:\n«{t}»",
    "Рабочая встреча представителей органов {z} по вопросу «{t}»", "Обмен опытом в сфере {z}",
    "Курсы повышения квалификации специалистов в области {z}", "Бизнес-миссия смоленских предприятий «{t}»",
    "Открытое первенство по {sport}", "Межрегиональные соревнования по {sport}", "Совместные учения по теме «{t}»",
    "Онлайн-дискуссия «{t}»", "Вебинар для специалистов в сфере {z}", "Заседание рабочей группы по вопросам {z}",
    "Всероссийский театральный  фестиваль\n«{t}»", "Обмен информационно-аналитическими, методическими и другими "
    "материалами по вопросам {z}", "Круглый стол «{t}»", "Участие в межрегиональной акции «{t}»",
]
SPORTS = ["плаванию", "самбо", "лёгкой атлетике", "волейболу", "шахматам", "спортивному ориентированию", "боксу"]
VENUES = ["Конгрессно-выставочный центр «Экспофорум»", "Дом культуры", "Областная научная библиотека",
          "Выставочный комплекс «Экспоцентр»", "Дворец спорта", "Государственный университет",
          "Драматический театр", "Центр народного творчества"]
RESULTS = [
    "Проведена", "На конференции обсудили вопросы взаимодействия и обменялись опытом работы",
    "Обмен опытом работы, обмен информацией об имеющихся вакансиях",
    "По итогам мероприятия подписан план совместных действий", "Достигнуты договоренности о продолжении сотрудничества",
    "Участники награждены дипломами", "Проведены переговоры, подготовлен проект соглашения",
    "В ходе мероприятия участники поделились опытом использования современных технологий", "",
]


@functools.cache
def _inflect_word(word: str, case: str) -> str:
    from loaders.fields.morph import morph

    parses = [p for p in morph().parse(word) if "nomn" in p.tag]
    if not parses:
        return word
    adj = [p for p in parses if p.tag.POS == "ADJF"]
    p = (adj or parses)[0]
    form = p.inflect({case, "sing"} if "sing" in p.tag else {case})
    if form is None:
        return word
    out = form.word
    src_parts, out_parts = word.split("-"), out.split("-")
    if len(src_parts) == len(out_parts):
        return "-".join(o[:1].upper() + o[1:] if s[:1].isupper() else o for s, o in zip(src_parts, out_parts))
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


@functools.cache
def inflect_region(name: str, case: str) -> str:
    """'Тверская область' → 'Тверской области' (gent), 'Тверской областью' (ablt): the leading adjectives and
    the head noun take the case, words after the head noun stay ('Республики Крым'); an appositive after a
    dash agrees when the whole head did ('Кемеровской области — Кузбасса', but 'Республики Северная Осетия — Алания')."""
    from loaders.fields.morph import morph

    head, dash, tail = name.partition(" — ")
    words = head.split(" ")
    out = []
    done_at = None
    for i, w in enumerate(words):
        if done_at is not None or not re.match(r"^[А-ЯЁа-яё-]+$", w):
            done_at = i if done_at is None else done_at
            out.append(w)
            continue
        parses = [p for p in morph().parse(w) if "nomn" in p.tag]
        out.append(_inflect_word(w, case))
        if not any(p.tag.POS == "ADJF" for p in parses):
            done_at = i  # the head noun
    whole_head = done_at is None or done_at == len(words) - 1
    if dash and whole_head and " " not in tail:
        tail = _inflect_word(tail, case)
    return " ".join(out) + (dash + tail if dash else "")


@dataclass(frozen=True)
class Partner:
    code: str
    nomn: str
    gent: str
    ablt: str
    cities: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def partners() -> tuple[Partner, ...]:
    """Every federal subject but the home region, with its name in the cases the templates need."""
    import csv

    from loaders.fields.regions import DATA_DIR, load_regions

    cities: dict[str, list[str]] = {}
    with (DATA_DIR / "cities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cities.setdefault(row["region_code"], []).append(row["city"])
    out = []
    for r in load_regions():
        if r.code == HOME:
            continue
        name = r.name_ru
        extra = re.search(r"\s*\(([^)]*)\)$", name)
        if extra and extra.group(1) in name[:extra.start()]:
            name = name[:extra.start()]  # 'Республика Татарстан (Татарстан)' → 'Республика Татарстан'
        out.append(Partner(r.code, name, inflect_region(name, "gent"), inflect_region(name, "ablt"),
                           tuple(cities.get(r.code) or [r.admin_center])[:6]))
    return tuple(out)


def departments() -> list[str]:
    """About 40 department headings (the samples' names and their pattern)."""
    names = [DEPT_FORMS[i % 4].format(s=s[0]) for i, s in enumerate(SPHERES)]
    names += [DEPT_FORMS[(i + 1) % 4].format(s=s[0]) for i, s in enumerate(SPHERES[:10])]
    return sorted(set(names) | set(EXTRA_DEPTS))


@dataclass
class SynthEvent:
    item_no: str
    agreement: str  # '' in road-map reports
    name: str
    dates: str
    place: str
    participants: str
    result: str


@dataclass
class SynthSection:
    department: str
    events: list[SynthEvent]
    merges: list[tuple[int, int]] = field(default_factory=list)  # [start, end) event rows sharing one agreement cell


@dataclass
class SynthReport:
    file_name: str
    template: str  # 'agreements' | 'roadmap'
    title: list[str]
    sections: list[SynthSection]
    number_row: bool
    bad_rows: int

    @property
    def event_count(self) -> int:
        return sum(len(s.events) for s in self.sections) - self.bad_rows


def _period_text(year: int, quarter: int | None) -> str:
    if quarter is None:
        return f"в {year} году"
    return f"{'во' if quarter == 2 else 'в'} {ROMAN[quarter]} квартале {year} года"


def _dates(rng: random.Random, year: int, quarter: int | None) -> str:
    q = quarter or rng.randint(1, 4)
    month = 3 * (q - 1) + rng.randint(1, 3)
    day = rng.randint(1, 26)
    roll = rng.random()
    mg = MONTHS_GEN[month - 1]
    if roll < 0.10:
        return rng.choice(["в течение всего периода", "В течение всего периода", "В\xa0течение всего периода"])
    if roll < 0.35:
        return f"{day} {mg}\n{year} года" if rng.random() < 0.5 else f"{day} {mg} {year} года"
    if roll < 0.50:
        return f"{day}-{day + rng.randint(1, 2)} {mg}\n{year} года"
    if roll < 0.62:
        return f"с {day} по {day + rng.randint(1, 2)} {mg} {year} г."
    if roll < 0.75:
        return f"{day:02d}.{month:02d}.{year}"
    if roll < 0.88:
        return f"{MONTHS_NOM[month - 1]} {year} года" if rng.random() < 0.5 else f"{MONTHS_NOM[month - 1]}\n{year} года"
    if quarter is None:
        return f"{ROMAN[q]} квартал"
    return f"{day} {mg} {year} года"


def _place(rng: random.Random, partner: Partner) -> str:
    roll = rng.random()
    city = rng.choice(partner.cities)
    if roll < 0.2:
        return rng.choice(["Дистанционный формат", "онлайн", "в режиме видеоконференцсвязи"])
    if roll < 0.3:
        return "г. Смоленск"
    if roll < 0.4:
        return f"г. {city} / онлайн"
    if roll < 0.6:
        return f"{rng.choice(VENUES)},\nг. {city}"
    return f"г. {city}"


def _participants(rng: random.Random, partner: Partner, z: str) -> str:
    n = rng.choice([12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 400, 500, 1000])
    roll = rng.random()
    if roll < 0.2:
        return f"Общее количество участников\n{n} человек"
    if roll < 0.3:
        return f"около {n} человек"
    if roll < 0.38:
        return f"более {n} участников"
    if roll < 0.45:
        return f"не менее {n} человек"
    if roll < 0.5:
        return f"порядка {n} человек"
    if roll < 0.6:
        return f"Всего {n} участников из {rng.randint(2, 40)} регионов"
    if roll < 0.7:
        return f"{n} человек, в том числе делегация Смоленской области в составе {rng.randint(3, 12)} человек"
    return f"Представители органов {z} {HOME_GEN} и {partner.gent}"


def _agreement(rng: random.Random, partner: Partner, other: Partner | None) -> str:
    body = rng.choice(AGR_BODIES)
    if other is not None:
        return (f"Трехстороннее Соглашение о единых подходах и стандартах в различных сферах деятельности между "
                f"Правительством {partner.gent}, Правительством {other.gent} и Администрацией {HOME_GEN}")
    return f"Соглашение между Администрацией {HOME_GEN} и {body} {partner.gent} {rng.choice(AGR_SUBJECTS)}"


def make_report(seed: int, n: int, min_events: int = 50, max_events: int = 500) -> SynthReport:
    """The content of report number `n` of a seeded set."""
    rng = random.Random(f"{seed}:{n}")
    all_partners = partners()
    template = "agreements" if rng.random() < 0.6 else "roadmap"
    year = rng.randint(2019, 2024)
    quarter = rng.randint(1, 4) if rng.random() < 0.75 else None
    fmt = "xlsx" if rng.random() < 0.5 else "docx"
    total = rng.randint(min_events, max_events)
    depts = rng.sample(departments(), k=min(len(departments()), max(2, total // 25)))
    part = f"Часть {n + 1}"
    if template == "roadmap":
        rm_partner = all_partners[n % len(all_partners)] if rng.random() < 0.5 else rng.choice(all_partners)
        end = year + rng.randint(1, 3)
        title = [f"Отчет об исполнении {_period_text(year, quarter)}",
                 f"Плана мероприятий «Дорожной карты» по развитию сотрудничества между \n{rm_partner.ablt} и "
                 f"{HOME_ABLT} на {year}-{end} годы", f"({part})"]
    else:
        rm_partner = None
        title = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества",
                 _period_text(year, quarter), f"({part})"]
    sections: list[SynthSection] = []
    per = max(1, total // len(depts))
    item = 0
    bad = 0
    bad_at = set(rng.sample(range(total), k=rng.choice([0, 0, 1, 2, 3])))
    for d_i, dept in enumerate(depts):
        count = per if d_i < len(depts) - 1 else total - per * (len(depts) - 1)
        z = rng.choice(SPHERES)[2]
        sec = SynthSection(dept, [])
        i = 0
        while i < count:
            partner = rm_partner or rng.choice(all_partners)
            other = rng.choice(all_partners) if template == "agreements" and rng.random() < 0.05 else None
            if other is not None and other.code == partner.code:
                other = None
            agreement = _agreement(rng, partner, other) if template == "agreements" else ""
            group = min(count - i, rng.choice([1, 1, 1, 2, 2, 3, 4]))
            if template == "agreements" and group > 1:
                sec.merges.append((len(sec.events), len(sec.events) + group))
            for _ in range(group):
                item += 1
                name = rng.choice(NAME_FORMS).format(t=rng.choice(TOPICS), z=z, sport=rng.choice(SPORTS))
                item_no = f"{item}." if template == "agreements" else f"{d_i + 1}.{i + 1}"
                if item - 1 in bad_at:
                    name = ""  # a bad row: no event name → rejected
                    bad += 1
                sec.events.append(SynthEvent(
                    item_no=item_no, agreement=agreement, name=name, dates=_dates(rng, year, quarter),
                    place=_place(rng, partner), participants=_participants(rng, partner, z),
                    result=rng.choice(RESULTS)))
                i += 1
        sections.append(sec)
    file_name = f"synth-{seed}-{n:04d}-{template}-{year}-{'q' + str(quarter) if quarter else 'y'}.{fmt}"
    return SynthReport(file_name, template, title, sections, number_row=rng.random() < 0.3, bad_rows=bad)


def _rows(rep: SynthReport) -> tuple[list[str], list[tuple[str, list[SynthEvent], list[tuple[int, int]]]]]:
    header = AGR_HEADER if rep.template == "agreements" else RM_HEADER
    return header, [(s.department, s.events, s.merges) for s in rep.sections]


def _event_cells(rep: SynthReport, ev: SynthEvent) -> list[str]:
    cells = [ev.item_no, ev.agreement, ev.name, ev.dates, ev.place, ev.participants, ev.result]
    return cells if rep.template == "agreements" else cells[:1] + cells[2:]


def write_xlsx(rep: SynthReport, path: Path) -> None:
    from openpyxl import Workbook

    header, sections = _rows(rep)
    width = len(header)
    wb = Workbook()
    ws = wb.active
    ws.title = "Отчет"
    r = 1
    for line in rep.title:
        ws.cell(row=r, column=1, value=line)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    r += 1
    for c, h in enumerate(header, start=1):
        ws.cell(row=r, column=c, value=h)
    r += 1
    if rep.number_row:
        for c in range(1, width + 1):
            ws.cell(row=r, column=c, value=c)
        r += 1
    for dept, events, merges in sections:
        ws.cell(row=r, column=1, value=dept)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
        first = r
        covered = {k for a, b in merges for k in range(a + 1, b)}
        for k, ev in enumerate(events):
            for c, value in enumerate(_event_cells(rep, ev), start=1):
                if c == 2 and rep.template == "agreements" and k in covered:
                    continue
                if value != "":
                    ws.cell(row=r, column=c, value=value)
            r += 1
        for a, b in merges:
            ws.merge_cells(start_row=first + a, start_column=2, end_row=first + b - 1, end_column=2)
    wb.properties.creator = "synth"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
    _normalise_zip(path)


def write_docx(rep: SynthReport, path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def vmerge(cell, restart: bool) -> None:
        el = OxmlElement("w:vMerge")
        if restart:
            el.set(qn("w:val"), "restart")
        cell._tc.get_or_add_tcPr().append(el)

    header, sections = _rows(rep)
    width = len(header)
    document = docx.Document()
    for line in rep.title:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=width)
    for cell, h in zip(table.add_row().cells, header):
        cell.text = h
    if rep.number_row:
        for c, cell in enumerate(table.add_row().cells, start=1):
            cell.text = str(c)
    for dept, events, merges in sections:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = dept
        starts = {a: b for a, b in merges}
        covered = {k for a, b in merges for k in range(a + 1, b)}
        for k, ev in enumerate(events):
            cells = table.add_row().cells
            for c, (cell, value) in enumerate(zip(cells, _event_cells(rep, ev))):
                if c == 1 and rep.template == "agreements" and k in covered:
                    vmerge(cell, restart=False)
                    continue
                cell.text = value
                if c == 1 and rep.template == "agreements" and k in starts:
                    vmerge(cell, restart=True)
    cp = document.core_properties
    cp.author = cp.last_modified_by = "synth"
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1
    document.save(str(path))
    _normalise_zip(path)


def _normalise_zip(path: Path) -> None:
    """Re-pack the archive with fixed entry times so the bytes depend only on the content."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    entries = [(name, re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
                if name == "docProps/core.xml" else data) for name, data in entries]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())


def write_report(rep: SynthReport, out_dir: Path) -> Path:
    path = Path(out_dir) / rep.file_name
    (write_xlsx if path.suffix == ".xlsx" else write_docx)(rep, path)
    return path


def synth(n_reports: int, out_dir: str | Path, seed: int = 0, min_events: int = 50,
          max_events: int = 500) -> list[tuple[Path, SynthReport]]:
    """Write `n_reports` files into `out_dir`; returns each path with its content (expected counts)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = []
    for n in range(n_reports):
        rep = make_report(seed, n, min_events, max_events)
        result.append((write_report(rep, out), rep))
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write synthetic report files (.xlsx and .docx, both templates).")
    p.add_argument("--reports", type=int, required=True, help="number of files")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0, help="same seed → identical files")
    args = p.parse_args(argv)
    if args.reports < 1:
        p.error("--reports must be at least 1")
    written = synth(args.reports, args.out, seed=args.seed)
    events = sum(rep.event_count for _, rep in written)
    print(f"{len(written)} файлов, {events} мероприятий → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
