/* The text and record scan of native/scan.c (`gunzipScan`). */
#ifndef IAMTRIM_SCAN_H
#define IAMTRIM_SCAN_H
#include <node_api.h>

napi_value gunzip_scan(napi_env env, napi_callback_info info);

#endif
