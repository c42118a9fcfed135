/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <turbojpeg.h>

#include "client.h"
#include "error.h"
#include "fake_geti_server.h"
#include "hostile_server.h"
#include "setting_names.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using geti::fake::Fault;
using geti::fake::FaultRule;
using geti::fake::HostileServer;
using geti::fake::Server;
using geti::fake::ServerOptions;

namespace {

/* A 160x120 gray JPEG, black with one white square at (40,30) 24x16. */
std::vector<guint8>
square_jpeg ()
{
  const int w = 160, h = 120;
  std::vector<guint8> pixels (w * h, 0);
  for (int y = 30; y < 46; y++)
    for (int x = 40; x < 64; x++)
      pixels[y * w + x] = 255;
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = nullptr;
  unsigned long size = 0;
  ck_assert_int_eq (tjCompress2 (tj, pixels.data (), w, w, h, TJPF_GRAY, &jpeg,
                        &size, TJSAMP_GRAY, 90, 0),
      0);
  std::vector<guint8> out (jpeg, jpeg + size);
  tjFree (jpeg);
  tjDestroy (tj);
  return out;
}

std::unique_ptr<Server>
start_server (ServerOptions options = ServerOptions ())
{
  GError *error = nullptr;
  auto server = Server::start (options, &error);
  ck_assert_msg (
      server != nullptr, "fake server: %s", error ? error->message : "?");
  return server;
}

geti::Endpoint
endpoint_of (const Server &server)
{
  geti::Endpoint e;
  e.server = server.url ();
  e.organization_id = server.options ().organization_id;
  e.workspace_id = server.options ().workspace_id;
  e.project_id = server.options ().project_id;
  ck_assert (geti::endpoint_validate (e, nullptr));
  return e;
}

std::unique_ptr<geti::Client>
make_client (
    const std::string &key, guint timeout_s = 30, guint connections = 4)
{
  geti::ClientConfig config;
  config.api_key = key;
  config.timeout_s = timeout_s;
  config.max_connections = connections;
  GError *error = nullptr;
  auto client = geti::Client::create (config, &error);
  ck_assert_msg (client != nullptr, "%s", error ? error->message : "?");
  return client;
}

/* One predict call: returns the error code (0 on success). */
int
predict_code (geti::Client &client, const geti::Endpoint &endpoint,
    geti::PredictResult *result = nullptr, geti::ResponseInfo *info = nullptr,
    std::string *message = nullptr, GCancellable *cancellable = nullptr)
{
  static const std::vector<guint8> jpeg = square_jpeg ();
  geti::PredictResult local;
  GError *error = nullptr;
  const bool ok = client.predict (endpoint, jpeg.data (), jpeg.size (),
      "image/jpeg", cancellable, result ? *result : local, info, &error);
  if (ok) {
    ck_assert_ptr_null (error);
    return 0;
  }
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == GETI_ERROR, "%s", error->message);
  const int code = error->code;
  if (message)
    *message = error->message;
  g_error_free (error);
  return code;
}

} // namespace

/* Test that a predict request reaches the server as Geti expects it and
 * the answer is parsed: the detector's box of the white square. */
START_TEST (test_predict)
{
  auto server = start_server ();
  auto client = make_client (server->options ().api_key);
  geti::PredictResult result;
  geti::ResponseInfo info;
  ck_assert_int_eq (
      predict_code (*client, endpoint_of (*server), &result, &info), 0);
  ck_assert_uint_eq (info.http_status, 200);
  ck_assert (info.received_us >= info.sent_us);

  ck_assert_uint_eq (result.predictions.size (), 1);
  const geti::Prediction &p = result.predictions[0];
  ck_assert (p.shape.type == geti::ShapeType::rectangle);
  ck_assert (std::abs (p.shape.x - 40) <= 1 && std::abs (p.shape.y - 30) <= 1);
  ck_assert (std::abs (p.shape.width - 24) <= 1 &&
             std::abs (p.shape.height - 16) <= 1);
  ck_assert_uint_eq (p.labels.size (), 1);
  ck_assert_str_eq (p.labels[0].id.c_str (), geti::fake::BALL_LABEL_ID);
  ck_assert (!result.created.empty ());

  const auto requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 1);
  const auto &r = requests[0];
  ck_assert_str_eq (r.method.c_str (), "POST");
  const std::string path =
      "/api/v1/organizations/" + server->options ().organization_id +
      "/workspaces/" + server->options ().workspace_id + "/projects/" +
      server->options ().project_id + "/pipelines/active:predict";
  ck_assert_str_eq (r.path.c_str (), path.c_str ());
  ck_assert_str_eq (r.api_key.c_str (), server->options ().api_key.c_str ());
  ck_assert (g_str_has_prefix (r.content_type.c_str (), "multipart/form-data"));
  ck_assert_str_eq (r.file_field.c_str (), "file");
  ck_assert_str_eq (r.file_content_type.c_str (), "image/jpeg");
  ck_assert_int_eq (r.image_width, 160);
  ck_assert_int_eq (r.image_height, 120);
}
END_TEST

/* Test that each kind of failure maps to its error code, and that 429
 * carries Retry-After. */
START_TEST (test_status_mapping)
{
  const struct {
    Fault fault;
    int code;
    guint status;
  } cases[] = {
    { Fault::http_500, geti::ERROR_SERVER, 500 },
    { Fault::http_503, geti::ERROR_SERVER, 503 },
    { Fault::http_429, geti::ERROR_RATE_LIMITED, 429 },
    { Fault::http_204, geti::ERROR_NO_MODEL, 204 },
    { Fault::garbage, geti::ERROR_PARSE, 200 },
    { Fault::wrong_type, geti::ERROR_PARSE, 200 },
    { Fault::truncated, geti::ERROR_NETWORK, 200 },
    { Fault::close, geti::ERROR_NETWORK, 0 },
  };
  ServerOptions options;
  options.retry_after_s = 7;
  auto server = start_server (options);
  auto client = make_client (options.api_key);
  const geti::Endpoint endpoint = endpoint_of (*server);
  for (const auto &c : cases) {
    FaultRule rule;
    rule.fault = c.fault;
    server->set_faults ({ rule });
    geti::ResponseInfo info;
    std::string message;
    const int code = predict_code (*client, endpoint, nullptr, &info, &message);
    ck_assert_msg (code == c.code, "%s: code %d (%s), expected %d",
        geti::fake::fault_to_string (c.fault), code, message.c_str (), c.code);
    ck_assert_msg (
        geti::error_is_transient (nullptr) == false, "null is not transient");
    if (c.status != 0)
      ck_assert_uint_eq (info.http_status, c.status);
    if (c.fault == Fault::http_429) {
      ck_assert (info.retry_after_s.has_value ());
      ck_assert (*info.retry_after_s == 7.0);
      ck_assert_msg (
          message.find ("429 Too Many Requests") != std::string::npos, "%s",
          message.c_str ());
    }
  }
  /* And the server is fine again afterwards, on the same client */
  server->set_faults ({});
  ck_assert_int_eq (predict_code (*client, endpoint), 0);
}
END_TEST

/* Test the auth proxy's plain-text answers: no key 403, malformed 400,
 * wrong 401; the key never appears in the message. */
START_TEST (test_auth_errors)
{
  auto server = start_server ();
  const geti::Endpoint endpoint = endpoint_of (*server);
  const std::string wrong =
      "geti_pat_ThisIsNotTheRightKeyButWellFormed0123456789_abc123";
  const struct {
    std::string key;
    int code;
    const char *text;
  } cases[] = {
    { "", geti::ERROR_FORBIDDEN, "HTTP 403 Forbidden: RBAC: access denied" },
    { "not-a-geti-key", geti::ERROR_BAD_REQUEST,
        "HTTP 400 Bad Request: Bad request" },
    { wrong, geti::ERROR_UNAUTHORIZED,
        "HTTP 401 Unauthorized: Invalid authorization token" },
  };
  for (const auto &c : cases) {
    auto client = make_client (c.key);
    std::string message;
    ck_assert_int_eq (
        predict_code (*client, endpoint, nullptr, nullptr, &message), c.code);
    ck_assert_str_eq (message.c_str (), c.text);
    if (!c.key.empty ())
      ck_assert (message.find (c.key) == std::string::npos);
  }
}
END_TEST

/* Test that an unknown project is NOT_FOUND with the server's message. */
START_TEST (test_not_found)
{
  auto server = start_server ();
  auto client = make_client (server->options ().api_key);
  geti::Endpoint endpoint = endpoint_of (*server);
  endpoint.project_id = "0123456789abcdef01234567";
  std::string message;
  ck_assert_int_eq (
      predict_code (*client, endpoint, nullptr, nullptr, &message),
      geti::ERROR_NOT_FOUND);
  ck_assert_msg (
      message.find ("HTTP 404 Not Found") == 0, "%s", message.c_str ());
  ck_assert_msg (message.find ("0123456789abcdef01234567") != std::string::npos,
      "%s", message.c_str ());
}
END_TEST

/* Test that a server slower than the timeout gives ERROR_TIMEOUT, about
 * when the timeout is over. */
START_TEST (test_timeout)
{
  ServerOptions options;
  options.slow_ms = 20000;
  options.faults = { FaultRule{ Fault::slow } };
  auto server = start_server (options);
  auto client = make_client (options.api_key, 1);
  const gint64 start = g_get_monotonic_time ();
  ck_assert_int_eq (
      predict_code (*client, endpoint_of (*server)), geti::ERROR_TIMEOUT);
  const double elapsed = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (elapsed < 15, "took %.1f s", elapsed);
}
END_TEST

/* Test that cancelling ends a request under way with ERROR_CANCELLED. */
START_TEST (test_cancel)
{
  ServerOptions options;
  options.latency_ms = 60000;
  auto server = start_server (options);
  auto client = make_client (options.api_key);
  GCancellable *cancellable = g_cancellable_new ();
  std::thread canceller ([&] {
    /* once the request is under way */
    ck_assert (server->wait_for_predict_count (1, 30000));
    g_cancellable_cancel (cancellable);
  });
  ck_assert_int_eq (predict_code (*client, endpoint_of (*server), nullptr,
                        nullptr, nullptr, cancellable),
      geti::ERROR_CANCELLED);
  canceller.join ();
  g_object_unref (cancellable);
}
END_TEST

/* Test that a dead server is a network error. */
START_TEST (test_connection_refused)
{
  geti::Endpoint endpoint;
  std::string key;
  {
    auto server = start_server ();
    endpoint = endpoint_of (*server);
    key = server->options ().api_key;
  }
  auto client = make_client (key);
  ck_assert_int_eq (predict_code (*client, endpoint), geti::ERROR_NETWORK);
}
END_TEST

/* Test that sequential requests reuse one keep-alive connection, and
 * parallel ones from several threads use one per request slot. */
START_TEST (test_keep_alive_and_threads)
{
  ServerOptions options;
  options.latency_ms = 100;
  auto server = start_server (options);
  auto client = make_client (options.api_key, 30, 4);
  const geti::Endpoint endpoint = endpoint_of (*server);
  for (int i = 0; i < 5; i++)
    ck_assert_int_eq (predict_code (*client, endpoint), 0);
  ck_assert_uint_eq (server->connection_count (), 1);

  server->reset_stats ();
  std::atomic<int> failures{ 0 };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back ([&] {
      for (int i = 0; i < 5; i++) {
        if (predict_code (*client, endpoint) != 0)
          failures++;
      }
    });
  }
  for (auto &t : threads)
    t.join ();
  ck_assert_int_eq (failures.load (), 0);
  ck_assert_uint_eq (server->predict_count (), 20);
  ck_assert_uint_eq (server->max_concurrent (), 4);
  ck_assert_msg (server->connection_count () <= 4, "%u connections",
      server->connection_count ());
}
END_TEST

/* Test get() on the project document, and the body size limit. */
START_TEST (test_get_and_size_limit)
{
  auto server = start_server ();
  auto client = make_client (server->options ().api_key);
  std::string body;
  GError *error = nullptr;
  ck_assert (
      client->get (server->project_url (), nullptr, body, nullptr, &error));
  ck_assert (body.find (geti::fake::BALL_LABEL_ID) != std::string::npos);

  geti::ClientConfig config;
  config.api_key = server->options ().api_key;
  config.max_body_size = 64;
  auto small = geti::Client::create (config, nullptr);
  ck_assert (
      !small->get (server->project_url (), nullptr, body, nullptr, &error));
  ck_assert (g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE));
  ck_assert_msg (strstr (error->message, "larger than 64 bytes") != nullptr,
      "%s", error->message);
  g_clear_error (&error);
}
END_TEST

/* Test that an unusable CA file is a settings error about it, which an
 * element shows naming its property. */
START_TEST (test_bad_ca_file)
{
  geti::ClientConfig config;
  config.ssl_ca_file = "/nonexistent/ca.pem";
  GError *error = nullptr;
  ck_assert (geti::Client::create (config, &error) == nullptr);
  ck_assert (g_error_matches (error, GETI_ERROR, geti::ERROR_SETTINGS));
  ck_assert (geti::error_setting (error) == geti::Setting::ssl_ca_file);
  ck_assert_msg (g_str_has_prefix (error->message,
                     "the CA file \"/nonexistent/ca.pem\" can't be used: "),
      "%s", error->message);
  g_autofree char *named = geti::error_message_naming (error, quoted_property);
  ck_assert_msg (g_str_has_prefix (named,
                     "\"ssl-ca-file\" \"/nonexistent/ca.pem\" can't be used: "),
      "%s", named);
  g_error_free (error);

  /* a failed request is about no setting */
  GError *refused =
      g_error_new_literal (GETI_ERROR, geti::ERROR_NOT_FOUND, "x");
  ck_assert (geti::error_setting (refused) == geti::Setting::none);
  g_error_free (refused);
}
END_TEST

/* Test which errors count as transient. */
START_TEST (test_transient)
{
  const int transient[] = { geti::ERROR_NO_MODEL, geti::ERROR_RATE_LIMITED,
    geti::ERROR_SERVER, geti::ERROR_NETWORK, geti::ERROR_TIMEOUT };
  const int fatal[] = { geti::ERROR_SETTINGS, geti::ERROR_BAD_REQUEST,
    geti::ERROR_UNAUTHORIZED, geti::ERROR_FORBIDDEN, geti::ERROR_NOT_FOUND,
    geti::ERROR_HTTP, geti::ERROR_TLS, geti::ERROR_CANCELLED,
    geti::ERROR_PARSE };
  for (int code : transient) {
    GError *e = g_error_new_literal (GETI_ERROR, code, "x");
    ck_assert_msg (geti::error_is_transient (e), "%d", code);
    g_error_free (e);
  }
  for (int code : fatal) {
    GError *e = g_error_new_literal (GETI_ERROR, code, "x");
    ck_assert_msg (!geti::error_is_transient (e), "%d", code);
    g_error_free (e);
  }
}
END_TEST

/* Test that a client given its origin sends nothing, key or not, to
 * another scheme, host or port, and still talks to its own origin however
 * its URL is spelled. */
START_TEST (test_origin_only)
{
  auto server = start_server ();
  auto other = start_server ();
  geti::ClientConfig config;
  config.api_key = server->options ().api_key;
  config.origin = server->url ();
  GError *error = nullptr;
  auto client = geti::Client::create (config, &error);
  ck_assert (client != nullptr);

  const std::string path =
      endpoint_of (*server).project_url ().substr (server->url ().size ());
  const std::string port = std::to_string (server->port ());
  const std::string elsewhere[] = {
    other->url () + path,
    "http://localhost:" + port + path,
    "https://127.0.0.1:" + port + path,
  };
  for (const std::string &url : elsewhere) {
    std::string body;
    ck_assert (!client->get (url, nullptr, body, nullptr, &error));
    ck_assert_int_eq (error->code, geti::ERROR_SETTINGS);
    ck_assert_msg (
        strstr (error->message, "refusing") != nullptr, "%s", error->message);
    g_clear_error (&error);
  }
  ck_assert_uint_eq (other->requests ().size (), 0);
  ck_assert_uint_eq (server->requests ().size (), 0);

  std::string body;
  ck_assert_msg (client->get ("HTTP://127.0.0.1:" + port + path, nullptr, body,
                     nullptr, &error),
      "%s", error ? error->message : "");
  ck_assert_uint_eq (server->requests ().size (), 1);
}
END_TEST

/* Test that a redirect is not followed, whatever its status, and is an
 * ERROR_REDIRECT naming the status and the Location. */
START_TEST (test_redirect_not_followed)
{
  const guint statuses[] = { 301, 302, 303, 307, 308 };
  auto other = start_server ();
  for (guint status : statuses) {
    ServerOptions options;
    options.redirect_status = status;
    options.redirect_to = other->url ();
    auto server = start_server (options);
    auto client = make_client (options.api_key);
    std::string message;
    ck_assert_int_eq (predict_code (*client, endpoint_of (*server), nullptr,
                          nullptr, &message),
        geti::ERROR_REDIRECT);
    ck_assert_msg (
        message.find ("HTTP " + std::to_string (status)) != std::string::npos &&
            message.find (other->url ()) != std::string::npos,
        "%s", message.c_str ());
    std::string body;
    GError *error = nullptr;
    ck_assert (!client->get (
        endpoint_of (*server).project_url (), nullptr, body, nullptr, &error));
    ck_assert_int_eq (error->code, geti::ERROR_REDIRECT);
    g_clear_error (&error);
    ck_assert_uint_eq (server->requests ().size (), 2);
  }
  ck_assert_uint_eq (other->requests ().size (), 0);
}
END_TEST

/* Test that timeout bounds the whole exchange: a server that trickles its
 * headers, or its body, a byte at a time (each read well within the
 * timeout) is cut off after it. */
START_TEST (test_trickle_timeout)
{
  const HostileServer::Behaviour behaviours[] = {
    HostileServer::Behaviour::trickle_headers,
    HostileServer::Behaviour::trickle_body,
  };
  for (HostileServer::Behaviour behaviour : behaviours) {
    HostileServer::Options options;
    options.predict = behaviour;
    options.pace_ms = 200;
    options.body_size = 1 << 20;
    options.predict_body = "{\"predictions\": []}";
    auto server = HostileServer::start (options);
    ck_assert (server != nullptr);
    auto client = make_client (ServerOptions ().api_key, 1);
    geti::Endpoint endpoint;
    endpoint.server = server->url ();
    endpoint.organization_id = ServerOptions ().organization_id;
    endpoint.workspace_id = ServerOptions ().workspace_id;
    endpoint.project_id = ServerOptions ().project_id;
    const gint64 start = g_get_monotonic_time ();
    std::string message;
    ck_assert_int_eq (
        predict_code (*client, endpoint, nullptr, nullptr, &message),
        geti::ERROR_TIMEOUT);
    const double elapsed = (g_get_monotonic_time () - start) / 1e6;
    /* a byte every 0.2 s would take 20+ s for the headers, hours for the
     * body; libsoup's own timeout never trips */
    ck_assert_msg (elapsed < 5, "took %.1f s", elapsed);
    ck_assert_msg (
        message.find ("in time") != std::string::npos, "%s", message.c_str ());
  }
}
END_TEST

/* Test that a caller's deadline before the timeout ends the request. */
START_TEST (test_caller_deadline)
{
  HostileServer::Options options;
  options.predict = HostileServer::Behaviour::silent;
  auto server = HostileServer::start (options);
  auto client = make_client (ServerOptions ().api_key, 600);
  geti::Endpoint endpoint;
  endpoint.server = server->url ();
  endpoint.organization_id = ServerOptions ().organization_id;
  endpoint.workspace_id = ServerOptions ().workspace_id;
  endpoint.project_id = ServerOptions ().project_id;
  static const std::vector<guint8> jpeg = square_jpeg ();
  geti::PredictResult result;
  GError *error = nullptr;
  const gint64 start = g_get_monotonic_time ();
  ck_assert (!client->predict (endpoint, jpeg.data (), jpeg.size (),
      "image/jpeg", nullptr, result, nullptr, &error,
      std::chrono::steady_clock::now () + std::chrono::milliseconds (300)));
  ck_assert_int_eq (error->code, geti::ERROR_TIMEOUT);
  g_clear_error (&error);
  const double elapsed = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (elapsed < 5, "took %.1f s", elapsed);
}
END_TEST

/* ---- :explain ----------------------------------------------------------- */

namespace {

/* One explain call: returns the error code (0 on success). */
int
explain_code (geti::Client &client, const geti::Endpoint &endpoint,
    geti::ExplainResult *result = nullptr, geti::ResponseInfo *info = nullptr,
    std::string *message = nullptr,
    geti::Deadline deadline = geti::Deadline::max ())
{
  static const std::vector<guint8> jpeg = square_jpeg ();
  geti::ExplainResult local;
  GError *error = nullptr;
  const bool ok = client.explain (endpoint, jpeg.data (), jpeg.size (),
      "image/jpeg", nullptr, result ? *result : local, info, &error, deadline);
  if (ok) {
    ck_assert_ptr_null (error);
    return 0;
  }
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == GETI_ERROR, "%s", error->message);
  const int code = error->code;
  if (message)
    *message = error->message;
  g_error_free (error);
  return code;
}

/* The map's pixel over image point (@x, @y) of the 160x120 square_jpeg () */
int
map_at (const geti::ExplainMap &map, int x, int y)
{
  const guint mx = guint (x) * map.width / 160;
  const guint my = guint (y) * map.height / 120;
  return map.pixels[std::size_t (my) * map.width + mx];
}

} // namespace

/* Test that an explain request goes out as predict's does (multipart
 * "file", the key) to .../pipelines/active:explain, and that the fake
 * server's map is decoded: the "ball" map, 20x16 (1/8, at least 16), bright
 * over the white square and dark in the corners. */
START_TEST (test_explain)
{
  auto server = start_server ();
  auto client = make_client (server->options ().api_key);
  geti::ExplainResult result;
  geti::ResponseInfo info;
  ck_assert_int_eq (
      explain_code (*client, endpoint_of (*server), &result, &info), 0);
  ck_assert_uint_eq (info.http_status, 200);
  ck_assert (info.received_us >= info.sent_us);
  ck_assert (result.dropped.empty ());
  ck_assert (!result.created.empty ());
  ck_assert_uint_eq (result.maps.size (), 1);
  const geti::ExplainMap &map = result.maps[0];
  ck_assert_str_eq (map.label_id.c_str (), geti::fake::BALL_LABEL_ID);
  ck_assert (map.label_name && *map.label_name == geti::fake::BALL_LABEL_NAME);
  ck_assert_uint_eq (map.width, 20);
  ck_assert_uint_eq (map.height, 16);
  ck_assert_uint_eq (map.pixels.size (), 20 * 16);
  ck_assert_int_ge (map_at (map, 52, 38), 200);
  ck_assert_int_le (map_at (map, 0, 0), 16);
  ck_assert_int_le (map_at (map, 159, 119), 16);

  const auto requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 1);
  const auto &r = requests[0];
  ck_assert (r.explain && !r.predict);
  const std::string path =
      "/api/v1/organizations/" + server->options ().organization_id +
      "/workspaces/" + server->options ().workspace_id + "/projects/" +
      server->options ().project_id + "/pipelines/active:explain";
  ck_assert_str_eq (r.path.c_str (), path.c_str ());
  ck_assert_str_eq (r.api_key.c_str (), server->options ().api_key.c_str ());
  ck_assert (g_str_has_prefix (r.content_type.c_str (), "multipart/form-data"));
  ck_assert_str_eq (r.file_field.c_str (), "file");
  ck_assert_str_eq (r.file_content_type.c_str (), "image/jpeg");
  ck_assert_int_eq (r.image_width, 160);
  ck_assert_int_eq (r.image_height, 120);
  ck_assert_uint_eq (server->predict_count (), 0);
  ck_assert_uint_eq (server->explain_count (), 1);
}
END_TEST

/* Test the anomaly scenario's map (on "Anomalous", bright at the planted
 * defect) with and without label_name, and a task pipeline's explain URL. */
START_TEST (test_explain_anomaly)
{
  for (bool names : { true, false }) {
    ServerOptions options;
    options.scenario = geti::fake::Scenario::anomaly;
    options.explain_label_names = names;
    auto server = start_server (options);
    auto client = make_client (options.api_key);
    geti::Endpoint endpoint = endpoint_of (*server);
    endpoint.pipeline = geti::fake::ANOMALY_TASK_ID;
    geti::ExplainResult result;
    ck_assert_int_eq (explain_code (*client, endpoint, &result), 0);
    ck_assert_uint_eq (result.maps.size (), 1);
    const geti::ExplainMap &map = result.maps[0];
    ck_assert_str_eq (map.label_id.c_str (), geti::fake::ANOMALOUS_LABEL_ID);
    ck_assert (map.label_name.has_value () == names);
    if (names)
      ck_assert_str_eq (
          map.label_name->c_str (), geti::fake::ANOMALOUS_LABEL_NAME);
    ck_assert_int_ge (map_at (map, 52, 38), 200);
    ck_assert_int_le (map_at (map, 140, 100), 16);
    ck_assert (g_str_has_suffix (server->requests ()[0].path.c_str (),
        (std::string ("/pipelines/") + geti::fake::ANOMALY_TASK_ID + ":explain")
            .c_str ()));
  }
}
END_TEST

/* Test that each fault of the fake server on :explain maps to the error
 * code it has on :predict (429 with Retry-After), leaving :predict alone,
 * and that the client is fine afterwards. */
START_TEST (test_explain_status_mapping)
{
  const struct {
    Fault fault;
    int code;
    guint status;
  } cases[] = {
    { Fault::http_500, geti::ERROR_SERVER, 500 },
    { Fault::http_503, geti::ERROR_SERVER, 503 },
    { Fault::http_429, geti::ERROR_RATE_LIMITED, 429 },
    { Fault::http_204, geti::ERROR_NO_MODEL, 204 },
    { Fault::garbage, geti::ERROR_PARSE, 200 },
    { Fault::wrong_type, geti::ERROR_PARSE, 200 },
    { Fault::truncated, geti::ERROR_NETWORK, 200 },
    { Fault::close, geti::ERROR_NETWORK, 0 },
  };
  ServerOptions options;
  options.retry_after_s = 7;
  auto server = start_server (options);
  auto client = make_client (options.api_key);
  const geti::Endpoint endpoint = endpoint_of (*server);
  for (const auto &c : cases) {
    FaultRule rule;
    rule.fault = c.fault;
    server->set_explain_faults ({ rule });
    geti::ResponseInfo info;
    std::string message;
    const int code = explain_code (*client, endpoint, nullptr, &info, &message);
    ck_assert_msg (code == c.code, "%s: code %d (%s), expected %d",
        geti::fake::fault_to_string (c.fault), code, message.c_str (), c.code);
    if (c.status != 0)
      ck_assert_uint_eq (info.http_status, c.status);
    if (c.fault == Fault::http_429) {
      ck_assert (info.retry_after_s && *info.retry_after_s == 7.0);
      ck_assert_msg (
          message.find ("429 Too Many Requests") != std::string::npos, "%s",
          message.c_str ());
    }
    if (c.fault == Fault::wrong_type)
      ck_assert_msg (
          message.find ("maps") != std::string::npos, "%s", message.c_str ());
    ck_assert_int_eq (predict_code (*client, endpoint), 0);
  }
  server->set_explain_faults ({});
  ck_assert_int_eq (explain_code (*client, endpoint), 0);
}
END_TEST

/* Test the auth proxy's answers on :explain: 403, 400, 401, the key never
 * in the message. */
START_TEST (test_explain_auth_errors)
{
  auto server = start_server ();
  const geti::Endpoint endpoint = endpoint_of (*server);
  const std::string wrong =
      "geti_pat_ThisIsNotTheRightKeyButWellFormed0123456789_abc123";
  const struct {
    std::string key;
    int code;
  } cases[] = {
    { "", geti::ERROR_FORBIDDEN },
    { "not-a-geti-key", geti::ERROR_BAD_REQUEST },
    { wrong, geti::ERROR_UNAUTHORIZED },
  };
  for (const auto &c : cases) {
    auto client = make_client (c.key);
    std::string message;
    ck_assert_int_eq (
        explain_code (*client, endpoint, nullptr, nullptr, &message), c.code);
    if (!c.key.empty ())
      ck_assert (message.find (c.key) == std::string::npos);
  }
  ck_assert_uint_eq (server->explain_count (), 0);
}
END_TEST

/* Test that a redirect of :explain is not followed (ERROR_REDIRECT naming
 * it, nothing sent to where it points), and that a client bound to its
 * origin sends no :explain elsewhere. */
START_TEST (test_explain_redirect_and_origin)
{
  auto other = start_server ();
  ServerOptions options;
  options.redirect_status = 307;
  options.redirect_to = other->url ();
  options.redirect_kinds = geti::fake::REQUEST_EXPLAIN;
  auto server = start_server (options);
  auto client = make_client (options.api_key);
  std::string message;
  ck_assert_int_eq (
      explain_code (*client, endpoint_of (*server), nullptr, nullptr, &message),
      geti::ERROR_REDIRECT);
  ck_assert_msg (message.find ("HTTP 307") != std::string::npos &&
                     message.find (other->url ()) != std::string::npos,
      "%s", message.c_str ());
  ck_assert_int_eq (predict_code (*client, endpoint_of (*server)), 0);
  ck_assert_uint_eq (other->requests ().size (), 0);

  geti::ClientConfig config;
  config.api_key = options.api_key;
  config.origin = server->url ();
  auto bound = geti::Client::create (config, nullptr);
  ck_assert_int_eq (
      explain_code (*bound, endpoint_of (*other), nullptr, nullptr, &message),
      geti::ERROR_SETTINGS);
  ck_assert_uint_eq (other->requests ().size (), 0);
}
END_TEST

/* Test that explain answers may be as large as max_explain_body_size (16 MiB
 * by default), larger than predict's 4 MiB, and no larger; that maps that
 * can't be had are dropped with the good ones kept. */
START_TEST (test_explain_body_size_and_dropped)
{
  /* a 6 MiB answer: one good map, one bad one, and padding */
  const std::vector<guint8> jpeg = square_jpeg ();
  g_autofree gchar *good = g_base64_encode (jpeg.data (), jpeg.size ());
  const std::string body = std::string ("{\"maps\": [{\"data\": \"") + good +
                           "\", \"label_id\": \"a\"}, {\"data\": \"@@@@\", "
                           "\"label_id\": \"b\"}], \"pad\": \"" +
                           std::string (6 << 20, 'x') + "\"}";
  ServerOptions options;
  options.explain_faults = { FaultRule{ Fault::body } };
  options.explain_body = std::make_shared<const std::string> (body);
  options.faults = { FaultRule{ Fault::body } };
  options.predict_body = options.explain_body;
  auto server = start_server (options);
  auto client = make_client (options.api_key);
  const geti::Endpoint endpoint = endpoint_of (*server);

  geti::ExplainResult result;
  std::string message;
  ck_assert_int_eq (
      explain_code (*client, endpoint, &result, nullptr, &message), 0);
  ck_assert_uint_eq (result.maps.size (), 1);
  ck_assert_str_eq (result.maps[0].label_id.c_str (), "a");
  ck_assert_uint_eq (result.maps[0].width, 160);
  ck_assert_uint_eq (result.dropped.size (), 1);
  ck_assert_msg (g_str_has_prefix (result.dropped[0].c_str (),
                     "maps[1] (label b): bad base64"),
      "%s", result.dropped[0].c_str ());

  ck_assert_int_eq (
      predict_code (*client, endpoint, nullptr, nullptr, &message),
      geti::ERROR_PARSE);
  ck_assert_msg (
      message.find ("larger than 4194304 bytes") != std::string::npos, "%s",
      message.c_str ());

  geti::ClientConfig config;
  config.api_key = options.api_key;
  config.max_explain_body_size = 1 << 20;
  auto small = geti::Client::create (config, nullptr);
  ck_assert_int_eq (explain_code (*small, endpoint, nullptr, nullptr, &message),
      geti::ERROR_PARSE);
  ck_assert_msg (
      message.find ("larger than 1048576 bytes") != std::string::npos, "%s",
      message.c_str ());
}
END_TEST

/* Test that a caller's deadline ends an :explain the server holds. */
START_TEST (test_explain_deadline)
{
  ServerOptions options;
  options.latency_ms = 600000;
  auto server = start_server (options);
  auto client = make_client (options.api_key, 600);
  const gint64 start = g_get_monotonic_time ();
  ck_assert_int_eq (
      explain_code (*client, endpoint_of (*server), nullptr, nullptr, nullptr,
          std::chrono::steady_clock::now () + std::chrono::milliseconds (300)),
      geti::ERROR_TIMEOUT);
  const double elapsed = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (elapsed < 5, "took %.1f s", elapsed);
  ck_assert_uint_eq (server->explain_count (), 1);
  server->set_latency_ms (0);
}
END_TEST

static Suite *
client_suite ()
{
  Suite *s = suite_create ("client");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_predict);
  tcase_add_test (tc, test_status_mapping);
  tcase_add_test (tc, test_auth_errors);
  tcase_add_test (tc, test_not_found);
  tcase_add_test (tc, test_timeout);
  tcase_add_test (tc, test_cancel);
  tcase_add_test (tc, test_connection_refused);
  tcase_add_test (tc, test_keep_alive_and_threads);
  tcase_add_test (tc, test_get_and_size_limit);
  tcase_add_test (tc, test_bad_ca_file);
  tcase_add_test (tc, test_transient);
  tcase_add_test (tc, test_origin_only);
  tcase_add_test (tc, test_redirect_not_followed);
  tcase_add_test (tc, test_trickle_timeout);
  tcase_add_test (tc, test_caller_deadline);
  tcase_add_test (tc, test_explain);
  tcase_add_test (tc, test_explain_anomaly);
  tcase_add_test (tc, test_explain_status_mapping);
  tcase_add_test (tc, test_explain_auth_errors);
  tcase_add_test (tc, test_explain_redirect_and_origin);
  tcase_add_test (tc, test_explain_body_size_and_dropped);
  tcase_add_test (tc, test_explain_deadline);
  suite_add_tcase (s, tc);
  return s;
}

int
main ()
{
  SRunner *runner = srunner_create (client_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
