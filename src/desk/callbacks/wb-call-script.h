/* wb-call-script.h: what a caseworker says on each kind of callback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The purpose as people read it, e.g. "Satisfaction". */
const char *wb_call_purpose_label  (const char *purpose);
/* An outcome (reached, no_answer, …) as people read it; NULL gives "—". */
const char *wb_call_outcome_label  (const char *outcome);
/* The call script: what to say and what to ask, for @purpose.
 * @name is the applicant's masked name, @missing the materials the
 * supplement notice listed (supplement only; may be NULL). */
char       *wb_call_script         (const char         *purpose,
                                    const char         *name,
                                    const char         *unit_name,
                                    const char         *item_name,
                                    const char         *case_no,
                                    const char * const *missing);

G_END_DECLS
