/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The fake Geti server, through a plain libsoup client: its detector, JPEG
 * decoding, authentication, endpoints, scenarios, faults, latency,
 * capacity and rate limit. */

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <turbojpeg.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <map>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "detector.h"
#include "fake_geti_server.h"
#include "fake_responses.h"
#include "jpeg_decode.h"

using namespace geti::fake;

namespace {

/* A key of the right format that the server does not know */
constexpr char OTHER_API_KEY[] =
    "geti_pat_0000000000000000000000000000000000000000000_000000";

/* ---------------------------------------------------------------------- */
/* Images                                                                 */

struct Disc {
  int cx;
  int cy;
  int r;
};

/* A black frame with white discs, @channels bytes per pixel. */
std::vector<guint8>
disc_frame (int width, int height, int channels, const std::vector<Disc> &discs)
{
  std::vector<guint8> pixels (
      static_cast<std::size_t> (width) * height * channels);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (const Disc &d : discs)
        if ((x - d.cx) * (x - d.cx) + (y - d.cy) * (y - d.cy) <= d.r * d.r)
          std::fill_n (
              &pixels[(static_cast<std::size_t> (y) * width + x) * channels],
              channels, 255);
  return pixels;
}

/* A black gray plane with white rectangles {x, y, w, h}. */
std::vector<guint8>
rect_plane (int width, int height, int stride,
    const std::vector<std::array<int, 4>> &rects)
{
  std::vector<guint8> pixels (static_cast<std::size_t> (stride) * height);
  for (const auto &r : rects)
    for (int y = r[1]; y < r[1] + r[3]; y++)
      std::fill_n (
          &pixels[static_cast<std::size_t> (y) * stride + r[0]], r[2], 255);
  return pixels;
}

GBytes *
encode_jpeg (const std::vector<guint8> &pixels, int width, int height,
    int channels, int quality = 90)
{
  tjhandle handle = tjInitCompress ();
  ck_assert_ptr_nonnull (handle);
  unsigned char *jpeg = nullptr;
  unsigned long size = 0;
  int result = tjCompress2 (handle, pixels.data (), width, width * channels,
      height, channels == 1 ? TJPF_GRAY : TJPF_RGB, &jpeg, &size,
      channels == 1 ? TJSAMP_GRAY : TJSAMP_420, quality, 0);
  ck_assert_int_eq (result, 0);
  GBytes *bytes = g_bytes_new (jpeg, size);
  tjFree (jpeg);
  tjDestroy (handle);
  return bytes;
}

/* A 320x240 JPEG with one ball; the ball's box on the raw frame. */
GBytes *
ball_jpeg (Blob *truth = nullptr, int cx = 150, int cy = 100, int r = 20)
{
  std::vector<guint8> frame = disc_frame (320, 240, 3, { { cx, cy, r } });
  if (truth != nullptr) {
    std::vector<guint8> gray = disc_frame (320, 240, 1, { { cx, cy, r } });
    std::vector<Blob> blobs = detect_blobs (gray.data (), 320, 240, 320);
    ck_assert_uint_eq (blobs.size (), 1);
    *truth = blobs[0];
  }
  return encode_jpeg (frame, 320, 240, 3);
}

GBytes *
black_jpeg ()
{
  return encode_jpeg (std::vector<guint8> (320 * 240), 320, 240, 1);
}

/* ---------------------------------------------------------------------- */
/* HTTP                                                                   */

std::unique_ptr<Server>
start_server (const ServerOptions &options = ServerOptions ())
{
  g_autoptr (GError) error = nullptr;
  std::unique_ptr<Server> server = Server::start (options, &error);
  ck_assert_msg (server != nullptr, "server did not start: %s",
      error != nullptr ? error->message : "?");
  ck_assert_uint_ne (server->port (), 0);
  return server;
}

SoupSession *
new_session ()
{
  return soup_session_new_with_options (
      "max-conns", 64, "max-conns-per-host", 32, "timeout", 60, nullptr);
}

SoupMessage *
get_message (const std::string &url, const char *api_key = DEFAULT_API_KEY)
{
  SoupMessage *msg = soup_message_new (SOUP_METHOD_GET, url.c_str ());
  ck_assert_ptr_nonnull (msg);
  if (api_key != nullptr)
    soup_message_headers_replace (
        soup_message_get_request_headers (msg), "x-api-key", api_key);
  return msg;
}

SoupMessage *
predict_message (const std::string &url, GBytes *image,
    const char *api_key = DEFAULT_API_KEY, const char *field = "file",
    const char *filename = "frame.jpg")
{
  g_autoptr (SoupMultipart) multipart =
      soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (
      multipart, field, filename, "image/jpeg", image);
  SoupMessage *msg = soup_message_new_from_multipart (url.c_str (), multipart);
  ck_assert_ptr_nonnull (msg);
  if (api_key != nullptr)
    soup_message_headers_replace (
        soup_message_get_request_headers (msg), "x-api-key", api_key);
  return msg;
}

struct Result {
  guint status = 0;
  std::string body;
  std::string content_type;
  std::string retry_after;
  std::string rate_limited;
  bool failed = false; /* no complete answer */
  std::string error;
  gint64 elapsed_us = 0;
};

void
fill_result (Result &result, SoupMessage *msg, GBytes *body, GError *error)
{
  result.status = soup_message_get_status (msg);
  if (body != nullptr) {
    gsize size = 0;
    auto data = static_cast<const char *> (g_bytes_get_data (body, &size));
    result.body.assign (data != nullptr ? data : "", size);
  }
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *value = soup_message_headers_get_content_type (headers, nullptr);
  result.content_type = value != nullptr ? value : "";
  value = soup_message_headers_get_one (headers, "Retry-After");
  result.retry_after = value != nullptr ? value : "";
  value = soup_message_headers_get_one (headers, "x-local-rate-limit");
  result.rate_limited = value != nullptr ? value : "";
  result.failed = error != nullptr;
  result.error = error != nullptr ? error->message : "";
}

/* Sends @msg (transfer full) and waits for the whole answer. */
Result
send (SoupSession *session, SoupMessage *msg)
{
  g_autoptr (SoupMessage) owned = msg;
  g_autoptr (GError) error = nullptr;
  Result result;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GBytes) body =
      soup_session_send_and_read (session, msg, nullptr, &error);
  result.elapsed_us = g_get_monotonic_time () - start;
  fill_result (result, msg, body, error);
  return result;
}

Result
get (SoupSession *session, const std::string &url,
    const char *api_key = DEFAULT_API_KEY)
{
  return send (session, get_message (url, api_key));
}

Result
predict (SoupSession *session, const Server &server, GBytes *image,
    const char *pipeline = "active")
{
  return send (session, predict_message (server.predict_url (pipeline), image));
}

/* Sends all @messages (transfer full) at once, asynchronously, and runs the
 * default main context until every answer is in. */
std::vector<Result>
send_all (SoupSession *session, std::vector<SoupMessage *> messages)
{
  struct Pending {
    GMainLoop *loop;
    guint left;
    std::vector<Result> results;
  };
  struct Call {
    Pending *pending;
    std::size_t index;
    SoupMessage *msg;
  };
  Pending pending{ g_main_loop_new (nullptr, FALSE), 0, {} };
  pending.results.resize (messages.size ());
  pending.left = static_cast<guint> (messages.size ());
  for (std::size_t i = 0; i < messages.size (); i++) {
    auto call = new Call{ &pending, i, messages[i] };
    soup_session_send_and_read_async (
        session, messages[i], G_PRIORITY_DEFAULT, nullptr,
        [] (GObject *source, GAsyncResult *res, gpointer data) {
          auto call = static_cast<Call *> (data);
          g_autoptr (GError) error = nullptr;
          g_autoptr (GBytes) body = soup_session_send_and_read_finish (
              SOUP_SESSION (source), res, &error);
          fill_result (
              call->pending->results[call->index], call->msg, body, error);
          g_object_unref (call->msg);
          if (--call->pending->left == 0)
            g_main_loop_quit (call->pending->loop);
          delete call;
        },
        call);
  }
  if (pending.left > 0)
    g_main_loop_run (pending.loop);
  g_main_loop_unref (pending.loop);
  return pending.results;
}

/* A thread that, once @server received @count predict requests, sets its
 * latency to 0: the requests held until then are released. */
struct Releaser {
  Server *server;
  guint count;
  bool arrived = false;
  GThread *thread = nullptr;

  Releaser (Server *s, guint n) : server (s), count (n)
  {
    thread = g_thread_new ("releaser", run, this);
  }
  Releaser (const Releaser &) = delete;
  Releaser &operator= (const Releaser &) = delete;
  ~Releaser ()
  {
    join ();
  }

  void join ()
  {
    if (thread != nullptr)
      g_thread_join (thread);
    thread = nullptr;
  }

  static gpointer run (gpointer data)
  {
    auto self = static_cast<Releaser *> (data);
    self->arrived = self->server->wait_for_predict_count (self->count, 60000);
    self->server->set_latency_ms (0);
    return nullptr;
  }
};

/* ---------------------------------------------------------------------- */
/* JSON                                                                   */

/* A parsed JSON document whose root is an object. */
struct Json {
  JsonParser *parser = json_parser_new ();
  JsonObject *root = nullptr;

  explicit Json (const std::string &text)
  {
    g_autoptr (GError) error = nullptr;
    ck_assert_msg (json_parser_load_from_data (parser, text.c_str (),
                       static_cast<gssize> (text.size ()), &error),
        "not JSON: %s", text.c_str ());
    JsonNode *node = json_parser_get_root (parser);
    ck_assert (JSON_NODE_HOLDS_OBJECT (node));
    root = json_node_get_object (node);
  }
  ~Json ()
  {
    g_object_unref (parser);
  }
  Json (const Json &) = delete;
  Json &operator= (const Json &) = delete;
};

JsonObject *
element (JsonArray *array, guint index)
{
  ck_assert_uint_lt (index, json_array_get_length (array));
  return json_array_get_object_element (array, index);
}

JsonArray *
predictions (const Json &json)
{
  ck_assert (json_object_has_member (json.root, "predictions"));
  return json_object_get_array_member (json.root, "predictions");
}

/* Checks the labels of @prediction: exactly one, with these values, and no
 * colour (live Geti never sends it). */
void
check_label (JsonObject *prediction, const char *id, const char *name,
    double probability)
{
  JsonArray *labels = json_object_get_array_member (prediction, "labels");
  ck_assert_uint_eq (json_array_get_length (labels), 1);
  JsonObject *label = element (labels, 0);
  ck_assert_str_eq (json_object_get_string_member (label, "id"), id);
  ck_assert_str_eq (json_object_get_string_member (label, "name"), name);
  ck_assert_double_eq_tol (
      json_object_get_double_member (label, "probability"), probability, 1e-9);
  ck_assert (!json_object_has_member (label, "color"));
}

JsonObject *
shape_of (JsonObject *prediction, const char *type)
{
  ck_assert (json_object_has_member (prediction, "shape"));
  JsonObject *shape = json_object_get_object_member (prediction, "shape");
  ck_assert_str_eq (json_object_get_string_member (shape, "type"), type);
  return shape;
}

double
number (JsonObject *object, const char *name)
{
  ck_assert_msg (json_object_has_member (object, name), "no member %s", name);
  return json_object_get_double_member (object, name);
}

void
check_box (JsonObject *shape, const Blob &truth, double tolerance)
{
  ck_assert_double_eq_tol (number (shape, "x"), truth.x, tolerance);
  ck_assert_double_eq_tol (number (shape, "y"), truth.y, tolerance);
  ck_assert_double_eq_tol (number (shape, "width"), truth.width, tolerance);
  ck_assert_double_eq_tol (number (shape, "height"), truth.height, tolerance);
}

/* The empty answer: one full-image RECTANGLE labelled "No object", 0.0. */
void
check_empty_answer (const Json &json, int width, int height)
{
  JsonArray *list = predictions (json);
  ck_assert_uint_eq (json_array_get_length (list), 1);
  JsonObject *prediction = element (list, 0);
  check_label (prediction, EMPTY_LABEL_ID, EMPTY_LABEL_NAME, 0.0);
  JsonObject *shape = shape_of (prediction, "RECTANGLE");
  ck_assert_int_eq (json_object_get_int_member (shape, "x"), 0);
  ck_assert_int_eq (json_object_get_int_member (shape, "y"), 0);
  ck_assert_int_eq (json_object_get_int_member (shape, "width"), width);
  ck_assert_int_eq (json_object_get_int_member (shape, "height"), height);
}

bool
is_go_time (const char *text)
{
  return g_regex_match_simple (
      "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
      "(\\.[0-9]{0,8}[1-9])? \\+0000$",
      text, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT);
}

} // namespace

/* ====================================================================== */
/* Detector                                                               */

START_TEST (test_detector_one_blob)
{
  /* Test that one filled disc gives one box that covers it exactly */
  std::vector<guint8> plane = disc_frame (64, 48, 1, { { 30, 20, 6 } });
  std::vector<Blob> blobs = detect_blobs (plane.data (), 64, 48, 64);
  ck_assert_uint_eq (blobs.size (), 1);
  ck_assert_int_eq (blobs[0].x, 24);
  ck_assert_int_eq (blobs[0].y, 14);
  ck_assert_int_eq (blobs[0].width, 13);
  ck_assert_int_eq (blobs[0].height, 13);
  ck_assert_double_eq (blobs[0].center_x (), 30.5);
  int bright =
      static_cast<int> (std::count (plane.begin (), plane.end (), 255));
  ck_assert_int_eq (blobs[0].area, bright);
}
END_TEST

START_TEST (test_detector_two_blobs)
{
  /* Test that separate blobs come sorted by (y, x), that blobs under the
   * minimum area are dropped and that the threshold is inclusive */
  std::vector<guint8> plane = rect_plane (100, 80, 100,
      { { 60, 10, 8, 8 }, { 5, 10, 10, 4 }, { 20, 50, 6, 6 },
          { 90, 70, 3, 3 } });
  /* a blob exactly at the threshold, one just below it */
  for (int y = 30; y < 35; y++)
    for (int x = 40; x < 45; x++) {
      plane[y * 100 + x] = 128;
      plane[y * 100 + x + 20] = 127;
    }
  std::vector<Blob> blobs = detect_blobs (plane.data (), 100, 80, 100);
  ck_assert_uint_eq (blobs.size (), 4);
  ck_assert_int_eq (blobs[0].x, 5);
  ck_assert_int_eq (blobs[0].y, 10);
  ck_assert_int_eq (blobs[0].width, 10);
  ck_assert_int_eq (blobs[0].height, 4);
  ck_assert_int_eq (blobs[1].x, 60);
  ck_assert_int_eq (blobs[1].y, 10);
  ck_assert_int_eq (blobs[2].x, 40);
  ck_assert_int_eq (blobs[2].y, 30);
  ck_assert_int_eq (blobs[2].area, 25);
  ck_assert_int_eq (blobs[3].x, 20);
  ck_assert_int_eq (blobs[3].y, 50);
  /* the 3x3 blob (9 px) is back with a smaller minimum area */
  blobs = detect_blobs (plane.data (), 100, 80, 100, 128, 9);
  ck_assert_uint_eq (blobs.size (), 5);
  ck_assert_int_eq (blobs[4].x, 90);
  ck_assert_int_eq (blobs[4].area, 9);
  /* with threshold 127 the darker square counts too */
  ck_assert_uint_eq (
      detect_blobs (plane.data (), 100, 80, 100, 127).size (), 5);
}
END_TEST

START_TEST (test_detector_connectivity)
{
  /* Test that diagonal neighbours join (8-connectivity) and that a U shape,
   * whose arms only meet at the bottom, is one blob */
  std::vector<guint8> plane (40 * 40);
  /* a diagonal line of single pixels */
  for (int i = 0; i < 20; i++)
    plane[(2 + i) * 40 + 2 + i] = 255;
  std::vector<Blob> blobs = detect_blobs (plane.data (), 40, 40, 40);
  ck_assert_uint_eq (blobs.size (), 1);
  ck_assert_int_eq (blobs[0].width, 20);
  ck_assert_int_eq (blobs[0].height, 20);
  ck_assert_int_eq (blobs[0].area, 20);

  /* a U and, inside it, a separate block */
  plane = rect_plane (40, 40, 40,
      { { 5, 5, 3, 25 }, { 30, 5, 3, 25 }, { 5, 27, 28, 3 }, { 15, 8, 6, 6 } });
  blobs = detect_blobs (plane.data (), 40, 40, 40);
  ck_assert_uint_eq (blobs.size (), 2);
  ck_assert_int_eq (blobs[0].x, 5);
  ck_assert_int_eq (blobs[0].y, 5);
  ck_assert_int_eq (blobs[0].width, 28);
  ck_assert_int_eq (blobs[0].height, 25);
  ck_assert_int_eq (blobs[1].x, 15);
  ck_assert_int_eq (blobs[1].y, 8);

  /* a staircase whose steps meet only corner to corner, from right to
   * left, so that later runs join sets opened earlier */
  std::fill (plane.begin (), plane.end (), 0);
  for (int step = 0; step < 5; step++)
    for (int y = step * 4; y < step * 4 + 4; y++)
      for (int x = 30 - step * 4; x < 34 - step * 4; x++)
        plane[y * 40 + x] = 255;
  blobs = detect_blobs (plane.data (), 40, 40, 40);
  ck_assert_uint_eq (blobs.size (), 1);
  ck_assert_int_eq (blobs[0].x, 14);
  ck_assert_int_eq (blobs[0].width, 20);
  ck_assert_int_eq (blobs[0].area, 80);
}
END_TEST

START_TEST (test_detector_touching_edges)
{
  /* Test that blobs on the image borders are found whole and that bytes
   * past the width (row padding) are ignored */
  const int width = 50, height = 30, stride = 64;
  std::vector<guint8> plane = rect_plane (width, height, stride,
      { { 0, 0, 5, 5 }, { 45, 10, 5, 5 }, { 20, 25, 10, 5 } });
  for (int y = 0; y < height; y++)
    std::fill_n (&plane[y * stride + width], stride - width, 255);
  std::vector<Blob> blobs = detect_blobs (plane.data (), width, height, stride);
  ck_assert_uint_eq (blobs.size (), 3);
  ck_assert_int_eq (blobs[0].x, 0);
  ck_assert_int_eq (blobs[0].y, 0);
  ck_assert_int_eq (blobs[0].width, 5);
  ck_assert_int_eq (blobs[1].x, 45);
  ck_assert_int_eq (blobs[1].width, 5);
  ck_assert_int_eq (blobs[2].y, 25);
  ck_assert_int_eq (blobs[2].height, 5);

  /* a frame that is all bright is one blob */
  std::vector<guint8> white (width * height, 255);
  blobs = detect_blobs (white.data (), width, height, width);
  ck_assert_uint_eq (blobs.size (), 1);
  ck_assert_int_eq (blobs[0].width, width);
  ck_assert_int_eq (blobs[0].height, height);
  ck_assert_int_eq (blobs[0].area, width * height);
}
END_TEST

START_TEST (test_detector_nothing)
{
  /* Test that a black frame, an empty frame and bad arguments give no
   * blob */
  std::vector<guint8> black (320 * 240, 40);
  ck_assert (detect_blobs (black.data (), 320, 240, 320).empty ());
  ck_assert (detect_blobs (nullptr, 320, 240, 320).empty ());
  ck_assert (detect_blobs (black.data (), 0, 240, 320).empty ());
  ck_assert (detect_blobs (black.data (), 320, 240, 100).empty ());
}
END_TEST

START_TEST (test_detector_full_hd)
{
  /* Test that a 1080p frame with three balls gives their exact boxes */
  std::vector<guint8> plane = disc_frame (
      1920, 1080, 1, { { 200, 900, 40 }, { 1700, 150, 60 }, { 960, 540, 20 } });
  std::vector<Blob> blobs = detect_blobs (plane.data (), 1920, 1080, 1920);
  ck_assert_uint_eq (blobs.size (), 3);
  ck_assert_int_eq (blobs[0].x, 1640);
  ck_assert_int_eq (blobs[0].y, 90);
  ck_assert_int_eq (blobs[0].width, 121);
  ck_assert_int_eq (blobs[1].x, 940);
  ck_assert_int_eq (blobs[1].y, 520);
  ck_assert_int_eq (blobs[2].x, 160);
  ck_assert_int_eq (blobs[2].y, 860);
  ck_assert_int_eq (blobs[2].height, 81);
}
END_TEST

/* ====================================================================== */
/* JPEG                                                                   */

START_TEST (test_jpeg_decode_garbage)
{
  /* Test that data that is not a JPEG is refused without a crash */
  GrayImage image;
  ck_assert (!jpeg_decode_gray (nullptr, 0, image));
  const guint8 text[] = "definitely not a JPEG";
  ck_assert (!jpeg_decode_gray (text, sizeof (text), image));
  ck_assert_int_eq (image.width, 0);
  ck_assert (image.pixels.empty ());

  GRand *rand = g_rand_new_with_seed (7);
  std::vector<guint8> noise (4096);
  for (guint8 &byte : noise)
    byte = static_cast<guint8> (g_rand_int (rand));
  g_rand_free (rand);
  ck_assert (!jpeg_decode_gray (noise.data (), noise.size (), image));
  /* a JPEG start marker followed by noise */
  noise[0] = 0xff;
  noise[1] = 0xd8;
  noise[2] = 0xff;
  ck_assert (!jpeg_decode_gray (noise.data (), noise.size (), image));

  /* the first bytes of a real JPEG only */
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  gsize size = 0;
  auto data = static_cast<const guint8 *> (g_bytes_get_data (jpeg, &size));
  ck_assert (!jpeg_decode_gray (data, 20, image));
  ck_assert (!jpeg_decode_gray (static_cast<GBytes *> (nullptr), image));
}
END_TEST

START_TEST (test_jpeg_round_trip)
{
  /* Test that a gray and a colour JPEG decode to their size and that the
   * box of the decoded ball is within 2 px of the raw frame's */
  const int channels = _i == 0 ? 1 : 3;
  const std::vector<Disc> discs = { { 100, 80, 25 }, { 250, 180, 15 } };
  std::vector<guint8> frame = disc_frame (320, 240, channels, discs);
  std::vector<guint8> gray = disc_frame (320, 240, 1, discs);
  std::vector<Blob> truth = detect_blobs (gray.data (), 320, 240, 320);
  ck_assert_uint_eq (truth.size (), 2);

  g_autoptr (GBytes) jpeg = encode_jpeg (frame, 320, 240, channels, 75);
  GrayImage image;
  ck_assert (jpeg_decode_gray (jpeg, image));
  ck_assert_int_eq (image.width, 320);
  ck_assert_int_eq (image.height, 240);
  ck_assert_uint_eq (image.pixels.size (), 320 * 240);
  std::vector<Blob> blobs = detect_blobs (image.pixels.data (), 320, 240, 320);
  ck_assert_uint_eq (blobs.size (), 2);
  for (std::size_t i = 0; i < 2; i++) {
    ck_assert_int_le (std::abs (blobs[i].x - truth[i].x), 2);
    ck_assert_int_le (std::abs (blobs[i].y - truth[i].y), 2);
    ck_assert_int_le (std::abs (blobs[i].width - truth[i].width), 2);
    ck_assert_int_le (std::abs (blobs[i].height - truth[i].height), 2);
  }
}
END_TEST

/* ====================================================================== */
/* Helpers of the public API                                              */

START_TEST (test_api_key_format)
{
  /* Test that the key format check accepts geti_pat_<43>_<6> only, the
   * default key included */
  ck_assert (api_key_is_well_formed (DEFAULT_API_KEY));
  ck_assert (api_key_is_well_formed (OTHER_API_KEY));
  ck_assert (!api_key_is_well_formed (""));
  ck_assert (!api_key_is_well_formed ("secret"));
  ck_assert (!api_key_is_well_formed (
      "geti_pat_000000000000000000000000000000000000000000_000000"));
  ck_assert (!api_key_is_well_formed (
      "geti_pat_00000000000000000000000000000000000000000000_00000"));
  ck_assert (!api_key_is_well_formed (
      "geti_pat_000000000000000000000000000000000000000000-_000000"));
  ck_assert (!api_key_is_well_formed (
      "geti-pat_0000000000000000000000000000000000000000000_000000"));
}
END_TEST

START_TEST (test_names_and_fault_rules)
{
  /* Test that scenario and fault names round-trip and that --fault rules
   * parse as kind[:every[:probability]] */
  for (Scenario scenario :
      { Scenario::detection, Scenario::shapes, Scenario::keypoints_ovms,
          Scenario::classification, Scenario::empty, Scenario::anomaly })
    ck_assert (
        scenario_from_string (scenario_to_string (scenario)) == scenario);
  ck_assert (scenario_from_string ("anomaly") == Scenario::anomaly);
  ck_assert (
      scenario_from_string ("keypoints_ovms") == Scenario::keypoints_ovms);
  ck_assert (!scenario_from_string ("segmentation"));
  ck_assert (fault_from_string ("http_429") == Fault::http_429);
  ck_assert (fault_from_string ("wrong_type") == Fault::wrong_type);
  ck_assert (fault_from_string ("body") == Fault::body);
  ck_assert (!fault_from_string ("404"));
  for (ProjectKind kind : { ProjectKind::detection, ProjectKind::task_chain,
           ProjectKind::keypoint, ProjectKind::anomaly })
    ck_assert (
        project_kind_from_string (project_kind_to_string (kind)) == kind);
  ck_assert (
      project_kind_from_string ("task_chain") == ProjectKind::task_chain);
  ck_assert (!project_kind_from_string ("segmentation"));

  std::optional<FaultRule> rule = fault_rule_from_string ("503");
  ck_assert (rule && rule->fault == Fault::http_503 && rule->every == 1 &&
             rule->probability == 1.0 && rule->first == 0 &&
             rule->count == G_MAXUINT);
  /* every 3rd request: the 3rd (index 2), the 6th, ... */
  rule = fault_rule_from_string ("close:3");
  ck_assert (rule && rule->fault == Fault::close && rule->every == 3 &&
             rule->first == 2 && rule->count == G_MAXUINT);
  rule = fault_rule_from_string ("slow:2:0.25");
  ck_assert (rule && rule->fault == Fault::slow && rule->every == 2 &&
             rule->first == 1 && rule->probability == 0.25);
  ck_assert (!fault_rule_from_string ("slow:0"));
  ck_assert (!fault_rule_from_string ("slow:x"));
  ck_assert (!fault_rule_from_string ("slow:1:1.5"));
  ck_assert (!fault_rule_from_string ("slow:1:"));
  ck_assert (!fault_rule_from_string ("slow:1:0.5:9"));
  ck_assert (!fault_rule_from_string ("teapot"));
}
END_TEST

START_TEST (test_created_format)
{
  /* Test that "created" is written in Go's "2006-01-02
   * 15:04:05.999999999 -0700" form, in UTC, trailing zeros trimmed */
  std::string created = created_now ();
  ck_assert_msg (is_go_time (created.c_str ()), "%s", created.c_str ());
  ck_assert (is_go_time ("2023-11-07 14:57:03.371633532 +0000"));
  ck_assert (!is_go_time ("2023-11-07 14:57:03.371633530 +0000"));
}
END_TEST

START_TEST (test_start_errors)
{
  /* Test that start() fails cleanly on a port in use and on a malformed
   * API key */
  std::unique_ptr<Server> first = start_server ();
  ServerOptions options;
  options.port = first->port ();
  g_autoptr (GError) error = nullptr;
  ck_assert (Server::start (options, &error) == nullptr);
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);

  options = ServerOptions ();
  options.api_key = "secret";
  ck_assert (Server::start (options, &error) == nullptr);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  /* extra projects and workspaces need well-formed ids of their own */
  for (const char *id : { "not-an-id", DEFAULT_PROJECT_ID }) {
    options = ServerOptions ();
    options.extra_projects = { { id, "Other" } };
    ck_assert (Server::start (options, &error) == nullptr);
    ck_assert (
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
    g_clear_error (&error);
  }
  for (const char *id : { "not-a-uuid", DEFAULT_WORKSPACE_ID }) {
    options = ServerOptions ();
    options.extra_workspaces = { { id, "Other" } };
    ck_assert (Server::start (options, &error) == nullptr);
    ck_assert (
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
    g_clear_error (&error);
  }
}
END_TEST

/* ====================================================================== */
/* Endpoints                                                              */

START_TEST (test_auth_matrix)
{
  /* Test that every endpoint checks x-api-key like Geti's auth proxy: no
   * key 403, malformed 400, unknown 401, all with plain-text bodies, and
   * the right key 200 */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  struct Case {
    const char *key;
    guint status;
    const char *body;
  };
  const Case cases[] = {
    { nullptr, 403, "RBAC: access denied" },
    { "", 403, "RBAC: access denied" },
    { "secret", 400, "Bad request" },
    { "geti_pat_tooshort_000000", 400, "Bad request" },
    { OTHER_API_KEY, 401, "Invalid authorization token" },
    { DEFAULT_API_KEY, 200, nullptr },
  };
  for (const Case &c : cases) {
    Result project = get (session, server->project_url (), c.key);
    Result organization = get (session,
        server->url () + "/api/v1/personal_access_tokens/organization", c.key);
    Result prediction =
        send (session, predict_message (server->predict_url (), jpeg, c.key));
    for (const Result *r : { &project, &organization, &prediction }) {
      ck_assert_uint_eq (r->status, c.status);
      if (c.body != nullptr) {
        ck_assert_str_eq (r->body.c_str (), c.body);
        ck_assert_str_eq (r->content_type.c_str (), "text/plain");
      } else {
        ck_assert_str_eq (r->content_type.c_str (), "application/json");
        Json json (r->body);
      }
    }
  }
  /* the key of another organization */
  Result other =
      get (session, server->url () + "/api/v1/organizations/"
                                     "11111111-2222-4333-8444-555555555555/"
                                     "workspaces");
  ck_assert_uint_eq (other.status, 401);
  ck_assert_str_eq (other.body.c_str (), "Invalid authorization token");
  ck_assert_uint_eq (server->predict_count (), 1);
}
END_TEST

START_TEST (test_not_found_and_bad_paths)
{
  /* Test that unknown workspaces, projects, pipelines and paths, malformed
   * ids and pipeline segments, other actions and wrong methods get Geti's
   * answers */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  const std::string org_url =
      server->url () + "/api/v1/organizations/" + DEFAULT_ORGANIZATION_ID;
  const std::string ws_url = org_url + "/workspaces/" + DEFAULT_WORKSPACE_ID;
  const std::string other_project = "60ec6bbfb98caeb87e34306e";
  const std::string other_ws = "11111111-2222-4333-8444-555555555555";

  Result r = get (session, ws_url + "/projects/" + other_project);
  ck_assert_uint_eq (r.status, 404);
  {
    Json json (r.body);
    ck_assert_str_eq (json_object_get_string_member (json.root, "error_code"),
        "project_not_found");
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "http_status"), 404);
    const std::string message =
        "Could not find project with id " + other_project;
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "message"), message.c_str ());
  }
  r = send (session, predict_message (ws_url + "/projects/" + other_project +
                                          "/pipelines/active:predict",
                         jpeg));
  ck_assert_uint_eq (r.status, 404);
  ck_assert (r.body.find ("project_not_found") != std::string::npos);

  r = get (session, org_url + "/workspaces/" + other_ws + "/projects");
  ck_assert_uint_eq (r.status, 404);
  ck_assert (r.body.find ("workspace_not_found") != std::string::npos);

  r = send (session,
      predict_message (server->predict_url ("aaaaaaaaaaaaaaaaaaaaaaaa"), jpeg));
  ck_assert_uint_eq (r.status, 404);
  ck_assert (r.body.find ("resource_not_found") != std::string::npos);

  r = send (
      session, predict_message (org_url +
                                    "/workspaces/not-a-uuid/"
                                    "projects/" +
                                    other_project + "/pipelines/active:predict",
                   jpeg));
  ck_assert_uint_eq (r.status, 400);
  ck_assert (r.body.find ("bad_request") != std::string::npos);

  r = send (session,
      predict_message (
          server->project_url () + "/pipelines/active:predict:x", jpeg));
  ck_assert_uint_eq (r.status, 400);
  r = send (session,
      predict_message (server->project_url () + "/pipelines/active", jpeg));
  ck_assert_uint_eq (r.status, 400);

  r = send (session,
      predict_message (
          server->project_url () + "/pipelines/active:batch_predict", jpeg));
  ck_assert_uint_eq (r.status, 501);
  ck_assert (r.body.find ("not_implemented") != std::string::npos);

  r = get (session, server->predict_url ());
  ck_assert_uint_eq (r.status, 405);
  r = send (session, predict_message (server->project_url (), jpeg));
  ck_assert_uint_eq (r.status, 405);

  for (const std::string &path : { std::string ("/"), std::string ("/api/v1"),
           std::string ("/api/v2/x"), std::string ("/api/v1/organizations"),
           std::string ("/api/v1/nothing/here"),
           std::string (ws_url.substr (server->url ().size ()) + "/projects/" +
                        DEFAULT_PROJECT_ID + "/models") }) {
    r = get (session, server->url () + path);
    ck_assert_msg (r.status == 404, "%s: %u", path.c_str (), r.status);
    ck_assert_str_eq (r.body.c_str (), "404 page not found");
  }
  /* none of these reached the predict numbering */
  ck_assert_uint_eq (server->predict_count (), 0);
}
END_TEST

START_TEST (test_listing_endpoints)
{
  /* Test that the organization, workspace, project list, project, product
   * info and pipeline status documents have Geti's shape */
  ServerOptions options;
  options.project_name = "My \"ball\" project";
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  const std::string api = server->url () + "/api/v1";

  Result r = get (session, api + "/personal_access_tokens/organization");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "organizationId"),
        DEFAULT_ORGANIZATION_ID);
  }

  const std::string org_url = api + "/organizations/" + DEFAULT_ORGANIZATION_ID;
  r = get (session, org_url + "/workspaces");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = json_object_get_array_member (json.root, "workspaces");
    ck_assert_uint_eq (json_array_get_length (list), 1);
    ck_assert_str_eq (json_object_get_string_member (element (list, 0), "id"),
        DEFAULT_WORKSPACE_ID);
    ck_assert_str_eq (json_object_get_string_member (element (list, 0), "name"),
        DEFAULT_WORKSPACE_NAME);
  }

  const std::string projects_url =
      org_url + "/workspaces/" + DEFAULT_WORKSPACE_ID + "/projects";
  const std::string projects_path =
      projects_url.substr (server->url ().size ());
  for (const char *query : { "", "?name=BALL", "?name=nothing" }) {
    bool listed = g_strcmp0 (query, "?name=nothing") != 0;
    r = get (session, projects_url + query);
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    JsonArray *list = json_object_get_array_member (json.root, "projects");
    ck_assert_uint_eq (json_array_get_length (list), listed ? 1 : 0);
    /* the count of all projects, whatever the filter, like Geti */
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_counts"), 1);
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_page_count"),
        listed ? 1 : 0);
    /* Geti's next_page: "" for an empty page, else the next skip */
    const std::string next_page =
        !listed
            ? ""
            : projects_path + (*query != '\0' ? "?name=BALL&" : "?") + "skip=1";
    ck_assert_str_eq (json_object_get_string_member (json.root, "next_page"),
        next_page.c_str ());
    if (listed) {
      ck_assert_str_eq (json_object_get_string_member (element (list, 0), "id"),
          DEFAULT_PROJECT_ID);
      ck_assert_str_eq (
          json_object_get_string_member (element (list, 0), "name"),
          "My \"ball\" project");
    }
  }

  r = get (session, server->project_url ());
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "id"), DEFAULT_PROJECT_ID);
    JsonObject *pipeline =
        json_object_get_object_member (json.root, "pipeline");
    JsonArray *tasks = json_object_get_array_member (pipeline, "tasks");
    ck_assert_uint_eq (json_array_get_length (tasks), 2);
    ck_assert_str_eq (
        json_object_get_string_member (element (tasks, 0), "task_type"),
        "dataset");
    JsonObject *task = element (tasks, 1);
    ck_assert_str_eq (
        json_object_get_string_member (task, "id"), DETECTION_TASK_ID);
    ck_assert_str_eq (
        json_object_get_string_member (task, "task_type"), "detection");
    JsonArray *labels = json_object_get_array_member (task, "labels");
    ck_assert_uint_eq (json_array_get_length (labels), 2);
    JsonObject *ball = element (labels, 0);
    ck_assert_str_eq (
        json_object_get_string_member (ball, "id"), BALL_LABEL_ID);
    ck_assert_str_eq (json_object_get_string_member (ball, "name"), "ball");
    ck_assert_str_eq (
        json_object_get_string_member (ball, "color"), "#ff5662ff");
    ck_assert (!json_object_get_boolean_member (ball, "is_empty"));
    ck_assert (json_object_get_null_member (ball, "parent_id"));
    JsonObject *empty = element (labels, 1);
    ck_assert_str_eq (
        json_object_get_string_member (empty, "id"), EMPTY_LABEL_ID);
    ck_assert_str_eq (
        json_object_get_string_member (empty, "name"), "No object");
    ck_assert_str_eq (
        json_object_get_string_member (empty, "color"), "#a4fc32ff");
    ck_assert (json_object_get_boolean_member (empty, "is_empty"));
  }

  r = get (session, api + "/product_info");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert (json_object_has_member (json.root, "product-version"));
  }
  for (const char *pipeline : { "active", DETECTION_TASK_ID }) {
    r = get (
        session, server->project_url () + "/pipelines/" + pipeline + "/status");
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    ck_assert (json_object_get_boolean_member (json.root, "pipeline_ready"));
  }
}
END_TEST

/* ====================================================================== */
/* Predict and its scenarios                                              */

START_TEST (test_predict_detection)
{
  /* Test that a detection answer has one "ball" RECTANGLE per ball, within
   * 2 px of the raw frame's box, sorted top to bottom, and a Go "created" */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  const std::vector<Disc> discs = { { 240, 160, 30 }, { 60, 50, 18 } };
  std::vector<guint8> gray = disc_frame (320, 240, 1, discs);
  std::vector<Blob> truth = detect_blobs (gray.data (), 320, 240, 320);
  ck_assert_uint_eq (truth.size (), 2);
  g_autoptr (GBytes) jpeg =
      encode_jpeg (disc_frame (320, 240, 3, discs), 320, 240, 3, 85);

  for (const char *pipeline : { "active", DETECTION_TASK_ID }) {
    Result r = predict (session, *server, jpeg, pipeline);
    ck_assert_uint_eq (r.status, 200);
    ck_assert_str_eq (r.content_type.c_str (), "application/json");
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 2);
    for (guint i = 0; i < 2; i++) {
      JsonObject *prediction = element (list, i);
      check_label (
          prediction, BALL_LABEL_ID, BALL_LABEL_NAME, BALL_PROBABILITY);
      check_box (shape_of (prediction, "RECTANGLE"), truth[i], 2);
    }
    ck_assert (
        is_go_time (json_object_get_string_member (json.root, "created")));
    ck_assert (!json_object_has_member (json.root, "media_identifier"));
    /* probabilities as Geti writes them: the shortest decimal of the
     * double, not json-glib's 17 digits */
    ck_assert_msg (r.body.find ("\"probability\":0.97,") != std::string::npos,
        "%s", r.body.c_str ());
    ck_assert_msg (r.body.find ("0.9700") == std::string::npos &&
                       r.body.find ("0.9699") == std::string::npos,
        "%s", r.body.c_str ());
  }
}
END_TEST

START_TEST (test_predict_no_blob)
{
  /* Test that detection and shapes answer a frame without a ball with
   * Geti's empty answer: a full-image "No object" RECTANGLE at 0.0 */
  ServerOptions options;
  options.scenario = _i == 0 ? Scenario::detection : Scenario::shapes;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = black_jpeg ();
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  check_empty_answer (json, 320, 240);
}
END_TEST

START_TEST (test_scenario_shapes)
{
  /* Test that the shapes scenario answers each ball with a RECTANGLE, a
   * centred ROTATED_RECTANGLE at angle 0, an ELLIPSE on the box, a POLYGON
   * of the box corners and a per-point KEYPOINT at the centre */
  ServerOptions options;
  options.scenario = Scenario::shapes;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  Blob truth;
  g_autoptr (GBytes) jpeg = ball_jpeg (&truth);
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  JsonArray *list = predictions (json);
  ck_assert_uint_eq (json_array_get_length (list), 5);

  JsonObject *rectangle = shape_of (element (list, 0), "RECTANGLE");
  check_box (rectangle, truth, 2);
  const double x = number (rectangle, "x"), y = number (rectangle, "y");
  const double w = number (rectangle, "width"),
               h = number (rectangle, "height");

  JsonObject *rotated = shape_of (element (list, 1), "ROTATED_RECTANGLE");
  ck_assert_double_eq (number (rotated, "x"), x + w / 2);
  ck_assert_double_eq (number (rotated, "y"), y + h / 2);
  ck_assert_double_eq (number (rotated, "width"), w);
  ck_assert_double_eq (number (rotated, "height"), h);
  ck_assert_double_eq (number (rotated, "angle"), 0.0);

  JsonObject *ellipse = shape_of (element (list, 2), "ELLIPSE");
  ck_assert_double_eq (number (ellipse, "x"), x);
  ck_assert_double_eq (number (ellipse, "y"), y);
  ck_assert_double_eq (number (ellipse, "width"), w);
  ck_assert_double_eq (number (ellipse, "height"), h);

  JsonObject *polygon = shape_of (element (list, 3), "POLYGON");
  JsonArray *points = json_object_get_array_member (polygon, "points");
  ck_assert_uint_eq (json_array_get_length (points), 4);
  const double corners[4][2] = { { x, y }, { x + w, y }, { x + w, y + h },
    { x, y + h } };
  for (guint i = 0; i < 4; i++) {
    ck_assert_double_eq (number (element (points, i), "x"), corners[i][0]);
    ck_assert_double_eq (number (element (points, i), "y"), corners[i][1]);
  }

  JsonObject *keypoint = shape_of (element (list, 4), "KEYPOINT");
  ck_assert_double_eq (number (keypoint, "x"), x + w / 2);
  ck_assert_double_eq (number (keypoint, "y"), y + h / 2);
  ck_assert (json_object_get_boolean_member (keypoint, "is_visible"));
  check_label (
      element (list, 4), BALL_LABEL_ID, BALL_LABEL_NAME, KEYPOINT_SCORE);
  for (guint i = 0; i < 4; i++)
    check_label (
        element (list, i), BALL_LABEL_ID, BALL_LABEL_NAME, BALL_PROBABILITY);
}
END_TEST

START_TEST (test_scenario_keypoints_ovms)
{
  /* Test that the keypoints-ovms scenario answers in the OVMS 2025.1 form,
   * one {"keypoints": [...]} prediction with a point per ball centre, and
   * with no prediction at all when there is no ball */
  ServerOptions options;
  options.scenario = Scenario::keypoints_ovms;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  Blob truth;
  g_autoptr (GBytes) jpeg = ball_jpeg (&truth);
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 1);
    JsonObject *pose = element (list, 0);
    ck_assert (!json_object_has_member (pose, "labels"));
    ck_assert (!json_object_has_member (pose, "shape"));
    JsonArray *points = json_object_get_array_member (pose, "keypoints");
    ck_assert_uint_eq (json_array_get_length (points), 1);
    JsonObject *point = element (points, 0);
    ck_assert_str_eq (json_object_get_string_member (point, "name"), "ball");
    ck_assert_str_eq (
        json_object_get_string_member (point, "id"), BALL_LABEL_ID);
    ck_assert_double_eq_tol (number (point, "score"), KEYPOINT_SCORE, 1e-9);
    ck_assert_double_eq_tol (number (point, "x"), truth.center_x (), 2);
    ck_assert_double_eq_tol (number (point, "y"), truth.center_y (), 2);
    /* the score's shortest decimal; a double with no fraction keeps its
     * ".0", as Python's json writes it */
    ck_assert_msg (r.body.find ("\"score\":1.058,") != std::string::npos, "%s",
        r.body.c_str ());
    ck_assert_msg (g_regex_match_simple ("\"x\":[0-9]+\\.[05],",
                       r.body.c_str (), G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT),
        "%s", r.body.c_str ());
  }

  g_autoptr (GBytes) black = black_jpeg ();
  r = predict (session, *server, black);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  ck_assert_uint_eq (json_array_get_length (predictions (json)), 0);
}
END_TEST

START_TEST (test_scenario_classification)
{
  /* Test that the classification scenario answers one full-image RECTANGLE
   * labelled "ball" when there is a ball, and with an empty label list when
   * there is none */
  ServerOptions options;
  options.scenario = Scenario::classification;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  g_autoptr (GBytes) black = black_jpeg ();
  for (GBytes *image : { jpeg, black }) {
    Result r = predict (session, *server, image);
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 1);
    JsonObject *prediction = element (list, 0);
    if (image == jpeg)
      check_label (
          prediction, BALL_LABEL_ID, BALL_LABEL_NAME, BALL_PROBABILITY);
    else
      ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                             prediction, "labels")),
          0);
    JsonObject *shape = shape_of (prediction, "RECTANGLE");
    ck_assert_double_eq (number (shape, "x"), 0);
    ck_assert_double_eq (number (shape, "y"), 0);
    ck_assert_double_eq (number (shape, "width"), 320);
    ck_assert_double_eq (number (shape, "height"), 240);
  }
}
END_TEST

START_TEST (test_scenario_empty_and_runtime_switch)
{
  /* Test that the empty scenario gives the empty answer even with a ball,
   * and that set_scenario() changes the answers of later requests */
  ServerOptions options;
  options.scenario = Scenario::empty;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    check_empty_answer (json, 320, 240);
  }
  server->set_scenario (Scenario::detection);
  r = predict (session, *server, jpeg);
  Json json (r.body);
  check_label (element (predictions (json), 0), BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY);
}
END_TEST

START_TEST (test_predict_label_only)
{
  /* Test that label_only=true drops every shape and that a value Go's
   * ParseBool refuses is a 400 */
  ServerOptions options;
  options.scenario = Scenario::shapes;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = send (session,
      predict_message (server->predict_url () + "?label_only=true", jpeg));
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 5);
    for (guint i = 0; i < 5; i++) {
      ck_assert (!json_object_has_member (element (list, i), "shape"));
      ck_assert (json_object_has_member (element (list, i), "labels"));
    }
  }
  r = send (session,
      predict_message (
          server->predict_url () + "?use_cache=never&label_only=False", jpeg));
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert (
        json_object_has_member (element (predictions (json), 0), "shape"));
  }
  r = send (session,
      predict_message (server->predict_url () + "?label_only=yes", jpeg));
  ck_assert_uint_eq (r.status, 400);
}
END_TEST

START_TEST (test_predict_bad_uploads)
{
  /* Test that a request without a multipart "file" part with a filename is
   * a 400, and a file that is not a JPEG a 415 invalid_media, both recorded
   * with what the client sent */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();

  /* the raw JPEG as the body, as Geti <= 1.8 took it */
  SoupMessage *msg =
      soup_message_new (SOUP_METHOD_POST, server->predict_url ().c_str ());
  soup_message_set_request_body_from_bytes (msg, "image/jpeg", jpeg);
  soup_message_headers_replace (
      soup_message_get_request_headers (msg), "x-api-key", DEFAULT_API_KEY);
  Result r = send (session, msg);
  ck_assert_uint_eq (r.status, 400);
  {
    Json json (r.body);
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "error_code"), "bad_request");
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "http_status"), 400);
  }

  r = send (session, predict_message (server->predict_url (), jpeg,
                         DEFAULT_API_KEY, "image", "frame.jpg"));
  ck_assert_uint_eq (r.status, 400);
  r = send (session, predict_message (server->predict_url (), jpeg,
                         DEFAULT_API_KEY, "file", nullptr));
  ck_assert_uint_eq (r.status, 400);

  g_autoptr (GBytes) text = g_bytes_new_static ("hello", 5);
  r = send (session, predict_message (server->predict_url (), text));
  ck_assert_uint_eq (r.status, 415);
  {
    Json json (r.body);
    ck_assert_str_eq (json_object_get_string_member (json.root, "error_code"),
        "invalid_media");
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "http_status"), 415);
    ck_assert (
        g_str_has_prefix (json_object_get_string_member (json.root, "message"),
            "Not a valid image format"));
  }

  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 4);
  ck_assert_str_eq (requests[0].content_type.c_str (), "image/jpeg");
  ck_assert_str_eq (requests[0].file_field.c_str (), "");
  ck_assert_str_eq (requests[1].file_field.c_str (), "image");
  ck_assert_str_eq (requests[1].filename.c_str (), "frame.jpg");
  ck_assert_uint_eq (requests[1].file_size, g_bytes_get_size (jpeg));
  ck_assert_str_eq (requests[2].file_field.c_str (), "file");
  ck_assert_str_eq (requests[2].filename.c_str (), "");
  ck_assert_uint_eq (requests[3].file_size, 5);
  ck_assert_int_eq (requests[3].image_width, 0);
  const guint statuses[] = { 400, 400, 400, 415 };
  for (guint i = 0; i < 4; i++) {
    ck_assert (requests[i].predict);
    ck_assert_uint_eq (requests[i].predict_index, i);
    ck_assert_uint_eq (requests[i].status, statuses[i]);
  }
}
END_TEST

START_TEST (test_requests_recording)
{
  /* Test that requests() records what each request carried and how it was
   * answered */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  ck_assert_uint_eq (get (session, server->project_url ()).status, 200);
  Result r = send (
      session, predict_message (server->predict_url () + "?use_cache=never",
                   jpeg, DEFAULT_API_KEY, "file", "frame 0001.jpg"));
  ck_assert_uint_eq (r.status, 200);
  ck_assert_uint_eq (
      get (session, server->project_url (), nullptr).status, 403);

  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 3);
  const ReceivedRequest &project = requests[0];
  ck_assert_str_eq (project.method.c_str (), "GET");
  const std::string project_path =
      server->project_url ().substr (server->url ().size ());
  ck_assert_str_eq (project.path.c_str (), project_path.c_str ());
  ck_assert_str_eq (project.api_key.c_str (), DEFAULT_API_KEY);
  ck_assert (!project.predict);
  ck_assert_uint_eq (project.status, 200);

  const ReceivedRequest &prediction = requests[1];
  ck_assert_str_eq (prediction.method.c_str (), "POST");
  ck_assert (
      g_str_has_suffix (prediction.path.c_str (), "/pipelines/active:predict"));
  ck_assert_str_eq (prediction.query.c_str (), "use_cache=never");
  ck_assert (g_str_has_prefix (
      prediction.content_type.c_str (), "multipart/form-data; boundary="));
  ck_assert_str_eq (prediction.file_field.c_str (), "file");
  ck_assert_str_eq (prediction.filename.c_str (), "frame 0001.jpg");
  ck_assert_str_eq (prediction.file_content_type.c_str (), "image/jpeg");
  ck_assert_uint_eq (prediction.file_size, g_bytes_get_size (jpeg));
  ck_assert_int_eq (prediction.image_width, 320);
  ck_assert_int_eq (prediction.image_height, 240);
  ck_assert (prediction.predict);
  ck_assert_uint_eq (prediction.predict_index, 0);
  ck_assert (prediction.fault == Fault::none);
  ck_assert_uint_eq (prediction.status, 200);
  ck_assert_uint_ne (prediction.remote_port, 0);
  ck_assert_int_ge (prediction.answered_us, prediction.received_us);
  ck_assert_int_gt (prediction.received_us, 0);

  ck_assert_str_eq (requests[2].api_key.c_str (), "");
  ck_assert_uint_eq (requests[2].status, 403);
  ck_assert_uint_eq (server->predict_count (), 1);

  server->reset_stats ();
  ck_assert_uint_eq (server->requests ().size (), 0);
  ck_assert_uint_eq (server->predict_count (), 0);
  ck_assert_uint_eq (server->connection_count (), 0);
  ck_assert_uint_eq (server->max_concurrent (), 0);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 1);
  ck_assert_uint_eq (requests[0].predict_index, 0);
}
END_TEST

START_TEST (test_keep_alive_connections)
{
  /* Test that connection_count() counts client connections: requests of
   * one keep-alive session share one, another session opens its own */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  {
    g_autoptr (SoupSession) session = new_session ();
    for (int i = 0; i < 3; i++) {
      SoupMessage *msg = predict_message (server->predict_url (), jpeg);
      /* POSTs reuse connections only when flagged idempotent */
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
      ck_assert_uint_eq (send (session, msg).status, 200);
    }
    ck_assert_uint_eq (get (session, server->project_url ()).status, 200);
    ck_assert_uint_eq (server->connection_count (), 1);
  }
  g_autoptr (SoupSession) other = new_session ();
  ck_assert_uint_eq (get (other, server->project_url ()).status, 200);
  ck_assert_uint_eq (server->connection_count (), 2);
  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests[0].remote_port, requests[3].remote_port);
  ck_assert_uint_ne (requests[0].remote_port, requests[4].remote_port);
}
END_TEST

/* ====================================================================== */
/* Faults                                                                 */

struct StatusFault {
  Fault fault;
  guint status;
  const char *content_type;
};

static const StatusFault status_faults[] = {
  { Fault::http_500, 500, "application/json" },
  { Fault::http_503, 503, "text/plain" },
  { Fault::http_429, 429, "text/plain" },
  { Fault::http_204, 204, "" },
  { Fault::garbage, 200, "application/json" },
  { Fault::wrong_type, 200, "application/json" },
  { Fault::body, 200, "application/json" },
};

START_TEST (test_fault_answers)
{
  /* Test that each answering fault gives its status, headers and body */
  const StatusFault &expected = status_faults[_i];
  ServerOptions options;
  options.faults = { FaultRule{ expected.fault } };
  options.retry_after_s = 7;
  options.predict_body =
      std::make_shared<const std::string> ("{\"predictions\": [], \"x\": 1}");
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = predict (session, *server, jpeg);
  ck_assert (!r.failed);
  ck_assert_uint_eq (r.status, expected.status);
  ck_assert_str_eq (r.content_type.c_str (), expected.content_type);

  switch (expected.fault) {
    case Fault::http_500: {
      Json json (r.body);
      ck_assert_str_eq (json_object_get_string_member (json.root, "error_code"),
          "internal_server_error");
      break;
    }
    case Fault::http_429:
      ck_assert_str_eq (r.retry_after.c_str (), "7");
      ck_assert_str_eq (r.rate_limited.c_str (), "true");
      break;
    case Fault::http_204:
      ck_assert (r.body.empty ());
      break;
    case Fault::garbage: {
      g_autoptr (JsonParser) parser = json_parser_new ();
      ck_assert (
          !json_parser_load_from_data (parser, r.body.c_str (), -1, nullptr));
      break;
    }
    case Fault::wrong_type: {
      Json json (r.body);
      JsonNode *list = json_object_get_member (json.root, "predictions");
      ck_assert (JSON_NODE_HOLDS_VALUE (list));
      ck_assert_uint_eq (json_node_get_value_type (list), G_TYPE_STRING);
      break;
    }
    case Fault::body:
      /* the test's own body, byte for byte; then another one */
      ck_assert_str_eq (r.body.c_str (), options.predict_body->c_str ());
      server->set_predict_body (std::make_shared<const std::string> ("[]"));
      {
        const Result again = predict (session, *server, jpeg);
        ck_assert_str_eq (again.body.c_str (), "[]");
      }
      server->reset_stats ();
      predict (session, *server, jpeg);
      break;
    default:
      break;
  }
  if (expected.fault != Fault::http_429)
    ck_assert (r.retry_after.empty ());

  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 1);
  ck_assert (requests[0].fault == expected.fault);
  ck_assert_uint_eq (requests[0].status, expected.status);
  ck_assert_uint_eq (server->predict_count (), 1);
}
END_TEST

START_TEST (test_fault_truncated)
{
  /* Test that the truncated fault starts a 200 answer whose body ends
   * before its Content-Length, and that the server then answers normally */
  ServerOptions options;
  options.faults = { FaultRule{ Fault::truncated, 0, 1 } };
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = predict (session, *server, jpeg);
  ck_assert (r.failed);
  ck_assert_uint_eq (r.status, 200);
  r = predict (session, *server, jpeg);
  ck_assert (!r.failed);
  ck_assert_uint_eq (r.status, 200);
  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert (requests[0].fault == Fault::truncated);
  ck_assert_uint_eq (requests[0].status, 200);
  ck_assert (requests[1].fault == Fault::none);
}
END_TEST

START_TEST (test_fault_close)
{
  /* Test that the close fault closes the connection without an answer,
   * also on a keep-alive connection that served requests before */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  SoupMessage *msg = predict_message (server->predict_url (), jpeg);
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  ck_assert_uint_eq (send (session, msg).status, 200);

  server->set_faults ({ FaultRule{ Fault::close } });
  for (int i = 0; i < 2; i++) {
    msg = predict_message (server->predict_url (), jpeg);
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
    Result r = send (session, msg);
    ck_assert (r.failed);
    ck_assert_uint_eq (r.status, 0);
  }
  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 3);
  ck_assert (requests[1].fault == Fault::close);
  ck_assert_uint_eq (requests[1].status, 0);
  ck_assert (requests[2].fault == Fault::close);

  server->set_faults ({});
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
}
END_TEST

START_TEST (test_fault_slow)
{
  /* Test that the slow fault gives the normal answer, slow_ms late */
  ServerOptions options;
  options.faults = { FaultRule{ Fault::slow } };
  options.slow_ms = 300;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  Blob truth;
  g_autoptr (GBytes) jpeg = ball_jpeg (&truth);
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  ck_assert_int_ge (r.elapsed_us, 300 * 1000);
  Json json (r.body);
  check_box (shape_of (element (predictions (json), 0), "RECTANGLE"), truth, 2);
  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert (requests[0].fault == Fault::slow);
  ck_assert_int_ge (
      requests[0].answered_us - requests[0].received_us, 300 * 1000);
}
END_TEST

START_TEST (test_fault_rule_selection)
{
  /* Test that rules apply from first, count requests long, every Nth, and
   * that the first rule that applies wins */
  ServerOptions options;
  options.faults = {
    FaultRule{ Fault::http_503, 1, 5, 2 }, /* requests 1, 3, 5 */
    FaultRule{ Fault::http_500, 3, 3 },    /* requests 3, 4, 5: 4 only */
    FaultRule{ Fault::http_204, 8 },       /* requests 8, 9, ... */
  };
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  const guint expected[] = { 200, 503, 200, 503, 500, 503, 200, 200, 204, 204 };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    Result r = predict (session, *server, jpeg);
    ck_assert_msg (r.status == expected[i], "request %u: %u, expected %u", i,
        r.status, expected[i]);
  }
  /* requests that fail before the numbering do not count */
  ck_assert_uint_eq (
      send (session, predict_message (server->predict_url (), jpeg, nullptr))
          .status,
      403);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 204);
  ck_assert_uint_eq (server->predict_count (), 11);
}
END_TEST

START_TEST (test_fault_probability)
{
  /* Test that a fault probability hits some but not all requests, the same
   * ones for the same seed, and that probability 0 never hits */
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<guint> runs[2];
  for (auto &statuses : runs) {
    ServerOptions options;
    options.random_seed = 42;
    options.faults = { FaultRule{ Fault::http_503, 0, G_MAXUINT, 1, 0.0 },
      FaultRule{ Fault::http_500, 0, G_MAXUINT, 1, 0.5 } };
    std::unique_ptr<Server> server = start_server (options);
    g_autoptr (SoupSession) session = new_session ();
    for (int i = 0; i < 40; i++)
      statuses.push_back (predict (session, *server, jpeg).status);
  }
  ck_assert (runs[0] == runs[1]);
  auto faulted = std::count (runs[0].begin (), runs[0].end (), 500u);
  ck_assert_int_gt (faulted, 5);
  ck_assert_int_lt (faulted, 35);
  ck_assert_int_eq (
      std::count (runs[0].begin (), runs[0].end (), 200u) + faulted, 40);
}
END_TEST

START_TEST (test_set_faults_mid_stream)
{
  /* Test that set_faults() applies from the next request on, keeping the
   * predict numbering */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  server->set_faults ({ FaultRule{ Fault::http_429, 2, 1 } });
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 429);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  server->set_faults ({ FaultRule{ Fault::http_503 } });
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 503);
  server->set_faults ({});
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
}
END_TEST

/* ====================================================================== */
/* Latency and capacity                                                   */

START_TEST (test_latency)
{
  /* Test that a predict request takes at least the latency, and other
   * requests do not */
  ServerOptions options;
  options.latency_ms = 250;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = predict (session, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  ck_assert_int_ge (r.elapsed_us, 250 * 1000);
  ck_assert_uint_eq (get (session, server->project_url ()).status, 200);
  std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_int_ge (
      requests[0].answered_us - requests[0].received_us, 250 * 1000);

  server->set_latency_ms (0);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
}
END_TEST

START_TEST (test_capacity_queue)
{
  /* Test that with capacity 2 six parallel requests are all received at
   * once (max_concurrent 6) but inferred two at a time (max_inferring 2),
   * and that all get their answer once the held inferences are released */
  ServerOptions options;
  options.capacity = 2;
  options.latency_ms = 60 * 1000; /* held until released */
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 6; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));

  Releaser releaser (server.get (), 6);
  std::vector<Result> results = send_all (session, messages);
  releaser.join ();
  ck_assert (releaser.arrived);
  for (const Result &r : results) {
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    check_label (element (predictions (json), 0), BALL_LABEL_ID,
        BALL_LABEL_NAME, BALL_PROBABILITY);
  }
  ck_assert_uint_eq (server->max_concurrent (), 6);
  ck_assert_uint_eq (server->max_inferring (), 2);
  ck_assert_uint_eq (server->connection_count (), 6);
}
END_TEST

START_TEST (test_capacity_fifo)
{
  /* Test that with capacity 1 queued requests are answered in the order
   * they arrived */
  ServerOptions options;
  options.capacity = 1;
  options.latency_ms = 60 * 1000;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 5; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));
  Releaser releaser (server.get (), 5);
  std::vector<Result> results = send_all (session, messages);
  releaser.join ();
  for (const Result &r : results)
    ck_assert_uint_eq (r.status, 200);
  std::vector<ReceivedRequest> requests = server->requests ();
  std::sort (requests.begin (), requests.end (),
      [] (const ReceivedRequest &a, const ReceivedRequest &b) {
        return a.predict_index < b.predict_index;
      });
  for (std::size_t i = 1; i < requests.size (); i++)
    ck_assert_int_ge (requests[i].answered_us, requests[i - 1].answered_us);
  ck_assert_uint_eq (server->max_inferring (), 1);
  ck_assert_uint_eq (server->max_concurrent (), 5);
}
END_TEST

START_TEST (test_unlimited_capacity)
{
  /* Test that without a capacity every request received infers at once */
  ServerOptions options;
  options.latency_ms = 60 * 1000;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 8; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));
  Releaser releaser (server.get (), 8);
  std::vector<Result> results = send_all (session, messages);
  releaser.join ();
  for (const Result &r : results)
    ck_assert_uint_eq (r.status, 200);
  ck_assert_uint_eq (server->max_inferring (), 8);
  ck_assert_uint_eq (server->max_concurrent (), 8);
}
END_TEST

START_TEST (test_closed_connections_released)
{
  /* Test that the server closes its side of keep-alive connections that
   * clients closed (libsoup 3.2 alone keeps them open until it stops) */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  {
    g_autoptr (SoupSession) session = new_session ();
    for (int i = 0; i < 3; i++) {
      SoupMessage *msg = predict_message (server->predict_url (), jpeg);
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
      ck_assert_uint_eq (send (session, msg).status, 200);
    }
    g_autoptr (SoupSession) other = new_session ();
    ck_assert_uint_eq (get (other, server->project_url ()).status, 200);
    ck_assert_uint_eq (server->open_connection_count (), 2);
  }
  ck_assert (server->wait_for_open_connections (0, 20000));
  g_autoptr (SoupSession) session = new_session ();
  ck_assert_uint_eq (get (session, server->project_url ()).status, 200);
  ck_assert_uint_eq (server->open_connection_count (), 1);
  ck_assert_uint_eq (server->connection_count (), 3);
}
END_TEST

START_TEST (test_tls)
{
  /* Test that a TLS server answers over HTTPS a client that trusts the test
   * CA, and that a client that does not refuses its certificate */
  ServerOptions options;
  options.tls = true;
  std::unique_ptr<Server> server = start_server (options);
  /* A named string: GLib >= 2.76's g_str_has_prefix macro reads its
   * argument after the statement that would free a temporary's buffer */
  const std::string url = server->url ();
  ck_assert (g_str_has_prefix (url.c_str (), "https://127.0.0.1:"));

  g_autofree char *ca_path = nullptr;
  int fd = g_file_open_tmp ("fake-geti-ca-XXXXXX.pem", &ca_path, nullptr);
  ck_assert_int_ge (fd, 0);
  close (fd);
  ck_assert (g_file_set_contents (ca_path, tls_ca_pem (), -1, nullptr));
  g_autoptr (GError) error = nullptr;
  g_autoptr (GTlsDatabase) database = g_tls_file_database_new (ca_path, &error);
  ck_assert_ptr_nonnull (database);

  g_autoptr (SoupSession) trusting = new_session ();
  soup_session_set_tls_database (trusting, database);
  Blob truth;
  g_autoptr (GBytes) jpeg = ball_jpeg (&truth);
  ck_assert_uint_eq (get (trusting, server->project_url ()).status, 200);
  Result r = predict (trusting, *server, jpeg);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  check_box (shape_of (element (predictions (json), 0), "RECTANGLE"), truth, 2);

  /* the system CAs do not know the test CA */
  g_autoptr (SoupSession) strict = new_session ();
  Result refused = get (strict, server->project_url ());
  ck_assert (refused.failed);
  ck_assert_uint_eq (refused.status, 0);
  ck_assert_uint_eq (server->requests ().size (), 2);
  /* glib-networking reads the CA file when it first verifies */
  g_unlink (ca_path);
}
END_TEST

START_TEST (test_stop_with_requests_in_flight)
{
  /* Test that destroying the server while requests are inferring, queued
   * and held by faults ends them as connection errors, cleanly */
  ServerOptions options;
  options.capacity = 1;
  options.latency_ms = 60 * 1000;
  options.slow_ms = 60 * 1000;
  options.faults = { FaultRule{ Fault::slow, 3, 1 } };
  auto server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 4; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));

  struct Stopper {
    std::unique_ptr<Server> *server;
    static gpointer run (gpointer data)
    {
      auto self = static_cast<Stopper *> (data);
      (*self->server)->wait_for_predict_count (4, 60000);
      self->server->reset ();
      return nullptr;
    }
  } stopper{ &server };
  GThread *thread = g_thread_new ("stopper", Stopper::run, &stopper);
  std::vector<Result> results = send_all (session, messages);
  g_thread_join (thread);
  ck_assert (server == nullptr);
  for (const Result &r : results)
    ck_assert (r.failed);
}
END_TEST

/* ====================================================================== */
/* Discovery: paging, organizations, workspaces, project kinds            */

namespace {

/* The names of the projects of a list page, in order */
std::vector<std::string>
page_names (const Json &json)
{
  std::vector<std::string> names;
  JsonArray *list = json_object_get_array_member (json.root, "projects");
  for (guint i = 0; i < json_array_get_length (list); i++)
    names.push_back (json_object_get_string_member (element (list, i), "name"));
  return names;
}

std::string
projects_url_of (const Server &server, const char *workspace)
{
  return server.url () + "/api/v1/organizations/" +
         server.options ().organization_id + "/workspaces/" + workspace +
         "/projects";
}

/* The labels of @prediction as "id:name" strings, checking that none has a
 * colour (live Geti never sends one) */
std::vector<std::string>
label_keys (JsonObject *prediction)
{
  std::vector<std::string> keys;
  JsonArray *labels = json_object_get_array_member (prediction, "labels");
  for (guint i = 0; i < json_array_get_length (labels); i++) {
    JsonObject *label = element (labels, i);
    ck_assert (!json_object_has_member (label, "color"));
    keys.push_back (std::string (json_object_get_string_member (label, "id")) +
                    ":" + json_object_get_string_member (label, "name"));
  }
  return keys;
}

std::string
key (const char *id, const char *name)
{
  return std::string (id) + ":" + name;
}

/* The tasks of the project document at @url: "id type title" each, and
 * the label ids of each task */
struct TaskInfo {
  std::string id;
  std::string type;
  std::vector<std::string> labels;
  std::vector<std::string> parents; /* parent_id or "" */
  std::vector<std::pair<std::string, std::string>> edges;
};

std::vector<TaskInfo>
project_tasks (SoupSession *session, const std::string &url)
{
  Result r = get (session, url);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  JsonObject *pipeline = json_object_get_object_member (json.root, "pipeline");
  JsonArray *tasks = json_object_get_array_member (pipeline, "tasks");
  std::vector<TaskInfo> infos;
  for (guint i = 0; i < json_array_get_length (tasks); i++) {
    JsonObject *task = element (tasks, i);
    TaskInfo info;
    info.id = json_object_get_string_member (task, "id");
    info.type = json_object_get_string_member (task, "task_type");
    if (json_object_has_member (task, "labels")) {
      JsonArray *labels = json_object_get_array_member (task, "labels");
      for (guint j = 0; j < json_array_get_length (labels); j++) {
        JsonObject *label = element (labels, j);
        info.labels.push_back (json_object_get_string_member (label, "id"));
        const char *color = json_object_get_string_member (label, "color");
        ck_assert (g_regex_match_simple (
            "^#[0-9a-f]{8}$", color, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT));
        info.parents.push_back (
            json_object_get_null_member (label, "parent_id")
                ? ""
                : json_object_get_string_member (label, "parent_id"));
      }
    }
    if (json_object_has_member (task, "keypoint_structure")) {
      JsonObject *structure =
          json_object_get_object_member (task, "keypoint_structure");
      JsonArray *edges = json_object_get_array_member (structure, "edges");
      for (guint j = 0; j < json_array_get_length (edges); j++) {
        JsonArray *nodes =
            json_object_get_array_member (element (edges, j), "nodes");
        ck_assert_uint_eq (json_array_get_length (nodes), 2);
        info.edges.emplace_back (json_array_get_string_element (nodes, 0),
            json_array_get_string_element (nodes, 1));
      }
    }
    infos.push_back (info);
  }
  return infos;
}

} // namespace

START_TEST (test_project_list_paging)
{
  /* Test that the project list is paged like Geti: limit (default 10, at
   * most 100), skip, a case-insensitive name filter, the unfiltered
   * project_counts, project_page_count, and next_page with skip moved on,
   * "" once a page is empty; the extra projects come first */
  ServerOptions options;
  options.extra_projects = numbered_projects (24);
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  const std::string url = projects_url_of (*server, DEFAULT_WORKSPACE_ID);
  const std::string path = url.substr (server->url ().size ());

  /* follow next_page from the first page to the end */
  std::vector<std::string> names;
  std::vector<gint64> page_counts;
  std::string next = path;
  for (int pages = 0; pages < 10; pages++) {
    Result r = get (session, server->url () + next);
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_counts"), 25);
    std::vector<std::string> page = page_names (json);
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_page_count"),
        (gint64) page.size ());
    page_counts.push_back ((gint64) page.size ());
    names.insert (names.end (), page.begin (), page.end ());
    next = json_object_get_string_member (json.root, "next_page");
    if (next.empty ())
      break;
    const std::string expected =
        path + "?skip=" + std::to_string (names.size ());
    ck_assert_str_eq (next.c_str (), expected.c_str ());
  }
  /* like Geti, the last non-empty page still has a next_page */
  ck_assert (page_counts == std::vector<gint64> ({ 10, 10, 5, 0 }));
  ck_assert_uint_eq (names.size (), 25);
  ck_assert_str_eq (names[0].c_str (), "Project 001");
  ck_assert_str_eq (names[23].c_str (), "Project 024");
  ck_assert_str_eq (names[24].c_str (), DEFAULT_PROJECT_NAME);

  /* other parameters are kept, in order, and skip replaced */
  Result r = get (session, url + "?limit=7&skip=14&name=project+0");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_counts"), 25);
    std::vector<std::string> page = page_names (json);
    ck_assert_uint_eq (page.size (), 7);
    ck_assert_str_eq (page[0].c_str (), "Project 015");
    const std::string expected = path + "?limit=7&skip=21&name=project+0";
    ck_assert_str_eq (json_object_get_string_member (json.root, "next_page"),
        expected.c_str ());
  }
  r = get (session, url + "?limit=100");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_uint_eq (page_names (json).size (), 25);
  }
  r = get (session, url + "?skip=25");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_uint_eq (page_names (json).size (), 0);
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "next_page"), "");
  }

  /* FastAPI's validation, turned into Geti's 400 */
  for (const char *query :
      { "?limit=0", "?limit=101", "?limit=x", "?skip=-1", "?skip=1.5" }) {
    r = get (session, url + query);
    ck_assert_msg (r.status == 400, "%s: %u", query, r.status);
    ck_assert (r.body.find ("bad_request") != std::string::npos);
  }
}
END_TEST

START_TEST (test_next_page_path)
{
  /* Test that next_page is written as Python's urlencode (parse_qs (...))
   * writes it: blank values dropped, repeated keys grouped, skip replaced
   * in place or appended, quote_plus encoding */
  const char *path = "/p";
  const struct {
    const char *query;
    const char *expected;
  } cases[] = {
    { "", "/p?skip=10" },
    { "limit=5", "/p?limit=5&skip=10" },
    { "skip=3&limit=5", "/p?skip=10&limit=5" },
    { "name=a%20b&name=c&empty=&limit=5",
        "/p?name=a+b&name=c&limit=5&skip=10" },
    { "name=%C3%A9t%C3%A9%2F1", "/p?name=%C3%A9t%C3%A9%2F1&skip=10" },
  };
  for (const auto &c : cases) {
    std::string next = next_page_path (path, c.query, 10);
    ck_assert_msg (next == c.expected, "%s -> %s", c.query, next.c_str ());
  }
}
END_TEST

START_TEST (test_organization_forms)
{
  /* Test that the organization endpoint answers {"organizationId"} by
   * default and Geti 2.5's {"organizations": [...]} on request, with a
   * newer other organization listed first that the key is refused with */
  g_autoptr (SoupSession) session = new_session ();
  for (OrganizationForm form :
      { OrganizationForm::single, OrganizationForm::list }) {
    ServerOptions options;
    options.organization_form = form;
    std::unique_ptr<Server> server = start_server (options);
    Result r = get (session,
        server->url () + "/api/v1/personal_access_tokens/organization");
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    if (form == OrganizationForm::single) {
      ck_assert_str_eq (
          json_object_get_string_member (json.root, "organizationId"),
          DEFAULT_ORGANIZATION_ID);
      ck_assert (!json_object_has_member (json.root, "organizations"));
      continue;
    }
    ck_assert (!json_object_has_member (json.root, "organizationId"));
    JsonArray *list = json_object_get_array_member (json.root, "organizations");
    ck_assert_uint_eq (json_array_get_length (list), 2);
    JsonObject *other = element (list, 0);
    JsonObject *own = element (list, 1);
    ck_assert_str_eq (json_object_get_string_member (other, "organizationId"),
        OTHER_ORGANIZATION_ID);
    ck_assert_str_eq (json_object_get_string_member (own, "organizationId"),
        DEFAULT_ORGANIZATION_ID);
    g_autoptr (GDateTime) other_time = g_date_time_new_from_iso8601 (
        json_object_get_string_member (other, "organizationCreatedAt"),
        nullptr);
    g_autoptr (GDateTime) own_time = g_date_time_new_from_iso8601 (
        json_object_get_string_member (own, "organizationCreatedAt"), nullptr);
    ck_assert (other_time != nullptr && own_time != nullptr);
    ck_assert_int_lt (g_date_time_compare (own_time, other_time), 0);
    ck_assert (json_object_has_member (own, "organizationName"));

    r = get (session, server->url () + "/api/v1/organizations/" +
                          OTHER_ORGANIZATION_ID + "/workspaces");
    ck_assert_uint_eq (r.status, 401);
  }
}
END_TEST

START_TEST (test_extra_workspaces)
{
  /* Test that extra workspaces are listed after the server's own, have no
   * projects, and that unknown ones are still 404 */
  const char *other_ws = "11111111-2222-4333-8444-555555555555";
  const char *third_ws = "21111111-2222-4333-8444-555555555555";
  ServerOptions options;
  options.extra_workspaces = { { other_ws, "Team B" }, { third_ws, "Team C" } };
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();

  Result r = get (session, server->url () + "/api/v1/organizations/" +
                               DEFAULT_ORGANIZATION_ID + "/workspaces");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = json_object_get_array_member (json.root, "workspaces");
    ck_assert_uint_eq (json_array_get_length (list), 3);
    const char *ids[] = { DEFAULT_WORKSPACE_ID, other_ws, third_ws };
    const char *names[] = { DEFAULT_WORKSPACE_NAME, "Team B", "Team C" };
    for (guint i = 0; i < 3; i++) {
      ck_assert_str_eq (
          json_object_get_string_member (element (list, i), "id"), ids[i]);
      ck_assert_str_eq (
          json_object_get_string_member (element (list, i), "name"), names[i]);
    }
  }

  r = get (session, projects_url_of (*server, other_ws));
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_uint_eq (page_names (json).size (), 0);
    ck_assert_int_eq (
        json_object_get_int_member (json.root, "project_counts"), 0);
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "next_page"), "");
  }
  r = get (
      session, projects_url_of (*server, other_ws) + "/" + DEFAULT_PROJECT_ID);
  ck_assert_uint_eq (r.status, 404);
  ck_assert (r.body.find ("project_not_found") != std::string::npos);
  r = get (session,
      projects_url_of (*server, "31111111-2222-4333-8444-555555555555"));
  ck_assert_uint_eq (r.status, 404);
  ck_assert (r.body.find ("workspace_not_found") != std::string::npos);
}
END_TEST

START_TEST (test_extra_projects)
{
  /* Test that extra projects have documents and predictions of their own
   * (same kind, their id and name), with names that may repeat */
  ServerOptions options;
  options.extra_projects = { { "7a1100000000000000000001", "Twin" },
    { "7a1100000000000000000002", "Twin" } };
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  const std::string url = projects_url_of (*server, DEFAULT_WORKSPACE_ID);

  Result r = get (session, url + "?name=twin");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert (
        page_names (json) == std::vector<std::string> ({ "Twin", "Twin" }));
    JsonObject *entry =
        element (json_object_get_array_member (json.root, "projects"), 1);
    ck_assert_str_eq (json_object_get_string_member (entry, "id"),
        "7a1100000000000000000002");
    /* a list entry has the pipeline but not the datasets */
    ck_assert (json_object_has_member (entry, "pipeline"));
    ck_assert (!json_object_has_member (entry, "datasets"));
  }

  r = get (session, url + "/7a1100000000000000000002");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    ck_assert_str_eq (json_object_get_string_member (json.root, "id"),
        "7a1100000000000000000002");
    ck_assert_str_eq (
        json_object_get_string_member (json.root, "name"), "Twin");
    ck_assert (json_object_has_member (json.root, "datasets"));
  }
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  r = send (session,
      predict_message (
          url + "/7a1100000000000000000001/pipelines/active:predict", jpeg));
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  check_label (element (predictions (json), 0), BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY);
}
END_TEST

START_TEST (test_project_kinds)
{
  /* Test that the project document of each kind has its tasks, label ids,
   * parents and keypoint edges, and that exactly "active" and the tasks
   * with a model are valid pipelines */
  const ProjectKind kinds[] = { ProjectKind::detection, ProjectKind::task_chain,
    ProjectKind::keypoint, ProjectKind::anomaly };
  const ProjectKind kind = kinds[_i];
  ServerOptions options;
  options.project_kind = kind;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();

  std::vector<TaskInfo> tasks = project_tasks (session, server->project_url ());
  std::vector<std::string> types;
  for (const TaskInfo &task : tasks)
    types.push_back (task.type);
  std::vector<std::string> valid;
  switch (kind) {
    case ProjectKind::detection:
      ck_assert (
          types == std::vector<std::string> ({ "dataset", "detection" }));
      ck_assert (tasks[1].labels ==
                 std::vector<std::string> ({ BALL_LABEL_ID, EMPTY_LABEL_ID }));
      valid = { DETECTION_TASK_ID };
      break;
    case ProjectKind::task_chain:
      ck_assert (types == std::vector<std::string> ({ "dataset", "detection",
                              "crop", "classification" }));
      ck_assert_str_eq (tasks[1].id.c_str (), DETECTION_TASK_ID);
      ck_assert_str_eq (tasks[2].id.c_str (), CROP_TASK_ID);
      ck_assert_str_eq (tasks[3].id.c_str (), CLASSIFICATION_TASK_ID);
      ck_assert (tasks[2].labels.empty ());
      ck_assert (tasks[3].labels ==
                 std::vector<std::string> ({ LARGE_LABEL_ID, SMALL_LABEL_ID }));
      ck_assert (tasks[3].parents ==
                 std::vector<std::string> ({ BALL_LABEL_ID, BALL_LABEL_ID }));
      valid = { DETECTION_TASK_ID, CLASSIFICATION_TASK_ID };
      break;
    case ProjectKind::keypoint:
      ck_assert (types == std::vector<std::string> (
                              { "dataset", "keypoint_detection" }));
      ck_assert_str_eq (tasks[1].id.c_str (), KEYPOINT_TASK_ID);
      ck_assert (tasks[1].labels == std::vector<std::string> ({ TOP_LABEL_ID,
                                        CENTER_LABEL_ID, BOTTOM_LABEL_ID }));
      ck_assert_uint_eq (tasks[1].edges.size (), 2);
      ck_assert_str_eq (tasks[1].edges[0].first.c_str (), TOP_LABEL_ID);
      ck_assert_str_eq (tasks[1].edges[0].second.c_str (), CENTER_LABEL_ID);
      ck_assert_str_eq (tasks[1].edges[1].first.c_str (), CENTER_LABEL_ID);
      ck_assert_str_eq (tasks[1].edges[1].second.c_str (), BOTTOM_LABEL_ID);
      valid = { KEYPOINT_TASK_ID };
      break;
    case ProjectKind::anomaly:
      ck_assert (types == std::vector<std::string> ({ "dataset", "anomaly" }));
      ck_assert_str_eq (tasks[1].id.c_str (), ANOMALY_TASK_ID);
      ck_assert (tasks[1].labels == std::vector<std::string> ({ NORMAL_LABEL_ID,
                                        ANOMALOUS_LABEL_ID }));
      valid = { ANOMALY_TASK_ID };
      break;
  }
  ck_assert_str_eq (tasks[0].id.c_str (), DATASET_TASK_ID);

  const char *all[] = { "active", DATASET_TASK_ID, DETECTION_TASK_ID,
    CROP_TASK_ID, CLASSIFICATION_TASK_ID, KEYPOINT_TASK_ID, ANOMALY_TASK_ID };
  for (const char *pipeline : all) {
    bool ok =
        g_strcmp0 (pipeline, "active") == 0 ||
        std::find (valid.begin (), valid.end (), pipeline) != valid.end ();
    Result r = get (
        session, server->project_url () + "/pipelines/" + pipeline + "/status");
    ck_assert_msg (r.status == (ok ? 200u : 404u), "%s %s: %u",
        project_kind_to_string (kind), pipeline, r.status);
  }
}
END_TEST

START_TEST (test_predict_task_chain)
{
  /* Test that a task chain labels each box [ball, large|small] by the
   * blob's size on "active", [ball] on the detection task, and the whole
   * image with the first blob's class on the classification task */
  ServerOptions options;
  options.project_kind = ProjectKind::task_chain;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  /* sorted by (y, x): the small one first */
  const std::vector<Disc> discs = { { 240, 160, 30 }, { 60, 50, 8 } };
  std::vector<guint8> gray = disc_frame (320, 240, 1, discs);
  std::vector<Blob> truth = detect_blobs (gray.data (), 320, 240, 320);
  ck_assert_uint_eq (truth.size (), 2);
  ck_assert_int_lt (truth[0].width, LARGE_MIN_SIZE);
  ck_assert_int_ge (truth[1].width, LARGE_MIN_SIZE);
  g_autoptr (GBytes) jpeg =
      encode_jpeg (disc_frame (320, 240, 3, discs), 320, 240, 3, 95);

  Result r = predict (session, *server, jpeg, "active");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 2);
    const std::string ball = key (BALL_LABEL_ID, BALL_LABEL_NAME);
    ck_assert (label_keys (element (list, 0)) ==
               std::vector<std::string> (
                   { ball, key (SMALL_LABEL_ID, SMALL_LABEL_NAME) }));
    ck_assert (label_keys (element (list, 1)) ==
               std::vector<std::string> (
                   { ball, key (LARGE_LABEL_ID, LARGE_LABEL_NAME) }));
    JsonArray *labels =
        json_object_get_array_member (element (list, 1), "labels");
    ck_assert_double_eq_tol (
        json_object_get_double_member (element (labels, 0), "probability"),
        BALL_PROBABILITY, 1e-9);
    ck_assert_double_eq_tol (
        json_object_get_double_member (element (labels, 1), "probability"),
        CLASSIFICATION_PROBABILITY, 1e-9);
    for (guint i = 0; i < 2; i++)
      check_box (shape_of (element (list, i), "RECTANGLE"), truth[i], 2);
  }

  r = predict (session, *server, jpeg, DETECTION_TASK_ID);
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 2);
    for (guint i = 0; i < 2; i++)
      check_label (
          element (list, i), BALL_LABEL_ID, BALL_LABEL_NAME, BALL_PROBABILITY);
  }

  r = predict (session, *server, jpeg, CLASSIFICATION_TASK_ID);
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), 1);
    check_label (element (list, 0), SMALL_LABEL_ID, SMALL_LABEL_NAME,
        CLASSIFICATION_PROBABILITY);
    JsonObject *shape = shape_of (element (list, 0), "RECTANGLE");
    ck_assert_double_eq (number (shape, "width"), 320);
    ck_assert_double_eq (number (shape, "height"), 240);
  }

  g_autoptr (GBytes) black = black_jpeg ();
  r = predict (session, *server, black, "active");
  ck_assert_uint_eq (r.status, 200);
  {
    Json json (r.body);
    check_empty_answer (json, 320, 240);
  }
  r = predict (session, *server, black, CLASSIFICATION_TASK_ID);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  ck_assert (label_keys (element (predictions (json), 0)).empty ());

  r = predict (session, *server, jpeg, CROP_TASK_ID);
  ck_assert_uint_eq (r.status, 404);
}
END_TEST

START_TEST (test_predict_keypoint)
{
  /* Test that a keypoint project answers the top, centre and bottom of
   * each blob with its own labels: per point in the KEYPOINT form by
   * default, one {"keypoints"} pose per blob with keypoints-ovms, and no
   * prediction without a blob */
  const bool ovms = _i == 1;
  ServerOptions options;
  options.project_kind = ProjectKind::keypoint;
  if (ovms)
    options.scenario = Scenario::keypoints_ovms;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  const std::vector<Disc> discs = { { 240, 160, 30 }, { 60, 50, 18 } };
  std::vector<guint8> gray = disc_frame (320, 240, 1, discs);
  std::vector<Blob> truth = detect_blobs (gray.data (), 320, 240, 320);
  ck_assert_uint_eq (truth.size (), 2);
  g_autoptr (GBytes) jpeg =
      encode_jpeg (disc_frame (320, 240, 3, discs), 320, 240, 3, 95);
  const char *ids[] = { TOP_LABEL_ID, CENTER_LABEL_ID, BOTTOM_LABEL_ID };
  const char *names[] = { TOP_LABEL_NAME, CENTER_LABEL_NAME,
    BOTTOM_LABEL_NAME };

  for (const char *pipeline : { "active", KEYPOINT_TASK_ID }) {
    Result r = predict (session, *server, jpeg, pipeline);
    ck_assert_uint_eq (r.status, 200);
    Json json (r.body);
    JsonArray *list = predictions (json);
    ck_assert_uint_eq (json_array_get_length (list), ovms ? 2 : 6);
    for (guint b = 0; b < 2; b++) {
      const Blob &blob = truth[b];
      const double ys[] = { (double) blob.y, blob.center_y (),
        (double) (blob.y + blob.height) };
      JsonArray *points =
          ovms ? json_object_get_array_member (element (list, b), "keypoints")
               : nullptr;
      if (ovms)
        ck_assert_uint_eq (json_array_get_length (points), 3);
      for (guint k = 0; k < 3; k++) {
        JsonObject *point;
        if (ovms) {
          point = element (points, k);
          ck_assert_str_eq (
              json_object_get_string_member (point, "id"), ids[k]);
          ck_assert_str_eq (
              json_object_get_string_member (point, "name"), names[k]);
          ck_assert_double_eq_tol (
              number (point, "score"), KEYPOINT_SCORE, 1e-9);
        } else {
          JsonObject *prediction = element (list, b * 3 + k);
          check_label (prediction, ids[k], names[k], KEYPOINT_SCORE);
          point = shape_of (prediction, "KEYPOINT");
          ck_assert (json_object_get_boolean_member (point, "is_visible"));
        }
        ck_assert_double_eq_tol (number (point, "x"), blob.center_x (), 2);
        ck_assert_double_eq_tol (number (point, "y"), ys[k], 2);
      }
    }
  }

  g_autoptr (GBytes) black = black_jpeg ();
  Result r = predict (session, *server, black);
  ck_assert_uint_eq (r.status, 200);
  Json json (r.body);
  ck_assert_uint_eq (json_array_get_length (predictions (json)), 0);
  r = predict (session, *server, jpeg, DETECTION_TASK_ID);
  ck_assert_uint_eq (r.status, 404);
}
END_TEST

START_TEST (test_numbered_projects)
{
  /* Test that numbered_projects() makes distinct valid ids and numbered
   * names */
  std::vector<NamedId> projects = numbered_projects (150, "Demo");
  ck_assert_uint_eq (projects.size (), 150);
  std::vector<std::string> ids;
  for (const NamedId &project : projects) {
    ck_assert_uint_eq (project.id.size (), 24);
    ck_assert (std::all_of (project.id.begin (), project.id.end (),
        [] (char c) { return g_ascii_isxdigit (c); }));
    ck_assert_str_ne (project.id.c_str (), DEFAULT_PROJECT_ID);
    ids.push_back (project.id);
  }
  std::sort (ids.begin (), ids.end ());
  ck_assert (std::unique (ids.begin (), ids.end ()) == ids.end ());
  ck_assert_str_eq (projects[0].name.c_str (), "Demo 001");
  ck_assert_str_eq (projects[149].name.c_str (), "Demo 150");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* :explain                                                               */

Result
explain (SoupSession *session, const Server &server, GBytes *image,
    const char *pipeline = "active")
{
  return send (session, predict_message (server.explain_url (pipeline), image));
}

/* One decoded map of an :explain answer */
struct MapImage {
  std::string label_id;
  std::optional<std::string> label_name;
  GrayImage image;

  /* The map's pixel over image point (@x, @y) of a @width x @height image */
  int at (double x, double y, int width, int height) const
  {
    const int mx =
        std::clamp (int (x * image.width / width), 0, image.width - 1);
    const int my =
        std::clamp (int (y * image.height / height), 0, image.height - 1);
    return image.pixels[std::size_t (my) * image.width + mx];
  }
};

/* The maps of a 200 :explain answer, each a decodable JPEG; "created" is
 * Go's time form */
std::vector<MapImage>
maps_of (const Result &r)
{
  ck_assert_uint_eq (r.status, 200);
  ck_assert_str_eq (r.content_type.c_str (), "application/json");
  Json json (r.body);
  ck_assert (is_go_time (json_object_get_string_member (json.root, "created")));
  ck_assert (!json_object_has_member (json.root, "predictions"));
  JsonArray *list = json_object_get_array_member (json.root, "maps");
  ck_assert_ptr_nonnull (list);
  std::vector<MapImage> maps;
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *entry = element (list, i);
    MapImage map;
    map.label_id = json_object_get_string_member (entry, "label_id");
    if (json_object_has_member (entry, "label_name"))
      map.label_name = json_object_get_string_member (entry, "label_name");
    gsize size = 0;
    g_autofree guchar *jpeg =
        g_base64_decode (json_object_get_string_member (entry, "data"), &size);
    ck_assert_msg (
        jpeg_decode_gray (jpeg, size, map.image), "map %u is no JPEG", i);
    maps.push_back (std::move (map));
  }
  return maps;
}

/* Checks @map is bright (>= 200) at the centre of each of @bright, dark
 * (<= 16) at the centre of each of @dark and at the image's corners */
void
check_spots (const MapImage &map, const std::vector<Blob> &bright,
    const std::vector<Blob> &dark, int width, int height)
{
  for (const Blob &blob : bright) {
    const int value =
        map.at (blob.center_x (), blob.center_y (), width, height);
    ck_assert_msg (value >= 200, "%s: %d at the blob at %d,%d",
        map.label_id.c_str (), value, blob.x, blob.y);
  }
  for (const Blob &blob : dark) {
    const int value =
        map.at (blob.center_x (), blob.center_y (), width, height);
    ck_assert_msg (value <= 16, "%s: %d at the blob at %d,%d",
        map.label_id.c_str (), value, blob.x, blob.y);
  }
  for (const auto &corner : { std::array<int, 2>{ 0, 0 }, { width - 1, 0 },
           { 0, height - 1 }, { width - 1, height - 1 } })
    ck_assert_int_le (map.at (corner[0], corner[1], width, height), 16);
}

/* Two balls of 320x240: a large one (box >= LARGE_MIN_SIZE) and a small
 * one, far apart; their boxes */
GBytes *
two_balls_jpeg (std::vector<Blob> &truth)
{
  const std::vector<Disc> discs = { { 230, 160, 30 }, { 70, 60, 10 } };
  std::vector<guint8> gray = disc_frame (320, 240, 1, discs);
  truth = detect_blobs (gray.data (), 320, 240, 320);
  ck_assert_uint_eq (truth.size (), 2);
  return encode_jpeg (disc_frame (320, 240, 3, discs), 320, 240, 3, 85);
}

START_TEST (test_explain_scenarios)
{
  /* Test that :explain answers, for each detection-project scenario that
   * finds the balls, one "ball" map of the image's size / 8, bright at
   * both balls and dark away from them, with its label name; and that a
   * plain predict of the same image is unchanged by explain requests */
  const Scenario scenarios[] = { Scenario::detection, Scenario::shapes,
    Scenario::keypoints_ovms, Scenario::classification };
  ServerOptions options;
  options.scenario = scenarios[_i];
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  std::vector<Blob> truth;
  g_autoptr (GBytes) jpeg = two_balls_jpeg (truth);
  const Result before = predict (session, *server, jpeg);

  for (const char *pipeline : { "active", DETECTION_TASK_ID }) {
    const std::vector<MapImage> maps =
        maps_of (explain (session, *server, jpeg, pipeline));
    ck_assert_uint_eq (maps.size (), 1);
    ck_assert_str_eq (maps[0].label_id.c_str (), BALL_LABEL_ID);
    ck_assert_str_eq (maps[0].label_name->c_str (), BALL_LABEL_NAME);
    ck_assert_int_eq (maps[0].image.width, 40);
    ck_assert_int_eq (maps[0].image.height, 30);
    check_spots (maps[0], truth, {}, 320, 240);
    /* dark between the balls */
    ck_assert_int_le (maps[0].at (160, 20, 320, 240), 16);
  }
  const Result after = predict (session, *server, jpeg);
  Json a (before.body), b (after.body);
  ck_assert_uint_eq (json_array_get_length (predictions (a)),
      json_array_get_length (predictions (b)));
}
END_TEST

START_TEST (test_explain_nothing_found)
{
  /* Test that :explain answers "maps": [] when there is nothing to explain:
   * no blob, or the empty scenario (whose answer is the empty label only) */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) black = black_jpeg ();
  ck_assert (maps_of (explain (session, *server, black)).empty ());
  server->set_scenario (Scenario::empty);
  g_autoptr (GBytes) ball = ball_jpeg ();
  ck_assert (maps_of (explain (session, *server, ball)).empty ());
  server->set_scenario (Scenario::detection);
  ck_assert_uint_eq (maps_of (explain (session, *server, ball)).size (), 1);
}
END_TEST

START_TEST (test_explain_map_size)
{
  /* Test that a map is at least 16x16 (a 64x48 image) and 1/8 of a large
   * image (1920x1080: 240x135) */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  const struct {
    int width, height, map_width, map_height;
  } cases[] = { { 64, 48, 16, 16 }, { 1920, 1080, 240, 135 } };
  for (const auto &c : cases) {
    const Disc disc = { c.width / 2, c.height / 2, c.height / 6 };
    g_autoptr (GBytes) jpeg = encode_jpeg (
        disc_frame (c.width, c.height, 1, { disc }), c.width, c.height, 1);
    const std::vector<MapImage> maps =
        maps_of (explain (session, *server, jpeg));
    ck_assert_uint_eq (maps.size (), 1);
    ck_assert_int_eq (maps[0].image.width, c.map_width);
    ck_assert_int_eq (maps[0].image.height, c.map_height);
    ck_assert_int_ge (maps[0].at (disc.cx, disc.cy, c.width, c.height), 200);
  }
}
END_TEST

START_TEST (test_explain_label_names_option)
{
  /* Test that explain_label_names = false leaves "label_name" out of the
   * maps (Geti 2.x's schema), and that it does not touch :predict names */
  ServerOptions options;
  options.explain_label_names = false;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  const Result r = explain (session, *server, jpeg);
  ck_assert (r.body.find ("label_name") == std::string::npos);
  const std::vector<MapImage> maps = maps_of (r);
  ck_assert_uint_eq (maps.size (), 1);
  ck_assert_str_eq (maps[0].label_id.c_str (), BALL_LABEL_ID);
  ck_assert (!maps[0].label_name);
  Json json (predict (session, *server, jpeg).body);
  check_label (element (predictions (json), 0), BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY);
}
END_TEST

START_TEST (test_explain_task_chain)
{
  /* Test that a task chain's "active" :explain has the "ball" map (both
   * balls) and one map per classification label, each bright only at the
   * balls of its size; the classification task alone: the first ball's
   * size label at that ball */
  ServerOptions options;
  options.project_kind = ProjectKind::task_chain;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  std::vector<Blob> truth;
  g_autoptr (GBytes) jpeg = two_balls_jpeg (truth);
  /* sorted by y: the small ball first */
  const Blob &small = truth[0];
  const Blob &large = truth[1];
  ck_assert_int_lt (small.width, LARGE_MIN_SIZE);
  ck_assert_int_ge (large.width, LARGE_MIN_SIZE);

  std::vector<MapImage> maps = maps_of (explain (session, *server, jpeg));
  ck_assert_uint_eq (maps.size (), 3);
  ck_assert_str_eq (maps[0].label_id.c_str (), BALL_LABEL_ID);
  check_spots (maps[0], truth, {}, 320, 240);
  ck_assert_str_eq (maps[1].label_id.c_str (), LARGE_LABEL_ID);
  ck_assert_str_eq (maps[1].label_name->c_str (), LARGE_LABEL_NAME);
  check_spots (maps[1], { large }, { small }, 320, 240);
  ck_assert_str_eq (maps[2].label_id.c_str (), SMALL_LABEL_ID);
  check_spots (maps[2], { small }, { large }, 320, 240);

  maps = maps_of (explain (session, *server, jpeg, DETECTION_TASK_ID));
  ck_assert_uint_eq (maps.size (), 1);
  ck_assert_str_eq (maps[0].label_id.c_str (), BALL_LABEL_ID);

  maps = maps_of (explain (session, *server, jpeg, CLASSIFICATION_TASK_ID));
  ck_assert_uint_eq (maps.size (), 1);
  ck_assert_str_eq (maps[0].label_id.c_str (), SMALL_LABEL_ID);
  check_spots (maps[0], { small }, { large }, 320, 240);
}
END_TEST

START_TEST (test_explain_keypoint)
{
  /* Test that a keypoint project's :explain has a map per keypoint label,
   * bright at that point of the ball (top, centre, bottom of its box) */
  ServerOptions options;
  options.project_kind = ProjectKind::keypoint;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  Blob truth;
  g_autoptr (GBytes) jpeg = ball_jpeg (&truth, 160, 120, 40);
  const std::vector<MapImage> maps = maps_of (explain (session, *server, jpeg));
  ck_assert_uint_eq (maps.size (), 3);
  const char *ids[] = { TOP_LABEL_ID, CENTER_LABEL_ID, BOTTOM_LABEL_ID };
  const double ys[] = { double (truth.y), truth.center_y (),
    double (truth.y + truth.height) };
  for (std::size_t i = 0; i < 3; i++) {
    ck_assert_str_eq (maps[i].label_id.c_str (), ids[i]);
    ck_assert_int_ge (maps[i].at (truth.center_x (), ys[i], 320, 240), 200);
    /* the other two points are darker */
    for (std::size_t j = 0; j < 3; j++)
      if (j != i)
        ck_assert_int_lt (maps[i].at (truth.center_x (), ys[j], 320, 240),
            maps[i].at (truth.center_x (), ys[i], 320, 240));
  }
}
END_TEST

START_TEST (test_scenario_anomaly)
{
  /* Test that the anomaly scenario has an anomaly project (Normal and
   * Anomalous, with ids and colours, Anomalous is_anomalous and neither
   * empty), answers :predict with one full-image RECTANGLE "Anomalous" when
   * there is a blob (the planted defect) and "Normal" when there is none,
   * and :explain with the anomaly map on "Anomalous", bright at the defect,
   * only for an anomalous image */
  ServerOptions options;
  options.scenario = Scenario::anomaly;
  std::unique_ptr<Server> server = start_server (options);
  ck_assert (server->options ().project_kind == ProjectKind::anomaly);
  g_autoptr (SoupSession) session = new_session ();

  const Result project = get (session, server->project_url ());
  ck_assert_uint_eq (project.status, 200);
  {
    Json json (project.body);
    JsonArray *tasks = json_object_get_array_member (
        json_object_get_object_member (json.root, "pipeline"), "tasks");
    JsonObject *task = element (tasks, 1);
    ck_assert_str_eq (
        json_object_get_string_member (task, "task_type"), "anomaly");
    JsonArray *labels = json_object_get_array_member (task, "labels");
    ck_assert_uint_eq (json_array_get_length (labels), 2);
    const struct {
      const char *id, *name, *color;
      bool anomalous;
    } expected[] = {
      { NORMAL_LABEL_ID, NORMAL_LABEL_NAME, NORMAL_LABEL_COLOR, false },
      { ANOMALOUS_LABEL_ID, ANOMALOUS_LABEL_NAME, ANOMALOUS_LABEL_COLOR, true },
    };
    for (guint i = 0; i < 2; i++) {
      JsonObject *label = element (labels, i);
      ck_assert_str_eq (
          json_object_get_string_member (label, "id"), expected[i].id);
      ck_assert_str_eq (
          json_object_get_string_member (label, "name"), expected[i].name);
      ck_assert_str_eq (
          json_object_get_string_member (label, "color"), expected[i].color);
      ck_assert (!json_object_get_boolean_member (label, "is_empty"));
      ck_assert (json_object_get_boolean_member (label, "is_anomalous") ==
                 expected[i].anomalous);
    }
  }

  Blob defect;
  g_autoptr (GBytes) anomalous = ball_jpeg (&defect, 250, 60, 12);
  g_autoptr (GBytes) normal = black_jpeg ();
  for (const char *pipeline : { "active", ANOMALY_TASK_ID }) {
    const struct {
      GBytes *image;
      const char *id, *name;
    } cases[] = { { anomalous, ANOMALOUS_LABEL_ID, ANOMALOUS_LABEL_NAME },
      { normal, NORMAL_LABEL_ID, NORMAL_LABEL_NAME } };
    for (const auto &c : cases) {
      Json json (predict (session, *server, c.image, pipeline).body);
      JsonArray *list = predictions (json);
      ck_assert_uint_eq (json_array_get_length (list), 1);
      check_label (element (list, 0), c.id, c.name, ANOMALY_PROBABILITY);
      JsonObject *shape = shape_of (element (list, 0), "RECTANGLE");
      ck_assert_int_eq (json_object_get_int_member (shape, "x"), 0);
      ck_assert_int_eq (json_object_get_int_member (shape, "y"), 0);
      ck_assert_int_eq (json_object_get_int_member (shape, "width"), 320);
      ck_assert_int_eq (json_object_get_int_member (shape, "height"), 240);
    }
    std::vector<MapImage> maps =
        maps_of (explain (session, *server, anomalous, pipeline));
    ck_assert_uint_eq (maps.size (), 1);
    ck_assert_str_eq (maps[0].label_id.c_str (), ANOMALOUS_LABEL_ID);
    ck_assert_str_eq (maps[0].label_name->c_str (), ANOMALOUS_LABEL_NAME);
    check_spots (maps[0], { defect }, {}, 320, 240);
    ck_assert_int_le (maps[0].at (60, 200, 320, 240), 16);
    ck_assert (maps_of (explain (session, *server, normal, pipeline)).empty ());
  }
  ck_assert_uint_eq (
      predict (session, *server, anomalous, DETECTION_TASK_ID).status, 404);
}
END_TEST

START_TEST (test_explain_recording_and_numbering)
{
  /* Test that explain requests are recorded apart from predict ones
   * (explain, explain_index), counted by explain_count () and
   * wait_for_explain_count (), numbered on their own for explain_faults, and
   * that reset_stats () forgets them */
  ServerOptions options;
  options.explain_faults = { FaultRule{ Fault::http_503, 1, 1 } };
  options.faults = { FaultRule{ Fault::http_500, 2, 1 } };
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  /* predict 0, explain 0, explain 1 (503), predict 1, predict 2 (500),
   * explain 2 */
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (explain (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (explain (session, *server, jpeg).status, 503);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 500);
  ck_assert_uint_eq (explain (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (server->predict_count (), 3);
  ck_assert_uint_eq (server->explain_count (), 3);
  ck_assert (server->wait_for_explain_count (3, 0));
  ck_assert (!server->wait_for_explain_count (4, 0));

  const std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 6);
  const bool is_explain[] = { false, true, true, false, false, true };
  const guint index[] = { 0, 0, 1, 1, 2, 2 };
  const Fault fault[] = { Fault::none, Fault::none, Fault::http_503,
    Fault::none, Fault::http_500, Fault::none };
  for (std::size_t i = 0; i < requests.size (); i++) {
    ck_assert (requests[i].explain == is_explain[i]);
    ck_assert (requests[i].predict == !is_explain[i]);
    ck_assert_uint_eq (
        is_explain[i] ? requests[i].explain_index : requests[i].predict_index,
        index[i]);
    ck_assert (requests[i].fault == fault[i]);
    ck_assert (g_str_has_suffix (requests[i].path.c_str (),
        is_explain[i] ? "/pipelines/active:explain"
                      : "/pipelines/active:predict"));
  }
  ck_assert_int_eq (requests[1].image_width, 320);
  ck_assert_str_eq (requests[1].file_field.c_str (), "file");

  server->set_explain_faults ({ FaultRule{ Fault::http_204 } });
  ck_assert_uint_eq (explain (session, *server, jpeg).status, 204);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  server->reset_stats ();
  ck_assert_uint_eq (server->explain_count (), 0);
  ck_assert_uint_eq (server->requests ().size (), 0);
}
END_TEST

START_TEST (test_explain_fault_answers)
{
  /* Test that each answering fault of explain_faults gives its status,
   * headers and body on :explain ("maps" a string for wrong-type, the
   * explain body for body), and leaves :predict alone */
  const StatusFault &expected = status_faults[_i];
  ServerOptions options;
  options.explain_faults = { FaultRule{ expected.fault } };
  options.retry_after_s = 7;
  options.explain_body =
      std::make_shared<const std::string> ("{\"maps\": [], \"x\": 2}");
  options.predict_body = std::make_shared<const std::string> ("[]");
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  const Result r = explain (session, *server, jpeg);
  ck_assert (!r.failed);
  ck_assert_uint_eq (r.status, expected.status);
  ck_assert_str_eq (r.content_type.c_str (), expected.content_type);
  switch (expected.fault) {
    case Fault::http_429:
      ck_assert_str_eq (r.retry_after.c_str (), "7");
      ck_assert_str_eq (r.rate_limited.c_str (), "true");
      break;
    case Fault::wrong_type: {
      Json json (r.body);
      JsonNode *list = json_object_get_member (json.root, "maps");
      ck_assert (JSON_NODE_HOLDS_VALUE (list));
      ck_assert_uint_eq (json_node_get_value_type (list), G_TYPE_STRING);
      ck_assert (!json_object_has_member (json.root, "predictions"));
      break;
    }
    case Fault::body:
      ck_assert_str_eq (r.body.c_str (), options.explain_body->c_str ());
      server->set_explain_body (std::make_shared<const std::string> ("{}"));
      {
        const Result again = explain (session, *server, jpeg);
        ck_assert_str_eq (again.body.c_str (), "{}");
      }
      break;
    default:
      break;
  }
  const Result p = predict (session, *server, jpeg);
  ck_assert_uint_eq (p.status, 200);
  Json json (p.body);
  ck_assert_uint_eq (json_array_get_length (predictions (json)), 1);
  ck_assert (server->requests ()[0].fault == expected.fault);
  ck_assert (server->requests ().back ().fault == Fault::none);
}
END_TEST

START_TEST (test_explain_fault_connection)
{
  /* Test that the truncated, close and slow faults of explain_faults work
   * on :explain as on :predict: a short 200 body, no answer, a late but
   * whole answer */
  ServerOptions options;
  options.explain_faults = { FaultRule{ Fault::truncated, 0, 1 },
    FaultRule{ Fault::close, 1, 1 }, FaultRule{ Fault::slow, 2, 1 } };
  options.slow_ms = 200;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = explain (session, *server, jpeg);
  ck_assert (r.failed);
  ck_assert_uint_eq (r.status, 200);
  r = explain (session, *server, jpeg);
  ck_assert (r.failed);
  ck_assert_uint_eq (r.status, 0);
  r = explain (session, *server, jpeg);
  ck_assert_int_ge (r.elapsed_us, 200 * 1000);
  ck_assert_uint_eq (maps_of (r).size (), 1);
  ck_assert_uint_eq (maps_of (explain (session, *server, jpeg)).size (), 1);
  const std::vector<ReceivedRequest> requests = server->requests ();
  ck_assert (requests[0].fault == Fault::truncated);
  ck_assert (requests[1].fault == Fault::close);
  ck_assert (requests[2].fault == Fault::slow);
  ck_assert (requests[3].fault == Fault::none);
}
END_TEST

/* Everything left to read on @fd, which it closes */
static std::string
read_all (gint fd)
{
  std::string text;
  FILE *file = fdopen (fd, "r");
  char line[1024];
  while (std::fgets (line, sizeof line, file) != nullptr)
    text += line;
  std::fclose (file);
  return text;
}

/* Starts the fake server's executable with @argv (which has --print-env)
 * and reads the lines --print-env prints, up to the empty one; @pid and
 * @err_fd (its stderr) are for the rest of the test. */
static std::map<std::string, std::string>
spawn_printing_env (const gchar *const *argv, GPid &pid, gint &err_fd)
{
  gint out_fd = -1;
  g_autoptr (GError) error = nullptr;
  ck_assert_msg (g_spawn_async_with_pipes (nullptr, const_cast<gchar **> (argv),
                     nullptr, G_SPAWN_DO_NOT_REAP_CHILD, nullptr, nullptr, &pid,
                     nullptr, &out_fd, &err_fd, &error),
      "%s: %s", argv[0], error ? error->message : "?");
  FILE *out = fdopen (out_fd, "r");
  std::map<std::string, std::string> env;
  char line[1024];
  while (std::fgets (line, sizeof line, out) != nullptr) {
    g_strchomp (line);
    if (line[0] == '\0')
      break;
    char *eq = std::strchr (line, '=');
    ck_assert_ptr_nonnull (eq);
    *eq = '\0';
    env[line] = eq + 1;
  }
  std::fclose (out);
  return env;
}

START_TEST (test_explain_command_line)
{
  /* Test the executable's explain options: --scenario anomaly (an anomaly
   * project), --explain-fault with the fault kinds (every 2nd explain 503),
   * --no-explain-label-names; --print-env as before; and the count of both
   * kinds of request when it stops */
  g_autofree gchar *self = g_file_read_link ("/proc/self/exe", nullptr);
  ck_assert_ptr_nonnull (self);
  g_autofree gchar *dir = g_path_get_dirname (self);
  g_autofree gchar *exe =
      g_build_filename (dir, "fake_geti", "fake-geti-server", nullptr);
  const gchar *argv[] = { exe, "--scenario", "anomaly", "--explain-fault",
    "503:2", "--no-explain-label-names", "--print-env", nullptr };
  GPid pid = 0;
  gint err_fd = -1;
  std::map<std::string, std::string> env = spawn_printing_env (argv, pid, err_fd);
  for (const char *name : { "GETI_SERVER", "GETI_ORGANIZATION_ID",
           "GETI_WORKSPACE_ID", "GETI_PROJECT_ID", "GETI_PROJECT_NAME",
           "GETI_PROJECT_URL", "GETI_API_KEY" })
    ck_assert_msg (env.count (name) == 1, "no %s", name);
  const std::string project = env["GETI_SERVER"] + "/api/v1/organizations/" +
                              env["GETI_ORGANIZATION_ID"] + "/workspaces/" +
                              env["GETI_WORKSPACE_ID"] + "/projects/" +
                              env["GETI_PROJECT_ID"];
  const std::string key = env["GETI_API_KEY"];

  g_autoptr (SoupSession) session = new_session ();
  Result r = get (session, project, key.c_str ());
  ck_assert_uint_eq (r.status, 200);
  ck_assert (r.body.find ("\"task_type\":\"anomaly\"") != std::string::npos);
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  r = send (session, predict_message (project + "/pipelines/active:predict",
                         jpeg, key.c_str ()));
  ck_assert_uint_eq (r.status, 200);
  ck_assert (r.body.find (ANOMALOUS_LABEL_ID) != std::string::npos);
  r = send (session, predict_message (project + "/pipelines/active:explain",
                         jpeg, key.c_str ()));
  const std::vector<MapImage> maps = maps_of (r);
  ck_assert_uint_eq (maps.size (), 1);
  ck_assert_str_eq (maps[0].label_id.c_str (), ANOMALOUS_LABEL_ID);
  ck_assert (!maps[0].label_name);
  r = send (session, predict_message (project + "/pipelines/active:explain",
                         jpeg, key.c_str ()));
  ck_assert_uint_eq (r.status, 503);

  kill (pid, SIGTERM);
  int status = 0;
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  g_spawn_close_pid (pid);
  ck_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  const std::string err = read_all (err_fd);
  ck_assert_msg (
      err.find ("project anomaly, scenario anomaly") != std::string::npos, "%s",
      err.c_str ());
  ck_assert_msg (err.find ("stopped after 1 predict requests and 2 explain "
                           "requests") != std::string::npos,
      "%s", err.c_str ());
}
END_TEST

START_TEST (test_explain_redirect_kind)
{
  /* Test that REQUEST_EXPLAIN picks :explain requests out for a hostile
   * redirect (:predict still answered), and that REQUEST_ANY includes it */
  ServerOptions options;
  options.redirect_status = 302;
  options.redirect_to = "http://127.0.0.1:9";
  options.redirect_kinds = REQUEST_EXPLAIN;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  SoupMessage *msg = predict_message (server->explain_url (), jpeg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  ck_assert_uint_eq (send (session, msg).status, 302);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  ck_assert ((REQUEST_ANY & REQUEST_EXPLAIN) != 0);
}
END_TEST

/* ====================================================================== */
/* Rate limit and runtime capacity                                        */

namespace {

/* The :predict requests the server saw, in the order it numbered them */
std::vector<ReceivedRequest>
predict_requests (const Server &server)
{
  std::vector<ReceivedRequest> requests;
  for (const ReceivedRequest &request : server.requests ())
    if (request.predict)
      requests.push_back (request);
  std::sort (requests.begin (), requests.end (),
      [] (const ReceivedRequest &a, const ReceivedRequest &b) {
        return a.predict_index < b.predict_index;
      });
  return requests;
}

void
check_throttled_answer (const Result &r, const char *retry_after)
{
  ck_assert (!r.failed);
  ck_assert_uint_eq (r.status, 429);
  ck_assert_str_eq (r.content_type.c_str (), "text/plain");
  ck_assert_str_eq (r.body.c_str (), "local_rate_limited");
  ck_assert_str_eq (r.retry_after.c_str (), retry_after);
  ck_assert_str_eq (r.rate_limited.c_str (), "true");
}

} // namespace

START_TEST (test_rate_limit_burst)
{
  /* Test that a rate limit of 30/s lets a burst of 3 requests through (the
   * bucket is full at the start) and answers the others 429 at once,
   * before they queue for an inference or their upload is read, with
   * Envoy's 429 (Retry-After the option's), counted in throttled_count */
  ServerOptions options;
  options.rate_limit = 30;
  options.retry_after_s = 2;
  options.capacity = 1;
  options.latency_ms = 500;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 10; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));
  std::vector<Result> results = send_all (session, messages);

  guint accepted = 0;
  for (const Result &r : results) {
    if (r.status == 200) {
      accepted++;
      ck_assert (r.retry_after.empty ());
    } else {
      check_throttled_answer (r, "2");
    }
  }
  std::vector<ReceivedRequest> requests = predict_requests (*server);
  ck_assert_uint_eq (requests.size (), 10);
  ck_assert_uint_eq (server->predict_count (), 10);
  ck_assert_uint_eq (server->throttled_count (), 10 - accepted);
  /* the first three take the bucket's three tokens; the others get one
   * each time one grew back while they arrived (1 per 33 ms) */
  const gint64 span_us = requests.back ().received_us - requests[0].received_us;
  ck_assert_uint_ge (accepted, 3);
  ck_assert_uint_le (accepted, 3 + static_cast<guint> (30 * span_us / 1e6) + 1);
  gint64 first_accepted_answer = G_MAXINT64, last_throttled_answer = 0;
  for (const ReceivedRequest &request : requests) {
    ck_assert (request.throttled == (request.status == 429));
    if (request.predict_index < 3)
      ck_assert_uint_eq (request.status, 200);
    if (request.throttled) {
      ck_assert (request.fault == Fault::http_429);
      ck_assert_uint_eq (request.file_size, 0); /* not read */
      last_throttled_answer =
          std::max (last_throttled_answer, request.answered_us);
    } else {
      ck_assert (request.fault == Fault::none);
      ck_assert_uint_gt (request.file_size, 0);
      first_accepted_answer =
          std::min (first_accepted_answer, request.answered_us);
    }
  }
  /* every 429 left while the first inference still ran */
  ck_assert_int_lt (last_throttled_answer, first_accepted_answer);
  ck_assert_uint_eq (server->max_inferring (), 1);

  server->reset_stats ();
  ck_assert_uint_eq (server->throttled_count (), 0);
}
END_TEST

START_TEST (test_rate_limit_refill)
{
  /* Test that the bucket refills at the rate: one request after another
   * as fast as they go for 0.7 s against 10/s (a bucket of one) gets one
   * through about every 100 ms, never two closer than that */
  ServerOptions options;
  options.rate_limit = 10;
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  const gint64 start = g_get_monotonic_time ();
  guint attempts = 0, accepted = 0;
  while (g_get_monotonic_time () - start < 700 * 1000) {
    SoupMessage *msg = predict_message (server->predict_url (), jpeg);
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
    Result r = send (session, msg);
    attempts++;
    if (r.status == 200)
      accepted++;
    else
      check_throttled_answer (r, "1");
  }
  ck_assert_uint_eq (server->throttled_count (), attempts - accepted);

  std::vector<ReceivedRequest> requests = predict_requests (*server);
  ck_assert_uint_eq (requests.size (), attempts);
  std::vector<gint64> through;
  for (const ReceivedRequest &request : requests)
    if (!request.throttled)
      through.push_back (request.received_us);
  ck_assert_uint_eq (through.size (), accepted);
  /* a whole token takes 100 ms to grow (a few ms of slack: the bucket is
   * read a little after received_us) */
  for (std::size_t i = 1; i < through.size (); i++)
    ck_assert_int_ge (through[i] - through[i - 1], 95 * 1000);
  /* and each one was taken soon after it grew: 1 + 7 in 0.7 s when the
   * requests are quick; at least half of that on a slow machine */
  const double elapsed_s =
      (requests.back ().received_us - requests[0].received_us) / 1e6;
  ck_assert_uint_ge (attempts, accepted + 5);
  ck_assert_uint_ge (accepted, static_cast<guint> (1 + 10 * elapsed_s / 2));
  ck_assert_uint_le (accepted, static_cast<guint> (1 + 10 * elapsed_s) + 1);
}
END_TEST

START_TEST (test_set_rate_limit)
{
  /* Test that set_rate_limit turns the limit on (a full bucket), changes
   * it (the bucket keeps what it had) and off again, and that :explain
   * requests are never limited */
  std::unique_ptr<Server> server = start_server ();
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  for (int i = 0; i < 3; i++)
    ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);

  /* one token, then one every 100 s */
  server->set_rate_limit (0.01);
  ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  check_throttled_answer (predict (session, *server, jpeg), "1");
  /* a new rate does not refill the bucket */
  server->set_rate_limit (0.02);
  check_throttled_answer (predict (session, *server, jpeg), "1");
  Result explained =
      send (session, predict_message (server->explain_url (), jpeg));
  ck_assert_uint_eq (explained.status, 200);
  ck_assert_uint_eq (server->throttled_count (), 2);
  ck_assert_uint_eq (server->predict_count (), 6);
  ck_assert_double_eq (server->options ().rate_limit, 0.0);

  server->set_rate_limit (0);
  for (int i = 0; i < 3; i++)
    ck_assert_uint_eq (predict (session, *server, jpeg).status, 200);
  ck_assert_uint_eq (server->throttled_count (), 2);
}
END_TEST

START_TEST (test_set_capacity)
{
  /* Test that set_capacity applies to the inferences that start from then
   * on: raised from 1 to 3 with five requests held, two queued ones start
   * at once; lowered to 1 with three running, those finish (answered 200)
   * and the last two queued ones then run one after the other */
  ServerOptions options;
  options.capacity = 1;
  options.latency_ms = 60 * 1000; /* held */
  std::unique_ptr<Server> server = start_server (options);
  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  std::vector<SoupMessage *> messages;
  for (int i = 0; i < 5; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));

  struct Controller {
    Server *server;
    bool arrived = false;
    guint inferring_before = 0;
    bool raised = false;
    static gpointer run (gpointer data)
    {
      auto self = static_cast<Controller *> (data);
      Server *server = self->server;
      self->arrived = server->wait_for_predict_count (5, 60000);
      self->inferring_before = server->inferring_count ();
      server->set_capacity (3);
      /* nothing ends for 60 s: only the raise can start them */
      self->raised = server->wait_for_inferring (3, 30000);
      server->set_capacity (1);
      /* the three running end at the latest 300 ms after they started,
       * the two queued ones take 300 ms each */
      server->set_latency_ms (300);
      return nullptr;
    }
  } controller{ server.get () };
  GThread *thread = g_thread_new ("controller", Controller::run, &controller);
  std::vector<Result> results = send_all (session, messages);
  g_thread_join (thread);
  ck_assert (controller.arrived);
  ck_assert_uint_eq (controller.inferring_before, 1);
  ck_assert (controller.raised);
  for (const Result &r : results)
    ck_assert_uint_eq (r.status, 200);
  ck_assert_uint_eq (server->max_inferring (), 3);
  ck_assert_uint_eq (server->inferring_count (), 0);

  std::vector<ReceivedRequest> requests = predict_requests (*server);
  ck_assert_uint_eq (requests.size (), 5);
  gint64 running_done = 0;
  for (int i = 0; i < 3; i++)
    running_done = std::max (running_done, requests[i].answered_us);
  /* FIFO: #3 started when the first three were done, #4 after #3 */
  ck_assert_int_ge (requests[3].answered_us - running_done, 290 * 1000);
  ck_assert_int_ge (
      requests[4].answered_us - requests[3].answered_us, 290 * 1000);
  ck_assert_uint_eq (server->options ().capacity, 1);

  /* 0: unlimited */
  server->set_latency_ms (60 * 1000);
  server->set_capacity (0);
  server->reset_stats ();
  messages.clear ();
  for (int i = 0; i < 4; i++)
    messages.push_back (predict_message (server->predict_url (), jpeg));
  Releaser releaser (server.get (), 4);
  results = send_all (session, messages);
  releaser.join ();
  ck_assert (releaser.arrived);
  for (const Result &r : results)
    ck_assert_uint_eq (r.status, 200);
  ck_assert_uint_eq (server->max_inferring (), 4);
}
END_TEST

START_TEST (test_rate_limit_command_line)
{
  /* Test the executable's --rate-limit: with 0.01/s the first predict
   * request is answered and the second is 429 (--retry-after 3); the
   * limit is in the listening line and the throttled count in the last
   * one; a negative rate is refused */
  g_autofree gchar *self = g_file_read_link ("/proc/self/exe", nullptr);
  ck_assert_ptr_nonnull (self);
  g_autofree gchar *dir = g_path_get_dirname (self);
  g_autofree gchar *exe =
      g_build_filename (dir, "fake_geti", "fake-geti-server", nullptr);

  const gchar *refused[] = { exe, "--rate-limit", "-1", nullptr };
  gint exit_status = 0;
  g_autoptr (GError) error = nullptr;
  ck_assert (g_spawn_sync (nullptr, const_cast<gchar **> (refused), nullptr,
      static_cast<GSpawnFlags> (
          G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL),
      nullptr, nullptr, nullptr, nullptr, &exit_status, &error));
  ck_assert (WIFEXITED (exit_status) && WEXITSTATUS (exit_status) == 2);

  const gchar *argv[] = { exe, "--rate-limit", "0.01", "--retry-after", "3",
    "--print-env", nullptr };
  GPid pid = 0;
  gint err_fd = -1;
  std::map<std::string, std::string> env = spawn_printing_env (argv, pid, err_fd);
  ck_assert_msg (env.count ("GETI_SERVER") == 1, "no GETI_SERVER");
  const std::string predict_url =
      env["GETI_SERVER"] + "/api/v1/organizations/" +
      env["GETI_ORGANIZATION_ID"] + "/workspaces/" + env["GETI_WORKSPACE_ID"] +
      "/projects/" + env["GETI_PROJECT_ID"] + "/pipelines/active:predict";
  const std::string key = env["GETI_API_KEY"];

  g_autoptr (SoupSession) session = new_session ();
  g_autoptr (GBytes) jpeg = ball_jpeg ();
  Result r = send (session, predict_message (predict_url, jpeg, key.c_str ()));
  ck_assert_uint_eq (r.status, 200);
  r = send (session, predict_message (predict_url, jpeg, key.c_str ()));
  check_throttled_answer (r, "3");

  kill (pid, SIGTERM);
  int status = 0;
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  g_spawn_close_pid (pid);
  ck_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  const std::string err = read_all (err_fd);
  ck_assert_msg (
      err.find ("capacity 0, rate limit 0.01/s)") != std::string::npos, "%s",
      err.c_str ());
  ck_assert_msg (err.find ("stopped after 2 predict requests and 0 explain "
                           "requests (1 predict requests answered 429 by the "
                           "rate limit)") != std::string::npos,
      "%s", err.c_str ());
}
END_TEST

/* ====================================================================== */

static Suite *
fake_server_suite ()
{
  Suite *s = suite_create ("fake_geti_server");

  TCase *tc = tcase_create ("detector");
  tcase_add_test (tc, test_detector_one_blob);
  tcase_add_test (tc, test_detector_two_blobs);
  tcase_add_test (tc, test_detector_connectivity);
  tcase_add_test (tc, test_detector_touching_edges);
  tcase_add_test (tc, test_detector_nothing);
  tcase_add_test (tc, test_detector_full_hd);
  suite_add_tcase (s, tc);

  tc = tcase_create ("jpeg");
  tcase_add_test (tc, test_jpeg_decode_garbage);
  tcase_add_loop_test (tc, test_jpeg_round_trip, 0, 2);
  suite_add_tcase (s, tc);

  tc = tcase_create ("api");
  tcase_add_test (tc, test_api_key_format);
  tcase_add_test (tc, test_names_and_fault_rules);
  tcase_add_test (tc, test_created_format);
  tcase_add_test (tc, test_start_errors);
  suite_add_tcase (s, tc);

  tc = tcase_create ("endpoints");
  tcase_add_test (tc, test_auth_matrix);
  tcase_add_test (tc, test_not_found_and_bad_paths);
  tcase_add_test (tc, test_listing_endpoints);
  tcase_add_test (tc, test_requests_recording);
  tcase_add_test (tc, test_keep_alive_connections);
  tcase_add_test (tc, test_closed_connections_released);
  tcase_add_test (tc, test_tls);
  suite_add_tcase (s, tc);

  tc = tcase_create ("predict");
  tcase_add_test (tc, test_predict_detection);
  tcase_add_loop_test (tc, test_predict_no_blob, 0, 2);
  tcase_add_test (tc, test_scenario_shapes);
  tcase_add_test (tc, test_scenario_keypoints_ovms);
  tcase_add_test (tc, test_scenario_classification);
  tcase_add_test (tc, test_scenario_empty_and_runtime_switch);
  tcase_add_test (tc, test_predict_label_only);
  tcase_add_test (tc, test_predict_bad_uploads);
  suite_add_tcase (s, tc);

  tc = tcase_create ("discovery");
  tcase_add_test (tc, test_project_list_paging);
  tcase_add_test (tc, test_next_page_path);
  tcase_add_test (tc, test_organization_forms);
  tcase_add_test (tc, test_extra_workspaces);
  tcase_add_test (tc, test_extra_projects);
  tcase_add_loop_test (tc, test_project_kinds, 0, 4);
  tcase_add_test (tc, test_predict_task_chain);
  tcase_add_loop_test (tc, test_predict_keypoint, 0, 2);
  tcase_add_test (tc, test_numbered_projects);
  suite_add_tcase (s, tc);

  tc = tcase_create ("faults");
  tcase_add_loop_test (tc, test_fault_answers, 0, G_N_ELEMENTS (status_faults));
  tcase_add_test (tc, test_fault_truncated);
  tcase_add_test (tc, test_fault_close);
  tcase_add_test (tc, test_fault_slow);
  tcase_add_test (tc, test_fault_rule_selection);
  tcase_add_test (tc, test_fault_probability);
  tcase_add_test (tc, test_set_faults_mid_stream);
  suite_add_tcase (s, tc);

  tc = tcase_create ("explain");
  tcase_add_loop_test (tc, test_explain_scenarios, 0, 4);
  tcase_add_test (tc, test_explain_nothing_found);
  tcase_add_test (tc, test_explain_map_size);
  tcase_add_test (tc, test_explain_label_names_option);
  tcase_add_test (tc, test_explain_task_chain);
  tcase_add_test (tc, test_explain_keypoint);
  tcase_add_test (tc, test_scenario_anomaly);
  tcase_add_test (tc, test_explain_recording_and_numbering);
  tcase_add_loop_test (
      tc, test_explain_fault_answers, 0, G_N_ELEMENTS (status_faults));
  tcase_add_test (tc, test_explain_fault_connection);
  tcase_add_test (tc, test_explain_redirect_kind);
  tcase_add_test (tc, test_explain_command_line);
  suite_add_tcase (s, tc);

  tc = tcase_create ("timing");
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_capacity_queue);
  tcase_add_test (tc, test_capacity_fifo);
  tcase_add_test (tc, test_unlimited_capacity);
  tcase_add_test (tc, test_stop_with_requests_in_flight);
  suite_add_tcase (s, tc);

  tc = tcase_create ("rate-limit-and-capacity");
  tcase_add_test (tc, test_rate_limit_burst);
  tcase_add_test (tc, test_rate_limit_refill);
  tcase_add_test (tc, test_set_rate_limit);
  tcase_add_test (tc, test_rate_limit_command_line);
  tcase_add_test (tc, test_set_capacity);
  suite_add_tcase (s, tc);

  return s;
}

int
main ()
{
  Suite *s = fake_server_suite ();
  SRunner *runner = srunner_create (s);
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
