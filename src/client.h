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

#include "endpoint.h"
#include "predictions.h"

/* The REST client: one SoupSession, created and configured up front, then
 * used from any number of worker threads at once with the synchronous API
 * (libsoup >= 3.2). POSTs are flagged SOUP_MESSAGE_IDEMPOTENT so that the
 * keep-alive connections are reused. */

namespace geti {

struct ClientConfig {
  std::string api_key;       /* sent as x-api-key; never logged */
  guint timeout_s = 30;      /* I/O timeout of each request */
  guint max_connections = 4; /* connections to the server at once */
  bool ssl_strict = true;
  std::string ssl_ca_file; /* extra CA bundle (PEM); empty: none */
  std::string user_agent = "gst-geti";
  gsize max_body_size = 16 * 1024 * 1024; /* larger answers are a parse error */
};

/* What came back, whether or not the request succeeded. */
struct ResponseInfo {
  guint http_status = 0;               /* 0: no HTTP answer at all */
  std::optional<double> retry_after_s; /* Retry-After, in seconds */
  gint64 sent_us = 0;                  /* g_get_monotonic_time () */
  gint64 received_us = 0;
};

class Client
{
public:
  /* NULL with GETI_ERROR/ERROR_SETTINGS if the configuration is unusable
   * (an unreadable ssl-ca-file, say). */
  static std::unique_ptr<Client> create (
      const ClientConfig &config, GError **error) noexcept;
  ~Client ();

  Client (const Client &) = delete;
  Client &operator= (const Client &) = delete;

  /* POSTs one encoded image (multipart/form-data, field "file") to the
   * endpoint's predict URL and parses the answer. Blocking; call it from a
   * worker thread. Cancelling @cancellable ends it at once with
   * ERROR_CANCELLED. */
  bool predict (const Endpoint &endpoint, const guint8 *image, gsize size,
      const char *content_type, GCancellable *cancellable,
      PredictResult &result, ResponseInfo *info, GError **error) noexcept;

  /* GETs a JSON document (project, listings). The body is returned as is. */
  bool get (const std::string &url, GCancellable *cancellable,
      std::string &body, ResponseInfo *info, GError **error) noexcept;

private:
  explicit Client (
      SoupSession *session, std::string api_key, gsize max_body_size) noexcept;
  bool send (SoupMessage *msg, GCancellable *cancellable, std::string &body,
      ResponseInfo *info, GError **error) noexcept;

  SoupSession *session_;
  std::string api_key_;
  gsize max_body_size_;
  bool ssl_strict_ = true;
  std::string boundary_;
};

} // namespace geti
