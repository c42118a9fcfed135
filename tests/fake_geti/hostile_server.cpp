/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hostile_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <list>
#include <mutex>
#include <set>
#include <thread>

namespace geti::fake {

struct HostileServer::Impl {
  Options options;
  int listener = -1;
  int wake[2] = { -1, -1 }; /* written once, at stop */
  guint port = 0;
  std::thread acceptor;

  mutable std::mutex lock; /* guards what follows */
  bool stopping = false;
  std::set<int> clients;
  std::list<std::thread> connections;
  std::vector<Request> requests;

  /* Sleeps @ms unless the server stops first (then false). */
  bool pause (guint ms)
  {
    pollfd p{ wake[0], POLLIN, 0 };
    return poll (&p, 1, static_cast<int> (ms)) == 0;
  }

  bool send_all (int fd, const char *data, gsize size)
  {
    while (size > 0) {
      const ssize_t n = ::send (fd, data, size, MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      data += n;
      size -= static_cast<gsize> (n);
    }
    return true;
  }

  /* Reads one request (headers and Content-Length body) from @buffer and
   * the socket; false at the end of the connection. */
  bool read_request (int fd, std::string &buffer, Request &request)
  {
    std::size_t end;
    char chunk[16384];
    while ((end = buffer.find ("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = recv (fd, chunk, sizeof chunk, 0);
      if (n <= 0)
        return false;
      buffer.append (chunk, static_cast<std::size_t> (n));
    }
    const std::string head = buffer.substr (0, end);
    buffer.erase (0, end + 4);

    g_auto (GStrv) lines = g_strsplit (head.c_str (), "\r\n", -1);
    g_auto (GStrv) first = g_strsplit (lines[0], " ", 3);
    if (g_strv_length (first) < 2)
      return false;
    request.method = first[0];
    request.path = first[1];
    request.received_us = g_get_monotonic_time ();
    gsize length = 0;
    for (char **line = lines + 1; *line != nullptr; line++) {
      const char *colon = strchr (*line, ':');
      if (colon == nullptr)
        continue;
      std::string name (*line, static_cast<std::size_t> (colon - *line));
      g_autofree char *value = g_strstrip (g_strdup (colon + 1));
      if (g_ascii_strcasecmp (name.c_str (), "x-api-key") == 0)
        request.api_key = value;
      else if (g_ascii_strcasecmp (name.c_str (), "content-length") == 0)
        length = g_ascii_strtoull (value, nullptr, 10);
    }
    while (buffer.size () < length) {
      const ssize_t n = recv (fd, chunk, sizeof chunk, 0);
      if (n <= 0)
        return false;
      buffer.append (chunk, static_cast<std::size_t> (n));
    }
    buffer.erase (0, length);
    return true;
  }

  /* Answers @request as its kind's behaviour says; false to close. */
  bool answer (int fd, const Request &request)
  {
    const bool predict = request.method == "POST" &&
                         request.path.find (":predict") != std::string::npos;
    std::string path = request.path.substr (0, request.path.find ('?'));
    const std::size_t slash = path.rfind ('/');
    const std::string last = path.substr (slash + 1);
    const bool project = request.method == "GET" && last.size () == 24 &&
                         std::all_of (last.begin (), last.end (),
                             [] (char c) { return g_ascii_isxdigit (c); }) &&
                         path.compare (slash - 9, 9, "/projects") == 0;

    std::string status = "200 OK";
    std::string body;
    Behaviour behaviour = Behaviour::normal;
    if (predict) {
      body = options.predict_body;
      behaviour = options.predict;
    } else if (project) {
      body = options.project_body;
      behaviour = options.project;
    } else {
      status = "404 Not Found";
      body = "{\"message\": \"not found\"}";
    }
    if (behaviour == Behaviour::silent) {
      /* until the client gives up, or the server stops */
      char byte;
      return recv (fd, &byte, 1, 0) > 0 && false;
    }
    const gsize length = behaviour == Behaviour::trickle_body
                             ? std::max (options.body_size, body.size ())
                             : body.size ();
    const std::string head = "HTTP/1.1 " + status +
                             "\r\nContent-Type: application/json"
                             "\r\nContent-Length: " +
                             std::to_string (length) + "\r\n\r\n";

    if (behaviour == Behaviour::trickle_headers) {
      for (char c : head)
        if (!send_all (fd, &c, 1) || !pause (options.pace_ms))
          return false;
      return send_all (fd, body.data (), body.size ());
    }
    if (!send_all (fd, head.data (), head.size ()))
      return false;
    if (behaviour == Behaviour::normal)
      return send_all (fd, body.data (), body.size ());

    /* trickle_body: the answer, then spaces up to the announced length */
    body.resize (length, ' ');
    const gsize chunk = std::max<gsize> (options.chunk_size, 1);
    for (gsize sent = 0; sent < length; sent += chunk) {
      if (!send_all (
              fd, body.data () + sent, std::min (chunk, length - sent)) ||
          !pause (options.pace_ms))
        return false;
    }
    return true;
  }

  void serve (int fd)
  {
    std::string buffer;
    for (;;) {
      Request request;
      if (!read_request (fd, buffer, request))
        break;
      {
        std::lock_guard<std::mutex> guard (lock);
        requests.push_back (request);
      }
      if (!answer (fd, request))
        break;
    }
    std::lock_guard<std::mutex> guard (lock);
    if (clients.erase (fd) > 0)
      close (fd);
  }

  void accept_loop ()
  {
    for (;;) {
      pollfd fds[2] = { { listener, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
      if (poll (fds, 2, -1) < 0 || (fds[1].revents & POLLIN))
        return;
      const int fd = accept (listener, nullptr, nullptr);
      if (fd < 0)
        continue;
      const int one = 1;
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard<std::mutex> guard (lock);
      if (stopping) {
        close (fd);
        return;
      }
      clients.insert (fd);
      connections.emplace_back (&Impl::serve, this, fd);
    }
  }
};

std::unique_ptr<HostileServer>
HostileServer::start (const Options &options)
{
  auto impl = std::make_unique<Impl> ();
  impl->options = options;
  impl->listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (impl->listener < 0 ||
      bind (impl->listener, reinterpret_cast<sockaddr *> (&address), size) <
          0 ||
      listen (impl->listener, 64) < 0 ||
      getsockname (
          impl->listener, reinterpret_cast<sockaddr *> (&address), &size) < 0 ||
      pipe2 (impl->wake, O_CLOEXEC) < 0) {
    if (impl->listener >= 0)
      close (impl->listener);
    return nullptr;
  }
  impl->port = ntohs (address.sin_port);
  impl->acceptor = std::thread (&Impl::accept_loop, impl.get ());
  return std::unique_ptr<HostileServer> (new HostileServer (std::move (impl)));
}

HostileServer::HostileServer (std::unique_ptr<Impl> impl) noexcept
    : impl_ (std::move (impl))
{}

HostileServer::~HostileServer ()
{
  {
    std::lock_guard<std::mutex> guard (impl_->lock);
    impl_->stopping = true;
    for (int fd : impl_->clients)
      shutdown (fd, SHUT_RDWR);
  }
  const char byte = 0;
  if (write (impl_->wake[1], &byte, 1) < 0) {
    /* the acceptor polls the pipe: nothing else to do */
  }
  impl_->acceptor.join ();
  /* No new connection after the acceptor ended */
  for (std::thread &connection : impl_->connections)
    connection.join ();
  for (int fd : impl_->clients)
    close (fd);
  close (impl_->listener);
  close (impl_->wake[0]);
  close (impl_->wake[1]);
}

guint
HostileServer::port () const noexcept
{
  return impl_->port;
}

std::string
HostileServer::url () const
{
  return "http://127.0.0.1:" + std::to_string (impl_->port);
}

std::vector<HostileServer::Request>
HostileServer::requests () const
{
  std::lock_guard<std::mutex> guard (impl_->lock);
  return impl_->requests;
}

} // namespace geti::fake
