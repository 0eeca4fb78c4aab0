/* tq-demo-seed.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tq-demo-seed.h"

/* The demo's own people, places and chores: every name, address and title
 * here is invented. E-mail addresses and web sites use the reserved
 * `.example` top-level domain and telephone numbers the 555-01xx range kept
 * for fiction, so that nothing points at anyone real. The resource shapes
 * are JSONPlaceholder's.
 */

typedef struct
{
  const char *name;
  const char *username;
  const char *email;
  const char *phone;
  const char *website;
  const char *street;
  const char *suite;
  const char *city;
  const char *zipcode;
  const char *lat;
  const char *lng;
  const char *company;
  const char *catch_phrase;
  const char *bs;
} SeedUser;

static const SeedUser seed_users[TQ_DEMO_SEED_N_USERS] = {
  { "Marta Kowalczyk", "marta.k", "marta@kowalczyk.example", "+1 202-555-0101", "kowalczyk.example",
    "14 Linden Row", "Apt. 4", "Harwick", "40117", "51.2210", "6.7762",
    "Tallow & Finch", "Candles for long evenings", "hand-poured wax goods" },
  { "Oluwaseun Adeyemi", "seun", "seun@adeyemi.example", "+1 202-555-0102", "seun-builds.example",
    "7 Quarry Lane", "Suite 12", "Brindlemoor", "52904", "6.4541", "3.3947",
    "Brightline Joinery", "Straight edges, honest wood", "bespoke kitchen fittings" },
  { "Ingrid Solberg", "ingrid_s", "ingrid.solberg@fjordmail.example", "+1 202-555-0103", "solberg.example",
    "221 Harbour Road", "Flat 3B", "Kestrel Bay", "81230", "60.3913", "5.3221",
    "Northwind Charts", "Maps for people who sail", "nautical chart printing" },
  { "Tomás Herrera", "tomas.h", "tomas@herrera-studio.example", "+1 202-555-0104", "herrera-studio.example",
    "58 Calle del Olivo", "Piso 2", "Eastvale", "28014", "40.4168", "-3.7038",
    "Herrera Studio", "Good light, good pictures", "portrait and event photography" },
  { "Priya Raghunathan", "priya.r", "priya@raghunathan.example", "+1 202-555-0105", "priya-codes.example",
    "3 Banyan Court", "Unit 9", "Amberley Cross", "56008", "12.9716", "77.5946",
    "Lattice Labs", "Small tools, sharp results", "developer tooling consultancy" },
  { "Jonas Weber", "jweber", "jonas@weber-radwerk.example", "+1 202-555-0106", "weber-radwerk.example",
    "90 Mühlenweg", "Hinterhaus", "Westerholt", "10405", "52.5200", "13.4050",
    "Weber Radwerk", "Bicycles that outlast you", "bicycle repair and restoration" },
  { "Aiko Tanaka", "aiko", "aiko.tanaka@kumo.example", "+1 202-555-0107", "kumo-tea.example",
    "12 Cedar Steps", "Room 501", "Dunmore Heights", "15000", "35.0116", "135.7681",
    "Kumo Tea House", "Slow tea for busy days", "loose-leaf tea retail" },
  { "Callum Fraser", "cfraser", "callum@fraser-and-daughter.example", "+1 202-555-0108", "fraser-and-daughter.example",
    "4 Heather Brae", "Cottage 2", "Saltmarsh", "EH12 9ZZ", "55.9533", "-3.1883",
    "Fraser & Daughter", "Wool from the hills", "knitwear and yarn mill" },
  { "Leila Haddad", "leila.h", "leila@haddad-ceramics.example", "+1 202-555-0109", "haddad-ceramics.example",
    "33 Jasmine Street", "Studio C", "Port Calloway", "20050", "33.8938", "35.5018",
    "Haddad Ceramics", "Everyday things, made slowly", "handmade tableware" },
  { "Mateo Rossi", "mateo", "mateo.rossi@trattoria-verde.example", "+1 202-555-0110", "trattoria-verde.example",
    "61 Via dei Pini", "Interno 7", "Oakhollow", "00153", "41.9028", "12.4964",
    "Trattoria Verde", "Seasonal, local, generous", "neighbourhood restaurant" },
  { "Amara Okafor", "amara.o", "amara@okafor-textiles.example", "+1 202-555-0111", "okafor-textiles.example",
    "18 Indigo Walk", "Unit 3", "Fernleigh", "10231", "6.5244", "3.3792",
    "Okafor Textiles", "Colour that lasts", "hand-dyed fabrics" },
  { "Björn Lindqvist", "bjorn.l", "bjorn@lindqvist.example", "+1 202-555-0112", "lindqvist-boats.example",
    "5 Skeppar Lane", "Boathouse", "Greywater", "11453", "59.3293", "18.0686",
    "Lindqvist Boatworks", "Wooden hulls, modern keels", "small boat building" },
  { "Xiaoling Chen", "xiaoling", "xiaoling.chen@lantern.example", "+1 202-555-0113", "lantern-books.example",
    "27 Plum Blossom Road", "Floor 6", "Silverbrook", "200031", "31.2304", "121.4737",
    "Lantern Books", "Stories worth the shelf space", "independent bookshop" },
  { "Dmytro Kovalenko", "dmytro.k", "dmytro@kovalenko.example", "+1 202-555-0114", "kovalenko-bakery.example",
    "44 Sunflower Avenue", "Apt. 12", "Millbrook", "01001", "50.4501", "30.5234",
    "Kovalenko Bakery", "Bread before sunrise", "rye and sourdough baking" },
  { "Élodie Marchand", "elodie", "elodie@marchand-fleurs.example", "+1 202-555-0115", "marchand-fleurs.example",
    "9 Rue des Lilas", "2e étage", "Rosecombe", "69002", "45.7640", "4.8357",
    "Marchand Fleurs", "Flowers for every Tuesday", "florist and garden design" },
  { "Farid Rahimi", "farid.r", "farid@rahimi-rugs.example", "+1 202-555-0116", "rahimi-rugs.example",
    "71 Pomegranate Row", "Shop 4", "Ashford Vale", "10115", "34.5553", "69.2075",
    "Rahimi Rugs", "Knots you can count on", "rug weaving and repair" },
  { "Giulia Ferraro", "giulia.f", "giulia@ferraro-design.example", "+1 202-555-0117", "ferraro-design.example",
    "16 Via della Seta", "Scala B", "Larkspur", "20121", "45.4642", "9.1900",
    "Ferraro Design", "Chairs you want to sit in", "furniture design studio" },
  { "Hana Nováková", "hana.n", "hana@novakova.example", "+1 202-555-0118", "novakova-glass.example",
    "3 Crystal Lane", "Dílna 1", "Hollowmere", "11000", "50.0755", "14.4378",
    "Nováková Glass", "Light, shaped by hand", "blown glass workshop" },
  { "Ibrahim El-Sayed", "ibrahim.e", "ibrahim@elsayed-travel.example", "+1 202-555-0119", "elsayed-travel.example",
    "102 Nile Terrace", "Office 8", "Sandgate", "11511", "30.0444", "31.2357",
    "El-Sayed Travel", "Journeys planned with care", "tour planning agency" },
  { "Júlia Santos", "julia.s", "julia@santos-surf.example", "+1 202-555-0120", "santos-surf.example",
    "8 Rua do Mar", "Casa 2", "Coral Point", "22070", "-22.9068", "-43.1729",
    "Santos Surf School", "Catch the next wave", "surfing lessons" },
  { "Kwame Mensah", "kwame", "kwame@mensah-solar.example", "+1 202-555-0121", "mensah-solar.example",
    "55 Sunrise Close", "Block C", "Redcliff", "00233", "5.6037", "-0.1870",
    "Mensah Solar", "Power from every rooftop", "solar panel installation" },
  { "Lucía Fernández", "lucia.f", "lucia@fernandez-tango.example", "+1 202-555-0122", "fernandez-tango.example",
    "230 Calle Corrientes", "Depto 5A", "Miravalle", "1043", "-34.6037", "-58.3816",
    "Fernández Tango", "Two left feet welcome", "dance school" },
  { "Mikko Virtanen", "mikko.v", "mikko@virtanen-sauna.example", "+1 202-555-0123", "virtanen-sauna.example",
    "12 Birch Shore", "Mökki", "Lakehurst", "00100", "60.1699", "24.9384",
    "Virtanen Saunas", "Warmth, built to last", "sauna building" },
  { "Nadia Petrova", "nadia.p", "nadia@petrova-labs.example", "+1 202-555-0124", "petrova-labs.example",
    "64 Rose Valley Street", "Lab 2", "Thornbury", "1000", "42.6977", "23.3219",
    "Petrova Labs", "Measure twice, publish once", "soil testing laboratory" },
  { "Oskar Nowak", "oskar.n", "oskar@nowak-print.example", "+1 202-555-0125", "nowak-print.example",
    "21 Amber Street", "Lokal 3", "Kingsmere", "00-001", "52.2297", "21.0122",
    "Nowak Print", "Ink that means it", "letterpress printing" },
  { "Paulo Mendes", "paulo.m", "paulo@mendes-azulejos.example", "+1 202-555-0126", "mendes-azulejos.example",
    "37 Travessa do Sol", "R/C", "Bluewater", "1100-148", "38.7223", "-9.1393",
    "Mendes Azulejos", "Walls that tell stories", "painted tile making" },
  { "Quentin Dubois", "quentin", "quentin@dubois-chocolat.example", "+1 202-555-0127", "dubois-chocolat.example",
    "4 Cocoa Passage", "Atelier", "Elmstead", "1000", "50.8503", "4.3517",
    "Dubois Chocolatier", "Bitter, sweet, honest", "chocolate making" },
  { "Rania Khalil", "rania.k", "rania@khalil-architects.example", "+1 202-555-0128", "khalil-architects.example",
    "19 Olive Hill", "Floor 3", "Stonebridge", "11118", "31.9539", "35.9106",
    "Khalil Architects", "Buildings that breathe", "sustainable architecture" },
  { "Siobhán Murphy", "siobhan", "siobhan@murphy-music.example", "+1 202-555-0129", "murphy-music.example",
    "6 Fiddler's Row", "The Loft", "Glenmore", "D02 X285", "53.3498", "-6.2603",
    "Murphy Music", "Tunes for every kitchen", "music lessons" },
  { "Tariq Hussain", "tariq.h", "tariq@hussain-spices.example", "+1 202-555-0130", "hussain-spices.example",
    "88 Saffron Market", "Stall 14", "Eastmoor", "54000", "31.5204", "74.3587",
    "Hussain Spices", "A pinch goes a long way", "spice importing" },
  { "Ursula Brandt", "ursula.b", "ursula@brandt-uhren.example", "+1 202-555-0131", "brandt-uhren.example",
    "15 Clockmaker Lane", "Werkstatt", "Fallowfield", "1010", "48.2082", "16.3738",
    "Brandt Uhren", "Time, carefully kept", "watch repair" },
  { "Vikram Nair", "vikram", "vikram@nair-ayur.example", "+1 202-555-0132", "nair-ayur.example",
    "3 Coconut Grove", "Villa 7", "Palmshore", "682001", "9.9312", "76.2673",
    "Nair Wellness", "Rest is part of the work", "wellness retreat" },
  { "Wiremu Parata", "wiremu", "wiremu@parata-carving.example", "+1 202-555-0133", "parata-carving.example",
    "29 Harbour View", "Studio 1", "Tidewater", "6011", "-41.2865", "174.7762",
    "Parata Carving", "Wood that remembers", "traditional carving" },
  { "Xóchitl Ramírez", "xochitl", "xochitl@ramirez-cacao.example", "+1 202-555-0134", "ramirez-cacao.example",
    "50 Calle Jacaranda", "Interior 4", "Verdemonte", "06700", "19.4326", "-99.1332",
    "Ramírez Cacao", "From bean to cup", "cacao roasting" },
  { "Yusuf Demir", "yusuf.d", "yusuf@demir-ceramik.example", "+1 202-555-0135", "demir-ceramik.example",
    "23 Tulip Street", "Kat 2", "Brightwater", "34000", "41.0082", "28.9784",
    "Demir Seramik", "Glazes from the old recipes", "ceramic tile studio" },
  { "Zanele Dlamini", "zanele", "zanele@dlamini-tours.example", "+1 202-555-0136", "dlamini-tours.example",
    "77 Protea Drive", "Unit 10", "Highveld", "2001", "-26.2041", "28.0473",
    "Dlamini Tours", "See it with someone who knows", "guided safaris" },
  { "Anneke de Vries", "anneke", "anneke@devries-fietsen.example", "+1 202-555-0137", "devries-fietsen.example",
    "41 Canal Quay", "Bovenhuis", "Windmere", "1012", "52.3676", "4.9041",
    "De Vries Fietsen", "Flat roads, fast wheels", "bicycle rental" },
  { "Bao Tran", "bao.t", "bao.tran@lotus-kitchen.example", "+1 202-555-0138", "lotus-kitchen.example",
    "65 Lotus Lane", "Tầng 2", "Riverside Gardens", "700000", "10.8231", "106.6297",
    "Lotus Kitchen", "Broth simmered overnight", "noodle restaurant" },
  { "Carmen Ortiz", "carmen.o", "carmen@ortiz-vinos.example", "+1 202-555-0139", "ortiz-vinos.example",
    "12 Camino de las Viñas", "Bodega", "Cerro Alto", "8320000", "-33.4489", "-70.6693",
    "Ortiz Vinos", "Patience in every bottle", "small vineyard" },
  { "Dávid Horváth", "david.h", "david@horvath-paprika.example", "+1 202-555-0140", "horvath-paprika.example",
    "33 Paprika Row", "Földszint", "Danube Reach", "1051", "47.4979", "19.0402",
    "Horváth Paprika", "Sweet, smoked or hot", "spice farming" },
  { "Emeka Nwosu", "emeka", "emeka@nwosu-apps.example", "+1 202-555-0141", "nwosu-apps.example",
    "14 Palm Crescent", "Suite 5", "Harbourside", "100001", "6.4550", "3.3841",
    "Nwosu Apps", "Software for small shops", "point-of-sale software" },
  { "Freya Johansen", "freya.j", "freya@johansen-wool.example", "+1 202-555-0142", "johansen-wool.example",
    "2 Sheepfold Road", "Farmhouse", "Northcliff", "5003", "60.3900", "5.3250",
    "Johansen Wool", "Warm from the fjord", "sheep farming and wool" },
  { "Gabriel Costa", "gabriel.c", "gabriel@costa-cafe.example", "+1 202-555-0143", "costa-cafe.example",
    "90 Avenida Paulista", "Loja 12", "Montclair", "01310", "-23.5505", "-46.6333",
    "Costa Café", "Roasted on Mondays", "coffee roastery" },
  { "Hiroshi Saito", "hiroshi", "hiroshi.saito@saito-knives.example", "+1 202-555-0144", "saito-knives.example",
    "7 Forge Alley", "Workshop B", "Ironvale", "530-0001", "34.6937", "135.5023",
    "Saito Knives", "Sharp for a lifetime", "kitchen knife forging" },
  { "Isabelle Moreau", "isabelle.m", "isabelle@moreau-parfums.example", "+1 202-555-0145", "moreau-parfums.example",
    "18 Lavender Court", "Bureau 4", "Marlowe", "13001", "43.2965", "5.3698",
    "Moreau Parfums", "Memories in a bottle", "perfume blending" },
  { "Jae-won Park", "jaewon", "jaewon.park@park-robotics.example", "+1 202-555-0146", "park-robotics.example",
    "101 Maple Tower Road", "Floor 14", "New Hanford", "04524", "37.5665", "126.9780",
    "Park Robotics", "Helpful machines", "warehouse robotics" },
  { "Katarzyna Zielińska", "kasia.z", "kasia@zielinska-pottery.example", "+1 202-555-0147", "zielinska-pottery.example",
    "26 Clay Street", "Pracownia", "Willowby", "31-001", "50.0647", "19.9450",
    "Zielińska Pottery", "Blue patterns, daily use", "stoneware pottery" },
  { "Liam Byrne", "liam.b", "liam@byrne-beekeeping.example", "+1 202-555-0148", "byrne-beekeeping.example",
    "3 Heather Lane", "The Barn", "Beechwood", "T12 AB34", "51.8985", "-8.4756",
    "Byrne Honey", "Busy bees, slow honey", "beekeeping" },
  { "Mariam Tadesse", "mariam.t", "mariam@tadesse-coffee.example", "+1 202-555-0149", "tadesse-coffee.example",
    "48 Highland Road", "Office 2", "Ambergate", "1000", "9.0300", "38.7400",
    "Tadesse Coffee", "Where coffee began", "coffee exporting" },
  { "Nikolai Sorokin", "nikolai", "nikolai@sorokin-chess.example", "+1 202-555-0150", "sorokin-chess.example",
    "11 Bishop's Walk", "Apt. 31", "Kingsbridge", "190000", "59.9311", "30.3609",
    "Sorokin Chess Club", "Think three moves ahead", "chess coaching" },
  { "Olha Ivanenko", "olha", "olha@ivanenko-embroidery.example", "+1 202-555-0151", "ivanenko-embroidery.example",
    "5 Viburnum Street", "Apt. 9", "Cherryfield", "79000", "49.8397", "24.0297",
    "Ivanenko Embroidery", "Every stitch a story", "embroidered clothing" },
  { "Pedro Alvarado", "pedro.a", "pedro@alvarado-andes.example", "+1 202-555-0152", "alvarado-andes.example",
    "62 Jirón de la Unión", "Of. 301", "Condor Heights", "15001", "-12.0464", "-77.0428",
    "Alvarado Andes", "Up the mountain, safely", "mountain guiding" },
  { "Ruth Goldberg", "ruth.g", "ruth@goldberg-law.example", "+1 202-555-0153", "goldberg-law.example",
    "150 Cedar Boulevard", "Suite 900", "Lakeport", "10001", "40.7128", "-74.0060",
    "Goldberg Law", "Plain words, fair deals", "small-business law" },
  { "Sofia Papadopoulou", "sofia.p", "sofia@papadopoulou-olives.example", "+1 202-555-0154", "papadopoulou-olives.example",
    "8 Olive Grove Lane", "Spiti 1", "Aegean Bay", "10552", "37.9838", "23.7275",
    "Papadopoulou Olives", "Pressed the same day", "olive oil pressing" },
  { "Thabo Mokoena", "thabo", "thabo@mokoena-builds.example", "+1 202-555-0155", "mokoena-builds.example",
    "36 Jacaranda Street", "Yard 2", "Summerhill", "0002", "-25.7479", "28.2293",
    "Mokoena Builders", "Solid from the ground up", "home construction" },
  { "Valentina Rojas", "valentina", "valentina@rojas-flores.example", "+1 202-555-0156", "rojas-flores.example",
    "19 Carrera de las Flores", "Apto 702", "Bellmonte", "050001", "6.2442", "-75.5812",
    "Rojas Flores", "Roses for export", "flower farming" },
  { "Mei Lin Wong", "meilin", "meilin.wong@wong-dimsum.example", "+1 202-555-0157", "wong-dimsum.example",
    "88 Jade Street", "Level 2", "Orchid Park", "50000", "3.1390", "101.6869",
    "Wong Dim Sum", "Steamed while you wait", "dim sum restaurant" },
  { "Yara Nasser", "yara.n", "yara@nasser-studio.example", "+1 202-555-0158", "nasser-studio.example",
    "14 Cedar Stairs", "Studio 5", "Bayview Hill", "1100", "33.8886", "35.4955",
    "Nasser Studio", "Type that talks", "graphic design studio" },
  { "Sione Tupou", "sione", "sione@tupou-canoes.example", "+1 202-555-0159", "tupou-canoes.example",
    "3 Reef Road", "Fale 2", "Palm Harbour", "0101", "-21.1394", "-175.2049",
    "Tupou Canoes", "Paddle further", "outrigger canoe building" },
  { "Kalani Akana", "kalani", "kalani@akana-leis.example", "+1 202-555-0160", "akana-leis.example",
    "41 Plumeria Way", "Apt. 2B", "Sunset Shore", "96813", "21.3069", "-157.8583",
    "Akana Leis", "Flowers for every welcome", "lei making and floristry" },
};

/* Chores and errands; each is used once per time frame. */
static const char * const seed_tasks[] = {
  "Book a dentist appointment",
  "Renew the library card",
  "Water the balcony plants",
  "Back up the laptop",
  "Replace the hallway light bulb",
  "Call the landlord about the radiator",
  "Pay the electricity bill",
  "Sort the recycling",
  "Return the borrowed ladder",
  "Order new printer ink",
  "Clean out the fridge",
  "Update the CV",
  "Fix the squeaky door hinge",
  "Plan the weekend hike",
  "Buy a birthday present for Grandma",
  "Defrost the freezer",
  "Take the car for its service",
  "Write thank-you cards",
  "Descale the kettle",
  "Cancel the unused gym membership",
  "Repot the lemon tree",
  "Label the spice jars",
  "Sharpen the kitchen knives",
  "Donate old clothes",
  "Check the smoke alarms",
  "Read the book club novel",
  "Practise the guitar scales",
  "File the tax receipts",
  "Wash the winter coats",
  "Oil the bicycle chain",
  "Photograph the meter readings",
  "Restock the first-aid kit",
  "Vacuum the car seats",
  "Answer the neighbourhood survey",
  "Bake bread for the street party",
  "Mend the torn pillowcase",
  "Print the train tickets",
  "Clear the gutters",
  "Tune the piano",
  "Swap the summer tyres",
  "Learn ten new Spanish words",
  "Empty the shredder",
  "Frame the holiday photos",
  "Test the backup generator",
  "Bleed the radiators",
  "Pack the camping gear",
  "Call the bank about the new card",
  "Measure the window for curtains",
  "Refill the bird feeder",
  "Paint the garden fence",
};

static const char * const seed_time_frames[] = {
  "",
  " this week",
  " before Friday",
  " next month",
  " tomorrow",
  " tonight",
  " on Saturday",
  " on Sunday",
  " after work",
  " this weekend",
  " by the end of the month",
  " in the morning",
};

static JsonNode *
seed_user_new (guint           id,
               const SeedUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, user->username);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, user->email);

  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "street");
  json_builder_add_string_value (builder, user->street);
  json_builder_set_member_name (builder, "suite");
  json_builder_add_string_value (builder, user->suite);
  json_builder_set_member_name (builder, "city");
  json_builder_add_string_value (builder, user->city);
  json_builder_set_member_name (builder, "zipcode");
  json_builder_add_string_value (builder, user->zipcode);
  json_builder_set_member_name (builder, "geo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_string_value (builder, user->lat);
  json_builder_set_member_name (builder, "lng");
  json_builder_add_string_value (builder, user->lng);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, user->phone);
  json_builder_set_member_name (builder, "website");
  json_builder_add_string_value (builder, user->website);

  json_builder_set_member_name (builder, "company");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->company);
  json_builder_set_member_name (builder, "catchPhrase");
  json_builder_add_string_value (builder, user->catch_phrase);
  json_builder_set_member_name (builder, "bs");
  json_builder_add_string_value (builder, user->bs);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
seed_todo_new (guint id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint index = id - 1;
  guint per_user = TQ_DEMO_SEED_N_TODOS / TQ_DEMO_SEED_N_USERS;
  guint user = index / per_user;
  /* 37 is coprime with the 50 tasks, so each block of 50 todos uses every
   * task once, in a shuffled order, with a time frame of its own: every
   * title is distinct. */
  const char *task = seed_tasks[(index * 37) % G_N_ELEMENTS (seed_tasks)];
  const char *frame = seed_time_frames[(index / G_N_ELEMENTS (seed_tasks)) % G_N_ELEMENTS (seed_time_frames)];
  g_autofree char *title = g_strconcat (task, frame, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "userId");
  json_builder_add_int_value (builder, user + 1);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "completed");
  /* Each user has done between none and eight of their ten, two in five
   * on average, in a shuffled order (3 is coprime with 10) */
  json_builder_add_boolean_value (builder, (index % per_user * 3 + user) % per_user < (user * 5 + 4) % 9);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tq_demo_seed_new:
 *
 * Builds the demo's first-run data: %TQ_DEMO_SEED_N_USERS users (ids 1 to
 * 60) and %TQ_DEMO_SEED_N_TODOS todos (ids 1 to 600, the first 10 belonging
 * to user 1, the next 10 to user 2, and so on), in JSONPlaceholder's shapes.
 * The result is the same on every call.
 *
 * Returns: (transfer full): an object with the members `users` and `todos`,
 *   each an array of objects
 */
JsonObject *
tq_demo_seed_new (void)
{
  JsonObject *root = json_object_new ();
  JsonArray *users = json_array_sized_new (TQ_DEMO_SEED_N_USERS);
  JsonArray *todos = json_array_sized_new (TQ_DEMO_SEED_N_TODOS);

  G_STATIC_ASSERT (TQ_DEMO_SEED_N_TODOS == G_N_ELEMENTS (seed_tasks) * G_N_ELEMENTS (seed_time_frames));
  G_STATIC_ASSERT (TQ_DEMO_SEED_N_TODOS / TQ_DEMO_SEED_N_USERS == 10);

  for (guint i = 0; i < TQ_DEMO_SEED_N_USERS; i++)
    json_array_add_element (users, seed_user_new (i + 1, &seed_users[i]));

  for (guint i = 0; i < TQ_DEMO_SEED_N_TODOS; i++)
    json_array_add_element (todos, seed_todo_new (i + 1));

  json_object_set_array_member (root, "users", users);
  json_object_set_array_member (root, "todos", todos);

  return root;
}
