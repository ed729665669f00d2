"""Competence catalogue pages, CSV export and import."""

from __future__ import annotations

import io

import factories
import pytest
import sqlalchemy as sa
from factories import login

from inquiry_app.models import CompetenceTerm, OrgUnit

SPORTS = ["Sportstätten", "Turnhalle", "Schwimmhalle", "Sportverein", "Vereinsförderung"]


def _unit(session, code) -> OrgUnit:
    session.expire_all()
    return session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))


def _sports(session) -> OrgUnit:
    unit = factories.org_unit("Sportamt", terms=SPORTS)
    session.commit()
    return unit


def test_every_demo_unit_has_a_realistic_catalogue(session, demo):
    """A test of the demo loader: the catalogue the demo ships for its units."""
    units = session.scalars(sa.select(OrgUnit).where(OrgUnit.kind.in_(["office", "enterprise"])))
    for unit in units:
        assert len(unit.terms) >= 10, unit.code
    assert "Einbürgerung" in {t.term for t in _unit(session, "33.32").terms}


@pytest.mark.parametrize("person", ["admin", "council_office"])
def test_edit_terms_with_stop_word_warning(browser, world, session, person):
    unit = _sports(session)
    login(browser, getattr(world, person))
    old = {t.term for t in unit.terms}
    new = {"Sporthalle", "Bäderbetrieb", "und"}  # the duplicate and the blanks are dropped
    response = browser.submit(f"/verwaltung/katalog/{unit.id}",
                              {"terms": "Sporthalle\n  Sporthalle \nBäderbetrieb\nund\n"},
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert (f"Katalog von {unit.code} Sportamt gespeichert: 3 Begriffe ({len(new - old)} neu, "
            f"{len(old - new)} entfernt).") in page
    assert "Stoppwörtern" in page
    terms = [t.term for t in _unit(session, unit.code).terms]
    assert sorted(terms) == sorted(["Sporthalle", "Bäderbetrieb", "und"])


def test_csv_roundtrip(browser, world, session):
    unit = _sports(session)
    code = unit.code
    login(browser, world.admin)
    exported = browser.get("/verwaltung/katalog/export.csv")
    assert exported.status_code == 200
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeffeinheit;begriff")
    assert f"{code};Turnhalle" in text
    count = session.scalar(sa.select(sa.func.count(CompetenceTerm.id)))

    upload = f"einheit;begriff\n{code};Schwimmhalle\n{code};Sportstättenvergabe\nXX;egal\n"
    response = browser.submit("/verwaltung/katalog/import",
                              {"file": (io.BytesIO(upload.encode("cp1252")), "k.csv")},
                              form_url="/verwaltung/katalog/", content_type="multipart/form-data",
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Import abgeschlossen: 1 Einheit, " in page
    assert "Die Einheit „XX“ gibt es nicht" in page
    assert sorted(t.term for t in _unit(session, code).terms) == ["Schwimmhalle",
                                                                  "Sportstättenvergabe"]
    assert session.scalar(sa.select(sa.func.count(CompetenceTerm.id))) < count


def _catalogue(session) -> list[tuple[int, str]]:
    session.expire_all()
    return session.execute(sa.select(CompetenceTerm.org_unit_id, CompetenceTerm.term)
                           .order_by(CompetenceTerm.id)).all()


def test_bad_csv_is_refused(browser, world, session):
    _sports(session)
    login(browser, world.admin)
    before = _catalogue(session)
    response = browser.submit("/verwaltung/katalog/import",
                              {"file": (io.BytesIO(b"   "), "k.csv")},
                              form_url="/verwaltung/katalog/", content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/verwaltung/katalog/")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Die CSV-Datei ist leer." in page and "Import abgeschlossen" not in page
    assert _catalogue(session) == before


def test_departments_cannot_edit_the_catalogue(browser, world):
    login(browser, world.lead_clerk)
    assert browser.get("/verwaltung/katalog/").status_code == 403
    assert browser.get("/verwaltung/katalog/export.csv").status_code == 403
