"""CSV export: columns match the data dictionary, names are stable and valid, values fit the dictionary."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from facialis.core.interop.csv_export import (
    columns,
    dictionary_markdown,
    dictionary_path,
    export_csv,
    write_dictionary,
)
from facialis.core.interop.items import exam_items
from facialis.core.store import NotFoundError, Store

from .conftest import VIGNETTES, current_ids, vignette_files

PINNED = Path(__file__).with_name("csv_columns.txt")
DOC = Path(__file__).resolve().parents[3] / "docs" / "csv-data-dictionary.md"
NAME = re.compile(r"[a-z][a-z0-9_]*")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def exported(vignette_store: Store, tmp_path: Path) -> tuple[list[str], list[dict[str, str]], list[dict[str, str]]]:
    out = tmp_path / "exams.csv"
    count, dictionary = export_csv(vignette_store, current_ids(vignette_store), out)
    assert count == len(vignette_files()) and dictionary == tmp_path / "exams.dictionary.csv"
    header, rows = read_csv(out)
    _, entries = read_csv(dictionary)
    return header, rows, entries


def test_columns_match_the_data_dictionary(exported: tuple) -> None:
    header, _rows, entries = exported
    assert header == [entry["name"] for entry in entries]
    for entry in entries:
        assert entry["label"] and entry["type"] and entry["allowed_values"], entry


def test_column_names_are_stable_and_valid_variable_names() -> None:
    names = [c.name for c in columns()]
    assert names == PINNED.read_text(encoding="utf-8").split(), (
        "CSV column names changed: update tests/core/interop/csv_columns.txt and docs/csv-data-dictionary.md "
        "only if the change is intended (research scripts depend on these names)"
    )
    assert len(set(names)) == len(names)
    for name in names:
        assert NAME.fullmatch(name) and len(name) <= 40, name  # REDCap and R variable names


def test_every_recorded_item_of_the_exam_format_has_a_column() -> None:
    def leaves(node: object, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        if isinstance(node, dict):
            return [leaf for key, value in node.items() for leaf in leaves(value, (*prefix, key))]
        return [prefix]

    covered = {item.path for item in exam_items()} | {item.path[:-1] for item in exam_items()}
    skipped = {("format",), ("format_version",), ("uid",), ("carried_over",)}
    for path in vignette_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        for leaf in leaves(document, ()):
            assert leaf in covered or leaf in skipped, f"{path.name}: {'.'.join(leaf)} has no CSV column"


def _fits(value: str, entry: dict[str, str]) -> bool:
    kind, allowed = entry["type"], entry["allowed_values"]
    if value == "":
        return True
    if kind == "yesno":
        return value in ("0", "1")
    if kind == "choice":
        return value in allowed.split(" | ")
    if kind in ("integer", "number"):
        number = int(value) if kind == "integer" else float(value)
        bounds = re.fullmatch(r"(-?[\d.]+) to (-?[\d.]+)", allowed)
        return bounds is None or float(bounds[1]) <= number <= float(bounds[2])
    if kind == "date":
        return bool(date.fromisoformat(value))
    if kind == "datetime":
        return bool(datetime.strptime(value, "%Y-%m-%d %H:%M"))
    return True


def test_every_value_fits_its_dictionary_entry(exported: tuple, demo_store: Store, tmp_path: Path) -> None:
    header, rows, entries = exported
    out = tmp_path / "demo.csv"
    export_csv(demo_store, current_ids(demo_store), out)
    _, demo_rows = read_csv(out)
    by_name = {entry["name"]: entry for entry in entries}
    for row in [*rows, *demo_rows]:
        for name in header:
            assert _fits(row[name], by_name[name]), f"{name}={row[name]!r} does not fit {by_name[name]}"


def test_vignette_rows_carry_items_and_scores(exported: tuple) -> None:
    _header, rows, _entries = exported
    v05 = next(row for row in rows if row["mrn"] == "V05")
    assert (v05["affected_side"], v05["l_fngs_brow"], v05["l_eye_closure"]) == ("left", "6", "incomplete")
    assert v05["hx_hyperacusis"] == "1" and v05["hx_tinnitus"] == "0" and v05["hx_diabetes"] == ""
    assert v05["schirmer_mm_l"] == "9" and v05["stapedial_reflex_l"] == "absent"
    assert v05["l_hb_suggested"] == "IV" and v05["l_fngs2_grade"] == "IV" and v05["r_hb_suggested"] == ""
    assert v05["exam_datetime"] == "2026-10-06 16:00" and v05["days_since_onset"] == "1"
    assert (v05["top_differential"], v05["icd10cm"], v05["snomed"]) == ("Bell's palsy", "G51.0", "193093009")
    v13 = next(row for row in rows if row["mrn"] == "V13")
    assert (v13["r_hb_suggested"], v13["l_hb_suggested"]) == ("III", "IV")  # graded per side
    v16b = next(row for row in rows if row["mrn"] == "V16B")
    assert v16b["r_sb_syn_open_mouth_smile"] == "2" and v16b["r_crocodile_tears"] == "1"


def test_an_interrupted_export_leaves_no_file(vignette_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "export" / "exams.csv"
    with pytest.raises(NotFoundError):
        export_csv(vignette_store, [*current_ids(vignette_store), 10_000], out)
    assert list(out.parent.iterdir()) == []


def test_dictionary_file_sits_beside_the_data() -> None:
    assert dictionary_path("out/exams.csv") == Path("out/exams.dictionary.csv")
    assert dictionary_path("exams") == Path("exams.dictionary.csv")
    buffer = io.StringIO()
    assert write_dictionary(buffer) == len(columns())


def test_the_documented_data_dictionary_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == dictionary_markdown(), (
        "docs/csv-data-dictionary.md is out of date: write dictionary_markdown() into it"
    )


def test_vignettes_folder_is_where_the_tests_expect() -> None:
    assert VIGNETTES.is_dir() and len(vignette_files()) >= 16


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(store: Store, tmp_path: Path) -> None:
    """A name, MRN or impression that begins with = + - @ opens in a spreadsheet as text, not as a
    formula; numbers (a negative Sunnybrook composite) and codes are written unchanged."""
    from facialis.core.interop.csv_export import format_value

    from .stored_exams import save_signed, v05_document

    document = v05_document(mrn="=1+1", family_name='=HYPERLINK("http://evil.example","x")', given_names="@SUM(A1)")
    document["review"] = {**document.get("review", {}), "impression": "+CMD|' /C calc'!A0", "plan": "-2 mm lagophthalmos"}
    record = save_signed(store, document)
    out = tmp_path / "exams.csv"
    export_csv(store, [record.id], out)
    _header, rows = read_csv(out)
    row = rows[0]
    assert row["mrn"] == "'=1+1"
    assert row["family_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["given_names"] == "'@SUM(A1)"
    assert row["impression"] == "'+CMD|' /C calc'!A0" and row["plan"] == "'-2 mm lagophthalmos"
    for name, value in row.items():
        assert not value.startswith(("=", "+", "@")), f"{name}={value!r}"
    assert format_value(-15, "integer") == "-15" and format_value(-2.5, "number") == "-2.5"
    assert format_value("Fischer", "text") == "Fischer"
    _, entries = read_csv(dictionary_path(out))
    impression = next(entry for entry in entries if entry["name"] == "impression")
    assert "'" in impression["description"] and "formula" not in impression["allowed_values"]
