"""Registration with hostile or huge input: size limits, the isolated reading with its time
and memory budget, a lying DOCX; and the capped live preview. Every refusal is a German
message on the registration form with the typed fields kept, never an error page."""

from __future__ import annotations

import io
import random
import textwrap
import zipfile

import pytest
import sqlalchemy as sa
from factories import login
from hostile_files import MB, lying_docx, small_docx

from inquiry_app.config import from_environment
from inquiry_app.models import Inquiry

QUESTION = "Wie viele Kitaplätze fehlen im Stadtbezirk Neustadt?"


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


@pytest.fixture
def config(app):
    """``app.config`` for one test: changed keys are restored afterwards."""
    saved = dict(app.config)
    yield app.config
    for key in list(app.config):
        if key not in saved:
            del app.config[key]
    app.config.update(saved)


def _register(browser, *, text="", upload=None, number="AF1777/25",
              subject="Mein Gegenstand bleibt"):
    data = {"number": number, "kind": "written", "received_on": "2025-01-20",
            "subject": subject, "text": text, "faction": "0"}
    if upload is not None:
        data["document"] = upload
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


def _refused(response, message: str, session, number="AF1777/25") -> str:
    """The form came back with ``message`` and the typed fields; nothing was stored."""
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert "kern-alert" in page and message in page
    assert 'value="Mein Gegenstand bleibt"' in page and f'value="{number}"' in page
    session.expire_all()
    assert session.scalar(sa.select(Inquiry).where(Inquiry.number == number)) is None
    return page


def _prose(chars: int, seed: int = 3) -> str:
    """Inquiry prose, wrapped at 80 characters, in paragraphs of about 40,000 characters,
    with numbered questions at the end."""
    rng = random.Random(seed)
    sentences = [
        "Die Stadtverwaltung prüft seit dem vergangenen Jahr die Sanierung der Grundschulen.",
        "In den Ortschaften fehlen Kitaplätze, und die Wartelisten werden länger.",
        "Der Freistaat hat Fördermittel angekündigt, deren Abruf noch offen ist.",
    ]
    paragraphs, size = [], 0
    while size < chars:
        words = " ".join(rng.choice(sentences) for _ in range(500))
        paragraphs.append("\n".join(textwrap.wrap(words, 80)))
        size += len(paragraphs[-1]) + 2
    paragraphs += [f"{n}. {QUESTION}" for n in range(1, 4)]
    return "\n\n".join(paragraphs)


def test_pasted_text_over_the_document_limit_is_refused(clerk, session):
    text = f"{QUESTION}\n\n" * 20_000  # 1,080,000 characters in short paragraphs
    page = _refused(_register(clerk, text=text),
                    "Der Text enthält mehr als 1.000.000 Zeichen", session)
    assert QUESTION in page  # the pasted text is still in the form


def test_uploaded_paragraph_over_the_paragraph_limit_is_refused(clerk, session):
    paragraph = "\n".join(textwrap.wrap(_prose(150_000).split("\n\n")[0] * 4, 80))
    upload = (io.BytesIO(paragraph.encode()), "anfrage.txt")
    _refused(_register(clerk, upload=upload),
             "Ein Absatz des Textes ist länger als 100.000 Zeichen", session)


def test_limits_follow_the_configuration(clerk, config, session):
    config["MAX_DOCUMENT_CHARS"] = 1000
    _refused(_register(clerk, upload=(io.BytesIO(_prose(2000).encode()), "anfrage.txt")),
             "Die Datei „anfrage.txt“ enthält mehr als 1.000 Zeichen", session)
    config["MAX_DOCUMENT_CHARS"], config["MAX_PARAGRAPH_CHARS"] = 1_000_000, 50
    _refused(_register(clerk, text=f"Sehr geehrte Damen und Herren,\n\n1. {QUESTION}"),
             "länger als 50 Zeichen", session)


def test_a_docx_lying_about_its_size_is_refused(clerk, session):
    upload = (io.BytesIO(lying_docx()), "anfrage.docx")  # 1.5 GB of zeros claiming 50 kB
    _refused(_register(clerk, upload=upload), "Größenangaben im Archiv stimmen nicht", session)


def test_reading_that_takes_longer_than_the_budget_is_stopped(clerk, config, session):
    config["READ_TIMEOUT"] = 0.1
    upload = (io.BytesIO(_prose(950_000).encode()), "anfrage.txt")  # takes about a second
    _refused(_register(clerk, upload=upload),
             "Das Dokument konnte nicht innerhalb von 0,1 Sekunden gelesen werden", session)


def _docx_with_large_body(megabytes: int) -> bytes:
    """A valid DOCX whose document.xml has ``megabytes`` MB of varied text (it compresses
    about 3:1, so no ZIP limit objects)."""
    rng = random.Random(5)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöü") for _ in range(rng.randint(3, 12)))
                  for _ in range(20_000)]
    paragraphs, size = [], 0
    while size < megabytes * MB:
        words = " ".join(rng.choice(vocabulary) for _ in range(40))
        paragraphs.append(f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>")
        size += len(paragraphs[-1])
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    body = source.read("word/document.xml").decode()
    head, tail = body.split("<w:body>", 1)
    body = head + "<w:body>" + "".join(paragraphs) + tail
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = body.encode() if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, content)
    return out.getvalue()


def test_reading_that_needs_more_memory_than_the_budget_is_stopped(clerk, config, session):
    config["READ_MEMORY_MB"] = 16
    upload = (io.BytesIO(_docx_with_large_body(16)), "anfrage.docx")  # about 9 MB packed
    _refused(_register(clerk, upload=upload),
             "es braucht mehr als 16 MB Arbeitsspeicher", session)


def test_reading_in_process_gives_the_same_split_as_the_isolated_reading(clerk, config, session):
    text = f"Sehr geehrte Damen und Herren,\n\nim Stadtbezirk fehlen Plätze.\n\n1. {QUESTION}\n\n2. Bis wann?"
    assert _register(clerk, text=text, number="AF1778/25").status_code == 302
    config["READ_IN_PROCESS"] = True
    assert _register(clerk, text=text, number="AF1779/25").status_code == 302
    session.expire_all()
    isolated, in_process = (session.scalar(sa.select(Inquiry).where(Inquiry.number == n))
                            for n in ("AF1778/25", "AF1779/25"))
    assert [q.text for q in isolated.questions] == [QUESTION, "Bis wann?"]
    assert [q.text for q in in_process.questions] == [q.text for q in isolated.questions]
    assert in_process.preamble == isolated.preamble == "im Stadtbezirk fehlen Plätze."


def test_live_preview_renders_the_first_200000_characters_and_says_so(browser, world):
    login(browser, world.lead_clerk)
    token = browser.token("/aufgaben")
    text = "Ein langer Absatz mit **fetten** Wörtern.\n\n" * 25_000  # 43 characters each
    response = browser.client.post("/vorschau", data={"csrf_token": token, "text": text})
    assert response.status_code == 200
    html = response.json["html"]
    assert html.count("<strong>fetten</strong>") < 5_000
    assert ("Die Vorschau zeigt nur die ersten 199.992 Zeichen. Die übrigen 875.008 Zeichen "
            "werden nicht in der Vorschau angezeigt, beim Speichern aber vollständig übernommen."
            in html)
    short = browser.client.post("/vorschau", data={"csrf_token": token, "text": "**kurz**"})
    assert short.json["html"] == "<p><strong>kurz</strong></p>"


def test_reading_settings_come_from_the_environment(monkeypatch, tmp_path):
    defaults = from_environment(str(tmp_path))
    assert (defaults["MAX_DOCUMENT_CHARS"], defaults["MAX_PARAGRAPH_CHARS"],
            defaults["READ_TIMEOUT"], defaults["READ_MEMORY_MB"]) == (1_000_000, 100_000, 30, 1024)
    for name, value in (("MAX_DOCUMENT_CHARS", "5000"), ("MAX_PARAGRAPH_CHARS", "500"),
                        ("READ_TIMEOUT", "5"), ("READ_MEMORY_MB", "256")):
        monkeypatch.setenv(f"INQUIRY_APP_{name}", value)
    config = from_environment(str(tmp_path))
    assert (config["MAX_DOCUMENT_CHARS"], config["MAX_PARAGRAPH_CHARS"],
            config["READ_TIMEOUT"], config["READ_MEMORY_MB"]) == (5000, 500, 5, 256)
