/* test-server-delivery.c: the certificate by mail or at the window
 *
 * One demo server serves every test here. Pickup capacity is set by the
 * unit's business administrator; bookings race from many connections at
 * once, each on its own thread and SoupSession, and the main thread
 * asserts on what they saw after joining them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

#define UNIT           "210102"
#define OTHER_UNIT     "210103"
#define HANDLER        "handler.210102"
#define OTHER_HANDLER  "handler.210103"
#define BIZADMIN       "bizadmin.210102"
#define OTHER_BIZADMIN "bizadmin.210103"
#define CITY_BIZADMIN  "bizadmin.210100"
#define CITY_VIEWER    "viewer.210100"
#define ITEM           "ZA-WFZ"
/* Friday 2026-02-13, 10:00 in Beijing. */
#define FRIDAY_10AM    "2026-02-13T02:00:00Z"
#define MAIL_ADDRESS   "辽宁省沈阳市和平区中山路88号3单元501室"
#define AGENT_NAME     "张伟民"
#define N_RACERS       20
#define RACE_CAPACITY  3

static WbTestServer *server;
static char *handler;
static char *bizadmin;

/* Helpers */

static char *
body_text (WbTestReply *reply)
{
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

static const char *
str_member (JsonObject *obj,
            const char *name)
{
  g_assert_true (json_object_has_member (obj, name));
  return json_object_get_string_member (obj, name);
}

static void
sign_in_at (const char *now_iso)
{
  wb_test_server_set_clock (server, now_iso);
  g_free (handler);
  g_free (bizadmin);
  handler = wb_test_login (server, HANDLER);
  bizadmin = wb_test_login (server, BIZADMIN);
}

static void
assert_status (WbTestReply *reply,
               guint        status,
               const char  *what)
{
  if (reply->status != status)
    {
      g_autofree char *text = body_text (reply);
      g_error ("%s answered %u, not %u: %s", what, reply->status, status, text);
    }
}

/* Posts an action that must hold; returns the moved case. */
static JsonObject *
act_ok (gint64      id,
        const char *action,
        const char *body,
        const char *state,
        const char *stage)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, handler, id, action, body);
  JsonObject *c;

  assert_status (reply, 200, action);
  c = json_object_ref (wb_test_reply_object (reply));
  g_assert_cmpstr (str_member (c, "state"), ==, state);
  g_assert_cmpstr (str_member (c, "stage"), ==, stage);
  return c;
}

/* Posts an action that must be refused, and checks the case stayed. */
static WbTestReply *
act_refused (const char *token,
             gint64      id,
             const char *action,
             const char *body,
             guint       status)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) before = wb_test_get_case (server, handler, id, &etag);
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", id, action);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };
  /* With the ETag the case's own handler sees: an outsider cannot read it. */
  WbTestReply *reply = wb_test_request_full (server, "POST", path, token, headers, NULL, bytes);

  assert_status (reply, status, action);
  after = wb_test_get_case (server, handler, id, NULL);
  g_assert_cmpint (json_object_get_int_member (after, "version"), ==,
                   json_object_get_int_member (before, "version"));
  return reply;
}

static gint64
completed_case (const char *upstream_id)
{
  gint64 id = wb_test_intake (server, upstream_id, ITEM, UNIT);
  g_autoptr(JsonObject) c = NULL;

  g_assert_cmpint (id, >, 0);
  json_object_unref (act_ok (id, "platform_pass", "{}", "unit_review", "none"));
  json_object_unref (act_ok (id, "accept", "{}", "accepted", "none"));
  c = act_ok (id, "approve", "{\"result\":\"无犯罪记录证明已开具\"}", "completed", "none");
  return id;
}

static gint64
printed_case (const char *upstream_id)
{
  gint64 id = completed_case (upstream_id);

  json_object_unref (act_ok (id, "choose_delivery", "{\"method\":\"window\"}",
                             "delivering", "window_printing"));
  json_object_unref (act_ok (id, "print_ready", "{}", "delivering", "window_ready"));
  return id;
}

static WbTestReply *
put_capacity (const char *token,
              const char *unit,
              const char *day,
              const char *json)
{
  g_autofree char *path = g_strdup_printf ("/units/%s/pickup-capacity/%s", unit, day);

  return wb_test_request (server, "PUT", path, token, json);
}

/* The id of the slot starting at @start in a list of slots. */
static gint64
slot_id (JsonArray  *slots,
         const char *day,
         const char *start)
{
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      if (g_str_equal (str_member (slot, "date"), day) && g_str_equal (str_member (slot, "start"), start))
        return json_object_get_int_member (slot, "id");
    }
  g_error ("no slot at %s %s", day, start);
  return 0;
}

static JsonObject *
find_slot (const char *token,
           const char *unit,
           const char *day,
           const char *start)
{
  g_autofree char *path = g_strdup_printf ("/units/%s/pickup-slots?from=%s&to=%s", unit, day, day);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  assert_status (reply, 200, "pickup-slots");
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *slot = json_array_get_object_element (items, i);

      if (g_str_equal (str_member (slot, "start"), start))
        return json_object_ref (slot);
    }
  g_error ("no slot at %s %s", day, start);
  return NULL;
}

static gint64
slot_booked (const char *day,
             const char *start)
{
  g_autoptr(JsonObject) slot = find_slot (handler, UNIT, day, start);

  g_assert_cmpint (json_object_get_int_member (slot, "available"), ==,
                   json_object_get_int_member (slot, "capacity") -
                   json_object_get_int_member (slot, "booked"));
  return json_object_get_int_member (slot, "booked");
}

/* Sets the day's capacity as the unit's business administrator; returns
 * the slots as the answer lists them. */
static JsonArray *
set_capacity (const char *day,
              const char *json)
{
  g_autoptr(WbTestReply) reply = put_capacity (bizadmin, UNIT, day, json);

  assert_status (reply, 200, "pickup-capacity");
  return json_array_ref (json_object_get_array_member (wb_test_reply_object (reply), "items"));
}

static JsonObject *
delivery_of (JsonObject *c)
{
  g_assert_true (json_object_has_member (c, "delivery"));
  return json_object_get_object_member (c, "delivery");
}

static JsonArray *
history (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, handler, NULL);

  assert_status (reply, 200, "history");
  return json_array_ref (json_object_get_array_member (wb_test_reply_object (reply), "items"));
}

/* Tests */

static void
test_mail_branch (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) refused = NULL;
  g_autoptr(WbTestReply) reveal = NULL;
  g_autofree char *case_path = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  id = completed_case ("DELIVERY-MAIL-1");

  /* Mail needs the address. */
  refused = act_refused (handler, id, "choose_delivery", "{\"method\":\"mail\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "choose_delivery", "{\"method\":\"mail\",\"address\":\"  \"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);

  c = act_ok (id, "choose_delivery", "{\"method\":\"mail\",\"address\":\"" MAIL_ADDRESS "\"}",
              "delivering", "mail_pending");
  g_assert_cmpstr (str_member (delivery_of (c), "method"), ==, "mail");
  g_assert_cmpstr (str_member (delivery_of (c), "address"), ==, "辽宁省沈阳市和平区***");
  g_clear_pointer (&c, json_object_unref);

  /* The address in clear only through the audited reveal. */
  case_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal", id);
  reveal = wb_test_request (server, "POST", case_path, handler, "{\"reason\":\"核对邮寄地址\"}");
  assert_status (reveal, 200, "reveal");
  g_assert_cmpstr (str_member (wb_test_reply_object (reveal), "delivery_address"), ==, MAIL_ADDRESS);

  /* Shipping names the courier and the tracking number, neither blank. */
  refused = act_refused (handler, id, "ship", "{\"tracking_no\":\"1178234567890\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "ship", "{\"courier\":\" \",\"tracking_no\":\"1178234567890\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "ship", "{\"courier\":\"EMS\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);

  c = act_ok (id, "ship", "{\"courier\":\"中国邮政EMS\",\"tracking_no\":\"1178234567890\"}",
              "delivering", "mail_shipped");
  g_assert_cmpstr (str_member (delivery_of (c), "courier"), ==, "中国邮政EMS");
  g_assert_cmpstr (str_member (delivery_of (c), "tracking_no"), ==, "1178234567890");
  g_clear_pointer (&c, json_object_unref);

  c = act_ok (id, "confirm_delivery", "{}", "delivered", "none");
  g_clear_pointer (&c, json_object_unref);
  c = act_ok (id, "archive", "{\"fees_collected\":0}", "archived", "none");
  /* The record keeps how it went out, still masked. */
  g_assert_cmpstr (str_member (delivery_of (c), "courier"), ==, "中国邮政EMS");
  g_assert_cmpstr (str_member (delivery_of (c), "address"), ==, "辽宁省沈阳市和平区***");

  {
    g_autoptr(JsonArray) rows = history (id);
    JsonObject *ship = NULL;

    for (guint i = 0; i < json_array_get_length (rows); i++)
      if (g_str_equal (str_member (json_array_get_object_element (rows, i), "action"), "ship"))
        ship = json_array_get_object_element (rows, i);
    g_assert_nonnull (ship);
    g_assert_cmpstr (str_member (json_object_get_object_member (ship, "detail"), "courier"), ==, "中国邮政EMS");
  }
}

static void
test_window_branch (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) refused = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hist_text = NULL;
  gint64 id, first, second;

  sign_in_at (FRIDAY_10AM);
  slots = set_capacity ("2026-03-02",
                        "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":2},"
                        "{\"start\":\"10:00\",\"end\":\"11:00\",\"capacity\":1}]}");
  g_assert_cmpuint (json_array_get_length (slots), ==, 2);
  first = slot_id (slots, "2026-03-02", "09:00");
  second = slot_id (slots, "2026-03-02", "10:00");

  id = completed_case ("DELIVERY-WINDOW-1");
  c = act_ok (id, "choose_delivery", "{\"method\":\"window\"}", "delivering", "window_printing");
  g_assert_true (json_object_get_null_member (delivery_of (c), "printed_at"));
  g_clear_pointer (&c, json_object_unref);

  /* Not booked before it is printed. */
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", first);
  refused = act_refused (handler, id, "book_pickup", body, 409);
  g_clear_pointer (&refused, wb_test_reply_free);

  c = act_ok (id, "print_ready", "{}", "delivering", "window_ready");
  g_assert_cmpstr (str_member (delivery_of (c), "printed_at"), ==, "2026-02-13T02:00:00Z");
  g_clear_pointer (&c, json_object_unref);

  /* The free-text slot of old is no longer a booking. */
  refused = act_refused (handler, id, "book_pickup", "{\"slot\":\"2026-03-02T09:30:00+08:00\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "book_pickup", "{\"slot_id\":999999}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);

  c = act_ok (id, "book_pickup", body, "delivering", "window_booked");
  {
    JsonObject *slot = json_object_get_object_member (delivery_of (c), "pickup_slot");

    g_assert_cmpint (json_object_get_int_member (slot, "id"), ==, first);
    g_assert_cmpstr (str_member (slot, "date"), ==, "2026-03-02");
    g_assert_cmpstr (str_member (slot, "start"), ==, "09:00");
    g_assert_cmpstr (str_member (slot, "end"), ==, "10:00");
  }
  g_assert_cmpstr (str_member (c, "pickup_slot"), ==, "2026-03-02T09:00:00+08:00");
  g_clear_pointer (&c, json_object_unref);
  g_assert_cmpint (slot_booked ("2026-03-02", "09:00"), ==, 1);

  /* Booking the same slot again takes no second place. */
  refused = act_refused (handler, id, "book_pickup", body, 409);
  g_clear_pointer (&refused, wb_test_reply_free);
  g_assert_cmpint (slot_booked ("2026-03-02", "09:00"), ==, 1);

  /* Re-booking frees the old slot. */
  g_free (body);
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", second);
  c = act_ok (id, "book_pickup", body, "delivering", "window_booked");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (delivery_of (c), "pickup_slot"), "id"),
                   ==, second);
  g_clear_pointer (&c, json_object_unref);
  g_assert_cmpint (slot_booked ("2026-03-02", "09:00"), ==, 0);
  g_assert_cmpint (slot_booked ("2026-03-02", "10:00"), ==, 1);

  /* Hand-over says who collected it; an agent needs a name and a valid ID. */
  refused = act_refused (handler, id, "hand_over", "{}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "hand_over", "{\"collector\":\"neighbour\"}", 400);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "hand_over",
                         "{\"collector\":\"agent\",\"agent_id_number\":\"110105194912310021\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);
  /* The check character of 11010519491231002X is X, not 1. */
  refused = act_refused (handler, id, "hand_over",
                         "{\"collector\":\"agent\",\"agent_name\":\"" AGENT_NAME "\","
                         "\"agent_id_number\":\"110105194912310021\"}", 422);
  text = body_text (refused);
  g_assert_null (strstr (text, "110105194912310021"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = act_refused (handler, id, "hand_over",
                         "{\"collector\":\"applicant\",\"agent_name\":\"" AGENT_NAME "\"}", 422);
  g_clear_pointer (&refused, wb_test_reply_free);

  c = act_ok (id, "hand_over",
              "{\"collector\":\"agent\",\"agent_name\":\"" AGENT_NAME "\","
              "\"agent_id_number\":\"210102198003150017\"}",
              "delivered", "none");
  g_assert_cmpstr (str_member (delivery_of (c), "collector"), ==, "agent");
  {
    JsonObject *agent = json_object_get_object_member (delivery_of (c), "agent");

    g_assert_cmpstr (str_member (agent, "name"), ==, "张**");
    g_assert_cmpstr (str_member (agent, "id_number"), ==, "2101**********0017");
  }
  g_assert_cmpstr (str_member (delivery_of (c), "handed_over_at"), ==, "2026-02-13T02:00:00Z");
  g_clear_pointer (&c, json_object_unref);

  /* Neither the case, nor its history, nor the uncollected list shows
   * the agent in clear. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, id);
    g_autofree char *hist_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
    g_autoptr(WbTestReply) got = wb_test_request (server, "GET", path, handler, NULL);
    g_autoptr(WbTestReply) hist = wb_test_request (server, "GET", hist_path, handler, NULL);

    text = body_text (got);
    hist_text = body_text (hist);
    g_assert_null (strstr (text, "210102198003150017"));
    g_assert_null (strstr (text, AGENT_NAME));
    g_assert_null (strstr (hist_text, "210102198003150017"));
    g_assert_null (strstr (hist_text, AGENT_NAME));
    g_assert_nonnull (strstr (hist_text, "2101**********0017"));
  }

  c = act_ok (id, "archive", "{\"fees_collected\":0}", "archived", "none");
  g_assert_cmpstr (str_member (delivery_of (c), "collector"), ==, "agent");
  g_clear_pointer (&c, json_object_unref);
  /* The slot stays counted: the place was used. */
  g_assert_cmpint (slot_booked ("2026-03-02", "10:00"), ==, 1);
}

static void
test_window_applicant (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  slots = set_capacity ("2026-03-03", "{\"slots\":[{\"start\":\"14:00\",\"end\":\"15:30\",\"capacity\":4}]}");
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (slots, "2026-03-03", "14:00"));
  id = printed_case ("DELIVERY-WINDOW-2");
  json_object_unref (act_ok (id, "book_pickup", body, "delivering", "window_booked"));
  c = act_ok (id, "hand_over", "{\"collector\":\"applicant\"}", "delivered", "none");
  g_assert_cmpstr (str_member (delivery_of (c), "collector"), ==, "applicant");
  g_assert_true (json_object_get_null_member (delivery_of (c), "agent"));
  g_clear_pointer (&c, json_object_unref);
  c = act_ok (id, "archive", "{\"fees_collected\":0}", "archived", "none");
}

static void
test_capacity_rules (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autofree char *other_admin = NULL;
  g_autofree char *city_admin = NULL;
  g_autofree char *other_handler = NULL;
  g_autofree char *viewer = NULL;
  g_autofree char *body = NULL;
  const char *day = "2026-03-04";
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  other_admin = wb_test_login (server, OTHER_BIZADMIN);
  city_admin = wb_test_login (server, CITY_BIZADMIN);
  other_handler = wb_test_login (server, OTHER_HANDLER);
  viewer = wb_test_login (server, CITY_VIEWER);

  /* Only a business administrator of the unit or above sets capacity. */
  {
    const char *json = "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":2}]}";
    g_autoptr(WbTestReply) by_handler = put_capacity (handler, UNIT, day, json);
    g_autoptr(WbTestReply) by_other = put_capacity (other_admin, UNIT, day, json);
    g_autoptr(WbTestReply) by_other_handler = put_capacity (other_handler, UNIT, day, json);
    g_autoptr(WbTestReply) by_city = put_capacity (city_admin, UNIT, day, json);
    g_autoptr(WbTestReply) no_unit = put_capacity (bizadmin, "999999", day, json);
    g_autoptr(WbTestReply) bad_day = put_capacity (bizadmin, UNIT, "2026-02-30", json);

    assert_status (by_handler, 403, "capacity by a handler");
    assert_status (by_other, 403, "capacity by another unit's administrator");
    assert_status (by_other_handler, 403, "capacity by another unit's handler");
    assert_status (by_city, 200, "capacity by the city's administrator");
    assert_status (no_unit, 404, "capacity of an unknown unit");
    assert_status (bad_day, 400, "capacity of a day that does not exist");
  }

  /* What a day's slots may be. */
  {
    static const char * const bad[] = {
      "{}",
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\"}]}",
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":-1}]}",
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":\"5\"}]}",
      "{\"slots\":[{\"start\":\"10:00\",\"end\":\"09:00\",\"capacity\":5}]}",
      "{\"slots\":[{\"start\":\"9:00\",\"end\":\"10:00\",\"capacity\":5}]}",
      "{\"slots\":[{\"start\":\"24:00\",\"end\":\"24:30\",\"capacity\":5}]}",
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:30\",\"capacity\":5},"
      "{\"start\":\"10:00\",\"end\":\"11:00\",\"capacity\":5}]}",
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":5},"
      "{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":5}]}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(WbTestReply) reply = put_capacity (bizadmin, UNIT, day, bad[i]);

        g_test_message ("%s", bad[i]);
        assert_status (reply, 422, "bad capacity");
      }
  }

  /* Anyone signed in at the unit or above reads the slots; the others
   * do not. */
  {
    g_autofree char *path = g_strdup_printf ("/units/" UNIT "/pickup-slots?from=%s&to=%s", day, day);
    g_autoptr(WbTestReply) by_handler = wb_test_request (server, "GET", path, handler, NULL);
    g_autoptr(WbTestReply) by_viewer = wb_test_request (server, "GET", path, viewer, NULL);
    g_autoptr(WbTestReply) by_other = wb_test_request (server, "GET", path, other_handler, NULL);
    g_autoptr(WbTestReply) reversed = wb_test_request (server, "GET",
      "/units/" UNIT "/pickup-slots?from=2026-03-05&to=2026-03-04", handler, NULL);
    JsonArray *items;

    assert_status (by_handler, 200, "slots by a handler");
    assert_status (by_viewer, 200, "slots by the city's viewer");
    assert_status (by_other, 403, "slots by another unit's handler");
    assert_status (reversed, 400, "slots from after to");
    items = json_object_get_array_member (wb_test_reply_object (by_handler), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "capacity"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "available"), ==, 2);
  }

  /* Once booked, a slot can neither go nor shrink below its bookings. */
  slots = set_capacity (day, "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":2},"
                             "{\"start\":\"10:00\",\"end\":\"11:00\",\"capacity\":2}]}");
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (slots, day, "09:00"));
  id = printed_case ("DELIVERY-CAPACITY-1");
  json_object_unref (act_ok (id, "book_pickup", body, "delivering", "window_booked"));
  {
    g_autoptr(WbTestReply) shrink = put_capacity (bizadmin, UNIT, day,
      "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":0}]}");
    g_autoptr(WbTestReply) drop = put_capacity (bizadmin, UNIT, day,
      "{\"slots\":[{\"start\":\"10:00\",\"end\":\"11:00\",\"capacity\":2}]}");

    assert_status (shrink, 409, "shrinking a booked slot");
    assert_status (drop, 409, "removing a booked slot");
  }
  g_clear_pointer (&slots, json_array_unref);
  /* The booked slot keeps its id when the day is set again; the free one
   * can go. */
  slots = set_capacity (day, "{\"slots\":[{\"start\":\"09:00\",\"end\":\"09:45\",\"capacity\":1}]}");
  g_assert_cmpuint (json_array_get_length (slots), ==, 1);
  {
    JsonObject *slot = json_array_get_object_element (slots, 0);

    g_assert_cmpint (json_object_get_int_member (slot, "booked"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (slot, "available"), ==, 0);
    g_assert_cmpstr (str_member (slot, "end"), ==, "09:45");
  }

  /* The change is in the audit trail. */
  {
    g_autofree char *auditor = wb_test_login (server, "auditor.210102");
    g_autoptr(WbTestReply) audit = wb_test_request (server, "GET", "/audit?limit=200", auditor, NULL);
    g_autofree char *text = NULL;

    assert_status (audit, 200, "audit");
    text = body_text (audit);
    g_assert_nonnull (strstr (text, "set_pickup_capacity"));
    g_assert_nonnull (strstr (text, "pickup:" UNIT ":2026-03-04"));
  }
}

static void
test_booking_rules (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autoptr(JsonArray) other_slots = NULL;
  g_autoptr(WbTestReply) refused = NULL;
  g_autofree char *other_handler = NULL;
  g_autofree char *other_admin = NULL;
  g_autofree char *body = NULL;
  g_autofree char *other_body = NULL;
  g_autofree char *text = NULL;
  gint64 id, full_case;

  sign_in_at (FRIDAY_10AM);
  other_handler = wb_test_login (server, OTHER_HANDLER);
  other_admin = wb_test_login (server, OTHER_BIZADMIN);

  slots = set_capacity ("2026-03-05", "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":1}]}");
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (slots, "2026-03-05", "09:00"));
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "PUT", "/units/" OTHER_UNIT "/pickup-capacity/2026-03-05",
                                                    other_admin,
                                                    "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":5}]}");

    assert_status (reply, 200, "the other unit's capacity");
    other_slots = json_array_ref (json_object_get_array_member (wb_test_reply_object (reply), "items"));
  }
  other_body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (other_slots, "2026-03-05", "09:00"));

  id = printed_case ("DELIVERY-BOOKING-1");
  /* Another unit's handler books nothing for this unit's case. */
  refused = act_refused (other_handler, id, "book_pickup", body, 403);
  g_clear_pointer (&refused, wb_test_reply_free);
  /* Nor is another unit's slot one this case can take. */
  refused = act_refused (handler, id, "book_pickup", other_body, 422);
  g_clear_pointer (&refused, wb_test_reply_free);

  json_object_unref (act_ok (id, "book_pickup", body, "delivering", "window_booked"));

  /* The slot is full now. */
  full_case = printed_case ("DELIVERY-BOOKING-2");
  refused = act_refused (handler, full_case, "book_pickup", body, 409);
  text = body_text (refused);
  g_assert_nonnull (strstr (text, "fully booked"));
  g_clear_pointer (&refused, wb_test_reply_free);
  g_assert_cmpint (slot_booked ("2026-03-05", "09:00"), ==, 1);

  /* A day already gone cannot be booked. */
  wb_test_server_set_clock (server, "2026-03-06T02:00:00Z");
  g_free (handler);
  handler = wb_test_login (server, HANDLER);
  refused = act_refused (handler, full_case, "book_pickup", other_body, 422);
  g_clear_pointer (&refused, wb_test_reply_free);
}

/* The race: many connections book one slot at once. */

typedef struct
{
  gint64   case_id;
  char    *etag;
  char    *body;
  guint    status;
  GMutex  *lock;
  GCond   *cond;
  gboolean *go;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *r = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *uri = g_strdup_printf ("%s/cases/%" G_GINT64_FORMAT "/actions/book_pickup",
                                          server->base, r->case_id);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", handler);
  g_autofree char *key = g_strdup_printf ("race-%" G_GINT64_FORMAT, r->case_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (r->body, strlen (r->body));
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", auth);
  soup_message_headers_replace (headers, "If-Match", r->etag);
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);

  g_mutex_lock (r->lock);
  while (!*r->go)
    g_cond_wait (r->cond, r->lock);
  g_mutex_unlock (r->lock);

  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  r->status = answer != NULL ? soup_message_get_status (msg) : 0;
  return NULL;
}

static void
test_concurrent_booking (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autofree char *body = NULL;
  Racer racers[N_RACERS] = { { 0 } };
  GThread *threads[N_RACERS];
  GMutex lock;
  GCond cond;
  gboolean go = FALSE;
  guint ok = 0, full = 0, booked_cases = 0;

  sign_in_at (FRIDAY_10AM);
  slots = set_capacity ("2026-03-09", "{\"slots\":[{\"start\":\"09:00\",\"end\":\"09:30\",\"capacity\":3}]}");
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (slots, "2026-03-09", "09:00"));

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint i = 0; i < N_RACERS; i++)
    {
      g_autofree char *upstream = g_strdup_printf ("DELIVERY-RACE-%02u", i);
      g_autoptr(JsonObject) c = NULL;

      racers[i].case_id = printed_case (upstream);
      c = wb_test_get_case (server, handler, racers[i].case_id, &racers[i].etag);
      racers[i].body = body;
      racers[i].lock = &lock;
      racers[i].cond = &cond;
      racers[i].go = &go;
    }

  for (guint i = 0; i < N_RACERS; i++)
    threads[i] = g_thread_new ("racer", race, &racers[i]);
  g_mutex_lock (&lock);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < N_RACERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_RACERS; i++)
    {
      g_autoptr(JsonObject) c = wb_test_get_case (server, handler, racers[i].case_id, NULL);

      g_test_message ("case %" G_GINT64_FORMAT ": %u", racers[i].case_id, racers[i].status);
      if (racers[i].status == 200)
        ok++;
      else if (racers[i].status == 409)
        full++;
      if (g_str_equal (str_member (c, "stage"), "window_booked"))
        booked_cases++;
      g_free (racers[i].etag);
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);

  g_assert_cmpuint (ok, ==, RACE_CAPACITY);
  g_assert_cmpuint (full, ==, N_RACERS - RACE_CAPACITY);
  g_assert_cmpuint (booked_cases, ==, RACE_CAPACITY);
  g_assert_cmpint (slot_booked ("2026-03-09", "09:00"), ==, RACE_CAPACITY);
  wb_test_assert_alive (server);
}

static void
test_uncollected (void)
{
  g_autoptr(JsonArray) slots = NULL;
  g_autofree char *other_handler = NULL;
  g_autofree char *viewer = NULL;
  g_autofree char *body = NULL;
  gint64 older, newer;

  /* Printed a week apart (after the clock test_booking_rules left). */
  sign_in_at ("2026-03-09T01:00:00Z");
  older = printed_case ("DELIVERY-UNCOLLECTED-1");
  sign_in_at ("2026-03-16T01:00:00Z");
  newer = printed_case ("DELIVERY-UNCOLLECTED-2");
  slots = set_capacity ("2026-03-20", "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":5}]}");
  body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id (slots, "2026-03-20", "09:00"));
  json_object_unref (act_ok (newer, "book_pickup", body, "delivering", "window_booked"));

  sign_in_at ("2026-03-17T01:00:00Z");
  other_handler = wb_test_login (server, OTHER_HANDLER);
  viewer = wb_test_login (server, CITY_VIEWER);
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/certificates/uncollected?unit=" UNIT,
                                                    handler, NULL);
    JsonArray *items;
    gint64 older_at = -1, newer_at = -1;
    g_autofree char *text = NULL;

    assert_status (reply, 200, "uncollected");
    text = body_text (reply);
    g_assert_null (strstr (text, "欧阳娜娜"));
    items = json_object_get_array_member (wb_test_reply_object (reply), "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *row = json_array_get_object_element (items, i);
        gint64 id = json_object_get_int_member (row, "id");
        const char *printed = str_member (row, "printed_at");

        /* Oldest print first, throughout. */
        if (i > 0)
          g_assert_cmpstr (str_member (json_array_get_object_element (items, i - 1), "printed_at"), <=, printed);
        if (id == older)
          {
            older_at = i;
            g_assert_cmpint (json_object_get_int_member (row, "days_waiting"), ==, 8);
            g_assert_true (json_object_get_null_member (row, "pickup_slot"));
            g_assert_cmpstr (str_member (json_object_get_object_member (row, "applicant"), "name"), ==, "欧阳**");
            g_assert_cmpstr (str_member (row, "item_code"), ==, ITEM);
            g_assert_nonnull (str_member (row, "case_no"));
          }
        if (id == newer)
          {
            JsonObject *slot = json_object_get_object_member (row, "pickup_slot");

            newer_at = i;
            g_assert_cmpint (json_object_get_int_member (row, "days_waiting"), ==, 1);
            g_assert_cmpstr (str_member (slot, "date"), ==, "2026-03-20");
            g_assert_cmpstr (str_member (slot, "start"), ==, "09:00");
          }
      }
    g_assert_cmpint (older_at, >=, 0);
    g_assert_cmpint (newer_at, >, older_at);
  }

  /* Scoped like cases. */
  {
    g_autoptr(WbTestReply) other = wb_test_request (server, "GET", "/certificates/uncollected?unit=" UNIT,
                                                    other_handler, NULL);
    g_autoptr(WbTestReply) other_own = wb_test_request (server, "GET", "/certificates/uncollected",
                                                        other_handler, NULL);
    g_autoptr(WbTestReply) city = wb_test_request (server, "GET", "/certificates/uncollected",
                                                   viewer, NULL);
    g_autoptr(WbTestReply) admin = wb_test_request (server, "GET", "/certificates/uncollected",
                                                    bizadmin, NULL);
    g_autofree char *own_text = NULL;
    g_autofree char *city_text = NULL;
    g_autofree char *older_key = g_strdup_printf ("\"id\":%" G_GINT64_FORMAT ",", older);

    assert_status (other, 403, "another unit's list");
    assert_status (other_own, 200, "the other unit's own list");
    assert_status (city, 200, "the city's list");
    assert_status (admin, 403, "an administrator's list");
    own_text = body_text (other_own);
    city_text = body_text (city);
    g_assert_null (strstr (own_text, older_key));
    g_assert_nonnull (strstr (city_text, older_key));
  }

  /* Handed over, it leaves the list. */
  json_object_unref (act_ok (newer, "hand_over", "{\"collector\":\"applicant\"}", "delivered", "none"));
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/certificates/uncollected?unit=" UNIT,
                                                    handler, NULL);
    g_autofree char *text = NULL;
    g_autofree char *newer_key = g_strdup_printf ("\"id\":%" G_GINT64_FORMAT ",", newer);
    g_autofree char *older_key = g_strdup_printf ("\"id\":%" G_GINT64_FORMAT ",", older);

    assert_status (reply, 200, "uncollected");
    text = body_text (reply);
    g_assert_null (strstr (text, newer_key));
    g_assert_nonnull (strstr (text, older_key));
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = wb_test_server_start (args, FRIDAY_10AM);

  g_test_add_func ("/delivery/mail", test_mail_branch);
  g_test_add_func ("/delivery/window/agent", test_window_branch);
  g_test_add_func ("/delivery/window/applicant", test_window_applicant);
  g_test_add_func ("/delivery/capacity", test_capacity_rules);
  g_test_add_func ("/delivery/concurrent-booking", test_concurrent_booking);
  /* These two move the clock forward. */
  g_test_add_func ("/delivery/booking", test_booking_rules);
  g_test_add_func ("/delivery/uncollected", test_uncollected);

  rc = g_test_run ();
  wb_test_server_stop (server);
  g_free (handler);
  g_free (bizadmin);
  return rc;
}
