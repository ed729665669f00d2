"""Demo users, factions, councillors, bodies and text blocks (all names fictional except the
reference recipient; the addresses of the Dresden offices are real)."""

DEMO_PASSWORD = "anfragen-demo"

# login, name, role, unit code, function
USERS = [
    ("rat", "Sabine Richter", "council_office", "OB-SR", "Sachbearbeiterin Stadtratsangelegenheiten"),
    ("ob", "Dr. Thomas Berger", "signatory", "OB", "Oberbürgermeister"),
    ("bm", "Katrin Vogel", "signatory", "GB1", "Bürgermeisterin"),
    ("amt33", "Jana Schulze", "department", "33", "Sachbearbeiterin Bürgeramt"),
    ("leitung33", "Martin Krause", "department_head", "33", "Leiter Bürgeramt"),
    ("ebit", "Felix Hoffmann", "department", "EB IT", "IT-Koordinator"),
    ("leitungebit", "Andrea Lehmann", "department_head", "EB IT", "Betriebsleiterin EB IT"),
    ("amt20", "Paul Schröder", "department", "20", "Sachbearbeiter Stadtkämmerei"),
    ("leitung20", "Ines Zimmermann", "department_head", "20", "Leiterin Stadtkämmerei"),
    ("amt66", "Lea Wagner", "department", "66", "Sachbearbeiterin Straßen- und Tiefbauamt"),
    ("amt61", "Jonas Becker", "department", "61", "Sachbearbeiter Stadtplanungsamt"),
    ("amt40", "Nina Hartmann", "department", "40", "Sachbearbeiterin Schulverwaltungsamt"),
    ("admin", "Peter Neumann", "admin", "10", "Fachadministration"),
]

# name, short name, address lines
FACTIONS = [
    ("Fraktion Zukunft Dresden", "Zukunft", "Dr.-Külz-Ring 19\n01067 Dresden"),
    ("Fraktion Soziale Stadt", "Soziale Stadt", "Dr.-Külz-Ring 19\n01067 Dresden"),
    ("Fraktion Bürgerliste", "Bürgerliste", "Dr.-Külz-Ring 19\n01067 Dresden"),
    ("Fraktion Grün-Links", "Grün-Links", "Dr.-Külz-Ring 19\n01067 Dresden"),
]

# form of address, title, first name, last name, role, faction short name
COUNCILLORS = [
    ("Frau", "", "Anne", "Mühle", "Stadträtin", "Grün-Links"),
    ("Herr", "Dr.", "Klaus", "Seidel", "Stadtrat", "Zukunft"),
    ("Frau", "", "Maria", "Kühn", "Stadträtin", "Soziale Stadt"),
    ("Herr", "", "Stefan", "Lorenz", "Stadtrat", "Bürgerliste"),
    ("Frau", "Prof. Dr.", "Ulrike", "Franke", "Stadträtin", "Zukunft"),
    ("Herr", "", "Tobias", "Schmitt", "Stadtrat", "Grün-Links"),
    ("Herr", "", "Ralf", "Böhme", "Stadtrat", "Bürgerliste"),
]

# a faction change: last name, earlier faction, current faction, change so many days ago
# (the demo inquiry AF0640 was submitted under the earlier faction and keeps it)
FACTION_CHANGES = [("Böhme", "Soziale Stadt", "Bürgerliste", 30)]

# name, kind, abbreviation, chair: form of address, title, name, function; address lines
BODIES = [
    ("Stadtrat", "city_council", "SR", "Herr", "Dr.", "Thomas Berger", "Oberbürgermeister",
     "Dr.-Külz-Ring 19\n01067 Dresden"),
    ("Stadtbezirksbeirat Neustadt", "district_council", "Neu", "Herr", "", "Frank Pohl",
     "Stadtbezirksamtsleiter", "Stadtbezirksamt Neustadt\nHoyerswerdaer Straße 3\n01099 Dresden"),
    ("Stadtbezirksbeirat Altstadt", "district_council", "Alt", "Frau", "", "Claudia Reuter",
     "Stadtbezirksamtsleiterin", "Stadtbezirksamt Altstadt\nTheaterstraße 11\n01067 Dresden"),
    ("Stadtbezirksbeirat Pieschen", "district_council", "Pie", "Herr", "Dr.", "Martin Eckert",
     "Stadtbezirksamtsleiter", "Stadtbezirksamt Pieschen\nBürgerstraße 63\n01127 Dresden"),
    ("Ortschaftsrat Schönfeld-Weißig", "local_council", "SW", "Frau", "", "Heike Lindner",
     "Ortsvorsteherin", "Ortschaft Schönfeld-Weißig\nBautzner Landstraße 291\n01328 Dresden"),
]

#: title of the standard paragraph (the default of INQUIRY_APP_ADMISSIBILITY_TEXT_BLOCK)
ADMISSIBILITY_BLOCK = "Standardabsatz: kein Anspruch auf Beantwortung (§ 28 Abs. 6 SächsGemO)"

# title, unit code (None = city-wide), text
TEXT_BLOCKS = [
    (ADMISSIBILITY_BLOCK, None,
     "Nach § 28 Abs. 6 SächsGemO kann jeder Stadtrat an den Oberbürgermeister schriftliche "
     "Anfragen über einzelne Angelegenheiten der Gemeinde und ihrer Verwaltung richten. Die "
     "vorliegende Anfrage ist nicht auf eine einzelne Angelegenheit in diesem Sinne gerichtet; "
     "ein Anspruch auf Beantwortung besteht daher nicht. Die Anfrage wird gleichwohl "
     "freiwillig beantwortet."),
    ("Allgemeine Fragestellung (kein Anspruch auf Beantwortung)", None,
     "Die Anfrage zielt auf eine allgemeine Übersicht und nicht auf eine konkrete Angelegenheit "
     "der Landeshauptstadt Dresden. Ein Anspruch auf Beantwortung nach § 28 Abs. 6 SächsGemO "
     "besteht insoweit nicht. Die Fragen werden dennoch wie folgt beantwortet:"),
    ("Unkonkrete Fragestellung", None,
     "Da die Fragestellungen keine konkreten Angaben enthalten, nimmt die Landeshauptstadt "
     "Dresden eine Wertung nach eigenem Kenntnisstand vor."),
    ("Datenschutz: keine Angaben zu Einzelpersonen", None,
     "Aus Gründen des Datenschutzes können zu einzelnen Personen keine Angaben gemacht werden."),
    ("Zuständigkeit des Freistaates", None,
     "Die Angelegenheit liegt in der Zuständigkeit des Freistaates Sachsen. Die "
     "Landeshauptstadt Dresden hat insoweit keine eigenen Erkenntnisse."),
    ("Statistik nicht verfügbar", "33",
     "Eine statistische Auswertung in der erfragten Form ist mit den im Fachverfahren "
     "vorhandenen Daten nicht möglich."),
]
