/*
 * Optional fast path for iamtrim: gunzip(buf, maxOutput) inflates ONE whole gzip member
 * with libdeflate (MIT, linked from the system, not vendored). It returns null for
 * anything unusual (several members, trailing bytes, corrupt or cut data, output over
 * maxOutput) so that the caller takes the zlib path, which reports the damage.
 */
#include <libdeflate.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "scan.h"
#include "text.h"

#define CHECK(call)                          \
  do {                                       \
    if ((call) != napi_ok) return NULL;      \
  } while (0)

static napi_value gunzip(napi_env env, napi_callback_info info) {
  static const char usage[] = "gunzip(buf: Buffer, maxOutput: number)";
  napi_value argv[2];
  if (!get_args(env, info, 2, argv, usage)) return NULL;
  bool is_buffer = false;
  if (napi_is_buffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  const uint8_t *in;
  size_t in_len;
  double max_d;
  CHECK(napi_get_buffer_info(env, argv[0], (void **)&in, &in_len));
  CHECK(napi_get_value_double(env, argv[1], &max_d));
  if (!(max_d >= 0)) return null_value(env);
  size_t max = max_d > (double)SIZE_MAX ? SIZE_MAX : (size_t)max_d;
  /* 18 bytes is the smallest gzip member: a 10-byte header, 0 data, an 8-byte trailer. */
  if (in_len < 18) return null_value(env);

  /* ISIZE (the length mod 2^32) is only a first guess: a lie just means a retry. */
  size_t cap = (size_t)in[in_len - 4] | (size_t)in[in_len - 3] << 8 |
               (size_t)in[in_len - 2] << 16 | (size_t)in[in_len - 1] << 24;
  if (cap > max) return null_value(env);

  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
  if (d == NULL) return null_value(env);
  napi_value result = NULL;
  for (;;) {
    napi_value out_value;
    uint8_t *out;
    /* A zero-length Buffer may have no storage: always ask for at least one byte. */
    if (napi_create_buffer(env, cap > 0 ? cap : 1, (void **)&out, &out_value) != napi_ok) break;
    size_t used_in = 0, used_out = 0;
    enum libdeflate_result r =
        libdeflate_gzip_decompress_ex(d, in, in_len, out, cap, &used_in, &used_out);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE && cap < max) {
      /* ISIZE was too small (a lie, or over 4 GiB): grow, bounded by max. */
      cap = cap > max / 2 ? max : (cap < 65536 ? 65536 : cap * 2);
      continue;
    }
    /* Anything but one member that ends exactly at the end of the input goes to zlib. */
    if (r != LIBDEFLATE_SUCCESS || used_in != in_len) break;
    if (used_out == cap && cap > 0) {
      result = out_value;
    } else {
      void *copy;
      if (napi_create_buffer_copy(env, used_out, out, &copy, &result) != napi_ok) result = NULL;
    }
    break;
  }
  libdeflate_free_decompressor(d);
  return result != NULL ? result : null_value(env);
}

NAPI_MODULE_INIT() {
  if (!export_function(env, exports, "gunzip", gunzip) || !export_function(env, exports, "gunzipScan", gunzip_scan) ||
      !export_function(env, exports, "gunzipRecords", gunzip_records))
    return NULL;
  return exports;
}
