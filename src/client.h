/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include <memory>
#include <optional>
#include <string>

#include "deadline_timer.h"
#include "endpoint.h"
#include "predictions.h"

/* The REST client: one SoupSession, created and configured up front, then
 * used from any number of worker threads at once with the synchronous API
 * (libsoup >= 3.2). POSTs are flagged SOUP_MESSAGE_IDEMPOTENT so that the
 * keep-alive connections are reused.
 *
 * What a hostile or broken server can't do to it: make it follow a redirect
 * (a 3xx is ERROR_REDIRECT, naming the Location), get the key sent anywhere
 * but the configured origin, or hold a request past timeout_s (the whole
 * exchange: connect, send, headers and body). */

namespace geti {

using Deadline = std::chrono::steady_clock::time_point;

struct ClientConfig {
  std::string api_key; /* sent as x-api-key; never logged */
  /* scheme://host[:port] (as server_normalize () writes it): requests to
   * any other origin are refused, so the key never leaves it. Empty: any
   * origin (tests of the core only). */
  std::string origin;
  guint timeout_s = 30;      /* the longest one exchange may take */
  guint max_connections = 4; /* connections to the server at once */
  bool ssl_strict = true;
  std::string ssl_ca_file; /* extra CA bundle (PEM); empty: none */
  std::string user_agent = "gst-geti";
  gsize max_body_size = 4 * 1024 * 1024; /* larger answers are a parse error */
  /* the same for :explain answers, which carry base64 JPEG maps */
  gsize max_explain_body_size = 16 * 1024 * 1024;
};

/* What came back, whether or not the request succeeded. */
struct ResponseInfo {
  guint http_status = 0;               /* 0: no HTTP answer at all */
  std::optional<double> retry_after_s; /* Retry-After, in seconds */
  gint64 sent_us = 0;                  /* g_get_monotonic_time () */
  gint64 received_us = 0;
};

/* What requests leave behind for the next ones (client.cpp): spare
 * cancellables, the sockets of the session's connections */
struct ClientReuse;

class Client
{
public:
  /* NULL with GETI_ERROR/ERROR_SETTINGS if the configuration is unusable
   * (an unreadable CA file, say: Setting::ssl_ca_file). */
  static std::unique_ptr<Client> create (
      const ClientConfig &config, GError **error) noexcept;
  ~Client ();

  Client (const Client &) = delete;
  Client &operator= (const Client &) = delete;

  /* POSTs one encoded image (multipart/form-data, field "file") to the
   * endpoint's predict URL and parses the answer. Blocking; call it from a
   * worker thread. Cancelling @cancellable ends it at once with
   * ERROR_CANCELLED; it ends with ERROR_TIMEOUT after timeout_s, or at
   * @deadline if that is sooner. */
  bool predict (const Endpoint &endpoint, const guint8 *image, gsize size,
      const char *content_type, GCancellable *cancellable,
      PredictResult &result, ResponseInfo *info, GError **error,
      Deadline deadline = Deadline::max ()) noexcept;

  /* POSTs the same request as predict () to the endpoint's explain URL
   * (src/PROTOCOL.md §3.5), with the same redirect, origin, timeout and
   * deadline rules, and the answer's size capped at max_explain_body_size;
   * the maps are decoded (parse_explain_response ()). */
  bool explain (const Endpoint &endpoint, const guint8 *image, gsize size,
      const char *content_type, GCancellable *cancellable,
      ExplainResult &result, ResponseInfo *info, GError **error,
      Deadline deadline = Deadline::max ()) noexcept;

  /* GETs a JSON document (project, listings). The body is returned as is. */
  bool get (const std::string &url, GCancellable *cancellable,
      std::string &body, ResponseInfo *info, GError **error) noexcept;

private:
  explicit Client (SoupSession *session, const ClientConfig &config);
  bool origin_allowed (SoupMessage *msg, GError **error) const;
  bool send (SoupMessage *msg, GCancellable *cancellable, std::string &body,
      ResponseInfo *info, GError **error, Deadline deadline = Deadline::max (),
      gsize max_body_size = 0) noexcept;
  /* The multipart upload of predict () and explain () to @url */
  bool post_image (const std::string &url, const guint8 *image, gsize size,
      const char *content_type, GCancellable *cancellable, std::string &body,
      ResponseInfo *info, GError **error, Deadline deadline,
      gsize max_body_size) noexcept;

  SoupSession *session_;
  std::unique_ptr<ClientReuse> reuse_;
  std::string api_key_;
  std::string origin_;
  guint timeout_s_;
  gsize max_body_size_;
  gsize max_explain_body_size_;
  bool ssl_strict_ = true;
  std::string boundary_;
  DeadlineTimer deadlines_;
};

} // namespace geti
