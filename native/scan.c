/*
 * iamtrim's optional native scan (see src/sources/inflate-native.ts):
 *
 * gunzipScan(buf, max, groups, alwaysSources): one intact gzip member inflated into a
 *   reused buffer (anything unusual gives null: the caller uses zlib); when the output is a
 *   CloudTrail delivery document in ASCII, it is read as src/sources/record-prefilter.ts does without creating
 *   the text at all: each record that cannot match the prefilter and reads plainly gives
 *   its kind, time, region and source; every other record comes back as its own text, to
 *   be parsed in full; other output comes back as { text } (all ASCII: a latin-1 string,
 *   no Buffer, no decode) or as a Buffer. Where this is unsure it sends the record to the full parse, which
 *   is always exact; it never counts a record the TypeScript reading would parse.
 */
#include <libdeflate.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "text.h"

/*
 * The record index of src/sources/record-index.ts, computed the same way over the bytes
 * (ASCII, so byte offsets are the string's offsets): see that file for what each field
 * means. Every search keeps its last hit, so the text is searched once per string.
 */
struct key_search {
  struct cursor cursor;
  const char *key;
  long klen;
  long offset;
};

static void key_init(struct key_search *k, const uint8_t *hay, long len, const char *key, const char *part) {
  k->key = key;
  k->klen = (long)strlen(key);
  k->offset = (long)(strstr(key, part) - key);
  cursor_init(&k->cursor, hay, len, part, (long)strlen(part));
}

#define ABSENT (-1)
#define TWICE (-2)

static long key_first(struct key_search *k, long start, long stop) {
  long found = ABSENT;
  long at = cursor_from(&k->cursor, start + k->offset);
  while (at >= 0 && at - k->offset + k->klen <= stop) {
    long key_start = at - k->offset;
    if (memcmp(k->cursor.hay + key_start, k->key, (size_t)k->klen) == 0) {
      if (found != ABSENT) return TWICE;
      found = key_start + k->klen;
    }
    at = cursor_from(&k->cursor, at + 1);
  }
  return found;
}

#define STRIDE 6
#define FLAG_ESCAPED 1
#define FLAG_MAY_MATCH 2
#define FLAG_RECORDS 4
#define MAX_NEEDLES 64

/*
 * Fills *out (malloc'd) with the index and *count with its int32 length; returns false when
 * the text is not a delivery document (as indexRecords returns undefined) or memory ran out.
 */
static bool index_records(const uint8_t *text, long len, struct cursor *needles, const int *group_of,
                          int n_needles, int n_groups, int32_t **out, size_t *count) {
  long start, doc_end;
  if (!delivery_bounds(text, len, &start, &doc_end)) return false;
  struct cursor separators, backslashes;
  cursor_init(&separators, text, len, RECORD_SEPARATOR, (long)strlen(RECORD_SEPARATOR));
  cursor_init(&backslashes, text, len, "\\", 1);
  struct key_search types, managements, categories, records;
  key_init(&types, text, len, "\"eventType\":", "Type\":");
  key_init(&managements, text, len, "\"managementEvent\":", "Event\":");
  key_init(&categories, text, len, "\"eventCategory\":", "Category\":");
  key_init(&records, text, len, "\"Records\"", "Recor");
  size_t cap = STRIDE * 256, n = 0;
  int32_t *index = malloc(cap * sizeof *index);
  if (index == NULL) return false;
  while (start < doc_end) {
    long sep = cursor_from(&separators, start);
    long stop = sep < 0 || sep >= doc_end ? doc_end : sep + 1;
    if (!ensure_int32(&index, &cap, n + STRIDE)) return false;
    /* Every group must have a needle inside the record; groups are in order, needles by group. */
    bool may_match = true;
    for (int g = 0, i = 0; g < n_groups && may_match; g++) {
      bool hit = false;
      for (; i < n_needles && group_of[i] == g; i++)
        if (!hit && cursor_within(&needles[i], start, stop)) hit = true;
      may_match = hit;
    }
    int32_t flags = (cursor_within(&backslashes, start, stop) ? FLAG_ESCAPED : 0) |
                    (may_match ? FLAG_MAY_MATCH : 0) |
                    (key_first(&records, start, stop) != ABSENT ? FLAG_RECORDS : 0);
    index[n + 0] = (int32_t)start;
    index[n + 1] = (int32_t)stop;
    index[n + 2] = flags;
    index[n + 3] = (int32_t)key_first(&types, start, stop);
    index[n + 4] = (int32_t)key_first(&managements, start, stop);
    index[n + 5] = (int32_t)key_first(&categories, start, stop);
    n += STRIDE;
    start = stop + 1;
  }
  *out = index;
  *count = n;
  return true;
}

/* Reads groups (string[][]) into cursors over text; false when they are not that shape. */
static bool read_groups(napi_env env, napi_value groups, const uint8_t *text, long len,
                        struct cursor *needles, int *group_of, char **storage, int *n_needles,
                        int *n_groups) {
  uint32_t ng;
  if (napi_get_array_length(env, groups, &ng) != napi_ok || ng > MAX_NEEDLES) return false;
  *n_needles = 0;
  *n_groups = (int)ng;
  for (uint32_t g = 0; g < ng; g++) {
    napi_value group;
    uint32_t nn;
    if (napi_get_element(env, groups, g, &group) != napi_ok ||
        napi_get_array_length(env, group, &nn) != napi_ok)
      return false;
    for (uint32_t j = 0; j < nn; j++) {
      napi_value v;
      size_t nlen;
      if (*n_needles >= MAX_NEEDLES || napi_get_element(env, group, j, &v) != napi_ok ||
          napi_get_value_string_latin1(env, v, NULL, 0, &nlen) != napi_ok)
        return false;
      char *copy = malloc(nlen + 1);
      if (copy == NULL) return false;
      storage[*n_needles] = copy;
      if (napi_get_value_string_latin1(env, v, copy, nlen + 1, &nlen) != napi_ok) return false;
      cursor_init(&needles[*n_needles], text, len, copy, (long)nlen);
      group_of[*n_needles] = (int)g;
      (*n_needles)++;
    }
  }
  return true;
}


/* ---- reading a record the filter cannot select (readUnselected in record-prefilter.ts) ---- */

enum { KIND_EVENT = 0, KIND_DATA_EVENT = 1, KIND_SERVICE_CALL = 2, KIND_NON_API = 3, KIND_PARSE = 255 };

/* ^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$ (isEventSource) */
static bool is_event_source(const uint8_t *s, long n) {
  static const char COM[] = ".amazonaws.com", CN[] = ".amazonaws.com.cn";
  long prefix;
  if (n > 17 && memcmp(s + n - 17, CN, 17) == 0) prefix = n - 17;
  else if (n > 14 && memcmp(s + n - 14, COM, 14) == 0) prefix = n - 14;
  else return false;
  for (long i = 0; i < prefix; i++) {
    uint8_t c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '-'))) return false;
  }
  return true;
}

static int digits(const uint8_t *t, long at, int count) {
  int v = 0;
  for (int i = 0; i < count; i++) {
    int d = t[at + i] - '0';
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/* CloudTrail's YYYY-MM-DDTHH:MM:SSZ in ms, as parseEventTime's fast path; false otherwise. */
static bool event_time(const uint8_t *t, long at, long end, double *ms) {
  if (end - at != 20 || t[at + 4] != '-' || t[at + 7] != '-' || t[at + 10] != 'T' ||
      t[at + 13] != ':' || t[at + 16] != ':' || t[at + 19] != 'Z')
    return false;
  int year = digits(t, at, 4), month = digits(t, at + 5, 2), day = digits(t, at + 8, 2);
  int hour = digits(t, at + 11, 2), minute = digits(t, at + 14, 2), second = digits(t, at + 17, 2);
  static const int MONTH_DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59)
    return false;
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day > MONTH_DAYS[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  /* H. Hinnant's days_from_civil, with floor division. */
  long y = month <= 2 ? year - 1 : year;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = era * 146097 + doe - 719468;
  *ms = ((double)days * 86400 + hour * 3600 + minute * 60 + second) * 1000;
  return true;
}

/* Skips [^"]* then expects the literal; returns the position after it, or -1. */
static long skip_then(const uint8_t *t, long at, long stop, const char *lit) {
  long q = find_char(t, at, stop, '"');
  return q >= 0 && lit_at(t, q, stop, lit) ? q + (long)strlen(lit) : -1;
}

/*
 * The identities resolvePrincipal takes without doubt, as record-prefilter.ts's patterns:
 * an assumed role with its issuer, or an IAM user with an ARN. True when one matches at
 * `at` and ends by `end`.
 */
static bool usual_principal(const uint8_t *t, long at, long end, long stop) {
  static const char ROLE[] = "{\"type\":\"AssumedRole\",\"principalId\":\"";
  static const char USER[] = "{\"type\":\"IAMUser\",\"principalId\":\"";
  long p;
  if (lit_at(t, at, stop, ROLE)) {
    p = at + (long)strlen(ROLE);
    if ((p = skip_then(t, p, stop, "\",\"arn\":\"")) < 0) return false;
    if ((p = skip_then(t, p, stop, "\",\"accountId\":\"")) < 0) return false;
    if ((p = skip_then(t, p, stop, "\",")) < 0) return false;
    if (lit_at(t, p, stop, "\"accessKeyId\":\"")) {
      if ((p = skip_then(t, p + 15, stop, "\",")) < 0) return false;
    }
    static const char ISSUER[] = "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"";
    if (!lit_at(t, p, stop, ISSUER)) return false;
    p += (long)strlen(ISSUER);
    if ((p = skip_then(t, p, stop, "\",\"arn\":\"")) < 0) return false;
  } else if (lit_at(t, at, stop, USER)) {
    p = at + (long)strlen(USER);
    if ((p = skip_then(t, p, stop, "\",\"arn\":\"")) < 0) return false;
  } else
    return false;
  /* [^"]+" : at least one character, then the closing quote. */
  long q = find_char(t, p, stop, '"');
  return q > p && q + 1 <= end;
}

/* Distinct short values (regions, sources) of one document, by their text. */
#define MAX_VALUES 256
struct values {
  int n;
  long at[MAX_VALUES];
  long len[MAX_VALUES];
};

/* The value's number, or -1 when the table is full (the record is then parsed in full). */
static int value_id(struct values *v, const uint8_t *t, long at, long end) {
  long n = end - at;
  for (int i = v->n - 1; i >= 0; i--)
    if (v->len[i] == n && memcmp(t + v->at[i], t + at, (size_t)n) == 0) return i;
  if (v->n == MAX_VALUES) return -1;
  v->at[v->n] = at;
  v->len[v->n] = n;
  return v->n++;
}

struct always {
  int n;
  char *names[MAX_NEEDLES];
};

static bool is_always(const struct always *a, const uint8_t *s, long n) {
  for (int i = 0; i < a->n; i++)
    if ((long)strlen(a->names[i]) == n && memcmp(a->names[i], s, (size_t)n) == 0) return true;
  return false;
}

struct unselected {
  int kind;
  double ms;
  int region;
  int source;
};

/* The record's entry of the index at `e`, read as readUnselected does; false: parse it. */
static bool read_unselected(const uint8_t *t, const int32_t *e, const struct always *always,
                            struct values *values, struct unselected *out) {
  long start = e[0], stop = e[1];
  struct record_head h;
  if (e[2] != 0 || !read_head(t, start, stop, &h)) return false;
  const long identity = h.identity, identity_end = h.identity_end, time = h.time, time_end = h.time_end;
  const long source = h.source, source_end = h.source_end, region = h.region, region_end = h.region_end;

  if (!is_event_source(t + source, source_end - source) ||
      is_always(always, t + source, source_end - source))
    return false;
  if (!event_time(t, time, time_end, &out->ms)) return false;

  long type_at = e[3], management_at = e[4], category_at = e[5];
  if (type_at == TWICE || management_at == TWICE || category_at == TWICE) return false;
  static const char *NON_API[] = {"AwsServiceEvent", "AwsConsoleSignIn", "AwsConsoleAction",
                                  "AwsCloudTrailInsight", "AwsVpceEvent"};
  bool api_call = true, non_api = false;
  if (type_at >= 0) {
    long type_end = string_end(t, type_at, stop);
    if (type_end < 0) return false;
    long n = type_end - type_at - 1;
    const uint8_t *v = t + type_at + 1;
    api_call = n == 10 && memcmp(v, "AwsApiCall", 10) == 0;
    for (size_t i = 0; i < sizeof NON_API / sizeof *NON_API; i++)
      if ((long)strlen(NON_API[i]) == n && memcmp(v, NON_API[i], (size_t)n) == 0) non_api = true;
  }
  if (non_api)
    out->kind = KIND_NON_API;
  else if (!api_call)
    return false; /* skipped with its reason by the full parse */
  else if (lit_at(t, identity, stop, "{\"type\":\"AWSService\","))
    out->kind = KIND_SERVICE_CALL;
  else {
    if (!usual_principal(t, identity, identity_end + 1, stop)) return false;
    bool data = false;
    if (category_at >= 0) {
      long category_end = string_end(t, category_at, stop);
      if (category_end < 0) return false;
      data = category_end - category_at - 1 == 4 && memcmp(t + category_at + 1, "Data", 4) == 0;
    }
    if (management_at >= 0) {
      if (lit_at(t, management_at, stop, "false"))
        data = true;
      else if (!lit_at(t, management_at, stop, "true"))
        return false;
    }
    out->kind = data ? KIND_DATA_EVENT : KIND_EVENT;
  }
  out->region = value_id(values, t, region, region_end);
  out->source = value_id(values, t, source, source_end);
  return out->region >= 0 && out->source >= 0;
}

/* ---- the exported functions ---- */

/* Reads alwaysSources (string[]) into `a`; false when it is not that shape. */
static bool read_always(napi_env env, napi_value list, struct always *a) {
  uint32_t n;
  a->n = 0;
  if (napi_get_array_length(env, list, &n) != napi_ok || n > MAX_NEEDLES) return false;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    size_t len;
    if (napi_get_element(env, list, i, &v) != napi_ok ||
        napi_get_value_string_latin1(env, v, NULL, 0, &len) != napi_ok)
      return false;
    char *copy = malloc(len + 1);
    if (copy == NULL) return false;
    a->names[a->n++] = copy;
    if (napi_get_value_string_latin1(env, v, copy, len + 1, &len) != napi_ok) return false;
  }
  return true;
}

/*
 * The scan's result: { length (of the text), kinds: Uint8Array (KIND_* per record, 255: parse it), times:
 * Float64Array, regions, sources: Uint16Array (numbers into values), values: string[],
 * parsed: string[] (the texts of the records to parse, in order) }.
 */
static napi_value scan_result(napi_env env, const uint8_t *t, size_t length, const int32_t *index,
                              size_t count, const struct always *always) {
  size_t records = count / STRIDE;
  uint8_t *kinds = malloc(records ? records : 1);
  double *times = malloc((records ? records : 1) * sizeof *times);
  uint16_t *regions = malloc((records ? records : 1) * sizeof *regions);
  uint16_t *sources = malloc((records ? records : 1) * sizeof *sources);
  struct values *values = calloc(1, sizeof *values);
  napi_value result = NULL, parsed, list, v;
  bool ok = kinds && times && regions && sources && values && napi_create_array(env, &parsed) == napi_ok;
  uint32_t n_parsed = 0;
  for (size_t r = 0; ok && r < records; r++) {
    const int32_t *e = index + r * STRIDE;
    struct unselected u;
    if (read_unselected(t, e, always, values, &u)) {
      kinds[r] = (uint8_t)u.kind;
      times[r] = u.ms;
      regions[r] = (uint16_t)u.region;
      sources[r] = (uint16_t)u.source;
      continue;
    }
    kinds[r] = KIND_PARSE;
    times[r] = 0;
    regions[r] = sources[r] = 0;
    ok = napi_create_string_latin1(env, (const char *)t + e[0], (size_t)(e[1] - e[0]), &v) == napi_ok &&
         napi_set_element(env, parsed, n_parsed++, v) == napi_ok;
  }
  if (ok) ok = napi_create_array_with_length(env, (size_t)values->n, &list) == napi_ok;
  for (int i = 0; ok && i < values->n; i++)
    ok = napi_create_string_latin1(env, (const char *)t + values->at[i], (size_t)values->len[i], &v) ==
             napi_ok &&
         napi_set_element(env, list, (uint32_t)i, v) == napi_ok;
  napi_value k, tm, rg, sr, len;
  ok = ok && napi_create_object(env, &result) == napi_ok &&
       typed_array(env, napi_uint8_array, records, 1, kinds, &k) &&
       typed_array(env, napi_float64_array, records, sizeof *times, times, &tm) &&
       typed_array(env, napi_uint16_array, records, sizeof *regions, regions, &rg) &&
       typed_array(env, napi_uint16_array, records, sizeof *sources, sources, &sr) &&
       napi_set_named_property(env, result, "kinds", k) == napi_ok &&
       napi_set_named_property(env, result, "times", tm) == napi_ok &&
       napi_set_named_property(env, result, "regions", rg) == napi_ok &&
       napi_set_named_property(env, result, "sources", sr) == napi_ok &&
       napi_set_named_property(env, result, "values", list) == napi_ok &&
       napi_set_named_property(env, result, "parsed", parsed) == napi_ok &&
       napi_create_double(env, (double)length, &len) == napi_ok &&
       napi_set_named_property(env, result, "length", len) == napi_ok;
  free(kinds);
  free(times);
  free(regions);
  free(sources);
  free(values);
  return ok ? result : NULL;
}

napi_value gunzip_scan(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv,
                "gunzipScan(buf: Buffer, maxOutput: number, groups: string[][], alwaysSources: string[])"))
    return NULL;
  struct scratch *s;
  size_t n;
  if (!inflate_into_scratch(env, argv, &s, &n)) return null_value(env);
  napi_value result = NULL;
  if (all_ascii(s->buf, n)) {
    struct cursor needles[MAX_NEEDLES];
    int group_of[MAX_NEEDLES];
    char *storage[MAX_NEEDLES] = {0};
    struct always always = {0};
    int n_needles = 0, n_groups = 0;
    int32_t *index = NULL;
    size_t count = 0;
    if (read_groups(env, argv[2], s->buf, (long)n, needles, group_of, storage, &n_needles, &n_groups) &&
        read_always(env, argv[3], &always) &&
        index_records(s->buf, (long)n, needles, group_of, n_needles, n_groups, &index, &count))
      result = scan_result(env, s->buf, n, index, count, &always);
    free(index);
    for (int i = 0; i < MAX_NEEDLES; i++) free(storage[i]);
    for (int i = 0; i < always.n; i++) free(always.names[i]);
  }
  /* Not a delivery document (or not ASCII): the text or bytes, for the ordinary reading. */
  return finish_scratch(env, s, n, result);
}
