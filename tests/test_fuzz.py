"""Fuzzing the loader: damaged report files never escape build() and never damage the database.

Mutated copies of the four sample files (tests/mutations.py) and tiny reports whose cell
texts hypothesis generates are each loaded into a database built from data/reports:
- build() returns (no exception), one result for the file;
- a failed file has a one-line message naming the file, and the database is byte-identical;
- a loaded file leaves a database that passes loaders.db.check.
Seeded and deterministic. RUN_SLOW=1 runs the 1,000-case version.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.build import build
from loaders.db.check import run_checks
from tests.builders import DEPT_A, HEADER, TITLE, write_docx, write_xlsx
from tests.conftest import ROOT, SAMPLES
from tests.mutations import mutate

SEED = 20210630
FAST_CASES = 24
SLOW_CASES = 1_000
FAST_EXAMPLES = 6
SLOW_EXAMPLES = 200


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Fuzzer:
    """Runs cases against a working copy of the base database, restoring it after every load."""

    base_db: Path
    workdir: Path
    loaded: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db = self.workdir / "fuzz.duckdb"
        shutil.copy(self.base_db, self.db)

    @property
    def cases(self) -> int:
        return self.loaded + self.refused + len(self.crashes)

    def run(self, path: Path, label: str) -> None:
        before = sha256(self.db)
        try:
            results = build([path], self.db)
        except BaseException as exc:  # noqa: B036 - the point is to see anything that escapes
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.crashes.append(f"{label}: build() raised {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
            shutil.copy(self.base_db, self.db)
            return
        problem = self._judge(path, results, before)
        if problem:
            self.crashes.append(f"{label}: {problem}")
        if sha256(self.db) != before:
            shutil.copy(self.base_db, self.db)

    def _judge(self, path: Path, results: list, before: str) -> str | None:
        if len(results) != 1:
            return f"{len(results)} results for one file"
        result = results[0]
        if not result.ok:
            self.refused += 1
            if "\n" in result.message or not result.message.strip():
                return f"message is not one line: {result.message!r}"
            if path.name not in result.message:
                return f"message does not name the file: {result.message!r}"
            if "Traceback" in result.message:
                return f"traceback in the message: {result.message!r}"
            if sha256(self.db) != before:
                return f"database changed although the file failed: {result.message}"
            return None
        self.loaded += 1
        failed = [r.line() for r in run_checks(self.db) if not r.ok]
        return f"loaded ({result.message}) but check fails: {failed}" if failed else None

    def summary(self) -> str:
        return f"cases {self.cases}: loaded {self.loaded}, refused {self.refused}, crashes {len(self.crashes)}"


def mutation_cases(fuzzer: Fuzzer, count: int, seed: int) -> None:
    originals = [(p, p.read_bytes()) for p in SAMPLES]
    for i in range(count):
        rng = random.Random(seed * 100_003 + i)
        source, data = originals[i % len(originals)]
        mutated, names = mutate(rng, data)
        path = fuzzer.workdir / f"fuzz-{i:04d}-{'-'.join(names) or 'none'}{source.suffix}"
        path.write_bytes(mutated)
        fuzzer.run(path, f"case {i} ({source.name}: {', '.join(names)})")
        path.unlink()


@pytest.fixture()
def fuzzer(sample_db: Path, tmp_path: Path) -> Fuzzer:
    return Fuzzer(sample_db, tmp_path)


def test_mutated_samples(fuzzer: Fuzzer, capsys):
    mutation_cases(fuzzer, FAST_CASES, SEED)
    with capsys.disabled():
        print(f"\nfuzz (mutations): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_mutated_samples_many(fuzzer: Fuzzer, capsys):
    mutation_cases(fuzzer, SLOW_CASES, SEED + 1)
    with capsys.disabled():
        print(f"\nfuzz (mutations, slow): {fuzzer.summary()}")
    assert fuzzer.cases >= SLOW_CASES
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes[:20])


# --- generated cell texts in tiny reports -------------------------------------------------------

# XML cannot hold control characters (other than tab / line breaks) or lone surrogates
_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t ")
SNIPPETS = ["Итого", "Всего:", "№ п/п", "1.", "2", "Смоленск", "г. Тверь", "Тверской области", "5 мая 2021 года",
            "в течение года", "около 300 человек", "=1+1", "=SUM(A1:A3)", "01.02.2021", "Соглашение", "онлайн",
            "Департамент", "Наименование мероприятия", "Сроки проведения", "\u00a0", "", " "]
cell_text = st.one_of(st.text(_chars, max_size=60), st.sampled_from(SNIPPETS),
                      st.lists(st.sampled_from(SNIPPETS), max_size=4).map(" ".join))
row = st.lists(cell_text, min_size=0, max_size=9)
report_rows = st.lists(st.one_of(row, cell_text.filter(bool)), min_size=0, max_size=6)


def tiny_report(tmp: Path, name: str, fmt: str, title: list[str], header: bool, rows: list) -> Path:
    body = ([HEADER] if header else []) + [DEPT_A] + rows
    if not any(isinstance(r, list) and r for r in body):
        body.append(["x"])  # the builders need at least one column
    if fmt == "xlsx":
        return write_xlsx(tmp / f"{name}.xlsx", body, title=title)
    return write_docx(tmp / f"{name}.docx", [body], title=title)


def generated_cases(fuzzer: Fuzzer, examples: int) -> None:
    counter = iter(range(1_000_000))

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(fmt=st.sampled_from(["xlsx", "docx"]),
           title=st.one_of(st.just(TITLE), st.lists(cell_text, max_size=3)),
           header=st.booleans(), rows=report_rows)
    def case(fmt: str, title: list[str], header: bool, rows: list) -> None:
        i = next(counter)
        path = tiny_report(fuzzer.workdir, f"gen-{i:04d}", fmt, title, header, rows)
        fuzzer.run(path, f"generated {i} ({fmt}: title={title!r}, header={header}, rows={rows!r})")
        path.unlink()

    case()


def test_generated_cell_texts(fuzzer: Fuzzer, capsys):
    generated_cases(fuzzer, FAST_EXAMPLES)
    with capsys.disabled():
        print(f"\nfuzz (generated): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_generated_cell_texts_many(fuzzer: Fuzzer, capsys):
    generated_cases(fuzzer, SLOW_EXAMPLES)
    with capsys.disabled():
        print(f"\nfuzz (generated, slow): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes[:20])


# --- small but deadly files (issue 12 §2) ----------------------------------------------------------
# Each is a few kilobytes and, before the limits in loaders/read/shape.py and loaders/read/limits.py, killed
# the process (calamine allocating 512 GB: SIGABRT) or ran for minutes on gigabytes. Each is built here,
# loaded in a child process (peak RSS read from /proc there) and must be refused within 2 s and 300 MB
# with the database byte-identical.

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
       'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/>{extra}</Types>')
_SST_CT = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'spreadsheetml.sharedStrings+xml"/>')


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def raw_xlsx(path: Path, cells: list[tuple[str, str]], *, dimension: str | None = None, merges: list[str] = (),
             shared: list[str] = (), stored: bytes = b"") -> Path:
    """A minimal .xlsx written part by part. `cells`: (ref, text) inline strings, or "#k" for shared string k.
    `stored`: an extra member of these bytes kept uncompressed (it lowers the archive's overall ratio)."""
    rows: dict[int, list[str]] = {}
    for ref, text in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        if text.startswith("#"):
            rows.setdefault(row, []).append(f'<c r="{ref}" t="s"><v>{text[1:]}</v></c>')
        else:
            rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{_esc(text)}</t></is></c>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}">'
             + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
             + "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items())) + "</sheetData>"
             + (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                + "</mergeCells>" if merges else "") + "</worksheet>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}">'
                '<sheets><sheet name="Отчет" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL_NS}/worksheet" '
               'Target="worksheets/sheet1.xml"/>'
               + (f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
                  if shared else "") + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT.format(extra=_SST_CT if shared else ""))
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_SHEET_NS}">'.encode())
                for text in shared:
                    fh.write(b"<si><t>")
                    for i in range(0, len(text), 1 << 20):
                        fh.write(_esc(text[i:i + (1 << 20)]).encode())
                    fh.write(b"</t></si>")
                fh.write(b"</sst>")
        if stored:
            zf.writestr(zipfile.ZipInfo("xl/media/image1.png"), stored, compress_type=zipfile.ZIP_STORED)
    return path


def _header_cells(row: int = 1) -> list[tuple[str, str]]:
    return [(f"{'ABCDEFG'[i]}{row}", text) for i, text in enumerate(HEADER)]


def _event_cells(row: int, dates: str = "5 мая 2021 года") -> list[tuple[str, str]]:
    values = ["1.", "Соглашение с Тверской областью", "Выставка", dates, "г. Тверь", "120 человек", "Проведена"]
    return [(f"{'ABCDEFG'[i]}{row}", text) for i, text in enumerate(values)]


def huge_grid_docx(path: Path, rows: int, span: int) -> Path:
    """A Word table of `rows` rows, each one cell spanning `span` grid columns, every row's text different
    (so the document part does not compress past the zip-bomb ratio)."""
    base = write_docx(path.with_name("base-" + path.name), [[HEADER, ["1.", "", "Встреча", "май 2021", "", "", ""]]])
    with zipfile.ZipFile(base) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    body = "".join(f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>'
                   f'{hashlib.md5(str(i).encode()).hexdigest()[:8]}</w:t></w:r></w:p></w:tc></w:tr>'
                   for i in range(rows))
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("</w:tbl>", body + "</w:tbl>", 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    base.unlink()
    return path


def deadly_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a phrase its refusal must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    head = _header_cells() + _event_cells(2)
    return {
        # one cell at the last cell of the sheet: calamine allocates 512 GB and aborts
        "giant-dimension": (raw_xlsx(folder / "giant-dimension.xlsx", [*head, ("XFD1048576", "x")]),
                            "слишком много строк: 1 048 576"),
        # the sheet declares a used range of the whole sheet
        "declared-dimension": (raw_xlsx(folder / "declared-dimension.xlsx", head, dimension="A1:XFD1048576"),
                               "объявлена используемая область A1:XFD1048576"),
        # within the row and column limits, but 25 million cells to lay out (13.5 s, 1.6 GB before)
        "far-cell": (raw_xlsx(folder / "far-cell.xlsx", [*head, ("SF49990", "x")]), "слишком большая таблица"),
        # 300 merged ranges over a 50,000 × 500 grid, one on top of another (161 s before)
        "stacked-merges": (raw_xlsx(folder / "stacked-merges.xlsx", [*head, ("SF50000", "x")],
                                    merges=["A3:SF50000"] * 300), "слишком большая таблица"),
        "many-merges": (raw_xlsx(folder / "many-merges.xlsx", head,
                                 merges=[f"H{r}:I{r}" for r in range(3, 10_005)]), "слишком много объединённых"),
        # a dates cell of 40,000 letters (the period regex backtracked for seconds)
        "long-letters": (raw_xlsx(folder / "long-letters.xlsx", head + _event_cells(3, "май" + "а" * 40_000)),
                         "слишком длинная ячейка: 40 003 символов"),
        # a stored random part hides a shared-strings part compressed a thousand times (one 40 MB name)
        "member-bomb": (raw_xlsx(folder / "member-bomb.xlsx", [*head, ("C3", "#0")], shared=["я" * 20_000_000],
                                 stored=rng.randbytes(1 << 20)),
                        "часть архива xl/sharedStrings.xml сжата в"),
        # a Word table of 49,000 rows × 500 grid columns (5 s, 650 MB before)
        "docx-huge-grid": (huge_grid_docx(folder / "docx-huge-grid.docx", 49_000, 500), "слишком большая таблица"),
    }


CHILD = """
import json, sys, time
from pathlib import Path
from loaders.build import build

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

out = {"import_peak_mb": peak_mb()}
for name, path in json.loads(sys.argv[2]).items():
    started, cpu = time.monotonic(), time.process_time()
    results = build([Path(path)], Path(sys.argv[1]))
    out[name] = {"seconds": time.monotonic() - started, "cpu_seconds": time.process_time() - cpu, "peak_mb": peak_mb(),
                 "results": [[r.ok, r.message] for r in results]}
    print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def deadly_run(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every deadly file loaded, one after another, by one child process into a copy of the sample database."""
    folder = tmp_path_factory.mktemp("deadly")
    files = deadly_files(folder)
    db = folder / "db.duckdb"
    shutil.copy(sample_db, db)
    before = sha256(db)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), json.dumps({k: str(p) for k, (p, _) in files.items()})],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"the build process died (rc {proc.returncode}): {proc.stderr[-3000:]}"
    out = json.loads(proc.stdout.splitlines()[-1])
    return {"out": out, "files": files, "unchanged": sha256(db) == before}


@pytest.mark.parametrize("name", ["giant-dimension", "declared-dimension", "far-cell", "stacked-merges",
                                  "many-merges", "long-letters", "member-bomb", "docx-huge-grid"])
def test_small_deadly_file_refused_fast_and_small(deadly_run, name, capsys):
    path, phrase = deadly_run["files"][name]
    case = deadly_run["out"][name]
    with capsys.disabled():
        print(f"\n{name}: {path.stat().st_size / 1024:.1f} KB, refused in {case['seconds']:.2f} s "
              f"({case['cpu_seconds']:.2f} s CPU), "
              f"process peak {case['peak_mb']:.0f} MB (after imports {deadly_run['out']['import_peak_mb']:.0f} MB)")
    assert path.stat().st_size < 2 << 20  # small files, every one of them
    [[ok, message]] = case["results"]
    assert not ok
    assert message.startswith(path.name) and "\n" not in message
    assert phrase in message, message
    # CPU time of the build: wall time on a machine shared by many jobs says more about the neighbours
    assert case["cpu_seconds"] < 2.0
    assert case["peak_mb"] < 300
    assert deadly_run["unchanged"]  # the database is byte-identical after all of them


def test_giant_dimension_really_kills_calamine(deadly_run):
    """The file is deadly: read directly by calamine (in a child process), it aborts the process."""
    path, _ = deadly_run["files"]["giant-dimension"]
    code = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGABRT


# --- a worker that dies does not take the other files with it --------------------------------------

ABORT_SHIM = """
import os
if os.environ.get("COOP_TEST_ABORT_ON"):
    import loaders.read as readers  # patched before loaders.parse imports read_document from it
    _real = readers.read_document

    def read_document(path):
        if os.environ["COOP_TEST_ABORT_ON"] in str(path):
            os.abort()  # what calamine's failed 512 GB allocation does
        return _real(path)

    readers.read_document = read_document
"""


def test_a_worker_killed_by_sigabrt_refuses_only_its_file(tmp_path, sample_db):
    """A folder of 9 files built by the CLI (so in worker processes): one file aborts the worker parsing it
    (a sitecustomize shim makes it call os.abort() in whichever process reads it), one is the real
    giant-dimension file. Both are refused with a message; the 7 good files load."""
    folder = tmp_path / "reports"
    folder.mkdir()
    titles = [f"Отчёт департамента № {i} о межрегиональном сотрудничестве за II квартал 2021 года"
              for i in range(7)]
    for i, title in enumerate(titles):
        write_xlsx(folder / f"good-{i}.xlsx", [HEADER, DEPT_A, ["1.", "", f"Семинар № {i}", "5 мая 2021 года",
                                                                  "г. Тверь", "20 человек", ""]], title=[title])
    write_xlsx(folder / "crash-me.xlsx", [HEADER, DEPT_A, ["1.", "", "Встреча", "май 2021", "", "", ""]])
    raw_xlsx(folder / "giant-dimension.xlsx", [*_header_cells(), ("XFD1048576", "x")])
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(ABORT_SHIM, encoding="utf-8")
    db = tmp_path / "db.duckdb"
    env = {**os.environ, "PYTHONPATH": f"{shim}{os.pathsep}{ROOT}", "COOP_TEST_ABORT_ON": "crash-me"}
    proc = subprocess.run([sys.executable, "-m", "loaders", "build", str(folder), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 1, proc.stderr  # not 134: the build itself did not die
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ОШИБКА")]
    assert len(errors) == 2, proc.stderr
    assert errors[0].startswith("ОШИБКА crash-me.xlsx: процесс чтения файла аварийно завершился")
    assert errors[1].startswith("ОШИБКА giant-dimension.xlsx: слишком много строк")
    ok = sorted(line.split()[1].rstrip(":") for line in proc.stdout.splitlines() if line.startswith("OK"))
    assert ok == [f"good-{i}.xlsx" for i in range(7)]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 7
        assert sorted(r[0] for r in conn.execute("SELECT name FROM events").fetchall()) == sorted(
            f"Семинар № {i}" for i in range(7))
