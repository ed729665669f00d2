"""Demo competence catalogue: unit code -> terms the council office routes by.

Written the way a council office keeps its routing list (Zuständigkeitskatalog): single
words, compounds and short phrases, in German. The divisions (GB*) have no terms; they
are not lead units for written inquiries.

Each office lists its competences broadly, grouped by task area as in the KGSt
Aufgabengliederungsplan (comments), not only the words of past inquiries. Everyday words
that many offices would claim ("Kosten", "Sanierung", "Vergabe") are left out; a term
is specific ("Gebäudesanierung", "Vergabeverfahren") or typical of one office.

The router lets department terms count for the office above them as well, but unit 33
also lists the core terms of its departments 33.3/33.31/33.32, as the council office's
list does, so the office is found even by a router without hierarchy.
"""

from __future__ import annotations

CATALOGUE: dict[str, list[str]] = {
    "OB": [
        # Repräsentation, Ehrungen, internationale Beziehungen
        "Oberbürgermeister", "Stadtspitze", "Termine des Oberbürgermeisters",
        "Dienstreise", "Auslandsreise", "Delegation", "Delegationsreise",
        "Städtepartnerschaft", "Partnerstadt", "Internationale Beziehungen",
        "Internationale Zusammenarbeit", "Städtenetzwerk", "Eurocities",
        "Ehrenbürger", "Ehrenbürgerschaft", "Ehrenbürgerrecht", "Goldenes Buch",
        "Eintragung ins Goldene Buch", "Ehrung", "Auszeichnung", "Ehrennadel",
        "Ehrenamtspreis", "Ehrenamtskarte", "Ehrenamt", "Bürgerschaftliches Engagement",
        "Stadtjubiläum", "Repräsentation",
        # Beschwerden, Stabsstellen
        "Beschwerdemanagement", "Beschwerde", "Bürgeranliegen", "Bürgerbeauftragter",
        "Sonderbeauftragte", "Stabsstelle",
    ],
    "OB-SR": [
        # Stadtratsangelegenheiten, Gremien, Sitzungsdienst
        "Stadtratssitzung", "Stadtratsbeschluss", "Beschluss des Stadtrates",
        "Sitzungsdienst", "Sitzung", "Ratsinformationssystem", "Geschäftsordnung des Stadtrates",
        "Fraktion", "Fraktionszuwendung", "Fraktionsgeschäftsstelle", "Fraktionsfinanzierung",
        "Stadträte", "Mandatsträger", "Aufwandsentschädigung", "Entschädigungssatzung",
        "Sitzungsgeld", "Beschlusskontrolle", "Beschlussvollzug", "Umsetzung von Beschlüssen",
        "Stadtbezirksbeirat", "Stadtbezirksrat", "Ortschaftsrat", "Ausschuss",
        "Ausschusssitzung", "Ältestenrat", "Petitionsausschuss", "Niederschrift",
        "Sitzungsprotokoll", "Tagesordnung", "Beschlussvorlage", "Sitzungsvorlage",
        "Livestream", "Anfragen aus dem Stadtrat", "Beantwortungsfrist", "Akteneinsicht",
        "Petition", "Einwohnerfragestunde", "Einwohnerantrag", "Bürgerbegehren",
        "Befangenheit",
    ],
    "10": [
        "Hauptamt",
        # Vergabe und Beschaffung
        "Vergabestelle", "Zentrale Vergabestelle", "Vergabeverfahren", "Vergaberecht",
        "Auftragsvergabe", "öffentliche Aufträge", "Auftragswert", "Ausschreibung",
        "europaweite Ausschreibung", "Bieter",
        "Beschaffung", "Zentrale Beschaffung", "Rahmenvertrag", "Tariftreue",
        "Korruptionsprävention", "Antikorruption",
        # Digitale Verwaltung
        "Onlinezugangsgesetz", "OZG", "Verwaltungsdigitalisierung",
        "Digitalisierung der Verwaltung", "Digitalisierungsstrategie", "E-Government",
        "Online-Dienstleistung", "Onlinedienst", "Verwaltungsleistungen", "Bürgerportal",
        "Servicekonto", "BundID", "Behördengang", "Open Data", "Open-Data-Portal",
        "Formularserver", "Verwaltungsmodernisierung", "Verwaltungsreform",
        # Datenschutz, Informationsfreiheit
        "Datenschutz", "Datenschutzbeauftragter", "Datenschutzverletzung", "DSGVO",
        "Informationsfreiheit", "Informationszugang", "Transparenzsatzung",
        # innerer Dienst, Bürgerbeteiligung
        "Poststelle", "Hausdruckerei", "Dienstfahrzeug", "Dienstwagen", "Fuhrpark",
        "Dienstanweisung", "Geschäftsverteilung", "Schriftgutverwaltung", "Registratur",
        "Bürgerbeteiligung", "Beteiligungsportal", "Beteiligungsverfahren",
    ],
    "11": [
        "Personal", "Personalamt", "Personalverwaltung", "Personalentwicklung",
        # Stellen und Besetzung
        "Stellenplan", "Planstelle", "Stellenbesetzung", "Stellenausschreibung",
        "unbesetzte Stellen", "offene Stellen", "Nachbesetzung", "Personalausstattung",
        "Personalbedarf", "Personalbemessung", "Personalmangel", "Vakanz",
        "Personalgewinnung", "Personalmarketing", "Bewerbung", "Bewerber",
        "Bewerbungsverfahren", "Auswahlverfahren", "Einstellung", "Neueinstellung",
        "Fachkräftegewinnung", "Nachwuchskräfte", "Arbeitgeberattraktivität",
        "Arbeitgebermarke",
        # Ausbildung und Fortbildung
        "Auszubildende", "Ausbildung in der Stadtverwaltung", "Duales Studium",
        "Studierende", "Übernahme von Auszubildenden", "Praktikum", "Fortbildung",
        "Weiterbildung",
        # Beschäftigte, Dienstrecht
        "Beschäftigte", "Mitarbeitende", "Tarifbeschäftigte", "Beamte", "Verbeamtung",
        "Besoldung", "Tarifvertrag", "TVöD", "Eingruppierung", "Vergütung der Beschäftigten",
        "Personalkosten", "Personalrat", "Dienstvereinbarung", "Schwerbehindertenvertretung",
        "Führungskräfte", "Führungsposition", "Frauenanteil", "Gleichstellungsplan",
        "Frauenförderung",
        # Arbeitszeit, Gesundheit, Fluktuation
        "Homeoffice", "Mobiles Arbeiten", "Telearbeit", "Arbeitszeit", "Teilzeit",
        "Überstunden", "Mehrarbeit", "Krankenstand", "Fehlzeiten",
        "Betriebliches Gesundheitsmanagement", "Arbeitsschutz", "Fluktuation",
        "Kündigung", "Altersabgänge", "Ruhestand", "Altersstruktur der Beschäftigten",
        "Organisationsuntersuchung", "Organisationsentwicklung", "Jobticket",
    ],
    "12": [
        # Statistik
        "Statistik", "Kommunale Statistik", "Statistikstelle", "Statistisches Jahrbuch",
        "Stadtteilkatalog", "Kleinräumige Daten", "Bevölkerung", "Bevölkerungsstatistik",
        "Bevölkerungsprognose", "Bevölkerungsentwicklung", "Bevölkerungsbewegung",
        "Einwohnerzahl", "Einwohnerentwicklung", "Altersstruktur der Bevölkerung",
        "Zuzug", "Wegzug", "Fortzug", "Wanderung", "Wanderungssaldo", "Geburten",
        "Geburtenzahl", "Sterbefälle", "Haushalte", "Privathaushalte", "Haushaltsstruktur",
        "Haushaltsgröße", "Zensus", "Mietspiegel", "Kommunale Bürgerumfrage",
        "Bürgerumfrage", "Befragung", "Umfrage",
        # Wahlen
        "Wahl", "Wahlbehörde", "Kommunalwahl", "Stadtratswahl", "Bundestagswahl",
        "Landtagswahl", "Europawahl", "Oberbürgermeisterwahl", "Bürgerentscheid",
        "Wahllokal", "Briefwahl", "Briefwahlunterlagen", "Wahlhelfer", "Wahlvorstand",
        "Wahlbeteiligung", "Wahlergebnis", "Auszählung", "Wahlbezirk", "Stimmbezirk",
        "Wahlbenachrichtigung", "Wählerverzeichnis",
    ],
    "13": [
        # Presse und Medien
        "Pressemitteilung", "Pressestelle", "Pressesprecher", "Pressekonferenz",
        "Presseanfrage", "Medienanfragen", "Medienarbeit", "Journalisten",
        "Öffentlichkeitsarbeit", "Bürgerinformation", "Amtsblatt", "Broschüre",
        # Online-Kommunikation
        "Social Media", "Instagram", "Facebook", "Mastodon", "TikTok", "YouTube",
        "Internetauftritt", "Internetseite", "Webseite der Stadt", "Homepage",
        "Stadtportal", "Relaunch", "Seitenaufrufe", "Zugriffszahlen", "Newsletter",
        "Leichte Sprache",
        # Kampagnen, Werbung, Gestaltung
        "Imagekampagne", "Werbekampagne", "Kampagne", "Plakatkampagne", "Plakat",
        "Anzeigen", "Anzeigenschaltung", "Werbung", "Werbeagentur", "Corporate Design",
        "Stadtlogo",
        # Protokoll
        "Protokoll", "Empfang", "Neujahrsempfang", "Staatsbesuch", "Gastgeschenk",
    ],
    "14": [
        "Rechnungsprüfung", "Rechnungsprüfungsamt", "Rechnungsprüfungsausschuss",
        "örtliche Prüfung", "überörtliche Prüfung", "Rechnungshof", "Prüfung",
        "Prüfbericht", "Prüfergebnis", "Schlussbericht", "Prüfungsfeststellung",
        "Prüfungsplan", "Prüfauftrag", "Sonderprüfung", "Kassenprüfung", "Zahlstelle",
        "Belegprüfung", "Vergabeprüfung", "Prüfung von Baumaßnahmen",
        "Verwendungsnachweisprüfung", "Wirtschaftlichkeitsprüfung",
        "Prüfung des Jahresabschlusses", "Innenrevision", "Unterschlagung",
        "Unregelmäßigkeiten", "Beanstandung", "Korruptionsverdacht",
    ],
    "20": [
        # Haushalt
        "Haushalt", "Haushaltsplan", "Haushaltsjahr", "Haushaltssatzung",
        "Doppelhaushalt", "Haushaltsentwurf", "Haushaltsaufstellung", "Haushaltsgenehmigung",
        "Haushaltssperre", "Haushaltsdefizit", "Defizit", "Fehlbetrag", "Haushaltsausgleich",
        "Haushaltskonsolidierung", "Konsolidierung", "Kürzungen", "Freiwillige Leistungen",
        "Haushaltsrest", "überplanmäßige Ausgabe", "außerplanmäßige Ausgabe",
        "Deckungsvorschlag", "Budget", "Budgetierung", "Ergebnishaushalt",
        "Finanzhaushalt", "Investitionsprogramm", "Finanzplanung",
        "mittelfristige Finanzplanung", "Finanzlage", "Finanzen", "Kämmerei",
        "Stadtkämmerer", "Kommunalaufsicht",
        # Schulden, Zuweisungen, Beteiligungen
        "Verschuldung", "Schulden", "Kredit", "Kreditaufnahme", "Kassenkredit",
        "Verbindlichkeiten", "Zinsen", "Zinsausgaben", "Liquidität", "Rücklage",
        "Schlüsselzuweisung", "Finanzausgleich", "Fördermittelquote", "Eigenanteil",
        "Beteiligungsbericht", "Beteiligungsmanagement", "kommunale Unternehmen",
        "städtische Gesellschaften", "Jahresabschluss", "Gesamtabschluss",
    ],
    "21": [
        # Steuern
        "Steuern", "Kommunalsteuern", "Steuereinnahmen", "Gewerbesteuer",
        "Gewerbesteuerhebesatz", "Grundsteuer", "Grundsteuerreform", "Grundsteuerbescheid",
        "Hundesteuer", "Zweitwohnungsteuer", "Beherbergungssteuer", "Bettensteuer",
        "Vergnügungssteuer", "Spielgerätesteuer", "Verpackungssteuer", "Hebesatz",
        "Steuerbescheid", "Steuerpflicht", "Steuererlass", "Steuerausfall",
        # Kasse, Forderungen, Vollstreckung
        "Stadtkasse", "Zahlungsverkehr", "Forderungsmanagement", "offene Forderungen",
        "Zahlungsrückstände", "Außenstände", "Mahnung", "Mahnverfahren", "Vollstreckung",
        "Vollstreckungsverfahren", "Pfändung", "Stundung", "Ratenzahlung",
        "Säumniszuschlag", "Niederschlagung", "Lastschrift",
    ],
    "23": [
        # Grundstücksverkehr
        "Grundstück", "Grundstücksverkauf", "Grundstücksankauf", "Grundstückserwerb",
        "Grunderwerb", "Flächenerwerb", "Flächenankauf", "Flächentausch",
        "Grundstücksgeschäft", "Grundstücksvergabe", "Konzeptvergabe", "Verkehrswert",
        "Vorkaufsrecht", "Bodenpolitik", "Bodenvorratspolitik", "Flächenvorsorge",
        "Flächenmanagement", "Erbbaurecht", "Erbbauzins", "Dienstbarkeit", "Grundbuch",
        # Verwaltung des Grundbesitzes
        "Liegenschaft", "Liegenschaftsverwaltung", "städtische Flächen", "städtischer Grund",
        "städtischer Grundbesitz", "Grundvermögen", "Pacht", "Pachtvertrag", "Verpachtung",
        "Pachtzins", "Gestattungsvertrag", "Garagenhof", "Garagen", "Kleingarten",
        "Kleingartenanlage", "Kleingartenverband", "Kleingartenverein", "Kleingärtner",
    ],
    "30": [
        "Rechtsamt", "Rechtsangelegenheiten", "Rechtsanwalt", "Anwaltskanzlei",
        "externe Kanzlei", "Anwaltskosten", "Rechtsberatung", "Rechtsgutachten",
        "rechtliche Prüfung", "Rechtmäßigkeit", "Rechtsgrundlage",
        # Gerichtsverfahren
        "Rechtsstreit", "Prozess", "Klage", "Klageverfahren", "Gerichtsverfahren",
        "Gericht", "Verwaltungsgericht", "Oberverwaltungsgericht", "Landgericht",
        "Urteil", "Berufung", "Eilverfahren", "Prozesskosten", "Vergleich",
        "Normenkontrolle", "Widerspruchsverfahren", "Widerspruch", "Widerspruchsbescheid",
        # Ortsrecht, Verträge
        "Satzung", "Ortsrecht", "Vertragsprüfung", "Vertragsgestaltung",
        "Strafanzeige",
        # Haftung, Versicherung
        "Schadensersatz", "Schadensersatzforderung", "Amtshaftung", "Amtspflichtverletzung",
        "Haftung", "Haftpflicht", "Versicherung", "Versicherungsschaden", "Schadensfall",
        "Schadensregulierung",
    ],
    "32": [
        "Ordnungsamt", "Ortspolizeibehörde", "Öffentliche Ordnung", "Öffentliche Sicherheit",
        "Gefahrenabwehr", "Sicherheitspartnerschaft", "Kriminalprävention",
        "Polizeiverordnung",
        # Vollzugsdienst, Verkehrsüberwachung, Bußgelder
        "Gemeindlicher Vollzugsdienst", "Stadtordnungsdienst", "Streife",
        "Parkraumüberwachung", "Falschparker", "Falschparken", "Parkverstoß",
        "Verwarngeld", "Bußgeld", "Bußgeldstelle", "Bußgeldverfahren", "Ordnungswidrigkeit",
        "Geschwindigkeitskontrolle", "Geschwindigkeitsüberwachung", "Blitzer", "Abschleppen",
        "Videoüberwachung", "Waffenverbotszone", "Alkoholverbot", "Alkoholkonsumverbot",
        # Lärm, Versammlungen, Feuerwerk
        "Ruhestörung", "Lärmbelästigung", "Lärmbeschwerde", "nächtlicher Lärm",
        "Versammlung", "Versammlungsbehörde", "Versammlungsrecht", "Demonstration",
        "Kundgebung", "Feuerwerk", "Pyrotechnik", "Böllerverbot", "Silvester",
        # Gewerbe, Gaststätten, Märkte
        "Gewerbeamt", "Gewerberecht", "Gewerbeanzeige", "Gewerbeanmeldung",
        "Gewerbeabmeldung", "Gewerbeummeldung", "Gewerbeuntersagung", "Gaststätte",
        "Gaststättenerlaubnis", "Sperrzeit", "Spielhalle", "Wettbüro", "Glücksspiel",
        "Prostitution", "Prostituiertenschutzgesetz", "Wochenmarkt", "Marktwesen",
        "Weihnachtsmarkt", "Volksfest", "Jahrmarkt",
        # Hunde, Fundsachen
        "Gefährliche Hunde", "Hundehaltung", "Leinenpflicht", "Fundbüro", "Fundsachen",
    ],
    "33": [
        "Bürgeramt", "Bürgerbüro", "Bürgerservice",
        # Pass- und Meldewesen
        "Personalausweis", "Reisepass", "Kinderreisepass", "Ausweisdokumente",
        "Meldewesen", "Meldebehörde", "Melderegister", "Melderegisterauskunft",
        "Anmeldung des Wohnsitzes", "Wohnsitzanmeldung", "Ummeldung", "Abmeldung des Wohnsitzes",
        "Wohnsitz", "Hauptwohnsitz", "Nebenwohnsitz", "Meldebescheinigung",
        "Führungszeugnis", "Beglaubigung",
        # Termine
        "Terminvergabe", "Online-Terminvergabe", "Termin im Bürgerbüro", "Wartezeit",
        # Kfz und Fahrerlaubnis
        "Kfz-Zulassung", "Zulassungsstelle", "Fahrzeugzulassung", "Kennzeichen",
        "Wunschkennzeichen", "Führerschein", "Fahrerlaubnis", "Fahrerlaubnisbehörde",
        "Führerscheinumtausch",
        # Standesamt
        "Standesamt", "Eheschließung", "Trauung", "Trauort", "Geburtsurkunde",
        "Sterbeurkunde", "Beurkundung", "Personenstand", "Namensänderung", "Kirchenaustritt",
        # E-Akte im Bürgeramt
        "E-Akte", "elektronische Akte", "Einführung der E-Akte",
        # core terms of the departments 33.3, 33.31, 33.32
        "Einbürgerung", "Einbürgerungsantrag", "Staatsangehörigkeit",
        "Staatsangehörigkeitsbehörde", "Ausländerbehörde", "Ausländerangelegenheiten",
        "Aufenthaltstitel", "Aufenthaltserlaubnis", "Niederlassungserlaubnis",
        "Duldung", "Abschiebung", "Visum",
    ],
    "33.3": [
        "Ausländerangelegenheiten", "Staatsangehörigkeitsangelegenheiten",
        "Ausländerrecht", "Aufenthaltsrecht", "Staatsangehörigkeitsrecht",
        "Migrationsverwaltung", "Antragsstau", "Rückstau von Anträgen",
        "Bearbeitungsrückstand", "Bearbeitungsdauer", "medienbruchfreie Bearbeitung",
    ],
    "33.31": [
        "Ausländerbehörde", "Aufenthaltstitel", "elektronischer Aufenthaltstitel",
        "Aufenthaltserlaubnis", "Niederlassungserlaubnis", "Duldung", "Abschiebung",
        "Rückführung", "Ausreisepflicht", "ausreisepflichtig", "Visum", "Bleiberecht",
        "Härtefallkommission", "Blaue Karte", "Fachkräfteeinwanderung",
        "Drittstaatsangehörige", "Beschäftigungserlaubnis", "Arbeitserlaubnis",
        "Fiktionsbescheinigung", "Chancenaufenthaltsrecht", "Verpflichtungserklärung",
        "Familiennachzug", "Aufenthaltsgestattung",
    ],
    "33.32": [
        "Einbürgerung", "Einbürgerungsantrag", "Einbürgerungsverfahren",
        "Einbürgerungstest", "Einbürgerungsfeier", "Einbürgerungsurkunde",
        "Einbürgerungszusicherung", "Staatsangehörigkeit", "Staatsbürgerschaft",
        "doppelte Staatsbürgerschaft", "Mehrstaatigkeit", "Staatsangehörigkeitsbehörde",
        "Staatsangehörigkeitsausweis", "Optionspflicht",
    ],
    "37": [
        # Feuerwehr
        "Feuerwehr", "Berufsfeuerwehr", "Freiwillige Feuerwehr", "Jugendfeuerwehr",
        "Feuerwache", "Feuerwehrhaus", "Brandschutz", "Vorbeugender Brandschutz",
        "Brandverhütungsschau", "Brandschutzerziehung", "Brandschutzbedarfsplan",
        "Brandbekämpfung", "Technische Hilfeleistung", "Einsatzzahlen", "Löschfahrzeug",
        "Drehleiter", "Feuerwehrfahrzeug",
        # Rettungsdienst
        "Rettungsdienst", "Rettungswache", "Rettungswagen", "Notarzt", "Notruf",
        "Hilfsfrist", "Eintreffzeit", "Leitstelle", "Integrierte Regionalleitstelle",
        "Krankentransport",
        # Katastrophen- und Bevölkerungsschutz
        "Katastrophenschutz", "Katastrophenfall", "Katastrophenschutzplan",
        "Katastrophenschutzübung", "Bevölkerungsschutz", "Zivilschutz", "Krisenstab",
        "Krisenmanagement", "Notfallplan", "Notfallvorsorge", "Alarmplan", "Evakuierung",
        "Hochwasserabwehr", "Hochwassereinsatz", "Deichverteidigung", "Sandsäcke",
        "Großschadenslage", "Gefahrgut", "Sirene", "Sirenennetz", "Warnung der Bevölkerung",
        "Warn-App", "Stromausfall", "Blackout", "Notstromversorgung",
    ],
    "40": [
        "Schulverwaltungsamt", "Schulverwaltung", "Schulträger", "Schulträgerschaft",
        "Schule", "Grundschule", "Oberschule", "Gymnasium", "Förderschule", "Berufsschule",
        "Berufliches Schulzentrum", "berufsbildende Schule", "Ganztagsschule",
        # Schulnetz und Schulplätze
        "Schulnetzplan", "Schulnetzplanung", "Schulentwicklungsplanung", "Schulstandort",
        "Schulplatz", "Schulkapazität", "Aufnahmekapazität", "Schulanmeldung",
        "Wunschschule", "Schulbezirk", "Schuleinzugsbereich", "Schülerzahlen",
        "Klassenstärke", "Interimsstandort", "Containerschule", "Schulcontainer",
        # Ausstattung, Versorgung, Beförderung
        "Schülerbeförderung", "Schülerverkehr", "Schulweg", "Schulessen",
        "Schulspeisung", "Mittagsversorgung", "Mittagessen", "Speiseraum", "Mensa",
        "Schulbibliothek", "Schulausstattung", "Lernmittel", "Lernmittelfreiheit",
        "Medienentwicklungsplan", "Digitalpakt Schule", "Schul-IT", "Tablets für Schüler",
        "digitale Endgeräte", "interaktive Tafeln", "Klassenzimmer", "Unterrichtsräume",
        "Schulhof", "Ganztagsangebot", "Schulsekretariat", "Lehrkräfte",
    ],
    "41": [
        "Kultur", "Kulturamt", "Kulturverwaltung", "Kultureinrichtungen",
        "Kulturförderung", "Kulturentwicklungsplan", "Kulturschaffende", "Künstler",
        "Atelier", "Freie Szene", "Kulturhauptstadt", "Kulturpass", "Kulturraum",
        "Kulturelle Bildung",
        # Einrichtungen und Veranstaltungen
        "Theater", "Museum", "Städtische Museen", "Ausstellung", "Sammlung",
        "Städtische Bibliotheken", "Bibliothek", "Stadtbibliothek", "Stadtteilbibliothek",
        "Musikschule", "Musikunterricht", "Philharmonie", "Orchester", "Konzert",
        "Kulturpalast", "Kulturzentrum", "Kulturhaus", "Soziokultur",
        "soziokulturelles Zentrum", "Stadtteilkultur", "Festival", "Stadtfest",
        "Kulturveranstaltung", "Lesung", "Kino", "Filmförderung",
        "Kunst im öffentlichen Raum",
        # Denkmalschutz
        "Denkmalschutz", "Denkmalpflege", "Denkmal", "Kulturdenkmal", "Baudenkmal",
        "Denkmalliste", "Untere Denkmalschutzbehörde", "denkmalschutzrechtliche Genehmigung",
        # Erinnerungskultur, Archiv
        "Erinnerungskultur", "Gedenkstätte", "Gedenktafel", "Mahnmal", "Stolpersteine",
        "Gedenken", "Stadtarchiv", "Archiv", "Stadtgeschichte",
    ],
    "50": [
        "Sozialamt", "Sozialleistungen", "Sozialplanung", "Sozialbericht",
        # Existenzsicherung
        "Sozialhilfe", "Grundsicherung", "Grundsicherung im Alter",
        "Hilfe zum Lebensunterhalt", "Erwerbsminderung", "Bürgergeld", "Jobcenter",
        "Wohngeld", "Lastenzuschuss", "Kosten der Unterkunft", "Bildung und Teilhabe",
        "Sozialpass", "Sozialticket", "Armut", "Altersarmut", "Schuldnerberatung",
        "Blindengeld",
        # Wohnungsnotfälle, Unterbringung
        "Wohnungslosigkeit", "Obdachlosigkeit", "Obdachlose", "wohnungslose Menschen",
        "Wohnungsverlust", "Zwangsräumung", "Notunterkunft", "Nachtcafé",
        "Wohnungsnotfallhilfe", "Unterbringung von Geflüchteten", "Gemeinschaftsunterkunft",
        "Asylbewerber", "Asylbewerberleistungsgesetz", "Asylbewerberleistungen",
        # Wohnraum
        "Sozialwohnung", "Belegungsrecht", "Belegungsbindung", "sozialer Wohnungsbau",
        "Bezahlbarer Wohnraum",
        # Alter, Pflege, Behinderung
        "Seniorenarbeit", "Senioren", "Seniorenbeirat", "Seniorenbegegnungsstätte",
        "Altenhilfe", "Pflege", "Hilfe zur Pflege", "Pflegebedürftige", "Pflegeheim",
        "Pflegeberatung", "Pflegestützpunkt", "Eingliederungshilfe",
        "Menschen mit Behinderung", "Behindertenbeauftragte", "Betreuungsbehörde",
    ],
    "51": [
        "Jugendamt",
        # Kindertagesbetreuung
        "Kindertagesbetreuung", "Kinderbetreuung", "Kita", "Kita-Platz",
        "Kindertagesstätte", "Kindertageseinrichtung", "Kindergarten", "Krippe",
        "Krippenplatz", "Hort", "Hortplatz", "Betreuungsplatz", "Kita-Bedarfsplanung",
        "Elternbeitrag", "Betreuungsschlüssel", "Erzieher", "Kita-Träger",
        "Kindertagespflege", "Tagespflegeperson", "Tagesmutter", "Tagesvater",
        # Kinder- und Jugendhilfe
        "Jugendhilfe", "Kinder- und Jugendhilfe", "Jugendhilfeausschuss",
        "Jugendhilfeplanung", "Kinderschutz", "Kindeswohl", "Kindeswohlgefährdung",
        "Inobhutnahme", "Allgemeiner Sozialer Dienst", "Hilfen zur Erziehung",
        "Heimerziehung", "Pflegefamilie", "Pflegekinder", "Adoption",
        "Unbegleitete minderjährige Ausländer", "Unterhaltsvorschuss", "Beistandschaft",
        "Vormundschaft", "Jugendgerichtshilfe", "Erziehungsberatung",
        # Jugendarbeit, Familien
        "Jugendarbeit", "Offene Jugendarbeit", "Jugendsozialarbeit", "Jugendclub",
        "Jugendhaus", "Jugendtreff", "Streetwork", "Mobile Jugendarbeit",
        "Schulsozialarbeit", "Kinder- und Jugendbeteiligung", "Jugendparlament",
        "Familienzentrum", "Familienbildung", "Frühe Hilfen", "Kinderarmut",
        "Ferienbetreuung",
    ],
    "52": [
        "Sportamt", "Sport", "Sportentwicklung", "Sportförderung", "Sportförderrichtlinie",
        "Sportverein", "Vereinssport", "Breitensport", "Leistungssport", "Stadtsportbund",
        "Übungsleiter",
        # Sportstätten
        "Sportstätte", "Sportanlage", "Sportstättenentwicklungsplan", "Sportstättenvergabe",
        "Sportstättenbetrieb", "Hallenzeiten", "Hallenbelegung", "Sporthalle", "Turnhalle",
        "Dreifeldhalle", "Sportplatz", "Fußballplatz", "Kunstrasen", "Kunstrasenplatz",
        "Stadion", "Bolzplatz", "Skatepark", "Sportpark", "Eishalle",
        # Bäder und Schwimmen
        "Schwimmhalle", "Hallenbad", "Freibad", "Bäder", "Schwimmbad", "Badesaison",
        "Schwimmunterricht", "Schwimmkurs", "Schwimmfähigkeit",
        # Veranstaltungen
        "Marathon", "Sportveranstaltung", "Sportgroßveranstaltung",
    ],
    "53": [
        "Gesundheitsamt", "Gesundheit", "Öffentlicher Gesundheitsdienst",
        "Gesundheitsförderung", "Gesundheitsberichterstattung", "Amtsarzt",
        # Infektionsschutz, Impfen
        "Infektionsschutz", "Infektionskrankheit", "Meldepflichtige Krankheiten",
        "Ausbruch", "Masern", "Impfung", "Impfquote", "Impfberatung", "Impfstelle",
        "Pandemie", "Corona", "Grippe", "Tuberkulose", "HIV",
        "Sexuell übertragbare Infektionen",
        # Hygiene, Umweltmedizin
        "Hygiene", "Hygienekontrolle", "Hygieneüberwachung", "Trinkwasser",
        "Trinkwasserqualität", "Legionellen", "Badegewässer", "Schädlingsbekämpfung",
        "Hitzeschutz", "Hitzeaktionsplan", "Umweltmedizin",
        # Kinder- und Jugendgesundheit
        "Schuleingangsuntersuchung", "Einschulungsuntersuchung",
        "Kinder- und Jugendärztlicher Dienst", "Zahnärztlicher Dienst", "Zahngesundheit",
        # Psychiatrie und Sucht
        "Sozialpsychiatrischer Dienst", "Psychische Gesundheit", "psychische Erkrankung",
        "Krisendienst", "Psychiatriekoordination", "Suizidprävention",
        "Sucht", "Suchtberatung", "Suchthilfe", "Suchtprävention", "Alkoholsucht",
        "Drogen", "Drogenkonsum", "Drogenkonsumraum", "Crystal", "Drug-Checking",
        # Versorgung, Beratung
        "Ärztliche Versorgung", "Medizinische Versorgung", "Hausärzte", "Ärztemangel",
        "Kinderärzte", "Schwangerschaftsberatung",
    ],
    "54": [
        "Integration", "Integrationsarbeit", "Integrationsförderung", "Integrationskonzept",
        "Integrationsbeauftragte", "Integrationsfonds", "Migration", "Migrationsbericht",
        "Zuwanderung", "Einwanderung", "Migranten", "Menschen mit Migrationshintergrund",
        "Ausländeranteil", "ausländische Bevölkerung", "Migrantenorganisation",
        "Integrations- und Ausländerbeirat", "Ausländerbeirat",
        # Sprache, Beratung, Arbeit
        "Integrationskurs", "Sprachkurs", "Deutschkurs", "Sprachförderung",
        "Sprachmittler", "Sprachmittlung", "Dolmetscher", "Migrationssozialarbeit",
        "Migrationsberatung", "Integrationsberatung", "Arbeitsmarktintegration",
        "Anerkennung ausländischer Berufsabschlüsse", "Welcome Center",
        # Geflüchtete
        "Geflüchtete", "Flüchtlinge", "Schutzsuchende", "Ukraine",
        # Antidiskriminierung, Vielfalt
        "Antidiskriminierung", "Antidiskriminierungsstelle", "Diskriminierung",
        "Rassismus", "Fremdenfeindlichkeit", "Willkommenskultur", "Interkulturelle Woche",
        "Interkulturelle Öffnung",
    ],
    "61": [
        "Stadtplanungsamt", "Stadtplanung", "Städtebau", "Stadtentwicklung",
        "Integriertes Stadtentwicklungskonzept", "INSEK", "Stadtteilentwicklung",
        "Quartiersentwicklung", "Masterplan", "Rahmenplan", "Leitbild",
        # Bauleitplanung
        "Bauleitplanung", "Bebauungsplan", "Flächennutzungsplan", "Planungsrecht",
        "Veränderungssperre", "Städtebaulicher Vertrag", "Gestaltungssatzung",
        "Städtebaulicher Wettbewerb", "Architekturwettbewerb", "Hochhausleitbild",
        "Hochhaus", "Nachverdichtung", "Innenentwicklung", "Baulücke", "Brachfläche",
        "Wohnbauflächen", "Innenstadt", "Stadtzentrum", "Zentrenkonzept", "Baukultur",
        # Städtebauförderung
        "Städtebauförderung", "Sanierungsgebiet", "Fördergebiet", "Stadtumbau",
        # Verkehrsplanung
        "Verkehrsentwicklungsplan", "Verkehrsplanung", "Mobilitätsplan",
        "Mobilitätsstrategie", "Radverkehrskonzept", "ÖPNV", "Nahverkehrsplan",
        "Straßenbahn", "Straßenbahnlinie", "Straßenbahnstrecke", "Stadtbahn",
        "Stadtbahnprogramm", "Buslinie", "Liniennetz", "Verkehrsbetriebe",
    ],
    "62": [
        "Vermessung", "Vermessungsamt", "Vermessungsantrag", "Grenzfeststellung",
        "Grenzvermessung", "Gebäudeeinmessung", "Amtlicher Lageplan", "Flurstück",
        "Liegenschaftskataster", "Kataster",
        # Geodaten
        "Geodaten", "Geoinformation", "Geoinformationssystem", "Geoportal",
        "Themenstadtplan", "Stadtplan", "Stadtkarte", "Luftbild", "Befliegung",
        "Orthofoto", "3D-Stadtmodell", "Digitaler Zwilling", "Höhenmodell",
        # Grundstückswerte
        "Gutachterausschuss", "Bodenrichtwert", "Grundstücksmarktbericht",
        "Kaufpreissammlung", "Bodenpreise", "Grundstückspreise", "Immobilienpreise",
        "Wertermittlung",
        # Straßennamen, Adressen
        "Straßenbenennung", "Straßenname", "Umbenennung", "Hausnummer", "Adressen",
    ],
    "63": [
        "Bauaufsicht", "Bauaufsichtsamt", "Bauaufsichtsbehörde", "Bauordnung",
        "Sächsische Bauordnung", "Bauordnungsrecht",
        # Genehmigungen
        "Baugenehmigung", "Baugenehmigungsverfahren", "Bauantrag", "Digitaler Bauantrag",
        "Bearbeitungszeit von Bauanträgen", "Bauvoranfrage", "Bauvorbescheid",
        "Nutzungsänderung", "Abbruchgenehmigung", "Werbeanlage", "Abstandsflächen",
        "Baulast", "Stellplatzsatzung", "Stellplatz", "Bauherr",
        # Bauüberwachung, Gefahren
        "Baukontrolle", "Bauüberwachung", "Bauabnahme", "Schwarzbau",
        "ungenehmigte Bauten", "Rückbauverfügung", "Baueinstellung", "Nutzungsuntersagung",
        "Standsicherheit", "Baufällige Gebäude", "Verwahrloste Gebäude", "Schrottimmobilie",
        # Wohnraum
        "Zweckentfremdung", "Zweckentfremdungsverbot", "Ferienwohnung",
    ],
    "65": [
        "Hochbau", "Hochbauamt", "Immobilienverwaltung", "Immobilienmanagement",
        "Gebäudemanagement", "Städtische Gebäude", "Städtische Immobilien",
        "Kommunale Gebäude", "Dienstgebäude", "Verwaltungsgebäude", "Verwaltungszentrum",
        "Rathaus", "Rathaussanierung", "Büroflächen", "Anmietung",
        # Bauprojekte
        "Bauprojekt", "Bauvorhaben", "Baumaßnahme", "Neubau", "Erweiterungsbau",
        "Modulbau", "Schulbau", "Schulneubau", "Schulsanierung", "Schulbauprogramm",
        "Kitaneubau", "Kitasanierung", "Sporthallenneubau", "Gebäudesanierung",
        "Energetische Sanierung", "Brandschutzsanierung", "Barrierefreier Umbau",
        "Baukosten", "Kostensteigerung", "Baupreissteigerung", "Bauverzug",
        "Bauzeitenplan", "Fertigstellung", "Generalunternehmer", "Architekt",
        # Betrieb und Unterhalt
        "Sanierungsstau", "Instandhaltung", "Instandsetzung", "Bauunterhaltung",
        "Hausmeister", "Gebäudereinigung", "Reinigungsleistungen", "Energiemanagement",
        "Photovoltaik auf städtischen Dächern", "Photovoltaikanlage", "Dachflächen",
        "Leerstehende städtische Gebäude", "Barrierefreiheit städtischer Gebäude",
    ],
    "66": [
        "Straßen- und Tiefbauamt", "Tiefbau", "Straße", "Straßenbau", "Straßenunterhaltung",
        "Straßensanierung", "Straßenzustand", "Fahrbahn", "Schlagloch", "Stützmauer",
        "Straßenentwässerung", "Straßenausbaubeitrag", "Erschließungsbeitrag",
        # Brücken
        "Brücke", "Brückenbau", "Brückensanierung", "Brückenprüfung", "Carolabrücke",
        # Rad- und Fußverkehr
        "Radweg", "Radverkehr", "Radverkehrsanlage", "Radfahrstreifen", "Schutzstreifen",
        "Fahrradstraße", "Fahrradbügel", "Gehweg", "Fußweg", "Fußverkehr",
        "Fußgängerüberweg", "Zebrastreifen", "Querungshilfe",
        # Verkehrstechnik und -regelung
        "Ampel", "Lichtsignalanlage", "Fußgängerampel", "Kreuzung", "Kreisverkehr",
        "Straßenbeleuchtung", "Straßenlaterne", "Straßenverkehrsbehörde",
        "Verkehrsbehörde", "Verkehrszeichen", "Verkehrsrechtliche Anordnung", "Tempo 30",
        "Tempolimit", "Verkehrsberuhigung", "Verkehrssicherheit", "Schulwegsicherheit",
        "Unfallschwerpunkt",
        # Baustellen
        "Baustelle", "Baustellenkoordinierung", "Umleitung", "Sperrung", "Vollsperrung",
        "Verkehrsführung", "Aufgrabung", "Sondernutzung", "Sondernutzungserlaubnis",
        # Parken, Haltestellen, Laden
        "Parkplätze", "Parkraumbewirtschaftung", "Parkgebühren", "Parkscheinautomat",
        "Anwohnerparken", "Bewohnerparken", "Bushaltestelle", "Haltestelle",
        "Ladesäule", "Ladeinfrastruktur",
    ],
    "67": [
        # Stadtgrün
        "Stadtgrün", "Grünflächen", "Grünanlage", "Grünpflege", "Grünflächenpflege",
        "Parkanlage", "Stadtpark", "Großer Garten", "Elbwiesen", "Wiesen", "Mähen", "Mahd",
        "Blühwiese", "Spielplatz", "Spielgeräte", "Stadtwald", "Stadtforst",
        # Bäume
        "Stadtbaum", "Straßenbaum", "Baum", "Baumbestand", "Baumfällung", "Fällung",
        "Baumpflanzung", "Nachpflanzung", "Neupflanzung", "Baumpflege", "Baumkontrolle",
        "Bewässerung",
        # Friedhöfe
        "Friedhof", "Grabstätte", "Urnengrab", "Bestattung", "Friedhofsgebühren",
        # Abfallwirtschaft, Stadtreinigung
        "Abfall", "Abfallwirtschaft", "Abfallentsorgung", "Müllabfuhr", "Müll",
        "Mülltonne", "Restmüll", "Biotonne", "Bioabfall", "Gelbe Tonne", "Wertstoff",
        "Wertstoffhof", "Wertstoffcontainer", "Altglas", "Sperrmüll", "Abfallgebühr",
        "Abfallkalender", "Abfallvermeidung", "Recycling", "Straßenreinigung",
        "Stadtreinigung", "Winterdienst", "Schneeräumung", "illegale Müllablagerung",
        "Vermüllung", "Papierkorb", "Hundekotbeutel",
    ],
    "80": [
        "Wirtschaftsförderung", "Wirtschaft", "Wirtschaftsstandort", "Standortmarketing",
        "Wirtschaftsentwicklung", "Wirtschaftsförderprogramm", "Förderprogramm für Unternehmen",
        # Ansiedlung, Flächen, Unternehmen
        "Ansiedlung", "Unternehmensansiedlung", "Industrieansiedlung", "Investoren",
        "Gewerbegebiet", "Gewerbeflächen", "Industriegebiet", "Technologiepark",
        "Unternehmen", "Unternehmensservice", "Existenzgründung", "Gründerzentrum",
        "Start-up", "Mittelstand", "Handwerk", "Kreativwirtschaft",
        "Arbeitsplätze in der Wirtschaft", "Arbeitsmarkt", "Fachkräftesicherung",
        # Branchen, Cluster, Infrastruktur
        "Mikroelektronik", "Halbleiterindustrie", "Chipindustrie", "Clustermanagement",
        "Innovation", "Breitbandausbau", "Glasfaser", "Glasfaserausbau", "Mobilfunk",
        # Handel
        "Einzelhandel", "Handel", "Innenstadthandel", "Leerstand von Ladengeschäften",
        "Ladenleerstand", "Stadtteilzentren",
        # Tourismus, Messen, Kongresse
        "Tourismus", "Tourismusförderung", "Tourismusmarketing", "Tourismuskonzept",
        "Städtetourismus", "Übernachtungszahlen", "Übernachtungen", "Gästezahlen",
        "Hotellerie", "Gastgewerbe", "Messe", "Messegelände", "Kongress",
        "Kongresszentrum", "Tagungen",
    ],
    "86": [
        "Umweltamt", "Umweltschutz", "Umweltbehörde", "Umweltbericht", "Umweltbildung",
        "Umweltverträglichkeitsprüfung", "Immissionsschutz",
        # Klima und Energie
        "Klimaschutz", "Klimaschutzkonzept", "Klimaschutzziele", "Klimaneutralität",
        "Klimawandel", "Klimaanpassung", "Stadtklima", "Hitzeinseln", "CO2-Emissionen",
        "CO2-Bilanz", "Treibhausgas", "Treibhausgasemissionen", "Energieeinsparung",
        "Energiewende", "Erneuerbare Energien", "Kommunale Wärmeplanung", "Wärmeplanung",
        # Luft und Lärm
        "Luftqualität", "Luftreinhalteplan", "Luftschadstoffe", "Messstellen",
        "Feinstaub", "Stickstoffdioxid", "Grenzwerte", "Umweltzone", "Lärmaktionsplan",
        "Lärmschutz", "Lärmkartierung", "Verkehrslärm", "Fluglärm", "Lichtverschmutzung",
        # Natur- und Artenschutz
        "Naturschutz", "Naturschutzbehörde", "Naturschutzgebiet", "Landschaftsschutzgebiet",
        "Schutzgebiet", "Naturdenkmal", "Flächennaturdenkmal", "Landschaftsplan",
        "Biotop", "Biotopverbund", "Artenschutz", "Geschützte Arten", "Artenvielfalt",
        "Biodiversität", "Insektenschutz", "Vogelschutz", "Streuobstwiese",
        "Ausgleichsmaßnahmen", "Ausgleichsflächen", "Eingriffsregelung",
        "Baumschutzsatzung", "Fällgenehmigung",
        # Wasser und Boden
        "Gewässer", "Gewässerschutz", "Gewässerunterhaltung", "Wasserqualität",
        "Fließgewässer", "Wasserbehörde", "Hochwasserschutz", "Hochwasservorsorge",
        "Hochwasserrisikomanagement", "Überschwemmungsgebiet", "Deich", "Starkregen",
        "Starkregenvorsorge", "Grundwasser", "Altlasten", "Altlastenverdachtsfläche",
        "Bodenschutz", "Versiegelung", "Entsiegelung",
    ],
    "EB IT": [
        "IT", "IT-Dienstleister", "IT-Dienstleistungen", "IT-Betrieb", "IT-Infrastruktur",
        "IT-Service", "Service Desk", "IT-Kosten", "IT-Ausstattung",
        # Rechenzentrum, Netze
        "Server", "Serverbetrieb", "Rechenzentrum", "Speicher", "Speicherkapazität",
        "Ausfallsicherheit", "Datensicherung", "Backup", "Cloud", "Netzwerk",
        "Verwaltungsnetz", "WLAN",
        # Arbeitsplätze, Geräte
        "Arbeitsplatzrechner", "Arbeitsplatz-PC", "Rechner", "Computer", "Notebook",
        "Laptop", "Drucker", "Diensthandy", "Mobilgeräte", "Hardware",
        # Software
        "Software", "Softwarelizenzen", "Lizenzkosten", "Fachverfahren",
        "Fachanwendung", "Betriebssystem", "Windows", "Open Source", "Microsoft",
        # Kommunikation
        "Telefonanlage", "Telefonie", "E-Mail", "Videokonferenz",
        # Sicherheit, Störungen
        "IT-Sicherheit", "Informationssicherheit", "Cybersicherheit", "Cyberangriff",
        "Hackerangriff", "Schadsoftware", "IT-Störung", "Ausfall der IT", "Systemausfall",
    ],
}


def demo_units():
    """The demo org structure with this catalogue as ``drafting.routing.engine.UnitInfo`` list."""
    from drafting.routing.engine import UnitInfo
    from inquiry_app.demo.org import ORG_UNITS

    return [
        UnitInfo(code, name, tuple(CATALOGUE.get(code, ())), True, parent, kind)
        for code, name, kind, parent, _mailbox in ORG_UNITS
    ]
