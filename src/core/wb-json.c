/* wb-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-json.h"

const char *
wb_json_string (JsonObject *obj,
                const char *name)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}
