"""Names as documents print them -> the councillors they mean."""

from __future__ import annotations

import pytest

from inquiry_app.intake.matching import Candidate, match_names, name_parts, split_printed_name

PEOPLE = [
    Candidate(1, "Anne", "Mühle"),
    Candidate(2, "Hartmut", "Krien"),
    Candidate(3, "Ulrike", "Caspary"),
    Candidate(4, "Thomas", "Müller"),
    Candidate(5, "Tanja", "Müller"),
    Candidate(6, "Jan", "Donhauser"),
    Candidate(7, "Annekatrin", "Klepsch"),
    Candidate(8, "Bernd", "Lommel"),
    Candidate(9, "Johannes", "Müller-Lüdenscheidt"),
]


def _ids(*names):
    return [m.member_id for m in match_names(list(names), PEOPLE)]


@pytest.mark.parametrize(("printed", "expected"), [
    ("Anne Mühle", 1),
    ("Stadträtin Dr. Anne Mühle", 1),
    ("Dr. A. Mühle", 1),
    ("Anne Muhle", 1),          # OCR lost the umlaut
    ("Anne Mühie", 1),          # OCR read l as i
    ("ANNE MÜHLE", 1),
    ("Herrn Stadtrat Hartmut Krien", 2),
    ("Ulrike Caspary", 3),
    ("Krien", 2),               # last name alone, unique
    ("Thomas Müller", 4),
    ("T. Müller", None),        # Thomas or Tanja: the clerk decides
    ("Müller", None),
    ("Dipl.-Ing. Jan Donhauser", 6),
    ("Lüdenscheidt", 9),
])
def test_printed_names_find_their_councillor(printed, expected):
    assert _ids(printed) == [expected]


def test_unknown_and_ambiguous_names_say_why():
    unknown, ambiguous = match_names(["Erika Mustermann", "Müller"], PEOPLE)
    assert unknown.member_id is None and "keine" in unknown.reason
    assert ambiguous.member_id is None and ambiguous.reason.startswith("mehrdeutig")
    assert "Thomas Müller" in ambiguous.reason and "Tanja Müller" in ambiguous.reason


def test_a_different_first_name_is_not_the_same_person():
    assert _ids("Peter Krien", "Anna Klepsch") == [None, None]


def test_titles_and_roles_are_not_names():
    assert name_parts("Stadträtin Prof. Dr. Anne Mühle") == (["anne"], "muhle")
    assert name_parts("Dr.") == ([], "")


@pytest.mark.parametrize(("printed", "expected"), [
    ("Ulrike Caspary", ("", "Ulrike", "Caspary", "")),
    ("Dr. Peter Lames", ("Dr.", "Peter", "Lames", "")),
    ("Stadträtin Prof. Dr. Anne Mühle", ("Prof. Dr.", "Anne", "Mühle", "Frau")),
    ("Herrn Stadtrat Hartmut Krien", ("", "Hartmut", "Krien", "Herr")),
    ("Dr. rer. nat. habil. Klaus Meier", ("Dr. rer. nat. habil.", "Klaus", "Meier", "")),
    ("Dipl.-Ing. Jan Donhauser", ("Dipl.-Ing.", "Jan", "Donhauser", "")),
    ("Mühle, Anne", ("", "Anne", "Mühle", "")),
    ("Ulrike Caspary, MdL", ("", "Ulrike", "Caspary", "")),
    ("Anna von der Heide", ("", "Anna", "von der Heide", "")),
    ("Franz-Josef Fischer", ("", "Franz-Josef", "Fischer", "")),
    ("Anne Mühie", ("", "Anne", "Mühie", "")),       # OCR damage stays as printed
    ("ANNE MÜHLE", ("", "ANNE", "MÜHLE", "")),
    ("A. Mühle", ("", "A.", "Mühle", "")),
    ("Caspary", ("", "", "Caspary", "")),
    ("Dr.", ("Dr.", "", "", "")),
    ("Drews Peter", ("", "Drews", "Peter", "")),      # "Dr" only as a word of its own
])
def test_a_printed_name_splits_into_the_fields_of_a_councillor(printed, expected):
    name = split_printed_name(printed)
    assert (name.title, name.first_name, name.last_name, name.form_of_address) == expected
