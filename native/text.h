/*
 * What the addon's files share: a thread's reusable inflate buffer, the inflate itself,
 * the plain searches over ASCII text that scan.c and project.c read documents with, and
 * how an answer and a function are handed to JavaScript. Static functions in a header:
 * each file gets its own copy.
 */
#ifndef IAMTRIM_TEXT_H
#define IAMTRIM_TEXT_H
#include <libdeflate.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline napi_value null_value(napi_env env) {
  napi_value v;
  if (napi_get_null(env, &v) != napi_ok) return NULL;
  return v;
}

/*
 * A thread's reusable output buffer and decompressor (instance data: each worker thread
 * has its own env). A buffer grown past KEEP_BYTES for one large file is let go after it.
 */
#define KEEP_BYTES (16u << 20)
struct scratch {
  uint8_t *buf;
  size_t cap;
  struct libdeflate_decompressor *d;
};

static inline void free_scratch(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  struct scratch *s = data;
  free(s->buf);
  if (s->d) libdeflate_free_decompressor(s->d);
  free(s);
}

static inline struct scratch *scratch_of(napi_env env) {
  struct scratch *s = NULL;
  if (napi_get_instance_data(env, (void **)&s) == napi_ok && s != NULL) return s;
  s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  s->d = libdeflate_alloc_decompressor();
  if (s->d == NULL || napi_set_instance_data(env, s, free_scratch, NULL) != napi_ok) {
    if (s->d) libdeflate_free_decompressor(s->d);
    free(s);
    return NULL;
  }
  return s;
}

static inline bool reserve(struct scratch *s, size_t n) {
  if (n <= s->cap) return true;
  uint8_t *grown = malloc(n);
  if (grown == NULL) return false;
  free(s->buf);
  s->buf = grown;
  s->cap = n;
  return true;
}

static inline void trim(struct scratch *s) {
  if (s->cap <= KEEP_BYTES) return;
  free(s->buf);
  s->buf = NULL;
  s->cap = 0;
}

static inline bool all_ascii(const uint8_t *p, size_t n) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; i++) acc |= p[i];
  return (acc & 0x8080808080808080ull) == 0;
}

struct cursor {
  const uint8_t *hay;
  long len;
  const uint8_t *needle;
  long nlen;
  long at; /* -1: not searched yet or behind; -2: no more */
};

static inline void cursor_init(struct cursor *c, const uint8_t *hay, long len, const char *needle, long nlen) {
  c->hay = hay;
  c->len = len;
  c->needle = (const uint8_t *)needle;
  c->nlen = nlen;
  c->at = -1;
}

static inline long find(const uint8_t *hay, long len, long from, const uint8_t *needle, long nlen) {
  if (nlen == 0) return from <= len ? from : len;
  const uint8_t first = needle[0];
  long p = from;
  while (p + nlen <= len) {
    const uint8_t *hit = memchr(hay + p, first, (size_t)(len - nlen + 1 - p));
    if (hit == NULL) return -1;
    p = hit - hay;
    if (memcmp(hit + 1, needle + 1, (size_t)(nlen - 1)) == 0) return p;
    p++;
  }
  return -1;
}

static inline long cursor_from(struct cursor *c, long from) {
  if (c->at == -2) return -1;
  if (c->at < from) {
    c->at = find(c->hay, c->len, from, c->needle, c->nlen);
    if (c->at < 0) c->at = -2;
  }
  return c->at < 0 ? -1 : c->at;
}

static inline bool cursor_within(struct cursor *c, long start, long stop) {
  long at = cursor_from(c, start);
  return at >= 0 && at + c->nlen <= stop;
}

/* The first c in [from, stop), or -1. */
static inline long find_char(const uint8_t *t, long from, long stop, uint8_t c) {
  if (from >= stop) return -1;
  const uint8_t *hit = memchr(t + from, c, (size_t)(stop - from));
  return hit ? hit - t : -1;
}

/* True when the literal lies at `at`, wholly before `stop`. */
static inline bool lit_at(const uint8_t *t, long at, long stop, const char *lit) {
  long n = (long)strlen(lit);
  return at >= 0 && at + n <= stop && memcmp(t + at, lit, (size_t)n) == 0;
}

/* The end of a JSON string value starting at `at` ('"' ... '"'), or -1 (no escapes here). */
static inline long string_end(const uint8_t *t, long at, long stop) {
  if (at < 0 || at >= stop || t[at] != '"') return -1;
  return find_char(t, at + 1, stop, '"');
}

/* Inflates argv[0] (bounded by argv[1]) into the thread's scratch; false: use zlib. */
static inline bool inflate_into_scratch(napi_env env, napi_value *argv, struct scratch **sp, size_t *out_len) {
  const uint8_t *in;
  size_t in_len;
  double max_d;
  bool is_buffer = false;
  if (napi_is_buffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer) return false;
  if (napi_get_buffer_info(env, argv[0], (void **)&in, &in_len) != napi_ok ||
      napi_get_value_double(env, argv[1], &max_d) != napi_ok)
    return false;
  if (!(max_d >= 0) || in_len < 18) return false;
  size_t max = max_d > (double)SIZE_MAX ? SIZE_MAX : (size_t)max_d;
  /* Offsets go to Int32Arrays, and V8 strings are shorter than 2^29 characters. */
  if (max > (1u << 29) - 24) max = (1u << 29) - 24;
  size_t cap = (size_t)in[in_len - 4] | (size_t)in[in_len - 3] << 8 |
               (size_t)in[in_len - 2] << 16 | (size_t)in[in_len - 1] << 24;
  if (cap > max) return false;
  struct scratch *s = scratch_of(env);
  if (s == NULL) return false;
  for (;;) {
    if (!reserve(s, cap > 0 ? cap : 1)) return false;
    size_t used_in = 0;
    enum libdeflate_result r =
        libdeflate_gzip_decompress_ex(s->d, in, in_len, s->buf, cap, &used_in, out_len);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE && cap < max) {
      cap = cap > max / 2 ? max : (cap < 65536 ? 65536 : cap * 2);
      continue;
    }
    if (r != LIBDEFLATE_SUCCESS || used_in != in_len) {
      trim(s);
      return false;
    }
    *sp = s;
    return true;
  }
}

/* The output as a Buffer (not all ASCII) or { text }; NULL on failure. */
static inline napi_value text_or_bytes(napi_env env, struct scratch *s, size_t n) {
  napi_value result = NULL, text;
  if (!all_ascii(s->buf, n)) {
    void *copy;
    if (napi_create_buffer_copy(env, n, s->buf, &copy, &result) != napi_ok) return NULL;
    return result;
  }
  if (napi_create_string_latin1(env, (const char *)s->buf, n, &text) != napi_ok ||
      napi_create_object(env, &result) != napi_ok ||
      napi_set_named_property(env, result, "text", text) != napi_ok)
    return NULL;
  return result;
}

/*
 * A scan's answer: `result` when it made one, else the text or bytes for the ordinary
 * reading, else null (zlib decides). The thread's buffer is trimmed either way.
 */
static inline napi_value finish_scratch(napi_env env, struct scratch *s, size_t n, napi_value result) {
  if (result == NULL) result = text_or_bytes(env, s, n);
  trim(s);
  return result ? result : null_value(env);
}

/*
 * Room for `need` entries in a growing array, doubling its capacity. On failure the array
 * is freed and set to NULL.
 */
static inline bool ensure_int32(int32_t **array, size_t *cap, size_t need) {
  if (need <= *cap) return true;
  size_t grown_cap = *cap;
  while (grown_cap < need) grown_cap *= 2;
  int32_t *grown = realloc(*array, grown_cap * sizeof **array);
  if (grown == NULL) {
    free(*array);
    *array = NULL;
    return false;
  }
  *array = grown;
  *cap = grown_cap;
  return true;
}

/*
 * The call's first `want` arguments into argv; false (with a TypeError naming `usage`
 * thrown when fewer were given) when the function should return at once.
 */
static inline bool get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv,
                            const char *usage) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  if (argc < want) {
    napi_throw_type_error(env, NULL, usage);
    return false;
  }
  return true;
}

/* Sets `exports[name]` to a native function. */
static inline bool export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

static inline bool typed_array(napi_env env, napi_typedarray_type type, size_t count, size_t width,
                        const void *from, napi_value *out) {
  napi_value ab;
  void *data;
  if (napi_create_arraybuffer(env, count * width, &data, &ab) != napi_ok ||
      napi_create_typedarray(env, type, count, ab, 0, out) != napi_ok)
    return false;
  if (count > 0) memcpy(data, from, count * width);
  return true;
}

/*
 * Where the records of a CloudTrail delivery document lie: it opens with
 * `{"Records":[{"eventVersion":"` and closes with `]}` and white space. *first is where the
 * first record starts, *doc_end where the last one ends; false for any other document.
 */
static inline bool delivery_bounds(const uint8_t *t, long len, long *first, long *doc_end) {
  static const char OPENING[] = "{\"Records\":[{\"eventVersion\":\"";
  const long opening = (long)sizeof OPENING - 1, head = 12; /* {"Records":[ */
  long end = len;
  while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\n' || t[end - 1] == '\r' || t[end - 1] == '\t'))
    end--;
  if (len < opening || memcmp(t, OPENING, (size_t)opening) != 0 || end < head + 2 || t[end - 2] != ']' ||
      t[end - 1] != '}')
    return false;
  *first = head;
  *doc_end = end - 2;
  return true;
}

/* Between records: `},{"eventVersion":"` (a string cannot hold it unescaped). */
static const char RECORD_SEPARATOR[] = "},{\"eventVersion\":\"";

/*
 * A record's opening fields, in CloudTrail's order:
 * {"eventVersion":"…","userIdentity":{…},"eventTime":"…","eventSource":"…","eventName":"…","awsRegion":"…",
 * The identity runs to the first `},"eventTime":"`: exact only when the record holds no
 * escape and the identity no such nested key, which its callers check their own ways.
 */
struct record_head {
  long identity, identity_end; /* the identity's '{' and '}' */
  long time, time_end, source, source_end, region, region_end; /* values, ends at their '"' */
};

static inline bool read_head(const uint8_t *t, long start, long stop, struct record_head *h) {
  long version_end = find_char(t, start + 17, stop, '"'); /* {"eventVersion":" */
  if (version_end < 0 || !lit_at(t, version_end, stop, "\",\"userIdentity\":{")) return false;
  h->identity = version_end + 17;
  h->identity_end = -1;
  for (long p = h->identity; (p = find_char(t, p, stop, '}')) >= 0; p++)
    if (lit_at(t, p, stop, "},\"eventTime\":\"")) {
      h->identity_end = p;
      break;
    }
  if (h->identity_end < 0) return false;
  h->time = h->identity_end + 15;
  h->time_end = find_char(t, h->time, stop, '"');
  if (h->time_end < 0 || !lit_at(t, h->time_end, stop, "\",\"eventSource\":\"")) return false;
  h->source = h->time_end + 17;
  h->source_end = find_char(t, h->source, stop, '"');
  if (h->source_end < 0 || !lit_at(t, h->source_end, stop, "\",\"eventName\":\"")) return false;
  long name_end = find_char(t, h->source_end + 15, stop, '"');
  if (name_end < 0 || !lit_at(t, name_end, stop, "\",\"awsRegion\":\"")) return false;
  h->region = name_end + 15;
  h->region_end = find_char(t, h->region, stop, '"');
  return h->region_end >= 0 && h->region_end + 1 < stop && t[h->region_end + 1] == ',';
}

#endif
