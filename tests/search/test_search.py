"""Full-text search (issue 16, item 3): German words found by lemma, umlaut and compound
part, filters and facets, what each role sees, highlighting, hostile queries, the index
kept current by the session and the ``flask archive search`` command. Runs on SQLite FTS5
and (``--db postgresql``) PostgreSQL full text.

The test data are received in 1999 (the demo data are not): most searches filter to that
year, so the demo's own inquiries do not get in the way."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from inquiry_app.extensions import db
from inquiry_app.models import InquiryState
from inquiry_app.search import Filters, SearchQuery, search
from tests import factories as f
from tests.search.archive import archived

pytestmark = pytest.mark.usefixtures("app")

Y = date(1999, 3, 1)
ONLY_1999 = Filters(years=(1999,))


def find(user, text, **filters):
    return search(user, SearchQuery(text, filters=Filters(years=(1999,), **filters)))


def numbers(result) -> list[str]:
    return [h.number for h in result.hits]


@pytest.fixture
def naturalisation(w):
    item = archived([
        ("Wie viele Einbürgerungsanträge wurden im Jahr 1998 gestellt?",
         "Im Jahr 1998 wurden 1.234 Anträge gestellt, davon 87 von Geflüchteten."),
        ("Wie lange dauerte die Bearbeitung im Durchschnitt?", "Im Mittel 14 Monate."),
    ], subject="Einbürgerungen", received_on=Y, office=w.lead_unit)
    f.stored()
    return item


def test_a_compound_is_found_by_each_of_its_parts_and_by_its_inflected_forms(w, naturalisation):
    other = archived([("Wie viele Anträge auf Einbürgerung liegen vor?", "")],
                     subject="Anträge", received_on=Y)
    f.stored()
    assert naturalisation.number in numbers(find(w.admin, "Einbürgerung"))
    assert naturalisation.number in numbers(find(w.admin, "Anträge"))
    assert naturalisation.number in numbers(find(w.admin, "Antrag"))
    assert naturalisation.number in numbers(find(w.admin, "Einbürgerungsantrag"))
    # and the compound in the query finds the words apart
    assert other.number in numbers(find(w.admin, "Einbürgerungsanträge"))
    assert naturalisation.number not in numbers(find(w.admin, "Baugenehmigung"))


def test_umlauts_and_inflections_do_not_matter(w):
    trees = archived([("Wie viele Bäume wurden an Straßen gefällt?", "")], received_on=Y)
    f.stored()
    for query in ("Baum", "Bäume", "Bäumen", "baume", "Straße", "Strasse", "STRASSEN"):
        assert trees.number in numbers(find(w.admin, query)), query


def test_all_words_must_match_and_phrases_keep_their_order(w, naturalisation):
    assert numbers(find(w.admin, "Einbürgerung 1998")) == [naturalisation.number]
    assert numbers(find(w.admin, "Einbürgerung Schwimmhalle")) == []
    assert numbers(find(w.admin, "„Bearbeitung im Durchschnitt“")) == [naturalisation.number]
    assert numbers(find(w.admin, "„Durchschnitt Bearbeitung“")) == []


def test_an_inquiry_is_found_by_its_number(w, naturalisation):
    for query in (naturalisation.number, naturalisation.number.lower(),
                  naturalisation.number.replace("/", " / ")):
        result = search(w.admin, SearchQuery(query))
        assert numbers(result)[:1] == [naturalisation.number], query


def test_a_hit_is_highlighted_escaped_and_tells_where_it_matched(w):
    item = archived([("Gibt es <script>alert(1)</script> bei den Einbürgerungsanträgen "
                      "Wartezeiten?", "")], received_on=Y)
    f.stored()
    [hit] = find(w.admin, "Einbürgerung").hits
    assert isinstance(hit.snippet, Markup)
    assert "<mark>Einbürgerungsanträgen</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert (hit.kind, hit.question_number, hit.number) == ("question", "1", item.number)
    assert hit.imported and hit.viewable and hit.state == InquiryState.PUBLISHED


def test_a_long_text_is_cut_around_the_match(w):
    filler = " ".join(["Die Verwaltung prüft die Angelegenheit sorgfältig."] * 20)
    archived([(f"{filler} Wie steht es um die Schwimmhalle? {filler}", "")], received_on=Y)
    f.stored()
    [hit] = find(w.admin, "Schwimmhalle").hits
    assert "<mark>Schwimmhalle</mark>" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 400


def test_relevance_and_date_order(w):
    old = archived([("Schwimmhalle, Schwimmhalle und nochmals die Schwimmhalle?", "")],
                   received_on=Y)
    new = archived([("Wann öffnet die Schwimmhalle nach der langen Sanierung aller Becken "
                     "und der Umkleiden wieder?", "")], received_on=Y + timedelta(days=30))
    f.stored()
    assert numbers(find(w.admin, "Schwimmhalle")) == [old.number, new.number]
    by_date = search(w.admin, SearchQuery("Schwimmhalle", filters=ONLY_1999, sort="datum"))
    assert numbers(by_date) == [new.number, old.number]
    assert by_date.hits[0].score >= 0


def test_filters_narrow_and_facets_count_the_inquiries(w):
    district = f.body()
    left, right = f.councillor(), f.councillor()
    a = archived([("Wie viele Radwege wurden saniert?", "Vier Radwege.")], received_on=Y,
                 office=w.lead_unit, body=district, submitters=[left], faction=left.faction)
    b = archived([("Wie viele Radwege sind geplant?", "Zwei.")], received_on=Y,
                 office=w.other_unit, submitters=[right], faction=right.faction,
                 state=InquiryState.SENT)
    f.stored()
    everything = find(w.admin, "Radweg")
    assert sorted(numbers(everything)) == sorted([a.number, b.number])
    assert numbers(find(w.admin, "Radweg", body_ids=(district.id,))) == [a.number]
    assert numbers(find(w.admin, "Radweg", faction_ids=(right.faction_id,))) == [b.number]
    assert numbers(find(w.admin, "Radweg", member_ids=(left.id,))) == [a.number]
    assert numbers(find(w.admin, "Radweg", unit_ids=(w.other_unit.id,))) == [b.number]
    assert numbers(find(w.admin, "Radweg", states=(InquiryState.SENT,))) == [b.number]
    assert numbers(find(w.admin, "Radweg", kinds=("answer",))) == [a.number]  # "Vier Radwege"
    assert numbers(search(w.admin, SearchQuery("Radweg", filters=Filters(years=(2000,))))) == []

    facets = everything.facets
    assert {(v.value, v.count) for v in facets["jahr"]} == {("1999", 2)}
    assert {(v.label, v.count) for v in facets["gremium"]} == {(district.name, 1)}
    assert {(v.value, v.count) for v in facets["fraktion"]} == {
        (str(left.faction_id), 1), (str(right.faction_id), 1)}
    assert {(v.label, v.count) for v in facets["person"]} == {
        (left.full_name, 1), (right.full_name, 1)}
    assert {(v.value, v.count) for v in facets["amt"]} == {
        (str(w.lead_unit.id), 1), (str(w.other_unit.id), 1)}
    assert {(v.value, v.count) for v in facets["status"]} == {("published", 1), ("sent", 1)}
    assert {(v.value, v.count) for v in facets["art"]} == {("question", 2), ("answer", 1)}


def test_overdue_means_not_answered_and_past_the_due_date(w):
    late = f.councillor_inquiry(w, ["Wie viele Spielplätze gibt es?"], received_on=Y,
                                due_on=Y + timedelta(days=28))
    archived([("Wie viele Spielplätze wurden gebaut?", "Drei.")], received_on=Y)
    f.stored()
    assert numbers(find(w.admin, "Spielplatz", overdue=True)) == [late.number]


def test_office_filter_uses_the_lead_assignments_of_inquiries_worked_on_here(w):
    item = f.councillor_inquiry(w, ["Wie viele Hundewiesen gibt es?"], received_on=Y,
                                due_on=Y + timedelta(days=28))
    f.routed(item, w.council_office, [w.lead_unit])
    f.stored()
    assert numbers(find(w.admin, "Hundewiese", unit_ids=(w.lead_unit.id,))) == [item.number]
    assert numbers(find(w.admin, "Hundewiese", unit_ids=(w.other_unit.id,))) == []


def test_each_role_finds_what_it_may_see(w, naturalisation):
    received = f.councillor_inquiry(w, ["Wie viele Einbürgerungsfeiern gab es?"],
                                    received_on=Y, due_on=Y + timedelta(days=28))
    routed = f.councillor_inquiry(w, ["Wer organisiert die Einbürgerungsfeier?"],
                                  received_on=Y, due_on=Y + timedelta(days=28))
    f.routed(routed, w.council_office, [w.lead_unit])
    published = archived([("Wie viele Einbürgerungstests gab es?", "Es gab 40 Tests.")],
                         received_on=Y, imported=False)
    sent = archived([("Wie viele Einbürgerungsurkunden wurden ausgehändigt?",
                      "Es wurden 300 Urkunden ausgehändigt.")],
                    received_on=Y, state=InquiryState.SENT, imported=False)
    f.stored()
    everything = {received.number, routed.number, published.number, sent.number,
                  naturalisation.number}
    for person in (w.council_office, w.admin, w.signatory):
        result = find(person, "Einbürgerung")
        assert set(numbers(result)) == everything
        assert all(h.viewable for h in result.hits)

    # a department: its own work, the archive (imported records are open to everyone) and
    # every published reply, which links to the public page when the inquiry is not theirs
    lead = find(w.lead_clerk, "Einbürgerung")
    assert {(h.number, h.viewable) for h in lead.hits} == {
        (routed.number, True), (naturalisation.number, True), (published.number, False)}
    other = find(w.other_clerk, "Einbürgerung")  # others' unpublished work stays hidden
    assert {(h.number, h.viewable) for h in other.hits} == {
        (naturalisation.number, True), (published.number, False)}
    # answers of replies not yet published only for those who see every inquiry
    assert numbers(find(w.other_clerk, "Urkunde", kinds=("answer",))) == []
    assert numbers(find(w.admin, "Urkunde", kinds=("answer",))) == [sent.number]
    assert numbers(find(w.other_clerk, "Test", kinds=("answer",))) == [published.number]


@pytest.mark.parametrize("query", [
    '"', '„Einbürgerung', "Einbürgerung\"'", "Einbürgerung AND NOT Anträge",
    "NEAR(Einbürgerung Anträge)", "Einb*rgerung*", "(Einbürgerung)", "Einbürgerung " * 400,
    "😀 Einbürgerung", "Einbürgerung -Anträge", "Einbürgerung:*", "Einbürgerung <-> Antrag",
    "Einbürgerung & | !", "{Einbürgerung}", "[Einbürgerung]", "Einbürgerung\x00",
])
def test_syntax_in_a_query_is_ignored_and_its_words_are_searched(w, naturalisation, query):
    result = search(w.admin, SearchQuery(query, filters=ONLY_1999))
    if "Einbürgerung" in query:
        assert naturalisation.number in numbers(result)


@pytest.mark.parametrize("query", [
    "Einbürgerung OR 1=1; DROP TABLE inquiry; --", "Einbürgerung'; SELECT 1; --",
    "[a-z]+.*$", "Einbürgerung^2", "search_fts MATCH 'x'", "x' || '", "$$; --", ":q",
    "'german'", "a\\b", "%", "_", "NULL", "\u202e", "ä" * 2000,
])
def test_sql_regex_and_engine_syntax_cannot_break_the_search(w, naturalisation, query):
    result = search(w.admin, SearchQuery(query))
    assert result.total >= 0


@pytest.mark.parametrize("query", ['"', "%_%", "\\", "{}", "\x00", "x" * 2000, "", "   ",
                                   "und oder der", "?!", "*"])
def test_a_query_without_words_explains_itself(w, query):
    result = search(w.admin, SearchQuery(query, filters=ONLY_1999))
    assert result.hits == [] and result.message


def test_a_query_that_lost_something_says_so(w, naturalisation):
    result = search(w.admin, SearchQuery("Einbürgerung* OR (Anträge)", filters=ONLY_1999))
    assert naturalisation.number in numbers(result)
    assert "Sonderzeichen" in result.message and "OR" in result.message
    cut = search(w.admin, SearchQuery("Einbürgerung " + "x" * 2000))
    assert "zu lang" in cut.message
    empty = search(w.admin, SearchQuery(""))
    assert (empty.total, empty.message) == (0, "Bitte geben Sie einen Suchbegriff ein.")
    assert search(w.admin, SearchQuery("Einbürgerung", filters=ONLY_1999)).message is None


def test_paging(w):
    for k in range(5):
        archived([(f"Frage {k} zur Parkraumbewirtschaftung?", "")], received_on=Y)
    f.stored()
    pages = [search(w.admin, SearchQuery("Parkraumbewirtschaftung", filters=ONLY_1999,
                                         page=p, per_page=2)) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert {p.total for p in pages} == {5}
    assert len({h.number for p in pages for h in p.hits}) == 5


def test_the_index_follows_every_change(w, session):
    item = f.councillor_inquiry(w, ["Wie viele Trinkbrunnen gibt es?"], received_on=Y,
                                due_on=Y + timedelta(days=28), subject="Trinkbrunnen")
    f.stored()
    assert numbers(find(w.admin, "Trinkbrunnen")) == [item.number]
    item.questions[0].text = "Wie viele Wasserspender gibt es?"
    item.subject = "Wasserspender"
    f.stored()
    assert numbers(find(w.admin, "Trinkbrunnen")) == []
    assert numbers(find(w.admin, "Wasserspender")) == [item.number]
    f.routed(item, w.council_office, [w.lead_unit])
    f.answered(item, w.workers())
    f.stored()
    # answers are searched once the reply is signed, not while it is being written
    assert numbers(find(w.admin, "Antwort", kinds=("answer",))) == []


def test_an_answer_becomes_searchable_when_the_reply_is_signed(app, session, browser):
    w = f.world(sole_mayor_office=True)
    item = f.complete(w, ["Wie viele Glascontainer gibt es?"], received_on=Y,
                      due_on=Y + timedelta(days=28))
    f.stored()
    f.signed(browser, w, item)
    db.session.expire_all()
    result = find(w.admin, "Antwort", kinds=("answer",))
    assert numbers(result) == [item.number]


def test_archive_search_command_prints_one_json_line_per_hit(app, w, naturalisation):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["archive", "search", "Einbürgerungsanträge", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert 1 <= len(lines) <= 3
    mine = [line for line in lines if line["number"] == naturalisation.number]
    assert mine and mine[0]["question"] in ("1", None)
    assert "«Einbürgerungsanträge»" in mine[0]["snippet"] or "«" in mine[0]["snippet"]
    assert set(mine[0]) == {"number", "question", "score", "snippet"}
    assert isinstance(mine[0]["score"], float)

    hostile = runner.invoke(args=["archive", "search", '"; DROP TABLE x; --'])
    assert hostile.exit_code == 0 and "Traceback" not in hostile.output


def test_reindex_command_rebuilds_the_index(app, w, naturalisation):
    before = find(w.admin, "Einbürgerung")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["archive", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Suchindex neu aufgebaut" in result.output
    after = find(w.admin, "Einbürgerung")
    assert numbers(after) == numbers(before) == [naturalisation.number]
