/*
 * gunzipRecords(buf, max): for a scan of every role, a CloudTrail delivery document
 * inflated and made cheaper for JSON.parse without changing what the pipeline reads:
 *
 * - each record's `userIdentity` object is written once per document: the text has its
 *   number in `identities` in its place (`identityOf[i]`, -1 where left as it was), and
 *   src/sources/read-trail-file.ts puts the parsed object back. A Lambda function's calls
 *   repeat one identity, a third of a record's bytes;
 * - `sourceIPAddress` and a flat `tlsDetails` are left out: nothing reads them.
 *
 * Only records in CloudTrail's own form are touched: no backslash anywhere in the record,
 * `{"eventVersion":"…","userIdentity":{…},"eventTime":"…","eventSource":"…","eventName":
 * "…","awsRegion":"…",` first, `userIdentity` written once. The identity's text runs to the
 * first `},"eventTime":"`; JSON.parse of that text alone succeeds only when it is exactly
 * the identity object (a JSON value ends where its brackets balance), and read-trail-file
 * falls back to the ordinary reading when it does not. Other documents come back as
 * { text } (all ASCII) or bytes.
 */
#include "project.h"

#include "text.h"

#define MAX_IDENTITIES 4096
/* Open addressing over twice the entries; 0 marks a free slot (ids are stored plus one). */
#define TABLE_SIZE 8192

struct identities {
  int n;
  long at[MAX_IDENTITIES];
  long len[MAX_IDENTITIES];
  uint64_t hash[MAX_IDENTITIES];
  int slot[TABLE_SIZE];
};

static uint64_t hash_of(const uint8_t *p, long n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

/* The identity's number, or -1 when the table is full (the record is then left as it is). */
static int identity_id(struct identities *ids, const uint8_t *t, long at, long n) {
  uint64_t h = hash_of(t + at, n);
  for (size_t probe = h & (TABLE_SIZE - 1);; probe = (probe + 1) & (TABLE_SIZE - 1)) {
    int id = ids->slot[probe] - 1;
    if (id < 0) {
      if (ids->n == MAX_IDENTITIES) return -1;
      id = ids->n++;
      ids->at[id] = at;
      ids->len[id] = n;
      ids->hash[id] = h;
      ids->slot[probe] = id + 1;
      return id;
    }
    if (ids->hash[id] == h && ids->len[id] == n && memcmp(t + ids->at[id], t + at, (size_t)n) == 0)
      return id;
  }
}

/* Appends [from, to) of t to out. */
#define COPY(from, to)                                   \
  do {                                                   \
    memcpy(out + o, t + (from), (size_t)((to) - (from))); \
    o += (to) - (from);                                  \
  } while (0)

/* Writes the decimal n at out + o; returns the new o. */
static long put_int(uint8_t *out, long o, int n) {
  char digits[12];
  int k = 0;
  do digits[k++] = (char)('0' + n % 10);
  while ((n /= 10) > 0);
  while (k > 0) out[o++] = (uint8_t)digits[--k];
  return o;
}

/*
 * Records go to JSON.parse in arrays of about this many bytes: a string under V8's
 * large-object size (128 KiB) is made in the young generation and dies there, where one
 * string per document grew the old generation by every document (peak RSS +90 MB at 4x).
 */
#define CHUNK_BYTES (96 * 1024)
#define MAX_CHUNKS 65536

/*
 * Projects the document t[0, len) into out (len + len / CHUNK_BYTES + 64 bytes: the
 * projection never lengthens a record, and each cut between arrays adds one character) as
 * arrays of records; fills identityOf (one per record, grown as
 * needed) and ids. False when t is not a delivery document.
 */
static bool project(const uint8_t *t, long len, uint8_t *out, long *out_len, long *chunk_end,
                    size_t *n_chunks, int32_t **identity_of, size_t *records, struct identities *ids) {
  long start, doc_end;
  if (!delivery_bounds(t, len, &start, &doc_end)) return false;
  struct cursor separators, backslashes, identity_keys, categories;
  cursor_init(&separators, t, len, RECORD_SEPARATOR, (long)strlen(RECORD_SEPARATOR));
  cursor_init(&backslashes, t, len, "\\", 1);
  cursor_init(&identity_keys, t, len, "Identity\":", 10);
  cursor_init(&categories, t, len, "Category\":\"", 11);
  size_t cap = 256, n = 0;
  int32_t *of = malloc(cap * sizeof *of);
  if (of == NULL) return false;
  /* out holds the records as arrays of about CHUNK_BYTES: `[r1,r2][r3]`; chunk_end[k] is
     where array k ends. */
  long o = 0;
  size_t chunks = 0;
  long chunk_start = 0;
  out[o++] = '[';
  while (start < doc_end) {
    long sep = cursor_from(&separators, start);
    long stop = sep < 0 || sep >= doc_end ? doc_end : sep + 1;
    if (!ensure_int32(&of, &cap, n + 1)) return false;
    of[n] = -1;
    long copied = start; /* t[start, copied) is in out already */
    bool plain = !cursor_within(&backslashes, start, stop);
    struct record_head h;
    if (plain && read_head(t, start, stop, &h)) {
      long identity = h.identity, identity_end = h.identity_end + 1; /* past its '}' */
      /* The key itself is the first "Identity": hit; another inside the record: leave it. */
      long second = cursor_from(&identity_keys, identity_end);
      bool once = second < 0 || second + 10 > stop;
      /* At least 6 characters: the number written in its place (at most 4) never lengthens it. */
      int id = identity_end - identity >= 6 && once ? identity_id(ids, t, identity, identity_end - identity) : -1;
      if (id >= 0) {
        COPY(copied, identity);
        o = put_int(out, o, id);
        copied = identity_end;
        of[n] = id;
        /* ,"sourceIPAddress":"…" right after the region; only after an identity read-trail-file
           checks (its parse proves where the identity ends, so where the fields after it are). */
        long ip_end = lit_at(t, h.region_end, stop, "\",\"sourceIPAddress\":\"")
                          ? find_char(t, h.region_end + 21, stop, '"')
                          : -1;
        if (ip_end >= 0) {
          COPY(copied, h.region_end + 1);
          copied = ip_end + 1;
        }
      }
    }
    /* "eventCategory":"…","tlsDetails":{…flat…} */
    long category = plain ? cursor_from(&categories, copied) : -1;
    if (category >= 6 && category + 11 <= stop &&
        memcmp(t + category - 6, "\"event", 6) == 0) {
      long value_end = find_char(t, category + 11, stop, '"');
      if (value_end >= 0 && lit_at(t, value_end + 1, stop, ",\"tlsDetails\":{")) {
        long body = value_end + 1 + 15;
        long close = find_char(t, body, stop, '}');
        /* Flat, and at the record's top level: no bracket closes after it but the record's. */
        if (close >= 0 && find_char(t, body, close, '{') < 0 && find_char(t, body, close, '[') < 0 &&
            find_char(t, close + 1, stop - 1, '}') < 0 && find_char(t, close + 1, stop - 1, ']') < 0) {
          COPY(copied, value_end + 1);
          copied = close + 1;
        }
      }
    }
    COPY(copied, stop); /* the rest of the record */
    n++;
    start = stop + 1;
    if (start < doc_end && o - chunk_start < CHUNK_BYTES) {
      out[o++] = ',';
      continue;
    }
    out[o++] = ']';
    chunk_end[chunks++] = o;
    if (start < doc_end) {
      if (chunks == MAX_CHUNKS) {
        free(of);
        return false;
      }
      chunk_start = o;
      out[o++] = '[';
    }
  }
  *out_len = o;
  *n_chunks = chunks;
  *identity_of = of;
  *records = n;
  return true;
}

/*
 * { texts (the projected records, as JSON arrays), length (of the document), identities:
 * string[], identityOf: Int32Array } for a delivery document that is all ASCII; { text }
 * or bytes otherwise; null means zlib.
 */
napi_value gunzip_records(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv, "gunzipRecords(buf: Buffer, maxOutput: number)")) return NULL;
  struct scratch *s;
  size_t n;
  if (!inflate_into_scratch(env, argv, &s, &n)) return null_value(env);
  napi_value result = NULL;
  if (all_ascii(s->buf, n)) {
    /* The projection never lengthens a record, but each cut between arrays (`][`) takes one
       character more than the comma it replaces: room for one per CHUNK_BYTES of output. */
    uint8_t *out = malloc(n + n / CHUNK_BYTES + 64);
    long *chunk_end = malloc(MAX_CHUNKS * sizeof *chunk_end);
    struct identities *ids = calloc(1, sizeof *ids);
    int32_t *identity_of = NULL;
    size_t records = 0, chunks = 0;
    long out_len = 0;
    if (out && chunk_end && ids &&
        project(s->buf, (long)n, out, &out_len, chunk_end, &chunks, &identity_of, &records, ids)) {
      napi_value texts, list, of, v, length;
      bool ok = napi_create_array_with_length(env, chunks, &texts) == napi_ok &&
                napi_create_array_with_length(env, (size_t)ids->n, &list) == napi_ok &&
                typed_array(env, napi_int32_array, records, sizeof *identity_of, identity_of, &of) &&
                napi_create_double(env, (double)n, &length) == napi_ok;
      for (size_t k = 0; ok && k < chunks; k++) {
        long from = k == 0 ? 0 : chunk_end[k - 1];
        ok = napi_create_string_latin1(env, (const char *)out + from, (size_t)(chunk_end[k] - from), &v) ==
                 napi_ok &&
             napi_set_element(env, texts, (uint32_t)k, v) == napi_ok;
      }
      for (int i = 0; ok && i < ids->n; i++)
        ok = napi_create_string_latin1(env, (const char *)s->buf + ids->at[i], (size_t)ids->len[i], &v) ==
                 napi_ok &&
             napi_set_element(env, list, (uint32_t)i, v) == napi_ok;
      if (!(ok && napi_create_object(env, &result) == napi_ok &&
            napi_set_named_property(env, result, "texts", texts) == napi_ok &&
            napi_set_named_property(env, result, "length", length) == napi_ok &&
            napi_set_named_property(env, result, "identities", list) == napi_ok &&
            napi_set_named_property(env, result, "identityOf", of) == napi_ok))
        result = NULL;
    }
    free(identity_of);
    free(ids);
    free(chunk_end);
    free(out);
  }
  return finish_scratch(env, s, n, result);
}
