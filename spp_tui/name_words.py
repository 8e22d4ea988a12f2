"""Word lists the redaction engine and the name review share (plain data, no imports).

Kept small and British-English: titles in front of a name, words that make a name a place
(``Henry Street``), first names and surnames that are also common words (matched only when
capitalised, so "the door bell" stays), and role words that are labels rather than names.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    """A word list written as one string (easier to read and extend)."""
    return tuple(text.split())


#: Titles in front of a name, folded, without a full stop.
HONORIFICS = frozenset(
    _split(
        "mr mrs ms miss mx dr master prof sir dame lady lord rev cllr councillor insp inspector "
        "pc ps dc ds sgt sergeant det supt ch cpl constable father sister brother"
    )
)

#: Titles a party's surname is searched with (``Mrs Pryce``).
TITLE_FORMS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Master")

#: A name followed by one of these is a place (``Henry Street``, ``Park Road``): kept.
STREET_WORDS = _split(
    "Road Street Lane Avenue Close Way Drive Park Hill Court Gardens Crescent Place Square "
    "Terrace Row Walk Green Estate Centre Grove Mews Rise View Parade Yard Ward ward Bridge "
    "Fields Field Meadow Meadows Wharf Quay Boulevard Precinct Hall House Station School "
    "Academy College Church Surgery Rd St Ave"
)

#: Single words that are role labels, not names: a party recorded as "Resident" identifies
#: nobody in free text, and "Youth 1" is matched only whole.
GENERIC_NAMES = frozenset(
    _split(
        "person resident victim suspect youth child young unknown male female witness "
        "neighbour neighbours tenant occupant occupier man woman boy girl adult juvenile "
        "offender complainant perpetrator individual subject client service user family "
        "mother father parent guardian"
    )
)

#: Names that are also ordinary words: matched only as written, capitalised or in capitals.
COMMON_WORDS = frozenset(
    _split(
        "an as at be by do go he if in is it me my no of on or so to up us we al "
        "will mark may rose grace hope joy faith bill pat sue rob nick jack frank grant "
        "bell bird black brown white green grey gray young king long little small short "
        "wood woods hill field fields park parks stone rock lane street ford bush moss reed "
        "rich sharp swift strong wise good gold silver price best bond cash cook cooper "
        "baker butcher carpenter fisher hunter mason miller porter potter shepherd smith "
        "taylor turner walker ward wells west north south east march june april august "
        "dawn eve summer autumn winter holly ivy iris daisy lily violet ruby amber pearl "
        "crystal sky river brook dale glen heath moor victor earl duke prince major page "
        "hart hunt lamb fox wolf drake crane finch nash chase cross church hall house "
        "day night dean don guy ray roy sonny buck penny rich chip rusty sandy honey "
        "christian noble love hale bright fair gay waters lord lady sterling doe "
        "miles mile booth brooks castle chambers fish fletcher hull law mann marsh mills "
        "moon morning oakes payne pool poole pond rice ridge sage salt savage snow spring "
        "storey summers thorne towers vale wall walls wild wilde wing worth banks bishop "
        "bridge bridges burns carter chapman clay cole forest frost gill glass hardy judge "
        "knight lake marshall mayor meadows parsons pike power read rivers steel steele "
        "swan temple tower tucker vine wren day days weeks week month hours back best"
    )
)

#: Capitalised words that start a sentence or name a thing, never a person on their own.
NOT_NAME_WORDS = frozenset(
    _split(
        "the a an and or but if when while after before then so as at by for from in into of "
        "on onto to with without this that these those there here it its he she they we you "
        "his her their our your my i me him them us any all some each every no not new old "
        "next last first second third one two three four five six seven eight nine ten "
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december today tomorrow "
        "operation council police fire rescue service services team unit board partnership "
        "group meeting minutes agenda action actions case cases item items referral review "
        "community safety protection notice order warning contract agreement behaviour "
        "injunction closure dispersal power public space criminal civil anti social asb "
        "youth school college academy university hospital nhs gp surgery clinic centre "
        "city county borough district ward street road lane avenue close way drive park "
        "hill court gardens crescent place square terrace row walk green estate station "
        "house hall church mosque temple library shop store market car bus train "
        "constabulary probation housing homes health care trust association voluntary "
        "citizens advice neighbourhood watch change grow live targeted national office "
        "crime commissioner clinical commissioning safeguarding adults children "
        "rehabilitation company chair secretariat risk high medium low open closed "
        "monitoring escalated complete progress done note notes update updates cctv pspo "
        "cbo cpn cpw abc psg sara scanning analysis response assessment mental drugs "
        "alcohol support letter visit patrol patrols report reports mr mrs ms miss dr "
        "inspector sergeant constable officer manager lead head director coordinator "
        "worker officer inspector pc ps dc ds sgt insp cllr councillor yes ok also please "
        "peterborough cambridgeshire england uk british english"
    )
)
