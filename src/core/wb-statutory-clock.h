/* wb-statutory-clock.h: a case's time limits, computed in one place
 *
 * The server writes a case's clock into its JSON and moves its stored
 * deadline with these functions; the desk only shows what the server sent.
 * Everything here is a pure function of its inputs and the calendar, so a
 * new year's calendar changes every clock at once, without rewriting any
 * stored date.
 *
 * The rules:
 *
 *  - A deadline is the n-th working day after the day of receipt; the
 *    receipt day never counts (see wb_calendar_add_working_days()).
 *  - Two limits run side by side: the item's promised limit (承诺时限) and
 *    the legal limit for a decision, 20 working days (行政许可法 Art. 42).
 *  - While the applicant owes materials (补正) the clock stands still. Both
 *    deadlines move back by the working days it stood: those after the day
 *    it stopped, up to and including the day the materials arrived (or
 *    today, while it still stands).
 *  - The one extension (Art. 42, at most 10 working days) moves both
 *    deadlines by the days granted.
 *  - Until an application is accepted, and as long as no supplement notice
 *    went out, it counts as accepted by law 5 working days after receipt
 *    (Art. 32). The clock says how long is left of that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "wb-calendar.h"

G_BEGIN_DECLS

/* 行政许可法 Art. 42: a decision within 20 working days, extendable once by
 * 10 with approval. */
#define WB_CLOCK_LEGAL_DAYS           20
#define WB_CLOCK_MAX_EXTENSION_DAYS   10
/* 行政许可法 Art. 32: the applicant must be told what is missing within 5
 * working days of receipt, or the application counts as accepted. */
#define WB_CLOCK_DEEMED_ACCEPT_DAYS    5

/* Where the case stands, as far as the clock cares. */
typedef enum
{
  WB_CLOCK_PHASE_BEFORE_ACCEPTANCE, /* running; the deemed-acceptance countdown may apply */
  WB_CLOCK_PHASE_RUNNING,           /* accepted, decision pending */
  WB_CLOCK_PHASE_STOPPED,           /* waiting for the applicant's materials */
  WB_CLOCK_PHASE_FINISHED,          /* decided, withdrawn or closed */
} WbClockPhase;

typedef enum
{
  WB_CLOCK_STATUS_RUNNING,    /* working days remain */
  WB_CLOCK_STATUS_DUE_TODAY,  /* today is the promised deadline */
  WB_CLOCK_STATUS_OVERDUE,    /* the promised deadline has passed */
  WB_CLOCK_STATUS_STOPPED,
  WB_CLOCK_STATUS_FINISHED,
} WbClockStatus;

typedef struct
{
  GDate        received;        /* the day the application arrived */
  guint        promised_days;   /* the item's promised limit */
  guint        legal_days;      /* WB_CLOCK_LEGAL_DAYS */
  guint        stopped_days;    /* working days stood still in stops that ended */
  GDate        stopped_on;      /* the day the current stop began; cleared
                                 * (g_date_clear()) when the clock is not
                                 * stopped now. Only read in the STOPPED phase. */
  guint        extension_days;  /* 0, or the extension granted */
  WbClockPhase phase;
  gboolean     notice_sent;     /* a supplement notice ever went out */
  GDate        today;           /* the centre's local date */
} WbStatutoryClockInput;

typedef struct
{
  WbClockStatus status;
  /* Both pushed by every stopped working day (the current stop counted up
   * to today) and by the extension. */
  GDate         promised_deadline;
  GDate         legal_deadline;
  /* Working days from today to each deadline; negative when overdue (at
   * least -1 on any day after the deadline, even a weekend). While the
   * clock is stopped these stay as they were the day it stopped. Not
   * meaningful in the FINISHED status (0). */
  gint64        promised_left;
  gint64        legal_left;
  /* Every stopped working day so far, the current stop included. */
  guint         stopped_days;
  /* Every year from the receipt (or today, if earlier) to the last date
   * above has a loaded calendar file; when FALSE only weekends were
   * counted as days off somewhere, and the UI must say so. */
  gboolean      calendar_complete;
  /* Art. 32. Only set when deemed_applies: the date the application counts
   * as accepted by law, and the working days until then (0 on the day
   * itself, negative once it has passed). */
  gboolean      deemed_applies;
  GDate         deemed_accepted_on;
  gint64        deemed_left;
} WbStatutoryClock;

/* Fills @out from @in. @in's dates must be valid, except stopped_on, which
 * only has to be valid in the STOPPED phase; without it the stop counts
 * as beginning today. */
void        wb_statutory_clock_compute        (WbCalendar                  *calendar,
                                               const WbStatutoryClockInput *in,
                                               WbStatutoryClock            *out);

/* The working days a stop from @stopped_on to @resumed_on added to the
 * clock: those after @stopped_on up to and including @resumed_on. Add it to
 * WbStatutoryClockInput.stopped_days when the materials arrive. */
guint       wb_statutory_clock_stopped_days   (WbCalendar  *calendar,
                                               const GDate *stopped_on,
                                               const GDate *resumed_on);

/* Working days from @today to @deadline: positive ahead, 0 on the day,
 * negative (at least -1) after it. */
gint64      wb_statutory_clock_days_left      (WbCalendar  *calendar,
                                               const GDate *today,
                                               const GDate *deadline);

/* Whether @calendar has a file for every year from @from to @to. */
gboolean    wb_statutory_clock_calendar_covers (WbCalendar  *calendar,
                                                const GDate *from,
                                                const GDate *to);

/* "running", "due_today", "overdue", "stopped" or "finished". */
const char *wb_clock_status_to_string         (WbClockStatus status);

G_END_DECLS
