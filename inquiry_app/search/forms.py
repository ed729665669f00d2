"""The search page's form (a GET form: results can be bookmarked and shared, no token) and
how its values become a :class:`SearchQuery`."""

from __future__ import annotations

from wtforms import BooleanField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from inquiry_app.boundary import int_or_none
from inquiry_app.form_fields import CheckboxListField
from inquiry_app.forms import Form
from inquiry_app.models.enums import InquiryState
from inquiry_app.search import KINDS, SORTS, Filters

#: longer queries are cut (with a message)
MAX_QUERY_CHARS = 2000
#: a value of a filter from the address (ids, years, state names) is never longer
MAX_VALUE_CHARS = 40
#: at most so many values of one filter are offered (the most frequent; chosen ones always)
FACET_LIMIT = 12

STATES = {s.value: s for s in InquiryState}


def _value(text: str) -> str | None:
    text = (text or "").strip()
    return text if len(text) <= MAX_VALUE_CHARS else None


def _values(field) -> list[str]:
    return list(dict.fromkeys(field.data or ()))


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 4 else None


class SearchForm(Form):
    """``q`` and the filters, named as the facets of :class:`inquiry_app.search.Result`."""

    class Meta:
        csrf = False

    q = SearchField("Suchbegriff")
    sortierung = SelectField("Sortierung", choices=[SelectChoice(k, v) for k, v in SORTS.items()],
                             default="relevanz", validate_choice=False)
    ueberfaellig = BooleanField("nur überfällige")
    jahr = CheckboxListField("Jahr", coerce=_value)
    gremium = CheckboxListField("Gremium", coerce=_value)
    fraktion = CheckboxListField("Fraktion", coerce=_value)
    person = CheckboxListField("Stadtrat/Stadträtin", coerce=_value)
    amt = CheckboxListField("Amt", coerce=_value)
    status = CheckboxListField("Status", coerce=_value)
    art = CheckboxListField("Art", coerce=_value)

    #: the facet lists in the order the page shows them
    FACETS = ("art", "jahr", "status", "gremium", "fraktion", "person", "amt")

    def facet_fields(self):
        return [getattr(self, name) for name in self.FACETS]

    def text(self) -> tuple[str, str | None]:
        """The query text (cut to MAX_QUERY_CHARS) and a message when it had to be cut."""
        text = (self.q.data or "").strip()
        if len(text) <= MAX_QUERY_CHARS:
            return text, None
        text = text[:MAX_QUERY_CHARS]
        self.q.data = text
        return text, (f"Der Suchbegriff war länger als {_number(MAX_QUERY_CHARS)} Zeichen. "
                      f"Gesucht wurde mit den ersten {_number(MAX_QUERY_CHARS)} Zeichen.")

    def sort(self) -> str:
        return self.sortierung.data if self.sortierung.data in SORTS else "relevanz"

    def filters(self) -> Filters:
        """The chosen filters; values that mean nothing (typed into the address) are left out."""
        def ids(field) -> tuple[int, ...]:
            return tuple(i for i in map(int_or_none, _values(field)) if i)

        return Filters(
            years=tuple(y for y in map(_year, _values(self.jahr)) if y),
            body_ids=ids(self.gremium), faction_ids=ids(self.fraktion),
            member_ids=ids(self.person), unit_ids=ids(self.amt),
            states=tuple(STATES[v] for v in _values(self.status) if v in STATES),
            overdue=bool(self.ueberfaellig.data),
            kinds=tuple(v for v in _values(self.art) if v in KINDS),
        )

    def offer(self, facets: dict, labels: dict[str, dict[str, str]]) -> None:
        """Each filter's checkboxes: the facet's values with their counts ("Stadtrat (12)"),
        at most FACET_LIMIT of them, and every chosen value even when nothing matches it any
        more (so it can be unticked). ``labels``: facet name -> value -> label of the chosen
        values that mean something; others (junk typed into the address) are dropped."""
        for field in self.facet_fields():
            known = labels.get(field.name, {})
            chosen = [v for v in _values(field) if v in known]
            offered = {f.value: f for f in facets.get(field.name, ())}
            others = [v for v in offered if v not in chosen]
            keep = {*chosen, *others[:max(FACET_LIMIT - len(chosen), 0)]}
            shown = [f for f in offered.values() if f.value in keep]  # in the facet's order
            field.choices = [SelectChoice(f.value, f"{f.label} ({_number(f.count)})")
                             for f in shown]
            field.choices += [SelectChoice(v, f"{known[v]} (0)") for v in chosen
                              if v not in offered]
            field.data = chosen


def _number(n: int) -> str:
    """1234 -> "1.234"."""
    return f"{n:,}".replace(",", ".")
