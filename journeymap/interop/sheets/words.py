"""What workshop sheets call things, in the languages our users work in.

English, German, French, Spanish, Dutch, Portuguese, Italian, Swedish, Danish, Norwegian and
Finnish: the headers (or a grid's row labels) of the common fields, the emotion words, and the
before/during/after names of a phase band. Plain data; :mod:`columns` and :mod:`values` fold it
into their lookup tables.
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Header words per touchpoint field, beyond the English ones in :mod:`columns`.
FIELD_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "stage": (
        "stages", "journey stages", "steps", "phases",
        "phase", "schritt", "etappe", "stufe", "phasen",  # de
        "étape", "étapes",  # fr
        "etapa", "fase", "fases",  # es, pt
        "stap", "stappen",  # nl
        "estágio", "tappa", "passo",  # pt, it
        "fas", "steg", "etapp", "trin", "trinn", "vaihe",  # sv, da, nb, fi
    ),
    "title": (
        "actions", "customer actions", "user actions", "what they do", "does",
        "activities", "customer activities", "customer doing", "doing",
        "sticky", "sticky note", "content", "note text",
        "aktivität", "aktivitäten", "aktion", "aktionen", "handlung", "handlungen",
        "tätigkeit", "was passiert", "kundenaktion", "titel", "bezeichnung", "aufgabe",  # de
        "action", "activité", "activités", "titre", "nom", "tâche",  # fr
        "acción", "acciones", "actividad", "actividades", "título", "nombre", "tarea",  # es
        "actie", "acties", "activiteit", "activiteiten", "handeling", "naam", "taak",  # nl
        "ação", "ações", "atividade", "atividades", "nome", "tarefa",  # pt
        "azione", "azioni", "attività", "titolo", "compito",  # it
        "aktivitet", "aktiviteter", "handling", "namn", "uppgift",  # sv
        "navn", "opgave", "tittel", "oppgave",  # da, nb
        "toiminta", "toiminnot", "tehtävä", "otsikko", "nimi",  # fi
    ),
    "channel": (
        "channels", "kanal", "kanäle", "medium", "medien",  # de, sv, da, nb
        "canal", "canaux",  # fr, es, pt
        "medio", "meio", "kanaal", "kanalen", "canale", "canali", "kanava", "kanavat",
    ),
    "emotion": (
        "emotions", "feelings", "experience", "emotional journey", "how they feel",
        "feels", "customer experience", "emotional experience", "emoji", "emojis",
        "gefühl", "gefühle", "stimmung", "empfinden", "erlebnis", "erfahrung",
        "zufriedenheit", "emotionen",  # de
        "émotion", "émotions", "ressenti", "sentiment", "humeur", "expérience",  # fr
        "emoción", "emociones", "sentimiento", "sentimientos", "experiencia",
        "estado de ánimo",  # es
        "emotie", "emoties", "gevoel", "gevoelens", "beleving", "ervaring",  # nl
        "emoção", "emoções", "sentimentos", "experiência",  # pt
        "emozione", "emozioni", "sentimento", "esperienza", "stato d'animo",  # it
        "känsla", "känslor", "upplevelse", "følelse", "følelser", "oplevelse",
        "opplevelse", "tunne", "tunteet", "tunnetila", "kokemus",  # sv, da, nb, fi
    ),
    "thoughts": (
        "thoughts / feelings", "thoughts & feelings", "thinking & feeling",
        "thinking and feeling", "think & feel", "what they think", "says & thinks",
        "gedanken", "denkt", "denken", "zitate",  # de
        "pensées", "pense", "citations",  # fr
        "pensamientos", "piensa", "citas",  # es
        "gedachten", "denkt", "pensamentos", "pensa", "pensieri",  # nl, pt, it
        "tankar", "tänker", "tanker", "tænker", "tenker", "ajatukset",  # sv, da, nb, fi
    ),
    "pain_points": (
        "pain points", "cx pain points", "customer pain points", "ux pain points",
        "friction", "friction points", "challenges", "lows",
        "probleme", "schmerzpunkte", "hindernisse", "frust", "ärgernisse",
        "herausforderungen",  # de
        "points de douleur", "points de friction", "irritants", "problèmes", "freins",  # fr
        "puntos de dolor", "problemas", "fricciones", "frustraciones",  # es
        "pijnpunten", "problemen", "knelpunten", "ergernissen",  # nl
        "pontos de dor", "dores", "frustrações",  # pt
        "punti di dolore", "problemi", "criticità", "frustrazioni",  # it
        "smärtpunkter", "problem", "smertepunkter", "problemer",  # sv, da, nb
        "kipupisteet", "ongelmat",  # fi
    ),
    "opportunities": (
        "opportunities", "ideas", "solutions", "improvement opportunities", "how might we",
        "ideen", "chancen", "möglichkeiten", "verbesserungen", "lösungen", "potenziale",
        "maßnahmen",  # de
        "opportunités", "idées", "améliorations", "pistes",  # fr
        "oportunidades", "mejoras", "soluciones",  # es, pt
        "kansen", "ideeën", "verbeteringen", "oplossingen",  # nl
        "ideias", "melhorias", "soluções",  # pt
        "opportunità", "idee", "miglioramenti", "soluzioni",  # it
        "möjligheter", "idéer", "förbättringar", "lösningar",  # sv
        "muligheder", "forbedringer", "løsninger", "muligheter", "ideer",  # da, nb
        "mahdollisuudet", "ideat", "parannukset", "ratkaisut",  # fi
    ),
    "owner": (
        "teams", "teams involved", "backstage", "who is responsible", "owners",
        "verantwortlich", "zuständig", "abteilung", "verantwortung",  # de
        "responsable", "équipe", "propriétaire",  # fr
        "equipo", "dueño", "responsables",  # es
        "eigenaar", "verantwoordelijke",  # nl
        "responsável", "equipe", "equipa", "dono",  # pt
        "responsabile", "squadra",  # it
        "ansvarig", "ansvarlig", "vastuuhenkilö", "tiimi", "omistaja",  # sv, da, nb, fi
    ),
    "metrics": (
        "kpis", "metrics", "kpi / metrics", "success metrics", "measurements",
        "kennzahlen", "messgrößen",  # de
        "indicateurs", "métriques",  # fr
        "indicadores", "métricas",  # es, pt
        "indicatoren", "metrieken", "indicatori", "metriche",  # nl, it
        "nyckeltal", "mätvärden", "nøgletal", "nøkkeltall", "mittarit",  # sv, da, nb, fi
    ),
    "description": (
        "beschreibung", "notizen", "anmerkungen", "kommentar", "kommentare",  # de
        "détails", "commentaires", "remarques",  # fr
        "descripción", "notas", "detalles", "comentarios",  # es
        "beschrijving", "omschrijving", "notities", "opmerkingen",  # nl
        "descrição", "observações",  # pt
        "descrizione", "dettagli", "commenti",  # it
        "beskrivning", "anteckningar", "kommentarer", "beskrivelse", "noter", "notater",
        "kuvaus", "muistiinpanot", "kommentit",  # sv, da, nb, fi
    ),
    "colour": (
        "farbe", "couleur", "kleur", "cor", "colore", "färg", "farve", "farge", "väri",
        "sticky colour", "sticky color", "note colour", "note color",
    ),
    "lane": (
        "bahn", "ebene", "akteur", "couloir", "acteur", "carril", "baan", "raia", "ator",
        "corsia", "attore", "bana", "aktör", "bane", "aktør", "kaista",
    ),
    "goals": (
        "goals", "goal", "needs", "customer goals", "goals & needs", "goals and needs",
        "expectations", "objectives", "jobs to be done",
        "ziele", "ziel", "bedürfnisse", "erwartungen",  # de
        "objectifs", "besoins", "attentes",  # fr
        "objetivos", "metas", "necesidades", "expectativas",  # es, pt
        "doelen", "behoeften", "verwachtingen",  # nl
        "necessidades", "obiettivi", "bisogni", "aspettative",  # pt, it
        "mål", "behov", "tavoitteet", "tarpeet",  # sv, da, nb, fi
    ),
    "frame": ("frame", "frame name", "group", "section", "cluster", "gruppe", "groupe",
              "grupo", "groep", "gruppo", "grupp"),
}

#: Words that name a touchpoint: the card's title, unless an actions column names the cards,
#: when they name its channel ("Stage / Actions / Touchpoint / Pain points").
TOUCHPOINT_WORDS: Final = (
    "touchpoint", "touchpoints", "touch point", "touch points",
    "kontaktpunkt", "kontaktpunkte", "berührungspunkt", "berührungspunkte",
    "point de contact", "points de contact", "punto de contacto", "puntos de contacto",
    "contactmoment", "contactmomenten", "contactpunt", "ponto de contato",
    "pontos de contato", "ponto de contacto", "punto di contatto", "punti di contatto",
    "kontaktpunkter", "kosketuspiste", "kosketuspisteet",
)

#: Emotion words by score (−2…2), casefolded; accents are also matched without them.
EMOTION_WORDS: Final[dict[int, tuple[str, ...]]] = {
    2: (
        "begeistert", "sehr zufrieden", "toll", "super", "sehr gut", "hervorragend",
        "ravi", "ravie", "enchanté", "enchantée", "enthousiaste", "très satisfait",
        "très satisfaite", "génial",
        "encantado", "encantada", "entusiasmado", "entusiasmada", "emocionado", "emocionada",
        "muy satisfecho", "muy satisfecha", "genial",
        "enthousiast", "zeer tevreden", "erg blij", "geweldig",
        "animado", "animada", "muito satisfeito", "muito satisfeita", "ótimo", "ótima",
        "entusiasta", "molto soddisfatto", "molto soddisfatta", "fantastico",
        "entusiastisk", "mycket nöjd", "begejstret", "meget tilfreds", "begeistret",
        "svært fornøyd", "innostunut", "erittäin tyytyväinen",
    ),
    1: (
        "zufrieden", "glücklich", "froh", "neugierig", "gut", "positiv", "erleichtert",
        "hoffnungsvoll", "interessiert", "zuversichtlich",
        "satisfait", "satisfaite", "heureux", "heureuse", "curieux", "curieuse",
        "confiant", "confiante", "intéressé", "intéressée", "rassuré", "rassurée",
        "contente", "bien",
        "feliz", "contento", "contenta", "satisfecho", "satisfecha", "curioso", "curiosa",
        "interesado", "interesada", "aliviado", "aliviada", "confiado", "confiada", "bueno",
        "blij", "tevreden", "nieuwsgierig", "gelukkig", "opgelucht", "geïnteresseerd", "goed",
        "satisfeito", "satisfeita", "interessado", "interessada", "confiante", "bom",
        "felice", "soddisfatto", "soddisfatta", "interessato", "interessata", "sollevato",
        "sollevata", "fiducioso", "fiduciosa", "buono",
        "nöjd", "nyfiken", "lycklig", "lättad", "förväntansfull", "bra",
        "tilfreds", "nysgerrig", "lykkelig", "lettet", "fornøyd", "nysgjerrig", "god",
        "iloinen", "tyytyväinen", "utelias", "helpottunut", "hyvä",
    ),
    0: (
        "gemischt", "egal", "unentschieden", "geht so",
        "neutre", "mitigé", "mitigée", "indifférent", "indifférente", "moyen", "bof",
        "indiferente", "normal", "regular",
        "neutraal", "gemengd", "neutro", "neutra", "neutrale", "indifferente",
        "neutral", "nøytral", "neutraali",
    ),
    -1: (
        "frustriert", "genervt", "verwirrt", "enttäuscht", "unzufrieden", "besorgt",
        "gestresst", "schlecht", "negativ", "ungeduldig", "gelangweilt", "ängstlich",
        "unsicher", "verunsichert", "traurig", "skeptisch",
        "frustré", "frustrée", "agacé", "agacée", "déçu", "déçue", "confus", "confuse",
        "inquiet", "inquiète", "perdu", "perdue", "stressé", "stressée", "mécontent",
        "mécontente", "énervé", "énervée", "insatisfait", "insatisfaite", "triste",
        "frustrado", "frustrada", "confundido", "confundida", "molesto", "molesta",
        "preocupado", "preocupada", "decepcionado", "decepcionada", "insatisfecho",
        "insatisfecha", "estresado", "estresada", "impaciente", "malo",
        "gefrustreerd", "geïrriteerd", "teleurgesteld", "verward", "bezorgd", "ontevreden",
        "gestrest", "ongeduldig", "verdrietig", "slecht", "onzeker",
        "confuso", "confusa", "irritado", "irritada", "desapontado", "desapontada",
        "insatisfeito", "insatisfeita", "ansioso", "ansiosa", "estressado", "estressada",
        "ruim",
        "frustrato", "frustrata", "irritato", "irritata", "infastidito", "infastidita",
        "preoccupato", "preoccupata", "deluso", "delusa", "insoddisfatto", "insoddisfatta",
        "stressato", "stressata", "impaziente",
        "frustrerad", "irriterad", "besviken", "förvirrad", "orolig", "missnöjd",
        "stressad", "ledsen", "osäker", "dålig",
        "frustreret", "irriteret", "skuffet", "forvirret", "bekymret", "utilfreds",
        "stresset", "usikker", "frustrert", "irritert", "misfornøyd", "lei seg", "dårlig",
        "turhautunut", "ärsyyntynyt", "pettynyt", "hämmentynyt", "huolestunut",
        "tyytymätön", "stressaantunut", "surullinen", "huono",
    ),
    -2: (
        "verärgert", "wütend", "sauer", "sehr unzufrieden", "verzweifelt", "schrecklich",
        "en colère", "furieux", "furieuse", "désespéré", "désespérée", "très mécontent",
        "enfadado", "enfadada", "enojado", "enojada", "furioso", "furiosa", "desesperado",
        "boos", "woedend", "zeer ontevreden", "wanhopig",
        "zangado", "zangada", "arrabbiato", "arrabbiata",
        "arg", "upprörd", "rasande", "vred", "rasende", "sint", "vihainen", "raivoissaan",
    ),
}

#: Words that double the feeling that follows ("sehr zufrieden" is as good as "begeistert").
INTENSIFIERS: Final = (
    "sehr ", "total ", "très ", "vraiment ", "muy ", "erg ", "heel ", "zeer ", "muito ",
    "molto ", "mycket ", "meget ", "veldig ", "svært ", "todella ", "erittäin ",
)
#: Words that turn a good feeling into a mildly bad one ("nicht zufrieden").
NEGATIONS: Final = (
    "nicht ", "pas ", "no ", "niet ", "nao ", "não ", "non ", "inte ", "ikke ", "ei ",
)

#: First words of a phase band's cells, by the phase they name.
PHASE_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "before": ("before", "pre", "prepurchase", "vor", "vorher", "avant", "antes", "voor",
               "voorafgaand", "prima", "före", "før", "ennen", "awareness"),
    "during": ("during", "purchase", "während", "waehrend", "pendant", "durante", "tijdens",
               "under", "aikana"),
    "after": ("after", "post", "postpurchase", "nach", "nachher", "après", "después",
              "depois", "dopo", "na", "nadien", "efter", "etter", "jälkeen"),
}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def emotion_words() -> dict[str, int]:
    """Word → score, each with and without its accents."""
    table: dict[str, int] = {}
    for score, words in EMOTION_WORDS.items():
        for word in words:
            table.setdefault(word, score)
            table.setdefault(strip_accents(word), score)
    return table


def phase_of(text: str) -> str | None:
    """"before", "during" or "after" for a phase band's cell ("Vor dem Kauf", "Post-purchase")."""
    words = strip_accents(text.casefold()).replace("-", " ").split()
    if not words:
        return None
    first = words[0]
    for phase, names in PHASE_WORDS.items():
        if first in {strip_accents(n) for n in names}:
            return phase
    return None


#: Names of the built-in channels in other languages (matched as :func:`channel_key` folds them).
CHANNEL_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "website": ("webseite", "internetseite", "homepage", "site web", "site internet", "sitio web",
                "página web", "pagina web", "sito web", "sito", "webbplats", "webbsida",
                "hjemmeside", "nettside", "nettsted", "verkkosivu", "verkkosivut", "verkkokauppa",
                "onlineshop", "boutique en ligne", "tienda online", "loja online", "webwinkel"),
    "mobile_app": ("app mobile", "application mobile", "aplicación", "aplicacion", "aplicativo",
                   "applicazione", "mobilapp", "sovellus", "mobiilisovellus"),
    "email": ("courriel", "correo", "correo electrónico", "correio eletrônico", "posta elettronica",
              "e post", "epost", "sähköposti"),
    "social_media": ("soziale medien", "soziale netzwerke", "réseaux sociaux", "redes sociales",
                     "redes sociais", "sociale media", "social network", "sociala medier",
                     "sociale medier", "sosiale medier", "sosiaalinen media", "some"),
    "online_ads": ("werbung", "anzeige", "anzeigen", "publicité", "publicidad", "anuncio",
                   "anúncio", "advertentie", "pubblicità", "annons", "annonce", "reklame",
                   "mainos"),
    "search": ("suche", "suchmaschine", "recherche", "búsqueda", "busca", "zoeken", "ricerca",
               "sökning", "søgning", "søk", "haku"),
    "word_of_mouth": ("freunde", "mundpropaganda", "empfehlung", "bouche à oreille", "amis",
                      "boca a boca", "amigos", "mond tot mond", "vrienden", "passaparola",
                      "amici", "vänner", "venner", "ystävät", "suositus"),
    "reviews": ("bewertungen", "bewertung", "avis", "reseñas", "opiniones", "avaliações",
                "recensies", "recensioni", "omdömen", "anmeldelser", "arvostelut"),
    "phone": ("telefon", "anruf", "téléphone", "appel", "teléfono", "llamada", "telefone",
              "ligação", "telefoon", "telefono", "chiamata", "puhelin", "puhelu"),
    "live_chat": ("chat en direct", "chat en vivo", "chat ao vivo"),
    "store": ("laden", "geschäft", "filiale", "ladengeschäft", "magasin", "tienda", "sucursal",
              "winkel", "loja", "negozio", "filiale", "butik", "butikk", "kauppa", "myymälä"),
    "sales_rep": ("verkäufer", "berater", "kundenberater", "vertrieb", "außendienst",
                  "commercial", "vendeur", "conseiller", "vendedor", "asesor", "verkoper",
                  "adviseur", "venditore", "consulente", "säljare", "sælger", "selger", "myyjä"),
    "event": ("messe", "veranstaltung", "salon", "événement", "feria", "evento", "evenement",
              "beurs", "fiera", "mässa", "messe", "tapahtuma", "messut"),
    "delivery": ("lieferung", "paket", "zustellung", "livraison", "colis", "entrega", "envío",
                 "levering", "pakket", "consegna", "spedizione", "leverans", "paket", "toimitus"),
    "mail": ("brief", "briefpost", "lettre", "courrier", "carta", "correo postal", "correio",
             "lettera", "brev", "kirje"),
    "support_portal": ("kundenportal", "hilfe", "hilfecenter", "portail", "aide", "portal",
                       "ayuda", "ajuda", "klantportaal", "aiuto", "hjälp", "hjælp", "hjelp",
                       "tuki", "asiakasportaali"),
}
