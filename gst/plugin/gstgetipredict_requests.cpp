/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict's requests: the setup thread (project look-up), the worker
 * threads (scale, encode, post, retry, parse) and the error
 * policy (src/PROTOCOL.md §7) for what comes back. No lock is held across the
 * network. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgetipredict_private.h"

#include "discovery.h"
#include "error.h"
#include "jpeg_encoder.h"
#include "prediction_convert.h"
#include "retry_policy.h"
#include "settings_error.h"

#include <algorithm>
#include <system_error>
#include <thread>

#define GST_CAT_DEFAULT gst_geti_predict_debug

using namespace gst_geti;
using namespace gst_geti::predict;

/* Posts a warning unless one was posted less than WARNING_INTERVAL_US ago:
 * an outage must not flood the bus with one warning per frame. The next
 * warning says how many were held back. */
void
gst_geti_predict_warn (GstGetiPredict *self, State &st, GQuark domain,
    gint code, const char *text, guint http_status)
{
  guint suppressed;
  {
    ErrorPolicy &policy = st.policy;
    std::lock_guard<std::mutex> lock (policy.lock);
    const gint64 now = g_get_monotonic_time ();
    if (policy.last_warning_us != 0 &&
        now - policy.last_warning_us < WARNING_INTERVAL_US) {
      policy.suppressed_warnings++;
      return;
    }
    policy.last_warning_us = now;
    suppressed = policy.suppressed_warnings;
    policy.suppressed_warnings = 0;
  }

  gchar *debug = g_strdup_printf ("%u similar warnings held back before this "
                                  "one",
      suppressed);
  GstStructure *details = gst_structure_new ("details", "http-status-code",
      G_TYPE_UINT, http_status, "suppressed", G_TYPE_UINT, suppressed, nullptr);
  gst_element_message_full_with_details (GST_ELEMENT (self),
      GST_MESSAGE_WARNING, domain, code, g_strdup (text), debug, __FILE__,
      GST_FUNCTION, __LINE__, details);
}

/* Only the first fatal failure is reported: the others follow from it. */
static bool
gst_geti_predict_claim_fatal (State &st)
{
  std::lock_guard<std::mutex> lock (st.policy.lock);
  if (st.policy.fatal_reported)
    return false;
  st.policy.fatal_reported = true;
  return true;
}

/* After the error is posted (so that it is the first error the application
 * sees), the streaming thread returns GST_FLOW_ERROR. */
static void
gst_geti_predict_set_fatal (State &st)
{
  st.fatal = true;
  /* nothing more will be sent: let the frames waiting for it go */
  st.pool.interrupt ();
  st.pool.cancel_all ();
  st.output.wake ();
}

/* Posts the error the error policy (src/PROTOCOL.md §7) gives a failure that
 * stops the element (bad settings, refused key, unknown project, untrusted
 * certificate), once. @what says what was being done. */
static void
gst_geti_predict_post_fatal (GstGetiPredict *self, State &st,
    const GError *error, guint status, const char *what)
{
  if (!gst_geti_predict_claim_fatal (st))
    return;

  /* the settings it names, as the element's properties */
  g_autofree gchar *message = settings_error_message (error);
  if (status == 0)
    status = geti::error_http_status (error);
  const int code = error->domain == GETI_ERROR ? error->code : -1;
  switch (code) {
    case geti::ERROR_NOT_FOUND:
      GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, NOT_FOUND,
          ("%s: the Geti server does not know this project or pipeline: %s",
              what, message),
          ("check \"project-url\" or \"server\", \"organization-id\", "
           "\"workspace-id\", \"project-id\"/\"project-name\" and "
           "\"pipeline\""),
          ("http-status-code", G_TYPE_UINT, status, nullptr));
      break;
    case geti::ERROR_TLS:
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
          ("%s: the Geti server's certificate was not accepted: %s", what,
              message),
          ("give its certificate authority with \"ssl-ca-file\", or set "
           "\"ssl-strict\" to false to accept any certificate"));
      break;
    case geti::ERROR_SETTINGS:
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", message), (nullptr));
      break;
    case geti::ERROR_REDIRECT:
      GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, SETTINGS,
          ("%s: the Geti server answered with a redirect: %s", what, message),
          ("redirects are never followed, so that the API key stays with "
           "the configured server: check \"server\" or \"project-url\""),
          ("http-status-code", G_TYPE_UINT, status, nullptr));
      break;
    case geti::ERROR_BAD_REQUEST:
    case geti::ERROR_UNAUTHORIZED:
    case geti::ERROR_FORBIDDEN:
      GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, NOT_AUTHORIZED,
          ("%s: the Geti server refused the request: %s", what, message),
          ("check \"api-key\" (or GETI_API_KEY): it must be a personal "
           "access token of the project's organization"),
          ("http-status-code", G_TYPE_UINT, status, nullptr));
      break;
    default:
      GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, OPEN_READ,
          ("%s: %s", what, message), (nullptr),
          ("http-status-code", G_TYPE_UINT, status, nullptr));
      break;
  }
  gst_geti_predict_set_fatal (st);
}

/* A request failed for good (after its retries): the error
 * policy (src/PROTOCOL.md §7). Called from a worker thread, no lock held. */
static void
gst_geti_predict_report_failure (GstGetiPredict *self, State &st,
    const GError *error, const geti::ResponseInfo &response)
{
  const guint status = response.http_status;
  g_autofree gchar *message = settings_error_message (error);
  {
    std::lock_guard<std::mutex> lock (st.policy.lock);
    st.policy.last_failure = message;
  }

  if (error->domain == GETI_ERROR) {
    switch (error->code) {
      case geti::ERROR_REDIRECT:
      case geti::ERROR_BAD_REQUEST:
      case geti::ERROR_UNAUTHORIZED:
      case geti::ERROR_FORBIDDEN:
      case geti::ERROR_NOT_FOUND:
      case geti::ERROR_TLS:
      case geti::ERROR_SETTINGS:
        gst_geti_predict_post_fatal (
            self, st, error, status, "Prediction failed");
        return;
      case geti::ERROR_PARSE: {
        g_autofree gchar *text = g_strdup_printf (
            "The Geti server's answer "
            "could not be read, the frame passes without predictions: %s",
            message);
        gst_geti_predict_warn (
            self, st, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, text, status);
        return;
      }
      default:
        break;
    }
  }

  g_autofree gchar *text = g_strdup_printf ("A Geti request failed, the frame "
                                            "passes without predictions: %s",
      message);
  gst_geti_predict_warn (
      self, st, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, text, status);
}

/* A failure to reach the server at all, as opposed to a server that
 * answered badly (an untrusted certificate has an error of its own) */
static bool
gst_geti_predict_is_unreachable (const GError *error)
{
  return error->domain == GETI_ERROR && (error->code == geti::ERROR_NETWORK ||
                                            error->code == geti::ERROR_TIMEOUT);
}

/* The project look-up: resolves project-name (and missing ids), reads the
 * project for its labels and checks "pipeline" against its tasks. */
bool
gst_geti_predict_setup (GstGetiPredict *self, State &st, bool at_start)
{
  GCancellable *cancellable = st.setup_cancellable.get ();
  geti::Endpoint endpoint = st.endpoint;
  std::shared_ptr<geti::Project> project;
  g_autoptr (GError) error = nullptr;

  /* However it ends, the workers stop waiting for it: with the project, or
   * without (labels lack colours), or to drop their jobs (fatal, or no
   * project id to send them to) */
  struct Ready {
    State &st;
    geti::Endpoint &endpoint;
    std::shared_ptr<geti::Project> &project;
    ~Ready ()
    {
      /* the pool's lock orders these before what the workers read */
      st.endpoint = std::move (endpoint);
      st.project = std::move (project);
      st.pool.set_ready ();
    }
  } ready{ st, endpoint, project };

  auto unreachable = [&] (const char *what) {
    if (!at_start || !st.settings.fail_on_unreachable)
      return false;
    if (!gst_geti_predict_claim_fatal (st))
      return true;
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        ("%s: the Geti server %s can't be reached: %s", what,
            endpoint.server.c_str (), error->message),
        ("check \"server\" or \"project-url\" and that the server runs; "
         "set \"fail-on-unreachable\" to false to start anyway and keep "
         "trying"));
    gst_geti_predict_set_fatal (st);
    return true;
  };

  if (!st.settings.project_name.empty () || endpoint.project_id.empty ()) {
    if (!geti::resolve_endpoint (*st.client, endpoint, st.settings.project_name,
            cancellable, &error)) {
      if (g_error_matches (error, GETI_ERROR, geti::ERROR_CANCELLED))
        return false;
      if (!gst_geti_predict_is_unreachable (error) ||
          !unreachable ("Could not find the Geti project"))
        gst_geti_predict_post_fatal (
            self, st, error, 0, "Could not find the Geti project");
      return false;
    }
    GST_INFO_OBJECT (self, "project \"%s\" is %s",
        st.settings.project_name.c_str (), endpoint.project_url ().c_str ());
  }

  project = std::make_shared<geti::Project> ();
  if (geti::fetch_project (
          *st.client, endpoint, cancellable, *project, &error)) {
    if (!geti::validate_pipeline (*project, endpoint.pipeline, &error)) {
      gst_geti_predict_post_fatal (self, st, error, 0, "Bad pipeline");
      return false;
    }
    GST_INFO_OBJECT (self, "project \"%s\": %zu tasks", project->name.c_str (),
        project->tasks.size ());
    return true;
  }

  project.reset ();
  if (g_error_matches (error, GETI_ERROR, geti::ERROR_CANCELLED))
    return false;
  if (gst_geti_predict_is_unreachable (error) &&
      unreachable ("Could not read the Geti project"))
    return false;
  const int code = error->code;
  if (code != geti::ERROR_NETWORK && code != geti::ERROR_TIMEOUT &&
      code != geti::ERROR_SERVER && code != geti::ERROR_PARSE &&
      code != geti::ERROR_HTTP && code != geti::ERROR_RATE_LIMITED) {
    gst_geti_predict_post_fatal (
        self, st, error, 0, "Could not read the Geti project");
    return false;
  }
  /* Predictions still carry label ids (and names, from live servers) */
  g_autofree gchar *message = settings_error_message (error);
  g_autofree gchar *text = g_strdup_printf (
      "Could not read the Geti "
      "project, labels will lack colours (and maybe names): %s",
      message);
  gst_geti_predict_warn (
      self, st, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, text, 0);
  return true;
}

namespace {

/* One :explain request, sent beside a job's :predict: a thread of its own
 * posts the job's JPEG (a copy) with the job's cancellable and deadline;
 * finish() waits for it and attaches the maps. It is asked once (no retry):
 * a failed :explain costs the frame its maps, never its predictions. */
class Explanation
{
public:
  Explanation () = default;
  Explanation (const Explanation &) = delete;
  Explanation &operator= (const Explanation &) = delete;
  ~Explanation ()
  {
    /* the job ended without waiting for it (a failure, a cancel): no
     * answer is wanted */
    if (cancellable_)
      g_cancellable_cancel (cancellable_.get ());
    release ();
    g_clear_error (&error_);
  }

  void start (
      GstGetiPredict *self, State &st, Job &job, const guint8 *jpeg, gsize size)
  {
    jpeg_.assign (jpeg, jpeg + size);
    /* its own cancellable, cancelled with the job's (a flush, a stop) */
    cancellable_.reset (g_cancellable_new ());
    job_cancellable_ = job.cancellable.get ();
    handler_ = g_cancellable_connect (job_cancellable_,
        G_CALLBACK (+[] (GCancellable *, gpointer own) {
          g_cancellable_cancel (G_CANCELLABLE (own));
        }),
        cancellable_.get (), nullptr);
    frame_ = job.frame;
    try {
      thread_ = std::thread ([this, &st] {
        ok_ = st.client->explain (st.endpoint, jpeg_.data (), jpeg_.size (),
            "image/jpeg", cancellable_.get (), result_, &response_, &error_,
            st.pool.drain_deadline ());
      });
    } catch (const std::system_error &e) {
      /* no thread to be had: after :predict, on this one */
      GST_DEBUG_OBJECT (self, "explaining after predicting: %s", e.what ());
      deferred_ = true;
    }
    asked_ = true;
  }

  /* Waits for the answer and adds its maps to @predictions (writable, not
   * yet published), named and coloured from the project. */
  void finish (GstGetiPredict *self, State &st, GstGetiPredictions *predictions)
  {
    if (!asked_)
      return;
    if (deferred_) {
      ok_ = st.client->explain (st.endpoint, jpeg_.data (), jpeg_.size (),
          "image/jpeg", cancellable_.get (), result_, &response_, &error_,
          st.pool.drain_deadline ());
    }
    release ();
    asked_ = false;
    if (!ok_) {
      if (g_error_matches (error_, GETI_ERROR, geti::ERROR_CANCELLED))
        return;
      {
        std::lock_guard<std::mutex> lock (self->priv->stats_lock);
        self->priv->stats.explain_failed++;
      }
      g_autofree gchar *text =
          g_strdup_printf ("Geti's :explain failed for frame %" G_GUINT64_FORMAT
                           ", it has its predictions without maps: %s",
              frame_, error_ ? error_->message : "no answer");
      gst_geti_predict_warn (self, st, GST_STREAM_ERROR,
          GST_STREAM_ERROR_DECODE, text, response_.http_status);
      return;
    }
    for (const std::string &reason : result_.dropped) {
      g_autofree gchar *text = g_strdup_printf (
          "An explanation map of frame %" G_GUINT64_FORMAT " was left out: %s",
          frame_, reason.c_str ());
      gst_geti_predict_warn (self, st, GST_STREAM_ERROR,
          GST_STREAM_ERROR_DECODE, text, response_.http_status);
    }
    for (const geti::ExplainMap &map : result_.maps) {
      const geti::ProjectLabel *known =
          st.project ? st.project->find_label (map.label_id) : nullptr;
      const char *name = map.label_name ? map.label_name->c_str ()
                         : known        ? known->name.c_str ()
                                        : nullptr;
      const guint32 color =
          known && known->color ? static_cast<guint32> (*known->color) : 0;
      g_autoptr (GBytes) pixels =
          g_bytes_new (map.pixels.data (), map.pixels.size ());
      g_autoptr (GstGetiMap) out = gst_geti_map_new (
          map.label_id.c_str (), name, color, map.width, map.height, pixels);
      if (out)
        gst_geti_predictions_add_map (predictions, out);
    }
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats.explained++;
  }

private:
  /* The request is over: its thread joined, its cancellable unhooked */
  void release ()
  {
    if (thread_.joinable ())
      thread_.join ();
    if (job_cancellable_ != nullptr && handler_ != 0)
      g_cancellable_disconnect (job_cancellable_, handler_);
    handler_ = 0;
    cancellable_.reset ();
  }

  std::thread thread_;
  std::vector<guint8> jpeg_;
  ObjectPtr<GCancellable> cancellable_;
  GCancellable *job_cancellable_ = nullptr; /* the job's, outlives this */
  gulong handler_ = 0;
  guint64 frame_ = 0;
  bool asked_ = false;
  bool deferred_ = false;
  bool ok_ = false;
  geti::ExplainResult result_;
  geti::ResponseInfo response_;
  GError *error_ = nullptr;
};

} // namespace

/* What one attempt tells the server pool's adaptive limit (a 429 or 503:
 * the server is over its capacity or rate; a timeout: a loss), and the
 * statistics. A cancelled attempt, or one that failed before anything
 * was sent, says nothing about the server. */
static void
gst_geti_predict_report_attempt (GstGetiPredict *self, State &st,
    const geti::ResponseInfo &response, const GError *error)
{
  using Outcome = ConcurrencyLimit::Outcome;
  Outcome outcome = Outcome::answered;
  if (g_error_matches (error, GETI_ERROR, geti::ERROR_TIMEOUT)) {
    outcome = Outcome::timed_out;
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats.timed_out++;
  } else if (response.http_status == 429 || response.http_status == 503) {
    outcome = Outcome::throttled;
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats.throttled++;
  } else if (error != nullptr && response.http_status == 0) {
    return;
  }
  if (response.sent_us == 0)
    return;
  const gint64 received_us =
      response.received_us ? response.received_us : g_get_monotonic_time ();
  st.pool.report (response.sent_us, received_us, outcome);
}

/* Encodes the job's frame, posts it (again after transient failures) and
 * parses the answer into job.predictions. Runs on a worker thread, no lock
 * held. Returns false when the prediction failed (not when cancelled). */
static bool
gst_geti_predict_run_job (GstGetiPredict *self, State &st,
    const PlayingSettings &ps, JpegEncoder &encoder, FrameScaler &scaler,
    Job &job)
{
  g_autoptr (GError) error = nullptr;

  /* The project look-up failed: nowhere to send it */
  if (st.endpoint.project_id.empty ()) {
    job.buffer.reset ();
    return true;
  }

  /* Encode the frame, scaled down to max-size first if it is larger (in
   * live mode it was, on the streaming thread) */
  guint sent_width, sent_height;
  {
    GstVideoFrame frame;
    if (!gst_video_frame_map (
            &frame, &job.info, job.buffer.get (), GST_MAP_READ)) {
      job.buffer.reset ();
      gst_geti_predict_warn (self, st, GST_STREAM_ERROR,
          GST_STREAM_ERROR_FAILED,
          "A frame could not be read, it passes without predictions", 0);
      return false;
    }
    scaled_size (GST_VIDEO_FRAME_WIDTH (&frame),
        GST_VIDEO_FRAME_HEIGHT (&frame), job.max_size, sent_width, sent_height);
    BufferPtr scaled;
    GstVideoInfo scaled_info;
    if (sent_width != static_cast<guint> (GST_VIDEO_FRAME_WIDTH (&frame)) ||
        sent_height != static_cast<guint> (GST_VIDEO_FRAME_HEIGHT (&frame))) {
      scaled.reset (scaler.scale (&frame, job.max_size, scaled_info));
      gst_video_frame_unmap (&frame);
      job.buffer.reset ();
      if (!scaled || !gst_video_frame_map (
                         &frame, &scaled_info, scaled.get (), GST_MAP_READ)) {
        gst_geti_predict_warn (self, st, GST_STREAM_ERROR,
            GST_STREAM_ERROR_FAILED,
            "A frame could not be scaled, it passes without predictions", 0);
        return false;
      }
    }
    const bool encoded = encoder.encode (&frame, job.quality, &error);
    gst_video_frame_unmap (&frame);
    job.buffer.reset ();
    if (!encoded) {
      gst_geti_predict_warn (self, st, GST_STREAM_ERROR,
          GST_STREAM_ERROR_ENCODE, error->message, 0);
      return false;
    }
  }

  /* explain-interval: :explain goes out with :predict, on a thread of
   * its own (the same JPEG, cancellable and deadline), in the same slot */
  Explanation explanation;
  if (job.explain)
    explanation.start (self, st, job, encoder.data (), encoder.size ());

  const guint retries = ps.retries;

  geti::ResponseInfo response;
  geti::PredictResult result;
  for (guint attempt = 0;; attempt++) {
    g_clear_error (&error);
    GST_LOG_OBJECT (self,
        "frame %" G_GUINT64_FORMAT ": posting a %" G_GSIZE_FORMAT
        " byte JPEG (attempt %u)",
        job.frame, encoder.size (), attempt + 1);
    const Clock::time_point deadline = st.pool.drain_deadline ();
    const bool answered = st.client->predict (st.endpoint, encoder.data (),
        encoder.size (), "image/jpeg", job.cancellable.get (), result,
        &response, &error, deadline);
    gst_geti_predict_report_attempt (self, st, response, error);
    if (answered)
      break;
    if (g_error_matches (error, GETI_ERROR, geti::ERROR_CANCELLED))
      return true;
    GST_DEBUG_OBJECT (
        self, "frame %" G_GUINT64_FORMAT ": %s", job.frame, error->message);
    const bool drained = Clock::now () >= st.pool.drain_deadline ();
    if (attempt >= retries || !geti::error_is_transient (error) || drained) {
      gst_geti_predict_report_failure (self, st, error, response);
      return false;
    }

    const double delay =
        retry_delay_s (attempt + 1, response.retry_after_s, g_random_double ());
    GST_DEBUG_OBJECT (self, "retrying in %.2f s", delay);
    {
      std::lock_guard<std::mutex> lock (self->priv->stats_lock);
      self->priv->stats.retried++;
    }
    const Clock::time_point retry_at =
        Clock::now () +
        std::chrono::microseconds (static_cast<gint64> (delay * 1e6));
    if (!st.pool.wait_retry (job, retry_at)) {
      if (g_cancellable_is_cancelled (job.cancellable.get ()))
        return true;
      /* EOS came, and its deadline is before the retry: this failure is
       * the last */
      gst_geti_predict_report_failure (self, st, error, response);
      return false;
    }
  }

  /* An answer past the parser's caps (response_parser.h): the frame
   * keeps what was read, and the warning names the cap */
  if (!result.capped.empty ()) {
    g_autofree gchar *text = g_strdup_printf (
        "The Geti server's answer was larger than getipredict takes, part of "
        "its predictions were dropped: %s",
        result.capped.c_str ());
    gst_geti_predict_warn (self, st, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
        text, response.http_status);
  }

  /* Back to the frame's own pixels */
  PredictionsPtr predictions (predictions_from_result (result, job.threshold,
      static_cast<double> (job.frame_width) / sent_width,
      static_cast<double> (job.frame_height) / sent_height, st.project.get ()));
  /* the maps of the same frame, when asked for and they came */
  explanation.finish (self, st, predictions.get ());
  const GstClockTime latency =
      (response.received_us - response.sent_us) * GST_USECOND;
  GST_LOG_OBJECT (self,
      "frame %" G_GUINT64_FORMAT ": %u predictions in %.1f ms", job.frame,
      gst_geti_predictions_get_size (predictions.get ()), latency / 1e6);

  /* published by done, set once the job is booked */
  job.predictions = std::move (predictions);
  job.latency = latency;
  return true;
}

/* Books a finished job: statistics and the consecutive failures; returns
 * the error to post when max-failures is reached. No lock held. */
static gchar *
gst_geti_predict_book_job (GstGetiPredict *self, State &st, const Job &job,
    bool failed, guint max_failures)
{
  if (job.predictions) {
    {
      std::lock_guard<std::mutex> lock (self->priv->stats_lock);
      self->priv->stats.succeeded++;
      self->priv->stats.add_latency (job.latency / 1e6);
    }
    std::lock_guard<std::mutex> lock (st.policy.lock);
    st.policy.consecutive_failures = 0;
    return nullptr;
  }
  if (!failed)
    return nullptr;

  {
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats.failed++;
  }
  std::lock_guard<std::mutex> lock (st.policy.lock);
  ErrorPolicy &policy = st.policy;
  policy.consecutive_failures++;
  if (max_failures == 0 || policy.consecutive_failures < max_failures ||
      policy.fatal_reported)
    return nullptr;
  policy.fatal_reported = true;
  return g_strdup_printf (
      "%u Geti predictions failed in a row (max-failures); the last: %s",
      policy.consecutive_failures, policy.last_failure.c_str ());
}

void
gst_geti_predict_start_workers (GstGetiPredict *self, State &st)
{
  /* One encoder and scaler per worker thread, made on first use */
  struct Tools {
    JpegEncoder encoder;
    FrameScaler scaler;
  };
  auto run = [self, &st] (Job &job) {
    thread_local std::unique_ptr<Tools> tools;
    if (!tools)
      tools = std::make_unique<Tools> ();
    const PlayingSettings ps = gst_geti_predict_playing_settings (self);
    try {
      return gst_geti_predict_run_job (
          self, st, ps, tools->encoder, tools->scaler, job);
    } catch (const std::exception &e) {
      GST_ERROR_OBJECT (self, "request failed: %s", e.what ());
      return false;
    }
  };
  auto finished = [self, &st] (Job &job, bool failed, bool current) {
    g_autofree gchar *fatal = nullptr;
    if (current) {
      const guint max_failures =
          gst_geti_predict_playing_settings (self).max_failures;
      fatal = gst_geti_predict_book_job (self, st, job, failed, max_failures);
    }
    st.output.finish_job (job, current);
    if (fatal != nullptr) {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, ("%s", fatal),
          ("the warnings before this error say more"));
      gst_geti_predict_set_fatal (st);
    }
  };
  st.pool.start (st.server, st.settings.max_in_flight, run, finished);
}
