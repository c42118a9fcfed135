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

/* A request goes out as several writes (headers, then the body's pieces):
 * with Nagle's algorithm the last one waits for the server's delayed ACK,
 * some 40 ms per request. Real-time clients turn it off. */
void
disable_nagle (SoupMessage *, GSocketClientEvent event, GIOStream *connection,
    gpointer) noexcept
{
  if (event != G_SOCKET_CLIENT_CONNECTED ||
      !G_IS_SOCKET_CONNECTION (connection))
    return;
  GSocket *socket =
      g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, nullptr);
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

Client::Client (
    SoupSession *session, std::string api_key, gsize max_body_size) noexcept
    : session_ (session), api_key_ (std::move (api_key)),
      max_body_size_ (max_body_size)
{
  /* A boundary that no JPEG will contain by chance */
  g_autofree gchar *uuid = g_uuid_string_random ();
  boundary_ = std::string ("gst-geti-") + uuid;
}

Client::~Client ()
{
  soup_session_abort (session_);
  g_object_unref (session_);
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
        g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
            "\"ssl-ca-file\" \"%s\" can't be used: %s",
            config.ssl_ca_file.c_str (), tls_error->message);
        g_object_unref (session);
        return nullptr;
      }
      soup_session_set_tls_database (session, database);
    }

    auto client = std::unique_ptr<Client> (
        new Client (session, config.api_key, config.max_body_size));
    client->ssl_strict_ = config.ssl_strict;
    return client;
  } catch (const std::exception &e) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS, "%s", e.what ());
    return nullptr;
  }
}

bool
Client::send (SoupMessage *msg, GCancellable *cancellable, std::string &body,
    ResponseInfo *info, GError **error) noexcept
{
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    soup_message_add_flags (msg, kMessageFlags);
    SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
    soup_message_headers_replace (headers, "Accept", "application/json");
    if (!api_key_.empty ())
      soup_message_headers_replace (headers, "x-api-key", api_key_.c_str ());
    g_signal_connect (
        msg, "network-event", G_CALLBACK (disable_nagle), nullptr);
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

    g_autoptr (GError) send_error = nullptr;
    g_autoptr (GInputStream) stream =
        soup_session_send (session_, msg, cancellable, &send_error);
    if (stream == nullptr) {
      out.received_us = g_get_monotonic_time ();
      set_transport_error (error, send_error, url);
      return false;
    }

    out.http_status = soup_message_get_status (msg);
    out.retry_after_s = parse_retry_after (msg);

    /* Read the whole body (keep-alive needs it), but no more than we are
     * prepared to parse. */
    body.clear ();
    const goffset announced = soup_message_headers_get_content_length (
        soup_message_get_response_headers (msg));
    if (announced > 0 && static_cast<guint64> (announced) <= max_body_size_)
      body.reserve (static_cast<gsize> (announced));
    char chunk[64 * 1024];
    bool too_large = false;
    for (;;) {
      const gssize n = g_input_stream_read (
          stream, chunk, sizeof chunk, cancellable, &send_error);
      if (n < 0) {
        out.received_us = g_get_monotonic_time ();
        set_transport_error (error, send_error, url);
        return false;
      }
      if (n == 0)
        break;
      if (body.size () + static_cast<gsize> (n) > max_body_size_) {
        too_large = true;
        break;
      }
      body.append (chunk, static_cast<gsize> (n));
    }
    g_input_stream_close (stream, nullptr, nullptr);
    out.received_us = g_get_monotonic_time ();

    if (!SOUP_STATUS_IS_SUCCESSFUL (out.http_status) ||
        out.http_status == SOUP_STATUS_NO_CONTENT) {
      set_status_error (error, out.http_status, body, api_key_);
      return false;
    }
    if (too_large) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "%s: the answer is larger than %" G_GSIZE_FORMAT " bytes",
          url.c_str (), max_body_size_);
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
Client::predict (const Endpoint &endpoint, const guint8 *image, gsize size,
    const char *content_type, GCancellable *cancellable, PredictResult &result,
    ResponseInfo *info, GError **error) noexcept
{
  return guarded (error, ERROR_NETWORK, "sending the request", [&] {
    result = PredictResult ();
    const std::string url = endpoint.predict_url ();

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

    std::string body;
    if (!send (msg, cancellable, body, info, error))
      return false;
    return parse_predict_response (body.data (), body.size (), result, error);
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
