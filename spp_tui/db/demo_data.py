"""Tables the demo data is drawn from: the seed's agencies, people, cases and vocabulary.

Kept apart from the loaders so each module stays short; plain data, no imports.
"""

from __future__ import annotations

AGENCIES = [
    ("Peterborough City Council", "PCC", True),
    ("Office of the Police and Crime Commissioner", "OPCC", True),
    ("Cambridgeshire Constabulary", "Police", True),
    ("Cambridgeshire Fire and Rescue Service", "CFRS", True),
    ("Cambridgeshire and Peterborough Clinical Commissioning Group", "CCG", True),
    ("National Probation Service", "NPS", True),
    ("Community Rehabilitation Company (BeNCH)", "CRC", False),
    ("Adults' and Children's Safeguarding Partnership Board", "Safeguarding", True),
    ("Peterborough Council for Voluntary Services", "PCVS", False),
    ("Cross Keys Homes", "CKH", True),
    ("Change Grow Live", "CGL", True),
    ("Targeted Youth Service", "TYS", True),
    ("Neighbourhood Watch", "NHW", False),
    ("Citizens Advice Peterborough", "CAP", False),
]

PEOPLE = [
    ("Sarah Whitfield", "PCC", "Community Safety Manager"),
    ("Tom Okafor", "PCC", "Prevention and Enforcement Officer"),
    ("Aisha Rahman", "PCC", "Housing Options Lead"),
    ("Insp. Mark Dalton", "Police", "Neighbourhood Inspector"),
    ("PS Claire Hughes", "Police", "Neighbourhood Sergeant"),
    ("PC Daniel Kowalski", "Police", "Beat Manager, Central"),
    ("PC Priya Nair", "Police", "Beat Manager, Millfield"),
    ("Gareth Lewis", "CFRS", "Community Safety Officer"),
    ("Helen Marsh", "OPCC", "Partnership Officer"),
    ("Dr Ruth Ellison", "CCG", "Safeguarding Nurse"),
    ("James Boateng", "NPS", "Senior Probation Officer"),
    ("Nicola Grant", "CRC", "Case Manager"),
    ("Fiona Carter", "Safeguarding", "Board Manager"),
    ("Oliver Stone", "PCVS", "Development Worker"),
    ("Rebecca Moore", "CKH", "Tenancy Enforcement Manager"),
    ("Adam Price", "CKH", "Neighbourhood Officer"),
    ("Leanne Foster", "CGL", "Outreach Team Leader"),
    ("Marcus Bell", "TYS", "Youth Worker"),
    ("Janet Hollis", "NHW", "Coordinator"),
    ("Pauline Adeyemi", "CAP", "Advice Manager"),
]

CASES = [
    (
        "Street drinking and begging outside shops",
        "Lincoln Road / Millfield",
        "Central",
        "street drinking/begging",
        "Luscombe",
        "high",
        "CGL",
    ),
    (
        "Youth group ASB and intimidation at the parade",
        "Henry Street",
        "Park",
        "youth",
        "Jetfire",
        "medium",
        "TYS",
    ),
    (
        "Drug dealing from a flat, visitors day and night",
        "Towler Street",
        "Central",
        "drugs",
        "Spotlight",
        "high",
        "Police",
    ),
    (
        "Street sex work and discarded needles in the alley",
        "Burghley Road",
        "Park",
        "street sex work",
        "Glazier",
        "high",
        "Police",
    ),
    (
        "Knife carried by young people near the underpass",
        "Queensgate",
        "Central",
        "knife crime",
        "Guardian",
        "high",
        "Police",
    ),
    (
        "Fly-tipping and rat infestation behind terraces",
        "Granville Street",
        "Central",
        "environmental",
        "",
        "low",
        "PCC",
    ),
    (
        "Noise and disorder from a licensed venue",
        "City centre, Cowgate",
        "Central",
        "ASB",
        "Electron",
        "medium",
        "PCC",
    ),
    (
        "Child at risk of exploitation seen with older males",
        "Park Road",
        "Park",
        "exploitation",
        "Beaufighter",
        "high",
        "Safeguarding",
    ),
    (
        "Alley used for drug use, residents ask for gating",
        "Burghley Road back alley",
        "Park",
        "drugs",
        "Spotlight",
        "medium",
        "PCC",
    ),
    (
        "Off-road bikes on the recreation ground",
        "Millfield recreation ground",
        "North",
        "youth",
        "Jetfire",
        "low",
        "TYS",
    ),
    (
        "Begging at cash machines",
        "Queensgate / Westgate",
        "Central",
        "street drinking/begging",
        "Luscombe",
        "medium",
        "CGL",
    ),
    (
        "Tenant's visitors causing ASB to neighbours",
        "Granville Street flats",
        "Central",
        "ASB",
        "",
        "medium",
        "CKH",
    ),
]

PARTIES = [
    (0, "Kevin Doyle", "suspect"),
    (2, "Shane Carver", "suspect"),
    (2, "Mrs Edna Pryce", "victim"),
    (3, "Tanya Reeve", "resident"),
    (4, "Jordan Miles", "young person"),
    (7, "Leah Sutton", "young person"),
    (7, "Carl Benton", "suspect"),
    (11, "Mr Anil Desai", "victim"),
]

ACTION_TEXTS = [
    "Deliver warning letters to the households identified",
    "Arrange a joint patrol with the beat team on Friday and Saturday evenings",
    "Refer the individual to Change Grow Live outreach",
    "Install re-deployable CCTV for six weeks and review footage",
    "Draft a Community Protection Warning and serve it",
    "Check tenancy conditions and arrange a home visit",
    "Cut back the shrubs and repair the lighting in the alley",
    "Consult residents on gating the alley under a PSPO",
    "Share the safeguarding referral with Children's Services",
    "Arrange an Acceptable Behaviour Contract meeting with the family",
    "Apply for a Closure Notice on the property",
    "Remove the graffiti and clear the fly-tipping",
    "Visit the venue licensee about the door policy",
    "Map the hot spot times from the last three months of calls",
    "Offer a place on the youth diversion programme",
]


# --- the large demo: five years of a believable partnership --------------------------------

#: Chance each agency's representative is present, sends apologies (else absent).
ATTENDANCE_RATES = {
    "PCC": (0.96, 0.03),
    "Police": (0.95, 0.04),
    "OPCC": (0.60, 0.30),
    "CFRS": (0.75, 0.20),
    "CCG": (0.55, 0.30),
    "NPS": (0.70, 0.20),
    "CRC": (0.45, 0.25),
    "Safeguarding": (0.70, 0.25),
    "PCVS": (0.50, 0.30),
    "CKH": (0.90, 0.08),
    "CGL": (0.80, 0.15),
    "TYS": (0.85, 0.10),
    "NHW": (0.40, 0.20),
    "CAP": (0.35, 0.30),
}

#: Agencies a Youth PSG invites (the others attend the monthly PSG only).
YOUTH_AGENCIES = ("PCC", "Police", "Safeguarding", "TYS", "CKH", "CGL", "CCG", "PCVS")

#: Who refers cases, with weights (the police and the council refer most).
REFERRERS = {
    "Police": 40,
    "PCC": 25,
    "CKH": 12,
    "CGL": 6,
    "TYS": 6,
    "CFRS": 3,
    "Safeguarding": 3,
    "NHW": 3,
    "CAP": 2,
}

#: Hot spots and other places, with their ward; the first ones recur most.
LOCATIONS = [
    ("Lincoln Road / Millfield", "Central"),
    ("Burghley Road", "Park"),
    ("Henry Street", "Park"),
    ("Towler Street", "Central"),
    ("Granville Street", "Central"),
    ("Park Road", "Park"),
    ("Queensgate", "Central"),
    ("City centre, Cowgate", "Central"),
    ("Bishop's Road", "Central"),
    ("Dogsthorpe Road", "Dogsthorpe"),
    ("Welland estate", "Dogsthorpe"),
    ("Bretton Centre", "Bretton"),
    ("Orton Centre", "Orton Longueville"),
    ("Paston Ridings", "Paston and Walton"),
    ("Eastfield Road", "East"),
    ("Fletton High Street", "Fletton and Stanground"),
    ("Gladstone Street", "Central"),
    ("Westwood", "Ravensthorpe"),
    ("Werrington Centre", "Werrington"),
    ("Hampton Vale shops", "Hampton Vale"),
]

#: Category -> (titles, operations, lead agencies, interventions that fit it).
CATEGORY_SHAPES: dict[
    str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
] = {
    "ASB": (
        (
            "Neighbour nuisance and intimidation",
            "Noise and disorder from a licensed venue",
            "Tenant's visitors causing ASB to neighbours",
        ),
        ("", "Electron"),
        ("PCC", "CKH", "Police"),
        (
            "Warning letter",
            "Acceptable Behaviour Contract",
            "Community Protection Warning",
            "Community Protection Notice",
            "Civil Injunction",
            "Possession / tenancy enforcement",
            "Closure Order",
        ),
    ),
    "drugs": (
        (
            "Drug dealing from a flat, visitors day and night",
            "Alley used for drug use, residents ask for gating",
            "Cuckooing of a vulnerable tenant",
        ),
        ("Spotlight",),
        ("Police", "PCC", "CGL"),
        (
            "Closure Order",
            "Referral to support (drugs)",
            "Patrols",
            "CCTV (re-deployable)",
            "PSPO (gating)",
            "Possession / tenancy enforcement",
        ),
    ),
    "youth": (
        (
            "Youth group ASB and intimidation at the parade",
            "Off-road bikes on the recreation ground",
            "Young people gathering and damaging the bus shelter",
        ),
        ("Jetfire",),
        ("TYS", "Police", "PCC"),
        (
            "Warning letter",
            "Acceptable Behaviour Contract",
            "Parenting contract",
            "Referral to support (youth services)",
            "Youth Disruption Notice",
            "Patrols",
            "Dispersal Power",
        ),
    ),
    "exploitation": (
        (
            "Child at risk of exploitation seen with older males",
            "Young people seen entering an address with adults",
        ),
        ("Beaufighter",),
        ("Safeguarding", "Police"),
        ("Referral to support (youth services)", "Closure Order", "Civil Injunction", "Patrols"),
    ),
    "street sex work": (
        (
            "Street sex work and discarded needles in the alley",
            "Kerb crawling reported by residents",
        ),
        ("Glazier",),
        ("Police",),
        (
            "Referral to support (drugs)",
            "Community Protection Warning",
            "Patrols",
            "Designing out crime (lighting, gating)",
        ),
    ),
    "street drinking/begging": (
        ("Street drinking and begging outside shops", "Begging at cash machines"),
        ("Luscombe",),
        ("CGL", "PCC"),
        (
            "Referral to support (drugs)",
            "Referral to support (housing)",
            "Community Protection Warning",
            "Criminal Behaviour Order",
            "PSPO (city centre)",
        ),
    ),
    "knife crime": (
        ("Knife carried by young people near the underpass", "Knife found hidden in a hedge"),
        ("Guardian",),
        ("Police", "TYS"),
        (
            "Patrols",
            "Knife arch and weapons sweep",
            "Referral to support (youth services)",
            "Criminal Behaviour Order",
        ),
    ),
    "environmental": (
        (
            "Fly-tipping and rat infestation behind terraces",
            "Graffiti and litter in the alley",
            "Overgrown shrubs hiding drug use by the path",
        ),
        ("",),
        ("PCC",),
        (
            "Graffiti and litter removal",
            "Designing out crime (lighting, gating)",
            "PSPO (gating)",
            "Community Protection Notice",
        ),
    ),
}

#: Categories a Youth PSG hears (with weights) and those the monthly PSG hears.
YOUTH_CATEGORIES = {"youth": 6, "knife crime": 3, "exploitation": 2}
PSG_CATEGORIES = {
    "ASB": 6,
    "drugs": 5,
    "street drinking/begging": 3,
    "street sex work": 2,
    "environmental": 3,
    "knife crime": 1,
    "exploitation": 1,
}

CLOSURE_REASONS = (
    "Problem resolved: no calls for two months.",
    "Closure Order granted; premises quiet since.",
    "Perpetrator evicted following tenancy enforcement.",
    "Gating installed under the PSPO; no further reports.",
    "Managed by the lead agency as business as usual.",
    "Young people engaged with youth services; no further incidents.",
)

SUMMARIES = (
    "Partners reported on {location}: calls down in the last month but residents still "
    "concerned. Police gave an update on visits made.",
    "Incidents at {location} continue at weekends. Housing confirmed a warning was served; "
    "outreach has engaged with two individuals.",
    "Reports at {location} have reduced since the patrols began. Residents' group thanked "
    "partners; CCTV footage still being reviewed.",
    "New reports from {location} this month. Partners agreed a joint visit and to share "
    "intelligence before the next meeting.",
)
