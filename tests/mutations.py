"""Seeded mutations of report files for the fuzz tests: bytes, zip members, and the XML inside.

Every mutator takes a ``random.Random`` and the file's bytes and returns new bytes;
the same seed always gives the same file.
"""

from __future__ import annotations

import copy
import io
import random
import warnings
import zipfile
from collections.abc import Callable

from lxml import etree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_PARTS = ("word/document.xml", "xl/worksheets/sheet1.xml")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WEIRD_NUMBERS = ["0", "-1", "2", "7", "999", "100000", "2147483648", "99999999999999999999", "", "x", "1.5", "NaN"]

Mutator = Callable[[random.Random, bytes], bytes]


# --- bytes of the file ---------------------------------------------------------------------------

def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
    return bytes(buf)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]


def delete_bytes(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 256):]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def ole_header(rng: random.Random, data: bytes) -> bytes:
    """What a password-protected Office file looks like: an OLE compound document."""
    body = data[8:] if rng.random() < 0.5 else rng.randbytes(rng.randint(0, 4096))
    return OLE_MAGIC + body


# --- members of the zip --------------------------------------------------------------------------

def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": duplicate_member makes them on purpose
        for info, payload in members:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            zf.writestr(name, payload)
    return out.getvalue()


def drop_member(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    members.pop(rng.randrange(len(members)))
    return _zip(members)


def duplicate_member(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    info, payload = rng.choice(members)
    other = rng.choice(members)[1] if rng.random() < 0.5 else payload
    return _zip([*members, (info.filename, other)])


def _with_main_part(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    members = _members(data)
    out = []
    for info, payload in members:
        out.append((info, change(payload) if info.filename in MAIN_PARTS else payload))
    return _zip(out)


def xml_bytes(rng: random.Random, data: bytes) -> bytes:
    """Byte-level damage to the document XML itself (mostly malformed XML)."""
    op = rng.choice([flip_bytes, insert_bytes, delete_bytes, truncate])
    return _with_main_part(data, lambda xml: op(rng, xml))


# --- the XML tree of the main part ---------------------------------------------------------------

def _with_tree(data: bytes, change: Callable[[etree._Element], None]) -> bytes:
    def apply(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _with_main_part(data, apply)


def _elements(root: etree._Element, local: str | None = None) -> list[etree._Element]:
    return [el for el in root.iter() if el is not root and isinstance(el.tag, str)
            and (local is None or etree.QName(el).localname == local)]


def drop_element(rng: random.Random, data: bytes) -> bytes:
    def change(root):
        for _ in range(rng.randint(1, 5)):
            els = _elements(root, rng.choice([None, "tr", "tc", "row", "c", "p", "tblGrid", "mergeCell"]))
            if els:
                el = rng.choice(els)
                el.getparent().remove(el)

    return _with_tree(data, change)


def duplicate_element(rng: random.Random, data: bytes) -> bytes:
    def change(root):
        for _ in range(rng.randint(1, 5)):
            els = _elements(root, rng.choice([None, "tr", "tc", "row", "c", "tbl", "mergeCell"]))
            if els:
                el = rng.choice(els)
                el.addnext(copy.deepcopy(el))

    return _with_tree(data, change)


def nest_element(rng: random.Random, data: bytes) -> bytes:
    """A table inside a cell (Word), a row inside a cell (Excel), or any element inside another."""
    def change(root):
        tables = _elements(root, "tbl")
        cells = _elements(root, "tc") or _elements(root, "c")
        if tables and cells:
            inner = copy.deepcopy(rng.choice(tables))
            rng.choice(cells).append(inner)
            if rng.random() < 0.5:  # and a table in a cell of the nested table
                inner_cells = _elements(inner, "tc")
                if inner_cells:
                    rng.choice(inner_cells).append(copy.deepcopy(inner))
        else:
            els = _elements(root)
            rng.choice(els).append(copy.deepcopy(rng.choice(els)))

    return _with_tree(data, change)


def weird_attributes(rng: random.Random, data: bytes) -> bytes:
    """Spans, merges, cell references and sizes set to absurd values."""
    def change(root):
        els = _elements(root)
        for _ in range(rng.randint(1, 10)):
            el = rng.choice(els)
            attrs = list(el.attrib)
            if attrs:
                el.set(rng.choice(attrs), rng.choice(WEIRD_NUMBERS))
        for local, attr in (("gridSpan", f"{{{W_NS}}}val"), ("gridBefore", f"{{{W_NS}}}val"),
                            ("vMerge", f"{{{W_NS}}}val"), ("c", "r"), ("mergeCell", "ref"), ("row", "r")):
            found = _elements(root, local)
            if found and rng.random() < 0.3:
                value = rng.choice(WEIRD_NUMBERS + ["A1:XFD1048576", "ZZZ0", "restart", "continue", "B2:A1"])
                rng.choice(found).set(attr, value)

    return _with_tree(data, change)


def formula_cells(rng: random.Random, data: bytes) -> bytes:
    """Excel cells that become formulas without a cached value; Word text '=1+1'."""
    def change(root):
        cells = _elements(root, "c")
        if cells:
            for cell in rng.sample(cells, min(len(cells), rng.randint(1, 10))):
                for child in list(cell):
                    cell.remove(child)
                cell.attrib.pop("t", None)
                f = etree.SubElement(cell, f"{{{S_NS}}}f")
                f.text = rng.choice(["1+1", "SUM(A1:A3)", "1/0", "A1", '"text"&"more"'])
        else:
            for t in rng.sample(_elements(root, "t"), min(5, len(_elements(root, "t")))):
                t.text = "=1+1"

    return _with_tree(data, change)


def huge_cell(rng: random.Random, data: bytes) -> bytes:
    """One cell with about 1 MB of text."""
    def change(root):
        texts = _elements(root, "t")
        if not texts:
            return
        words = ["Смоленск", "форум", "2021", "года", "\u00a0", "участников", "Тверская область", "около 300"]
        big = " ".join(rng.choice(words) for _ in range(110_000))[: 1 << 20]
        rng.choice(texts).text = big

    return _with_tree(data, change)


def empty_sheet(rng: random.Random, data: bytes) -> bytes:
    """Every row (Excel) or every table (Word) removed, or only the header kept."""
    def change(root):
        keep_first = rng.random() < 0.5
        for container_local, item_local in (("sheetData", "row"), ("body", "tbl")):
            for container in _elements(root, container_local) or ([root] if container_local == "body" else []):
                items = [el for el in container if isinstance(el.tag, str)
                         and etree.QName(el).localname == item_local]
                for el in items[1:] if keep_first else items:
                    container.remove(el)
        for mc in _elements(root, "mergeCells"):
            mc.getparent().remove(mc)

    return _with_tree(data, change)


BYTE_MUTATORS: list[Mutator] = [flip_bytes, insert_bytes, delete_bytes, truncate, ole_header]
ZIP_MUTATORS: list[Mutator] = [drop_member, duplicate_member, xml_bytes]
TREE_MUTATORS: list[Mutator] = [drop_element, duplicate_element, nest_element, weird_attributes, formula_cells,
                                huge_cell, empty_sheet]
ALL_MUTATORS: list[Mutator] = BYTE_MUTATORS + ZIP_MUTATORS + TREE_MUTATORS


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """Apply one to three mutators (tree mutators first, so the zip is still readable); return their names."""
    chosen = [rng.choice(ALL_MUTATORS) for _ in range(rng.choices([1, 2, 3], [6, 3, 1])[0])]
    chosen.sort(key=lambda m: 0 if m in TREE_MUTATORS else 1 if m in ZIP_MUTATORS else 2)
    names = []
    for mutator in chosen:
        try:
            data = mutator(rng, data)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError, EOFError):
            continue  # an earlier mutation already broke what this one needs: keep the file as it is
        names.append(mutator.__name__)
    return data, names
