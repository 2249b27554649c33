"""The two national talk programmes, "Snak sammen" and "Sprogven", and the short Danish course they share.

Loaded by a data migration (and by the tests after a flush). The functions take an ``apps`` registry (a
migration's historical one, or ``django.apps.apps``) so that the migration never depends on today's models.
The texts are content in Danish, like the municipalities' names: staff edit them in the platform administration.
"""

COURSE_TITLE = "Samtaleven – det skal du vide"

COURSE_INTRODUCTION = (
    "Tre korte lektioner, før du tager din første samtale. Hver lektion tager et par minutter og slutter med et "
    "eller to spørgsmål. Du kan holde pause, når du vil, og fortsætte, hvor du slap."
)

# Each lesson: title, text, and its questions as (question, explanation, [(answer, right?), ...]).
LESSONS = [
    (
        "At lytte og tale sammen",
        "En god samtale handler mere om at lytte end om at sige det rigtige.\n\n"
        "Giv dig god tid. Lad den anden tale færdig, og vær ikke bange for en lille pause – den giver plads til at "
        "tænke.\n\n"
        "Spørg åbent. »Hvordan har din uge været?« åbner mere end »Har du haft en god uge?«.\n\n"
        "Vis, at du lytter: sig med dine egne ord, hvad du har hørt, og spørg ind til det.\n\n"
        "Du behøver ikke have svar på alt. Det vigtigste er, at den anden føler sig hørt.",
        [
            (
                "Hvad gør en samtale god? Sæt kryds ved alt det, der passer.",
                "At lytte og spørge åbent giver den anden plads. Hurtige råd hjælper sjældent – at blive hørt gør.",
                [
                    ("Jeg lytter og lader den anden tale færdig", True),
                    ("Jeg stiller åbne spørgsmål", True),
                    ("Jeg giver hurtigt gode råd, så samtalen kommer videre", False),
                ],
            ),
            (
                "Der bliver stille i samtalen. Hvad gør du?",
                "En pause er helt i orden. Giv den lidt tid – måske tænker den anden sig om. Du kan også stille et "
                "åbent spørgsmål.",
                [
                    ("Jeg giver pausen lidt tid", True),
                    ("Jeg afslutter samtalen med det samme", False),
                    ("Jeg fylder pausen ud med en lang historie om mig selv", False),
                ],
            ),
        ],
    ),
    (
        "Tavshedspligt og grænser – det er ikke terapi",
        "Det, du hører i en samtale, bliver mellem jer. Du fortæller det ikke videre – heller ikke uden navn, hvis "
        "andre kan regne ud, hvem det handler om. Den eneste undtagelse er, når du er bekymret for, at nogen er i "
        "fare. Så siger du det til moderatorerne (se næste lektion).\n\n"
        "Du er en medmenneskelig samtaleven, ikke en behandler. En samtale er ikke terapi, rådgivning eller "
        "sagsbehandling. Handler samtalen om noget, der kræver en fagperson, så sig det venligt, og vis vej til "
        "hjælp – for eksempel egen læge eller kommunen.\n\n"
        "Pas også på dig selv. Du bestemmer dine grænser. Du giver ikke dit telefonnummer, din adresse eller penge, "
        "og I mødes ikke privat. Sammen sørger for forbindelsen, så ingen af jer behøver at dele kontaktoplysninger. "
        "Bliver en samtale ubehagelig, må du gerne afslutte den.",
        [
            (
                "Hvad må du fortælle andre om en samtale?",
                "Det, du hører, bliver mellem jer – også uden navn. Kun hvis du er bekymret for, at nogen er i fare, "
                "siger du det til moderatorerne.",
                [
                    (
                        "Intet – medmindre jeg er bekymret for, at nogen er i fare. Så siger jeg det til moderatorerne",
                        True,
                    ),
                    ("Det er fint at fortælle min familie om det, bare jeg ikke siger navnet", False),
                    ("Jeg må gerne skrive om det på sociale medier", False),
                ],
            ),
            (
                "En borger beder om dit telefonnummer, så I kan snakke uden for Sammen. Hvad gør du?",
                "Du deler ikke kontaktoplysninger. Det beskytter både dig og borgeren – og I kan altid booke en ny "
                "samtale på Sammen.",
                [
                    ("Jeg siger venligt nej og foreslår, at vi booker en ny samtale her", True),
                    ("Jeg forklarer, at vi bruger Sammen, så ingen af os skal dele kontaktoplysninger", True),
                    ("Jeg giver mit nummer, så borgeren ikke bliver skuffet", False),
                ],
            ),
        ],
    ),
    (
        "Hvis du er bekymret – moderatorerne og Livslinien 70 201 201",
        "Nogle gange fortæller en borger noget, der gør dig bekymret: om tanker om selvmord, om vold, eller om at "
        "have det rigtig skidt.\n\n"
        "Tag det alvorligt, og bliv rolig. Lyt, og sig, at du er glad for, at personen fortæller dig det.\n\n"
        "Er nogen i akut fare, så ring 112.\n\n"
        "Ved tanker om selvmord: fortæl om Livslinien på telefon 70 201 201. Der kan man tale anonymt med en "
        "rådgiver. Du må også selv ringe til Livslinien, hvis en samtale har ramt dig.\n\n"
        "Fortæl altid moderatorerne om din bekymring bagefter. De ved, hvad der kan gøres – og du står ikke alene "
        "med det. Du skal ikke løse problemet selv: din opgave er at lytte, vise vej til hjælp og sige det videre.",
        [
            (
                "En borger fortæller, at hun tænker på at tage sit liv. Hvad gør du? Sæt kryds ved alt det, der "
                "passer.",
                "Lyt, og vis vej til Livslinien på 70 201 201. Sig det altid til moderatorerne bagefter – her gælder "
                "tavshedspligten ikke, for det handler om at passe på hende. Er hun i akut fare, så ring 112.",
                [
                    ("Jeg lytter og fortæller om Livslinien på 70 201 201", True),
                    ("Jeg fortæller moderatorerne om min bekymring bagefter", True),
                    ("Jeg lover at holde det hemmeligt", False),
                    ("Jeg skifter emne, så hun tænker på noget andet", False),
                ],
            ),
        ],
    ),
]

PROGRAMMES = [
    {
        "slug": "snak-sammen",
        "kind": "talks",
        "name": "Snak sammen",
        "description": (
            "Har du lyst til en snak? Book en kort samtale med en frivillig samtaleven – over video eller telefon, "
            "når det passer dig. I snakker om det, du har lyst til: hverdagen, minder eller det, der fylder lige nu. "
            "Det er gratis.\n\n"
            "Som frivillig giver du et kvarter ad gangen, og du bestemmer selv, hvornår du har tid."
        ),
        "audience": "Alle over 15 år, der har lyst til en snak",
        "talk_minutes": 15,
        "channels": ["video", "phone"],
        "requires_approval": True,
        "language_filter": False,
    },
    {
        "slug": "sprogven",
        "kind": "talks",
        "name": "Sprogven",
        "description": (
            "Øv dig i at tale dansk med en frivillig sprogven i en halv time – over video eller telefon. Du vælger "
            "tidspunktet og et sprog, I begge taler, som hjælp, hvis et ord driller. I snakker om det, du har brug "
            "for: hverdagen, arbejdet eller nyhederne. Det er gratis.\n\n"
            "Som frivillig hjælper du en, der lærer dansk, med at få mod på at tale."
        ),
        "audience": "Dig, der lærer dansk",
        "talk_minutes": 30,
        "channels": ["video", "phone"],
        "requires_approval": True,
        "language_filter": True,
    },
]

SLUGS = [programme["slug"] for programme in PROGRAMMES]


def _course(apps):
    course_model = apps.get_model("volunteering", "Course")
    existing = course_model.objects.filter(title=COURSE_TITLE).first()
    if existing is not None:
        return existing
    course = course_model.objects.create(title=COURSE_TITLE, introduction=COURSE_INTRODUCTION)
    lesson_model = apps.get_model("volunteering", "Lesson")
    question_model = apps.get_model("volunteering", "Question")
    choice_model = apps.get_model("volunteering", "Choice")
    for position, (title, body, questions) in enumerate(LESSONS, start=1):
        lesson = lesson_model.objects.create(course=course, position=position, title=title, body=body, pass_mark=100)
        for number, (text, explanation, choices) in enumerate(questions, start=1):
            question = question_model.objects.create(lesson=lesson, position=number, text=text, explanation=explanation)
            choice_model.objects.bulk_create(
                choice_model(question=question, position=n, text=answer, correct=right)
                for n, (answer, right) in enumerate(choices, start=1)
            )
    return course


def load_national_programmes(apps) -> None:
    """Create the course and the programmes that are missing; idempotent, and never changes what staff edited."""
    programme_model = apps.get_model("volunteering", "Programme")
    existing = set(programme_model.objects.filter(slug__in=SLUGS).values_list("slug", flat=True))
    if len(existing) == len(SLUGS):
        return
    course = _course(apps)
    for fields in PROGRAMMES:
        if fields["slug"] not in existing:
            programme_model.objects.create(course=course, **fields)


def remove_national_programmes(apps) -> None:
    """The migration's way back: the programmes (refused while volunteers belong to them) and their course."""
    apps.get_model("volunteering", "Programme").objects.filter(slug__in=SLUGS).delete()
    course_model = apps.get_model("volunteering", "Course")
    course_model.objects.filter(title=COURSE_TITLE, programmes__isnull=True).delete()
