"""Words for the demo's outcomes history: review points (each tagged with the working together
for change theme it belongs to), the person's own words at check-ins, review actions, and the
themes of the round. Plain, first-person where the person speaks."""

from __future__ import annotations

#: (perspective, kind, theme, text). ``{name}`` is the person's name.
POINTS: tuple[tuple[str, str, str, str], ...] = (
    ("person", "working", "home", "I like my flat. I chose the colour of my room."),
    ("person", "working", "home", "My own front door key."),
    ("person", "working", "out", "Going to the dance class on Mondays."),
    ("person", "working", "out", "Coffee morning at the church hall. I know people there."),
    ("person", "not_working", "staff", "New staff I don't know come in the morning."),
    ("person", "not_working", "staff", "I don't know who is coming tomorrow."),
    ("person", "not_working", "out", "The bus is hard on my own."),
    ("person", "future", "work", "I want a job in a café."),
    ("person", "future", "work", "I want to help at the animal rescue."),
    ("person", "future", "out", "Go to a festival in the summer."),
    ("family", "working", "home", "{name} is calmer at home than we have seen for years."),
    ("family", "working", "out", "{name} has made friends at the coffee morning."),
    ("family", "not_working", "staff", "Too many changes of staff at weekends."),
    ("family", "not_working", "out", "Evenings out stop when there is no driver on shift."),
    ("staff", "working", "home", "{name} now plans the week's meals with us."),
    ("staff", "working", "out", "{name} goes to two groups a week without needing to be asked."),
    ("staff", "not_working", "staff", "Rota changes at short notice; relief staff who have "
                                      "not met {name}."),
    ("staff", "not_working", "out", "Only one worker can drive, so trips depend on the rota."),
    ("staff", "future", "work", "Try a day's work experience and see how it goes."),
    ("staff", "future", "out", "Learn the bus route to town with a worker, then alone."),
)  # fmt: skip

#: Working together for change: (theme, title, kind, I statement, root causes, how we'll know).
THEMES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("staff", "Knowing who is coming", "not_working",
     "I want to know the people who support me, and to know who is coming.",
     "Short-notice rota changes; relief workers who have not met the person; the rota is "
     "published late.",
     "Fewer than 1 in 20 shifts by someone the person has not met; the rota published two "
     "weeks ahead."),
    ("out", "Getting out when I want", "not_working",
     "I want to go out in the evenings and at weekends, not only when there is a driver.",
     "Few workers drive; bus routes not learned; activities planned around the rota.",
     "Every person has at least one evening out a week they chose."),
    ("work", "Work and being useful", "future",
     "I want to do a job, paid or unpaid, that people thank me for.",
     "No links with local employers; work was never in the plan.",
     "Everyone who wants one has a work or volunteering goal with a next step."),
    ("home", "My home, my way", "working",
     "I want to keep choosing how my home looks and runs.",
     "What works: tenancies in people's own names; staff who ask first.",
     "Every tenancy kept; people say 'my home' is a 4 or 5 at check-ins."),
)  # fmt: skip

#: (action, who) agreed at a review; each becomes a goal.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("Visit the café on the quay about work experience", "Key worker"),
    ("Learn the bus route to town, with a worker first", "Key worker"),
    ("Ask the animal rescue about a volunteering day", "Key worker"),
    ("Introduce new relief workers before their first shift", "Team manager"),
    ("Find a Saturday group to try", "Key worker"),
    ("Book the summer festival tickets", "Family and key worker"),
)

QUESTIONS = (
    "Could the rota be published two weeks ahead?",
    "Is there a driver for Thursday evenings?",
    "Who could help with a CV?",
)
WHAT_MATTERS = (
    "Keeping my flat, my friends at the coffee morning, and a job.",
    "Dancing, seeing my sister, and staff who know me.",
    "Being out more, and my own money in my own bank account.",
)

#: What three people say about their life over a year, oldest first: the words get brighter.
OWN_WORDS: tuple[tuple[str, ...], ...] = (
    ("I don't like it here yet.", "Too many new faces.", "I went to the shop with Sam.",
     "The dance class was fun.", "I like my room now.", "I have a friend called Jo.",
     "I went on the bus.", "I helped make tea for everyone.", "I like my flat.",
     "I want to do more dancing.", "I am happy.", "My life is good."),
    ("Hospital was loud.", "I am tired.", "I slept well.", "Walk by the sea.",
     "I saw the doctor. I was brave.", "Cooking pasta.", "I like the coffee morning.",
     "I have not been poorly.", "My garden has flowers.", "I went to the library.",
     "I am well.", "Home is good."),
    ("Bored.", "I want to go out.", "I tried the art group.", "Art group again!",
     "I made a card for Mum.", "I went to the charity shop to help.",
     "I do the till now.", "People say thank you.", "I want more hours.",
     "College course starts soon.", "I like college.", "Busy week. Good week."),
)  # fmt: skip

#: A community life growing over a year: (months ago it started, months ago it ended or
#: None, kind, name, minutes a week).
CONNECTIONS: tuple[tuple[int, int | None, str, str, int], ...] = (
    (11, 7, "community", "Swimming club", 0),
    (10, None, "community", "Monday dance class", 0),
    (8, None, "community", "Coffee morning at the church hall", 0),
    (7, None, "relationship", "Jo, a friend from the coffee morning", 0),
    (5, None, "volunteering", "Harbour charity shop", 180),
    (3, None, "community", "Library craft group", 0),
    (2, None, "learning", "Porthaven College: cooking for life", 0),
    (1, None, "relationship", "Sam from the craft group", 0),
)
