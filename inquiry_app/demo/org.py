"""Org structure of a large German city (KGSt office numbers), used as demo data.

Each entry: (code, name, kind, parent code or None, mailbox).
Kinds: ``mayor_office``, ``division`` (Geschäftsbereich), ``office`` (Amt),
``department`` (Abteilung), ``enterprise`` (Eigenbetrieb).
"""

MAIL_DOMAIN = "dresden.example"


def _mailbox(local: str) -> str:
    return f"{local}@{MAIL_DOMAIN}"


ORG_UNITS: list[tuple[str, str, str, str | None, str]] = [
    ("OB", "Büro des Oberbürgermeisters", "mayor_office", None, _mailbox("buero-ob")),
    ("OB-SR", "Abteilung Stadtratsangelegenheiten", "department", "OB",
     _mailbox("stadtratsangelegenheiten")),
    # Geschäftsbereiche with their Beigeordnete
    ("GB1", "Geschäftsbereich Allgemeine Verwaltung, Bürgerservice und IT", "division", None,
     _mailbox("gb1")),
    ("GB2", "Geschäftsbereich Finanzen, Personal und Recht", "division", None, _mailbox("gb2")),
    ("GB3", "Geschäftsbereich Ordnung und Sicherheit", "division", None, _mailbox("gb3")),
    ("GB4", "Geschäftsbereich Bildung, Jugend und Sport", "division", None, _mailbox("gb4")),
    ("GB5", "Geschäftsbereich Kultur, Wissenschaft und Tourismus", "division", None,
     _mailbox("gb5")),
    ("GB6", "Geschäftsbereich Arbeit, Soziales und Gesundheit", "division", None,
     _mailbox("gb6")),
    ("GB7", "Geschäftsbereich Stadtentwicklung, Bau und Verkehr", "division", None,
     _mailbox("gb7")),
    ("GB8", "Geschäftsbereich Umwelt, Klima und Wirtschaft", "division", None, _mailbox("gb8")),
    # Ämter
    ("10", "Hauptamt", "office", "GB1", _mailbox("hauptamt")),
    ("11", "Personal- und Organisationsamt", "office", "GB2", _mailbox("personalamt")),
    ("12", "Kommunale Statistikstelle", "office", "GB1", _mailbox("statistik")),
    ("13", "Amt für Presse-, Öffentlichkeitsarbeit und Protokoll", "office", "OB",
     _mailbox("presseamt")),
    ("14", "Rechnungsprüfungsamt", "office", "OB", _mailbox("rpa")),
    ("20", "Stadtkämmerei", "office", "GB2", _mailbox("stadtkaemmerei")),
    ("21", "Steuer- und Stadtkasse", "office", "GB2", _mailbox("stadtkasse")),
    ("23", "Liegenschaftsamt", "office", "GB2", _mailbox("liegenschaftsamt")),
    ("30", "Rechtsamt", "office", "GB2", _mailbox("rechtsamt")),
    ("32", "Ordnungsamt", "office", "GB3", _mailbox("ordnungsamt")),
    ("33", "Bürgeramt", "office", "GB1", _mailbox("buergeramt")),
    ("33.3", "Abteilung Staatsangehörigkeits- und Ausländerangelegenheiten", "department", "33",
     _mailbox("auslaenderangelegenheiten")),
    ("33.31", "Ausländerbehörde", "department", "33.3", _mailbox("auslaenderbehoerde")),
    ("33.32", "Staatsangehörigkeitsbehörde", "department", "33.3", _mailbox("einbuergerung")),
    ("37", "Brand- und Katastrophenschutzamt", "office", "GB3", _mailbox("feuerwehr")),
    ("40", "Schulverwaltungsamt", "office", "GB4", _mailbox("schulverwaltungsamt")),
    ("41", "Amt für Kultur und Denkmalschutz", "office", "GB5", _mailbox("kulturamt")),
    ("50", "Sozialamt", "office", "GB6", _mailbox("sozialamt")),
    ("51", "Jugendamt", "office", "GB4", _mailbox("jugendamt")),
    ("52", "Sportamt", "office", "GB4", _mailbox("sportamt")),
    ("53", "Gesundheitsamt", "office", "GB6", _mailbox("gesundheitsamt")),
    ("54", "Amt für Integration und Migration", "office", "GB6", _mailbox("integration")),
    ("61", "Stadtplanungsamt", "office", "GB7", _mailbox("stadtplanungsamt")),
    ("62", "Amt für Geodaten und Kataster", "office", "GB7", _mailbox("geodaten")),
    ("63", "Bauaufsichtsamt", "office", "GB7", _mailbox("bauaufsicht")),
    ("65", "Amt für Hochbau und Immobilienverwaltung", "office", "GB7", _mailbox("hochbauamt")),
    ("66", "Straßen- und Tiefbauamt", "office", "GB7", _mailbox("tiefbauamt")),
    ("67", "Amt für Stadtgrün und Abfallwirtschaft", "office", "GB8", _mailbox("stadtgruen")),
    ("80", "Amt für Wirtschaftsförderung", "office", "GB8", _mailbox("wirtschaft")),
    ("86", "Umweltamt", "office", "GB8", _mailbox("umweltamt")),
    ("EB IT", "Eigenbetrieb IT-Dienstleistungen", "enterprise", "GB1", _mailbox("eb-it")),
]
