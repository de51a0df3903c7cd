/* wb-json.h: reading untrusted JSON without tripping json-glib's checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The member's string, or NULL when it is absent or not a string. The
 * json-glib getters log a critical on a type mismatch, which a client
 * could otherwise trigger at will. */
const char *wb_json_string (JsonObject *obj,
                            const char *name);

/* {"@member": "@text"}: the body of the many requests that carry one
 * reason or one name. */
JsonNode   *wb_json_text_body (const char *member,
                               const char *text);



/* A streaming JSON writer for hot paths: it appends straight to a
 * GString, where JsonBuilder builds a tree of nodes and hash tables first.
 * An inbox page of 50 cases is written several times faster this way. */
typedef struct _WbJsonWriter WbJsonWriter;

WbJsonWriter *wb_json_writer_new          (void);
void          wb_json_writer_free         (WbJsonWriter *w);
/* Ends use of the writer and returns what it wrote. */
GBytes       *wb_json_writer_free_to_bytes (WbJsonWriter *w);
void          wb_jw_begin_object          (WbJsonWriter *w);
void          wb_jw_end_object            (WbJsonWriter *w);
void          wb_jw_begin_array           (WbJsonWriter *w);
void          wb_jw_end_array             (WbJsonWriter *w);
/* Starts a member of the current object; the value follows. */
void          wb_jw_member                (WbJsonWriter *w,
                                           const char   *name);
void          wb_jw_string                (WbJsonWriter *w,
                                           const char   *value);
void          wb_jw_int                   (WbJsonWriter *w,
                                           gint64        value);
void          wb_jw_bool                  (WbJsonWriter *w,
                                           gboolean      value);
void          wb_jw_null                  (WbJsonWriter *w);
void          wb_jw_string_member         (WbJsonWriter *w,
                                           const char   *name,
                                           const char   *value);
void          wb_jw_int_member            (WbJsonWriter *w,
                                           const char   *name,
                                           gint64        value);
void          wb_jw_bool_member           (WbJsonWriter *w,
                                           const char   *name,
                                           gboolean      value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbJsonWriter, wb_json_writer_free)

G_END_DECLS
