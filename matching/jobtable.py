"""The curated table of common entry-level jobs: titles, synonyms, abbreviations, families and sectors.

Where the terms come from, honestly: they were written by hand for this project from general knowledge of how
UK and US employers title entry-level vacancies (job boards, shop-window cards, agency adverts) and from the
occupation names of public classifications (UK SOC 2020 unit groups, O*NET occupation titles and their "lay
titles"). No list was copied wholesale; trade jargon (KP, FOH, HCA, CSA, FLT, picker/packer, ...) is the
common usage of those trades. Look-alike titles that mean a different job (kitchen fitter, security engineer,
barrister, caretaker, ...) are listed on purpose so that they resolve to their own, unrelated role.

Each role line reads ``role | family | tags | phrases``. Phrases are matched on normalised words (see
``matching.text``), the longest phrase first, so "kitchen fitter" wins over "kitchen". Tags serve goals that
name a kind of work rather than a job ("something with animals", "outdoor work").
"""

from __future__ import annotations

# family | sector | plain words for reasons | needs a professional qualification (q) or not (-)
FAMILY_LINES = """
coffee | hospitality | coffee shop work | -
bar | hospitality | bar work | -
front_of_house | hospitality | restaurant service | -
kitchen_support | hospitality | kitchen work | -
cooking | hospitality | cooking | -
fast_food | hospitality | fast food and counter service | -
catering | hospitality | catering | -
housekeeping | hospitality | hotel housekeeping | -
retail_floor | retail | shop work | -
checkout | retail | till work | -
stock | retail | stock and shelf work | -
warehouse | logistics | warehouse work | -
forklift | logistics | forklift work | -
delivery | logistics | delivery driving | -
postal | logistics | post and parcels | -
production | manufacturing | factory and production work | -
cleaning | facilities | cleaning | -
caretaking | facilities | caretaking and maintenance | -
portering | facilities | portering | -
care | care | care work | -
peer_support | care | peer support | -
nursing | care | nursing | q
admin | office | office work | -
data_entry | office | data entry | -
reception | office | reception work | -
contact_centre | office | customer service | -
security | security | security work | -
animal_care | animals | work with animals | -
vet | animals | veterinary work | q
gardening | horticulture | gardening and grounds work | -
farm | horticulture | farm work | -
street | facilities | outdoor cleaning and recycling | -
labouring | construction | building site work | -
trades | construction | a skilled trade | q
teaching_support | education | classroom support | -
childcare | education | childcare | -
teaching | education | teaching | q
driving | transport | driving | -
car_care | transport | car care | -
mechanic | transport | repair work | -
leisure | leisure | leisure and sport | -
library | leisure | library work | -
culture | leisure | museums and venues | -
creative | leisure | creative work | -
hair_beauty | leisure | hair and beauty | -
it_support | it | IT support | -
it_professional | it | IT and software | q
legal | professional | legal work | q
finance | professional | finance | q
sales | professional | sales | -
"""

# Families whose work is alike across sectors (a barista and a waiter both serve food and drink to customers):
# cluster | families. Roles in one cluster are closer than roles that only share a sector.
CLUSTER_LINES = """
food_service | coffee front_of_house fast_food catering bar
kitchen | kitchen_support cooking catering
shop | retail_floor checkout stock
goods | warehouse forklift production stock postal delivery
cleaning | cleaning housekeeping caretaking portering street
care | care peer_support
desk | admin data_entry reception contact_centre
land | gardening farm street animal_care
children | teaching_support childcare
culture | library culture leisure
driving | delivery driving forklift
"""

# role | family | tags | phrases
ROLE_LINES = """
barista | coffee | food people | barista, coffee bar, coffee bar attendant, coffee, making coffee, coffee shop,
    coffee shop assistant, coffee shop team member, coffee barista, cafe barista, espresso bar, coffee maker
bar_staff | bar | people night | bar staff, glass collector, glassie, cellar person, cellarman, bar, bar work, pub,
    pub work, bar job, bartender, bar tender, barperson, bar person, barman, barmaid, bar assistant, bar back,
    barback, mixologist, bar worker, pub staff, bar server, bar team member, cocktail
waiting | front_of_house | food people | waiter, waiting tables, waiting on tables, serving tables, waitress,
    waiting staff, wait staff, waiting on, server, food server, front of house, restaurant host, host, hostess, food
    runner, runner, table service, restaurant assistant, restaurant team member, busser, food and beverage
    assistant, f and b assistant
kitchen_porter | kitchen_support | food manual | kitchen porter, washing up, washing dishes, pot washer, pot wash,
    potwasher, dishwasher, dish washer, dishwasher operator, kitchen steward, steward kitchen, kitchen cleaner,
    porter kitchen
kitchen_assistant | kitchen_support | food manual | kitchen assistant, kitchen hand, kitchen helper, kitchen team
    member, kitchen, food prep assistant, food preparation assistant, prep assistant, food prep, kitchen crew, back
    of house, kitchen operative, sandwich maker, salad maker
chef | cooking | food | chef, cook, line cook, prep cook, commis chef, commis, chef de partie, sous chef, head chef,
    breakfast chef, pizza chef, grill cook, short order cook, kitchen manager, pastry chef, baker, bakery assistant
fast_food | fast_food | food people | crew member, crew trainer, fast food, counter assistant, counter staff,
    burger, takeaway assistant, drive thru, food counter assistant, deli assistant, serve over counter, chip shop,
    fish and chip shop
catering_assistant | catering | food people | catering assistant, dietary aide, dietary assistant, canteen
    assistant, dinner lady, midday meals supervisor, food service assistant, food service worker, catering team
    member, general catering assistant, hospitality assistant, school cook, cafe assistant, cafeteria assistant, tea
    lady, ward host, catering
housekeeper | housekeeping | manual | housekeeper, laundry attendant, room attendant, chambermaid, housekeeping
    assistant, hotel housekeeper, housekeeping, hotel cleaner, room cleaner, laundry assistant, linen porter
retail_assistant | retail_floor | people | sales assistant, store manager, assistant store manager, pharmacy
    assistant, dispensing assistant, optical assistant, retail assistant, shop assistant, sales associate, store
    associate, retail associate, customer assistant, retail colleague, shop floor, sales advisor, retail sales,
    store assistant, retail team member, shop worker, customer service assistant, store colleague, retail, shop,
    sales floor, retail worker, charity shop volunteer, charity shop assistant, charity shop, betting shop, farm
    shop, bookshop assistant, florist assistant, store team member
cashier | checkout | people | cashier, bagger, courtesy clerk, checkout operator, checkout assistant, till operator,
    till assistant, checkout, kiosk assistant, forecourt cashier, service desk assistant
stock | stock | manual night | shelf stacker, cart attendant, trolley collector, trolley attendant, stacking
    shelves, shelf stacking, filling shelves, shelf filler, night filler, replenishment assistant, replenishment,
    stock assistant, stock replenishment, merchandiser, stocker, stock associate, grocery clerk, stock handler,
    stock controller, replenishment colleague, night replenishment, ambient colleague, online personal shopper,
    personal shopper
warehouse | warehouse | manual | warehouse operative, package handler, parcel handler, order selector, warehouse
    picker, warehouse worker, warehouse assistant, warehouse associate, warehouse operator, warehouse, picker,
    packer, picker packer, order picker, pick packer, pick pack, picking, packing, fulfilment associate, fulfilment
    centre, fulfillment associate, goods in, goods inward, goods out, loader, unloader, material handler, warehouse
    team member, dispatch operative, dispatch assistant, despatch operative, stores assistant, storeman,
    storekeeper, store keeper, yard operative, distribution centre, sorter, parcel sorter
forklift | forklift | manual driving | forklift driver, forklift operator, forklift, reach truck driver, reach
    truck, counterbalance, counterbalance driver, lift truck driver, fork lift truck, fork lift, pallet truck, mhe
    operator
delivery | delivery | driving outdoor | delivery driver, delivering parcels, delivery work, deliveries, van driver,
    multi drop driver, multi drop, courier, driver, delivery rider, bike courier, cycle courier, delivery partner,
    home delivery driver, parcel delivery, hgv driver, lgv driver, class two driver, driver's mate, drivers mate,
    delivery assistant, driver mate, 7.5 tonne driver, chauffeur
postal | postal | outdoor | postal worker, sorting mail, delivering post, delivering letters, postman, postwoman,
    postie, mail carrier, mail sorter, postal delivery, postal operative, letter carrier, mail room assistant, post
    room assistant, mailroom assistant
production | production | manual | production operative, production worker, factory worker, factory operative,
    assembly worker, assembler, line operator, machine operator, production line, packing operative, manufacturing
    operative, process operative, food production operative, food production, packaging operative, line worker,
    production assistant, quality inspector, factory, assembly line, bottling, process worker, manufacturing
    associate, laundry operative
cleaner | cleaning | manual | cleaner, care home domestic, hospital domestic, ward domestic, cleaning operative,
    janitor, custodian, domestic assistant, domestic, office cleaner, commercial cleaner, contract cleaner, cleaning
    assistant, school cleaner, hospital cleaner, window cleaner, cleaning technician, housekeeping operative, deep
    cleaner, cleaning, valet cleaner, toilet attendant, washroom attendant
caretaker | caretaking | manual | caretaker, handyman, handyperson, handy person, maintenance assistant, site
    maintenance, maintenance operative, general maintenance, maintenance worker, estates assistant, odd job,
    premises assistant, site assistant, facilities assistant
porter | portering | manual | porter, hospital porter, hotel porter, portering, night porter, luggage porter,
    facilities porter, concierge, bellboy, doorman, furniture porter, removals porter, removals
care_worker | care | helping people | care assistant, direct support professional, dsp, carer, care worker, support
    worker, healthcare assistant, health care assistant, nursing assistant, care giver, caregiver, home carer,
    domiciliary carer, domiciliary care worker, home care worker, personal care assistant, personal assistant care,
    residential support worker, health care aide, home health aide, senior carer, care home assistant, night carer,
    care, healthcare support worker, patient care assistant, community support worker, support assistant, enablement
    worker, reablement worker, activities coordinator
peer_support | peer_support | helping people | peer support worker, peer supporter, peer support, peer mentor,
    recovery worker, recovery coach, lived experience, peer worker, befriender, mentor
nurse | nursing | helping | registered nurse, dental nurse, staff nurse, nurse, rgn, rmn, mental health nurse, nurse
    practitioner, midwife, paramedic, pharmacist, doctor, physiotherapist, occupational therapist, social worker,
    psychologist
admin | admin | computers | administrative assistant, admin assistant, administrator, administration assistant,
    office assistant, clerical assistant, clerical officer, office junior, office administrator, admin,
    administration, office clerk, filing clerk, clerk, office worker, administrative officer, admin support, office
    support, secretary, team secretary, personal assistant, pa, office, post clerk
data_entry | data_entry | computers | data entry clerk, typing, data entry operator, data entry, data inputter, data
    input, data processor, typist, copy typist, keyboard operator, data administrator, scanning operator, document
    scanner, records assistant
receptionist | reception | people | receptionist, front desk, front desk agent, front desk clerk, reception,
    reception assistant, front of house receptionist, hotel receptionist, medical receptionist, gp receptionist,
    dental receptionist, welcome host, meet and greet, greeter, switchboard operator, guest services
contact_centre | contact_centre | people computers | call centre, call center, call centre agent, call center agent,
    contact centre, customer service advisor, customer service adviser, customer service representative, customer
    service agent, customer services, customer service, customer advisor, customer adviser, telephone operator,
    telesales, call handler, phone operator, helpline adviser, helpline advisor, inbound sales, outbound sales,
    customer care advisor, customer support agent, customer support, complaints handler, contact centre agent
security | security | night people | security guard, security officer, security, door supervisor, doorman security,
    bouncer, door staff, steward, event steward, crowd steward, cctv operator, patrol officer, gatehouse officer,
    security patrol, retail security, store detective, loss prevention, night watchman, concierge security, sia,
    mobile patrol, keyholder
animal_care | animal_care | animals outdoor | kennel assistant, kennel hand, kennel worker, kennel, kennels, dog
    walker, dog walking, pet sitter, dog groomer, pet groomer, groomer, grooming assistant, animal care assistant,
    animal carer, animal care, animal care worker, animal attendant, animal technician, animal welfare assistant,
    cattery assistant, cattery, pet shop assistant, pet shop, pet store, pet store associate, pet care, zoo keeper,
    zookeeper, keeper, stable hand, stable lad, groom, yard hand, livery yard, rescue centre, animal rescue, dog
    daycare, doggy daycare, dog day care, animal shelter, shelter assistant, veterinary care assistant, vet care
    assistant, animal, pet, pets, equine, dog, cat, horse
vet | vet | animals | veterinary nurse, vet nurse, veterinary surgeon, vet surgeon, vet, veterinarian, veterinary,
    vet receptionist, veterinary receptionist
gardener | gardening | outdoor manual | gardener, groundskeeper, grounds keeper, grounds maintenance, grounds
    person, groundsperson, grounds staff, landscaper, landscape gardener, garden labourer, gardening assistant,
    horticulture assistant, horticultural assistant, garden centre assistant, plant nursery, tree surgeon, arborist,
    park ranger, park keeper, parks operative, greenkeeper, green keeper, countryside ranger, conservation
    volunteer, garden maintenance, gardening, grass cutter, plant care
farm | farm | outdoor manual animals | farm hand, farm worker, farmhand, farm labourer, fruit picker, fruit picking,
    seasonal picker, crop picker, harvest worker, agricultural worker, agricultural labourer, dairy worker,
    herdsman, stockman, tractor driver, poultry worker, farm assistant, vineyard worker, agriculture
street | street | outdoor manual | street cleaner, sanitation worker, sanitation, street sweeper, litter picker,
    refuse collector, refuse loader, bin man, bin collector, waste collector, recycling operative, recycling, waste
    operative, waste management operative, refuse, street scene operative, road sweeper, environmental operative,
    recycling centre, recycling assistant, tip attendant, household waste
labourer | labouring | manual outdoor | labourer, labouring, building site, building site work, site work, general
    labourer, construction labourer, site labourer, groundworker, ground worker, building labourer, construction
    worker, construction operative, demolition, scaffolder, scaffold labourer, builder's labourer, builders
    labourer, hod carrier, site operative, road worker, traffic marshal, banksman, construction site
trade | trades | manual | kitchen fitter, painter, kitchen installer, kitchen designer, bathroom fitter,
    electrician, electrical engineer, plumber, carpenter, joiner, bricklayer, plasterer, painter and decorator,
    painter decorator, decorator, tiler, roofer, gas engineer, heating engineer, welder, fabricator, mechanical
    engineer, maintenance engineer, engineer, apprentice electrician, glazier, locksmith, flooring fitter, carpet
    fitter, shop fitter, shopfitter, upholsterer, plumber's mate, electricians mate
teaching_assistant | teaching_support | children helping | teaching assistant, ta, classroom assistant, learning
    support assistant, lsa, learning support, special needs assistant, sen teaching assistant, teaching support,
    school support, midday supervisor, lunchtime supervisor, playground supervisor, exam invigilator, invigilator,
    school crossing patrol, lollipop
childcare | childcare | children | nursery assistant, nursery nurse, nursery practitioner, early years practitioner,
    early years assistant, childcare assistant, childcare worker, nanny, au pair, childminder, playworker, play
    worker, creche assistant, after school club, holiday club, playgroup assistant, babysitter, youth worker
teacher | teaching | children | teacher, lecturer, tutor, headteacher, head teacher, professor, instructor teaching
driver | driving | driving | bus driver, coach driver, taxi driver, minicab driver, private hire driver, cab driver,
    minibus driver, community transport driver, tram driver, train driver, bus conductor, passenger assistant,
    escort driver, school bus
car_care | car_care | manual outdoor | car washer, parking lot attendant, lot attendant, car jockey, car wash, car
    valeter, valeter, car valet, valeting, car cleaner, car park attendant, parking attendant, civil enforcement
    officer, traffic warden, petrol station attendant, forecourt attendant, tyre fitter, tire fitter, tyre
    technician
mechanic | mechanic | manual | mechanic, bike, bikes, bicycle, bicycles, cycle, cycling, bike shop mechanic, fixing
    bikes, bike repair, bicycle repair, repairing bikes, bike repairs, fixing cars, car repair, vehicle technician,
    motor mechanic, bike mechanic, bicycle mechanic, cycle mechanic, cycle technician, repair technician, appliance
    repair, bike technician, service technician, mot tester, apprentice mechanic
leisure | leisure | people | leisure assistant, leisure attendant, lifeguard, pool attendant, gym instructor,
    fitness instructor, personal trainer, gym attendant, sports coach, sports assistant, activity instructor, cinema
    assistant, cinema staff, usher, theatre usher, box office assistant, ticket office, bowling alley, leisure
    centre, gym, swimming teacher, golf, ride operator, theme park
library | library | books | library assistant, librarian, library customer service assistant, library worker,
    library, archive assistant, library helper, books
culture | culture | people | museum assistant, museum attendant, gallery assistant, gallery attendant, visitor
    assistant, visitor experience, visitor services, tour guide, heritage, museum, gallery, steward museum, room
    steward, information assistant
creative | creative | creative | graphic designer, artist, illustrator, photographer, photography assistant,
    florist, craft, crafts, picture framer, sign writer, printer operator, print finisher, print, tailor,
    seamstress, sewing machinist, dressmaker, jewellery maker, potter, web designer, designer, video editor,
    musician, music, theatre
hair_beauty | hair_beauty | people creative | hairdresser, hair, hairdressing, beauty, salon, barber, beauty
    therapist, nail technician, massage therapist, salon assistant, hair salon, junior stylist, trainee hairdresser,
    beautician, salon junior
it_support | it_support | computers | it support, it technician, helpdesk, help desk, service desk, it helpdesk,
    desktop support, it support technician, it assistant, computer technician, technical support, tech support, it
    apprentice, first line support, pc technician, it support analyst
it_professional | it_professional | computers | security engineer, cyber security, cybersecurity, security analyst,
    information security, security architect, security consultant, penetration tester, software engineer, software
    developer, developer, programmer, web developer, data analyst, data scientist, data engineer, devops engineer,
    network engineer, systems administrator, database administrator, it manager, cloud engineer, solutions
    architect, qa engineer, test engineer
legal | legal | - | barrister, solicitor, lawyer, paralegal, legal secretary, legal assistant, conveyancer,
    attorney, legal executive
finance | finance | computers | accountant, accounts assistant, bookkeeper, book keeper, payroll assistant, finance
    assistant, finance officer, credit controller, auditor, bank cashier, bank clerk, financial adviser, financial
    advisor, mortgage adviser, underwriter, actuary, accounts payable, accounts receivable
sales | sales | people | sales executive, sales representative, sales rep, field sales, business development,
    account manager, estate agent, lettings negotiator, car salesman, recruitment consultant, brand ambassador,
    promotions staff, leaflet distributor, canvasser, fundraiser, street fundraiser, door to door, insurance sales,
    sales consultant, sales manager
"""

# Goal words that name a kind of work rather than a job: tag | how reasons describe it | words or phrases.
TAG_LINES = """
animals | work with animals | animals, animal, pets, pet, dogs, dog, cats, cat, horses, horse, wildlife, with
    animals, animal lover
outdoor | outdoor work | outdoor, outdoors, outside, open air, fresh air, nature, in the open, not indoors, out and
    about, outdoor work
manual | hands-on work | with my hands, hands on, handson, practical, manual, physical work, building things, making
    things, fixing things
people | work with people | with people, people, customers, the public, customer facing, meeting people, talking to
    people, chatting
helping | helping people | helping people, help people, helping others, help others, caring, make a difference,
    supporting people, support people, looking after people, look after people, helping
children | work with children | children, kids, young people, child, babies, youngsters
driving | driving | driving, drive, behind the wheel, on the road
computers | computer work | computers, computer, on a computer, tech, technology, laptop, digital
food | work with food | food, cooking, baking, cook food, making food
creative | creative work | creative, art, arts, design, crafts, arty, making art, drawing
books | work with books | books, reading
night | night work | night work, nights, night shift
"""

# Abbreviations and spelling variants, expanded before matching: short form | long form.
ABBREVIATION_LINES = """
kp | kitchen porter
kps | kitchen porter
foh | front of house
boh | back of house
hca | healthcare assistant
hcas | healthcare assistant
csa | customer service assistant
csr | customer service representative
cna | nursing assistant
pca | personal care assistant
flt | forklift
lgv | lgv driver
c1 | class two driver
sia | sia
ta | teaching assistant
lsa | learning support assistant
asst | assistant
assist | assistant
admin | admin
mgr | manager
ops | operative
op | operative
oper | operative
opp | operative
operatives | operative
w h | warehouse
whse | warehouse
wh | warehouse
recep | receptionist
f b | f and b
fnb | f and b
pt | part time
ft | full time
nhs | nhs
pos | till
ccTV | cctv
dom | domiciliary
domicilliary | domiciliary
carer's | carer
carers | carer
picker packer | picker packer
pickers | picker
packers | packer
waitstaff | wait staff
busboy | busser
janitorial | janitor
groundsman | groundsperson
groundswoman | groundsperson
postlady | postwoman
colleague | colleague
"""

# Words that mark a senior post; an entry-level goal without them matches such titles less strongly.
SENIORITY_WORDS = frozenset(
    "manager management supervisor head lead leader director chief senior principal superintendent "
    "coordinator controller executive owner proprietor".split()
)

# Descriptions of the avoid list: a participant's word or phrase | words in an opening that suggest it.
AVOID_LINES = """
heavy lifting, lifting, heavy work, carrying, manual handling, physical, heavy | lifting heavy manual carry carrying
    lift 25kg 20kg physically demanding loads load unloading
phone, phones, phone work, telephone, calls, cold calling, call centre, headset | phone telephone calls call inbound
    outbound telesales headset switchboard
night, nights, night work, night shifts, late nights | night nights overnight nightshift graveyard
weekend, weekends, weekend work | weekend weekends saturday sunday
standing, standing all day, on my feet, on feet | standing feet
driving, driving licence, driving license, no driving | driving driver licence license van vehicle
customers, customer facing, the public, public facing, crowds, busy places | customer customers public busy crowds
cash, cash handling, money, till | cash till money tills
alcohol, bars, pubs, drink | alcohol bar bars pub pubs licensed drinks
cold, freezer, chiller, outside in winter | cold freezer chiller chilled frozen
heights, ladders, working at height | heights height ladders ladder scaffold scaffolding
noise, noisy, loud | noise noisy loud machinery
targets, sales targets, pressure, selling | targets target commission kpi kpis selling
children, kids | children child kids pupils school nursery
animals, dogs | animals animal dogs dog pets kennel
cleaning, toilets | cleaning toilets toilet washroom
cooking, kitchens, hot kitchens | kitchen kitchens cooking hot fryer
teams, big teams, team work | team teams
computers, computer work, screens | computer computers screen typing
uniform | uniform
early starts, early mornings | early morning mornings 6am 5am
"""


def parse_table(lines: str, columns: int) -> list[list[str]]:
    """Split a ``|``-separated block into rows of stripped cells; an indented line continues the row above."""
    joined: list[str] = []
    for line in lines.strip("\n").splitlines():
        if line[:1].isspace() and joined:
            joined[-1] += " " + line.strip()
        elif line.strip():
            joined.append(line)
    rows = []
    for line in joined:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != columns:
            raise ValueError(f"bad table line: {line!r}")
        rows.append(cells)
    return rows

# Phrases too general to decide a title on their own ("shop", "dog", "security"): they count only when the
# title holds no more specific job phrase, so "Dog Food Factory Operative" is production work.
WEAK_PHRASES = frozenset(
    """
    coffee bike bikes bicycle bicycles cycle cycling hair hairdressing beauty salon
    typing deliveries bar pub shop retail office care warehouse factory security cleaning catering recycling
    reception library museum
    gallery gym golf print music theatre books animal pet pets dog cat horse equine keeper picking packing
    admin administration checkout kennel kennels refuse agriculture heritage craft crafts driver engineer
    designer host server runner steward mentor clerk housekeeping portering removals demolition
    gardening valeting vet veterinary kitchen replenishment cocktail burger factory lollipop sorter loader
    """.split()
) | {"customer service", "customer support", "fast food", "lived experience", "leisure centre", "sales floor",
     "shop floor", "food production", "assembly line", "production line", "distribution centre",
     "fulfilment centre", "construction site", "recycling centre", "animal care", "pet care", "coffee shop",
     "charity shop", "farm shop", "betting shop", "pet shop", "pet store", "chip shop", "front of house",
     "back of house", "school bus", "theme park", "bowling alley", "ticket office", "help desk", "service desk"}

# Industry words an employer or participant may use | the sector they belong to.
INDUSTRY_LINES = """
hospitality | hospitality, hotel, hotels, restaurant, restaurants, catering, food service, food and beverage, pub,
    pubs, bar, cafe, coffee, tourism, events, fast food, quick service, food and drink, contract catering
retail | retail, shop, shops, supermarket, store, stores, grocery, groceries, fashion, consumer goods, wholesale,
    charity shop, high street, convenience store, department store
logistics | logistics, warehouse, warehousing, distribution, supply chain, delivery, deliveries, courier, postal,
    parcel, parcels, freight, e commerce, ecommerce, fulfilment, haulage, transport and logistics
manufacturing | manufacturing, factory, production, food production, food manufacturing, industrial, packaging,
    engineering, print, printing
facilities | facilities, facilities management, cleaning, facility management, property, environmental services,
    waste, recycling, maintenance, housing, waste management
care | care, health, healthcare, health care, social care, nhs, hospital, nursing, mental health, adult social care,
    home care, residential care, care home, health and social care, community care
office | office, administration, admin, business services, call centre, contact centre, customer service, insurance,
    banking, public sector, government, council, local authority, civil service, utilities, telecoms
security | security, guarding, door supervision, manned guarding
animals | animal, animals, animal care, pet, pets, veterinary, vet, kennel, kennels, equine, zoo, animal welfare
horticulture | horticulture, garden, gardens, gardening, landscaping, agriculture, farming, farm, grounds, parks,
    forestry, environment, conservation, outdoors, outdoor, garden centre
construction | construction, building, trades, civil engineering, housebuilding, building services
education | education, school, schools, childcare, nursery, early years, college, university
transport | transport, automotive, motor, motor trade, bus, taxi, rail, car, passenger transport
leisure | leisure, sport, sports, fitness, arts, culture, museum, heritage, library, libraries, entertainment,
    cinema, theatre, creative, media, music, charity
it | it, technology, tech, software, digital, computing, information technology, cyber security
professional | legal, law, accounting, finance, financial services, professional services, recruitment, marketing,
    sales, consulting
"""
