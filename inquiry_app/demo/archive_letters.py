"""Reply letters written for the demo archive: recurring municipal questions 2016–2025.

Deterministic (seeded): the same letters, byte for byte, on every run, so that the archive
import recognises them again (its source keys are the files' hashes) and a second ``demo
load`` adds nothing. Each letter follows the Dresden convention the reply parser reads (see
DESIGN.md): letterhead, recipient, date, subject and number, salutation, "Ihre Anfrage
beantworte ich wie folgt:", the preamble and question 1 in one „…“, then ``N. „…“`` with the
answer below, "Mit freundlichen Grüßen" and the signer. Many topics are asked again year after
year with updated figures (naturalisations, Kita places, potholes per district …), so that
search and "Ähnliche frühere Fragen" have something to show; the answers carry numbers and
dates for the reuse highlight.

Numbers: ``AFnnnn/yy`` from a per-year counter that skips every number in ``taken`` (the real
replies of the demo archive and the demo's own inquiries)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

SEED = 16
YEARS = range(2016, 2026)

#: Stadtbezirke with two streets each (for the questions per district)
DISTRICTS = {
    "Altstadt": ("Ammonstraße", "Wiener Straße"),
    "Neustadt": ("Königsbrücker Straße", "Bautzner Straße"),
    "Pieschen": ("Leipziger Straße", "Großenhainer Straße"),
    "Klotzsche": ("Königsbrücker Landstraße", "Karl-Marx-Straße"),
    "Loschwitz": ("Grundstraße", "Pillnitzer Landstraße"),
    "Blasewitz": ("Schandauer Straße", "Borsbergstraße"),
    "Leuben": ("Pirnaer Landstraße", "Stephensonstraße"),
    "Prohlis": ("Dohnaer Straße", "Langer Weg"),
    "Plauen": ("Chemnitzer Straße", "Bernhardstraße"),
    "Cotta": ("Hamburger Straße", "Kesselsdorfer Straße"),
}

#: who asks: the demo's councillors (salutation, faction as in the demo data)
ASKERS = (
    ("Frau", "Mühle", "Fraktion Grün-Links", "Frau Stadträtin\nAnne Mühle"),
    ("Herr", "Dr. Seidel", "Fraktion Zukunft Dresden", "Herrn Stadtrat\nDr. Klaus Seidel"),
    ("Frau", "Kühn", "Fraktion Soziale Stadt", "Frau Stadträtin\nMaria Kühn"),
    ("Herr", "Lorenz", "Fraktion Bürgerliste", "Herrn Stadtrat\nStefan Lorenz"),
    ("Frau", "Prof. Dr. Franke", "Fraktion Zukunft Dresden",
     "Frau Stadträtin\nProf. Dr. Ulrike Franke"),
    ("Herr", "Schmitt", "Fraktion Grün-Links", "Herrn Stadtrat\nTobias Schmitt"),
)
SIGNERS = (("Dr. Thomas Berger", "Oberbürgermeister"),
           ("Katrin Vogel", "Bürgermeisterin"))

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")

#: first sequence number per year (the numbering runs on through a council term)
FIRST_SEQ = {2016: 1010, 2017: 1480, 2018: 2060, 2019: 2620, 2020: 410, 2021: 1130,
             2022: 1660, 2023: 2170, 2024: 2680, 2025: 330}


@dataclass(frozen=True)
class Letter:
    number: str
    filename: str
    text: str


@dataclass(frozen=True)
class Case:
    """One inquiry before it gets its number: topic, year, subject, preamble, (question,
    answer) pairs and when it was answered."""

    key: str
    year: int
    answered: date
    subject: str
    preamble: str
    pairs: tuple[tuple[str, str], ...]
    asker: int


def n(value: float, digits: int = 0) -> str:
    """German number: 1.214 / 3,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def eur(value: float) -> str:
    return f"{n(value)} Euro"


def long_date(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


class Figures:
    """A topic's figures: a trend over the years with seeded noise, the same for a topic and
    year wherever they are asked."""

    def __init__(self, key: str):
        self.key = key

    def __call__(self, name: str, year: int, base: float, growth: float = 0.0,
                 noise: float = 0.06) -> float:
        rng = random.Random(f"{SEED}:{self.key}:{name}:{year}")
        return max(0.0, base * (1 + growth) ** (year - 2016) * (1 + rng.uniform(-noise, noise)))


def _answered(rng: random.Random, year: int, months: tuple[int, int] = (2, 11)) -> date:
    return date(year, rng.randint(*months), rng.randint(1, 28))


# -- the topics ------------------------------------------------------------------------------
# Each topic yields cases (a topic may be asked every year, every other year or per district).

def naturalisations(rng_for) -> Iterable[Case]:
    f = Figures("einbuergerung")
    for year in YEARS:
        rng = rng_for("einbuergerung", year)
        prev = year - 1
        filed = f("filed", prev, 780, 0.11)
        done = f("done", prev, 520, 0.09)
        open_ = f("open", prev, 900, 0.16)
        months = f("months", prev, 9, 0.07, 0.1)
        share = f("share", prev, 34, 0.0, 0.15)
        pairs = [
            (f"Wie viele Anträge auf Einbürgerung wurden im Jahr {prev} bei der "
             "Staatsangehörigkeitsbehörde gestellt?",
             f"Im Jahr {prev} wurden bei der Staatsangehörigkeitsbehörde {n(filed)} Anträge auf "
             f"Einbürgerung gestellt (Vorjahr: {n(f('filed', prev - 1, 780, 0.11))})."),
            (f"Wie viele Personen wurden im Jahr {prev} eingebürgert?",
             f"Im Jahr {prev} wurden {n(done)} Personen eingebürgert, davon {n(done * 0.18)} "
             "Miteinbürgerungen von Ehegatten und minderjährigen Kindern nach § 10 Abs. 2 StAG."),
            (f"Wie lange dauerte die Bearbeitung eines Einbürgerungsantrags im Jahr {prev} "
             "durchschnittlich?",
             f"Die durchschnittliche Bearbeitungsdauer vom Eingang des vollständigen Antrags bis "
             f"zur Aushändigung der Einbürgerungsurkunde betrug im Jahr {prev} rund "
             f"{n(months, 1)} Monate."),
            (f"Wie viele Einbürgerungsanträge waren zum 31. Dezember {prev} noch nicht "
             "entschieden?",
             f"Zum Stichtag 31.12.{prev} waren {n(open_)} Anträge noch nicht abschließend "
             f"bearbeitet. Bei etwa {n(share)} Prozent davon fehlen noch Unterlagen der "
             "Antragstellenden."),
        ]
        if year >= 2020:
            pairs.append((
                "Aus welchen Staaten stammten die meisten Eingebürgerten?",
                f"Die meisten Eingebürgerten des Jahres {prev} besaßen zuvor die syrische, die "
                "ukrainische und die russische Staatsangehörigkeit. Eine vollständige Aufstellung "
                "nach Herkunftsstaaten ist der Anlage zu entnehmen."))
        yield Case("einbuergerung", year, _answered(rng, year, (1, 4)),
                   f"Einbürgerungen in der Landeshauptstadt Dresden im Jahr {prev}",
                   "Die Zahl der Einbürgerungsanträge ist in den vergangenen Jahren deutlich "
                   "gestiegen. Ich frage daher den Oberbürgermeister:",
                   tuple(pairs[:3 + rng.randint(0, len(pairs) - 3)]), rng.randrange(6))


def foreigners_office_staff(rng_for) -> Iterable[Case]:
    f = Figures("abh-personal")
    for year in range(2018, 2026):
        rng = rng_for("abh-personal", year)
        posts = f("posts", year, 96, 0.04, 0.02)
        filled = posts * (0.78 + rng.uniform(0, 0.14))
        backlog = f("backlog", year, 2400, 0.14)
        wait = f("wait", year, 6, 0.1, 0.15)
        yield Case(
            "abh-personal", year, _answered(rng, year),
            f"Personalsituation und Bearbeitungsrückstau in der Ausländerbehörde {year}",
            "Antragstellende berichten von langen Wartezeiten auf Termine und Bescheide in der "
            "Ausländerbehörde. Ich frage daher:",
            (("Wie viele Stellen sind im Stellenplan der Ausländerbehörde ausgewiesen und wie "
              "viele davon sind derzeit besetzt?",
              f"Im Stellenplan {year} sind für die Ausländerbehörde {n(posts, 1)} Stellen "
              f"(Vollzeitäquivalente) ausgewiesen. Zum 1. {MONTHS[rng.randint(2, 8)]} {year} waren "
              f"davon {n(filled, 1)} Stellen besetzt."),
             ("Wie viele Anträge auf Erteilung oder Verlängerung eines Aufenthaltstitels sind "
              "derzeit unbearbeitet?",
              f"Derzeit sind rund {n(backlog)} Anträge auf Erteilung oder Verlängerung eines "
              "Aufenthaltstitels noch nicht entschieden. Für die Antragstellenden gilt der "
              "bisherige Aufenthalt nach § 81 Abs. 4 AufenthG als fortbestehend "
              "(Fiktionsbescheinigung)."),
             ("Wie lange müssen Antragstellende auf einen Termin in der Ausländerbehörde warten?",
              f"Die Wartezeit auf einen Termin beträgt derzeit durchschnittlich {n(wait)} Wochen. "
              "Für dringende Fälle, etwa einen drohenden Verlust des Arbeitsplatzes, werden "
              "kurzfristige Termine vergeben."),
             ("Welche Maßnahmen ergreift die Verwaltung, um den Rückstau abzubauen?",
              f"Seit {long_date(date(year, rng.randint(1, 6), 1))} werden "
              f"{n(2 + rng.randint(0, 6))} zusätzliche Stellen befristet besetzt. Außerdem "
              "werden einfache Verlängerungen im schriftlichen Verfahren ohne Vorsprache "
              "bearbeitet.")),
            rng.randrange(6))


def digital_naturalisation(rng_for) -> Iterable[Case]:
    """Close to the demo's reference inquiry (AF0815/25): the earlier answers to reuse."""
    texts = {
        2020: ("Digitalisierung der Ausländerbehörde",
               "Die Antragsverfahren der Ausländerbehörde werden bisher überwiegend auf Papier "
               "geführt. Vor diesem Hintergrund frage ich:",
               (("Ist die Einführung der E-Akte in der Ausländerbehörde vorgesehen und für "
                 "welchen Zeitraum?",
                 "Die Einführung der E-Akte erfolgt in der Landeshauptstadt Dresden ämterweise. "
                 "Für das Bürgeramt einschließlich der Ausländerbehörde ist der Projektbeginn für "
                 "das Jahr 2022 vorgesehen; die technische Einführung soll bis Ende 2024 "
                 "abgeschlossen sein."),
                ("Können Anträge auf Einbürgerung bereits online gestellt werden?",
                 "Ein Online-Antrag auf Einbürgerung steht derzeit nicht zur Verfügung. "
                 "Antragsformulare können seit dem 1. März 2020 auf der Internetseite der Stadt "
                 "heruntergeladen werden; der Antrag ist schriftlich einzureichen."))),
        2022: ("Online-Antrag auf Einbürgerung",
               "Andere Großstädte bieten bereits einen digitalen Einbürgerungsantrag an. Ich "
               "frage den Oberbürgermeister:",
               (("Plant die Landeshauptstadt Dresden die Einführung eines digitalen "
                 "Einbürgerungsantrags und mit welchem Zeithorizont?",
                 "Die Staatsangehörigkeitsbehörde prüft die Anbindung an das Serviceportal "
                 "Migration Deutschland (SMD) des Bundes. Eine Entscheidung über die Teilnahme "
                 "an der Pilotphase ist für das erste Halbjahr 2023 vorgesehen."),
                ("Wäre mit einem digitalen Antrag eine medienbruchfreie Bearbeitung in der "
                 "Staatsangehörigkeitsbehörde möglich?",
                 "Eine vollständig medienbruchfreie Bearbeitung ist nicht möglich: Die Prüfung "
                 "originaler Pass- und Personenstandsurkunden erfordert deren Vorlage, und die "
                 "Einbürgerungsurkunde wird nach § 16 StAG als Papierurkunde ausgehändigt."),
                ("Welche Kosten für IT-Infrastruktur entstünden für einen digitalen "
                 "Einbürgerungsantrag?",
                 "Der Eigenbetrieb IT-Dienstleistungen schätzt die einmaligen Kosten für "
                 "Schnittstellen und Arbeitsplatzausstattung auf rund 85.000 Euro, die "
                 "laufenden Kosten auf 12.000 Euro jährlich."))),
        2023: ("Pilotprojekt Serviceportal Migration Deutschland",
               "Der Bund bietet Kommunen die Teilnahme an einem Pilotprojekt zum digitalen "
               "Einbürgerungsantrag an. Ich frage daher:",
               (("Nimmt die Landeshauptstadt Dresden am Pilotprojekt des Bundes zum digitalen "
                 "Einbürgerungsantrag teil?",
                 "Die Staatsangehörigkeitsbehörde hat vom 6. März bis 28. April 2023 eine "
                 "Testphase des Serviceportals Migration Deutschland durchlaufen. Über die "
                 "Teilnahme an der Pilotphase wird nach Auswertung der Tests bis zum 30. Juni 2023 "
                 "entschieden."),
                ("Welche Investitionen in Server, Speicher und Arbeitsplatzrechner wären dafür "
                 "notwendig?",
                 "Für die Testphase hat der EB IT eine Kommunikationsverbindung eingerichtet; "
                 "weitere Investitionen waren nicht erforderlich. Für den Regelbetrieb rechnet "
                 "der EB IT mit 24 zusätzlichen Scannerarbeitsplätzen zu je 1.450 Euro."))),
        2024: ("Stand der E-Akte im Bürgeramt",
               "Die Einführung der elektronischen Akte wurde mehrfach angekündigt. Ich frage:",
               (("Für welchen Zeitraum ist die Einführung der E-Akte in der Ausländerbehörde "
                 "und der Staatsangehörigkeitsbehörde vorgesehen?",
                 "Das Bürgeramt befindet sich seit 1. Februar 2024 in der Vorprojektphase. Die "
                 "technische Einführung der E-Akte ist ab Herbst 2025 geplant und soll Ende 2026 "
                 "abgeschlossen sein."),
                ("Wie viele Einbürgerungsakten müssten dafür digitalisiert werden?",
                 "Im Bestand der Staatsangehörigkeitsbehörde befinden sich rund 6.300 laufende "
                 "Akten. Digitalisiert werden nur laufende Verfahren; abgeschlossene Akten "
                 "bleiben bis zum Ablauf der Aufbewahrungsfrist im Papierarchiv."),
                ("Welche Kosten entstehen für das Scannen der Akten?",
                 "Für das Scannen der laufenden Akten durch einen externen Dienstleister sind "
                 "im Haushalt 2025 Mittel in Höhe von 140.000 Euro eingeplant."))),
        2025: ("Digitaler Einbürgerungsantrag – Sachstand",
               "Im Jahr 2023 hat die Stadt das Serviceportal Migration Deutschland getestet. Ich "
               "frage nach dem Stand:",
               (("Ist der digitale Einbürgerungsantrag inzwischen umgesetzt?",
                 "Seit dem 15. Januar 2025 können Einbürgerungsanträge über das Serviceportal "
                 "Migration Deutschland gestellt werden. Bis zum 30. April 2025 gingen 412 "
                 "Anträge digital ein, das sind 38 Prozent aller Anträge."),
                ("Ist eine medienbruchfreie Bearbeitung der digitalen Anträge möglich?",
                 "Nein. Die digital eingegangenen Anträge werden bis zur Einführung der E-Akte "
                 "ausgedruckt; die Beteiligung der Sicherheitsbehörden erfolgt weiterhin über "
                 "das Bundesverwaltungsamt."))),
    }
    for year, (subject, preamble, pairs) in texts.items():
        rng = rng_for("digital-einbuergerung", year)
        yield Case("digital-einbuergerung", year, _answered(rng, year), subject, preamble,
                   pairs, rng.choice((0, 1, 5)))


def citizens_office_waiting(rng_for) -> Iterable[Case]:
    f = Figures("buergerbuero")
    for year in range(2017, 2026):
        rng = rng_for("buergerbuero", year)
        wait = f("wait", year, 9, 0.08, 0.2)
        appts = f("appts", year, 210000, 0.02)
        cost = f("cost", year, 180000, 0.05)
        pairs = [
            (f"Wie lang war die durchschnittliche Wartezeit auf einen Termin in den Bürgerbüros "
             f"in den Monaten Januar bis Oktober {year}?",
             f"Die durchschnittliche Wartezeit auf einen Termin in den Bürgerbüros betrug von "
             f"Januar bis Oktober {year} {n(wait, 1)} Kalendertage; am längsten war sie im "
             f"{MONTHS[rng.randint(4, 8)]} mit {n(wait * 1.7, 1)} Kalendertagen."),
            (f"Wie viele Termine wurden im Jahr {year - 1} in den Bürgerbüros wahrgenommen?",
             f"Im Jahr {year - 1} wurden in den Bürgerbüros {n(appts)} Termine wahrgenommen; "
             f"{n(appts * 0.09)} gebuchte Termine verfielen ohne Absage."),
        ]
        if year % 2 == 1:
            pairs.append((
                "Ist geplant, das Online-Terminvergabesystem zu erneuern, und welche Kosten "
                "entstehen dafür?",
                f"Der Vertrag über das Online-Terminvergabesystem läuft bis zum 31. Dezember "
                f"{year + 1}. Die Neuausschreibung bereitet der Eigenbetrieb IT-Dienstleistungen "
                f"vor; die Kosten werden auf {eur(cost)} für die Einführung geschätzt."))
        else:
            pairs.append((
                "Wie viele Stellen sind in den Bürgerbüros unbesetzt?",
                f"Zum 1. {MONTHS[rng.randint(3, 9)]} {year} waren in den Bürgerbüros "
                f"{n(4 + rng.randint(0, 9))} von {n(142 + rng.randint(0, 12))} Stellen "
                "unbesetzt."))
        yield Case("buergerbuero", year, _answered(rng, year, (11, 12)),
                   f"Wartezeiten auf Termine in den Bürgerbüros {year}",
                   "Bürgerinnen und Bürger berichten von langen Wartezeiten auf einen Termin im "
                   "Bürgeramt, etwa für einen neuen Personalausweis. Ich frage daher:",
                   tuple(pairs), rng.randrange(6))


def kita_places(rng_for) -> Iterable[Case]:
    f = Figures("kita")
    for year in YEARS:
        rng = rng_for("kita", year)
        krippe = f("krippe", year, 11200, -0.01)
        kiga = f("kiga", year, 24800, -0.005)
        hort = f("hort", year, 23000, 0.02)
        free = f("free", year, 600, 0.22, 0.2)
        invest = f("invest", year, 21_000_000, -0.03)
        yield Case(
            "kita", year, _answered(rng, year),
            f"Kita-Plätze in Dresden {year}",
            "Die Bedarfsplanung für Kindertageseinrichtungen wird jährlich fortgeschrieben. "
            "Ich bitte um Beantwortung folgender Fragen:",
            ((f"Wie viele Plätze in Krippe, Kindergarten und Hort standen zum 1. März {year} "
              "zur Verfügung?",
              f"Zum 1. März {year} standen {n(krippe)} Krippenplätze, {n(kiga)} "
              f"Kindergartenplätze und {n(hort)} Hortplätze in Kindertageseinrichtungen und "
              "Kindertagespflege zur Verfügung."),
             ("Wie viele dieser Plätze waren nicht belegt?",
              f"Nicht belegt waren zum Stichtag {n(free)} Plätze, vor allem in Krippe und "
              f"Kindergarten in den Stadtbezirken {rng.choice(list(DISTRICTS))} und "
              f"{rng.choice(list(DISTRICTS))}."),
             (f"Welche Investitionen in Kindertageseinrichtungen sind für {year} geplant?",
              f"Im Wirtschaftsplan des Eigenbetriebes Kindertageseinrichtungen sind für {year} "
              f"Investitionen von {eur(invest)} geplant, überwiegend für Sanierungen und "
              "Brandschutz.")),
            rng.randrange(6))


def school_places(rng_for) -> Iterable[Case]:
    f = Figures("schule")
    for year in YEARS:
        rng = rng_for("schule", year)
        pupils = f("pupils", year, 3900, 0.015 if year < 2021 else -0.02)
        cap = f("cap", year, 4100, 0.02, 0.02)
        yield Case(
            "schule", year, _answered(rng, year, (3, 6)),
            f"Schulplätze an Grundschulen zum Schuljahr {year}/{(year + 1) % 100:02d}",
            "Eltern sorgen sich, ob ihr Kind einen Platz an der Grundschule im Wohnumfeld "
            "erhält. Ich frage daher:",
            ((f"Wie viele Kinder wurden zum Schuljahr {year}/{(year + 1) % 100:02d} an den "
              "kommunalen Grundschulen angemeldet?",
              f"Zum Schuljahr {year}/{(year + 1) % 100:02d} wurden an den kommunalen "
              f"Grundschulen {n(pupils)} Kinder angemeldet."),
             ("Wie viele Plätze in ersten Klassen stehen zur Verfügung?",
              f"Es stehen {n(cap)} Plätze in {n(cap / 25)} ersten Klassen zur Verfügung."),
             ("An wie vielen Grundschulen mussten Kinder abgewiesen werden?",
              f"An {n(3 + rng.randint(0, 9))} Grundschulen überstieg die Zahl der Anmeldungen "
              f"die Aufnahmekapazität; {n(40 + rng.randint(0, 160))} Kinder erhielten einen "
              "Platz an einer benachbarten Grundschule.")),
            rng.randrange(6))


def gyms(rng_for) -> Iterable[Case]:
    f = Figures("turnhalle")
    for year in (2017, 2019, 2021, 2023, 2024):
        rng = rng_for("turnhalle", year)
        closed = f("closed", year, 6, 0.0, 0.4)
        money = f("money", year, 9_500_000, 0.08)
        yield Case(
            "turnhalle", year, _answered(rng, year),
            f"Gesperrte Schulturnhallen {year}",
            "Mehrere Turnhallen an Dresdner Schulen sind gesperrt, der Sportunterricht fällt "
            "teilweise aus. Ich frage den Oberbürgermeister:",
            (("Wie viele Schulturnhallen sind derzeit gesperrt und aus welchem Grund?",
              f"Derzeit sind {n(closed)} Schulturnhallen ganz oder teilweise gesperrt, überwiegend "
              "wegen Mängeln am Brandschutz, an der Dachkonstruktion oder am Sportboden."),
             ("Wann ist mit dem Abschluss der Sanierungen zu rechnen?",
              f"Die Sanierungen sollen bis {MONTHS[rng.randint(5, 11)]} {year + 1} abgeschlossen "
              f"sein. Im Haushalt {year} sind dafür {eur(money)} eingeplant."),
             ("Wo findet der Sportunterricht bis dahin statt?",
              "Der Sportunterricht findet in benachbarten Schulturnhallen und in Hallen der "
              f"Sportstätten statt; die Fahrten übernimmt seit {MONTHS[rng.randint(0, 11)]} "
              f"{year} ein beauftragtes Busunternehmen, die Kosten von "
              f"{eur(f('bus', year, 48000, 0.05))} trägt das Schulverwaltungsamt.")),
            rng.randrange(6))


def potholes(rng_for) -> Iterable[Case]:
    f = Figures("schlagloch")
    names = list(DISTRICTS)
    for index, district in enumerate(names):
        for year in (2017 + index % 3, 2020 + index % 3, 2023 + index % 3):
            rng = rng_for(f"schlagloch-{district}", year)
            reported = f(district, year, 420 + 40 * index, 0.05, 0.15)
            fixed = reported * (0.7 + rng.uniform(0, 0.25))
            cost = f(district + "-cost", year, 180000 + 15000 * index, 0.06)
            a, b = DISTRICTS[district]
            yield Case(
                "schlagloch", year, _answered(rng, year),
                f"Schlaglöcher im Stadtbezirk {district} {year}",
                f"Nach dem Winter sind viele Straßen im Stadtbezirk {district} in schlechtem "
                "Zustand. Ich frage daher:",
                ((f"Wie viele Schlaglöcher wurden im Stadtbezirk {district} im Jahr {year - 1} "
                  "gemeldet und wie viele davon beseitigt?",
                  f"Im Jahr {year - 1} wurden im Stadtbezirk {district} {n(reported)} "
                  f"Schlaglöcher gemeldet; {n(fixed)} davon wurden bis zum 31. Dezember "
                  f"{year - 1} beseitigt."),
                 ("Welche Kosten entstanden für die Beseitigung?",
                  f"Für die Beseitigung entstanden Kosten von {eur(cost)}."),
                 (f"Wann werden die {a} und die {b} grundhaft saniert?",
                  f"Die grundhafte Sanierung der {a} ist für {year + 1 + rng.randint(0, 2)} "
                  f"vorgesehen. Für die {b} liegt noch keine Planung vor; bis dahin werden die "
                  "Schäden im Rahmen der Unterhaltung beseitigt.")),
                rng.randrange(6))


def housing_benefit(rng_for) -> Iterable[Case]:
    f = Figures("wohngeld")
    for year in YEARS:
        rng = rng_for("wohngeld", year)
        growth = 1.8 if year >= 2023 else 1.0
        filed = f("filed", year - 1, 9800, 0.02) * growth
        granted = filed * (0.68 + rng.uniform(0, 0.1))
        weeks = f("weeks", year, 7, 0.04, 0.2) * (1.6 if year >= 2023 else 1)
        yield Case(
            "wohngeld", year, _answered(rng, year),
            f"Bearbeitung von Wohngeldanträgen {year}",
            "Viele Haushalte sind auf Wohngeld angewiesen. Ich frage daher:",
            ((f"Wie viele Wohngeldanträge gingen im Jahr {year - 1} ein und wie viele wurden "
              "bewilligt?",
              f"Im Jahr {year - 1} gingen {n(filed)} Wohngeldanträge ein; {n(granted)} wurden "
              "bewilligt."),
             ("Wie lange dauert die Bearbeitung eines Wohngeldantrags derzeit?",
              f"Die durchschnittliche Bearbeitungsdauer beträgt derzeit {n(weeks, 1)} Wochen ab "
              "Eingang des vollständigen Antrags."),
             ("Wie viele Stellen stehen in der Wohngeldstelle zur Verfügung?",
              f"In der Wohngeldstelle des Sozialamtes stehen {n(38 + (year - 2016) * 2 + rng.randint(0, 4))}"
              f" Stellen zur Verfügung; {n(rng.randint(1, 6))} davon sind unbesetzt.")),
            rng.randrange(6))


def cycle_paths(rng_for) -> Iterable[Case]:
    f = Figures("radweg")
    for year in YEARS:
        rng = rng_for("radweg", year)
        km = f("km", year - 1, 9, 0.06, 0.25)
        money = f("money", year - 1, 6_000_000, 0.07)
        yield Case(
            "radweg", year, _answered(rng, year),
            f"Umsetzung des Radverkehrskonzeptes im Jahr {year - 1}",
            "Das Radverkehrskonzept sieht den Ausbau des Radwegenetzes vor. Ich frage:",
            ((f"Wie viele Kilometer Radwege und Radfahrstreifen wurden im Jahr {year - 1} neu "
              "gebaut?",
              f"Im Jahr {year - 1} wurden {n(km, 1)} Kilometer Radwege, Radfahrstreifen und "
              "Schutzstreifen neu angelegt oder erneuert."),
             (f"Wie viele Mittel wurden dafür im Jahr {year - 1} ausgegeben?",
              f"Dafür wurden {eur(money)} ausgegeben, davon {eur(money * 0.42)} Fördermittel des "
              "Freistaates Sachsen."),
             ("Welche Maßnahmen sind für das laufende Jahr geplant?",
              f"Für {year} sind unter anderem Radfahrstreifen auf der "
              f"{rng.choice([s for pair in DISTRICTS.values() for s in pair])} und der Lückenschluss "
              "am Elberadweg geplant.")),
            rng.randrange(6))
    for year in (2017, 2019, 2021, 2023, 2025):
        rng = rng_for("koenigsbruecker", year)
        yield Case(
            "koenigsbruecker", year, _answered(rng, year),
            f"Radweg auf der Königsbrücker Straße – Sachstand {year}",
            "Der Ausbau der Königsbrücker Straße mit Radwegen wird seit Jahren diskutiert. Ich "
            "frage nach dem Stand:",
            (("Wann beginnt der Bau des Radwegs zwischen Albertplatz und Stauffenbergallee?",
              f"Der Baubeginn ist nach derzeitiger Planung für das "
              f"{'erste' if rng.random() < .5 else 'zweite'} Halbjahr {year + 2} vorgesehen. "
              f"Voraussetzung ist der Planfeststellungsbeschluss, der für {year + 1} erwartet "
              "wird."),
             ("Welche Varianten der Radverkehrsführung wurden geprüft?",
              "Geprüft wurden Radfahrstreifen auf der Fahrbahn, baulich getrennte Radwege im "
              "Seitenraum und eine Führung im Mischverkehr mit Tempo 30. Der Stadtrat hat die "
              "Variante mit Radfahrstreifen beschlossen."),
             ("Welche Kosten sind für den Ausbau veranschlagt?",
              f"Die Kosten des Ausbaus werden auf {eur(f('kb', year, 38_000_000, 0.05))} "
              "geschätzt.")),
            rng.choice((5, 0)))


def trees(rng_for) -> Iterable[Case]:
    f = Figures("baum")
    for year in YEARS:
        rng = rng_for("baum", year)
        felled = f("felled", year - 1, 1400, 0.04, 0.15)
        planted = f("planted", year - 1, 1200, 0.09, 0.12)
        yield Case(
            "baum", year, _answered(rng, year),
            f"Baumfällungen und Nachpflanzungen im Jahr {year - 1}",
            "Hitze und Trockenheit setzen den Straßenbäumen zu. Ich frage daher:",
            ((f"Wie viele Straßenbäume wurden im Jahr {year - 1} gefällt und aus welchen "
              "Gründen?",
              f"Im Jahr {year - 1} wurden {n(felled)} Straßenbäume gefällt, überwiegend wegen "
              "Trockenschäden, Pilzbefall oder fehlender Standsicherheit."),
             (f"Wie viele Bäume wurden im Jahr {year - 1} neu gepflanzt?",
              f"Im Jahr {year - 1} wurden {n(planted)} Bäume gepflanzt, davon "
              f"{n(planted * 0.55)} an Straßen."),
             ("Wie viele Baumstandorte sind derzeit unbesetzt?",
              f"Im Baumkataster sind zum 1. Januar {year} "
              f"{n(f('gaps', year, 3100, 0.03))} unbesetzte Baumstandorte verzeichnet.")),
            rng.randrange(6))


def playgrounds(rng_for) -> Iterable[Case]:
    f = Figures("spielplatz")
    for index, district in enumerate(DISTRICTS):
        for year in sorted({2018 + index % 4, 2022 + index % 4} if index < 2 else
                           {2018 + index % 7}):
            rng = rng_for(f"spielplatz-{district}", year)
            count = f(district, 2016, 18 + 3 * index, 0, 0.3)
            yield Case(
                "spielplatz", year, _answered(rng, year),
                f"Zustand der Spielplätze im Stadtbezirk {district}",
                f"Eltern im Stadtbezirk {district} beklagen gesperrte Spielgeräte. Ich frage:",
                ((f"Wie viele öffentliche Spielplätze gibt es im Stadtbezirk {district}?",
                  f"Im Stadtbezirk {district} unterhält die Stadt {n(count)} öffentliche "
                  "Spielplätze."),
                 ("Wie viele Spielgeräte sind derzeit gesperrt?",
                  f"Derzeit sind {n(rng.randint(3, 19))} Spielgeräte gesperrt; "
                  f"{n(rng.randint(1, 5))} davon werden bis {MONTHS[rng.randint(5, 10)]} {year} "
                  "ersetzt."),
                 ("Welche Mittel stehen für die Sanierung zur Verfügung?",
                  f"Für die Sanierung von Spielplätzen im Stadtbezirk {district} stehen {year} "
                  f"{eur(f(district + '-money', year, 120000, 0.05))} zur Verfügung.")),
                rng.randrange(6))


def homelessness(rng_for) -> Iterable[Case]:
    f = Figures("obdach")
    for year in YEARS:
        rng = rng_for("obdach", year)
        people = f("people", year, 380, 0.05)
        beds = f("beds", year, 300, 0.04, 0.03)
        yield Case(
            "obdach", year, _answered(rng, year, (10, 12)),
            f"Unterbringung obdachloser Menschen im Winter {year}/{(year + 1) % 100:02d}",
            "Mit Beginn der kalten Jahreszeit stellt sich die Frage, ob für obdachlose "
            "Menschen genügend Notunterkünfte bereitstehen. Ich frage den Oberbürgermeister:",
            (("Wie viele wohnungslose Menschen sind derzeit in Notunterkünften und "
              "Übergangswohnheimen untergebracht?",
              f"Zum 1. Oktober {year} waren {n(people)} Personen in Übergangswohnheimen und "
              "Gewährleistungswohnungen untergebracht."),
             ("Wie viele Notschlafplätze stehen im Winter zur Verfügung?",
              f"Im Winter {year}/{(year + 1) % 100:02d} stehen {n(beds)} Plätze zur Verfügung, "
              f"davon {n(beds * 0.12)} zusätzliche Winterplätze ab 1. November."),
             ("Ist eine Verlängerung der Öffnungszeiten der Nachtcafés geplant?",
              f"Die Nachtcafés der Kirchgemeinden öffnen vom 1. November {year} bis 31. März "
              f"{year + 1}; die Stadt fördert sie mit {eur(f('cafe', year, 45000, 0.06))}.")),
            rng.randrange(6))


def school_routes(rng_for) -> Iterable[Case]:
    f = Figures("schulweg")
    streets = {2018: "Bautzner Straße", 2020: "Großenhainer Straße", 2022: "Bautzner Straße",
               2024: "Kesselsdorfer Straße"}
    for year, street in streets.items():
        rng = rng_for("schulweg", year)
        yield Case(
            "schulweg", year, _answered(rng, year),
            f"Schulwegsicherheit an der {street}",
            f"Eltern weisen auf den gefährlichen Schulweg über die {street} hin. Ich frage:",
            (("Ist eine Querungshilfe oder Fußgängerampel geplant?",
              f"Eine Querungshilfe an der {street} ist im Programm zur Schulwegsicherung für "
              f"{year + 1} enthalten; die Kosten werden auf "
              f"{eur(f('q', year, 85000, 0.05))} geschätzt."),
             ("Wie viele Unfälle mit Schulkindern gab es dort in den letzten drei Jahren?",
              f"Die Polizeidirektion Dresden hat für die Jahre {year - 3} bis {year - 1} "
              f"{n(rng.randint(2, 9))} Unfälle mit Beteiligung von Schulkindern im Abschnitt "
              "registriert, davon einen mit schweren Verletzungen."),
             ("Wird eine Geschwindigkeitsbegrenzung auf 30 km/h geprüft?",
              "Die Straßenverkehrsbehörde prüft eine Anordnung von Tempo 30 vor der Schule nach "
              "§ 45 Abs. 9 StVO; das Ergebnis wird im nächsten Quartal erwartet.")),
            rng.randrange(6))


def park_lights(rng_for) -> Iterable[Case]:
    parks = {2019: "Großen Garten", 2021: "Alaunpark", 2023: "Waldpark Blasewitz"}
    for year, park in parks.items():
        rng = rng_for("beleuchtung", year)
        yield Case(
            "beleuchtung", year, _answered(rng, year),
            f"Beleuchtung der Wege im {park}",
            f"Anwohnende beklagen die fehlende Beleuchtung der Wege im {park}. Ich frage:",
            ((f"Welche Wege im {park} sind beleuchtet?",
              f"Beleuchtet sind {n(rng.uniform(1, 4), 1)} Kilometer der Hauptwege; die übrigen "
              "Wege sind aus Gründen des Naturschutzes nicht beleuchtet."),
             ("Plant die Stadt, weitere Wege zu beleuchten, und wann?",
              f"Geplant ist die Beleuchtung eines weiteren Hauptweges mit {n(rng.randint(12, 40))} "
              f"insektenfreundlichen LED-Leuchten im Jahr {year + 1}; die Kosten betragen rund "
              f"{eur(rng.randint(60, 180) * 1000)}.")),
            rng.randrange(6))


TOPICS: tuple[Callable, ...] = (
    naturalisations, foreigners_office_staff, digital_naturalisation, citizens_office_waiting,
    kita_places, school_places, gyms, potholes, housing_benefit, cycle_paths, trees,
    playgrounds, homelessness, school_routes, park_lights,
)


# -- letters ---------------------------------------------------------------------------------

def cases() -> list[Case]:
    def rng_for(key: str, year: int) -> random.Random:
        return random.Random(f"{SEED}:{key}:{year}:case")

    found = [case for topic in TOPICS for case in topic(rng_for)]
    return sorted(found, key=lambda c: (c.answered, c.key, c.subject))


def letter_text(case: Case, number: str) -> str:
    form, name, faction, recipient = ASKERS[case.asker]
    salutation = ("Sehr geehrte Frau" if form == "Frau" else "Sehr geehrter Herr") + f" {name},"
    signer, function = SIGNERS[0] if case.answered.day % 4 else SIGNERS[1]
    lines = ["Landeshauptstadt Dresden", "Der Oberbürgermeister", "",
             faction, "im Stadtrat der Landeshauptstadt Dresden", recipient, "",
             f"Datum: {case.answered:%d.%m.%Y}", "", case.subject, number, "",
             salutation, "", "Ihre Anfrage beantworte ich wie folgt:", ""]
    (first_q, first_a), *rest = case.pairs
    lines += [f"„{case.preamble}", "", f"1. {first_q}“", "", first_a, ""]
    for position, (question, answer) in enumerate(rest, start=2):
        lines += [f"{position}. „{question}“", "", answer, ""]
    if function != "Oberbürgermeister":
        lines += ["Mit freundlichen Grüßen", "", "In Vertretung", "", signer, function, ""]
    else:
        lines += ["Mit freundlichen Grüßen", "", signer, ""]
    return "\n".join(lines)


def letters(taken: Iterable[str]) -> list[Letter]:
    """The demo's reply letters, numbered in the order they were answered, never with a
    number in ``taken``."""
    taken = set(taken)
    seq = dict(FIRST_SEQ)
    out = []
    for case in cases():
        step = random.Random(f"{SEED}:{case.answered}:{case.subject}").randint(3, 19)
        seq[case.year] += step
        while (number := f"AF{seq[case.year]:04d}/{case.year % 100:02d}") in taken:
            seq[case.year] += 1
        taken.add(number)
        out.append(Letter(number, f"{number.replace('/', '-')}.txt",
                          letter_text(case, number)))
    return out
