/* wb-document.h: a PDF opened off the main loop, with its page sizes known
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <poppler.h>

G_BEGIN_DECLS

#define WB_DOCUMENT_ERROR (wb_document_error_quark ())

/* Why a document or one of its pages cannot be shown. The viewer turns each
 * into a placeholder with a message; wangban-render into an exit code or a
 * per-page error. */
typedef enum
{
  WB_DOCUMENT_ERROR_DAMAGED,    /* poppler cannot make sense of the file or page */
  WB_DOCUMENT_ERROR_ENCRYPTED,  /* a password is needed, or the one given is wrong */
  WB_DOCUMENT_ERROR_UNREADABLE, /* the file itself cannot be read */
  WB_DOCUMENT_ERROR_TOO_LARGE,  /* the bitmap asked for is beyond the pixel budget */
  WB_DOCUMENT_ERROR_TIMEOUT,    /* poppler did not return in time */
} WbDocumentError;

GQuark wb_document_error_quark (void);

#define WB_TYPE_DOCUMENT (wb_document_get_type ())

G_DECLARE_FINAL_TYPE (WbDocument, wb_document, WB, DOCUMENT, GObject)

void        wb_document_load_async      (GFile               *file,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
WbDocument *wb_document_load_finish     (GAsyncResult        *result,
                                         GError             **error);
/* For worker threads and tests; never call it on the main loop. */
WbDocument *wb_document_load_sync       (GFile               *file,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GError             **error);

GFile      *wb_document_get_file        (WbDocument          *self);
guint       wb_document_get_n_pages     (WbDocument          *self);
/* In points, with the page's own /Rotate already applied: the size the page
 * is shown at. Read once at load time, so safe on the main loop. */
void        wb_document_get_page_size   (WbDocument          *self,
                                         guint                page,
                                         double              *width,
                                         double              *height);
/* TRUE when poppler gave this page a size that cannot be shown (zero, huge
 * or not a number); such a page is laid out as A4 and renders an error. */
gboolean    wb_document_page_is_broken  (WbDocument          *self,
                                         guint                page);

/* TRUE when images cover most of the page, as on a scan. Learnt from
 * @locked_page the first time and remembered; call it only while holding
 * the lock. */
gboolean    wb_document_page_is_image  (WbDocument          *self,
                                         guint                page,
                                         PopplerPage         *locked_page);

/* The one lock around every poppler call on this document. Waits until
 * @deadline_us (monotonic time) at most. Fails at once with TIMEOUT while a
 * call that overran its watchdog is still stuck inside poppler, so jobs
 * behind it fail fast instead of queueing forever. */
PopplerDocument *wb_document_lock       (WbDocument          *self,
                                         gint64               deadline_us,
                                         GError             **error);
void        wb_document_unlock          (WbDocument          *self);
/* Called by the watchdog: the current lock holder has overrun. */
void        wb_document_mark_stuck      (WbDocument          *self);
gboolean    wb_document_is_stuck        (WbDocument          *self);

G_END_DECLS
