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
};

/* Chores and errands; each is used four times, once per time frame. */
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
  /* 37 is coprime with the 50 tasks, so each block of 50 todos uses every
   * task once, in a shuffled order, and every title is distinct. */
  const char *task = seed_tasks[(index * 37) % G_N_ELEMENTS (seed_tasks)];
  const char *frame = seed_time_frames[(index / G_N_ELEMENTS (seed_tasks)) % G_N_ELEMENTS (seed_time_frames)];
  g_autofree char *title = g_strconcat (task, frame, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "userId");
  json_builder_add_int_value (builder, index / per_user + 1);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "completed");
  /* About two in five are done, spread unevenly across the users */
  json_builder_add_boolean_value (builder, (index * 7 + index / per_user) % 5 < 2);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tq_demo_seed_new:
 *
 * Builds the demo's first-run data: %TQ_DEMO_SEED_N_USERS users (ids 1 to
 * 10) and %TQ_DEMO_SEED_N_TODOS todos (ids 1 to 200, the first 20 belonging
 * to user 1, the next 20 to user 2, and so on), in JSONPlaceholder's shapes.
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

  for (guint i = 0; i < TQ_DEMO_SEED_N_USERS; i++)
    json_array_add_element (users, seed_user_new (i + 1, &seed_users[i]));

  for (guint i = 0; i < TQ_DEMO_SEED_N_TODOS; i++)
    json_array_add_element (todos, seed_todo_new (i + 1));

  json_object_set_array_member (root, "users", users);
  json_object_set_array_member (root, "todos", todos);

  return root;
}
