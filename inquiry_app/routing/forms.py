"""Forms of the competence catalogue: the terms of one unit, the CSV import."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import TextAreaField

from inquiry_app.forms import Form
from inquiry_app.validators import Marked


def _lines(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class TermsForm(Form):
    # The rules for terms (length, stop words, duplicates) are those of catalogue.clean_terms.
    terms = TextAreaField("Begriffe, einer je Zeile", filters=[_lines])


class ImportForm(Form):
    # A missing file and one over 2 MB are refused by the view with a message (as before).
    file = FileField("CSV importieren", validators=[Marked()],
                     render_kw={"accept": ".csv,text/csv"})
