/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client.h"

#include "error.h"
#include "json_reader.h"
#include "response_parser.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

namespace geti {

namespace {

constexpr gsize kMaxServerTextLength = 200;

/* The libsoup messages of the session are all flagged so that a POST reuses
 * a keep-alive connection: libsoup otherwise opens a new connection for
 * every non-idempotent request. */
constexpr SoupMessageFlags kMessageFlags = SOUP_MESSAGE_IDEMPOTENT;

gboolean
accept_any_certificate (
    SoupMessage *, GTlsCertificate *, GTlsCertificateFlags, gpointer) noexcept
{
  return TRUE;
}

/* Takes what the server said (a Geti JSON error, a plain-text auth proxy
 * answer, an HTML page) down to one short printable line for an error
 * message. The key is removed, should a server ever echo it. */
std::string
server_text (const std::string &body, const std::string &api_key)
{
  std::string text;
  if (!body.empty ()) {
    /* Through the hardened reader: this is whatever the server sent */
    g_autoptr (JsonNode) root =
        json::parse (body.data (), body.size (), nullptr);
    JsonObject *object = nullptr;
    std::optional<std::string> message;
    if (root != nullptr && JSON_NODE_HOLDS_OBJECT (root) &&
        json::as_object (root, json::Path (), object, nullptr) &&
        json::get_string (object, json::Path (), "message", message, nullptr) &&
        message)
      text = *message;
  }
  if (text.empty ())
    text = body.substr (0, body.find ('\n'));

  if (!api_key.empty ()) {
    for (std::size_t pos; (pos = text.find (api_key)) != std::string::npos;)
      text.replace (pos, api_key.size (), "***");
  }
  if (text.size () > kMaxServerTextLength)
    text = text.substr (0, kMaxServerTextLength) + "...";
  if (!g_utf8_validate (
          text.data (), static_cast<gssize> (text.size ()), nullptr)) {
    g_autofree char *valid =
        g_utf8_make_valid (text.data (), static_cast<gssize> (text.size ()));
    text = valid;
  }
  for (char &c : text) {
    if (static_cast<unsigned char> (c) < 0x20)
      c = ' ';
  }
  while (!text.empty () && text.back () == ' ')
    text.pop_back ();
  return text;
}

ErrorCode
status_error_code (guint status)
{
  switch (status) {
    case SOUP_STATUS_NO_CONTENT:
      return ERROR_NO_MODEL;
    case SOUP_STATUS_BAD_REQUEST:
      return ERROR_BAD_REQUEST;
    case SOUP_STATUS_UNAUTHORIZED:
      return ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return ERROR_NOT_FOUND;
    case 429: /* Too Many Requests; libsoup 3.2 has no name for it */
      return ERROR_RATE_LIMITED;
    default:
      return status >= 500 && status < 600 ? ERROR_SERVER : ERROR_HTTP;
  }
}

void
set_status_error (GError **error, guint status, const std::string &body,
    const std::string &api_key)
{
  /* libsoup 3.2 has no phrase for 429 */
  const char *reason =
      status == 429 ? "Too Many Requests" : soup_status_get_phrase (status);
  if (status == SOUP_STATUS_NO_CONTENT) {
    g_set_error (error, GETI_ERROR, ERROR_NO_MODEL,
        "HTTP 204: the server has no prediction for this project yet (no "
        "trained model, or the model is still loading)");
    return;
  }
  const std::string text = server_text (body, api_key);
  g_set_error (error, GETI_ERROR, status_error_code (status), "HTTP %u %s%s%s",
      status, reason ? reason : "", text.empty () ? "" : ": ", text.c_str ());
}

void
set_transport_error (
    GError **error, const GError *cause, const std::string &url)
{
  ErrorCode code = ERROR_NETWORK;
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = ERROR_CANCELLED;
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = ERROR_TIMEOUT;
  else if (cause->domain == G_TLS_ERROR)
    code = ERROR_TLS;
  g_set_error (error, GETI_ERROR, code, "%s: %s", url.c_str (), cause->message);
}

std::optional<double>
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (
      soup_message_get_response_headers (msg), "Retry-After");
  if (value == nullptr)
    return std::nullopt;
  char *end = nullptr;
  const guint64 seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && *end == '\0')
    return static_cast<double> (seconds);
  g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (value);
  if (when == nullptr)
    return std::nullopt;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return std::max (0.0, g_date_time_difference (when, now) / 1e6);
}

bool
is_json_content_type (SoupMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
      soup_message_get_response_headers (msg), nullptr);
  if (type == nullptr)
    return true; /* nothing said: let the parser judge */
  return g_ascii_strcasecmp (type, "application/json") == 0 ||
         g_str_has_suffix (type, "+json");
}

} // namespace

namespace {

/* scheme://host[:port] of @uri, lower case, without the scheme's default
 * port: two URLs of one server give the same text */
std::string
origin_of (GUri *uri)
{
  g_autofree char *scheme = g_ascii_strdown (
      g_uri_get_scheme (uri) ? g_uri_get_scheme (uri) : "", -1);
  g_autofree char *host =
      g_ascii_strdown (g_uri_get_host (uri) ? g_uri_get_host (uri) : "", -1);
  std::string origin = std::string (scheme) + "://";
  /* IPv6 literals are bracketed in an origin */
  origin += strchr (host, ':') != nullptr ? "[" + std::string (host) + "]"
                                          : std::string (host);
  const int port = g_uri_get_port (uri);
  const int default_port = g_str_equal (scheme, "https") ? 443 : 80;
  if (port > 0 && port != default_port)
    origin += ":" + std::to_string (port);
  return origin;
}

} // namespace

/* What one request leaves for the next ones. */
struct ClientReuse {
  /* Spare request cancellables. A new GCancellable per request made GSocket
   * open and close an eventfd every time a request waited for its answer
   * (and the object itself, with its signal: 8 us of a 0.12 ms request at
   * 640x360); a spare keeps its eventfd (one pollfd reference held). There
   * are at most as many as requests ever ran at once. */
  std::mutex spare_lock;
  std::vector<GCancellable *> spare;
  static constexpr gsize max_spare = 128;

  /* The TCP sockets of the session's connections, by connection id, held
   * weakly: libsoup does not say which connection a message got, only its
   * id, and a reused connection emits no network-event. */
  struct WeakSocket {
    GWeakRef ref;
    WeakSocket ()
    {
      g_weak_ref_init (&ref, nullptr);
    }
    ~WeakSocket ()
    {
      g_weak_ref_clear (&ref);
    }
    WeakSocket (const WeakSocket &) = delete;
    WeakSocket &operator= (const WeakSocket &) = delete;
    /* (transfer full) */
    GSocket *get ()
    {
      return static_cast<GSocket *> (g_weak_ref_get (&ref));
    }
  };
  std::mutex socket_lock;
  std::map<guint64, WeakSocket> sockets;

  ~ClientReuse ()
  {
    for (GCancellable *cancellable : spare) {
      g_cancellable_release_fd (cancellable);
      g_object_unref (cancellable);
    }
  }

  GCancellable *take_cancellable ()
  {
    {
      std::lock_guard<std::mutex> lock (spare_lock);
      if (!spare.empty ()) {
        GCancellable *cancellable = spare.back ();
        spare.pop_back ();
        return cancellable;
      }
    }
    GCancellable *cancellable = g_cancellable_new ();
    GPollFD unused;
    g_cancellable_make_pollfd (cancellable, &unused);
    return cancellable;
  }

  /* Kept for another request only if nothing else holds it (the deadline
   * timer, libsoup) and it was not cancelled. */
  void give_back (GCancellable *cancellable) noexcept
  {
    if (!g_cancellable_is_cancelled (cancellable) &&
        g_atomic_int_get (&G_OBJECT (cancellable)->ref_count) == 1) {
      std::lock_guard<std::mutex> lock (spare_lock);
      if (spare.size () < max_spare) {
        spare.push_back (cancellable);
        return;
      }
    }
    g_cancellable_release_fd (cancellable);
    g_object_unref (cancellable);
  }

  void add_socket (guint64 id, GSocket *socket)
  {
    std::lock_guard<std::mutex> lock (socket_lock);
    /* forget the connections gone */
    for (auto it = sockets.begin (); it != sockets.end ();) {
      if (GSocket *alive = it->second.get ()) {
        g_object_unref (alive);
        ++it;
      } else {
        it = sockets.erase (it);
      }
    }
    g_weak_ref_set (&sockets[id].ref, socket);
  }

  /* (transfer full) */
  GSocket *socket (guint64 id)
  {
    std::lock_guard<std::mutex> lock (socket_lock);
    auto it = sockets.find (id);
    return it == sockets.end () ? nullptr : it->second.get ();
  }
};

namespace {

/* A request goes out as several writes (the headers, then the body in
 * libsoup's 8 KiB pieces): with Nagle's algorithm the last one waits for
 * the server's delayed ACK, some 40 ms per request, so Nagle is off. Each
 * write would then be a TCP segment of its own (18 for a 1080p frame's
 * 132 KB), each one processed and acknowledged on its own: the request is
 * corked instead (RequestCork), for which the socket is noted here. */
void
connection_made (SoupMessage *msg, GSocketClientEvent event,
    GIOStream *connection, gpointer user_data) noexcept
{
  if (event != G_SOCKET_CLIENT_CONNECTED ||
      !G_IS_SOCKET_CONNECTION (connection))
    return;
  GSocket *socket =
      g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, nullptr);
  try {
    static_cast<ClientReuse *> (user_data)->add_socket (
        soup_message_get_connection_id (msg), socket);
  } catch (...) {
    /* not corked, that is all */
  }
}

} // namespace

Client::Client (SoupSession *session, const ClientConfig &config)
    : session_ (session), reuse_ (std::make_unique<ClientReuse> ()),
      api_key_ (config.api_key), timeout_s_ (config.timeout_s),
      max_body_size_ (config.max_body_size),
      max_explain_body_size_ (config.max_explain_body_size),
      ssl_strict_ (config.ssl_strict)
{
  /* A boundary that no JPEG will contain by chance */
  g_autofree gchar *uuid = g_uuid_string_random ();
  boundary_ = std::string ("gst-geti-") + uuid;
  if (!config.origin.empty ()) {
    g_autoptr (GUri) uri =
        g_uri_parse (config.origin.c_str (), G_URI_FLAGS_NONE, nullptr);
    /* an unparsable origin matches nothing: nothing is sent */
    origin_ = uri ? origin_of (uri) : "invalid origin " + config.origin;
  }
}

Client::~Client ()
{
  soup_session_abort (session_);
  g_object_unref (session_);
  /* reuse_ after the session: its connections hold the sockets */
  reuse_.reset ();
}

std::unique_ptr<Client>
Client::create (const ClientConfig &config, GError **error) noexcept
{
  try {
    const guint conns = std::clamp (config.max_connections, 1u, 256u);
    SoupSession *session =
        soup_session_new_with_options ("timeout", config.timeout_s,
            "idle-timeout", 60u, "max-conns", conns + 2, "max-conns-per-host",
            conns, "user-agent", config.user_agent.c_str (), nullptr);

    if (!config.ssl_ca_file.empty ()) {
      g_autoptr (GError) tls_error = nullptr;
      g_autoptr (GTlsDatabase) database =
          g_tls_file_database_new (config.ssl_ca_file.c_str (), &tls_error);
      if (database == nullptr) {
        set_setting_error (error, ERROR_SETTINGS,
            SettingMessage ()
                << Setting::ssl_ca_file << " \"" << config.ssl_ca_file
                << "\" can't be used: " << tls_error->message);
        g_object_unref (session);
        return nullptr;
      }
      soup_session_set_tls_database (session, database);
    }

    return std::unique_ptr<Client> (new Client (session, config));
  } catch (const std::exception &e) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS, "%s", e.what ());
    return nullptr;
  }
}

/* The key goes to the configured origin only: a URL of another scheme,
 * host or port (one that discovery built from an answer, say) is refused
 * before anything is sent. */
bool
Client::origin_allowed (SoupMessage *msg, GError **error) const
{
  if (origin_.empty ())
    return true;
  const std::string origin = origin_of (soup_message_get_uri (msg));
  if (origin == origin_)
    return true;
  g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
      "refusing to send a request to %s: only %s, the configured server, "
      "gets the API key",
      origin.c_str (), origin_.c_str ());
  return false;
}

namespace {

/* A request's own cancellable: cancelled by the caller's, or by the
 * deadline of the whole exchange; a spare one, given back after. */
struct RequestCancel {
  ClientReuse &reuse;
  GCancellable *own;
  GCancellable *caller;
  gulong handler = 0;

  RequestCancel (ClientReuse &reuse_, GCancellable *caller_)
      : reuse (reuse_), own (reuse_.take_cancellable ()), caller (caller_)
  {
    if (caller != nullptr)
      handler = g_cancellable_connect (caller,
          G_CALLBACK (+[] (GCancellable *, gpointer own) {
            g_cancellable_cancel (G_CANCELLABLE (own));
          }),
          own, nullptr);
  }
  ~RequestCancel ()
  {
    if (caller != nullptr)
      g_cancellable_disconnect (caller, handler);
    reuse.give_back (own);
  }
  RequestCancel (const RequestCancel &) = delete;
  RequestCancel &operator= (const RequestCancel &) = delete;
};

/* A request with a body leaves in as few TCP segments as its size allows:
 * the connection's socket is corked from the request's start (before its
 * headers) until its body is written. A 1080p frame goes in 3 segments
 * instead of 18, which took the client's system time per request from
 * 0.12 to 0.08 ms on loopback (geti-bench post). HTTP/1 only: an HTTP/2
 * connection carries other requests at the same time. */
struct RequestCork {
  ClientReuse &reuse;
  SoupMessage *msg;
  GSocket *socket = nullptr;

  RequestCork (ClientReuse &reuse_, SoupMessage *msg_)
      : reuse (reuse_), msg (msg_)
  {
    g_signal_connect_swapped (msg, "starting",
        G_CALLBACK (
            +[] (RequestCork *self, SoupMessage *) noexcept { self->cork (); }),
        this);
    g_signal_connect_swapped (msg, "wrote-body",
        G_CALLBACK (+[] (RequestCork *self, SoupMessage *) noexcept {
          self->uncork ();
        }),
        this);
  }
  ~RequestCork ()
  {
    g_signal_handlers_disconnect_by_data (msg, this);
    uncork ();
  }
  RequestCork (const RequestCork &) = delete;
  RequestCork &operator= (const RequestCork &) = delete;

  void cork () noexcept
  {
    uncork (); /* a restarted message: its earlier connection */
    if (soup_message_get_http_version (msg) == SOUP_HTTP_2_0 ||
        soup_message_headers_get_content_length (
            soup_message_get_request_headers (msg)) <= 0)
      return;
    try {
      socket = reuse.socket (soup_message_get_connection_id (msg));
    } catch (...) {
      socket = nullptr;
    }
#ifdef TCP_CORK
    if (socket != nullptr &&
        !g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, 1, nullptr))
#endif
      g_clear_object (&socket);
  }
  void uncork () noexcept
  {
    if (socket == nullptr)
      return;
#ifdef TCP_CORK
    /* sends what the cork held back */
    g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, 0, nullptr);
#endif
    g_clear_object (&socket);
  }
};

/* The Location of a redirect, fit for an error message */
std::string
location_text (SoupMessage *msg, const std::string &api_key)
{
  const char *location = soup_message_headers_get_one (
      soup_message_get_response_headers (msg), "Location");
  if (location == nullptr || location[0] == '\0')
    return "nowhere (no Location)";
  std::string text = server_text (location, api_key);
  return text.empty () ? "nowhere (no Location)" : text;
}

} // namespace

bool
Client::send (SoupMessage *msg, GCancellable *cancellable, std::string &body,
    ResponseInfo *info, GError **error, Deadline deadline,
    gsize max_body_size) noexcept
{
  if (max_body_size == 0)
    max_body_size = max_body_size_;
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    if (!origin_allowed (msg, error))
      return false;
    /* Geti's REST API never redirects: following one would send the key
     * (and the image) wherever the answer says */
    soup_message_add_flags (msg, static_cast<SoupMessageFlags> (
                                     kMessageFlags | SOUP_MESSAGE_NO_REDIRECT));
    SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
    soup_message_headers_replace (headers, "Accept", "application/json");
    if (!api_key_.empty ())
      soup_message_headers_replace (headers, "x-api-key", api_key_.c_str ());
    g_signal_connect (
        msg, "network-event", G_CALLBACK (connection_made), reuse_.get ());
    RequestCork cork (*reuse_, msg);
    if (!ssl_strict_) {
      g_signal_connect (msg, "accept-certificate",
          G_CALLBACK (accept_any_certificate), nullptr);
    }

    g_autofree char *url_text = g_uri_to_string_partial (
        soup_message_get_uri (msg), G_URI_HIDE_PASSWORD);
    const std::string url = url_text;

    ResponseInfo local_info;
    ResponseInfo &out = info ? *info : local_info;
    out = ResponseInfo ();
    out.sent_us = g_get_monotonic_time ();

    /* One deadline for the whole exchange */
    RequestCancel cancel (*reuse_, cancellable);
    const DeadlineTimer::Id deadline_id = deadlines_.arm (
        std::min (deadline,
            DeadlineTimer::Clock::now () + std::chrono::seconds (timeout_s_)),
        cancel.own);
    struct Disarm {
      DeadlineTimer &timer;
      DeadlineTimer::Id id;
      ~Disarm ()
      {
        timer.disarm (id);
      }
    } disarm{ deadlines_, deadline_id };
    auto fail = [&] (const GError *cause) {
      out.received_us = g_get_monotonic_time ();
      /* the deadline, or libsoup's own timeout of one read or write */
      if ((g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
              !g_cancellable_is_cancelled (cancellable)) ||
          g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)) {
        g_set_error (error, GETI_ERROR, ERROR_TIMEOUT,
            "%s: no complete answer in time (timeout %u s)", url.c_str (),
            timeout_s_);
        return false;
      }
      set_transport_error (error, cause, url);
      return false;
    };

    g_autoptr (GError) send_error = nullptr;
    g_autoptr (GInputStream) stream =
        soup_session_send (session_, msg, cancel.own, &send_error);
    if (stream == nullptr)
      return fail (send_error);

    out.http_status = soup_message_get_status (msg);
    out.retry_after_s = parse_retry_after (msg);

    /* Read the whole body (keep-alive needs it), but no more than we are
     * prepared to parse. */
    body.clear ();
    const goffset announced = soup_message_headers_get_content_length (
        soup_message_get_response_headers (msg));
    if (announced > 0 && static_cast<guint64> (announced) <= max_body_size)
      body.reserve (static_cast<gsize> (announced));
    char chunk[64 * 1024];
    bool too_large = false;
    for (;;) {
      const gssize n = g_input_stream_read (
          stream, chunk, sizeof chunk, cancel.own, &send_error);
      if (n < 0) {
        /* Closing a body not read to its end makes libsoup read the rest
         * (to keep the connection): with the cancellable cancelled it
         * drops the connection at once instead */
        g_cancellable_cancel (cancel.own);
        g_input_stream_close (stream, cancel.own, nullptr);
        return fail (send_error);
      }
      if (n == 0)
        break;
      if (body.size () + static_cast<gsize> (n) > max_body_size) {
        too_large = true;
        g_cancellable_cancel (cancel.own); /* the rest is not read */
        break;
      }
      body.append (chunk, static_cast<gsize> (n));
    }
    g_input_stream_close (stream, cancel.own, nullptr);
    out.received_us = g_get_monotonic_time ();

    if (SOUP_STATUS_IS_REDIRECTION (out.http_status)) {
      const char *reason = soup_status_get_phrase (out.http_status);
      g_set_error (error, GETI_ERROR, ERROR_REDIRECT,
          "%s: HTTP %u %s to %s: not followed (Geti's REST API never "
          "redirects; is the server's address right, https:// rather than "
          "http://?)",
          url.c_str (), out.http_status, reason ? reason : "",
          location_text (msg, api_key_).c_str ());
      return false;
    }
    if (!SOUP_STATUS_IS_SUCCESSFUL (out.http_status) ||
        out.http_status == SOUP_STATUS_NO_CONTENT) {
      set_status_error (error, out.http_status, body, api_key_);
      return false;
    }
    if (too_large) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "%s: the answer is larger than %" G_GSIZE_FORMAT " bytes",
          url.c_str (), max_body_size);
      return false;
    }
    if (!is_json_content_type (msg)) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "%s: expected a JSON answer, got \"%s\"", url.c_str (),
          soup_message_headers_get_content_type (
              soup_message_get_response_headers (msg), nullptr));
      return false;
    }
    return true;
  });
}

bool
Client::post_image (const std::string &url, const guint8 *image, gsize size,
    const char *content_type, GCancellable *cancellable, std::string &body,
    ResponseInfo *info, GError **error, Deadline deadline,
    gsize max_body_size) noexcept
{
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    g_autoptr (SoupMessage) msg =
        soup_message_new (SOUP_METHOD_POST, url.c_str ());
    if (msg == nullptr) {
      g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
          "\"%s\" is not a valid URL", url.c_str ());
      return false;
    }

    /* multipart/form-data with the one part "file", streamed from the
     * caller's buffer between a head and a tail rather than copied into
     * one body (SoupMultipart would) */
    const std::string head = "--" + boundary_ +
                             "\r\n"
                             "Content-Disposition: form-data; name=\"file\"; "
                             "filename=\"frame.jpg\"\r\n"
                             "Content-Type: " +
                             content_type + "\r\n\r\n";
    const std::string tail = "\r\n--" + boundary_ + "--\r\n";
    g_autoptr (GInputStream) stream = g_memory_input_stream_new ();
    GMemoryInputStream *parts = G_MEMORY_INPUT_STREAM (stream);
    g_memory_input_stream_add_data (parts,
        g_strndup (head.data (), head.size ()),
        static_cast<gssize> (head.size ()), g_free);
    g_memory_input_stream_add_data (
        parts, image, static_cast<gssize> (size), nullptr);
    g_memory_input_stream_add_data (parts,
        g_strndup (tail.data (), tail.size ()),
        static_cast<gssize> (tail.size ()), g_free);
    const std::string type = "multipart/form-data; boundary=" + boundary_;
    soup_message_set_request_body (msg, type.c_str (), stream,
        static_cast<gssize> (head.size () + size + tail.size ()));

    return send (msg, cancellable, body, info, error, deadline, max_body_size);
  });
}

bool
Client::predict (const Endpoint &endpoint, const guint8 *image, gsize size,
    const char *content_type, GCancellable *cancellable, PredictResult &result,
    ResponseInfo *info, GError **error, Deadline deadline) noexcept
{
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    result = PredictResult ();
    std::string body;
    if (!post_image (endpoint.predict_url (), image, size, content_type,
            cancellable, body, info, error, deadline, max_body_size_))
      return false;
    return parse_predict_response (body.data (), body.size (), result, error);
  });
}

bool
Client::explain (const Endpoint &endpoint, const guint8 *image, gsize size,
    const char *content_type, GCancellable *cancellable, ExplainResult &result,
    ResponseInfo *info, GError **error, Deadline deadline) noexcept
{
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    result = ExplainResult ();
    std::string body;
    if (!post_image (endpoint.explain_url (), image, size, content_type,
            cancellable, body, info, error, deadline, max_explain_body_size_))
      return false;
    return parse_explain_response (body, result, error);
  });
}

bool
Client::get (const std::string &url, GCancellable *cancellable,
    std::string &body, ResponseInfo *info, GError **error) noexcept
{
  g_autoptr (SoupMessage) msg =
      soup_message_new (SOUP_METHOD_GET, url.c_str ());
  if (msg == nullptr) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS, "\"%s\" is not a valid URL",
        url.c_str ());
    return false;
  }
  return send (msg, cancellable, body, info, error);
}

} // namespace geti
