/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict's server pools (issue 18): the adaptive limit
 * (max-in-flight=0) against a fast, a slow and a rate-limited server; the
 * elements of a process sharing one pool per server and group (one
 * connection set, one budget), and not sharing across origins, keys or
 * groups; the "geti.server-pool" context; a stream stopping while the
 * others' requests are under way; fairness between streams.
 *
 * The limits are read from the stats at counts of the server's requests
 * (Server::wait_for_predict_count), never after a time: what is asserted
 * is a count or a bound that holds on a loaded machine. */
#include "test_helpers.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <string>
#include <vector>

using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

constexpr const char *POOL_CONTEXT = "geti.server-pool";
/* How long a wait for the server or the bus may take at most: long enough
 * for valgrind; what is waited for takes a few seconds natively */
constexpr guint WAIT_MS = 120000;

/* A 160x120 ball (small frames: the client's and the fake server's own
 * work stay far below the latencies the limiter reads) */
constexpr const char *CAPS =
    "video/x-raw,format=I420,width=160,height=120,framerate=30/1";

GstElement *
element_of (GstElement *bin, const char *name)
{
  GstElement *element = gst_bin_get_by_name (GST_BIN (bin), name);
  fail_unless (element != nullptr, "no element %s", name);
  return element;
}

/* A guint64 field of @predict's stats */
guint64
stat_of (GstElement *predict, const char *field)
{
  GstStructure *stats = nullptr;
  g_object_get (predict, "stats", &stats, nullptr);
  fail_unless (stats != nullptr);
  guint64 value = 0;
  fail_unless (gst_structure_get_uint64 (stats, field, &value),
      "the stats have no %s", field);
  gst_structure_free (stats);
  return value;
}

guint64
stat_of (GstElement *bin, const char *name, const char *field)
{
  GstElement *predict = element_of (bin, name);
  const guint64 value = stat_of (predict, field);
  gst_object_unref (predict);
  return value;
}

/* A "geti.server-pool" context; @max_in_flight 0: without that field */
GstContext *
pool_context (const char *name, guint max_in_flight = 0)
{
  GstContext *context = gst_context_new (POOL_CONTEXT, TRUE);
  GstStructure *structure = gst_context_writable_structure (context);
  gst_structure_set (structure, "name", G_TYPE_STRING, name, nullptr);
  if (max_in_flight > 0)
    gst_structure_set (
        structure, "max-in-flight", G_TYPE_UINT, max_in_flight, nullptr);
  return context;
}

/* "@source ! CAPS ! getipredict name=@name (server) @properties !
 * fakesink" (@properties last: they may override the server's) */
std::string
branch (const std::string &source, const char *name,
    const std::string &properties, const Server &server)
{
  return source + " ! " + CAPS + " ! getipredict name=" + name + " " +
         predict_properties (server) + " " + properties +
         " ! fakesink sync=false ";
}

void
play (GstElement *pipeline)
{
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
           GST_STATE_CHANGE_FAILURE);
}

/* Sets @pipeline to PAUSED (its elements started; live sources send
 * nothing) and waits for the state change */
void
pause (GstElement *pipeline)
{
  fail_if (gst_element_set_state (pipeline, GST_STATE_PAUSED) ==
           GST_STATE_CHANGE_FAILURE);
  fail_if (gst_element_get_state (pipeline, nullptr, nullptr,
               GST_CLOCK_TIME_NONE) == GST_STATE_CHANGE_FAILURE);
}

/* Waits for @pipeline's EOS; an error or no EOS fails the test */
void
wait_for_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, WAIT_MS * GST_MSECOND,
      static_cast<GstMessageType> (GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  gst_object_unref (bus);
  fail_unless (msg != nullptr, "no EOS");
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    const std::string text = message_text (msg);
    gst_message_unref (msg);
    fail ("error: %s", text.c_str ());
  }
  gst_message_unref (msg);
}

/* Sets @pipeline to NULL and drops it */
void
stop (GstElement *pipeline)
{
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pipeline);
}

/* Waits until the server has received @count :predict requests */
void
wait_for_predictions (const Server &server, guint count)
{
  fail_unless (server.wait_for_predict_count (count, WAIT_MS),
      "%u of %u predictions", server.predict_count (), count);
}

/* Jain's fairness index of @x: 1 when all are equal, 1/n when one takes
 * everything */
template <typename Values>
double
jain_index (const Values &x)
{
  double sum = 0, squares = 0;
  for (double v : x) {
    sum += v;
    squares += v * v;
  }
  return squares > 0 ? sum * sum / (x.size () * squares) : 0;
}

/* The adaptive element of the limit tests: a non-live source (a frame
 * always waits for a slot: demand is unlimited) in ordered mode */
GstElement *
adaptive_pipeline (const Server &server)
{
  return parse_pipeline (branch ("videotestsrc pattern=ball", "predict",
      "max-in-flight=0 mode=ordered interval=1", server));
}

/* Reads @predict's limit every @step predictions from the server's
 * @from-th on, until it satisfies @done or the @to-th; returns the last
 * read. Prints the limits read. */
template <typename Done>
guint64
limit_until (const Server &server, GstElement *predict, guint from, guint to,
    guint step, Done done)
{
  wait_for_predictions (server, from);
  guint64 limit = stat_of (predict, "limit");
  std::string seen = std::to_string (limit);
  for (guint n = from + step; !done (limit) && n <= to; n += step) {
    wait_for_predictions (server, n);
    limit = stat_of (predict, "limit");
    seen += " " + std::to_string (limit);
  }
  g_print ("  limits read from the %uth prediction on, every %u: %s\n", from,
      step, seen.c_str ());
  return limit;
}

} // namespace

/* Test that the adaptive limit (max-in-flight=0) grows against a server
 * of unlimited capacity: it starts at one request at once (the first is
 * held at the server: no second is sent), and by the 150th prediction (or
 * soon after) allows more than two; the server saw more than two at once.
 * (100 ms answers: the jitter of a loaded machine, which the limiter reads
 * as a queue, stays small beside them.) */
GST_START_TEST (test_adaptive_grows)
{
  ServerOptions options;
  options.latency_ms = 600000;
  auto server = start_server (options);
  GstElement *pipeline = adaptive_pipeline (*server);
  GstElement *predict = element_of (pipeline, "predict");
  play (pipeline);

  fail_unless (server->wait_for_inferring (1, WAIT_MS));
  fail_unless_equals_uint64 (stat_of (predict, "limit"), 1);
  fail_unless_equals_uint64 (stat_of (predict, "in-flight"), 1);
  fail_unless_equals_int (server->predict_count (), 1);
  /* the held one ends 100 ms after it started, the others take as long */
  server->set_latency_ms (100);

  g_print ("adaptive, 100 ms server of unlimited capacity:\n");
  const guint64 limit = limit_until (
      *server, predict, 150, 450, 10, [] (guint64 l) { return l > 2; });
  g_print ("  limit %" G_GUINT64_FORMAT ", the server saw %u at once\n", limit,
      server->max_concurrent ());
  fail_unless (limit > 2, "limit %" G_GUINT64_FORMAT, limit);
  fail_unless (server->max_concurrent () > 2);
  fail_unless_equals_uint64 (stat_of (predict, "failed"), 0);
  fail_unless_equals_uint64 (stat_of (predict, "pool-streams"), 1);

  gst_object_unref (predict);
  stop (pipeline);
}
GST_END_TEST;

/* Test that the adaptive limit shrinks when the server queues: grown
 * above two against an 80 ms server of unlimited capacity (up to 8, the
 * bound of a "geti.server-pool" context), it comes down to at most two
 * once the server infers one request at a time (each request more waits a
 * whole inference there), and stays there for the next 100 predictions. */
GST_START_TEST (test_adaptive_shrinks_when_queued)
{
  ServerOptions options;
  options.latency_ms = 80;
  auto server = start_server (options);
  GstElement *pipeline = adaptive_pipeline (*server);
  GstContext *context = pool_context ("test-shrinks", 8);
  gst_element_set_context (pipeline, context);
  gst_context_unref (context);
  GstElement *predict = element_of (pipeline, "predict");
  play (pipeline);

  g_print ("adaptive, 80 ms server, unlimited capacity, at most 8:\n");
  const guint64 grown = limit_until (
      *server, predict, 100, 400, 10, [] (guint64 l) { return l > 2; });
  fail_unless (grown > 2 && grown <= 8, "limit %" G_GUINT64_FORMAT, grown);

  server->set_capacity (1);
  const guint changed = server->predict_count ();
  g_print ("capacity 1 from the %uth prediction on (limit %" G_GUINT64_FORMAT
           "):\n",
      changed, stat_of (predict, "limit"));
  /* the requests queued at the change drain first, 12.5 per second */
  const guint64 shrunk = limit_until (*server, predict, changed + 10,
      changed + 600, 10, [] (guint64 l) { return l <= 2; });
  fail_unless (
      shrunk <= 2, "limit %" G_GUINT64_FORMAT " at capacity 1", shrunk);
  const guint low = server->predict_count ();
  guint64 worst = 0;
  limit_until (*server, predict, low + 10, low + 100, 10, [&] (guint64 l) {
    worst = std::max (worst, l);
    return false;
  });
  fail_unless (worst <= 2, "limit %" G_GUINT64_FORMAT " at capacity 1", worst);
  fail_unless_equals_uint64 (stat_of (predict, "failed"), 0);

  gst_object_unref (predict);
  stop (pipeline);
}
GST_END_TEST;

/* Test that the adaptive limit backs off from a rate limit: against a
 * server that answers 429 beyond 20 requests per second (20 ms each,
 * unlimited capacity), after 100 predictions the element has met 429s
 * (stats throttled), its limit is small (20/s * 20 ms is 0.4 requests at
 * once: at most 3 allowed) and less than a quarter of its requests were
 * throttled. */
GST_START_TEST (test_adaptive_rate_limited)
{
  ServerOptions options;
  options.latency_ms = 20;
  options.rate_limit = 20;
  auto server = start_server (options);
  GstElement *pipeline = adaptive_pipeline (*server);
  GstElement *predict = element_of (pipeline, "predict");
  play (pipeline);

  /* 100 answered, throttled ones not counted */
  while (server->predict_count () - server->throttled_count () < 100)
    wait_for_predictions (*server, server->predict_count () + 1);
  const guint64 limit = stat_of (predict, "limit");
  const guint64 throttled = stat_of (predict, "throttled");
  const guint requests = server->predict_count ();
  const guint refused = server->throttled_count ();
  g_print ("adaptive, 20 ms server limited to 20 requests/s: limit "
           "%" G_GUINT64_FORMAT
           ", %u of %u requests throttled (%.1f %%), %" G_GUINT64_FORMAT
           " seen by the element, %" G_GUINT64_FORMAT
           " retried, %" G_GUINT64_FORMAT " failed\n",
      limit, refused, requests, 100.0 * refused / requests, throttled,
      stat_of (predict, "retried"), stat_of (predict, "failed"));
  fail_unless (throttled > 0);
  fail_unless (limit <= 3, "limit %" G_GUINT64_FORMAT, limit);
  fail_unless (refused < requests / 4, "%u of %u throttled", refused, requests);

  gst_object_unref (predict);
  stop (pipeline);
}
GST_END_TEST;

/* Test that two elements sending to the same server with the same key
 * share one pool: given a "geti.server-pool" context with max-in-flight=1
 * on the pipeline (the bin hands it to both), each element with
 * max-in-flight=4, both predict every frame, yet the server never sees two
 * requests at once and sees one connection only; both report 2 streams in
 * the pool and a budget of 1. */
GST_START_TEST (test_shared_pool)
{
  ServerOptions options;
  options.latency_ms = 20;
  auto server = start_server (options);
  const std::string source = "videotestsrc pattern=ball num-buffers=30";
  GstElement *pipeline =
      parse_pipeline (branch (source, "a", "max-in-flight=4", *server) +
                      branch (source, "b", "max-in-flight=4", *server));
  GstContext *context = pool_context ("test-shared-pool", 1);
  gst_element_set_context (pipeline, context);
  gst_context_unref (context);
  play (pipeline);
  wait_for_eos (pipeline);

  g_print ("two elements, one pool of budget 1: %u predictions, %u at once, "
           "%u connections\n",
      server->predict_count (), server->max_concurrent (),
      server->connection_count ());
  for (const char *name : { "a", "b" }) {
    /* still PLAYING: both are members */
    fail_unless_equals_uint64 (stat_of (pipeline, name, "pool-streams"), 2);
    fail_unless_equals_uint64 (stat_of (pipeline, name, "limit"), 1);
    fail_unless_equals_uint64 (stat_of (pipeline, name, "succeeded"), 30);
    fail_unless_equals_uint64 (stat_of (pipeline, name, "failed"), 0);
  }
  fail_unless_equals_int (server->predict_count (), 60);
  fail_unless_equals_int (server->max_concurrent (), 1);
  /* one session: the project look-ups and every prediction on one
   * keep-alive connection */
  fail_unless_equals_int (server->connection_count (), 1);
  stop (pipeline);
}
GST_END_TEST;

/* Test that elements do not share a pool across origins, keys or groups:
 * two servers; the same server with another api-key (its 401 does not fail
 * the state change with fail-on-unreachable=false); the same server and key
 * in contexts of different names: one stream per pool each time. The same
 * server, key and group do share (two streams). */
GST_START_TEST (test_pools_apart)
{
  auto server = start_server ();
  auto other = start_server ();
  const std::string live = "videotestsrc is-live=true pattern=ball";

  /* (name, pipeline, streams each element reports) */
  std::string other_key = server->options ().api_key;
  other_key.back () = other_key.back () == 'x' ? 'y' : 'x';
  const struct {
    const char *what;
    std::string description;
    guint64 streams;
  } cases[] = {
    { "same server and key",
        branch (live, "a", "", *server) + branch (live, "b", "", *server), 2 },
    { "two servers",
        branch (live, "a", "", *server) + branch (live, "b", "", *other), 1 },
    { "another api-key",
        branch (live, "a", "", *server) +
            branch (live, "b", "fail-on-unreachable=false api-key=" + other_key,
                *server),
        1 },
  };
  for (const auto &c : cases) {
    GstElement *pipeline = parse_pipeline (c.description);
    pause (pipeline);
    g_print ("%s: %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT
             " streams in the pools\n",
        c.what, stat_of (pipeline, "a", "pool-streams"),
        stat_of (pipeline, "b", "pool-streams"));
    for (const char *name : { "a", "b" })
      fail_unless_equals_uint64 (
          stat_of (pipeline, name, "pool-streams"), c.streams);
    stop (pipeline);
  }

  /* contexts of the same and of different names, set on each element */
  for (const char *second : { "test-group-1", "test-group-2" }) {
    GstElement *pipeline = parse_pipeline (
        branch (live, "a", "", *server) + branch (live, "b", "", *server));
    const char *names[] = { "test-group-1", second };
    const char *elements[] = { "a", "b" };
    for (int i = 0; i < 2; i++) {
      GstElement *predict = element_of (pipeline, elements[i]);
      GstContext *context = pool_context (names[i]);
      gst_element_set_context (predict, context);
      gst_context_unref (context);
      gst_object_unref (predict);
    }
    pause (pipeline);
    const guint64 streams = g_str_equal (second, names[0]) ? 2 : 1;
    for (const char *name : elements)
      fail_unless_equals_uint64 (
          stat_of (pipeline, name, "pool-streams"), streams);
    stop (pipeline);
  }
}
GST_END_TEST;

/* Test that a stream stopping mid-flight leaves the others' requests
 * alone: pipelines A and B in one process share a pool; while four
 * requests of each are under way at the server (held there), A is set to
 * NULL; B's four requests are not cancelled (still under way, then
 * answered) and B reaches EOS with every frame predicted, none failed or
 * retried. B sends to the detection task's pipeline, A to "active", so the
 * server's record tells their requests apart. */
GST_START_TEST (test_stop_leaves_others_alone)
{
  ServerOptions options;
  /* held until released with set_latency_ms */
  options.latency_ms = 600000;
  auto server = start_server (options);
  const std::string b_pipeline = geti::fake::DETECTION_TASK_ID;
  GstElement *a = parse_pipeline (branch ("videotestsrc pattern=ball",
      "predict", "max-in-flight=4 timeout=600", *server));
  GstElement *b = parse_pipeline (
      branch ("videotestsrc pattern=ball num-buffers=12", "predict",
          "max-in-flight=4 timeout=600 pipeline=" + b_pipeline, *server));
  play (a);
  play (b);
  /* four each: the budget (4 + 4) split between the two */
  fail_unless (server->wait_for_inferring (8, WAIT_MS), "%u inferring",
      server->inferring_count ());
  fail_unless_equals_uint64 (stat_of (a, "predict", "pool-streams"), 2);
  fail_unless_equals_uint64 (stat_of (b, "predict", "pool-streams"), 2);

  /* B's requests under way: received, unanswered */
  auto under_way = [&] (bool of_b) {
    guint count = 0;
    for (const auto &request : predict_requests (*server)) {
      const bool is_b =
          request.path.find (b_pipeline + ":predict") != std::string::npos;
      count += is_b == of_b && request.status == 0 ? 1 : 0;
    }
    return count;
  };
  fail_unless_equals_int (under_way (true), 4);
  fail_unless_equals_int (under_way (false), 4);

  fail_unless_equals_int (
      gst_element_set_state (a, GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
  /* B's requests were not cancelled with A's */
  fail_unless_equals_uint64 (stat_of (b, "predict", "in-flight"), 4);
  fail_unless_equals_uint64 (stat_of (b, "predict", "pool-streams"), 1);
  fail_unless_equals_int (under_way (true), 4);

  server->set_latency_ms (20);
  wait_for_eos (b);
  const guint64 requests = stat_of (b, "predict", "requests");
  const guint64 succeeded = stat_of (b, "predict", "succeeded");
  g_print ("A stopped with 4 + 4 requests under way: B %" G_GUINT64_FORMAT
           " requests, %" G_GUINT64_FORMAT " succeeded\n",
      requests, succeeded);
  fail_unless_equals_uint64 (requests, 12);
  fail_unless_equals_uint64 (succeeded, 12);
  fail_unless_equals_uint64 (stat_of (b, "predict", "failed"), 0);
  fail_unless_equals_uint64 (stat_of (b, "predict", "retried"), 0);
  /* at the server: B's twelve, each answered 200 */
  guint answered = 0;
  for (const auto &request : predict_requests (*server)) {
    if (request.path.find (b_pipeline + ":predict") == std::string::npos)
      continue;
    fail_unless_equals_int (request.status, 200);
    answered++;
  }
  fail_unless_equals_int (answered, 12);
  stop (b);
  gst_object_unref (a);
}
GST_END_TEST;

namespace {

/* What a contended pool gave its streams (no heap: a failed check under
 * CK_FORK=no leaves nothing behind) */
struct Shares {
  std::array<double, 4> succeeded{}; /* of the four heavy streams */
  std::array<guint64, 4> skipped{};
  guint64 light_requests = 0, light_skipped = 0;
  guint64 streams = 0, limit = 0;
  guint received = 0; /* :predict requests the server received */
};

/* Four live 30 fps branches in live mode (and, with @light, a fifth
 * sampling one frame in 15) share a budget of 2 (a context's
 * max-in-flight) against a server of capacity 2 at 50 ms (40 predictions
 * per second, against 120 asked for) until it received 300 predictions
 * (or WAIT_MS passed). The pipeline and the server are gone before
 * anything is asserted. */
Shares
contended_shares (bool light)
{
  ServerOptions options;
  options.latency_ms = 50;
  options.capacity = 2;
  auto server = start_server (options);
  const std::string live = "videotestsrc is-live=true pattern=ball";
  const char *names[] = { "s0", "s1", "s2", "s3" };
  std::string description;
  for (const char *name : names)
    description += branch (live, name, "mode=live interval=1", *server);
  if (light)
    description += branch (live, "light", "mode=live interval=15", *server);
  GstElement *pipeline = parse_pipeline (description);
  GstContext *context = pool_context (light ? "test-light" : "test-equal", 2);
  gst_element_set_context (pipeline, context);
  gst_context_unref (context);
  play (pipeline);
  server->wait_for_predict_count (300, WAIT_MS);

  Shares shares;
  std::string figures;
  for (gsize i = 0; i < 4; i++) {
    const guint64 succeeded = stat_of (pipeline, names[i], "succeeded");
    const guint64 skipped = stat_of (pipeline, names[i], "skipped");
    shares.succeeded[i] = static_cast<double> (succeeded);
    shares.skipped[i] = skipped;
    figures +=
        " " + std::to_string (succeeded) + "/" + std::to_string (skipped);
  }
  if (light) {
    shares.light_requests = stat_of (pipeline, "light", "requests");
    shares.light_skipped = stat_of (pipeline, "light", "skipped");
  }
  shares.streams = stat_of (pipeline, "s0", "pool-streams");
  shares.limit = stat_of (pipeline, "s0", "limit");
  stop (pipeline);
  /* the server's pace, printed only (40 per second at most) */
  const auto requests = predict_requests (*server);
  const double span_s =
      requests.size () > 1
          ? (requests.back ().received_us - requests.front ().received_us) / 1e6
          : 0;
  g_print ("%u streams, budget 2, server 2 x 50 ms: succeeded/skipped%s; "
           "Jain %.3f; light: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
           " skipped; %.1f predictions/s\n",
      light ? 5 : 4, figures.c_str (), jain_index (shares.succeeded),
      shares.light_requests, shares.light_skipped,
      span_s > 0 ? (requests.size () - 1) / span_s : 0.0);
  shares.received = server->predict_count ();
  return shares;
}

} // namespace

/* Test that streams of equal demand get equal shares of a pool: four live
 * 30 fps branches in live mode, their frames at the same instants, share a
 * budget of 2 (the context's max-in-flight) against a server of capacity 2
 * at 50 ms, far below their demand; after 300 predictions Jain's index over
 * their successes is at least 0.9, and each skipped more frames than it
 * sent. */
GST_START_TEST (test_fairness_equal_demand)
{
  const Shares shares = contended_shares (false);
  fail_unless (shares.received >= 300, "%u predictions", shares.received);
  fail_unless_equals_uint64 (shares.streams, 4);
  fail_unless_equals_uint64 (shares.limit, 2);
  const double index = jain_index (shares.succeeded);
  fail_unless (index >= 0.9, "Jain's index %.3f", index);
  for (gsize i = 0; i < 4; i++)
    fail_unless (shares.skipped[i] > shares.succeeded[i], "stream %zu", i);
}
GST_END_TEST;

/* Test that a stream with less demand leaves its share to the others and
 * still gets what it asks for: beside the four contended streams above, a
 * fifth asking for one frame in 15 (2 per second, well below a fifth of
 * the server's 40) gets (almost) every frame it samples sent: at most 3 %
 * of them (and one) skipped; the four others still share equally. */
GST_START_TEST (test_fairness_less_demand)
{
  const Shares shares = contended_shares (true);
  fail_unless (shares.received >= 300, "%u predictions", shares.received);
  fail_unless_equals_uint64 (shares.streams, 5);
  const double index = jain_index (shares.succeeded);
  fail_unless (index >= 0.9, "Jain's index %.3f", index);
  fail_unless (shares.light_requests > 0);
  fail_unless (shares.light_skipped <=
                   1 + (shares.light_requests + shares.light_skipped) * 3 / 100,
      "the light stream: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
      " skipped",
      shares.light_requests, shares.light_skipped);
}
GST_END_TEST;

namespace {

/* What a bus sync handler saw of "geti.server-pool", and the context it
 * answers need-context with (none: it answers nothing) */
struct ContextLog {
  std::mutex lock;
  GstContext *answer = nullptr;
  guint needed = 0;
  std::vector<GstContext *> had;

  ~ContextLog ()
  {
    for (GstContext *context : had)
      gst_context_unref (context);
  }
};

GstBusSyncReply
log_context (GstBus *, GstMessage *msg, gpointer user_data)
{
  auto *log = static_cast<ContextLog *> (user_data);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_NEED_CONTEXT) {
    const char *type = nullptr;
    if (gst_message_parse_context_type (msg, &type) &&
        g_str_equal (type, POOL_CONTEXT)) {
      std::lock_guard<std::mutex> guard (log->lock);
      log->needed++;
      if (log->answer != nullptr)
        gst_element_set_context (
            GST_ELEMENT (GST_MESSAGE_SRC (msg)), log->answer);
    }
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_HAVE_CONTEXT) {
    GstContext *context = nullptr;
    gst_message_parse_have_context (msg, &context);
    std::lock_guard<std::mutex> guard (log->lock);
    if (g_str_equal (gst_context_get_context_type (context), POOL_CONTEXT))
      log->had.push_back (context);
    else
      gst_context_unref (context);
  }
  return GST_BUS_PASS;
}

GstElement *
logged_pipeline (const std::string &description, ContextLog &log)
{
  GstElement *pipeline = parse_pipeline (description);
  GstBus *bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, log_context, &log, nullptr);
  gst_object_unref (bus);
  return pipeline;
}

} // namespace

/* Test the "geti.server-pool" context: an element asks for one
 * (need-context) and, answered by nobody, announces the process' default
 * group (have-context, persistent, name "default"), which the next element
 * of the pipeline takes from the bin without announcing it again. A context
 * handed in on need-context is used: two pipelines answered with the same
 * name share a pool bounded by its max-in-flight (1, though each element
 * asks for 4), apart from an element of the default group. */
GST_START_TEST (test_pool_context)
{
  auto server = start_server ();
  const std::string live = "videotestsrc is-live=true pattern=ball";

  {
    ContextLog log;
    GstElement *pipeline = logged_pipeline (
        branch (live, "a", "", *server) + branch (live, "b", "", *server), log);
    pause (pipeline);
    fail_unless_equals_int (log.needed, 1);
    fail_unless_equals_int (log.had.size (), 1);
    GstContext *had = log.had[0];
    fail_unless (gst_context_is_persistent (had));
    fail_unless_equals_string (
        gst_structure_get_string (gst_context_get_structure (had), "name"),
        "default");
    for (const char *name : { "a", "b" }) {
      GstElement *predict = element_of (pipeline, name);
      GstContext *context = gst_element_get_context (predict, POOL_CONTEXT);
      fail_unless (context != nullptr, "%s has no context", name);
      fail_unless_equals_string (
          gst_structure_get_string (
              gst_context_get_structure (context), "name"),
          "default");
      gst_context_unref (context);
      gst_object_unref (predict);
      fail_unless_equals_uint64 (stat_of (pipeline, name, "pool-streams"), 2);
    }
    stop (pipeline);
  }

  ContextLog handed[2];
  GstElement *pipelines[2];
  for (int i = 0; i < 2; i++) {
    handed[i].answer = pool_context ("test-handed", 1);
    pipelines[i] = logged_pipeline (
        branch (live, "predict", "max-in-flight=4", *server), handed[i]);
    pause (pipelines[i]);
  }
  GstElement *apart =
      parse_pipeline (branch (live, "predict", "max-in-flight=4", *server));
  pause (apart);
  for (int i = 0; i < 2; i++) {
    fail_unless_equals_int (handed[i].needed, 1);
    /* given one: nothing to announce */
    fail_unless_equals_int (handed[i].had.size (), 0);
    fail_unless_equals_uint64 (
        stat_of (pipelines[i], "predict", "pool-streams"), 2);
    fail_unless_equals_uint64 (stat_of (pipelines[i], "predict", "limit"), 1);
  }
  fail_unless_equals_uint64 (stat_of (apart, "predict", "pool-streams"), 1);
  fail_unless_equals_uint64 (stat_of (apart, "predict", "limit"), 4);
  stop (apart);
  for (int i = 0; i < 2; i++) {
    stop (pipelines[i]);
    gst_context_unref (handed[i].answer);
  }
}
GST_END_TEST;

/* Test that a stream held back by its own max-in-flight leaves the rest of
 * its share to the others: 1 + 7 requests at once, not 1 + 4 */
GST_START_TEST (test_own_cap_leaves_the_share)
{
  ServerOptions options;
  /* held until released with set_latency_ms */
  options.latency_ms = 600000;
  auto server = start_server (options);
  GstElement *a = parse_pipeline (branch ("videotestsrc pattern=ball",
      "predict", "max-in-flight=1 timeout=600", *server));
  GstElement *b = parse_pipeline (branch ("videotestsrc pattern=ball",
      "predict", "max-in-flight=7 timeout=600", *server));
  play (a);
  play (b);
  /* the budget is 1 + 7 = 8, a share 4: A can have 1, B the other 7 */
  fail_unless (server->wait_for_inferring (8, WAIT_MS), "%u inferring",
      server->inferring_count ());
  fail_unless_equals_uint64 (stat_of (a, "predict", "in-flight"), 1);
  fail_unless_equals_uint64 (stat_of (b, "predict", "in-flight"), 7);
  fail_unless_equals_uint64 (stat_of (b, "predict", "limit"), 8);
  server->set_latency_ms (0);
  stop (a);
  stop (b);
}
GST_END_TEST;

static Suite *
getipredict_pool_suite (void)
{
  Suite *s = suite_create ("getipredict-pool");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_adaptive_grows);
  tcase_add_test (tc, test_adaptive_shrinks_when_queued);
  tcase_add_test (tc, test_adaptive_rate_limited);
  tcase_add_test (tc, test_shared_pool);
  tcase_add_test (tc, test_pools_apart);
  tcase_add_test (tc, test_stop_leaves_others_alone);
  tcase_add_test (tc, test_own_cap_leaves_the_share);
  tcase_add_test (tc, test_fairness_equal_demand);
  tcase_add_test (tc, test_fairness_less_demand);
  tcase_add_test (tc, test_pool_context);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getipredict_pool);
