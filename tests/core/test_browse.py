"""The case browser's paged query against a plain-Python oracle: search, filters, sorting, paging.

Both query plans are exercised: search hits looked up one by one (few hits) and the covering
index scanned while checking the hits (many); ``LOOKUP_HITS`` moves the switch.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facialis.core.browse import ExamBrowser, ExamFilter, SortKey, query
from facialis.core.patient import Patient
from facialis.core.store import Store
from facialis.core.store.schema.exam_search import exam_search_is_consistent

from .browse_data import GRADES, LEVELS, Row, build_clinic, expected


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[Row]]]:
    path = tmp_path_factory.mktemp("browse") / "clinic.sqlite3"
    store = Store.open(path, user="dr.test", backup=False)
    rows = build_clinic(store)
    yield store, rows
    store.close()


@pytest.fixture(scope="module")
def browser(clinic: tuple[Store, list[Row]]) -> Iterator[ExamBrowser]:
    with ExamBrowser.for_store(clinic[0]) as opened:
        yield opened


@pytest.fixture(params=["lookup", "scan"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with few-hit lookups and again with the covering-index scan."""
    monkeypatch.setattr(query, "LOOKUP_HITS", 10**9 if request.param == "lookup" else 0)
    return str(request.param)


def ids(rows: list) -> list[int]:
    return [row.exam_id for row in rows]


def all_pages(q: query.ExamQuery, sort: SortKey, descending: bool, size: int = 7) -> list[int]:
    found: list[int] = []
    offset = 0
    while True:
        page = q.page(offset, size, sort, descending)
        if not page:
            return found
        found.extend(ids(page))
        offset += size


def test_the_clinic_has_every_kind_of_row(clinic: tuple[Store, list[Row]]) -> None:
    rows = clinic[1]
    assert {r.status for r in rows} == {"draft", "signed", "superseded"}
    assert any(r.final_hb is None and r.suggested_hb for r in rows)
    assert any(r.exam_date and len(r.exam_date) == 10 for r in rows)


# -- search ----------------------------------------------------------------------------------------

SEARCHES = [
    "mül",  # accents folded: Müller and müller-lüdenscheidt
    "MUL",
    "mueller",
    "o'brien",
    "O'",
    '"quote"',
    '"quote',
    "<b>",
    "<b>Bold</b>",
    "<script>alert(1)</script>",
    "AND",
    "OR",
    "NOT better",
    "NEAR",
    "near(",
    "brow^",
    "*",
    "***",
    "()",
    ":",
    "-",
    "f-00",
    "F-0011",
    "王",
    "秀",
    "иван",
    "müller bell",
    "smith ann",
    "bell lyme",
    "sean",
    "  ",
    "x" * 300,
    " ".join(["a"] * 40),
]


@pytest.mark.parametrize("text", SEARCHES)
def test_search_matches_the_oracle_and_never_fails(
    clinic: tuple[Store, list[Row]], browser: ExamBrowser, plan: str, text: str
) -> None:
    q = browser.query(ExamFilter(search=text))
    want = expected(clinic[1], ExamFilter(search=text))
    assert q.count() == len(want)
    assert ids(q.page(0, 1000)) == want


def test_search_examples_find_what_a_clinician_expects(browser: ExamBrowser) -> None:
    def names(text: str) -> set[str]:
        return {r.family_name for r in browser.query(ExamFilter(search=text)).page(0, 1000)}

    assert names("mül") == {"Müller", "müller-lüdenscheidt"}
    assert names("o'brien") == {"O'Brien"}
    assert names("<b>Bold</b>") == {"<b>Bold</b>"}
    assert names("王") == {"王"}
    assert names("***") == set()  # nothing to search for finds nothing, not everything
    assert browser.query(ExamFilter(search="()")).count() == 0


def test_words_may_come_from_the_patient_and_the_exam(clinic: tuple[Store, list[Row]], browser: ExamBrowser) -> None:
    found = browser.query(ExamFilter(search="müller bell")).page(0, 1000)
    assert found and all(r.family_name.startswith(("Müller", "müller")) for r in found)
    by_id = {r.exam_id: r for r in clinic[1]}
    assert all((by_id[r.exam_id].diagnosis or "").startswith("Bell") for r in found)


# -- filters and sorting -----------------------------------------------------------------------------

FILTERS = [
    ExamFilter(),
    ExamFilter(status="draft"),
    ExamFilter(status="signed"),
    ExamFilter(status="superseded"),
    ExamFilter(hb_min="III"),
    ExamFilter(hb_max="II"),
    ExamFilter(hb_min="V", hb_max="II"),  # reversed range means the same range
    ExamFilter(level="labyrinthine"),  # also inside "cpa,iac,labyrinthine"
    ExamFilter(level="iac"),
    ExamFilter(side="bilateral"),
    ExamFilter(red_flags=True),
    ExamFilter(red_flags=False),
    ExamFilter(date_from=date(2024, 3, 1)),
    ExamFilter(date_to=date(2024, 3, 1)),
    ExamFilter(date_from=date(2024, 2, 15), date_to=date(2024, 6, 30), red_flags=True),
    ExamFilter(date_from=date(2024, 6, 30), date_to=date(2024, 2, 15)),  # reversed range means the same range
    ExamFilter(search="smith", hb_min="II", side="left"),
    ExamFilter(search="palsy", status="superseded"),
    ExamFilter(search="amended", status="signed"),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr({k: v for k, v in f.__dict__.items() if v not in (None, "", "current")}))
@pytest.mark.parametrize("sort", list(SortKey))
def test_filters_and_sorting_match_the_oracle(
    clinic: tuple[Store, list[Row]], browser: ExamBrowser, plan: str, flt: ExamFilter, sort: SortKey
) -> None:
    q = browser.query(flt)
    for descending in (True, False):
        want = expected(clinic[1], flt, sort, descending)
        assert q.count() == len(want)
        assert all_pages(q, sort, descending) == want


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    hb_min=st.sampled_from([None, *GRADES]),
    hb_max=st.sampled_from([None, *GRADES]),
    level=st.sampled_from([None, "labyrinthine", "iac", "parotid", "pons"]),
    status=st.sampled_from(["current", "draft", "signed", "superseded"]),
    side=st.sampled_from([None, "right", "left", "bilateral"]),
    red_flags=st.sampled_from([None, True, False]),
    search=st.sampled_from(["", "mül", "smith", "palsy", "王", "x"]),
    sort=st.sampled_from(list(SortKey)),
    descending=st.booleans(),
    lookup=st.booleans(),
)
def test_any_combination_matches_the_oracle(
    clinic: tuple[Store, list[Row]], browser: ExamBrowser, monkeypatch: pytest.MonkeyPatch,
    hb_min: str | None, hb_max: str | None, level: str | None, status: str, side: str | None,
    red_flags: bool | None, search: str, sort: SortKey, descending: bool, lookup: bool,
) -> None:
    monkeypatch.setattr(query, "LOOKUP_HITS", 10**9 if lookup else 0)
    flt = ExamFilter(search=search, hb_min=hb_min, hb_max=hb_max, level=level, status=status, side=side, red_flags=red_flags)
    q = browser.query(flt)
    want = expected(clinic[1], flt, sort, descending)
    assert q.count() == len(want)
    assert all_pages(q, sort, descending, size=5) == want


def levels_in_order(q: query.ExamQuery, descending: bool) -> list[str | None]:
    """Each level once, in the order the pages show them."""
    shown: list[str | None] = []
    for row in q.page(0, 10_000, SortKey.level, descending):
        if not shown or shown[-1] != row.level:
            shown.append(row.level)
    return shown


def test_levels_sort_along_the_nerve_not_by_name(clinic: tuple[Store, list[Row]], browser: ExamBrowser, plan: str) -> None:
    """Proximal to distal; a range after the single segment it starts at; no level last."""
    along = ["supranuclear", "cpa", "cpa,iac,labyrinthine", "labyrinthine", "parotid", "branch", None]
    assert set(along) == set(LEVELS)
    for flt in (ExamFilter(), ExamFilter(search="smith")):
        q = browser.query(flt)
        shown = levels_in_order(q, descending=False)
        assert shown == [level for level in along if level in shown] and len(shown) > 2
        assert levels_in_order(q, descending=True) == shown[::-1]


def test_every_segment_sorts_in_the_order_of_the_vocabulary(tmp_path: Path) -> None:
    """The level order is the segment vocabulary's own (proximal to distal), for single segments and
    for ranges ending at each of them, whatever order the exams were saved in."""
    from facialis.core.exam import Segment
    from facialis.core.store import ExamSummary

    segments = [segment.value for segment in Segment]
    ranges = [f"{segments[0]},{segment}" for segment in segments[1:]]
    saved = [*reversed(segments), None, *ranges, "spleen"]  # an unknown code goes with "no level"
    with Store.open(tmp_path / "levels.sqlite3", backup=False) as store:
        patient = store.add_patient(Patient(mrn="L-1", family_name="Level"))
        for number, level in enumerate(saved):
            store.save_draft(patient.id, {"uid": f"l{number}"}, ExamSummary(level=level))
        with ExamBrowser.for_store(store) as opened:
            shown = [row.level for row in opened.query().page(0, 100, SortKey.level, descending=False)]
    assert shown == [segments[0], *ranges, *segments[1:], None, "spleen"]
    assert segments[:4] == ["supranuclear", "pons", "cpa", "iac"] and segments[-2:] == ["parotid", "branch"]


def test_a_date_range_the_wrong_way_round_means_the_same_days(clinic: tuple[Store, list[Row]], browser: ExamBrowser) -> None:
    """As with the grade range: "from" after "to" is not an empty list."""
    early, late = date(2024, 2, 15), date(2024, 6, 30)
    right = browser.query(ExamFilter(date_from=early, date_to=late))
    wrong = browser.query(ExamFilter(date_from=late, date_to=early))
    assert 0 < wrong.count() == right.count() < len(clinic[1])
    assert ids(wrong.page(0, 1000)) == ids(right.page(0, 1000))
    same_day = browser.query(ExamFilter(date_from=late, date_to=late))
    assert ids(same_day.page(0, 1000)) == expected(clinic[1], ExamFilter(date_from=late, date_to=late))


def test_rows_carry_what_the_list_shows(clinic: tuple[Store, list[Row]], browser: ExamBrowser) -> None:
    by_id = {r.exam_id: r for r in clinic[1]}
    for row in browser.query(ExamFilter(status="signed")).page(0, 1000):
        known = by_id[row.exam_id]
        assert (row.mrn, row.family_name, row.given_names) == (known.mrn, known.family_name, known.given_names)
        assert (row.final_hb, row.suggested_hb, row.level, row.side) == (known.final_hb, known.suggested_hb, known.level, known.side)
        assert row.hb == (known.final_hb or known.suggested_hb)
        assert row.version_no == known.version_no and row.red_flags == known.red_flags


def test_exam_ids_lists_every_match_newest_first(clinic: tuple[Store, list[Row]], browser: ExamBrowser) -> None:
    assert browser.query(ExamFilter(red_flags=True)).exam_ids() == expected(clinic[1], ExamFilter(red_flags=True))


def test_a_filter_refuses_unknown_codes() -> None:
    with pytest.raises(ValueError):
        ExamFilter(hb_min="VII")
    with pytest.raises(ValueError):
        ExamFilter(level="spleen")
    with pytest.raises(ValueError):
        ExamFilter(status="deleted")


# -- the index follows every change ------------------------------------------------------------------


def test_search_follows_saves_renames_and_deletes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "live.sqlite3", backup=False)
    build_clinic(store, exams_per_patient=2)
    with ExamBrowser.for_store(store) as browser:
        assert browser.query(ExamFilter(search="zimmer")).count() == 2
        patient = store.find_patient_by_mrn("F-0010")
        assert patient is not None
        store.update_patient(patient.id, Patient(mrn="F-0010", family_name="Zweig"), expected_version=patient.version)
        assert browser.query(ExamFilter(search="zimmer")).count() == 0
        assert browser.query(ExamFilter(search="zweig")).count() == 2  # a committed save is seen at once
        drafts = [r for r in browser.query(ExamFilter(status="draft")).page(0, 100)]
        victim = drafts[0]
        store.delete_draft(victim.exam_id)
        assert victim.exam_id not in ids(browser.query(ExamFilter(status="draft")).page(0, 100))
    assert exam_search_is_consistent(store.db)
    store.close()


def test_the_browser_cannot_write(clinic: tuple[Store, list[Row]], browser: ExamBrowser) -> None:
    import sqlite3

    with pytest.raises(sqlite3.OperationalError):
        browser._conn.execute("DELETE FROM exams")  # noqa: SLF001 - proving the connection is read-only


def test_a_database_path_with_spaces_and_symbols(tmp_path: Path) -> None:
    folder = tmp_path / "Praxis Dr. Müller #2 ?"
    folder.mkdir()
    with Store.open(folder / "klinik 100%.sqlite3", backup=False) as store:
        build_clinic(store, exams_per_patient=1)
        with ExamBrowser.for_store(store) as browser:
            assert browser.query(ExamFilter(search="mül")).count() == 2


def test_every_red_flag_has_a_short_name() -> None:
    """The case list names each flag of reference 8.2: the short names cover exactly the rules."""
    from facialis.core.browse.flags import SHORT_NAMES
    from facialis.core.guidance import RED_FLAGS

    assert set(SHORT_NAMES) == {rule.key for rule in RED_FLAGS}
    assert len(set(SHORT_NAMES.values())) == len(SHORT_NAMES)
    assert all(len(name) <= 28 for name in SHORT_NAMES.values())


def test_red_flag_names_of_a_stored_exam(tmp_path: Path) -> None:
    """The browser reads which flags one exam has; a missing exam gives None, not an error."""
    import json

    from facialis.core.exam import exam_from_document, exam_to_document
    from facialis.core.interop.scoring import summary_of
    from facialis.core.vignettes import VIGNETTE_DIR

    document = json.loads((VIGNETTE_DIR / "v13.facialis.json").read_text(encoding="utf-8"))
    exam = exam_from_document(document)
    with Store.open(tmp_path / "c.sqlite3", backup=False) as store:
        patient = store.add_patient(exam.patient)
        saved = store.save_draft(patient.id, exam_to_document(exam), summary_of(exam))
        with ExamBrowser.for_store(store) as opened:
            names = opened.red_flag_names(saved.id)
            assert names is not None and "bilateral" in [name.key for name in names]
            assert next(n for n in names if n.key == "bilateral").short == "Bilateral"
            assert opened.red_flag_names(saved.id + 100) is None


def test_a_recurrence_is_charted_from_the_first_onset(tmp_path: Path) -> None:
    """Two episodes a year apart: each exam keeps its own day since onset, and the chart counts from
    the first onset, so the second episode lies a year to the right (not on top of the first)."""
    from facialis.core.browse.course import patient_course
    from tests.core.interop.stored_exams import save_signed, v05_document

    first = v05_document()  # onset 2024-10-05, exam 2024-10-06
    recurrence = v05_document()
    recurrence["encounter"].update(exam_datetime="2025-10-08T09:00:00", onset_date="2025-10-06", episode="recurrent_same_side")
    with Store.open(tmp_path / "c.sqlite3", backup=False) as store:
        ids = [save_signed(store, document).id for document in (first, recurrence)]
        course = patient_course(store, store.get_exam(ids[0]).patient_id)
    assert [(p.day, p.chart_day) for p in course.points] == [(1, 1), (2, 368)]
    assert course.origin == date(2024, 10, 5) and course.origin_basis == "onset" and course.several_onsets


def test_an_open_amendment_does_not_move_the_chart_of_the_signed_exam(tmp_path: Path) -> None:
    """A draft amendment that corrects the onset is not signed yet: the signed exam it amends stays
    the visit on the chart, counted from its own onset (not from the draft's, and not as if a later
    episode had begun)."""
    from facialis.core.browse.course import patient_course
    from facialis.core.exam import exam_from_document, exam_to_document
    from facialis.core.interop.scoring import summary_of
    from tests.core.interop.stored_exams import save_signed, v05_document

    with Store.open(tmp_path / "c.sqlite3", backup=False) as store:
        signed = save_signed(store, v05_document())  # onset 2024-10-05, exam 2024-10-06
        draft = store.amend_exam(signed.id)
        document = dict(draft.document)
        document["encounter"] = {**document["encounter"], "onset_date": "2024-10-01"}
        document["review"] = {**document["review"], "signed_by": None, "signed_at": None}
        exam = exam_from_document(document)
        store.save_draft(draft.patient_id, exam_to_document(exam), summary_of(exam), exam_id=draft.id,
                         expected_version=draft.version)
        course = patient_course(store, signed.patient_id)
    assert [(p.exam_id, p.day, p.chart_day) for p in course.visits] == [(signed.id, 1, 1)]
    assert course.origin == date(2024, 10, 5) and not course.several_onsets
