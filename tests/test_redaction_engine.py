"""The redaction engine (issue 14, part 1 and 2): every form of a recorded name goes, in one
pass, one placeholder per person; places that share a word with a person stay."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from leak_scan import _search, name_words

from spp_tui.exports.redaction import AMBIGUOUS, Redactor
from spp_tui.name_words import COMMON_WORDS, GENERIC_NAMES, NOT_NAME_WORDS, STREET_WORDS

PARTIES = [
    ("Mrs Edna Pryce", "victim"),
    ("Gary Knowles", "suspect"),
    ("Kevin Doyle", "suspect"),
    ("Sharon Doyle", "resident"),
    ("Sean O'Neill", "suspect"),
    ("Amy Smith-Jones", "victim"),
    ("Ian McDonald", "suspect"),
    ("Luis DeSouza", "resident"),
    ("Zoë Ashworth", "victim"),
    ("Łukasz Nowak", "suspect"),
    ("Sophie Park", "resident"),
    ("Henry Walsh", "witness"),
]


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(
        PARTIES,
        keep=["Insp. Mark Dalton", "Marcus Bell"],
        places=[
            "Park Road",
            "Park",
            "Park ward",
            "Jetfire",
            "Operation Jetfire",
            "Cross Keys Homes",
        ],
    )


@pytest.mark.parametrize(
    "written",
    [
        "Pryce's",
        "Pryce’s",
        "Knowles's",
        "Knowles'",
        "Knowles’",
        "pryce",
        "PRYCE",
        "O'Neill",
        "O’Neill",
        "o'neill",
        "Smith-Jones",
        "McDonald",
        "Mcdonald",
        "MCDONALD",
        "DeSouza",
        "Zoë",
        "Zoe",
        "ZOË",
        "Łukasz",
        "łukasz",
        "Mrs Pryce",
        "Mrs. Pryce",
        "E. Pryce",
        "Edna\nPryce",
        "Mrs Edna Pryce",
        "edna pryce",
        "Gary Knowles's",
        "Sean O’Neill’s",
    ],
)
def test_every_form_of_a_name_goes(redactor: Redactor, written: str):
    result = redactor.redact(f"Yesterday {written} came.")
    assert re.fullmatch(r"Yesterday \[Person \d+ \(\w+\)\](?:['’]s?)? came\.", result), result


def test_a_plural_of_a_shared_surname_is_not_guessed(redactor: Redactor):
    assert redactor.redact("the Doyles and the Doyles' car") == (
        f"the {AMBIGUOUS} and the {AMBIGUOUS}' car"
    )


def test_possessive_stays_readable(redactor: Redactor):
    assert redactor.redact("Pryce's dog") == "[Person 1 (victim)]'s dog"


def test_place_sharing_a_word_with_a_party_stays(redactor: Redactor):
    text = "Sophie Park moved from Park Road, Park ward; Henry Walsh lives on Henry Street."
    assert redactor.redact(text) == (
        "[Person 1 (resident)] moved from Park Road, Park ward; [Person 2 (witness)] lives on "
        "Henry Street."
    )
    assert redactor.redact("Park said so") == "[Person 1 (resident)] said so"


def test_operations_agencies_and_professionals_stay(redactor: Redactor):
    text = "Operation Jetfire, Cross Keys Homes, Insp. Mark Dalton and Marcus Bell."
    assert redactor.redact(text) == text


def test_labels_are_never_merged_nor_nested():
    redactor = Redactor(
        [
            ("Youth 1", "young person"),
            ("Youth 2", "young person"),
            ("Resident 3", "resident"),
            ("Resident 4", "resident"),
            ("Person A", "suspect"),
            ("Resident", "resident"),
        ]
    )
    cell = "; ".join(
        redactor.placeholder(n) for n in ("Youth 1", "Youth 2", "Resident 3", "Person A")
    )
    assert redactor.redact(cell) == cell  # a placeholder is never redacted again
    assert len(set(cell.split("; "))) == 4
    text = "Youth 1 met Youth 2 and Resident 4; Person A's friend; the Youth PSG; residents"
    result = redactor.redact(text)
    assert result == (
        "[Person 1 (young person)] met [Person 2 (young person)] and [Person 5 (resident)]; "
        "[Person 4 (suspect)]'s friend; the Youth PSG; residents"
    )
    assert "[[" not in result and redactor.redact(result) == result


def test_redaction_is_one_pass_and_idempotent(redactor: Redactor):
    text = "Kevin Doyle told Mrs Pryce that Doyle's brother saw Sophie Park on Park Road."
    once = redactor.redact(text)
    assert redactor.redact(once) == once
    assert "Person" not in redactor.redact("A person came")


def test_common_words_stay_in_lower_case():
    redactor = Redactor([("Mark Bell", "witness"), ("Will Price", "suspect")])
    assert redactor.redact("the door bell will mark the price") == (
        "the door bell will mark the price"
    )
    assert "Bell" not in redactor.redact("Bell and BELL")


def test_for_meeting_numbers_the_meetings_parties_in_agenda_order(demo_db):
    from spp_tui.db.services import cases as case_svc
    from spp_tui.db.services import meetings

    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    entries = case_svc.meeting_cases(demo_db, march.id)
    first = next(party for entry in entries for party in case_svc.parties(demo_db, [entry.case.id]))
    redactor = Redactor.for_meeting(demo_db, march.id)
    again = Redactor.for_meeting(demo_db, march.id)
    assert redactor.redact(f"{first.name} came").startswith("[Person 1 (")
    assert again.redact("Nobody") == "Nobody"
    assert again.placeholder(first.name) == redactor.placeholder(first.name)


def test_recording_lists_each_replacement():
    redactor = Redactor([("Kevin Doyle", "suspect")], record=True)
    redactor.redact("Kevin Doyle came; Doyle's car.")
    assert [(r.original, r.placeholder) for r in redactor.replacements] == [
        ("Kevin Doyle", "[Person 1 (suspect)]"),
        ("Doyle's", "[Person 1 (suspect)]"),
    ]
    assert "came" in redactor.replacements[0].context


# --- property: generated names in generated sentences -------------------------------------

SYLLABLES = ["ba", "ko", "ru", "mi", "ta", "ne", "lo", "zu", "ve", "sha", "dri", "ul", "ond"]
ACCENTED = ["Zoë", "Łukasz", "Siobhán", "José", "Chloé", "Bartłomiej", "Aoife", "Renée"]
FILLER = ["the", "visit", "said", "on", "and", "met", "with", "about", "a", "report", ",", "."]
RESERVED = COMMON_WORDS | GENERIC_NAMES | NOT_NAME_WORDS | {w.casefold() for w in STREET_WORDS}


@st.composite
def words_(draw: st.DrawFn) -> str:
    word = "".join(draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3)))
    return word.capitalize()


ACCENTED_SURNAMES = ["Sørensen", "Müller", "Gonçalves", "Núñez", "Dvořák", "Öztürk", "Kovačević"]


@st.composite
def surnames(draw: st.DrawFn) -> str:
    base = draw(st.one_of(words_(), st.sampled_from(ACCENTED_SURNAMES)))
    prefix = draw(st.sampled_from(["", "", "O'", "O’", "Mc", "Mac", "De"]))
    if prefix:
        base = prefix + base
    if draw(st.booleans()):
        base += "-" + draw(words_())
    return base


@st.composite
def people(draw: st.DrawFn) -> tuple[str, str, str]:
    first = draw(st.one_of(words_(), st.sampled_from(ACCENTED)))
    surname = draw(surnames())
    title = draw(st.sampled_from(["", "Mr", "Mrs", "Ms", "Dr"]))
    return title, first, surname


def forms(title: str, first: str, surname: str) -> list[str]:
    """Every way the issue lists of writing the name."""
    full = f"{first} {surname}"
    plural = surname + ("es" if surname.endswith("s") else "s")
    return [
        f"{title} {full}".strip(),
        full,
        f"Mrs {surname}",
        first,
        surname,
        f"{surname}'s",
        f"{surname}’s",
        f"{surname}s'" if not surname.endswith("s") else f"{surname}'",
        f"the {plural}",
        full.lower(),
        full.upper(),
        f"{first}\n{surname}",
        f"{full}’s",
    ]


@settings(max_examples=1000, deadline=None)
@given(
    people(),
    people(),
    st.lists(st.sampled_from(FILLER), min_size=1, max_size=4),
    st.data(),
)
def test_property_no_form_of_a_generated_name_survives(one, two, filler, data):
    names = [f"{p[1]} {p[2]}" for p in (one, two)]
    for person in (one, two):
        for word in person[1:]:
            pieces = re.split(r"[-'’]", word.casefold())
            if any(p in RESERVED for p in pieces):
                return
    if len({w.casefold() for p in (one, two) for w in p[1:]}) < 4:
        return  # two people sharing a word: [name redacted], tested elsewhere
    street = data.draw(st.sampled_from(["Road", "Street", "Close", "Gardens", "Park", "Court"]))
    place = f"{one[2]} {street}"
    ward = f"{two[1]} ward"
    redactor = Redactor(
        [(" ".join(p).strip(), "resident") for p in (one, two)], places=[place, two[1]]
    )
    pieces = [*forms(*one), *forms(*two), place, ward]
    order = data.draw(st.permutations(pieces))
    text = f" {filler[0]} ".join(order) + " " + " ".join(filler)
    result = redactor.redact(text)
    assert place in result and ward in result, result
    assert not _search(result, [w for n in names for w in name_words(n)], [place, ward]), result
    assert redactor.redact(result) == result
    assert re.search(r"\[Person 1 \(resident\)\]", result)
    assert re.search(r"\[Person 2 \(resident\)\]", result)


def test_a_place_shields_a_name_inside_it_and_other_places_compile_nothing():
    """Only the patterns that can change a text are searched: a person's, and a kept phrase
    with a person's word inside ("Cross Keys Homes", party Keys); "Lincoln Road" is skipped
    (most of the patterns of a large database), with the same result."""
    redactor = Redactor(
        [("Jo Keys", "victim")], places=["Cross Keys Homes", "Lincoln Road", "Dr Foster Way"]
    )
    text = "Cross Keys Homes told Keys's mother; Lincoln Road and Dr Foster Way were quiet."
    assert redactor.redact(text) == (
        "Cross Keys Homes told [Person 1 (victim)]'s mother; Lincoln Road and Dr Foster Way "
        "were quiet."
    )
    assert {"keys", "cross"} <= redactor._searched
    assert not {"lincoln", "dr"} & redactor._searched


def test_a_street_word_after_a_name_stays_with_it_whoever_it_names():
    """The street word is taken with the name before it (kept, or after the placeholder):
    a party named Green does not turn "Park Green" into "Park [Person 2]"."""
    redactor = Redactor([("Sophie Park", "resident"), ("Jo Green", "victim")])
    assert redactor.redact("Park Green, Sophie Park Green and Green’s dog") == (
        "Park Green, [Person 1 (resident)] Green and [Person 2 (victim)]’s dog"
    )
