/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fake_geti_server.h"

#include <libsoup/soup.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include <sys/socket.h>

#include "detector.h"
#include "fake_responses.h"
#include "jpeg_decode.h"

namespace geti::fake {

namespace {

/* The TLS identity of ServerOptions::tls: a certificate for 127.0.0.1 and
 * localhost issued by a test CA, valid 2000-2099 (EC P-256, made with
 * `openssl ca`). Test material only: the key is public. */
constexpr char TLS_CA_PEM[] = R"(-----BEGIN CERTIFICATE-----
MIIBojCCAUmgAwIBAgIBATAKBggqhkjOPQQDAjA4MSMwIQYDVQQDDBpnc3QtZ2V0
aSBmYWtlIEdldGkgdGVzdCBDQTERMA8GA1UECgwIZ3N0LWdldGkwIBcNMDAwMTAx
MDAwMDAwWhgPMjA5OTEyMzEyMzU5NTlaMDgxIzAhBgNVBAMMGmdzdC1nZXRpIGZh
a2UgR2V0aSB0ZXN0IENBMREwDwYDVQQKDAhnc3QtZ2V0aTBZMBMGByqGSM49AgEG
CCqGSM49AwEHA0IABCsLRGbmopFq1qIedngiMorxCes8+nxpxg8IWNdXI3sG519C
zLC6anx7YVEpYacQ98WSvEskjqVDbdw4xQkHu+ujQjBAMA8GA1UdEwEB/wQFMAMB
Af8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBQLBs9UqmXHoDI2Ugq4HSnhteJN
cDAKBggqhkjOPQQDAgNHADBEAiBNhP6FbL/r7vxb7K9Sua7xwn7EzYAncAPShqGs
FU1aLAIgS9nsskP+hVj3ZD/mTJeBL+Ik4vSNwT3myDBgwcFhxis=
-----END CERTIFICATE-----
)";
constexpr char TLS_SERVER_PEM[] = R"(-----BEGIN CERTIFICATE-----
MIIB4zCCAYmgAwIBAgIBAjAKBggqhkjOPQQDAjA4MSMwIQYDVQQDDBpnc3QtZ2V0
aSBmYWtlIEdldGkgdGVzdCBDQTERMA8GA1UECgwIZ3N0LWdldGkwIBcNMDAwMTAx
MDAwMDAwWhgPMjA5OTEyMzEyMzU5NTlaMCcxEjAQBgNVBAMMCTEyNy4wLjAuMTER
MA8GA1UECgwIZ3N0LWdldGkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASOGF8u
vOqA6S+ZLL5VV8oE4x0pFJwBGlQESPV/ebcyp9ipnz0owfR6pjMnCp2moIVXXPuq
Cy1wqrQFEiYhieBlo4GSMIGPMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeA
MBMGA1UdJQQMMAoGCCsGAQUFBwMBMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9z
dDAdBgNVHQ4EFgQULoTBKn+wghRl1GxnEgxB94B503UwHwYDVR0jBBgwFoAUCwbP
VKplx6AyNlIKuB0p4bXiTXAwCgYIKoZIzj0EAwIDSAAwRQIhAOZlCi9OIPFZDZZq
pOwdM4YiptT+U5UWA+t8Aq14OuEtAiByFA07QHHD2GIZLE38qXjF6DXYdakgK9FR
5ZVxAI61zA==
-----END CERTIFICATE-----
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUyihEm9nMKVAkq1Y
uFl/YBpeJEZabruR0sziWvj0BsChRANCAASOGF8uvOqA6S+ZLL5VV8oE4x0pFJwB
GlQESPV/ebcyp9ipnz0owfR6pjMnCp2moIVXXPuqCy1wqrQFEiYhieBl
-----END PRIVATE KEY-----
)";

/* What the truncated fault sends of its body, and how much more it
 * announces. */
constexpr char TRUNCATED_BODY[] =
    "{\"predictions\": [{\"labels\": [{\"probability\": 0.97, \"id\": \"";
constexpr char TRUNCATED_EXPLAIN_BODY[] = "{\"maps\": [{\"data\": \"/9j/4AAQ";
constexpr gsize TRUNCATED_MISSING = 256;

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

bool
is_hex (std::string_view text, std::size_t length) noexcept
{
  return text.size () == length &&
         std::all_of (text.begin (), text.end (),
             [] (char c) { return g_ascii_isxdigit (c); });
}

bool
is_alnum (std::string_view text, std::size_t length) noexcept
{
  return text.size () == length &&
         std::all_of (text.begin (), text.end (),
             [] (char c) { return g_ascii_isalnum (c); });
}

bool
is_uuid (std::string_view text) noexcept
{
  if (text.size () != 36)
    return false;
  for (std::size_t i = 0; i < text.size (); i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
      return false;
  }
  return true;
}

std::vector<std::string>
split (std::string_view text, char separator)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find (separator, start);
    if (end == std::string_view::npos) {
      parts.emplace_back (text.substr (start));
      return parts;
    }
    parts.emplace_back (text.substr (start, end - start));
    start = end + 1;
  }
}

/* Runs @body on behalf of a callback called from C (GLib, libsoup): no
 * exception may leave it. The only one to expect is std::bad_alloc. */
template <typename Body>
void
guarded (const char *what, Body &&body) noexcept
{
  try {
    body ();
  } catch (const std::exception &e) {
    g_critical ("fake-geti: %s: %s", what, e.what ());
  } catch (...) {
    g_critical ("fake-geti: %s failed", what);
  }
}

/* Go's strconv.ParseBool, as the gateway parses label_only. */
std::optional<bool>
parse_go_bool (std::string_view text) noexcept
{
  for (const char *yes : { "1", "t", "T", "TRUE", "true", "True" })
    if (text == yes)
      return true;
  for (const char *no : { "0", "f", "F", "FALSE", "false", "False" })
    if (text == no)
      return false;
  return std::nullopt;
}

/* ---------------------------------------------------------------------- */
/* Answers                                                                */

/* A complete answer, ready to be set on a message. */
struct Answer {
  guint status = SOUP_STATUS_OK;
  const char *content_type = nullptr; /* nullptr: no body */
  std::string body;
  guint retry_after_s = 0; /* > 0: 429 headers */
  std::string location;    /* a Location header, when not empty */
  /* instead of body: an answer shared by every request (Fault::body) */
  std::shared_ptr<const std::string> shared_body;
};

Answer
text_answer (guint status, const char *text)
{
  return Answer{ status, "text/plain", text, 0 };
}

Answer
json_answer (guint status, std::string body)
{
  return Answer{ status, "application/json", std::move (body), 0 };
}

Answer
error_answer (guint status, const char *error_code, std::string_view message)
{
  return json_answer (status, error_json (status, error_code, message));
}

void
apply_answer (SoupServerMessage *msg, const Answer &answer)
{
  soup_server_message_set_status (msg, answer.status, nullptr);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  if (answer.retry_after_s > 0) {
    g_autofree char *seconds = g_strdup_printf ("%u", answer.retry_after_s);
    soup_message_headers_replace (headers, "Retry-After", seconds);
    soup_message_headers_replace (headers, "x-local-rate-limit", "true");
  }
  if (!answer.location.empty ())
    soup_message_headers_replace (
        headers, "Location", answer.location.c_str ());
  if (answer.content_type != nullptr && answer.shared_body) {
    /* the GBytes keeps the shared string alive, no copy */
    auto *owner = new std::shared_ptr<const std::string> (answer.shared_body);
    g_autoptr (GBytes) bytes =
        g_bytes_new_with_free_func ((*owner)->data (), (*owner)->size (),
            [] (gpointer data) {
              delete static_cast<std::shared_ptr<const std::string> *> (data);
            },
            owner);
    soup_message_headers_set_content_type (
        headers, answer.content_type, nullptr);
    soup_message_body_append_bytes (
        soup_server_message_get_response_body (msg), bytes);
  } else if (answer.content_type != nullptr) {
    soup_server_message_set_response (msg, answer.content_type,
        SOUP_MEMORY_COPY, answer.body.data (), answer.body.size ());
  }
}

/* The answer of a fault that answers at once (not slow, close, truncated). */
Answer
fault_answer (Fault fault, guint retry_after_s, bool explain)
{
  switch (fault) {
    case Fault::http_500:
      return error_answer (SOUP_STATUS_INTERNAL_SERVER_ERROR,
          "internal_server_error", "internal server error");
    case Fault::http_503:
      return text_answer (
          SOUP_STATUS_SERVICE_UNAVAILABLE, "no healthy upstream");
    case Fault::http_429: {
      Answer answer =
          text_answer (429 /* Too Many Requests */, "local_rate_limited");
      answer.retry_after_s = MAX (retry_after_s, 1u);
      return answer;
    }
    case Fault::http_204:
      return Answer{ SOUP_STATUS_NO_CONTENT, nullptr, {}, 0 };
    case Fault::garbage:
      return json_answer (
          SOUP_STATUS_OK, "<html><body><h1>It works!</h1></body></html>\n");
    case Fault::wrong_type:
      return json_answer (SOUP_STATUS_OK,
          std::string (explain ? "{\"maps\"" : "{\"predictions\"") +
              ": \"none\", \"created\": \"" + created_now () + "\"}");
    default:
      return error_answer (SOUP_STATUS_INTERNAL_SERVER_ERROR,
          "internal_server_error", "unexpected fault");
  }
}

/* What the worker thread does for one inference. */
struct Inference {
  GBytes *file = nullptr; /* owned */
  PredictRequest request;
  /* results */
  Answer answer;
  int width = 0;
  int height = 0;

  ~Inference ()
  {
    g_clear_pointer (&file, g_bytes_unref);
  }

  void run () noexcept
  {
    try {
      GrayImage image;
      if (!jpeg_decode_gray (file, image)) {
        answer =
            error_answer (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid_media",
                "Not a valid image format. Use one of [\".jpg\", \".jpeg\", "
                "\".bmp\", \".png\", \".tif\", \".tiff\", \".webp\"]");
        return;
      }
      width = image.width;
      height = image.height;
      std::vector<Blob> blobs = detect_blobs (
          image.pixels.data (), image.width, image.height, image.width);
      answer = json_answer (SOUP_STATUS_OK,
          request.explain
              ? explain_json (request, blobs, image.width, image.height)
              : predict_json (request, blobs, image.width, image.height));
    } catch (...) {
      answer = error_answer (SOUP_STATUS_INTERNAL_SERVER_ERROR,
          "internal_server_error", "inference failed");
    }
  }
};

/* The multipart upload of a :predict request. */
struct Upload {
  std::string field;
  std::string filename;
  std::string content_type;
  GBytes *data = nullptr; /* owned */
  bool usable = false;    /* a part "file" with a filename, as the gateway's
                             c.FormFile("file") wants it */

  Upload () = default;
  Upload (const Upload &) = delete;
  Upload &operator= (const Upload &) = delete;
  ~Upload ()
  {
    g_clear_pointer (&data, g_bytes_unref);
  }
};

void
parse_upload (SoupServerMessage *msg, Upload &upload)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr (GBytes) body =
      soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (SoupMultipart) multipart =
      soup_multipart_new_from_message (headers, body);
  if (!multipart)
    return;

  int n_parts = soup_multipart_get_length (multipart);
  for (int i = 0; i < n_parts; i++) {
    SoupMessageHeaders *part_headers = nullptr;
    GBytes *part_body = nullptr;
    if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
      continue;
    g_autofree char *disposition = nullptr;
    g_autoptr (GHashTable) params = nullptr;
    if (!soup_message_headers_get_content_disposition (
            part_headers, &disposition, &params))
      continue;
    auto name =
        static_cast<const char *> (g_hash_table_lookup (params, "name"));
    auto filename =
        static_cast<const char *> (g_hash_table_lookup (params, "filename"));
    bool is_file_field = g_strcmp0 (name, "file") == 0;
    bool has_filename = filename != nullptr && filename[0] != '\0';
    /* keep the part "file", else the first part with a filename */
    if (!is_file_field && (!has_filename || upload.data != nullptr))
      continue;

    const char *part_type =
        soup_message_headers_get_one (part_headers, "Content-Type");
    upload.field = name != nullptr ? name : "";
    upload.filename = filename != nullptr ? filename : "";
    upload.content_type = part_type != nullptr ? part_type : "";
    g_clear_pointer (&upload.data, g_bytes_unref);
    upload.data = g_bytes_ref (part_body);
    upload.usable = is_file_field && has_filename;
    if (is_file_field)
      break;
  }
}

} // namespace

/* ---------------------------------------------------------------------- */
/* Public helpers                                                         */

const char *
tls_ca_pem () noexcept
{
  return TLS_CA_PEM;
}

bool
api_key_is_well_formed (std::string_view key) noexcept
{
  constexpr std::string_view prefix = "geti_pat_";
  if (key.size () != prefix.size () + 43 + 1 + 6 ||
      key.substr (0, prefix.size ()) != prefix)
    return false;
  key.remove_prefix (prefix.size ());
  return is_alnum (key.substr (0, 43), 43) && key[43] == '_' &&
         is_alnum (key.substr (44), 6);
}

const char *
scenario_to_string (Scenario scenario) noexcept
{
  switch (scenario) {
    case Scenario::detection:
      return "detection";
    case Scenario::shapes:
      return "shapes";
    case Scenario::keypoints_ovms:
      return "keypoints-ovms";
    case Scenario::classification:
      return "classification";
    case Scenario::empty:
      return "empty";
    case Scenario::anomaly:
      return "anomaly";
  }
  return "detection";
}

std::optional<Scenario>
scenario_from_string (std::string_view name) noexcept
{
  std::string canonical (name);
  std::replace (canonical.begin (), canonical.end (), '_', '-');
  for (Scenario scenario :
      { Scenario::detection, Scenario::shapes, Scenario::keypoints_ovms,
          Scenario::classification, Scenario::empty, Scenario::anomaly })
    if (canonical == scenario_to_string (scenario))
      return scenario;
  return std::nullopt;
}

const char *
project_kind_to_string (ProjectKind kind) noexcept
{
  switch (kind) {
    case ProjectKind::detection:
      return "detection";
    case ProjectKind::task_chain:
      return "task-chain";
    case ProjectKind::keypoint:
      return "keypoint";
    case ProjectKind::anomaly:
      return "anomaly";
  }
  return "detection";
}

std::optional<ProjectKind>
project_kind_from_string (std::string_view name) noexcept
{
  std::string canonical (name);
  std::replace (canonical.begin (), canonical.end (), '_', '-');
  for (ProjectKind kind : { ProjectKind::detection, ProjectKind::task_chain,
           ProjectKind::keypoint, ProjectKind::anomaly })
    if (canonical == project_kind_to_string (kind))
      return kind;
  return std::nullopt;
}

std::vector<NamedId>
numbered_projects (guint count, std::string_view prefix)
{
  std::vector<NamedId> projects;
  projects.reserve (count);
  for (guint i = 1; i <= count; i++) {
    g_autofree char *id = g_strdup_printf ("7a11%020x", i);
    g_autofree char *name = g_strdup_printf (
        "%.*s %03u", static_cast<int> (prefix.size ()), prefix.data (), i);
    projects.push_back (NamedId{ id, name });
  }
  return projects;
}

const char *
fault_to_string (Fault fault) noexcept
{
  switch (fault) {
    case Fault::none:
      return "none";
    case Fault::http_500:
      return "500";
    case Fault::http_503:
      return "503";
    case Fault::http_429:
      return "429";
    case Fault::http_204:
      return "204";
    case Fault::garbage:
      return "garbage";
    case Fault::wrong_type:
      return "wrong-type";
    case Fault::truncated:
      return "truncated";
    case Fault::close:
      return "close";
    case Fault::slow:
      return "slow";
    case Fault::body:
      return "body";
  }
  return "none";
}

std::optional<Fault>
fault_from_string (std::string_view name) noexcept
{
  std::string canonical (name);
  std::replace (canonical.begin (), canonical.end (), '_', '-');
  if (canonical.rfind ("http-", 0) == 0)
    canonical.erase (0, 5);
  for (Fault fault : { Fault::none, Fault::http_500, Fault::http_503,
           Fault::http_429, Fault::http_204, Fault::garbage, Fault::wrong_type,
           Fault::truncated, Fault::close, Fault::slow, Fault::body })
    if (canonical == fault_to_string (fault))
      return fault;
  return std::nullopt;
}

std::optional<FaultRule>
fault_rule_from_string (std::string_view text) noexcept
{
  std::vector<std::string> parts = split (text, ':');
  if (parts.size () > 3)
    return std::nullopt;
  std::optional<Fault> fault = fault_from_string (parts[0]);
  if (!fault)
    return std::nullopt;
  FaultRule rule;
  rule.fault = *fault;
  if (parts.size () > 1) {
    guint64 every = 0;
    if (!g_ascii_string_to_unsigned (
            parts[1].c_str (), 10, 1, G_MAXUINT, &every, nullptr))
      return std::nullopt;
    rule.every = static_cast<guint> (every);
    /* "every 3rd request": the 3rd, the 6th, ... */
    rule.first = rule.every - 1;
  }
  if (parts.size () > 2) {
    char *end = nullptr;
    double probability = g_ascii_strtod (parts[2].c_str (), &end);
    if (parts[2].empty () || end == nullptr || *end != '\0' ||
        !(probability >= 0.0 && probability <= 1.0))
      return std::nullopt;
    rule.probability = probability;
  }
  return rule;
}

/* ---------------------------------------------------------------------- */
/* The server                                                             */

namespace {

/* A :predict request that is not answered at once: it is paused while it
 * waits (slow fault, capacity queue, inference, latency) or until its
 * connection is stolen (close and truncated faults). Lives on the server
 * thread only. */
struct Job {
  enum class State { slow_wait, queued, inferring, stealing };

  Server::Impl *impl = nullptr;
  SoupServerMessage *msg = nullptr; /* owned */
  gulong disconnected_id = 0;
  State state = State::queued;
  std::list<std::unique_ptr<Job>>::iterator self;

  std::size_t record = 0; /* index in Impl::requests */
  guint generation = 0;   /* of Impl::requests when recorded */
  Fault fault = Fault::none;
  PredictRequest request; /* scenario, kind, pipeline, label_only */
  GBytes *file = nullptr; /* owned; handed to the worker */

  GSource *timer = nullptr; /* owned: slow, latency or steal source */
  gint64 slow_until_us = 0; /* end of the slow fault's delay */
  gint64 start_us = 0;      /* when the inference started */
  bool worker_running = false;
  bool worker_done = false;
  bool latency_done = false;
  bool disconnected = false;
  Answer answer;
  int width = 0;
  int height = 0;

  ~Job ()
  {
    clear_timer ();
    if (msg != nullptr && disconnected_id != 0)
      g_signal_handler_disconnect (msg, disconnected_id);
    g_clear_object (&msg);
    g_clear_pointer (&file, g_bytes_unref);
  }

  void clear_timer () noexcept
  {
    if (timer != nullptr) {
      g_source_destroy (timer);
      g_source_unref (timer);
      timer = nullptr;
    }
  }
};

/* ServerOptions::rate_limit: Envoy's local rate limit, a token bucket of a
 * tenth of a second's worth of requests (at least one), refilled
 * continuously. Guarded by Impl::lock. */
struct TokenBucket {
  double rate = 0.0; /* tokens per second; 0: no limit */
  double size = 1.0;
  double tokens = 0.0;
  gint64 last_us = 0; /* when tokens was brought up to date */

  void set_rate (double new_rate, gint64 now_us) noexcept
  {
    const bool was_off = rate <= 0.0;
    refill (now_us);
    rate = new_rate > 0.0 ? new_rate : 0.0;
    size = std::max (1.0, std::floor (rate / 10.0));
    tokens = was_off ? size : std::min (tokens, size);
    last_us = now_us;
  }

  void refill (gint64 now_us) noexcept
  {
    if (rate > 0.0 && now_us > last_us)
      tokens = std::min (size, tokens + (now_us - last_us) * rate / 1e6);
    last_us = now_us;
  }

  /* One request: false when it is throttled. */
  bool take (gint64 now_us) noexcept
  {
    if (rate <= 0.0)
      return true;
    refill (now_us);
    if (tokens < 1.0)
      return false;
    tokens -= 1.0;
    return true;
  }
};

} // namespace

struct Server::Impl {
  ServerOptions options;

  /* Created by start(); iterated by the server thread only. */
  GMainContext *context = nullptr;
  GMainLoop *loop = nullptr;
  GThread *thread = nullptr;
  SoupServer *server = nullptr;
  GSocketService *service = nullptr;
  GTlsCertificate *certificate = nullptr; /* options.tls */
  guint port = 0;

  /* Everything below `lock` is guarded by it. */
  mutable std::mutex lock;
  mutable std::condition_variable changed;
  bool started = false;
  GError *start_error = nullptr;
  std::vector<FaultRule> faults;
  std::vector<FaultRule> explain_faults;
  guint latency_ms = 0;
  guint capacity = 0; /* 0: unlimited */
  TokenBucket bucket;
  Scenario scenario = Scenario::detection;
  std::shared_ptr<const std::string> predict_body;
  std::shared_ptr<const std::string> explain_body;
  std::mt19937 random;
  std::vector<ReceivedRequest> requests;
  guint generation = 0;
  guint predict_count = 0;
  guint explain_count = 0;
  guint in_flight = 0;
  guint max_concurrent = 0;
  guint inferring = 0;
  guint max_inferring = 0;
  guint throttled_count = 0;
  std::set<guint16> remote_ports;
  guint open_connections = 0; /* clients.size () */

  /* Server thread only. */
  struct Client {
    GSocketConnection *connection = nullptr; /* owned */
    bool tls = false;
    bool busy = false; /* a request is under way */
  };
  std::map<guint16, Client> clients; /* by remote port */
  GSource *sweeper = nullptr;
  std::list<std::unique_ptr<Job>> jobs;
  std::deque<Job *> queue;
  guint workers_running = 0;
  bool stopping = false;

  explicit Impl (const ServerOptions &opts)
      : options (opts), faults (opts.faults),
        explain_faults (opts.explain_faults), latency_ms (opts.latency_ms),
        capacity (opts.capacity), scenario (opts.scenario),
        predict_body (opts.predict_body), explain_body (opts.explain_body),
        random (opts.random_seed)
  {
    bucket.set_rate (opts.rate_limit, g_get_monotonic_time ());
  }

  ~Impl ()
  {
    g_clear_error (&start_error);
    g_clear_pointer (&loop, g_main_loop_unref);
    g_clear_pointer (&context, g_main_context_unref);
  }

  /* -- recording -------------------------------------------------------- */

  void answered (std::size_t record, guint record_generation, guint status)
  {
    std::string line;
    {
      std::lock_guard<std::mutex> guard (lock);
      if (record_generation != generation || record >= requests.size ())
        return;
      ReceivedRequest &request = requests[record];
      request.status = status;
      request.answered_us = g_get_monotonic_time ();
      if (options.verbose) {
        g_autofree char *text = g_strdup_printf ("%s %s%s%s -> %u (%.1f ms)",
            request.method.c_str (), request.path.c_str (),
            request.query.empty () ? "" : "?", request.query.c_str (), status,
            (request.answered_us - request.received_us) / 1000.0);
        line = text;
      }
    }
    changed.notify_all ();
    if (!line.empty ())
      g_printerr ("fake-geti: %s\n", line.c_str ());
  }

  void predict_finished ()
  {
    std::lock_guard<std::mutex> guard (lock);
    if (in_flight > 0)
      in_flight--;
  }

  /* -- request handling ------------------------------------------------- */

  void handle (SoupServerMessage *msg)
  {
    GUri *uri = soup_server_message_get_uri (msg);
    SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

    ReceivedRequest request;
    request.method = soup_server_message_get_method (msg);
    const char *raw_path = g_uri_get_path (uri);
    g_autofree char *path = g_uri_unescape_string (raw_path, nullptr);
    request.path = path != nullptr ? path : raw_path;
    const char *query = g_uri_get_query (uri);
    request.query = query != nullptr ? query : "";
    const char *key = soup_message_headers_get_one (headers, "x-api-key");
    request.api_key = key != nullptr ? key : "";
    const char *content_type =
        soup_message_headers_get_one (headers, "Content-Type");
    request.content_type = content_type != nullptr ? content_type : "";
    GSocketAddress *remote = soup_server_message_get_remote_address (msg);
    if (remote != nullptr && G_IS_INET_SOCKET_ADDRESS (remote))
      request.remote_port =
          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
    request.received_us = g_get_monotonic_time ();

    std::size_t record;
    guint record_generation;
    {
      std::lock_guard<std::mutex> guard (lock);
      record = requests.size ();
      record_generation = generation;
      requests.push_back (request);
      remote_ports.insert (request.remote_port);
    }
    changed.notify_all ();

    std::optional<Answer> answer = redirect (request);
    if (!answer)
      answer = route (msg, request.path, record, record_generation);
    if (answer) {
      apply_answer (msg, *answer);
      answered (record, record_generation, answer->status);
    }
  }

  /* options.redirect_*: the redirect of a hostile server, if it applies */
  std::optional<Answer> redirect (const ReceivedRequest &request) const
  {
    if (options.redirect_status == 0)
      return std::nullopt;
    const bool predict = request.path.find (":predict") != std::string::npos;
    const bool explain = request.path.find (":explain") != std::string::npos;
    std::vector<std::string> parts = split (request.path, '/');
    const bool project = !predict && !explain && parts.size () >= 2 &&
                         parts[parts.size () - 2] == "projects" &&
                         is_hex (parts.back (), 24);
    const guint kind = predict   ? REQUEST_PREDICT
                       : explain ? REQUEST_EXPLAIN
                       : project ? REQUEST_PROJECT
                                 : REQUEST_LISTING;
    if ((options.redirect_kinds & kind) == 0)
      return std::nullopt;
    Answer answer = text_answer (options.redirect_status, "Moved");
    answer.location = options.redirect_to + request.path +
                      (request.query.empty () ? "" : "?" + request.query);
    return answer;
  }

  /* Authenticates and routes; returns the answer, or std::nullopt when a
   * :predict request took over the message. */
  std::optional<Answer> route (SoupServerMessage *msg, const std::string &path,
      std::size_t record, guint record_generation)
  {
    SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
    const char *key = soup_message_headers_get_one (headers, "x-api-key");
    if (key == nullptr || key[0] == '\0')
      return text_answer (SOUP_STATUS_FORBIDDEN, "RBAC: access denied");
    if (!api_key_is_well_formed (key))
      return text_answer (SOUP_STATUS_BAD_REQUEST, "Bad request");
    if (options.api_key != key)
      return text_answer (
          SOUP_STATUS_UNAUTHORIZED, "Invalid authorization token");

    const Answer not_found =
        text_answer (SOUP_STATUS_NOT_FOUND, "404 page not found");
    constexpr std::string_view api = "/api/v1/";
    if (path.compare (0, api.size (), api) != 0)
      return not_found;
    std::vector<std::string> rest =
        split (std::string_view (path).substr (api.size ()), '/');
    std::string method = soup_server_message_get_method (msg);
    bool get = method == SOUP_METHOD_GET;
    const Answer not_allowed = error_answer (SOUP_STATUS_METHOD_NOT_ALLOWED,
        "method_not_allowed", "Method " + method + " is not allowed here");

    if (rest.size () == 2 && rest[0] == "personal_access_tokens" &&
        rest[1] == "organization")
      return get ? json_answer (SOUP_STATUS_OK, organization_json (options))
                 : not_allowed;
    if (rest.size () == 1 && rest[0] == "product_info")
      return get ? json_answer (SOUP_STATUS_OK, product_info_json ())
                 : not_allowed;
    if (rest.size () < 3 || rest[0] != "organizations" ||
        rest[2] != "workspaces")
      return not_found;

    /* an API key belongs to one organization (src/PROTOCOL.md §2) */
    if (rest[1] != options.organization_id)
      return text_answer (
          SOUP_STATUS_UNAUTHORIZED, "Invalid authorization token");
    if (rest.size () == 3)
      return get ? json_answer (SOUP_STATUS_OK, workspaces_json (options))
                 : not_allowed;
    if (rest.size () < 5 || rest[4] != "projects")
      return not_found;

    const std::string &workspace = rest[3];
    bool predict_path = rest.size () == 8 && rest[6] == "pipelines";
    bool status_path =
        rest.size () == 9 && rest[6] == "pipelines" && rest[8] == "status";
    if (rest.size () > 6 && !predict_path && !status_path)
      return not_found;
    if ((predict_path ? method != SOUP_METHOD_POST : !get))
      return not_allowed;

    if (predict_path &&
        (!is_uuid (rest[1]) || !is_uuid (workspace) || !is_hex (rest[5], 24)))
      return error_answer (SOUP_STATUS_BAD_REQUEST, "bad_request",
          "invalid path parameters: organization_id and workspace_id must "
          "be UUIDs, project_id 24 hexadecimal digits");
    bool own_workspace = workspace == options.workspace_id;
    if (!own_workspace && !has_extra_workspace (workspace))
      return error_answer (SOUP_STATUS_NOT_FOUND, "workspace_not_found",
          "Could not find workspace with id " + workspace);
    if (rest.size () == 5)
      return project_list (msg, workspace, path);

    const std::string &project = rest[5];
    std::optional<NamedId> known;
    if (own_workspace)
      known = find_project (project);
    if (!known)
      return error_answer (SOUP_STATUS_NOT_FOUND, "project_not_found",
          "Could not find project with id " + project);
    if (rest.size () == 6) {
      if (options.project_status != 0)
        return error_answer (options.project_status, "internal_server_error",
            "the project can't be read now");
      return json_answer (SOUP_STATUS_OK, project_json (options, *known));
    }

    std::string pipeline = rest[7];
    bool explain = false;
    if (predict_path) {
      std::vector<std::string> action = split (rest[7], ':');
      if (action.size () != 2)
        return error_answer (SOUP_STATUS_BAD_REQUEST, "bad_request",
            "invalid pipeline path parameter provided: " + rest[7] +
                ". Expected argument in format <pipeline_id>:<action>");
      if (action[1] != "predict" && action[1] != "explain")
        return error_answer (SOUP_STATUS_NOT_IMPLEMENTED, "not_implemented",
            "action " + action[1] + " is not implemented");
      explain = action[1] == "explain";
      pipeline = action[0];
    }
    if (!pipeline_is_valid (options.project_kind, pipeline))
      return error_answer (SOUP_STATUS_NOT_FOUND, "resource_not_found",
          "could not find a model for the inference request: pipeline " +
              pipeline);
    if (status_path)
      return json_answer (SOUP_STATUS_OK, pipeline_status_json ());

    bool label_only = false;
    const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
    if (query != nullptr && !explain) {
      g_autoptr (GHashTable) params = soup_form_decode (query);
      auto value = static_cast<const char *> (
          g_hash_table_lookup (params, "label_only"));
      if (value != nullptr) {
        std::optional<bool> parsed = parse_go_bool (value);
        if (!parsed)
          return error_answer (SOUP_STATUS_BAD_REQUEST, "bad_request",
              std::string ("invalid label_only value: ") + value);
        label_only = *parsed;
      }
    }
    return begin_predict (
        msg, record, record_generation, pipeline, label_only, explain);
  }

  bool has_extra_workspace (const std::string &id) const
  {
    return std::any_of (options.extra_workspaces.begin (),
        options.extra_workspaces.end (),
        [&] (const NamedId &workspace) { return workspace.id == id; });
  }

  /* The project of the server's workspace with this id */
  std::optional<NamedId> find_project (const std::string &id) const
  {
    if (id == options.project_id)
      return NamedId{ options.project_id, options.project_name };
    for (const NamedId &project : options.extra_projects)
      if (project.id == id)
        return project;
    return std::nullopt;
  }

  /* GET .../projects: the query read as the resource service reads it
   * (FastAPI: limit 1-100, skip >= 0; a bad value is a 400) */
  Answer project_list (SoupServerMessage *msg, const std::string &workspace,
      const std::string &path)
  {
    ProjectListQuery query;
    query.workspace_id = workspace;
    query.path = path;
    const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
    query.query = raw != nullptr ? raw : "";
    g_autoptr (GHashTable) params = nullptr;
    if (raw != nullptr)
      params = soup_form_decode (raw);
    auto param = [&] (const char *name) -> const char * {
      return params != nullptr ? static_cast<const char *> (
                                     g_hash_table_lookup (params, name))
                               : nullptr;
    };
    if (const char *name = param ("name"))
      query.name = name;
    const struct {
      const char *name;
      guint64 min;
      guint64 max;
      guint64 *out;
    } numbers[] = {
      { "limit", 1, 100, &query.limit },
      { "skip", 0, G_MAXINT64, &query.skip },
    };
    for (const auto &number : numbers) {
      const char *text = param (number.name);
      if (text == nullptr)
        continue;
      if (!g_ascii_string_to_unsigned (
              text, 10, number.min, number.max, number.out, nullptr))
        return error_answer (SOUP_STATUS_BAD_REQUEST, "bad_request",
            std::string (number.name) + ": expected an integer from " +
                std::to_string (number.min) + " to " +
                std::to_string (number.max) + ", got \"" + text + "\"");
    }
    return json_answer (SOUP_STATUS_OK, project_list_json (options, query));
  }

  /* Numbers a :predict (or :explain) request, applies its fault, and either
   * answers it or takes it over as a Job. */
  std::optional<Answer> begin_predict (SoupServerMessage *msg,
      std::size_t record, guint record_generation, const std::string &pipeline,
      bool label_only, bool explain)
  {
    Fault fault;
    Scenario predict_scenario;
    std::shared_ptr<const std::string> body;
    {
      std::lock_guard<std::mutex> guard (lock);
      guint index = explain ? explain_count++ : predict_count++;
      /* the rate limit stands in front of everything the server does */
      const bool throttled = !explain && !bucket.take (g_get_monotonic_time ());
      if (throttled) {
        throttled_count++;
        fault = Fault::http_429;
      } else {
        fault = pick_fault (explain ? explain_faults : faults, index);
      }
      predict_scenario = scenario;
      body = explain ? explain_body : predict_body;
      in_flight++;
      max_concurrent = MAX (max_concurrent, in_flight);
      if (record_generation == generation) {
        ReceivedRequest &request = requests[record];
        (explain ? request.explain : request.predict) = true;
        (explain ? request.explain_index : request.predict_index) = index;
        request.fault = fault;
        request.throttled = throttled;
      }
    }
    changed.notify_all ();

    switch (fault) {
      case Fault::none:
      case Fault::slow:
      case Fault::close:
      case Fault::truncated:
        break;
      case Fault::body: {
        Answer answer = json_answer (SOUP_STATUS_OK, {});
        answer.shared_body =
            body ? body : std::make_shared<const std::string> ();
        predict_finished ();
        return answer;
      }
      default: {
        Answer answer = fault_answer (fault, options.retry_after_s, explain);
        predict_finished ();
        return answer;
      }
    }

    auto owned = std::make_unique<Job> ();
    Job *job = owned.get ();
    job->impl = this;
    job->msg = SOUP_SERVER_MESSAGE (g_object_ref (msg));
    job->record = record;
    job->generation = record_generation;
    job->fault = fault;
    job->request.scenario = predict_scenario;
    job->request.kind = options.project_kind;
    job->request.label_names = options.label_names;
    job->request.pipeline = pipeline;
    job->request.label_only = label_only;
    job->request.explain = explain;
    job->request.explain_label_names = options.explain_label_names;

    if (fault == Fault::none) {
      std::optional<Answer> refused = read_upload (job);
      if (refused) {
        predict_finished ();
        return refused;
      }
    }

    jobs.push_back (std::move (owned));
    job->self = std::prev (jobs.end ());
    job->disconnected_id = g_signal_connect (
        msg, "disconnected", G_CALLBACK (on_disconnected), job);
    soup_server_message_pause (msg);

    if (fault == Fault::slow) {
      job->state = Job::State::slow_wait;
      job->slow_until_us =
          g_get_monotonic_time () + gint64 (options.slow_ms) * 1000;
      arm_timer (job, job->slow_until_us, on_slow_done);
    } else if (fault == Fault::close || fault == Fault::truncated) {
      /* steal outside the handler, with the message paused */
      job->state = Job::State::stealing;
      job->timer = g_idle_source_new ();
      g_source_set_callback (job->timer, on_steal, job, nullptr);
      g_source_attach (job->timer, context);
    } else {
      enqueue (job);
    }
    return std::nullopt;
  }

  /* The first rule of @rules that applies to request @index (lock held). */
  Fault pick_fault (const std::vector<FaultRule> &rules, guint index)
  {
    for (const FaultRule &rule : rules) {
      if (index < rule.first)
        continue;
      guint offset = index - rule.first;
      if (offset >= rule.count || offset % MAX (rule.every, 1u) != 0)
        continue;
      if (rule.probability < 1.0 && std::uniform_real_distribution<double> (
                                        0.0, 1.0) (random) >= rule.probability)
        continue;
      return rule.fault;
    }
    return Fault::none;
  }

  /* Takes the file out of the upload and records it; the answer when the
   * request cannot be inferred. */
  std::optional<Answer> read_upload (Job *job)
  {
    Upload upload;
    parse_upload (job->msg, upload);
    {
      std::lock_guard<std::mutex> guard (lock);
      if (job->generation == generation) {
        ReceivedRequest &request = requests[job->record];
        request.file_field = upload.field;
        request.filename = upload.filename;
        request.file_content_type = upload.content_type;
        request.file_size =
            upload.data != nullptr ? g_bytes_get_size (upload.data) : 0;
      }
    }
    if (!upload.usable)
      return error_answer (SOUP_STATUS_BAD_REQUEST, "bad_request",
          "no image in the request: expected multipart/form-data with a "
          "file in the field \"file\"");
    job->file = g_bytes_ref (upload.data);
    return std::nullopt;
  }

  /* -- capacity and inference ------------------------------------------- */

  void enqueue (Job *job)
  {
    job->state = Job::State::queued;
    queue.push_back (job);
    pump ();
  }

  /* Starts queued inferences while there is capacity. */
  void pump ()
  {
    while (!stopping && !queue.empty ()) {
      guint latency;
      {
        std::lock_guard<std::mutex> guard (lock);
        if (capacity != 0 && inferring >= capacity)
          return;
        inferring++;
        max_inferring = MAX (max_inferring, inferring);
        latency = latency_ms;
      }
      changed.notify_all ();
      Job *job = queue.front ();
      queue.pop_front ();
      start_inference (job, latency);
    }
  }

  void start_inference (Job *job, guint latency)
  {
    job->state = Job::State::inferring;
    job->start_us = g_get_monotonic_time ();
    schedule_latency (job, latency);

    auto inference = new Inference ();
    inference->file = g_steal_pointer (&job->file);
    inference->request = job->request;
    GTask *task = g_task_new (nullptr, nullptr, on_inference_done, job);
    g_task_set_task_data (task, inference,
        [] (gpointer data) { delete static_cast<Inference *> (data); });
    job->worker_running = true;
    workers_running++;
    g_task_run_in_thread (
        task, [] (GTask *task, gpointer, gpointer data, GCancellable *) {
          static_cast<Inference *> (data)->run ();
          g_task_return_boolean (task, TRUE);
        });
    g_object_unref (task);
  }

  /* Arms the job's timer to call @callback at @deadline_us (monotonic).
   * GLib counts a timeout from the time its main context cached at the
   * start of the iteration, so it can fire a little early: callbacks check
   * the time and re-arm. */
  void arm_timer (Job *job, gint64 deadline_us, GSourceFunc callback)
  {
    job->clear_timer ();
    gint64 remaining_us = deadline_us - g_get_monotonic_time ();
    guint remaining_ms =
        remaining_us > 0 ? static_cast<guint> ((remaining_us + 999) / 1000) : 0;
    job->timer = g_timeout_source_new (remaining_ms);
    g_source_set_callback (job->timer, callback, job, nullptr);
    g_source_attach (job->timer, context);
  }

  /* (Re)arms the latency timer of an inferring job: it ends @latency ms
   * after the inference started. */
  void schedule_latency (Job *job, guint latency)
  {
    job->clear_timer ();
    gint64 deadline_us = job->start_us + gint64 (latency) * 1000;
    job->latency_done = g_get_monotonic_time () >= deadline_us;
    if (!job->latency_done)
      arm_timer (job, deadline_us, on_latency_done);
  }

  guint current_latency () const
  {
    std::lock_guard<std::mutex> guard (lock);
    return latency_ms;
  }

  void inference_finished ()
  {
    {
      std::lock_guard<std::mutex> guard (lock);
      if (inferring > 0)
        inferring--;
    }
    changed.notify_all ();
    pump ();
  }

  /* Both the worker and the latency are done. */
  void complete (Job *job)
  {
    inference_finished ();
    {
      std::lock_guard<std::mutex> guard (lock);
      if (job->generation == generation) {
        requests[job->record].image_width = job->width;
        requests[job->record].image_height = job->height;
      }
    }
    answer_job (job, job->answer);
  }

  /* Sets the answer of a paused job, lets libsoup send it, forgets the job. */
  void answer_job (Job *job, const Answer &answer)
  {
    SoupServerMessage *msg = job->msg;
    apply_answer (msg, answer);
    soup_server_message_unpause (msg);
    predict_finished ();
    answered (job->record, job->generation, answer.status);
    destroy (job);
  }

  void destroy (Job *job)
  {
    jobs.erase (job->self); /* deletes it */
  }

  /* The client went away (or the server is stopping). */
  void abandon (Job *job)
  {
    if (job->disconnected)
      return;
    job->disconnected = true;
    job->clear_timer ();
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
    job->disconnected_id = 0;
    switch (job->state) {
      case Job::State::queued:
        queue.erase (std::find (queue.begin (), queue.end (), job));
        break;
      case Job::State::inferring:
        if (job->worker_running) {
          /* on_inference_done() finishes it */
          predict_finished ();
          return;
        }
        inference_finished ();
        break;
      default:
        break;
    }
    predict_finished ();
    destroy (job);
  }

  /* Answers a close or truncated fault on the raw connection. */
  void steal (Job *job)
  {
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
    job->disconnected_id = 0;
    g_autoptr (GIOStream) stream =
        soup_server_message_steal_connection (job->msg);
    guint status = 0;
    if (stream && job->fault == Fault::truncated) {
      const char *sent =
          job->request.explain ? TRUNCATED_EXPLAIN_BODY : TRUNCATED_BODY;
      g_autofree char *head =
          g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
              strlen (sent) + TRUNCATED_MISSING, sent);
      GOutputStream *out = g_io_stream_get_output_stream (stream);
      g_output_stream_write_all (
          out, head, strlen (head), nullptr, nullptr, nullptr);
      g_output_stream_flush (out, nullptr, nullptr);
      status = SOUP_STATUS_OK;
    }
    if (stream)
      g_io_stream_close (stream, nullptr, nullptr);
    predict_finished ();
    answered (job->record, job->generation, status);
    destroy (job);
  }

  /* -- callbacks (server thread) ---------------------------------------- */

  static void on_disconnected (SoupServerMessage *, gpointer data)
  {
    auto job = static_cast<Job *> (data);
    guarded ("disconnected", [job] { job->impl->abandon (job); });
  }

  static gboolean on_slow_done (gpointer data)
  {
    auto job = static_cast<Job *> (data);
    g_clear_pointer (&job->timer, g_source_unref);
    guarded ("slow fault", [job] {
      Impl *impl = job->impl;
      if (g_get_monotonic_time () < job->slow_until_us) {
        impl->arm_timer (job, job->slow_until_us, on_slow_done);
        return;
      }
      std::optional<Answer> refused = impl->read_upload (job);
      if (refused)
        impl->answer_job (job, *refused);
      else
        impl->enqueue (job);
    });
    return G_SOURCE_REMOVE;
  }

  static gboolean on_steal (gpointer data)
  {
    auto job = static_cast<Job *> (data);
    g_clear_pointer (&job->timer, g_source_unref);
    guarded ("connection fault", [job] { job->impl->steal (job); });
    return G_SOURCE_REMOVE;
  }

  static gboolean on_latency_done (gpointer data)
  {
    auto job = static_cast<Job *> (data);
    g_clear_pointer (&job->timer, g_source_unref);
    guarded ("latency", [job] {
      job->impl->schedule_latency (job, job->impl->current_latency ());
      if (job->latency_done && job->worker_done)
        job->impl->complete (job);
    });
    return G_SOURCE_REMOVE;
  }

  static void on_inference_done (GObject *, GAsyncResult *result, gpointer data)
  {
    auto job = static_cast<Job *> (data);
    auto inference =
        static_cast<Inference *> (g_task_get_task_data (G_TASK (result)));
    guarded ("inference", [job, inference] {
      Impl *impl = job->impl;
      impl->workers_running--;
      job->worker_running = false;
      job->worker_done = true;
      job->answer = std::move (inference->answer);
      job->width = inference->width;
      job->height = inference->height;
      if (job->disconnected) {
        impl->inference_finished ();
        impl->destroy (job);
      } else if (job->latency_done) {
        impl->complete (job);
      }
    });
  }

  static gboolean on_capacity_changed (gpointer data)
  {
    auto impl = static_cast<Impl *> (data);
    guarded ("capacity change", [impl] { impl->pump (); });
    return G_SOURCE_REMOVE;
  }

  static gboolean on_latency_changed (gpointer data)
  {
    auto impl = static_cast<Impl *> (data);
    guarded ("latency change", [impl] {
      guint latency = impl->current_latency ();
      std::vector<Job *> done;
      for (auto &job : impl->jobs) {
        if (job->state != Job::State::inferring || job->latency_done)
          continue;
        impl->schedule_latency (job.get (), latency);
        if (job->latency_done && job->worker_done)
          done.push_back (job.get ());
      }
      for (Job *job : done)
        impl->complete (job);
    });
    return G_SOURCE_REMOVE;
  }

  static void on_request (SoupServer *, SoupServerMessage *msg, const char *,
      GHashTable *, gpointer data)
  {
    bool handled = false;
    guarded ("request", [&] {
      static_cast<Impl *> (data)->handle (msg);
      handled = true;
    });
    if (!handled)
      apply_answer (msg, Answer{ SOUP_STATUS_INTERNAL_SERVER_ERROR,
                             "text/plain", "Internal server error", 0 });
  }

  /* -- thread ----------------------------------------------------------- */

  /* libsoup 3.2's own listener leaks a GSocket per accepted connection and
   * an address per listen (fixed in 3.3/3.4). A GSocketService handing the
   * connections to soup_server_accept_iostream() does not, which keeps
   * valgrind quiet for every suite that uses this server. */
  static gboolean on_incoming (
      GSocketService *, GSocketConnection *connection, GObject *, gpointer data)
  {
    auto impl = static_cast<Impl *> (data);
    g_autoptr (GSocketAddress) local =
        g_socket_connection_get_local_address (connection, nullptr);
    g_autoptr (GSocketAddress) remote =
        g_socket_connection_get_remote_address (connection, nullptr);
    if (local == nullptr || remote == nullptr || impl->stopping)
      return TRUE;
    /* Like Geti's Envoy front: no Nagle. libsoup writes the headers and the
     * body of an answer apart, and on a keep-alive connection the body
     * would wait for the client's delayed ACK (40 ms). */
    g_socket_set_option (g_socket_connection_get_socket (connection),
        IPPROTO_TCP, TCP_NODELAY, 1, nullptr);
    g_autoptr (GIOStream) stream = G_IO_STREAM (g_object_ref (connection));
    if (impl->certificate != nullptr) {
      /* the handshake happens on libsoup's first read */
      g_autoptr (GError) error = nullptr;
      GIOStream *tls =
          g_tls_server_connection_new (stream, impl->certificate, &error);
      if (tls == nullptr) {
        g_warning ("fake-geti: no TLS connection: %s", error->message);
        return TRUE;
      }
      g_object_unref (stream);
      stream = tls;
    }
    /* known before libsoup sees it: it may serve a request at once */
    guint16 port =
        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
    Client &client = impl->clients[port];
    g_clear_object (&client.connection);
    client.connection = G_SOCKET_CONNECTION (g_object_ref (connection));
    client.tls = impl->certificate != nullptr;
    client.busy = false;
    impl->count_connections ();
    soup_server_accept_iostream (impl->server, stream, local, remote, nullptr);
    return TRUE;
  }

  /* libsoup 3.2 does not notice when a client closes an idle keep-alive
   * connection (fixed in 3.3): the socket would stay open until the server
   * stops, and a long run with reconnecting clients (curl, one pipeline
   * after another) would run out of file descriptors. So every second the
   * idle connections are checked for an end of stream and closed. (Not for
   * TLS, whose close_notify looks like data.) */
  Client *client_of (SoupServerMessage *msg)
  {
    GSocketAddress *remote = soup_server_message_get_remote_address (msg);
    if (remote == nullptr || !G_IS_INET_SOCKET_ADDRESS (remote))
      return nullptr;
    auto it = clients.find (
        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)));
    return it != clients.end () ? &it->second : nullptr;
  }

  static void on_request_started (
      SoupServer *, SoupServerMessage *msg, gpointer data)
  {
    if (Client *client = static_cast<Impl *> (data)->client_of (msg))
      client->busy = true;
  }

  static void on_request_ended (
      SoupServer *, SoupServerMessage *msg, gpointer data)
  {
    if (Client *client = static_cast<Impl *> (data)->client_of (msg))
      client->busy = false;
  }

  static gboolean on_sweep (gpointer data)
  {
    auto impl = static_cast<Impl *> (data);
    for (auto it = impl->clients.begin (); it != impl->clients.end ();) {
      Client &client = it->second;
      GSocket *socket = g_socket_connection_get_socket (client.connection);
      bool closed = g_socket_is_closed (socket);
      if (!closed && !client.busy && !client.tls) {
        char byte;
        ssize_t n =
            recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
                          errno != EINTR)) {
          g_io_stream_close (G_IO_STREAM (client.connection), nullptr, nullptr);
          closed = true;
        }
      }
      if (closed) {
        g_clear_object (&client.connection);
        it = impl->clients.erase (it);
      } else {
        ++it;
      }
    }
    impl->count_connections ();
    return G_SOURCE_CONTINUE;
  }

  void count_connections ()
  {
    {
      std::lock_guard<std::mutex> guard (lock);
      open_connections = static_cast<guint> (clients.size ());
    }
    changed.notify_all ();
  }

  bool listen (GError **error)
  {
    if (options.tls) {
      certificate = g_tls_certificate_new_from_pem (TLS_SERVER_PEM, -1, error);
      if (certificate == nullptr)
        return false;
    }
    server = soup_server_new ("server-header", "fake-geti ", nullptr);
    soup_server_add_handler (server, nullptr, on_request, this, nullptr);
    g_signal_connect (
        server, "request-started", G_CALLBACK (on_request_started), this);
    g_signal_connect (
        server, "request-finished", G_CALLBACK (on_request_ended), this);
    g_signal_connect (
        server, "request-aborted", G_CALLBACK (on_request_ended), this);
    sweeper = g_timeout_source_new_seconds (1);
    g_source_set_callback (sweeper, on_sweep, this, nullptr);
    g_source_attach (sweeper, context);
    g_autoptr (GInetAddress) loopback =
        g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

    /* SoupServer 3.2 keeps a connection alive only while it has a listener
     * of its own, so it gets one on a port nobody is told about. */
    g_autoptr (GSocket) idle = g_socket_new (G_SOCKET_FAMILY_IPV4,
        G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
    if (idle == nullptr)
      return false;
    g_autoptr (GSocketAddress) any_port =
        g_inet_socket_address_new (loopback, 0);
    if (!g_socket_bind (idle, any_port, TRUE, error) ||
        !g_socket_listen (idle, error) ||
        !soup_server_listen_socket (
            server, idle, static_cast<SoupServerListenOptions> (0), error))
      return false;

    service = g_socket_service_new ();
    g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), this);
    g_autoptr (GSocketAddress) address =
        g_inet_socket_address_new (loopback, options.port);
    g_autoptr (GSocketAddress) effective = nullptr;
    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
            G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, nullptr, &effective,
            error))
      return false;
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
    g_socket_service_start (service);
    return true;
  }

  static gpointer thread_main (gpointer data)
  {
    auto impl = static_cast<Impl *> (data);
    g_main_context_push_thread_default (impl->context);

    GError *error = nullptr;
    bool listening = impl->listen (&error);
    {
      std::lock_guard<std::mutex> guard (impl->lock);
      impl->started = true;
      impl->start_error = error;
    }
    impl->changed.notify_all ();

    if (listening)
      g_main_loop_run (impl->loop);
    impl->shut_down ();
    g_main_context_pop_thread_default (impl->context);
    return nullptr;
  }

  /* In the server thread, once the loop has quit. */
  void shut_down ()
  {
    stopping = true;
    if (service != nullptr) {
      g_socket_service_stop (service);
      g_socket_listener_close (G_SOCKET_LISTENER (service));
      g_signal_handlers_disconnect_by_data (service, this);
      g_clear_object (&service);
    }
    if (sweeper != nullptr) {
      g_source_destroy (sweeper);
      g_clear_pointer (&sweeper, g_source_unref);
    }
    /* drops every connection: paused jobs see "disconnected" */
    if (server != nullptr) {
      g_signal_handlers_disconnect_by_data (server, this);
      soup_server_disconnect (server);
    }
    for (auto &entry : clients)
      g_clear_object (&entry.second.connection);
    clients.clear ();
    count_connections ();
    while (workers_running > 0)
      g_main_context_iteration (context, TRUE);
    while (!jobs.empty ())
      abandon (jobs.front ().get ());
    g_clear_object (&server);
    g_clear_object (&certificate);
    /* let the cancelled accept and closed connections finish */
    while (g_main_context_iteration (context, FALSE))
      ;
  }

  /* Runs @callback (this) soon in the server thread. */
  void run_in_server_thread (GSourceFunc callback)
  {
    GSource *source = g_idle_source_new ();
    g_source_set_callback (source, callback, this, nullptr);
    g_source_attach (source, context);
    g_source_unref (source);
  }

  void set_capacity (guint new_capacity)
  {
    {
      std::lock_guard<std::mutex> guard (lock);
      capacity = new_capacity;
    }
    /* raised: the queued requests start now, not at the next answer */
    run_in_server_thread (on_capacity_changed);
  }

  void set_latency (guint latency)
  {
    {
      std::lock_guard<std::mutex> guard (lock);
      latency_ms = latency;
    }
    /* re-arm the timers of the inferences under way, in the server thread */
    run_in_server_thread (on_latency_changed);
  }
};

/* ---------------------------------------------------------------------- */

Server::Server (std::unique_ptr<Impl> impl) noexcept : impl_ (std::move (impl))
{}

std::unique_ptr<Server>
Server::start (const ServerOptions &options, GError **error)
{
  if (options.port > G_MAXUINT16) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "The fake Geti server's port must be at most 65535, not %u",
        options.port);
    return nullptr;
  }
  if (!api_key_is_well_formed (options.api_key)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "The fake Geti server's API key must look like "
        "geti_pat_<43 letters or digits>_<6 letters or digits>");
    return nullptr;
  }
  for (const NamedId &project : options.extra_projects) {
    if (!is_hex (project.id, 24) || project.id == options.project_id) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
          "The fake Geti server's extra project id \"%s\" must be 24 hex "
          "digits other than the project's",
          project.id.c_str ());
      return nullptr;
    }
  }
  for (const NamedId &workspace : options.extra_workspaces) {
    if (!is_uuid (workspace.id) || workspace.id == options.workspace_id) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
          "The fake Geti server's extra workspace id \"%s\" must be a UUID "
          "other than the workspace's",
          workspace.id.c_str ());
      return nullptr;
    }
  }

  auto impl = std::make_unique<Impl> (options);
  /* an anomaly model has an anomaly project */
  if (options.scenario == Scenario::anomaly &&
      options.project_kind == ProjectKind::detection)
    impl->options.project_kind = ProjectKind::anomaly;
  impl->context = g_main_context_new ();
  impl->loop = g_main_loop_new (impl->context, FALSE);
  impl->thread = g_thread_new ("fake-geti", Impl::thread_main, impl.get ());

  GError *start_error = nullptr;
  {
    std::unique_lock<std::mutex> guard (impl->lock);
    impl->changed.wait (guard, [&] { return impl->started; });
    start_error = impl->start_error;
    impl->start_error = nullptr;
  }
  if (start_error != nullptr) {
    g_thread_join (impl->thread);
    impl->thread = nullptr;
    g_propagate_error (error, start_error);
    return nullptr;
  }
  return std::unique_ptr<Server> (new Server (std::move (impl)));
}

Server::~Server ()
{
  if (impl_->thread == nullptr)
    return;
  GSource *source = g_idle_source_new ();
  g_source_set_callback (
      source,
      [] (gpointer loop) -> gboolean {
        g_main_loop_quit (static_cast<GMainLoop *> (loop));
        return G_SOURCE_REMOVE;
      },
      impl_->loop, nullptr);
  g_source_attach (source, impl_->context);
  g_source_unref (source);
  g_thread_join (impl_->thread);
  impl_->thread = nullptr;
}

guint
Server::port () const noexcept
{
  return impl_->port;
}

std::string
Server::url () const
{
  return std::string (impl_->options.tls ? "https" : "http") +
         "://127.0.0.1:" + std::to_string (impl_->port);
}

std::string
Server::project_url () const
{
  const ServerOptions &options = impl_->options;
  return url () + "/api/v1/organizations/" + options.organization_id +
         "/workspaces/" + options.workspace_id + "/projects/" +
         options.project_id;
}

std::string
Server::predict_url (const char *pipeline) const
{
  return project_url () + "/pipelines/" + pipeline + ":predict";
}

std::string
Server::explain_url (const char *pipeline) const
{
  return project_url () + "/pipelines/" + pipeline + ":explain";
}

const ServerOptions &
Server::options () const noexcept
{
  return impl_->options;
}

std::vector<ReceivedRequest>
Server::requests () const
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->requests;
}

guint
Server::predict_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->predict_count;
}

guint
Server::explain_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->explain_count;
}

guint
Server::max_concurrent () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->max_concurrent;
}

guint
Server::max_inferring () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->max_inferring;
}

guint
Server::inferring_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->inferring;
}

guint
Server::throttled_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->throttled_count;
}

guint
Server::connection_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return static_cast<guint> (impl_->remote_ports.size ());
}

void
Server::reset_stats () noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->requests.clear ();
  impl_->generation++;
  impl_->predict_count = 0;
  impl_->explain_count = 0;
  impl_->throttled_count = 0;
  impl_->max_concurrent = impl_->in_flight;
  impl_->max_inferring = impl_->inferring;
  impl_->remote_ports.clear ();
}

guint
Server::open_connection_count () const noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->open_connections;
}

bool
Server::wait_for_open_connections (guint count, guint timeout_ms) const noexcept
{
  std::unique_lock<std::mutex> guard (impl_->lock);
  return impl_->changed.wait_for (guard, std::chrono::milliseconds (timeout_ms),
      [&] { return impl_->open_connections <= count; });
}

bool
Server::wait_for_inferring (guint count, guint timeout_ms) const noexcept
{
  std::unique_lock<std::mutex> guard (impl_->lock);
  return impl_->changed.wait_for (guard, std::chrono::milliseconds (timeout_ms),
      [&] { return impl_->inferring >= count; });
}

bool
Server::wait_for_predict_count (guint count, guint timeout_ms) const noexcept
{
  std::unique_lock<std::mutex> guard (impl_->lock);
  return impl_->changed.wait_for (guard, std::chrono::milliseconds (timeout_ms),
      [&] { return impl_->predict_count >= count; });
}

bool
Server::wait_for_explain_count (guint count, guint timeout_ms) const noexcept
{
  std::unique_lock<std::mutex> guard (impl_->lock);
  return impl_->changed.wait_for (guard, std::chrono::milliseconds (timeout_ms),
      [&] { return impl_->explain_count >= count; });
}

void
Server::set_explain_faults (std::vector<FaultRule> faults)
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->explain_faults = std::move (faults);
}

void
Server::set_faults (std::vector<FaultRule> faults)
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->faults = std::move (faults);
}

void
Server::set_latency_ms (guint latency_ms) noexcept
{
  impl_->set_latency (latency_ms);
}

void
Server::set_capacity (guint capacity) noexcept
{
  impl_->set_capacity (capacity);
}

void
Server::set_rate_limit (double rate_limit) noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->bucket.set_rate (rate_limit, g_get_monotonic_time ());
}

void
Server::set_scenario (Scenario scenario) noexcept
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->scenario = scenario;
}

void
Server::set_predict_body (std::shared_ptr<const std::string> body)
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->predict_body = std::move (body);
}

void
Server::set_explain_body (std::shared_ptr<const std::string> body)
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  impl_->explain_body = std::move (body);
}

} // namespace geti::fake
