"""Vocabulary for the demo data: invented, ordinary, and free of anything clinical."""

from __future__ import annotations

from dataclasses import dataclass

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
