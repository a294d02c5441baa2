"""Obviously fake demo data for trying the app (`flask seed-demo`) and for the benchmarks (`make bench`).

Every person, business, address and phone number is invented: surnames such as "Sampleton", email addresses
on example.org, phone numbers from Ofcom's drama ranges (01632 960xxx, 07700 900xxx), postcodes in the
non-existent "XX" area of the fictional town of Sampleford. Career profiles hold preferences and limits
only; nothing clinical, ever.

The data is deterministic (one seeded random generator) and dated relative to today, so it always looks
current and the same day always gives the same rows. Rows go in through Core executemany in chunks, with
ids chosen here so that later rows can point at earlier ones without a round trip: that is what loads the
large benchmark set (half a million employer contacts) in minutes rather than hours.
"""

from __future__ import annotations

import random
import time as clock
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, exists, func, select, text, update

from crm.auth.passwords import hash_password, verify_password
from crm.employers.duplicates import phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models import (
    CareerProfile,
    ContactPerson,
    Employer,
    EmployerContact,
    JobMatch,
    JobMatchEvent,
    JobStart,
    Opening,
    Participant,
    SupportContact,
    Team,
    User,
    employer_contact_participant,
)
from crm.models.types import UTCDateTime
from crm.models.user import new_session_token
from crm.settings import is_competitive, minimum_hourly_wage

SEED = 1729
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for everyone; only ever on demo accounts
DEMO_DOMAIN = "demo.example.org"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
CHUNK = 10_000


class DatabaseNotEmpty(Exception):
    """The database already has staff, employers or participants; demo data would mix with real data."""


@dataclass(frozen=True)
class Scale:
    """How much to make. None for contact people or employer contacts means "as a real team would"."""

    teams: int
    specialists_per_team: int
    participants: int
    employers: int
    contact_people: int | None  # None: one to four per employer
    openings: int
    employer_contacts: int | None  # None: four to nine per specialist per week
    weeks: int
    job_starts: int


SCALES = {
    "demo": Scale(2, 4, 60, 150, None, 300, None, 12, 15),
    "large": Scale(5, 10, 2_000, 20_000, 60_000, 50_000, 500_000, 104, 3_000),
    # A tenth of the data with the same staff, so that every page sees a tenth of what it sees at large.
    "tenth": Scale(5, 10, 200, 2_000, 6_000, 5_000, 50_000, 104, 300),
}

# ----- Vocabulary: invented, ordinary, and free of anything clinical -----

FIRST_NAMES = (
    "Alex Sam Jordan Priya Mohammed Aisha Tom Grace Wei Olu Kasia Liam Chloe Hannah Yusuf Fatima Daniel Ruth "
    "Dev Ellie Ravi Nia Connor Megan Tariq Zainab Jack Mia Ollie Sofia Ben Leah Josh Amara Callum Freya Marek "
    "Ines Kofi Lucy"
).split()
SURNAMES = (
    "Sampleton Testwood Exampleby Demoford Mockridge Placeby Fictonby Trialsworth Lorembury Ipsumfield "
    "Fauxley Madeupson Dataway Specimen Prototon Draftwell Pilotsby Stubworth Dummerly Templeby Notaby "
    "Pretendon Mockford Shamwell Inventon Fablesby Testerton Sampleworth Examplewood Demoley"
).split()
# (town, postcode district, latitude, longitude): one fictional town and its neighbourhoods.
AREAS = (
    ("Sampleford", "XX1", 52.205, 0.120), ("Testbury", "XX2", 52.232, 0.088),
    ("Exampleton", "XX3", 52.178, 0.163), ("Mockley Green", "XX4", 52.251, 0.149),
    ("Demo Heath", "XX5", 52.158, 0.079), ("Fictonby Marsh", "XX6", 52.214, 0.201),
)
STREETS = (
    "Maple Street", "Station Road", "High Street", "Mill Lane", "Church Walk", "Orchard Way", "Bridge Street",
    "Market Square", "Park Road", "Canal Side", "Victoria Parade", "Foundry Lane", "Elm Grove", "Kiln Road",
    "Quarry Close", "Harbour Row",
)
NAME_PREFIXES = (
    "Maple Street", "Riverside", "Old Mill", "Greenway", "Oakfield", "Willow Lane", "Kingfisher", "Brookside",
    "Harbour View", "Station Road", "Hilltop", "Meadowbank", "Cedar", "Elm Court", "Sampleford", "Northgate",
    "Beacon", "Foxglove", "Lark Rise", "Juniper", "Bluebell", "Silverbirch", "Hawthorn", "Marigold", "Heron",
    "Orchard", "Millstone", "Tanners", "Quayside", "Westfield", "Eastbrook", "Primrose", "Thistle", "Acorn",
    "Badger", "Bramble", "Clover", "Swan", "Kestrel", "Copperfield",
)
LEGAL_SUFFIXES = ("", "", "", "", "", " Ltd", " Ltd", " Limited", " & Co", " Ltd.")
TEAM_NAMES = ("North", "South", "East", "West", "Central")
# How often each kind of employer contact is an in-person visit; the rest are calls, emails and video.
_IN_PERSON = {"introduce": 0.9, "learn_business": 0.85, "on_behalf": 0.75, "follow_up": 0.5,
              "support_in_work": 0.8}
_REMOTE_MODES = ("phone", "phone", "phone", "phone", "email", "email", "video")
_HOURS = ((16, 16), (8, 16), (20, 30), (30, 37.5), (37.5, 40), (None, None), (10, 20), (24, 24), (None, 25),
          (12, 12), (16, 24))
# Offsets from the minimum wage, as text for Decimal: a few below it (not competitive), many at or above it.
_PAY_ABOVE_MINIMUM = (None, None, "-1.50", "-0.21", "0", "0", "0", "0.29", "0.54", "0.79", "1.04", "2.29")
_SHIFT_ORDER = ("day", "evening", "night", "weekend")
_MATCH_STATUSES = ("suggested", "interested", "not_for_me", "maybe_later", "applied", "interview", "ended")
_MATCH_WEIGHTS = (30, 20, 15, 10, 12, 6, 7)


@dataclass(frozen=True)
class Industry:
    """Words for the businesses of one industry and the entry-level jobs they offer."""

    name: str
    businesses: tuple[str, ...]
    titles: tuple[str, ...]
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    shifts: tuple[str, ...]


INDUSTRIES = (
    Industry("Hospitality", ("Bakery", "Café", "Kitchen", "Hotel", "Bistro", "Tea Rooms", "Pizzeria", "Inn"),
             ("Kitchen porter", "Barista", "Café assistant", "Waiting staff", "Housekeeping assistant",
              "Baker's assistant", "Breakfast cook", "Catering assistant"),
             ("washing up and keeping the kitchen clean", "serving customers at the counter",
              "preparing sandwiches and salads", "setting up the dining room before opening"),
             ("Food hygiene certificate (training given)", "Friendly with customers", "Some weekends"),
             ("day", "evening", "weekend")),
    Industry("Retail", ("Hardware", "Books", "Grocers", "Gift Shop", "Garden Centre", "Stores", "Outfitters"),
             ("Sales assistant", "Stock replenishment assistant", "Cashier", "Customer service assistant",
              "Night shelf filler", "Delivery driver"),
             ("filling shelves and checking dates", "helping customers find what they need",
              "working the till", "unpacking deliveries in the stock room"),
             ("Cash handling (training given)", "Friendly with customers", "Able to lift boxes up to 15 kg"),
             ("day", "evening", "night", "weekend")),
    Industry("Warehousing", ("Logistics", "Distribution", "Freight", "Storage", "Couriers"),
             ("Warehouse operative", "Picker packer", "Forklift driver", "Goods-in assistant",
              "Driver's mate"),
             ("picking orders with a handheld scanner", "packing parcels for dispatch",
              "checking deliveries against the paperwork", "keeping the aisles clear and safe"),
             ("Safety boots (provided)", "Forklift licence (training given)", "Able to lift up to 20 kg"),
             ("day", "evening", "night", "weekend")),
    Industry("Care", ("Care Home", "Home Support", "Lodge", "House"),
             ("Care assistant", "Support worker", "Activities assistant", "Laundry assistant",
              "Kitchen assistant"),
             ("helping residents with daily routines", "running afternoon activities and outings",
              "keeping the laundry running", "serving meals and drinks"),
             ("DBS check (arranged by the employer)", "Kind and patient", "Care certificate (training given)"),
             ("day", "evening", "night", "weekend")),
    Industry("Cleaning", ("Cleaning", "Cleaners", "Facilities", "Window Cleaning", "Laundry Services"),
             ("Office cleaner", "Cleaning operative", "Laundry assistant", "Window cleaner's assistant",
              "Housekeeper"),
             ("cleaning offices before the staff arrive", "restocking washrooms and kitchens",
              "using floor machines (training given)", "working through a daily checklist"),
             ("Reliable and on time", "Able to work on your own", "Own transport helpful"),
             ("day", "evening", "weekend")),
    Industry("Animals", ("Kennels", "Pet Supplies", "Stables", "Dog Grooming", "City Farm"),
             ("Kennel assistant", "Dog walker", "Animal care assistant", "Stable hand",
              "Pet shop assistant", "Grooming assistant"),
             ("feeding and walking the dogs", "cleaning pens and stables", "helping customers choose food",
              "bathing and drying dogs before grooming"),
             ("Good with animals", "Happy to work outdoors in all weathers", "Early starts"),
             ("day", "weekend")),
    Industry("Grounds", ("Landscapes", "Gardens", "Plant Nursery", "Tree Care", "Grounds Maintenance"),
             ("Gardener", "Grounds maintenance operative", "Plant nursery assistant", "Landscaping labourer"),
             ("mowing, strimming and clearing leaves", "potting on and watering plants",
              "helping build paths and fences", "loading the van for the day's jobs"),
             ("Happy to work outdoors", "Driving licence helpful", "Able to use hand tools"),
             ("day",)),
    Industry("Office", ("Accountants", "Lettings", "Insurance", "Print and Copy", "Estate Agents"),
             ("Administrative assistant", "Receptionist", "Data entry clerk", "Post room assistant",
              "Office junior"),
             ("answering the phone and greeting visitors", "scanning and filing paperwork",
              "entering orders into the computer", "sorting and sending the post"),
             ("Basic computer skills", "Clear telephone manner", "Careful with details"),
             ("day",)),
    Industry("Construction", ("Builders", "Joinery", "Plumbing and Heating", "Roofing", "Decorators"),
             ("Labourer", "Painter and decorator's mate", "Site cleaner", "Joiner's mate", "Yard assistant"),
             ("keeping the site tidy and safe", "carrying materials to where they are needed",
              "preparing walls for painting", "helping the joiner fit doors and skirting"),
             ("CSCS card (help given to get one)", "Safety boots (provided)", "Early starts"),
             ("day",)),
    Industry("Manufacturing", ("Engineering", "Packaging", "Print Works", "Food Products", "Plastics"),
             ("Production operative", "Packer", "Machine operator", "Quality checker"),
             ("feeding and watching a packing machine", "checking products against the sample",
              "labelling and stacking finished goods", "keeping the line clean between runs"),
             ("Able to stand for a shift", "Careful with details", "Training given"),
             ("day", "evening", "night")),
    Industry("Leisure", ("Leisure Centre", "Cinema", "Bowling", "Golf Club", "Climbing Wall"),
             ("Leisure assistant", "Cinema host", "Lifeguard (training given)", "Bar and snacks assistant"),
             ("checking tickets and welcoming visitors", "setting out equipment for classes",
              "keeping the public areas clean", "serving at the snack counter"),
             ("Friendly with customers", "Evenings and weekends", "Training given"),
             ("day", "evening", "weekend")),
)
INDUSTRY_BY_NAME = {industry.name: industry for industry in INDUSTRIES}

STRENGTHS = (
    "reliable timekeeper", "friendly with customers", "good with animals", "calm when it gets busy",
    "careful and thorough", "strong and fit", "patient", "good at following a routine", "works well in a team",
    "likes working outdoors", "good with numbers", "tidy and organised", "good listener", "keen to learn",
)
SKILLS = (
    "food hygiene level 2", "forklift licence", "cash handling", "full driving licence",
    "basic computer skills", "customer service", "stock taking", "gardening", "dog handling",
    "first aid certificate", "typing", "floor cleaning machines", "speaks Polish", "speaks Urdu", "CSCS card",
)
AVOID = (
    "night shifts", "working alone", "very loud places", "heavy lifting", "phone work", "driving",
    "cold stores", "handling money", "very early starts", "working at heights",
)
BENEFITS_NOTES = (
    None, None, "Up to 16 hours a week for now; agreed with the benefits adviser.",
    "Wants full-time work; no limits from benefits.",
    "Check the hours limit with the welfare rights adviser before accepting an offer.",
    "Better-off calculation done: 20 to 25 hours a week works best.",
)
CONTACT_ROLES = (
    "Owner", "Manager", "Hiring manager", "Shift supervisor", "Store manager", "Head chef", "Operations manager",
    "HR adviser", "Assistant manager", "Office manager", "Yard supervisor", "Duty manager",
)
NOTES = {
    "introduce": ("Dropped in to introduce the service and left a leaflet.",
                  "Introduced the service to the manager; open to a second visit.",
                  "Short first visit: the manager was busy and asked us to come back on a quiet morning."),
    "learn_business": ("Asked about their busiest times and what makes a good team member here.",
                       "Learned how they recruit: mostly word of mouth, rarely advertised.",
                       "Shown round the site; they struggle to cover early shifts."),
    "on_behalf": ("Talked about a job seeker who is reliable and wants part-time work.",
                  "Described a job seeker's experience and asked about a working interview.",
                  "Brought a CV and asked whether they would meet the job seeker."),
    "follow_up": ("Followed up the last visit; the manager remembered us.",
                  "Checked whether the vacancy was still open.", "Dropped off a thank-you card."),
    "support_in_work": ("Checked in with the supervisor about how the new starter is settling in.",
                        "Agreed a slightly later start time with the supervisor.",
                        "Talked through the rota for next month."),
}
OUTCOMES = (
    None, "Manager interested in meeting a job seeker.", "No vacancies now; may have some in the spring.",
    "Agreed a working interview.", "Asked us to send a short profile.", "Not hiring at the moment.",
    "Invited us back to meet the owner.", "Told us about a vacancy before it is advertised.",
)
NEXT_STEPS = (
    "Visit again on a quieter morning", "Send the manager a short profile of a job seeker",
    "Bring a job seeker to meet the manager", "Ask about the weekend vacancy",
    "Phone to ask how the trial shift went", "Drop off an application form", "Email the job description",
)
NOT_FOR_ME = ("Too far to travel", "Not the kind of work I want", "The hours do not suit me", None)
END_REASONS = (
    "Temporary contract ended", "Left for a job with more hours", "Moved out of the area",
    "Decided the job was not right for them", "Business closed",
)
SUPPORT_NOTES = (
    "Talked about how the first week went.", "Went through the new rota together.",
    "Met the supervisor with the participant to agree a routine.", "Checked that the first pay arrived.",
    None,
)
MATCH_PATHS = {
    "suggested": ("suggested",), "interested": ("suggested", "interested"),
    "not_for_me": ("suggested", "not_for_me"), "maybe_later": ("suggested", "maybe_later"),
    "applied": ("suggested", "interested", "applied"),
    "interview": ("suggested", "interested", "applied", "interview"),
    "ended": ("suggested", "interested", "applied", "ended"),
    "hired": ("suggested", "interested", "applied", "interview", "offer", "hired"),
}

# ----- Entry point -----


def seed(scale: str = "demo", force: bool = False, if_empty: bool = False,
         echo: Callable[[str], object] = print, *, today: date | None = None) -> str:
    """Add the demo data of one scale and commit; return a summary to print, with the demo logins.

    Refuses (DatabaseNotEmpty) a database that already has staff, employers or participants unless force;
    with if_empty such a database is left alone and the summary only says how to sign in.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if _has_data():
        if if_empty:
            message = _already_seeded_message()
            db.session.rollback()
            return message
        if not force:
            db.session.rollback()
            raise DatabaseNotEmpty("The database already has data; use --force to add the demo data anyway.")
    started = clock.perf_counter()
    seeder = _Seeder(SCALES[scale], today or datetime.now(UTC).date(),
                     echo if scale != "demo" else (lambda _message: None))
    try:
        counts = seeder.run()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    summary = _summary(scale, counts, seeder.staff, clock.perf_counter() - started)
    if seeder.reused_staff:
        summary += "\nDemo accounts that were already there kept their own passwords."
    return summary


def _has_data() -> bool:
    return any(db.session.scalar(select(exists().where(model.id.is_not(None)))) for model in
               (User, Employer, Participant))


def _already_seeded_message() -> str:
    lines = ["The database already has data, so no demo data was added."]
    admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL, User.active))
    if admin is not None and verify_password(admin.password_hash, DEMO_PASSWORD):
        lines.append(f"Sign in as {ADMIN_EMAIL}, lead1@{DEMO_DOMAIN} or specialist1@{DEMO_DOMAIN} "
                     f"with the password {DEMO_PASSWORD}")
    else:
        lines.append("Sign in with your own account (`flask --app wsgi create-user` creates one).")
    return "\n".join(lines)


_SUMMARY_WORDS = {
    "team": "teams", "user": "staff accounts", "participant": "participants", "employer": "employers",
    "contact_person": "contact people", "employer_contact": "employer contacts", "opening": "openings",
    "job_match": "job matches", "job_start": "job starts", "support_contact": "support contacts",
}


def _summary(scale: str, counts: dict[str, int], staff: list[tuple[str, str]], seconds: float) -> str:
    made = ", ".join(f"{counts.get(table, 0):,} {words}" for table, words in _SUMMARY_WORDS.items())
    lines = [f"Added demo data (scale {scale}) in {seconds:.1f} s: {made}.",
             f"Every demo account has the password {DEMO_PASSWORD}"]
    shown = staff if len(staff) <= 16 else [s for s in staff if not s[0].startswith("specialist")] + [
        s for s in staff if s[0].startswith("specialist")][:3]
    lines += [f"  {email:<32} {label}" for email, label in shown]
    if len(shown) < len(staff):
        lines.append(f"  ... up to specialist{sum(e.startswith('specialist') for e, _ in staff)}@{DEMO_DOMAIN}")
    lines.append("All of it is made up: never add demo data to a database with real people's records.")
    return "\n".join(lines)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _phone(rng: random.Random, mobile: bool) -> str:
    # Ofcom reserves these ranges for drama: they can never ring anyone.
    return f"07700 900{rng.randrange(1000):03d}" if mobile else f"01632 960{rng.randrange(1000):03d}"


def _plain(title: str) -> str:
    """A job title without its bracketed note: "Lifeguard (training given)" is "Lifeguard"."""
    return title.split(" (")[0]


def _years(title: str, years: int) -> str:
    return f"{title}, {years} year{'' if years == 1 else 's'}"


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


# ----- The generator -----


class _Seeder:
    """Plans the rows in memory with one random generator, then writes them table by table."""

    def __init__(self, scale: Scale, today: date, echo: Callable[[str], object]):
        self.s, self.today, self.echo = scale, today, echo
        self.rng = random.Random(SEED)  # noqa: S311 - made-up data, nothing secret
        self.min_wage = minimum_hourly_wage()
        self.started = clock.perf_counter()
        self.last_ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.history_start = today - timedelta(days=scale.weeks * 7)
        self.reused_staff = 0

    def run(self) -> dict[str, int]:
        """Make and write everything; return how many rows of each kind."""
        self._staff()
        self._plan_employers()
        self._plan_participants()
        self._plan_job_starts()
        self._write_participants()
        self._write_employers()
        self._contacts()
        self._openings()
        self._matches()
        self._job_starts()
        self._support_contacts()
        self._update_employers()
        self._reset_sequences()
        return self.counts

    # -- writing helpers

    def _next_id(self, model) -> int:
        name = model.__table__.name
        if name not in self.last_ids:
            self.last_ids[name] = db.session.scalar(select(func.max(model.id))) or 0
        self.last_ids[name] += 1
        return self.last_ids[name]

    def _insert(self, table, rows: list[dict]) -> None:
        table = getattr(table, "__table__", table)
        connection = db.session.connection()
        for start in range(0, len(rows), CHUNK):
            connection.execute(table.insert(), rows[start:start + CHUNK])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def _progress(self, message: str) -> None:
        self.echo(f"[{clock.perf_counter() - self.started:6.1f} s] {message}")

    # -- staff

    def _staff(self) -> None:
        rng, s = self.rng, self.s
        password_hash = hash_password(DEMO_PASSWORD)
        created = _at(self.history_start - timedelta(days=60), 9)
        teams = []
        for n in range(s.teams):
            name = f"Demo Team {TEAM_NAMES[n]}"
            team_id = db.session.scalar(select(Team.id).where(Team.name == name))
            if team_id is None:
                team_id = self._next_id(Team)
                self._insert(Team, [{"id": team_id, "name": name, "active": True, "created_at": created}])
            teams.append((team_id, name))
        people = [(ADMIN_EMAIL, "admin", None)]
        people += [(f"lead{n + 1}@{DEMO_DOMAIN}", "team_lead", team) for n, team in enumerate(teams)]
        people += [(f"specialist{n + 1}@{DEMO_DOMAIN}", "specialist", teams[n // s.specialists_per_team])
                   for n in range(s.teams * s.specialists_per_team)]
        labels = {"admin": "administrator", "team_lead": "team lead", "specialist": "employment specialist"}
        self.staff, self.specialists, rows = [], [], []
        for email, role, team in people:
            first, last = _name(rng)
            user_id = db.session.scalar(select(User.id).where(User.email == email))
            self.reused_staff += user_id is not None
            if user_id is None:
                user_id = self._next_id(User)
                rows.append({"id": user_id, "email": email, "name": f"{first} {last}", "role": role,
                             "team_id": team and team[0], "password_hash": password_hash,
                             "session_token": new_session_token(), "active": True, "created_at": created,
                             "last_login_at": None, "password_changed_at": None})
            self.staff.append((email, labels[role] + (f", {team[1]}" if team else "")))
            if role == "specialist":
                self.specialists.append((user_id, teams.index(team)))
        self._insert(User, rows)

    # -- employers and the people there

    def _plan_employers(self) -> None:
        rng, s = self.rng, self.s
        weights = (14, 14, 9, 9, 9, 5, 7, 9, 8, 7, 6)
        used: dict[str, int] = {}
        self.employers, self.people = [], []
        self.industry_of, self.people_at, self.contactable = {}, {}, []
        self.own = {user_id: [] for user_id, _ in self.specialists}
        self.team_pool: dict[int, list[int]] = {team: [] for _, team in self.specialists}
        team_of = dict(self.specialists)
        for _ in range(s.employers):
            industry = rng.choices(INDUSTRIES, weights)[0]
            base = f"{rng.choice(NAME_PREFIXES)} {rng.choice(industry.businesses)}"
            area = rng.choice(AREAS)
            row = self._employer_row(self._unique_name(base, used), industry, area)
            self.employers.append(row)
            self.industry_of[row["id"]] = industry
            owner = row["owner_id"]
            if rng.random() < 0.9:  # the rest are prospects nobody has visited yet
                self.contactable.append(row["id"])
                if owner is not None:
                    self.own[owner].append(row["id"])
                for team, pool in self.team_pool.items():
                    if owner is None or team_of[owner] == team:
                        pool.append(row["id"])
        counts = self._people_counts()
        for employer, count in zip(self.employers, counts, strict=True):
            self.people_at[employer["id"]] = [self._person_row(employer) for _ in range(count)]

    def _unique_name(self, base: str, used: dict[str, int]) -> str:
        times = used.get(base, 0)
        used[base] = times + 1
        if times == 0:
            return base + self.rng.choice(LEGAL_SUFFIXES)
        if times <= len(AREAS):
            return f"{base} ({AREAS[times - 1][0]})"  # another branch
        return f"{base} ({AREAS[times % len(AREAS)][0]} {times // len(AREAS) + 1})"

    def _employer_row(self, name: str, industry: Industry, area: tuple) -> dict:
        rng = self.rng
        town, district, lat, lon = area
        normalised = normalise_employer_name(name)
        owner = rng.choice(self.specialists)[0] if rng.random() < 0.85 else None
        website = f"https://{normalised.replace(' ', '-')}.example.org" if rng.random() < 0.6 else None
        phone = _phone(rng, mobile=False) if rng.random() < 0.9 else None
        created = _at(self.history_start - timedelta(days=rng.randint(1, 60)), rng.randint(9, 16))
        return {
            "id": self._next_id(Employer), "name": name, "normalized_name": normalised,
            "industry": industry.name, "address": f"{rng.randint(1, 140)} {rng.choice(STREETS)}", "town": town,
            "postcode": f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPRSTUWY')}"
                        f"{rng.choice('ABDEFGHJLNPRSTUWY')}",
            "latitude": round(lat + rng.uniform(-0.012, 0.012), 5),
            "longitude": round(lon + rng.uniform(-0.018, 0.018), 5),
            "website": website, "phone": phone, "phone_digits": phone_digits(phone),
            "website_domain": website_domain(website),
            "size": rng.choice(("micro", "micro", "small", "small", "medium", "large")),
            "relationship_stage": "prospect", "owner_id": owner,
            "notes": rng.choice((None, None, None, "Prefers visits before 11am.", "Owner keen to hire locally.",
                                 "Busy at lunchtime: avoid 12 to 2.", "Head office hires for bigger roles.")),
            "last_contact_at": None, "archived_at": None, "merged_into_id": None,
            "created_at": created, "updated_at": created, "created_by_id": owner,
        }

    def _people_counts(self) -> list[int]:
        rng, n, target = self.rng, self.s.employers, self.s.contact_people
        if target is None:
            return [rng.randint(1, 4) for _ in range(n)]
        counts = [1] * n
        extra = min(target, 4 * n) - n
        while extra > 0:
            i = rng.randrange(n)
            if counts[i] < 4:
                counts[i] += 1
                extra -= 1
        return counts

    def _person_row(self, employer: dict) -> int:
        rng = self.rng
        first, last = _name(rng)
        domain = employer["normalized_name"].replace(" ", "-")
        left = rng.random() < 0.05
        row = {
            "id": self._next_id(ContactPerson), "employer_id": employer["id"], "name": f"{first} {last}",
            "job_title": rng.choice(CONTACT_ROLES),
            "phone": _phone(rng, mobile=rng.random() < 0.6) if rng.random() < 0.8 else None,
            "email": f"{first.lower()}.{last.lower()}@{domain}.example.org" if rng.random() < 0.7 else None,
            "notes": rng.choice((None, None, None, None, "Best reached by phone after 2pm.", "Works weekends.")),
            "left_at": _at(self.today - timedelta(days=rng.randint(1, 90)), 12) if left else None,
            "created_at": employer["created_at"], "updated_at": employer["created_at"],
        }
        self.people.append(row)
        return row["id"]

    def _write_employers(self) -> None:
        self._insert(Employer, self.employers)
        self._insert(ContactPerson, self.people)
        self._progress(f"{len(self.employers):,} employers, {len(self.people):,} contact people")
        self.people = []

    # -- participants, their career profiles, and when they start jobs

    def _plan_participants(self) -> None:
        rng = self.rng
        span = self.s.weeks * 7 + 150
        self.participants, self.profiles = [], []
        for n in range(self.s.participants):
            specialist = self.specialists[n % len(self.specialists)][0]
            referral = self.today - timedelta(days=rng.randint(3, span))
            first, last = _name(rng)
            created = _at(referral, 10, rng.randrange(60))
            row = {"id": self._next_id(Participant), "name": f"{first} {last}", "specialist_id": specialist,
                   "referral_date": referral, "status": "job_search", "closed_on": None,
                   "created_at": created, "updated_at": created, "erased_at": None}
            self.participants.append(row)
            self.profiles.append(self._profile_row(row))

    def _profile_row(self, participant: dict) -> dict:
        rng = self.rng
        empty = rng.random() < 0.15  # a profile not filled in yet
        industries = rng.sample(INDUSTRIES, rng.randint(1, 2))
        town, _, lat, lon = rng.choice(AREAS)
        hours = rng.choice(((None, None), (None, 16), (8, 16), (16, 30), (20, 30), (30, 40), (None, None)))
        wage = rng.choice((None, None, self.min_wage, self.min_wage + Decimal("1.00")))

        def pick(words: tuple[str, ...], most: int) -> list[str]:
            return [] if empty else rng.sample(words, rng.randint(0, most))

        return {
            "participant_id": participant["id"],
            "job_goals": [] if empty else [_plain(rng.choice(i.titles)) for i in industries],
            "industries": [] if empty else [i.name for i in industries],
            "strengths": pick(STRENGTHS, 3), "skills": pick(SKILLS, 3), "avoid": pick(AVOID, 2),
            "experience": [] if empty else [_years(_plain(rng.choice(i.titles)), rng.randint(1, 6))
                                            for i in rng.sample(INDUSTRIES, rng.randint(0, 2))],
            "hours_min": None if empty else hours[0], "hours_max": None if empty else hours[1],
            "shifts_excluded": [] if empty else rng.choice(([], [], ["night"], ["night", "weekend"], ["evening"])),
            "min_hourly_wage": None if empty else wage,
            "travel_from": None if empty else town,
            "latitude": None if empty else round(lat + rng.uniform(-0.01, 0.01), 5),
            "longitude": None if empty else round(lon + rng.uniform(-0.015, 0.015), 5),
            "max_travel_km": None if empty else rng.choice((None, 3.0, 5.0, 8.0, 10.0, 15.0)),
            "remote": None if empty else rng.choice((None, "ok", "ok", "no", "only")),
            "disclosure": rng.choice(("undecided", "yes", "yes", "no")),
            "benefits_notes": None if empty else rng.choice(BENEFITS_NOTES),
            "updated_at": participant["created_at"],
        }

    def _plan_job_starts(self) -> None:
        rng = self.rng
        jobs: dict[int, list[tuple[date, date]]] = {}
        self.job_plan, self.working_at = [], {}
        for _ in range(self.s.job_starts):
            found = self._pick_job(jobs)
            if found is None:
                continue
            person, start, end = found
            jobs.setdefault(person["id"], []).append((start, end or self.today))
            own = self.own[person["specialist_id"]]
            employer = rng.choice(own) if own and rng.random() < 0.7 else rng.choice(self.contactable)
            plan = {"person": person, "start": start, "end": end, "employer": employer,
                    "stopped": start + timedelta(days=rng.randint(120, 200)) if rng.random() < 0.05 else None}
            self.job_plan.append(plan)
            self.working_at.setdefault(employer, []).append(plan)
        for person in self.participants:
            self._set_status(person, jobs.get(person["id"], []))

    def _pick_job(self, jobs: dict[int, list[tuple[date, date]]]) -> tuple[dict, date, date | None] | None:
        """Someone referred at least two weeks before, and a job that does not overlap one they have."""
        rng, span = self.rng, max(self.s.weeks * 7, 240)
        for attempt in range(400):
            person = rng.choice(self.participants)
            start = self.today - timedelta(days=rng.randint(1, span))
            # Past the first tries, a short job that has ended fits into the gaps between other jobs.
            ended = rng.random() < 0.4 or attempt >= 100
            end = start + timedelta(days=rng.randint(14, 300 if attempt < 100 else 60)) if ended else None
            end = end if end is not None and end < self.today else None
            last = end or self.today
            if person["referral_date"] + timedelta(days=14) <= start and not any(
                    start <= b and a <= last for a, b in jobs.get(person["id"], ())):
                return person, start, end
        return None

    def _set_status(self, person: dict, jobs: list[tuple[date, date]]) -> None:
        current = [start for start, last in jobs if last >= self.today]
        if current:
            person["status"] = "working" if (self.today - max(current)).days < 120 else "follow_along"
        elif self.rng.random() < 0.12:
            earliest = max([person["referral_date"] + timedelta(days=30)] + [b for _, b in jobs])
            if earliest < self.today:
                person["status"] = "closed"
                person["closed_on"] = earliest + timedelta(days=self.rng.randint(0, (self.today - earliest).days - 1))

    def _write_participants(self) -> None:
        self._insert(Participant, self.participants)
        self._insert(CareerProfile, self.profiles)
        self.caseload: dict[int, list[tuple[int, date, date | None]]] = {}
        for person in self.participants:
            self.caseload.setdefault(person["specialist_id"], []).append(
                (person["id"], person["referral_date"], person["closed_on"]))
        self._progress(f"{len(self.participants):,} participants with career profiles")
        self.profiles = []

    # -- the employer contact log

    def _weekly_counts(self, weeks: list[list[date]]) -> list[list[int]]:
        """Contacts per week (oldest first) and specialist: 4-9 a week, or the scale's total spread out."""
        rng, total, people = self.rng, self.s.employer_contacts, len(self.specialists)
        shares = [len(days) / 5 for days in weeks]
        if total is None:
            return [[round(rng.randint(4, 9) * share) for _ in range(people)] for share in shares]
        mean = total / (sum(shares) * people)
        counts = [[round(mean * share * rng.uniform(0.7, 1.3)) for _ in range(people)] for share in shares]
        open_weeks = [w for w, share in enumerate(shares) if share]
        missing = total - sum(map(sum, counts))
        while missing:
            week, person = rng.choice(open_weeks), rng.randrange(people)
            step = 1 if missing > 0 else -1
            if counts[week][person] + step >= 0:
                counts[week][person] += step
                missing -= step
        return counts

    def _contacts(self) -> None:
        rng = self.rng
        monday = self.today - timedelta(days=self.today.weekday())
        weeks = [[d for d in (monday - timedelta(weeks=w, days=-i) for i in range(5)) if d < self.today]
                 for w in range(self.s.weeks - 1, -1, -1)]
        counts = self._weekly_counts(weeks)
        self.contact_times: dict[int, list[datetime]] = {}
        self.contact_ids: dict[int, list[int]] = {}
        self.presented: set[int] = set()
        rows, links, written = [], [], 0
        for days, week_counts in zip(weeks, counts, strict=True):
            plan = sorted((rng.choice(days), rng.randrange(96, 204) * 5, n)
                          for n, count in enumerate(week_counts) for _ in range(count))
            for day, minutes, n in plan:
                self._contact(rows, links, day, minutes, *self.specialists[n])
            if len(rows) >= CHUNK:
                written += self._write_contacts(rows, links)
                rows, links = [], []
        written += self._write_contacts(rows, links)
        self._progress(f"employer contacts done: {written:,}, {self.counts['employer_contact_participant']:,} "
                       "on behalf of participants")

    def _write_contacts(self, rows: list[dict], links: list[dict]) -> int:
        self._insert(EmployerContact, rows)
        self._insert(employer_contact_participant, links)
        total = self.counts["employer_contact"]
        if total // 100_000 != (total - len(rows)) // 100_000:
            self._progress(f"{total:,} employer contacts")
        return len(rows)

    def _contact(self, rows: list, links: list, day: date, minutes: int, specialist: int, team: int) -> None:
        rng = self.rng
        own = self.own[specialist]
        employer = rng.choice(own if own and rng.random() < 0.8 else self.team_pool[team])
        when = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)
        times = self.contact_times.setdefault(employer, [])
        purpose, people = self._purpose(employer, len(times), specialist, day)
        in_person = rng.random() < _IN_PERSON[purpose]
        contact_id = self._next_id(EmployerContact)
        step, due, done = self._next_step(when, day)
        staff_at = self.people_at[employer]
        rows.append({
            "id": contact_id, "specialist_id": specialist, "employer_id": employer,
            "contact_person_id": rng.choice(staff_at) if staff_at and rng.random() < 0.85 else None,
            "contacted_at": when, "mode": "in_person" if in_person else rng.choice(_REMOTE_MODES),
            "face_to_face": in_person, "purpose": purpose,
            "participant_present": bool(people) and in_person and rng.random() < 0.3,
            "notes": rng.choice(NOTES[purpose]) if rng.random() < 0.85 else None,
            "outcome": rng.choice(OUTCOMES), "next_step": step, "next_step_due": due,
            "next_step_done_at": done, "created_at": when + timedelta(minutes=rng.randint(2, 240)),
            "updated_at": done or when,
        })
        links.extend({"employer_contact_id": contact_id, "participant_id": p} for p in people)
        times.append(when)
        self.contact_ids.setdefault(employer, []).append(contact_id)
        if purpose == "on_behalf":
            self.presented.add(employer)

    def _purpose(self, employer: int, visits: int, specialist: int, day: date) -> tuple[str, list[int]]:
        """Relationships deepen: introduce first, then learn the business, then present job seekers."""
        rng = self.rng
        if visits == 0:
            return "introduce", []
        roll = rng.random()
        if visits == 1:
            return ("learn_business" if roll < 0.7 else "follow_up"), []
        if roll < 0.1:
            for plan in self.working_at.get(employer, ()):
                if (plan["person"]["specialist_id"] == specialist and plan["start"] <= day
                        and (plan["end"] is None or day <= plan["end"])):
                    return "support_in_work", [plan["person"]["id"]]
        if roll < 0.55:
            people = self._job_seekers(specialist, day)
            if people:
                return "on_behalf", people
        return ("follow_up" if roll < 0.85 else "learn_business"), []

    def _job_seekers(self, specialist: int, day: date) -> list[int]:
        """One (sometimes two) people on the caseload that day; empty when none was found quickly."""
        rng, caseload = self.rng, self.caseload.get(specialist, ())
        chosen: list[int] = []
        for _ in range(4 if rng.random() < 0.15 else 2):
            person, referred, closed = rng.choice(caseload) if caseload else (None, day, None)
            if person is not None and person not in chosen and referred <= day and (closed is None or day < closed):
                chosen.append(person)
                if len(chosen) == 2 or rng.random() < 0.85:
                    break
        return chosen

    def _next_step(self, when: datetime, day: date) -> tuple[str | None, date | None, datetime | None]:
        rng = self.rng
        if rng.random() >= 0.55:
            return None, None, None
        due = day + timedelta(days=rng.randint(2, 21))
        late = (self.today - due).days
        done_chance = 0.95 if late > 21 else 0.6 if late > 0 else 0.15
        done = None
        if rng.random() < done_chance:
            last_day = min(due, self.today - timedelta(days=1))
            done_day = day + timedelta(days=rng.randint(0, (last_day - day).days))
            done = max(_at(done_day, rng.randint(9, 17), rng.randrange(60)), when + timedelta(minutes=30))
        return rng.choice(NEXT_STEPS), due, done

    # -- openings

    def _openings(self) -> None:
        rng = self.rng
        span = max(self.s.weeks * 7, 240)
        rows, self.open_openings = [], []
        for plan in self.job_plan:  # each job start fills an opening at its employer
            opened = plan["start"] - timedelta(days=rng.randint(14, 50))
            closed = _at(plan["start"] - timedelta(days=rng.randint(3, 10)), 16)
            row = self._opening_row(self._employer(plan["employer"]), opened, "filled", closed)
            plan["opening"] = row
            rows.append(row)
        employers = self.employers
        while len(rows) < self.s.openings:
            status = rng.choices(("open", "filled", "closed"), (55, 15, 30))[0]
            if status == "open":
                opened, closed = self.today - timedelta(days=rng.randint(0, 75)), None
            else:
                opened = self.today - timedelta(days=rng.randint(30, span))
                closed = _at(min(opened + timedelta(days=rng.randint(10, 60)), self.today - timedelta(days=1)), 16)
            row = self._opening_row(rng.choice(employers), opened, status, closed)
            rows.append(row)
            if status == "open":
                self.open_openings.append(row)
        self._insert(Opening, rows)
        self._progress(f"{len(rows):,} openings")

    def _employer(self, employer_id: int) -> dict:
        return self.employers[employer_id - self.employers[0]["id"]]

    def _opening_row(self, employer: dict, opened: date, status: str, closed: datetime | None) -> dict:
        rng = self.rng
        industry = self.industry_of[employer["id"]]
        title = rng.choice(industry.titles)
        hours = rng.choice(_HOURS)
        pay = rng.choice(_PAY_ABOVE_MINIMUM)
        pay_min = None if pay is None else self.min_wage + Decimal(pay)
        pay_max = None if pay_min is None else pay_min + Decimal(rng.choice(("0", "0", "0.50", "1.50")))
        set_aside, time_limited = rng.random() < 0.02, rng.random() < 0.03
        remote = industry.name == "Office" and rng.random() < 0.1
        duties = rng.sample(industry.duties, 2)
        found_by = self._found_by(employer["id"], opened) if rng.random() < 0.4 else None
        created = _at(opened, 9, rng.randrange(60))
        return {
            "id": self._next_id(Opening), "employer_id": employer["id"], "title": title,
            "description": f"{title} at {employer['name']}. The job is mostly {duties[0]} and {duties[1]}. "
                           + rng.choice(("Training is given.", "A working interview can be arranged.",
                                         "Uniform provided.", "")),
            "requirements": rng.sample(industry.requirements, rng.randint(0, 3)),
            "industry": industry.name, "hours_min": hours[0], "hours_max": hours[1],
            "shifts": sorted(rng.sample(industry.shifts, rng.randint(1, len(industry.shifts))), key=_SHIFT_ORDER.index),
            "pay_min": pay_min, "pay_max": pay_max,
            "place": "Home-based" if remote else f"{employer['address']}, {employer['town']}",
            "latitude": None if remote else employer["latitude"],
            "longitude": None if remote else employer["longitude"], "remote": remote,
            "source": "advertised" if found_by is None else "developed",
            "found_by_contact_id": found_by,
            "set_aside_for_disabled": set_aside, "time_limited_by_agency": time_limited,
            "competitive": is_competitive(pay_min, set_aside_for_disabled=set_aside,
                                          time_limited_by_agency=time_limited, minimum_wage=self.min_wage),
            "status": status, "opened_on": opened,
            "closes_on": opened + timedelta(days=28) if status == "open" and rng.random() < 0.6 else None,
            "closed_at": closed, "created_at": created, "updated_at": closed or created,
            "created_by_id": employer["owner_id"],
        }

    def _found_by(self, employer_id: int, opened: date) -> int | None:
        """The last employer contact before the opening was found, if there was one."""
        times = self.contact_times.get(employer_id)
        index = bisect_left(times, _at(opened, 0)) - 1 if times else -1
        return None if index < 0 else self.contact_ids[employer_id][index]

    # -- job matches, job starts and follow-along support

    def _matches(self) -> None:
        rng = self.rng
        matches, events, seen = [], [], set()
        for plan in self.job_plan:
            person, opening = plan["person"], plan["opening"]
            first = max(opening["opened_on"], person["referral_date"])
            plan["match"] = self._match(matches, events, person, opening, "hired", first, plan["start"])
            seen.add((person["id"], opening["id"]))
        yesterday = self.today - timedelta(days=1)
        for person in self.participants:
            if person["status"] == "closed" or not self.open_openings:
                continue
            for _ in range(rng.randint(0, 4)):
                opening = rng.choice(self.open_openings)
                if (person["id"], opening["id"]) in seen:
                    continue
                seen.add((person["id"], opening["id"]))
                status = rng.choices(_MATCH_STATUSES, _MATCH_WEIGHTS)[0]
                first = max(opening["opened_on"], person["referral_date"])
                self._match(matches, events, person, opening, status, min(first, yesterday), self.today)
        self._insert(JobMatch, matches)
        self._insert(JobMatchEvent, events)
        self._progress(f"{len(matches):,} job matches")

    def _match(self, matches: list, events: list, person: dict, opening: dict, status: str, first: date,
               until: date) -> int:
        """A job match and its history, its steps spread between first and until (exclusive)."""
        rng = self.rng
        match_id = self._next_id(JobMatch)
        path = MATCH_PATHS[status]
        gap = max((until - first).days - 1, 0) / len(path)
        moments = [_at(first + timedelta(days=int(gap * n)), 10 + n, rng.randrange(60)) for n in range(len(path))]
        for step, moment in zip(path, moments, strict=True):
            events.append({"id": self._next_id(JobMatchEvent), "job_match_id": match_id, "status": step,
                           "reason": rng.choice(NOT_FOR_ME) if step == "not_for_me" else None,
                           "recorded_by_id": person["specialist_id"], "recorded_at": moment})
        reasons = [f"Work in {opening['industry'].lower()}", "Close to home"]
        if opening["hours_max"]:
            reasons.append(f"Up to {opening['hours_max']:g} hours a week")
        if opening["competitive"]:
            reasons.append("Pays at least the minimum wage")
        matches.append({"id": match_id, "participant_id": person["id"], "opening_id": opening["id"],
                        "status": status, "score": round(rng.uniform(0.3, 0.95), 3), "reasons": reasons,
                        "created_at": moments[0], "updated_at": moments[-1]})
        return match_id

    def _job_starts(self) -> None:
        rng, rows = self.rng, []
        for plan in self.job_plan:
            opening, end = plan["opening"], plan["end"]
            plan["id"] = self._next_id(JobStart)
            rows.append({
                "id": plan["id"], "participant_id": plan["person"]["id"], "employer_id": plan["employer"],
                "opening_id": opening["id"], "job_match_id": plan["match"], "job_title": opening["title"],
                "start_date": plan["start"], "hours_per_week": opening["hours_max"] or opening["hours_min"],
                "hourly_pay": opening["pay_min"], "competitive": opening["competitive"], "end_date": end,
                "end_reason": rng.choice(END_REASONS) if end else None, "support_stopped_on": plan["stopped"],
                "created_by_id": plan["person"]["specialist_id"], "created_at": _at(plan["start"], 17),
                "updated_at": _at(end or plan["start"], 17),
            })
        self._insert(JobStart, rows)

    def _support_contacts(self) -> None:
        """Follow-along: just before the start, weekly for the first month, then monthly; some fall behind."""
        rng, rows = self.rng, []
        for plan in self.job_plan:
            last = min(d for d in (plan["end"], plan["stopped"], self.today - timedelta(days=1)) if d)
            due = [plan["start"] - timedelta(days=1)] + [plan["start"] + timedelta(weeks=w) for w in range(1, 5)]
            due += [plan["start"] + timedelta(days=28 + 30 * m) for m in range(1, 40)]
            due = [d for d in due if d <= last]
            if due and rng.random() < 0.3:
                due.pop()  # behind with follow-along: the next one shows as overdue
            for day in due:
                if rng.random() < 0.05:
                    continue
                in_person = rng.random() < 0.6
                with_employer = rng.random() < 0.25
                rows.append({
                    "id": self._next_id(SupportContact), "job_start_id": plan["id"],
                    "participant_id": plan["person"]["id"], "specialist_id": plan["person"]["specialist_id"],
                    "contacted_at": _at(day, rng.randint(9, 16), rng.randrange(60)),
                    "mode": "in_person" if in_person else rng.choice(("phone", "video")),
                    "with_participant": not with_employer or rng.random() < 0.5, "with_employer": with_employer,
                    "notes": rng.choice(SUPPORT_NOTES), "created_at": _at(day, 17),
                })
        self._insert(SupportContact, rows)
        self._progress(f"{len(self.job_plan):,} job starts, {len(rows):,} support contacts")

    # -- keeping the derived employer columns in step

    def _update_employers(self) -> None:
        hired = set(self.working_at)
        rows = []
        for employer in self.employers:
            times = self.contact_times.get(employer["id"])
            if not times and employer["id"] not in hired:
                continue
            stage = ("hiring" if employer["id"] in hired else "presenting" if employer["id"] in self.presented
                     else "learning" if len(times) > 1 else "introduced")
            rows.append({"employer_id": employer["id"], "stage": stage, "last": times[-1] if times else None,
                         "updated": times[-1] if times else employer["updated_at"]})
        table = Employer.__table__
        statement = update(table).where(table.c.id == bindparam("employer_id")).values(
            relationship_stage=bindparam("stage"), last_contact_at=bindparam("last", type_=UTCDateTime()),
            updated_at=bindparam("updated", type_=UTCDateTime()))
        connection = db.session.connection()
        for start in range(0, len(rows), CHUNK):
            connection.execute(statement, rows[start:start + CHUNK])

    def _reset_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids chosen here, so the app's own inserts do not clash."""
        connection = db.session.connection()
        if connection.dialect.name != "postgresql":
            return
        quote = connection.dialect.identifier_preparer.quote
        for name in self.last_ids:
            table = quote(name)
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            ), {"table": table})
