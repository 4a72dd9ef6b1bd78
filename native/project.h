/* The projection of native/project.c, registered on the addon's exports. */
#ifndef IAMTRIM_PROJECT_H
#define IAMTRIM_PROJECT_H
#include <node_api.h>
#include <stdbool.h>

bool register_project(napi_env env, napi_value exports);

#endif
