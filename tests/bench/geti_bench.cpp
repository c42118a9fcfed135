/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The measuring half of the benchmark (tests/bench/bench.py drives it):
 *
 *   geti-bench pipeline "<gst-launch description with a sink named sink>"
 *       [--rss-every N]
 *     runs the pipeline to EOS in this process and prints, as JSON, the
 *     frames that reached the sink, the wall and CPU time (all threads) and,
 *     every N frames, the resident set size.
 *
 *   geti-bench encode --width W --height H [--max-size M] [--frames F]
 *       [--pattern P]
 *     the work a prediction cannot avoid, timed alone: (scale and) JPEG
 *     encode F frames of videotestsrc's pattern P (smpte), in CPU time.
 *
 *   geti-bench dump-jpegs --width W --height H --frames F --dir D
 *     writes the frames as JPEG files, for the sequential Python loop.
 *
 *   geti-bench post --width W --height H [--max-size M] [--frames F]
 *       [--threads T] [--pattern P]
 *     the HTTP side of a prediction alone: the frames are encoded first,
 *     then T threads post them with the client (geti::Client::predict, as
 *     getipredict's workers do) to the server named by GETI_SERVER,
 *     GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID, GETI_PROJECT_ID and
 *     GETI_API_KEY (fake-geti-server --print-env's lines); prints the CPU
 *     time of the posting threads per request and the process's counters
 *     over the posting.
 */
#include <gst/app/app.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "client.h"
#include "frame_scaler.h"
#include "jpeg_encoder.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

namespace {

double
cpu_seconds (int who)
{
  struct rusage usage;
  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* The counters of getrusage (RUSAGE_SELF: every thread, the finished ones
 * too) that say where CPU time goes besides instructions: user and system
 * time, minor page faults (memory the kernel hands out anew: an mmap'ed
 * allocation touched for the first time), voluntary context switches (a
 * thread blocking: waiting for a lock, a condition, the network) and
 * involuntary ones (preempted). */
struct Usage {
  double user_s = 0, system_s = 0;
  long minor_faults = 0, major_faults = 0, voluntary = 0, involuntary = 0;

  static Usage now ()
  {
    struct rusage r;
    getrusage (RUSAGE_SELF, &r);
    Usage u;
    u.user_s = r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6;
    u.system_s = r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
    u.minor_faults = r.ru_minflt;
    u.major_faults = r.ru_majflt;
    u.voluntary = r.ru_nvcsw;
    u.involuntary = r.ru_nivcsw;
    return u;
  }
  Usage operator- (const Usage &o) const
  {
    Usage d;
    d.user_s = user_s - o.user_s;
    d.system_s = system_s - o.system_s;
    d.minor_faults = minor_faults - o.minor_faults;
    d.major_faults = major_faults - o.major_faults;
    d.voluntary = voluntary - o.voluntary;
    d.involuntary = involuntary - o.involuntary;
    return d;
  }
  /* as JSON members, with a leading comma */
  gchar *json () const
  {
    return g_strdup_printf (", \"user_s\": %.4f, \"system_s\": %.4f, "
                            "\"minor_faults\": %ld, \"major_faults\": %ld, "
                            "\"voluntary_switches\": %ld, "
                            "\"involuntary_switches\": %ld",
        user_s, system_s, minor_faults, major_faults, voluntary, involuntary);
  }
};

double
thread_cpu_seconds ()
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

long
rss_kb ()
{
  FILE *f = fopen ("/proc/self/status", "r");
  if (f == nullptr)
    return -1;
  char line[256];
  long kb = -1;
  while (fgets (line, sizeof line, f)) {
    if (strncmp (line, "VmRSS:", 6) == 0) {
      kb = strtol (line + 6, nullptr, 10);
      break;
    }
  }
  fclose (f);
  return kb;
}

/* The contents of /proc/self/task/@tid/@what, or null */
gchar *
task_file (const gchar *tid, const char *what)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/self/task/%s/%s", tid, what);
  gchar *text = nullptr;
  if (!g_file_get_contents (path, &text, nullptr, nullptr))
    return nullptr;
  return text;
}

/* Each thread of the process still alive, as JSON: its name, its time on
 * a CPU (schedstat, ns) and its voluntary and involuntary context
 * switches, to see which thread a cost belongs to. */
gchar *
threads_json ()
{
  GString *out = g_string_new ("[");
  GDir *dir = g_dir_open ("/proc/self/task", 0, nullptr);
  if (dir == nullptr) {
    g_string_append (out, "]");
    return g_string_free (out, FALSE);
  }
  bool first = true;
  while (const gchar *tid = g_dir_read_name (dir)) {
    g_autofree gchar *comm = task_file (tid, "comm");
    g_autofree gchar *schedstat = task_file (tid, "schedstat");
    g_autofree gchar *status = task_file (tid, "status");
    if (comm == nullptr || schedstat == nullptr || status == nullptr)
      continue;
    g_strstrip (comm);
    guint64 run_ns = g_ascii_strtoull (schedstat, nullptr, 10);
    long voluntary = 0, involuntary = 0;
    if (const char *v = strstr (status, "\nvoluntary_ctxt_switches:"))
      voluntary = strtol (v + 26, nullptr, 10);
    if (const char *v = strstr (status, "nonvoluntary_ctxt_switches:"))
      involuntary = strtol (v + 27, nullptr, 10);
    g_string_append_printf (out,
        "%s{\"tid\": %s, \"name\": \"%s\", \"run_ns\": %" G_GUINT64_FORMAT
        ", \"voluntary\": %ld, \"involuntary\": %ld}",
        first ? "" : ", ", tid, comm, run_ns, voluntary, involuntary);
    first = false;
  }
  g_dir_close (dir);
  g_string_append (out, "]");
  return g_string_free (out, FALSE);
}

struct Counter {
  guint64 frames = 0;
  guint rss_every = 0;
  std::vector<std::pair<guint64, long>> rss;
};

GstPadProbeReturn
count_frame (GstPad *, GstPadProbeInfo *, gpointer user_data)
{
  auto *counter = static_cast<Counter *> (user_data);
  counter->frames++;
  if (counter->rss_every && counter->frames % counter->rss_every == 0)
    counter->rss.emplace_back (counter->frames, rss_kb ());
  return GST_PAD_PROBE_OK;
}

int
run_pipeline (const char *description, guint rss_every)
{
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch (description, &error);
  if (pipeline == nullptr) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  if (sink == nullptr) {
    g_printerr ("the pipeline needs a sink named \"sink\"\n");
    return 1;
  }
  Counter counter;
  counter.rss_every = rss_every;
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (
      pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame, &counter, nullptr);
  gst_object_unref (pad);

  const double cpu_start = cpu_seconds (RUSAGE_SELF);
  const Usage usage_start = Usage::now ();
  const gint64 wall_start = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      static_cast<GstMessageType> (GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const double wall = (g_get_monotonic_time () - wall_start) / 1e6;
  const double cpu = cpu_seconds (RUSAGE_SELF) - cpu_start;
  g_autofree gchar *usage = (Usage::now () - usage_start).json ();
  g_autofree gchar *threads = threads_json ();
  int ret = 0;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = nullptr;
    gst_message_parse_error (msg, &err, nullptr);
    g_printerr ("error: %s\n", err->message);
    g_error_free (err);
    ret = 1;
  }
  gst_message_unref (msg);

  /* the element's statistics, when there is a getipredict named predict */
  gchar *stats_text = g_strdup ("null");
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  if (predict != nullptr) {
    GstStructure *stats = nullptr;
    g_object_get (predict, "stats", &stats, nullptr);
    guint64 requests = 0, succeeded = 0, failed = 0;
    double p50 = 0;
    gst_structure_get (stats, "requests", G_TYPE_UINT64, &requests, "succeeded",
        G_TYPE_UINT64, &succeeded, "failed", G_TYPE_UINT64, &failed,
        "latency-p50-ms", G_TYPE_DOUBLE, &p50, nullptr);
    g_free (stats_text);
    stats_text = g_strdup_printf ("{\"requests\": %" G_GUINT64_FORMAT
                                  ", \"succeeded\": %" G_GUINT64_FORMAT
                                  ", \"failed\": %" G_GUINT64_FORMAT
                                  ", \"latency_p50_ms\": %.2f}",
        requests, succeeded, failed, p50);
    gst_structure_free (stats);
    gst_object_unref (predict);
  }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_print ("{\"frames\": %" G_GUINT64_FORMAT ", \"wall_s\": %.4f, \"cpu_s\": "
           "%.4f%s, \"threads\": %s, \"stats\": %s, \"rss_kb\": [",
      counter.frames, wall, cpu, usage, threads, stats_text);
  for (gsize i = 0; i < counter.rss.size (); i++)
    g_print ("%s[%" G_GUINT64_FORMAT ", %ld]", i ? ", " : "",
        counter.rss[i].first, counter.rss[i].second);
  g_print ("]}\n");
  g_free (stats_text);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return ret;
}

/* F frames of a videotestsrc pattern, raw, in memory. */
std::vector<GstSample *>
test_frames (const char *pattern, int width, int height, int frames)
{
  gchar *description = g_strdup_printf (
      "videotestsrc pattern=%s "
      "num-buffers=%d ! video/x-raw,format=I420,width=%d,height=%d ! "
      "appsink name=sink sync=false",
      pattern, frames, width, height);
  GstElement *pipeline = gst_parse_launch (description, nullptr);
  g_free (description);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  std::vector<GstSample *> samples;
  while (GstSample *sample = gst_app_sink_pull_sample (GST_APP_SINK (sink)))
    samples.push_back (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return samples;
}

int
run_encode (const char *pattern, int width, int height, guint max_size,
    int frames, int quality)
{
  auto samples = test_frames (pattern, width, height, frames);
  gst_geti::JpegEncoder encoder;
  gst_geti::FrameScaler scaler;
  GstVideoInfo info;
  gst_video_info_from_caps (&info, gst_sample_get_caps (samples[0]));

  double scale_s = 0, encode_s = 0;
  gsize bytes = 0;
  const Usage usage_start = Usage::now ();
  /* the first frame warms the pools up and is not counted, as in the
   * element */
  for (gsize i = 0; i < samples.size (); i++) {
    GstVideoFrame frame;
    gst_video_frame_map (
        &frame, &info, gst_sample_get_buffer (samples[i]), GST_MAP_READ);
    const double t0 = thread_cpu_seconds ();
    GstBuffer *scaled = nullptr;
    GstVideoFrame scaled_frame;
    const GstVideoFrame *to_encode = &frame;
    if (max_size > 0) {
      GstVideoInfo scaled_info;
      scaled = scaler.scale (&frame, max_size, scaled_info);
      gst_video_frame_map (&scaled_frame, &scaled_info, scaled, GST_MAP_READ);
      to_encode = &scaled_frame;
    }
    const double t1 = thread_cpu_seconds ();
    encoder.encode (to_encode, quality, nullptr);
    const double t2 = thread_cpu_seconds ();
    if (scaled) {
      gst_video_frame_unmap (&scaled_frame);
      gst_buffer_unref (scaled);
    }
    gst_video_frame_unmap (&frame);
    if (i > 0) {
      scale_s += t1 - t0;
      encode_s += t2 - t1;
      bytes += encoder.size ();
    }
  }
  g_autofree gchar *usage = (Usage::now () - usage_start).json ();
  const double n = samples.size () - 1;
  g_print ("{\"frames\": %.0f, \"scale_ms\": %.4f, \"encode_ms\": %.4f, "
           "\"per_frame_ms\": %.4f, \"jpeg_bytes\": %.0f%s}\n",
      n, 1e3 * scale_s / n, 1e3 * encode_s / n, 1e3 * (scale_s + encode_s) / n,
      bytes / n, usage);
  for (GstSample *s : samples)
    gst_sample_unref (s);
  return 0;
}

int
run_dump (int width, int height, int frames, const char *dir, int quality)
{
  auto samples = test_frames ("ball", width, height, frames);
  gst_geti::JpegEncoder encoder;
  GstVideoInfo info;
  gst_video_info_from_caps (&info, gst_sample_get_caps (samples[0]));
  for (gsize i = 0; i < samples.size (); i++) {
    GstVideoFrame frame;
    gst_video_frame_map (
        &frame, &info, gst_sample_get_buffer (samples[i]), GST_MAP_READ);
    encoder.encode (&frame, quality, nullptr);
    gst_video_frame_unmap (&frame);
    gchar *path = g_strdup_printf ("%s/frame-%05zu.jpg", dir, i);
    g_file_set_contents (path,
        reinterpret_cast<const gchar *> (encoder.data ()),
        static_cast<gssize> (encoder.size ()), nullptr);
    g_free (path);
    gst_sample_unref (samples[i]);
  }
  return 0;
}

int
run_post (const char *pattern, int width, int height, guint max_size,
    int frames, int quality, int threads)
{
  auto samples = test_frames (pattern, width, height, frames);
  gst_geti::JpegEncoder encoder;
  gst_geti::FrameScaler scaler;
  GstVideoInfo info;
  gst_video_info_from_caps (&info, gst_sample_get_caps (samples[0]));
  std::vector<std::string> jpegs;
  for (GstSample *sample : samples) {
    GstVideoFrame frame;
    gst_video_frame_map (
        &frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ);
    GstBuffer *scaled = nullptr;
    GstVideoFrame scaled_frame;
    const GstVideoFrame *to_encode = &frame;
    if (max_size > 0) {
      GstVideoInfo scaled_info;
      scaled = scaler.scale (&frame, max_size, scaled_info);
      gst_video_frame_map (&scaled_frame, &scaled_info, scaled, GST_MAP_READ);
      to_encode = &scaled_frame;
    }
    encoder.encode (to_encode, quality, nullptr);
    jpegs.emplace_back (
        reinterpret_cast<const char *> (encoder.data ()), encoder.size ());
    if (scaled) {
      gst_video_frame_unmap (&scaled_frame);
      gst_buffer_unref (scaled);
    }
    gst_video_frame_unmap (&frame);
    gst_sample_unref (sample);
  }

  auto env = [] (const char *name) {
    const char *value = g_getenv (name);
    return std::string (value ? value : "");
  };
  geti::Endpoint endpoint;
  endpoint.server = env ("GETI_SERVER");
  endpoint.organization_id = env ("GETI_ORGANIZATION_ID");
  endpoint.workspace_id = env ("GETI_WORKSPACE_ID");
  endpoint.project_id = env ("GETI_PROJECT_ID");
  geti::ClientConfig config;
  config.api_key = env ("GETI_API_KEY");
  config.origin = endpoint.server;
  config.max_connections = static_cast<guint> (threads);
  GError *error = nullptr;
  auto client = geti::Client::create (config, &error);
  if (!client || !geti::endpoint_validate (endpoint, &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  /* one request per thread first: the connections and the deadline
   * thread are made outside the measurement */
  auto post = [&] (const std::string &jpeg) {
    GCancellable *cancellable = g_cancellable_new ();
    geti::PredictResult result;
    GError *post_error = nullptr;
    const bool ok = client->predict (endpoint,
        reinterpret_cast<const guint8 *> (jpeg.data ()), jpeg.size (),
        "image/jpeg", cancellable, result, nullptr, &post_error);
    if (!ok) {
      g_printerr ("%s\n", post_error->message);
      g_error_free (post_error);
    }
    g_object_unref (cancellable);
    return ok;
  };
  {
    std::vector<std::thread> warm;
    for (int t = 0; t < threads; t++)
      warm.emplace_back ([&, t] { post (jpegs[t % jpegs.size ()]); });
    for (auto &thread : warm)
      thread.join ();
  }

  std::atomic<gsize> next{ 0 };
  std::atomic<int> failed{ 0 };
  std::vector<double> cpu (threads, 0.0);
  const Usage usage_start = Usage::now ();
  const gint64 wall_start = g_get_monotonic_time ();
  std::vector<std::thread> posters;
  for (int t = 0; t < threads; t++) {
    posters.emplace_back ([&, t] {
      const double start = thread_cpu_seconds ();
      for (gsize i; (i = next++) < jpegs.size ();) {
        if (!post (jpegs[i]))
          failed++;
      }
      cpu[t] = thread_cpu_seconds () - start;
    });
  }
  for (auto &thread : posters)
    thread.join ();
  const double wall = (g_get_monotonic_time () - wall_start) / 1e6;
  g_autofree gchar *usage = (Usage::now () - usage_start).json ();
  double total = 0;
  gsize bytes = 0;
  for (double c : cpu)
    total += c;
  for (const auto &jpeg : jpegs)
    bytes += jpeg.size ();
  const double n = jpegs.size ();
  g_print ("{\"requests\": %.0f, \"failed\": %d, \"wall_s\": %.4f, "
           "\"post_cpu_ms\": %.4f, \"jpeg_bytes\": %.0f%s}\n",
      n, failed.load (), wall, 1e3 * total / n, bytes / n, usage);
  return failed.load () ? 1 : 0;
}

} // namespace

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  if (argc < 2) {
    g_printerr ("usage: %s pipeline|encode|post|dump-jpegs ...\n", argv[0]);
    return 2;
  }
  const std::string command = argv[1];
  int width = 1920, height = 1080, frames = 100, quality = 85, rss_every = 0;
  int threads = 1;
  guint max_size = 0;
  const char *dir = ".";
  const char *pattern = "smpte";
  const char *description = nullptr;
  for (int i = 2; i < argc; i++) {
    auto next = [&] () { return i + 1 < argc ? argv[++i] : ""; };
    if (strcmp (argv[i], "--width") == 0)
      width = atoi (next ());
    else if (strcmp (argv[i], "--height") == 0)
      height = atoi (next ());
    else if (strcmp (argv[i], "--frames") == 0)
      frames = atoi (next ());
    else if (strcmp (argv[i], "--max-size") == 0)
      max_size = static_cast<guint> (atoi (next ()));
    else if (strcmp (argv[i], "--quality") == 0)
      quality = atoi (next ());
    else if (strcmp (argv[i], "--rss-every") == 0)
      rss_every = atoi (next ());
    else if (strcmp (argv[i], "--threads") == 0)
      threads = std::max (1, atoi (next ()));
    else if (strcmp (argv[i], "--dir") == 0)
      dir = next ();
    else if (strcmp (argv[i], "--pattern") == 0)
      pattern = next ();
    else
      description = argv[i];
  }
  if (command == "pipeline" && description)
    return run_pipeline (description, static_cast<guint> (rss_every));
  if (command == "encode")
    return run_encode (pattern, width, height, max_size, frames + 1, quality);
  if (command == "post")
    return run_post (
        pattern, width, height, max_size, frames, quality, threads);
  if (command == "dump-jpegs")
    return run_dump (width, height, frames, dir, quality);
  g_printerr ("unknown command or missing pipeline\n");
  return 2;
}
