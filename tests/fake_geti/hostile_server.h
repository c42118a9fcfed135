/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <memory>
#include <string>
#include <vector>

/* A server written to misbehave at the HTTP level, where libsoup's server
 * (the fake Geti server's) can't: headers or body trickled a byte at a
 * time, a body that never ends, an answer that never comes. Plain sockets
 * on 127.0.0.1, a thread per connection, keep-alive.
 *
 * It answers like a Geti server that works, as far as a client of
 * :predict needs: GET of anything ending in /projects/{24 hex} with
 * Options::project_body, POST of anything with ":predict" in it with
 * Options::predict_body, anything else 404. What each kind of request gets
 * instead is its Behaviour. It checks no key; it records what came. */

namespace geti::fake {

class HostileServer
{
public:
  enum class Behaviour {
    normal,          /* the whole answer at once */
    trickle_headers, /* status line and headers a byte every pace_ms */
    trickle_body,    /* headers at once (Content-Length: body_size), then
                        the body a chunk_size piece every pace_ms */
    silent,          /* reads the request, never answers */
  };

  struct Options {
    Behaviour project = Behaviour::normal;
    Behaviour predict = Behaviour::normal;
    guint pace_ms = 1000;
    gsize chunk_size = 1;
    /* the announced length of a trickled body: the real answer padded
     * with spaces (valid JSON whitespace) to this size */
    gsize body_size = 0;
    std::string project_body;
    std::string predict_body;
  };

  struct Request {
    std::string method;
    std::string path;
    std::string api_key;
    gint64 received_us = 0;
  };

  /* Listens on 127.0.0.1, any free port; NULL if it can't. */
  static std::unique_ptr<HostileServer> start (const Options &options);
  /* Closes every connection (a trickle stops at once) and joins. */
  ~HostileServer ();

  HostileServer (const HostileServer &) = delete;
  HostileServer &operator= (const HostileServer &) = delete;

  guint port () const noexcept;
  /* "http://127.0.0.1:PORT" */
  std::string url () const;
  std::vector<Request> requests () const;

  struct Impl;

private:
  explicit HostileServer (std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

} // namespace geti::fake
