/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getitrack's quality and cost (issue 15; tests/bench/track_bench.sh runs
 * it, tests/bench/README.md says how each figure is measured):
 *
 *   track-bench quality [--frames F] [--intervals 1,5,10,30]
 *       [--motions hold,extrapolate,interpolate] [--clips ball,crossing]
 *       [--details]
 *     runs getipredict ! getitrack against the in-process fake Geti server
 *     on the videotestsrc ball and on the crossing clip
 *     (tests/gst/moving_objects.h) and prints, per clip x interval x
 *     motion, the requests, the centre error, the misses and the id
 *     switches, then the targets with ok/FAIL. Without getitrack
 *     (not built yet) it measures getipredict alone.
 *
 *   track-bench cost [--frames N] [--rounds R] [--tracks T]
 *     getitrack's own time per frame with T tracks (GstHarness, buffers
 *     carrying a prediction meta as getipredict attaches it), against an
 *     identity in its place; and whether any frame's memory was copied.
 *
 *   track-bench scene
 *     the crossing clip's objects and crossings.
 */
#include <gst/app/app.h>
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "detector.h"
#include "fake_geti_server.h"
#include "moving_objects.h"
#include "prediction_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int BALL_WIDTH = 640;
constexpr int BALL_HEIGHT = 480;
constexpr int FPS = 30;
/* A box covering less than this of its object (IoU) is "off" it, and is
 * no evidence of identity (CLEAR MOT's usual threshold). */
constexpr double MATCH_IOU = 0.5;

/* --trace FIRST-LAST: every box of these frames, as they are evaluated */
guint64 trace_first = G_MAXUINT64;
guint64 trace_last = 0;

std::string strprintf (const char *format, ...) G_GNUC_PRINTF (1, 2);

std::string
strprintf (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  gchar *text = g_strdup_vprintf (format, args);
  va_end (args);
  std::string out (text);
  g_free (text);
  return out;
}

std::vector<std::string>
split (const std::string &text)
{
  std::vector<std::string> out;
  std::stringstream stream (text);
  std::string item;
  while (std::getline (stream, item, ','))
    if (!item.empty ())
      out.push_back (item);
  return out;
}

bool
have_getitrack ()
{
  GstElementFactory *factory = gst_element_factory_find ("getitrack");
  if (factory == nullptr)
    return false;
  gst_object_unref (factory);
  return true;
}

/* ---------------------------------------------------------------------- */
/* Quality */

struct Box {
  double x = 0, y = 0, width = 0, height = 0;
  guint id = 0; /* truth: the object; output: the track id (0: none) */

  double cx () const
  {
    return x + width / 2.0;
  }
  double cy () const
  {
    return y + height / 2.0;
  }
};

double
iou (const Box &a, const Box &b)
{
  const double ix =
      std::min (a.x + a.width, b.x + b.width) - std::max (a.x, b.x);
  const double iy =
      std::min (a.y + a.height, b.y + b.height) - std::max (a.y, b.y);
  if (ix <= 0 || iy <= 0)
    return 0;
  const double inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

double
centre_distance (const Box &a, const Box &b)
{
  return std::hypot (a.cx () - b.cx (), a.cy () - b.cy ());
}

/* One-to-one, greedy: the pair with the smallest cost first, then the
 * next among those left; pairs whose cost is not below @max_cost are never
 * made. Returns, per truth box, the index of its output box or -1. */
template <typename Cost>
std::vector<int>
assign (const std::vector<Box> &truth, const std::vector<Box> &out, Cost cost,
    double max_cost)
{
  struct Pair {
    double cost;
    gsize t, o;
  };
  std::vector<Pair> pairs;
  for (gsize t = 0; t < truth.size (); t++)
    for (gsize o = 0; o < out.size (); o++) {
      const double c = cost (truth[t], out[o]);
      if (c < max_cost)
        pairs.push_back (Pair{ c, t, o });
    }
  std::stable_sort (pairs.begin (), pairs.end (),
      [] (const Pair &a, const Pair &b) { return a.cost < b.cost; });
  std::vector<int> of_truth (truth.size (), -1);
  std::vector<bool> used (out.size (), false);
  for (const Pair &p : pairs) {
    if (of_truth[p.t] >= 0 || used[p.o])
      continue;
    of_truth[p.t] = static_cast<int> (p.o);
    used[p.o] = true;
  }
  return of_truth;
}

struct Switch {
  guint64 frame;
  guint object;
  guint from, to;
};

struct Worst {
  double error;
  guint64 frame;
  guint object;
  std::string source;
};

struct Result {
  std::string clip;
  guint interval = 0;
  std::string motion;
  guint requests = 0;
  guint frames = 0;    /* that reached the sink */
  guint64 objects = 0; /* object-frames */
  guint64 misses = 0;  /* object-frames without any box */
  guint64 off = 0;     /* object-frames whose box has IoU < MATCH_IOU */
  std::vector<double> errors;
  std::vector<Switch> switches;
  /* per object, the (frame, track id) of each frame it was matched on */
  std::map<guint, std::vector<std::pair<guint64, guint>>> matched_ids;
  bool tracked = false; /* any box had a track id */
  guint crossings = 0;
  std::vector<test::Crossing> crossing_list;
  std::vector<Worst> worst;             /* the largest errors */
  std::map<std::string, guint> sources; /* frames per meta source */
  /* the centre errors' sum and count per meta source */
  std::map<std::string, std::pair<double, guint>> source_errors;
  std::string error_text; /* the pipeline's error, if any */
  /* the ball's truth moved this far from one frame to the next */
  double speed_sum = 0, speed_max = 0;
  guint speed_n = 0;

  double mean () const
  {
    if (errors.empty ())
      return NAN;
    double s = 0;
    for (double e : errors)
      s += e;
    return s / errors.size ();
  }
  double p95 () const
  {
    if (errors.empty ())
      return NAN;
    std::vector<double> sorted = errors;
    std::sort (sorted.begin (), sorted.end ());
    gsize i = static_cast<gsize> (std::ceil (0.95 * sorted.size ())) - 1;
    return sorted[std::min (i, sorted.size () - 1)];
  }
};

/* The ball's box, found on the frame's own luma (as the tests' ball_of) */
std::optional<Box>
ball_truth (GstSample *sample)
{
  GstVideoInfo info;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return std::nullopt;
  GstVideoFrame frame;
  if (!gst_video_frame_map (
          &frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return std::nullopt;
  auto blobs = geti::fake::detect_blobs (
      static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)),
      GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
      GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
  gst_video_frame_unmap (&frame);
  if (blobs.size () != 1)
    return std::nullopt;
  const auto &b = blobs[0];
  return Box{ static_cast<double> (b.x), static_cast<double> (b.y),
    static_cast<double> (b.width), static_cast<double> (b.height), 1 };
}

class Evaluator
{
public:
  explicit Evaluator (Result &result) : r_ (result) {}

  void frame (guint64 index, const std::vector<Box> &truth,
      const std::vector<Box> &out, const char *source)
  {
    r_.sources[source]++;
    /* centre error: every object gets the nearest box left, however far */
    const auto near = assign (truth, out, centre_distance, G_MAXDOUBLE);
    for (gsize t = 0; t < truth.size (); t++) {
      r_.objects++;
      if (near[t] < 0) {
        r_.misses++;
        continue;
      }
      const Box &b = out[near[t]];
      const double e = centre_distance (truth[t], b);
      r_.errors.push_back (e);
      if (iou (truth[t], b) < MATCH_IOU)
        r_.off++;
      r_.worst.push_back (Worst{ e, index, truth[t].id, source });
      r_.source_errors[source].first += e;
      r_.source_errors[source].second++;
    }
    if (index >= trace_first && index <= trace_last) {
      std::string text;
      for (const Box &b : truth)
        text += strprintf (
            " obj%u(%.0f,%.0f %.0fx%.0f)", b.id, b.x, b.y, b.width, b.height);
      text += " |";
      for (const Box &b : out)
        text += strprintf (
            " #%u(%.1f,%.1f %.1fx%.1f)", b.id, b.x, b.y, b.width, b.height);
      printf ("    %s interval=%u %s f%" G_GUINT64_FORMAT " %s:%s\n",
          r_.clip.c_str (), r_.interval, r_.motion.c_str (), index, source,
          text.c_str ());
    }
    /* identity: CLEAR MOT matching, IoU >= MATCH_IOU, best first */
    const auto matched = assign (
        truth, out, [] (const Box &t, const Box &o) { return -iou (t, o); },
        -MATCH_IOU);
    for (gsize t = 0; t < truth.size (); t++) {
      if (matched[t] < 0)
        continue;
      const guint id = out[matched[t]].id;
      if (id != 0)
        r_.tracked = true;
      r_.matched_ids[truth[t].id].emplace_back (index, id);
      guint &last = last_id_[truth[t].id];
      if (last != 0 && id != last)
        r_.switches.push_back (Switch{ index, truth[t].id, last, id });
      last = id;
    }
  }

  void finish ()
  {
    std::sort (r_.worst.begin (), r_.worst.end (),
        [] (const Worst &a, const Worst &b) { return a.error > b.error; });
    if (r_.worst.size () > 8)
      r_.worst.resize (8);
  }

private:
  Result &r_;
  std::map<guint, guint> last_id_;
};

std::vector<Box>
output_boxes (GstBuffer *buffer, const char **source)
{
  std::vector<Box> out;
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  if (meta == nullptr) {
    *source = "none";
    return out;
  }
  *source = gst_geti_prediction_source_to_string (
      gst_geti_prediction_meta_get_source (meta));
  const guint n = gst_geti_prediction_meta_get_n_predictions (meta);
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, i);
    if (p->shape.type != GST_GETI_SHAPE_RECTANGLE)
      continue;
    out.push_back (Box{ p->shape.x, p->shape.y, p->shape.width, p->shape.height,
        gst_geti_prediction_get_track_id (p) });
  }
  return out;
}

std::string
predict_properties (const geti::fake::Server &server)
{
  const auto &o = server.options ();
  return "server=" + server.url () + " organization-id=" + o.organization_id +
         " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
         " api-key=" + o.api_key;
}

/* Runs one configuration to EOS, evaluating each frame as it arrives. */
Result
run_quality (geti::fake::Server &server, const std::string &clip,
    guint interval, const std::string &motion, guint frames,
    const test::MovingObjects &scene)
{
  Result r;
  r.clip = clip;
  r.interval = interval;
  r.motion = motion;
  const bool ball = clip == "ball";

  std::string source =
      ball
          ? "videotestsrc pattern=ball num-buffers=" + std::to_string (frames) +
                " ! video/x-raw,format=I420,width=" +
                std::to_string (BALL_WIDTH) +
                ",height=" + std::to_string (BALL_HEIGHT) +
                ",framerate=" + std::to_string (FPS) + "/1"
          : std::string ("appsrc name=src");
  /* "none": getipredict alone, today's held boxes without ids */
  std::string track = motion == "none" ? "" : " ! getitrack motion=" + motion;
  std::string description = source + " ! getipredict " +
                            predict_properties (server) +
                            " interval=" + std::to_string (interval) + track +
                            " ! appsink name=sink sync=false";

  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch (description.c_str (), &error);
  if (pipeline == nullptr || error != nullptr) {
    r.error_text = error ? error->message : "parse failed";
    g_clear_error (&error);
    if (pipeline)
      gst_object_unref (pipeline);
    return r;
  }
  if (!ball) {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    test::feed_appsrc (src, scene, frames);
    gst_object_unref (src);
    r.crossing_list = scene.crossings (frames);
    r.crossings = r.crossing_list.size ();
  }
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstBus *bus = gst_element_get_bus (pipeline);

  server.reset_stats ();
  Evaluator evaluator (r);
  std::optional<Box> previous_ball;
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  const gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline) {
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    if (msg != nullptr) {
      GError *e = nullptr;
      gst_message_parse_error (msg, &e, nullptr);
      r.error_text = e->message;
      g_error_free (e);
      gst_message_unref (msg);
      break;
    }
    GstSample *sample =
        gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
    if (sample == nullptr) {
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      continue;
    }
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    const guint64 index =
        gst_util_uint64_scale_round (GST_BUFFER_PTS (buffer), FPS, GST_SECOND);
    r.frames++;
    std::vector<Box> truth;
    if (ball) {
      if (auto b = ball_truth (sample)) {
        truth.push_back (*b);
        if (previous_ball) {
          const double d = centre_distance (*previous_ball, *b);
          r.speed_sum += d;
          r.speed_max = std::max (r.speed_max, d);
          r.speed_n++;
        }
        previous_ball = b;
      } else
        g_printerr ("%s interval=%u %s: frame %" G_GUINT64_FORMAT
                    ": no single ball on the frame, left out\n",
            clip.c_str (), interval, motion.c_str (), index);
    } else {
      for (const auto &o : scene.truth (index))
        truth.push_back (Box{ static_cast<double> (o.x),
            static_cast<double> (o.y), static_cast<double> (o.width),
            static_cast<double> (o.height), o.id });
    }
    const char *src = nullptr;
    auto out = output_boxes (buffer, &src);
    evaluator.frame (index, truth, out, src);
    gst_sample_unref (sample);
  }
  evaluator.finish ();
  r.requests = server.predict_count ();
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return r;
}

/* The crossings after which either object carries another id than before
 * it: the id matched to it on the last sampled frame before the crossing's
 * first frame against the one on the first sampled frame after its last
 * (the frames in between show what the tracker made of the merged blob). */
guint
crossings_changed (
    const Result &r, const std::vector<test::Crossing> &crossings)
{
  const guint64 n = std::max (r.interval, 1u);
  guint changed = 0;
  for (const auto &c : crossings) {
    const guint64 sample_before = c.first == 0 ? 0 : (c.first - 1) / n * n;
    const guint64 sample_after = (c.last + n) / n * n;
    bool differs = false;
    for (guint object : { c.a, c.b }) {
      auto it = r.matched_ids.find (object);
      if (it == r.matched_ids.end ())
        continue;
      guint before = 0, after = 0;
      for (const auto &[frame, id] : it->second) {
        if (frame <= sample_before)
          before = id;
        if (frame >= sample_after && after == 0)
          after = id;
      }
      differs = differs || (before != 0 && after != 0 && before != after);
    }
    changed += differs;
  }
  return changed;
}

std::string
fmt (const char *format, double value)
{
  if (std::isnan (value))
    return "-";
  char text[64];
  g_snprintf (text, sizeof text, format, value);
  return text;
}

void
print_row (const Result &r)
{
  const double objects = std::max<guint64> (r.objects, 1);
  std::string switches = r.tracked ? std::to_string (r.switches.size ()) : "-";
  std::string changed = "";
  if (r.clip == "crossing" && r.tracked)
    changed = std::to_string (crossings_changed (r, r.crossing_list)) + "/" +
              std::to_string (r.crossings);
  std::string sources;
  for (const auto &[name, count] : r.sources)
    sources += (sources.empty () ? "" : " ") + name.substr (0, 4) + ":" +
               std::to_string (count);
  printf ("%-9s %8u  %-12s %8u %9s %9s %7s %7s %9s %8s  %s\n", r.clip.c_str (),
      r.interval, r.motion.c_str (), r.requests,
      fmt ("%.2f", r.mean ()).c_str (), fmt ("%.2f", r.p95 ()).c_str (),
      fmt ("%.1f%%", 100.0 * r.misses / objects).c_str (),
      fmt ("%.1f%%", 100.0 * r.off / objects).c_str (), switches.c_str (),
      changed.c_str (), sources.c_str ());
  if (!r.error_text.empty ())
    printf ("    ERROR: %s\n", r.error_text.c_str ());
  if (r.frames == 0)
    printf ("    no frame reached the sink\n");
}

void
print_details (const Result &r, const test::MovingObjects &scene, guint frames)
{
  printf ("  %s interval=%u %s: %u frames out;", r.clip.c_str (), r.interval,
      r.motion.c_str (), r.frames);
  printf (" mean error by source:");
  for (const auto &[name, e] : r.source_errors)
    printf (" %s %.2f (%u)", name.c_str (), e.first / e.second, e.second);
  printf ("; largest errors:");
  for (const Worst &w : r.worst)
    printf (" f%" G_GUINT64_FORMAT "/obj%u %.1f (%s)", w.frame, w.object,
        w.error, w.source.c_str ());
  printf ("\n");
  if (r.switches.empty ())
    return;
  const auto crossings = r.clip == "crossing" ? scene.crossings (frames)
                                              : std::vector<test::Crossing> ();
  printf ("    id switches:");
  for (const Switch &s : r.switches) {
    std::string near;
    for (const auto &c : crossings)
      if ((s.object == c.a || s.object == c.b) && s.frame + 1 >= c.first &&
          s.frame <= c.last + 2 * r.interval + 1)
        near = " [crossing " + std::to_string (c.a) + "+" +
               std::to_string (c.b) + " " + std::to_string (c.first) + "-" +
               std::to_string (c.last) + "]";
    printf (" f%" G_GUINT64_FORMAT " obj%u #%u->#%u%s;", s.frame, s.object,
        s.from, s.to, near.c_str ());
  }
  printf ("\n");
}

const Result *
find (const std::vector<Result> &results, const std::string &clip,
    guint interval, const std::string &motion)
{
  for (const Result &r : results)
    if (r.clip == clip && r.interval == interval && r.motion == motion)
      return &r;
  return nullptr;
}

int
target (bool ok, const std::string &text)
{
  printf ("  %-4s %s\n", ok ? "ok" : "FAIL", text.c_str ());
  return ok ? 0 : 1;
}

int
print_targets (const std::vector<Result> &results)
{
  printf ("\nTargets (issue 15)\n");
  const Result *interp = find (results, "ball", 10, "interpolate");
  const Result *hold = find (results, "ball", 10, "hold");
  const Result *extra = find (results, "ball", 10, "extrapolate");
  int failed = 0;
  char text[256];
  if (interp && hold) {
    g_snprintf (text, sizeof text,
        "ball, interval=10, interpolate: mean centre error %.2f px <= 2 px",
        interp->mean ());
    failed += target (interp->mean () <= 2.0, text);
    g_snprintf (text, sizeof text,
        "ball, interval=10, interpolate: %.2f px < a third of hold's %.2f "
        "(%.2f)",
        interp->mean (), hold->mean (), hold->mean () / 3);
    failed += target (interp->mean () < hold->mean () / 3, text);
  } else {
    printf ("  -    ball, interval=10: interpolate and hold not measured\n");
  }
  if (extra && hold) {
    g_snprintf (text, sizeof text,
        "ball, interval=10, extrapolate: %.2f px <= half of hold's %.2f "
        "(%.2f)",
        extra->mean (), hold->mean (), hold->mean () / 2);
    failed += target (extra->mean () <= hold->mean () / 2, text);
  }
  for (guint interval : { 1u, 5u, 10u, 30u }) {
    const Result *h = find (results, "ball", interval, "hold");
    const Result *e = find (results, "ball", interval, "extrapolate");
    if (h && e && interval != 10)
      printf ("  (info) ball, interval=%u: extrapolate %.2f px, hold %.2f "
              "px: %s\n",
          interval, e->mean (), h->mean (),
          e->mean () <= h->mean () / 2 ? "halved" : "not halved");
  }
  /* every tracked row of the ball: no id switch in 300 frames */
  for (const Result &r : results) {
    if (r.clip != "ball" || !r.tracked)
      continue;
    g_snprintf (text, sizeof text,
        "ball, interval=%u, %s: %zu id switches in %u frames (0)", r.interval,
        r.motion.c_str (), r.switches.size (), r.frames);
    failed += target (r.switches.empty (), text);
  }
  for (const Result &r : results) {
    if (r.clip != "crossing" || !r.tracked)
      continue;
    g_snprintf (text, sizeof text,
        "crossing clip, interval=%u, %s: %zu id switches for %u crossings "
        "(<= 1 per crossing)",
        r.interval, r.motion.c_str (), r.switches.size (), r.crossings);
    failed += target (r.switches.size () <= r.crossings, text);
  }
  for (const Result &r : results) {
    if (!r.error_text.empty () || r.frames == 0) {
      g_snprintf (text, sizeof text, "%s interval=%u %s ran to its end",
          r.clip.c_str (), r.interval, r.motion.c_str ());
      failed += target (false, text);
    }
  }
  return failed;
}

int
quality (int argc, char **argv)
{
  guint frames = 300;
  std::vector<guint> intervals = { 1, 5, 10, 30 };
  std::vector<std::string> motions = { "hold", "extrapolate", "interpolate" };
  std::vector<std::string> clips = { "ball", "crossing" };
  bool details = false;
  for (int i = 0; i < argc; i++) {
    const std::string arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--frames")
      frames = atoi (value), i++;
    else if (arg == "--intervals") {
      intervals.clear ();
      for (auto &s : split (value))
        intervals.push_back (atoi (s.c_str ()));
      i++;
    } else if (arg == "--motions")
      motions = split (value), i++;
    else if (arg == "--clips")
      clips = split (value), i++;
    else if (arg == "--details")
      details = true;
    else if (arg == "--trace") {
      if (sscanf (value, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
              &trace_first, &trace_last) != 2) {
        g_printerr ("--trace FIRST-LAST\n");
        return 2;
      }
      i++;
    } else {
      g_printerr ("unknown argument %s\n", arg.c_str ());
      return 2;
    }
  }
  if (!have_getitrack ()) {
    printf ("getitrack is not built: measuring getipredict alone "
            "(motion \"none\": today's held boxes)\n");
    motions = { "none" };
  }

  GError *error = nullptr;
  geti::fake::ServerOptions options;
  auto server = geti::fake::Server::start (options, &error);
  if (!server) {
    g_printerr ("fake server: %s\n", error ? error->message : "?");
    return 1;
  }
  const auto scene = test::MovingObjects::crossing_scene ();

  printf ("getipredict interval=N ! getitrack motion=M, %u frames of each "
          "clip, 30 fps;\n"
          "ball: videotestsrc pattern=ball 640x480 I420; crossing: "
          "tests/gst/moving_objects.h, 640x480, %zu objects, %zu "
          "crossings\n"
          "error: centre error in px over every object-frame with a box; "
          "miss: object-frames without any box;\n"
          "off: object-frames whose box has IoU < 0.5 with it; id switch: "
          "CLEAR MOT's; swapped: crossings after which an object's id\n"
          "differs from before it / crossings; sources: frames per meta "
          "source (pred[icted], held, inte[rpolated], extr[apolated])\n\n",
      frames, scene.objects ().size (), scene.crossings (frames).size ());
  printf ("%-9s %8s  %-12s %8s %9s %9s %7s %7s %9s %8s  %s\n", "clip",
      "interval", "motion", "requests", "mean err", "p95 err", "misses", "off",
      "id switch", "swapped", "sources");
  std::vector<Result> results;
  for (const auto &clip : clips) {
    for (guint interval : intervals) {
      for (const auto &motion : motions) {
        results.push_back (
            run_quality (*server, clip, interval, motion, frames, scene));
        print_row (results.back ());
        fflush (stdout);
      }
    }
  }
  for (const Result &r : results)
    if (r.clip == "ball" && r.speed_n > 0) {
      printf ("\nThe ball moves %.1f px per frame on average, %.1f at most "
              "(its centre, found on the frames)\n",
          r.speed_sum / r.speed_n, r.speed_max);
      break;
    }
  if (details) {
    printf ("\nDetails\n");
    for (const Result &r : results)
      print_details (r, scene, frames);
  }
  return print_targets (results) == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------------- */
/* Cost */

constexpr int COST_WIDTH = 1280;
constexpr int COST_HEIGHT = 720;
constexpr guint COST_INTERVAL = 5;

/* The predictions of sampled frame @frame: @tracks boxes on a grid, each
 * moving smoothly (a slow circle, a few px per frame) */
GstGetiPredictions *
make_predictions (guint64 frame, guint tracks)
{
  GstGetiPredictions *predictions =
      gst_geti_predictions_new ("2026-01-01 00:00:00.000000000 +0000");
  for (guint k = 0; k < tracks; k++) {
    const double phase = frame / 40.0 + k;
    GstGetiLabel label = {};
    label.id = const_cast<gchar *> (geti::fake::BALL_LABEL_ID);
    label.name = const_cast<gchar *> ("ball");
    label.color = 0xff5662ff;
    label.probability = 0.97;
    GstGetiPrediction p = {};
    p.labels = &label;
    p.n_labels = 1;
    p.shape.type = GST_GETI_SHAPE_RECTANGLE;
    p.shape.x = 60 + (k % 5) * 240 + 30 * std::cos (phase);
    p.shape.y = 60 + (k / 5) * 160 + 30 * std::sin (phase);
    p.shape.width = 40;
    p.shape.height = 40;
    p.shape.visible = TRUE;
    gst_geti_predictions_add (predictions, &p);
  }
  return predictions;
}

/* 1280x720 I420 frames that wrap one static block of pixels: each buffer
 * its own GstMemory, no pixel written per frame */
struct FrameSource {
  std::vector<guint8> pixels;
  guint tracks;
  GstGetiPredictions *current = nullptr;
  GstClockTime current_pts = 0;

  explicit FrameSource (guint tracks_)
      : pixels (COST_WIDTH * COST_HEIGHT * 3 / 2, 16), tracks (tracks_)
  {}
  ~FrameSource ()
  {
    if (current)
      gst_geti_predictions_unref (current);
  }

  /* As getipredict in ordered mode: a new list every COST_INTERVAL frames,
   * the same list held in between */
  GstBuffer *buffer (guint64 frame)
  {
    GstBuffer *buffer = gst_buffer_new_wrapped_full (
        static_cast<GstMemoryFlags> (0), pixels.data (), pixels.size (), 0,
        pixels.size (), nullptr, nullptr);
    const GstClockTime pts = gst_util_uint64_scale (frame, GST_SECOND, FPS);
    GST_BUFFER_PTS (buffer) = pts;
    GST_BUFFER_DURATION (buffer) = GST_SECOND / FPS;
    const bool sampled = frame % COST_INTERVAL == 0;
    if (sampled) {
      if (current)
        gst_geti_predictions_unref (current);
      current = make_predictions (frame, tracks);
      current_pts = pts;
    }
    GstGetiPredictionMeta *meta = gst_buffer_add_geti_prediction_meta (
        buffer, current, COST_WIDTH, COST_HEIGHT);
    meta->frame = frame;
    meta->pts = pts;
    meta->source_pts = current_pts;
    meta->held = !sampled;
    meta->source = sampled ? GST_GETI_PREDICTION_SOURCE_PREDICTED
                           : GST_GETI_PREDICTION_SOURCE_HELD;
    meta->latency = 50 * GST_MSECOND;
    gst_geti::add_roi_metas (buffer, current, COST_WIDTH, COST_HEIGHT);
    return buffer;
  }
};

/* @element with @property ("name=value", or empty) set */
GstHarness *
cost_harness (const std::string &element, const std::string &property)
{
  GstHarness *h = gst_harness_new (element.c_str ());
  const auto eq = property.find ('=');
  if (eq != std::string::npos)
    gst_util_set_object_arg (G_OBJECT (h->element),
        property.substr (0, eq).c_str (), property.substr (eq + 1).c_str ());
  gst_harness_set_src_caps_str (
      h, ("video/x-raw,format=I420,width=" + std::to_string (COST_WIDTH) +
             ",height=" + std::to_string (COST_HEIGHT) +
             ",framerate=" + std::to_string (FPS) + "/1")
             .c_str ());
  return h;
}

struct CostRun {
  double seconds = 0;
  guint64 out = 0;
  guint64 copied = 0;    /* output buffers whose memory is not the input's */
  guint64 untracked = 0; /* output predictions without a track id */
};

/* Pushes @frames frames through a new harness of @element; with @verify,
 * keeps a reference on each memory pushed (so its address cannot be reused)
 * and checks that each output buffer carries that very memory. */
CostRun
cost_run (const std::string &element, const std::string &property,
    guint64 frames, guint tracks, bool verify)
{
  CostRun run;
  GstHarness *h = cost_harness (element, property);
  FrameSource source (tracks);
  std::map<GstClockTime, GstMemory *> pushed;

  auto pull_all = [&] () {
    GstBuffer *out;
    while ((out = gst_harness_try_pull (h)) != nullptr) {
      run.out++;
      if (verify) {
        auto it = pushed.find (GST_BUFFER_PTS (out));
        if (it == pushed.end () || gst_buffer_n_memory (out) != 1 ||
            gst_buffer_peek_memory (out, 0) != it->second)
          run.copied++;
        if (it != pushed.end ()) {
          gst_memory_unref (it->second);
          pushed.erase (it);
        }
        GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (out);
        for (guint i = 0;
             meta && i < gst_geti_prediction_meta_get_n_predictions (meta); i++)
          if (gst_geti_prediction_get_track_id (
                  gst_geti_prediction_meta_get_prediction (meta, i)) == 0)
            run.untracked++;
      }
      gst_buffer_unref (out);
    }
  };

  const gint64 start = g_get_monotonic_time ();
  for (guint64 f = 0; f < frames; f++) {
    GstBuffer *buffer = source.buffer (f);
    if (verify)
      pushed[GST_BUFFER_PTS (buffer)] =
          gst_memory_ref (gst_buffer_peek_memory (buffer, 0));
    gst_harness_push (h, buffer);
    pull_all ();
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  pull_all ();
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  for (auto &[pts, memory] : pushed) {
    run.copied++; /* never came out */
    gst_memory_unref (memory);
  }
  gst_harness_teardown (h);
  return run;
}

double
median (std::vector<double> values)
{
  std::sort (values.begin (), values.end ());
  return values[values.size () / 2];
}

int
cost (int argc, char **argv)
{
  guint64 frames = 2000;
  guint rounds = 9;
  guint tracks = 20;
  for (int i = 0; i < argc; i++) {
    const std::string arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--frames")
      frames = g_ascii_strtoull (value, nullptr, 10), i++;
    else if (arg == "--rounds")
      rounds = atoi (value), i++;
    else if (arg == "--tracks")
      tracks = atoi (value), i++;
    else {
      g_printerr ("unknown argument %s\n", arg.c_str ());
      return 2;
    }
  }
  if (!have_getitrack ()) {
    printf ("getitrack is not built: nothing to measure\n");
    return 1;
  }

  struct Config {
    std::string label, element, property;
    std::vector<double> per_frame;
  };
  std::vector<Config> configs = {
    { "identity", "identity", "", {} },
    { "getitrack motion=hold", "getitrack", "motion=hold", {} },
    { "getitrack motion=extrapolate", "getitrack", "motion=extrapolate", {} },
    { "getitrack motion=interpolate", "getitrack", "motion=interpolate", {} },
  };
  /* one warm-up run of each (plugin loading, caches) */
  for (auto &c : configs)
    cost_run (c.element, c.property, 100, tracks, false);
  for (guint round = 0; round < rounds; round++) {
    for (auto &c : configs) {
      const CostRun once =
          cost_run (c.element, c.property, frames, tracks, false);
      const CostRun twice =
          cost_run (c.element, c.property, 2 * frames, tracks, false);
      c.per_frame.push_back ((twice.seconds - once.seconds) / frames * 1e6);
    }
  }

  printf ("getitrack's cost: %ux%u I420 frames through a GstHarness, %u "
          "tracks (a new prediction meta every %u frames, held in between,\n"
          "with its ROI metas, as getipredict attaches them); marginal time "
          "per frame ((2N - N frames) / N, N = %" G_GUINT64_FORMAT
          "), median of %u rounds\n\n",
      COST_WIDTH, COST_HEIGHT, tracks, COST_INTERVAL, frames, rounds);
  printf ("%-32s %12s %14s %10s\n", "", "us/frame", "minus identity", "target");
  const double base = median (configs[0].per_frame);
  int failed = 0;
  for (auto &c : configs) {
    const double t = median (c.per_frame);
    if (c.element == "identity") {
      printf ("%-32s %12.2f %14s %10s\n", c.label.c_str (), t, "", "");
      continue;
    }
    const double own = t - base;
    const bool ok = own < 100.0;
    failed += !ok;
    printf ("%-32s %12.2f %14.2f %10s  %s\n", c.label.c_str (), t, own, "< 100",
        ok ? "ok" : "FAIL");
  }
  printf ("(every round, us/frame:");
  for (auto &c : configs) {
    printf (" %s", c.label.c_str ());
    for (double v : c.per_frame)
      printf (" %.1f", v);
    printf (";");
  }
  printf (")\n\n");

  for (auto &c : configs) {
    if (c.element == "identity")
      continue;
    const CostRun v = cost_run (c.element, c.property, 200, tracks, true);
    printf ("%-32s %llu/200 frames out, pixels copied: %s, predictions "
            "without a track id: %llu\n",
        c.label.c_str (), static_cast<unsigned long long> (v.out),
        v.copied == 0 ? "no" : "YES",
        static_cast<unsigned long long> (v.untracked));
    failed += v.copied != 0 || v.out != 200;
  }
  /* The control: an element that writes each frame into a new buffer */
  const CostRun control =
      cost_run ("videoflip", "method=horizontal-flip", 200, tracks, true);
  printf ("%-32s %llu/200 frames out, pixels copied: %s (the control: "
          "the check sees a copy)\n",
      "videoflip (a copy)", static_cast<unsigned long long> (control.out),
      control.copied == 200 ? "yes" : "NOT SEEN");
  failed += control.copied != 200;
  return failed == 0 ? 0 : 1;
}

int
scene ()
{
  const auto scene = test::MovingObjects::crossing_scene ();
  printf (
      "crossing clip: %dx%d, 300 frames\n", scene.width (), scene.height ());
  for (const auto &o : scene.objects ()) {
    /* the frames it is (at least partly) inside the picture */
    int first = -1, last = -1;
    for (int f = 0; f < 300; f++) {
      for (const auto &b : scene.truth (f))
        if (b.id == o.id) {
          if (first < 0)
            first = f;
          last = f;
        }
    }
    printf ("  object %u: %dx%d, top-left (%.0f, %.0f) on frame 0, "
            "(%+.1f, %+.1f) px/frame, in the picture on frames %d-%d\n",
        o.id, o.width, o.height, o.x0, o.y0, o.vx, o.vy, first, last);
  }
  const auto crossings = scene.crossings (300);
  for (const auto &c : crossings)
    printf ("  crossing: %u and %u on frames %" G_GUINT64_FORMAT
            "-%" G_GUINT64_FORMAT "\n",
        c.a, c.b, c.first, c.last);

  /* The truth against the detector on every rendered frame: outside the
   * crossings, one blob per object, with the object's very box */
  guint bad = 0;
  for (guint64 f = 0; f < 300; f++) {
    bool crossing = false;
    for (const auto &c : crossings)
      crossing = crossing || (f >= c.first && f <= c.last);
    if (crossing)
      continue;
    GstBuffer *buffer = scene.render_buffer (f);
    GstMapInfo map;
    gst_buffer_map (buffer, &map, GST_MAP_READ);
    auto blobs = geti::fake::detect_blobs (
        map.data, scene.width (), scene.height (), scene.width ());
    gst_buffer_unmap (buffer, &map);
    gst_buffer_unref (buffer);
    auto truth = scene.truth (f);
    bool same = blobs.size () == truth.size ();
    for (const auto &t : truth) {
      bool found = false;
      for (const auto &b : blobs)
        found = found || (b.x == t.x && b.y == t.y && b.width == t.width &&
                             b.height == t.height);
      same = same && found;
    }
    if (!same) {
      bad++;
      printf ("  frame %" G_GUINT64_FORMAT ": truth %s, the detector sees "
              "%zu blobs\n",
          f, test::describe (truth).c_str (), blobs.size ());
    }
  }
  printf ("truth against the detector on the frames outside the crossings: "
          "%s\n",
      bad == 0 ? "the same boxes" : "DIFFERENT");
  return bad == 0 ? 0 : 1;
}

} // namespace

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "quality")
    return quality (argc - 2, argv + 2);
  if (command == "cost")
    return cost (argc - 2, argv + 2);
  if (command == "scene")
    return scene ();
  g_printerr ("usage: track-bench quality|cost|scene [options]\n");
  return 2;
}
