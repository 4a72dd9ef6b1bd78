/* The projection of native/project.c (`gunzipRecords`). */
#ifndef IAMTRIM_PROJECT_H
#define IAMTRIM_PROJECT_H
#include <node_api.h>

napi_value gunzip_records(napi_env env, napi_callback_info info);

#endif
