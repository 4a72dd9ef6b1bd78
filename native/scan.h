/* The text and record scan of native/scan.c, registered on the addon's exports. */
#ifndef IAMTRIM_SCAN_H
#define IAMTRIM_SCAN_H
#include <node_api.h>
#include <stdbool.h>

bool register_scan(napi_env env, napi_value exports);

#endif
