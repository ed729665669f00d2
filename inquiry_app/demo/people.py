"""Demo users, factions and councillors (all names fictional except the reference recipient)."""

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
]

# title, unit code (None = city-wide), text
TEXT_BLOCKS = [
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
