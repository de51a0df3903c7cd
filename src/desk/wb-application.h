/* wb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WB_TYPE_APPLICATION (wb_application_get_type ())
G_DECLARE_FINAL_TYPE (WbApplication, wb_application, WB, APPLICATION, AdwApplication)

WbApplication *wb_application_new (void);

/* Sends a desktop notification, or hands it to the hook when one is
 * set. Without a notification server on the session bus nothing is sent
 * (GLib's fallback backend would warn). The hook is the tests' seam: a
 * test's private session bus has no notification server. */
typedef void (*WbNotificationHook) (const char    *id,
                                    GNotification *notification,
                                    gpointer       user_data);
void wb_application_send_notification     (WbApplication      *self,
                                           const char         *id,
                                           GNotification      *notification);
void wb_application_set_notification_hook (WbApplication      *self,
                                           WbNotificationHook  hook,
                                           gpointer            user_data);

G_END_DECLS
