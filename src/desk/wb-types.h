/* wb-types.h: forward declarations shared across the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WbApiClient   WbApiClient;
typedef struct _WbApiReply    WbApiReply;
typedef struct _WbApplication WbApplication;
typedef struct _WbContext     WbContext;
typedef struct _WbWindow      WbWindow;

G_END_DECLS
