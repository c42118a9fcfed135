/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict's concurrency against servers of known capacity (issue 18;
 * tests/bench/adaptive_bench.sh runs it, tests/bench/README.md says how
 * each figure is measured):
 *
 *   adaptive-bench [--quick] [--warmup S] [--seconds S] [--size WxH]
 *       [--settings 1,2,...] [--mif 1,2,4,8,16,0] [--no-halves]
 *       [--halves-at S] [--halves-after S] [--timeline]
 *
 * For each server setting (the in-process fake Geti server: K inferences at
 * once at L ms each, or a rate limit of R requests per second), one
 * pipeline per max-in-flight (0: adaptive)
 *
 *   videotestsrc is-live=false pattern=ball ! video/x-raw,format=I420,
 *       width=320,height=180 ! getipredict interval=1 mode=ordered
 *       max-in-flight=N ! fakesink
 *
 * runs for warm-up + measured seconds. The source is not live and the
 * element is in ordered mode: a frame waits for a free request slot, so
 * there is always one more frame than the element may send (demand is
 * above any capacity) and what it reaches is what its limit and the server
 * allow. Then "capacity halves": adaptive against K=8, L=50 ms, whose
 * capacity drops to 4 after 8 s; how long until the element's throughput
 * and latency are right again, for good.
 *
 * Prints a table and the targets with ok/FAIL; exits 1 when one
 * is missed. Before the element knows max-in-flight=0 and the stats'
 * "limit" (the server pool), those print n/a.
 */
#include <gst/geti/geti.h>
#include <gst/gst.h>

#include "fake_geti_server.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr guint ADAPTIVE = 0; /* max-in-flight=0 */
constexpr guint DEFAULT_FIXED = 4;
/* the targets */
constexpr double TARGET_THROUGHPUT = 0.9; /* of min(K/L, R) */
constexpr double TARGET_P95 = 1.5;        /* of L */
constexpr double TARGET_THROTTLED = 0.05; /* of the attempts */
constexpr double TARGET_SETTLE_S = 5.0;
/* "never worse" than the fixed default: throughput lower by at most 5 %,
 * p95 latency not higher */
constexpr double NEVER_WORSE_THROUGHPUT = 0.95;

constexpr gint64 SAMPLE_US = 100 * 1000;

struct ServerSetting {
  std::string name;
  guint capacity = 0; /* 0: unlimited */
  guint latency_ms = 0;
  double rate = 0.0; /* 0: no rate limit */

  /* min(K/L, R) in predictions per second; infinite when neither */
  double ideal () const
  {
    double best = std::numeric_limits<double>::infinity ();
    if (capacity > 0 && latency_ms > 0)
      best = capacity * 1000.0 / latency_ms;
    if (rate > 0)
      best = std::min (best, rate);
    return best;
  }
};

std::vector<ServerSetting>
default_settings ()
{
  return {
    { "K=1 L=50", 1, 50, 0 },
    { "K=2 L=50", 2, 50, 0 },
    { "K=4 L=100", 4, 100, 0 },
    { "K=8 L=50", 8, 50, 0 },
    { "K=16 L=20", 16, 20, 0 },
    { "R=30 L=50", 0, 50, 30 },
  };
}

struct Options {
  double warmup_s = 2.0;
  double measure_s = 6.0;
  int width = 320;
  int height = 180;
  std::vector<guint> settings; /* indexes into default_settings (); empty:
                                  all */
  std::vector<guint> mifs = { 1, 2, 4, 8, 16, ADAPTIVE };
  bool halves = true;
  double halves_at_s = 8.0;
  double halves_after_s = 12.0;
  bool timeline = false;
};

/* One sample of the element's stats and the server's counters */
struct Sample {
  double t = 0; /* seconds since PLAYING */
  guint64 succeeded = 0;
  guint64 failed = 0;
  guint64 retried = 0;
  guint64 in_flight = 0;
  std::optional<guint64> limit;
  guint predict_count = 0; /* the server's */
  guint throttled = 0;     /* the server's */
};

/* One answer that reached the sink: when, and its latency */
struct Answer {
  double t = 0;
  double latency_ms = 0;
};

struct Run {
  std::string error;
  std::vector<Sample> samples;
  std::vector<Answer> answers;
};

/* What a window [from, to) of a run shows */
struct Figures {
  double rate = 0; /* predictions per second */
  double p95_ms = NAN;
  double p50_ms = NAN;
  gsize answers = 0;
  double throttled_fraction = NAN; /* of the server's :predict requests */
  guint64 failed = 0;
  std::optional<guint64> limit_end;
  double limit_mean = NAN;
  std::optional<guint64> limit_min, limit_max;
  double in_flight_mean = NAN;
};

double
percentile (std::vector<double> values, double p)
{
  if (values.empty ())
    return NAN;
  std::sort (values.begin (), values.end ());
  /* nearest rank, as the element's own stats */
  const auto rank = static_cast<gsize> (std::ceil (p / 100.0 * values.size ()));
  return values[std::clamp<gsize> (rank, 1, values.size ()) - 1];
}

/* The sample nearest to @t */
const Sample &
sample_at (const Run &run, double t)
{
  const Sample *best = &run.samples.front ();
  for (const Sample &s : run.samples)
    if (std::fabs (s.t - t) < std::fabs (best->t - t))
      best = &s;
  return *best;
}

Figures
figures (const Run &run, double from, double to)
{
  Figures f;
  if (run.samples.size () < 2)
    return f;
  const Sample &a = sample_at (run, from);
  const Sample &b = sample_at (run, to);
  if (b.t <= a.t)
    return f;
  f.rate = (b.succeeded - a.succeeded) / (b.t - a.t);
  f.failed = b.failed - a.failed;
  const guint attempts = b.predict_count - a.predict_count;
  if (attempts > 0)
    f.throttled_fraction = double (b.throttled - a.throttled) / attempts;
  std::vector<double> latencies;
  for (const Answer &answer : run.answers)
    if (answer.t >= a.t && answer.t < b.t)
      latencies.push_back (answer.latency_ms);
  f.answers = latencies.size ();
  f.p95_ms = percentile (latencies, 95);
  f.p50_ms = percentile (latencies, 50);
  f.limit_end = b.limit;
  double limit_sum = 0, in_flight_sum = 0;
  guint n = 0, limits = 0;
  for (const Sample &s : run.samples) {
    if (s.t < a.t || s.t > b.t)
      continue;
    n++;
    in_flight_sum += s.in_flight;
    if (s.limit) {
      limits++;
      limit_sum += *s.limit;
      f.limit_min = std::min (f.limit_min.value_or (G_MAXUINT64), *s.limit);
      f.limit_max = std::max (f.limit_max.value_or (0), *s.limit);
    }
  }
  if (n > 0)
    f.in_flight_mean = in_flight_sum / n;
  if (limits > 0)
    f.limit_mean = limit_sum / limits;
  return f;
}

/* ---------------------------------------------------------------------- */
/* Running a pipeline */

bool
adaptive_supported ()
{
  GstElementFactory *factory = gst_element_factory_find ("getipredict");
  if (factory == nullptr)
    return false;
  GstElement *element = gst_element_factory_create (factory, nullptr);
  gst_object_unref (factory);
  if (element == nullptr)
    return false;
  GParamSpec *spec = g_object_class_find_property (
      G_OBJECT_GET_CLASS (element), "max-in-flight");
  const bool supported = spec != nullptr && G_IS_PARAM_SPEC_UINT (spec) &&
                         G_PARAM_SPEC_UINT (spec)->minimum == 0;
  gst_object_unref (element);
  return supported;
}

std::string
predict_properties (const geti::fake::Server &server)
{
  const auto &o = server.options ();
  return "server=" + server.url () + " organization-id=" + o.organization_id +
         " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
         " api-key=" + o.api_key;
}

struct ProbeData {
  std::mutex lock;
  gint64 start_us = 0;
  std::vector<Answer> answers;
};

GstPadProbeReturn
on_buffer (GstPad *, GstPadProbeInfo *info, gpointer data)
{
  auto probe = static_cast<ProbeData *> (data);
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  /* a frame's own answer, not one held from an earlier frame */
  if (meta == nullptr || meta->held || !GST_CLOCK_TIME_IS_VALID (meta->latency))
    return GST_PAD_PROBE_OK;
  const gint64 now = g_get_monotonic_time ();
  std::lock_guard<std::mutex> guard (probe->lock);
  probe->answers.push_back (
      Answer{ (now - probe->start_us) / 1e6, meta->latency / 1e6 });
  return GST_PAD_PROBE_OK;
}

/* Runs getipredict with @max_in_flight against a new server of @setting
 * for @seconds, sampling every 100 ms; at @change_at_s (if > 0) the
 * server's capacity becomes @new_capacity. */
Run
run_pipeline (const Options &opt, const ServerSetting &setting,
    guint max_in_flight, double seconds, double change_at_s = 0,
    guint new_capacity = 0)
{
  Run run;
  geti::fake::ServerOptions server_options;
  server_options.capacity = setting.capacity;
  server_options.latency_ms = setting.latency_ms;
  server_options.rate_limit = setting.rate;
  g_autoptr (GError) error = nullptr;
  /* a server of its own per run: a fresh port, so no connection, token or
   * pool of the run before carries over */
  std::unique_ptr<geti::fake::Server> server =
      geti::fake::Server::start (server_options, &error);
  if (!server) {
    run.error = std::string ("fake server: ") + error->message;
    return run;
  }

  const std::string description =
      "videotestsrc is-live=false pattern=ball ! video/x-raw,format=I420,"
      "width=" +
      std::to_string (opt.width) + ",height=" + std::to_string (opt.height) +
      ",framerate=30/1 ! getipredict name=predict interval=1 mode=ordered "
      "attach-roi-meta=false " +
      predict_properties (*server) + " ! fakesink sync=false";
  GstElement *pipeline = gst_parse_launch (description.c_str (), &error);
  if (pipeline == nullptr || error != nullptr) {
    run.error = error ? error->message : "the pipeline did not parse";
    if (pipeline != nullptr)
      gst_object_unref (pipeline);
    return run;
  }
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  if (g_object_class_find_property (
          G_OBJECT_GET_CLASS (predict), "attach-analytics-meta") != nullptr)
    g_object_set (predict, "attach-analytics-meta", FALSE, nullptr);
  g_object_set (predict, "max-in-flight", max_in_flight, nullptr);

  ProbeData probe;
  GstPad *src = gst_element_get_static_pad (predict, "src");
  gst_pad_add_probe (
      src, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, &probe, nullptr);
  gst_object_unref (src);

  GstBus *bus = gst_element_get_bus (pipeline);
  probe.start_us = g_get_monotonic_time ();
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    run.error = "the pipeline did not start";
  bool changed = change_at_s <= 0;
  const gint64 start = probe.start_us;
  for (gint64 next = start; run.error.empty ();) {
    next += SAMPLE_US;
    const gint64 wait = next - g_get_monotonic_time ();
    /* the bus's error, or the next sample */
    GstMessage *message =
        gst_bus_timed_pop_filtered (bus, wait > 0 ? wait * GST_USECOND : 0,
            static_cast<GstMessageType> (GST_MESSAGE_ERROR | GST_MESSAGE_EOS));
    if (message != nullptr) {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR) {
        g_autoptr (GError) err = nullptr;
        gst_message_parse_error (message, &err, nullptr);
        run.error = err->message;
      } else {
        run.error = "EOS";
      }
      gst_message_unref (message);
      break;
    }
    const double t = (g_get_monotonic_time () - start) / 1e6;
    if (!changed && t >= change_at_s) {
      server->set_capacity (new_capacity);
      changed = true;
    }
    GstStructure *stats = nullptr;
    g_object_get (predict, "stats", &stats, nullptr);
    Sample s;
    s.t = t;
    if (stats != nullptr) {
      gst_structure_get_uint64 (stats, "succeeded", &s.succeeded);
      gst_structure_get_uint64 (stats, "failed", &s.failed);
      gst_structure_get_uint64 (stats, "retried", &s.retried);
      gst_structure_get_uint64 (stats, "in-flight", &s.in_flight);
      guint64 limit = 0;
      if (gst_structure_get_uint64 (stats, "limit", &limit))
        s.limit = limit;
      gst_structure_free (stats);
    }
    s.predict_count = server->predict_count ();
    s.throttled = server->throttled_count ();
    run.samples.push_back (s);
    if (t >= seconds)
      break;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (predict);
  gst_object_unref (pipeline);
  {
    std::lock_guard<std::mutex> guard (probe.lock);
    run.answers = std::move (probe.answers);
  }
  return run;
}

/* ---------------------------------------------------------------------- */
/* Printing */

std::string
mif_name (guint mif)
{
  return mif == ADAPTIVE ? "adaptive" : std::to_string (mif);
}

std::string
number (double value, const char *format)
{
  if (std::isnan (value) || std::isinf (value))
    return "-";
  g_autofree gchar *text = g_strdup_printf (format, value);
  return text;
}

struct Row {
  ServerSetting setting;
  guint mif = 0;
  bool ran = false;
  std::string error;
  Figures f;
};

void
print_header ()
{
  printf ("%-10s %-8s %8s %7s %6s %7s %6s %6s %6s %6s %7s %7s %7s\n", "server",
      "mif", "pred/s", "ideal", "ratio", "p95 ms", "p95/L", "429 %", "failed",
      "limit", "limit~", "range", "flight~");
}

void
print_row (const Row &row)
{
  const ServerSetting &s = row.setting;
  printf ("%-10s %-8s ", s.name.c_str (), mif_name (row.mif).c_str ());
  if (!row.ran) {
    printf ("%s\n", row.error.c_str ());
    return;
  }
  const Figures &f = row.f;
  const double ideal = s.ideal ();
  const std::string range = f.limit_min ? std::to_string (*f.limit_min) + "-" +
                                              std::to_string (*f.limit_max)
                                        : "n/a";
  printf ("%8.1f %7s %6s %7s %6s %6s %6" G_GUINT64_FORMAT
          " %6s %7s %7s %7s%s%s\n",
      f.rate, number (ideal, "%.0f").c_str (),
      number (f.rate / ideal, "%.2f").c_str (),
      number (f.p95_ms, "%.1f").c_str (),
      number (s.latency_ms > 0 ? f.p95_ms / s.latency_ms : NAN, "%.2f")
          .c_str (),
      number (100 * f.throttled_fraction, "%.1f").c_str (), f.failed,
      f.limit_end ? std::to_string (*f.limit_end).c_str () : "n/a",
      std::isnan (f.limit_mean) ? "n/a"
                                : number (f.limit_mean, "%.1f").c_str (),
      range.c_str (), number (f.in_flight_mean, "%.1f").c_str (),
      row.error.empty () ? "" : "  ", row.error.c_str ());
  fflush (stdout);
}

/* Per @step seconds from @from to @to: limit, in flight, predictions per
 * second and p95 over the step */
void
print_timeline (const Run &run, double from, double to, double step)
{
  printf ("  %6s %6s %7s %8s %7s %7s %6s\n", "t s", "limit", "flight", "pred/s",
      "p50 ms", "p95 ms", "429");
  for (double t = from; t + step <= to + 1e-9; t += step) {
    const Figures f = figures (run, t, t + step);
    const Sample &end = sample_at (run, t + step);
    const Sample &begin = sample_at (run, t);
    printf ("  %6.1f %6s %7" G_GUINT64_FORMAT " %8.1f %7s %7s %6u\n", t + step,
        end.limit ? std::to_string (*end.limit).c_str () : "n/a", end.in_flight,
        f.rate, number (f.p50_ms, "%.1f").c_str (),
        number (f.p95_ms, "%.1f").c_str (), end.throttled - begin.throttled);
  }
}

std::vector<guint>
parse_list (const char *text)
{
  std::vector<guint> out;
  std::stringstream stream (text);
  std::string item;
  while (std::getline (stream, item, ','))
    if (!item.empty ())
      out.push_back (
          static_cast<guint> (std::strtoul (item.c_str (), nullptr, 10)));
  return out;
}

void
usage ()
{
  g_printerr (
      "usage: adaptive-bench [--quick] [--warmup S] [--seconds S] "
      "[--size WxH]\n"
      "         [--settings 1,2,...] [--mif 1,2,4,8,16,0] [--no-halves]\n"
      "         [--halves-at S] [--halves-after S] [--timeline]\n"
      "  settings: 1 K=1 L=50, 2 K=2 L=50, 3 K=4 L=100, 4 K=8 L=50, "
      "5 K=16 L=20, 6 R=30 L=50\n"
      "  mif: max-in-flight values, 0 = adaptive\n");
}

} // namespace

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  Options opt;
  for (int i = 1; i < argc; i++) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--quick") {
      opt.warmup_s = 1.0;
      opt.measure_s = 2.0;
      opt.halves_at_s = 4.0;
      opt.halves_after_s = 6.0;
    } else if (arg == "--warmup" && has_value) {
      opt.warmup_s = g_ascii_strtod (argv[++i], nullptr);
    } else if (arg == "--seconds" && has_value) {
      opt.measure_s = g_ascii_strtod (argv[++i], nullptr);
    } else if (arg == "--size" && has_value) {
      if (sscanf (argv[++i], "%dx%d", &opt.width, &opt.height) != 2 ||
          opt.width < 16 || opt.height < 16) {
        usage ();
        return 2;
      }
    } else if (arg == "--settings" && has_value) {
      opt.settings = parse_list (argv[++i]);
    } else if (arg == "--mif" && has_value) {
      opt.mifs = parse_list (argv[++i]);
    } else if (arg == "--no-halves") {
      opt.halves = false;
    } else if (arg == "--halves-at" && has_value) {
      opt.halves_at_s = g_ascii_strtod (argv[++i], nullptr);
    } else if (arg == "--halves-after" && has_value) {
      opt.halves_after_s = g_ascii_strtod (argv[++i], nullptr);
    } else if (arg == "--timeline") {
      opt.timeline = true;
    } else {
      usage ();
      return 2;
    }
  }
  if (opt.measure_s <= 0 || opt.warmup_s < 0 || opt.halves_after_s <= 1) {
    usage ();
    return 2;
  }

  const std::vector<ServerSetting> all = default_settings ();
  std::vector<ServerSetting> settings;
  if (opt.settings.empty ())
    settings = all;
  for (guint index : opt.settings) {
    if (index < 1 || index > all.size ()) {
      usage ();
      return 2;
    }
    settings.push_back (all[index - 1]);
  }
  const bool adaptive = adaptive_supported ();

  printf ("getipredict interval=1 mode=ordered max-in-flight=N against the "
          "in-process fake Geti server;\n"
          "videotestsrc is-live=false pattern=ball %dx%d I420 (a frame always "
          "waits for a slot: demand above capacity);\n"
          "warm-up %.1f s, measured %.1f s per row. K: inferences at once, "
          "L: ms each, R: requests/s (429 beyond).\n"
          "pred/s: the element's succeeded / measured s; ideal: min(K/L, R); "
          "p95: of the answers' latency (sent to\n"
          "answered, the prediction meta's); 429 %%: the server's throttled / "
          "its :predict requests; failed: predictions\n"
          "given up; limit: stats' limit at the end; limit~, flight~: means "
          "of the stats' limit and in-flight over the\n"
          "measured time, range: the lowest and highest limit in it.\n",
      opt.width, opt.height, opt.warmup_s, opt.measure_s);
  if (!adaptive)
    printf ("This getipredict has no max-in-flight=0 (adaptive) yet: those "
            "rows are n/a.\n");
  printf ("\n");

  /* what this machine's client and server can do at all */
  {
    const ServerSetting ceiling{ "ceiling", 0, 0, 0 };
    Run run = run_pipeline (opt, ceiling, 16, opt.warmup_s + opt.measure_s);
    const Figures f = figures (run, opt.warmup_s, opt.warmup_s + opt.measure_s);
    printf ("Ceiling (a server of unlimited capacity answering at once, "
            "max-in-flight=16): %.0f pred/s, p95 %.1f ms%s%s\n\n",
        f.rate, f.p95_ms, run.error.empty () ? "" : "; ", run.error.c_str ());
  }

  print_header ();
  std::vector<Row> rows;
  for (const ServerSetting &setting : settings) {
    for (guint mif : opt.mifs) {
      Row row;
      row.setting = setting;
      row.mif = mif;
      if (mif == ADAPTIVE && !adaptive) {
        row.error = "n/a";
      } else {
        Run run =
            run_pipeline (opt, setting, mif, opt.warmup_s + opt.measure_s);
        if (run.samples.size () < 2) {
          row.error = run.error.empty () ? "no samples" : run.error;
        } else {
          row.ran = true;
          row.error = run.error;
          row.f = figures (run, opt.warmup_s, opt.warmup_s + opt.measure_s);
        }
        if (opt.timeline && row.ran) {
          print_row (row);
          print_timeline (run, 0, opt.warmup_s + opt.measure_s, 0.5);
          rows.push_back (row);
          continue;
        }
      }
      print_row (row);
      rows.push_back (row);
    }
  }

  /* the targets */
  int missed = 0;
  auto verdict = [&missed] (bool ok) {
    if (!ok)
      missed++;
    return ok ? "ok" : "FAIL";
  };
  printf ("\nTargets (adaptive: >= %.1f x ideal, p95 <= %.1f x L, < %.0f %% "
          "429; never worse than max-in-flight=%u:\n"
          "throughput not lower by more than %.0f %% and p95 not higher)\n",
      TARGET_THROUGHPUT, TARGET_P95, 100 * TARGET_THROTTLED, DEFAULT_FIXED,
      100 * (1 - NEVER_WORSE_THROUGHPUT));
  for (const ServerSetting &setting : settings) {
    const Row *a = nullptr, *fixed = nullptr, *best = nullptr;
    for (const Row &row : rows) {
      if (row.setting.name != setting.name)
        continue;
      if (row.mif == ADAPTIVE)
        a = &row;
      if (row.mif == DEFAULT_FIXED)
        fixed = &row;
      if (row.mif != ADAPTIVE && row.ran &&
          (best == nullptr || row.f.rate > best->f.rate))
        best = &row;
    }
    printf ("  %-10s ", setting.name.c_str ());
    if (a == nullptr || !a->ran) {
      printf ("adaptive: %s\n", a == nullptr ? "not run" : a->error.c_str ());
      continue;
    }
    const double ratio = a->f.rate / setting.ideal ();
    const double p95_ratio = a->f.p95_ms / setting.latency_ms;
    const double throttled =
        std::isnan (a->f.throttled_fraction) ? 0 : a->f.throttled_fraction;
    printf ("throughput %.3f %s, p95 %.2f L %s, 429 %.1f %% %s", ratio,
        verdict (ratio >= TARGET_THROUGHPUT), p95_ratio,
        verdict (p95_ratio <= TARGET_P95), 100 * throttled,
        verdict (throttled < TARGET_THROTTLED));
    if (fixed != nullptr && fixed->ran) {
      const double rate_change = a->f.rate / fixed->f.rate - 1;
      const double p95_change = a->f.p95_ms / fixed->f.p95_ms - 1;
      const bool never_worse =
          a->f.rate >= NEVER_WORSE_THROUGHPUT * fixed->f.rate &&
          a->f.p95_ms <= fixed->f.p95_ms;
      printf ("; vs %u: throughput %+.0f %%, p95 %+.0f %% %s", DEFAULT_FIXED,
          100 * rate_change, 100 * p95_change,
          never_worse ? "never worse" : "WORSE");
      if (!never_worse)
        missed++;
    }
    /* what the client reaches at all on this machine, for comparison */
    if (best != nullptr)
      printf ("; best fixed (%u): %.2f x ideal", best->mif,
          best->f.rate / setting.ideal ());
    printf ("\n");
  }

  if (opt.halves) {
    const ServerSetting setting{ "K=8>4 L=50", 8, 50, 0 };
    const guint new_capacity = 4;
    const double total = opt.halves_at_s + opt.halves_after_s;
    printf ("\nCapacity halves: adaptive against K=8, L=50 ms; at %.0f s the "
            "server's capacity becomes %u.\n",
        opt.halves_at_s, new_capacity);
    if (!adaptive) {
      printf ("  n/a (no adaptive max-in-flight in this build)\n");
    } else {
      Run run = run_pipeline (
          opt, setting, ADAPTIVE, total, opt.halves_at_s, new_capacity);
      if (!run.error.empty ())
        printf ("  the run ended early: %s\n", run.error.c_str ());
      const double at = opt.halves_at_s;
      const double before_from = std::max (opt.warmup_s, at - 2.0);
      const Figures before = figures (run, before_from, at);
      const double latency = setting.latency_ms;
      const double good_rate =
          TARGET_THROUGHPUT * new_capacity * 1000.0 / latency;
      printf ("  before (%.0f-%.0f s): %.1f pred/s, p95 %.1f ms, limit %s\n",
          before_from, at, before.rate, before.p95_ms,
          before.limit_end ? std::to_string (*before.limit_end).c_str ()
                           : "n/a");
      /* 1 s windows every 0.1 s after the change: settled from the start
       * of the first window after which every window has p95 <= 1.5 L and
       * throughput >= 0.9 K/L */
      std::vector<std::pair<double, bool>> windows;
      const double end = run.samples.empty () ? at : run.samples.back ().t;
      for (double t = at; t + 1.0 <= end + 1e-9; t += 0.1) {
        const Figures f = figures (run, t, t + 1.0);
        windows.emplace_back (
            t, f.p95_ms <= TARGET_P95 * latency && f.rate >= good_rate);
      }
      std::optional<double> settled;
      for (auto it = windows.rbegin (); it != windows.rend (); ++it) {
        if (!it->second)
          break;
        settled = it->first - at;
      }
      const Figures after = figures (run, std::max (at, end - 3.0), end);
      printf ("  after (last 3 s): %.1f pred/s, p95 %.1f ms, limit %s\n",
          after.rate, after.p95_ms,
          after.limit_end ? std::to_string (*after.limit_end).c_str () : "n/a");
      if (windows.empty ())
        printf ("  settles: not measured (run too short)\n");
      else if (settled)
        printf ("  settles after %.1f s (p95 <= %.0f ms and >= %.0f pred/s in "
                "every 1 s window from then on): %s\n",
            *settled, TARGET_P95 * latency, good_rate,
            verdict (*settled <= TARGET_SETTLE_S));
      else
        printf ("  does not settle within %.0f s (the last 1 s window misses "
                "p95 <= %.0f ms or >= %.0f pred/s): %s\n",
            opt.halves_after_s, TARGET_P95 * latency, good_rate,
            verdict (false));
      print_timeline (run, std::max (0.0, at - 2.0), end, 0.5);
    }
  }
  return missed == 0 ? 0 : 1;
}
