/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/* The project's fake Geti server (src/PROTOCOL.md §7): the Geti 2.x REST
 * endpoints a client of :predict needs (src/PROTOCOL.md §1.1, §5, §6),
 * authenticated like Geti's auth proxy (§2), answering like the live OVMS
 * path (§3) with the boxes of a real detector (detector.h) run on the
 * uploaded JPEG.
 *
 * Plain HTTP or, with ServerOptions::tls, HTTPS (HTTP/1.1 only).
 *
 * It runs in a thread of its own with its own GMainContext, so a test may
 * call a blocking client from its own thread. Latency and capacity never
 * block that thread (paused messages and timers), so any number of requests
 * can be "inferring" at once.
 *
 * Served, under /api/v1 (anything else: 404):
 *   GET  /personal_access_tokens/organization    {"organizationId": ...}
 *                                                (see OrganizationForm)
 *   GET  /product_info                           {"product-version": ...}
 *   GET  /organizations/{org}/workspaces         {"workspaces": [...]}
 *   GET  /organizations/{org}/workspaces/{ws}/projects[?name=&limit=&skip=]
 *   GET  /organizations/{org}/workspaces/{ws}/projects/{p}
 *   GET  .../projects/{p}/pipelines/{pipeline}/status  {"pipeline_ready":true}
 *   POST .../projects/{p}/pipelines/{pipeline}:predict[?label_only=true]
 *   POST .../projects/{p}/pipelines/{pipeline}:explain
 *
 * :explain takes the same request as :predict and answers
 * {"maps": [{"data": <base64 JPEG>, "label_id", "label_name"}], "created"}
 * (src/PROTOCOL.md §3.5): one map per label the :predict answer for the same
 * image would carry (the empty label and "Normal" get none), an 8-bit grey
 * JPEG of the image's size / 8 (at least 16x16), bright (255 at the
 * centre) where that label's blobs are, a Gaussian spot as wide as the
 * blob; black elsewhere. Explain requests are numbered and faulted apart
 * from predict ones (ServerOptions::explain_faults).
 *
 * The project list is paged like Geti 2.x's resource service (project_repo
 * get_by_page, ProjectRESTController.get_projects): `limit` 1-100 (default
 * 10; else 400 bad_request), `skip` >= 0, `name` a case-insensitive
 * substring; {"projects": [...], "project_counts": <all the projects of the
 * workspace, unfiltered>, "project_page_count": <on this page>,
 * "next_page": "" for an empty page, else the request's path and query with
 * skip moved on (even after the last project)}. The extra projects come
 * first (Geti lists the newest first), the project last.
 *
 * Errors, checked in this order:
 *   x-api-key missing or empty          403 text "RBAC: access denied"
 *   key not geti_pat_<43>_<6>           400 text "Bad request"
 *   other key than options.api_key      401 text "Invalid authorization token"
 *   {org} not options.organization_id   401 text "Invalid authorization token"
 *                                       (a key belongs to one organization)
 *   :predict with a malformed id, pipeline segment or label_only
 *                                       400 JSON bad_request
 *   unknown workspace / project         404 JSON workspace_not_found /
 *                                       project_not_found
 *   pipeline neither "active" nor a task with a model (see ProjectKind)
 *                                       404 JSON resource_not_found
 *   action other than predict           501 JSON not_implemented
 *   wrong method on a known path        405 JSON method_not_allowed
 *   :predict beyond options.rate_limit  429 text "local_rate_limited" at
 *                                       once (see ServerOptions::rate_limit)
 *   no multipart part "file" with a filename   400 JSON bad_request
 *   not a decodable JPEG                415 JSON invalid_media
 * JSON errors are Geti's {"message", "error_code", "http_status"}. */

namespace geti::fake {

/* The ids the server answers to unless told otherwise. */
inline constexpr char DEFAULT_ORGANIZATION_ID[] =
    "c5d3a5b2-8f4e-4b7a-9c1d-2e3f4a5b6c7d";
inline constexpr char DEFAULT_WORKSPACE_ID[] =
    "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
inline constexpr char DEFAULT_WORKSPACE_NAME[] = "Default workspace";
inline constexpr char DEFAULT_PROJECT_ID[] = "6650a1b2c3d4e5f607182930";
inline constexpr char DEFAULT_PROJECT_NAME[] = "Ball detection";
/* The project's pipeline: a dataset task, then this detection task (the
 * only valid {pipeline} besides "active"). */
inline constexpr char DATASET_TASK_ID[] = "6650a1b2c3d4e5f607182931";
inline constexpr char DETECTION_TASK_ID[] = "6650a1b2c3d4e5f607182932";
inline constexpr char BALL_LABEL_ID[] = "6650a1b2c3d4e5f607182933";
inline constexpr char BALL_LABEL_NAME[] = "ball";
inline constexpr char BALL_LABEL_COLOR[] = "#ff5662ff";
inline constexpr char EMPTY_LABEL_ID[] = "6650a1b2c3d4e5f607182934";
inline constexpr char EMPTY_LABEL_NAME[] = "No object";
inline constexpr char EMPTY_LABEL_COLOR[] = "#a4fc32ff";
/* ProjectKind::task_chain: detection -> crop -> classification. Its
 * detection task is DETECTION_TASK_ID with "ball" and "No object"; the
 * classification task has two labels, children of "ball", chosen by the
 * size of the blob: "large" when its box is LARGE_MIN_SIZE pixels wide or
 * high, else "small". */
inline constexpr char CROP_TASK_ID[] = "6650a1b2c3d4e5f607182937";
inline constexpr char CLASSIFICATION_TASK_ID[] = "6650a1b2c3d4e5f607182938";
inline constexpr char LARGE_LABEL_ID[] = "6650a1b2c3d4e5f607182939";
inline constexpr char LARGE_LABEL_NAME[] = "large";
inline constexpr char LARGE_LABEL_COLOR[] = "#26518eff";
inline constexpr char SMALL_LABEL_ID[] = "6650a1b2c3d4e5f60718293a";
inline constexpr char SMALL_LABEL_NAME[] = "small";
inline constexpr char SMALL_LABEL_COLOR[] = "#f7dab3ff";
inline constexpr int LARGE_MIN_SIZE = 32;
/* ProjectKind::anomaly: one anomaly task with the labels "Normal" and
 * "Anomalous" (is_anomalous; neither is empty), colours as Geti's
 * anomaly_response.json. */
inline constexpr char ANOMALY_TASK_ID[] = "6650a1b2c3d4e5f607182942";
inline constexpr char NORMAL_LABEL_ID[] = "6650a1b2c3d4e5f607182943";
inline constexpr char NORMAL_LABEL_NAME[] = "Normal";
inline constexpr char NORMAL_LABEL_COLOR[] = "#8bae46ff";
inline constexpr char ANOMALOUS_LABEL_ID[] = "6650a1b2c3d4e5f607182944";
inline constexpr char ANOMALOUS_LABEL_NAME[] = "Anomalous";
inline constexpr char ANOMALOUS_LABEL_COLOR[] = "#ff5662ff";
/* ProjectKind::keypoint: one keypoint_detection task with three labels, the
 * top, centre and bottom of each blob's box, and the skeleton edges
 * top-center and center-bottom. */
inline constexpr char KEYPOINT_TASK_ID[] = "6650a1b2c3d4e5f60718293b";
inline constexpr char TOP_LABEL_ID[] = "6650a1b2c3d4e5f60718293c";
inline constexpr char TOP_LABEL_NAME[] = "top";
inline constexpr char TOP_LABEL_COLOR[] = "#ff5662ff";
inline constexpr char CENTER_LABEL_ID[] = "6650a1b2c3d4e5f60718293d";
inline constexpr char CENTER_LABEL_NAME[] = "center";
inline constexpr char CENTER_LABEL_COLOR[] = "#a4fc32ff";
inline constexpr char BOTTOM_LABEL_ID[] = "6650a1b2c3d4e5f60718293e";
inline constexpr char BOTTOM_LABEL_NAME[] = "bottom";
inline constexpr char BOTTOM_LABEL_COLOR[] = "#26518eff";
/* OrganizationForm::list also lists this organization, created after the
 * server's own: a client that takes the first entry gets a 401 with it. */
inline constexpr char OTHER_ORGANIZATION_ID[] =
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
/* geti_pat_ + 43 base62 characters + _ + 6 characters. The server checks
 * the format and equality only, not the CRC32 real keys end with. */
inline constexpr char DEFAULT_API_KEY[] =
    "geti_pat_FakeGetiServerKey0123456789abcdefghijklmnop_a1b2c3";

/* The probability of every "ball" label and the score of keypoints (above 1,
 * as real keypoint scores can be), written as Geti writes them: the
 * shortest decimal of the double ("0.97"). */
inline constexpr double BALL_PROBABILITY = 0.97;
inline constexpr double KEYPOINT_SCORE = 1.058;
/* The probability of the classification label of a task chain */
inline constexpr double CLASSIFICATION_PROBABILITY = 0.88;
/* The probability of the "Normal" or "Anomalous" label of an anomaly answer */
inline constexpr double ANOMALY_PROBABILITY = 0.91;

/* What :predict answers for each bright blob of the image. Labels carry id,
 * name and probability, never colour (like live Geti). */
enum class Scenario {
  /* one RECTANGLE per blob, label "ball"; no blob: the empty answer */
  detection,
  /* per blob, one of each shape type, label "ball": RECTANGLE,
   * ROTATED_RECTANGLE (centre, angle 0), ELLIPSE (the box), POLYGON (the 4
   * corners of the box), KEYPOINT (the centre, per-point form);
   * no blob: the empty answer */
  shapes,
  /* the OVMS 2025.1 form: one prediction {"keypoints": [{"name", "id",
   * "score", "x", "y"}...]} with one point (label "ball") per blob centre;
   * no blob: "predictions": [] */
  keypoints_ovms,
  /* one full-image RECTANGLE labelled "ball" when there is a blob; with
   * "labels": [] when there is none (Geti's answer when the only top label
   * is the empty one, src/PROTOCOL.md §3.3) */
  classification,
  /* always the empty answer: one full-image RECTANGLE labelled
   * "No object" with probability 0.0 */
  empty,
  /* an anomaly model: one full-image RECTANGLE labelled "Anomalous" when
   * there is a blob (the planted defect), else "Normal"; :explain gives
   * the anomaly map (labelled "Anomalous", bright at the blobs) only for an
   * anomalous image. With the default ProjectKind::detection, start() makes
   * the project ProjectKind::anomaly (set_scenario () later changes the
   * answers only, not the project document). */
  anomaly,
};

/* "detection", "shapes", "keypoints-ovms", "classification", "empty",
 * "anomaly" */
const char *scenario_to_string (Scenario scenario) noexcept;
/* The reverse ('_' accepted for '-'); std::nullopt for an unknown name */
std::optional<Scenario> scenario_from_string (std::string_view name) noexcept;

/* The project the server has, and what its :predict answers carry. */
enum class ProjectKind {
  /* a dataset task, then DETECTION_TASK_ID ("ball", "No object"); the
   * valid {pipeline}s are "active" and DETECTION_TASK_ID */
  detection,
  /* dataset -> DETECTION_TASK_ID -> CROP_TASK_ID -> CLASSIFICATION_TASK_ID
   * (like tests/data/geti/project_detection_classification_labels.json).
   * "active": every "ball" label of the scenario's answer is followed by
   * the blob's classification label ("large"/"small", at
   * CLASSIFICATION_PROBABILITY), as Geti writes [detection, classification]
   * on each box. DETECTION_TASK_ID: the detection kind's answer.
   * CLASSIFICATION_TASK_ID: one full-image RECTANGLE with the first blob's
   * classification label ("labels": [] without a blob). */
  task_chain,
  /* a dataset task, then KEYPOINT_TASK_ID ("top", "center", "bottom", with
   * keypoint_structure edges; like project_keypoint_detection.json). Per
   * blob, its three points: by default in the per-point KEYPOINT form (one
   * prediction per point, probability KEYPOINT_SCORE); with
   * Scenario::keypoints_ovms in the OVMS 2025.1 form (one {"keypoints":
   * [...]} prediction per blob). No blob, or Scenario::empty:
   * "predictions": []. Valid {pipeline}s: "active", KEYPOINT_TASK_ID. */
  keypoint,
  /* a dataset task, then ANOMALY_TASK_ID ("Normal", "Anomalous"); answers
   * as Scenario::anomaly whatever the scenario (Scenario::empty: always
   * "Normal"). Valid {pipeline}s: "active", ANOMALY_TASK_ID. */
  anomaly,
};

/* "detection", "task-chain", "keypoint", "anomaly" */
const char *project_kind_to_string (ProjectKind kind) noexcept;
/* The reverse ('_' accepted for '-'); std::nullopt for an unknown name */
std::optional<ProjectKind> project_kind_from_string (
    std::string_view name) noexcept;

/* How GET /personal_access_tokens/organization answers. */
enum class OrganizationForm {
  /* {"organizationId": ...}: on-prem Geti, and Geti < 2.5 */
  single,
  /* {"organizations": [{"organizationName", "userStatus",
   * "organizationStatus", "organizationId", "organizationCreatedAt"}]}: Geti
   * >= 2.5 (the Geti SDK's _get_organization_id). OTHER_ORGANIZATION_ID,
   * created later, is listed first, the server's organization second. */
  list,
};

/* A project or workspace besides the server's own. */
struct NamedId {
  std::string id;
  std::string name;
};

/* @count extra projects for ServerOptions::extra_projects, named
 * "@prefix 001", "@prefix 002", ... with distinct ids. */
std::vector<NamedId> numbered_projects (
    guint count, std::string_view prefix = "Project");

/* How a :predict (or :explain) request can go wrong, answered before the
 * image is looked at (except slow). */
enum class Fault {
  none,
  http_500,   /* JSON internal_server_error */
  http_503,   /* text "no healthy upstream" (as Istio says it) */
  http_429,   /* text "local_rate_limited", Retry-After: retry_after_s,
                 x-local-rate-limit: true (Envoy's local rate limit) */
  http_204,   /* no content: no model loaded yet */
  garbage,    /* 200, application/json, a body that is not JSON */
  wrong_type, /* 200, JSON whose "predictions" (:explain: "maps") is a
                 string */
  truncated,  /* 200 with a Content-Length larger than the bytes sent, then
                 the connection is closed */
  close,      /* the connection is closed without an answer */
  slow,       /* the normal answer, slow_ms later than it would have been */
  body,       /* 200, application/json, ServerOptions::predict_body (:explain:
                 explain_body) as it is (a hostile or oversized answer of the
                 test's making) */
};

/* "none", "500", "503", "429", "204", "garbage", "wrong-type", "truncated",
 * "close", "slow", "body" */
const char *fault_to_string (Fault fault) noexcept;
/* The reverse ('_' accepted for '-', "http-500" for "500"); std::nullopt
 * for an unknown name */
std::optional<Fault> fault_from_string (std::string_view name) noexcept;

/* Which :predict requests a fault hits (:explain requests: the rules of
 * ServerOptions::explain_faults, over their own numbering). Predict requests
 * are numbered from 0 in the order they arrive (after authentication and
 * routing succeeded); a rule applies to requests first, first + every, first +
 * 2 * every, ... while fewer than count requests past first have gone by, each
 * with
 * @probability. The first rule that applies wins. */
struct FaultRule {
  Fault fault = Fault::none;
  guint first = 0;
  guint count = G_MAXUINT;
  guint every = 1;          /* 0 is taken as 1 */
  double probability = 1.0; /* drawn from the server's seeded PRNG */
};

/* "kind[:every[:probability]]", as the executable's --fault takes it: every
 * EVERYth predict request (the EVERYth, 2 * EVERYth, ...; default every
 * one), each with PROBABILITY (default 1). */
std::optional<FaultRule> fault_rule_from_string (
    std::string_view text) noexcept;

/* The kinds of request, for ServerOptions::redirect_kinds */
enum RequestKind : guint {
  REQUEST_PREDICT = 1 << 0, /* POST .../pipelines/{pipeline}:predict */
  REQUEST_PROJECT = 1 << 1, /* GET of a project document */
  REQUEST_LISTING = 1 << 2, /* every other request (discovery's) */
  REQUEST_EXPLAIN = 1 << 3, /* POST .../pipelines/{pipeline}:explain */
  REQUEST_ANY =
      REQUEST_PREDICT | REQUEST_PROJECT | REQUEST_LISTING | REQUEST_EXPLAIN,
};

struct ServerOptions {
  std::string api_key = DEFAULT_API_KEY; /* must be geti_pat_<43>_<6> */
  std::string organization_id = DEFAULT_ORGANIZATION_ID;
  std::string workspace_id = DEFAULT_WORKSPACE_ID;
  std::string project_id = DEFAULT_PROJECT_ID;
  std::string project_name = DEFAULT_PROJECT_NAME;
  ProjectKind project_kind = ProjectKind::detection;
  OrganizationForm organization_form = OrganizationForm::single;
  /* More projects in the workspace, listed before the project (names may
   * repeat). Each has a project document and a :predict of the same kind;
   * ids must be 24 hex digits and differ from project_id. */
  std::vector<NamedId> extra_projects;
  /* More workspaces of the organization, listed after the server's own
   * ("Default workspace"); they have no projects. */
  std::vector<NamedId> extra_workspaces;
  guint port = 0; /* on 127.0.0.1; 0: any free port */
  /* HTTPS, with a certificate for 127.0.0.1 and localhost issued by the
   * test CA of tls_ca_pem () */
  bool tls = false;
  guint latency_ms = 0; /* how long each inference takes at least */
  guint capacity = 0;   /* inferences at once; more wait in FIFO order;
                           0: unlimited (Server::set_capacity changes it) */
  /* Envoy's local rate limit in front of the server: when above 0, at most
   * this many :predict requests per second go through, the others are
   * answered 429 at once (Fault::http_429's answer: "local_rate_limited",
   * Retry-After: retry_after_s, x-local-rate-limit: true), before they
   * queue for an inference or their upload is read. A token bucket as
   * Envoy's: it holds max(1, floor(rate_limit / 10)) tokens (a tenth of a
   * second's worth: 3 at 30/s), is full at the start, refills continuously
   * at rate_limit tokens per second, and each :predict request takes one;
   * one that finds less than a whole token is throttled. Checked after
   * authentication and routing; a throttled request is numbered like any
   * :predict request (predict_count ()) and recorded with throttled and
   * Fault::http_429, and no FaultRule is drawn for it. :explain requests
   * are not limited. Server::set_rate_limit changes it. */
  double rate_limit = 0.0;
  Scenario scenario = Scenario::detection;
  std::vector<FaultRule> faults;
  /* The same for :explain requests (numbered on their own) */
  std::vector<FaultRule> explain_faults;
  guint retry_after_s = 1; /* the Retry-After of http_429 */
  guint slow_ms = 5000;    /* the extra delay of slow */
  guint32 random_seed = 1; /* of the PRNG behind FaultRule::probability */
  bool verbose = false;    /* one line per request on stderr */
  /* false: :predict labels are {id, probability}, without "name" (as Geti's
   * cached answers are) */
  bool label_names = true;
  /* false: :explain maps are {data, label_id}, without "label_name" (as
   * Geti 2.x's schema has them; older servers sent the name) */
  bool explain_label_names = true;
  /* When not 0, GET of a project document answers this HTTP status (with
   * Geti's JSON error body) instead of the document */
  guint project_status = 0;
  /* A hostile server's redirect (Geti's REST API never redirects): when
   * not 0, the requests of redirect_kinds are answered with this status
   * and "Location: " redirect_to + the request's path and query, before
   * any authentication */
  guint redirect_status = 0;
  std::string redirect_to;
  guint redirect_kinds = REQUEST_ANY;
  /* The answer of Fault::body, served without a copy per request */
  std::shared_ptr<const std::string> predict_body;
  /* The same for :explain requests */
  std::shared_ptr<const std::string> explain_body;
};

/* A request as the server saw it. */
struct ReceivedRequest {
  std::string method;
  std::string path;         /* percent-decoded */
  std::string query;        /* as sent, without '?'; empty if none */
  std::string api_key;      /* the x-api-key value; empty if none */
  std::string content_type; /* of the request; empty if none */
  /* The multipart part of the upload: the part named "file", or else the
   * first part with a filename; empty/0 when there is none. */
  std::string file_field;
  std::string filename;
  std::string file_content_type;
  gsize file_size = 0;
  int image_width = 0; /* of the decoded image; 0 if not decoded */
  int image_height = 0;
  bool predict = false;      /* a :predict request (numbered) */
  guint predict_index = 0;   /* its number, when predict */
  bool explain = false;      /* an :explain request (numbered apart) */
  guint explain_index = 0;   /* its number, when explain */
  Fault fault = Fault::none; /* the fault that hit it */
  guint16 remote_port = 0;   /* the client side of the connection */
  /* The HTTP status answered; 0 while unanswered, or when the connection
   * was closed without (the start of) an answer. */
  guint status = 0;
  gint64 received_us = 0; /* g_get_monotonic_time () */
  gint64 answered_us = 0; /* 0 while unanswered */
  /* answered 429 by the rate limit (ServerOptions::rate_limit); its fault
   * is then Fault::http_429 */
  bool throttled = false;
};

class Server
{
public:
  /* Starts the server thread and returns once it listens; NULL and @error
   * set if it cannot (port in use, malformed options.api_key, ...). */
  static std::unique_ptr<Server> start (
      const ServerOptions &options, GError **error);
  /* Stops the server, drops its connections and joins its thread. */
  ~Server ();

  Server (const Server &) = delete;
  Server &operator= (const Server &) = delete;

  guint port () const noexcept;
  /* "http://127.0.0.1:PORT" ("https://" with options.tls) */
  std::string url () const;
  /* url()/api/v1/organizations/{org}/workspaces/{ws}/projects/{p} */
  std::string project_url () const;
  /* project_url()/pipelines/{pipeline}:predict */
  std::string predict_url (const char *pipeline = "active") const;
  /* project_url()/pipelines/{pipeline}:explain */
  std::string explain_url (const char *pipeline = "active") const;
  const ServerOptions &options () const noexcept;

  /* Statistics; thread-safe. requests () is a copy: keep it in a variable
   * before taking c_str () of its strings. */
  std::vector<ReceivedRequest> requests () const; /* every request so far */
  guint predict_count () const noexcept; /* :predict requests received */
  guint explain_count () const noexcept; /* :explain requests received */
  /* The most :predict and :explain requests received and not yet answered
   * at one time (queued ones included): proves that a client pipelines. */
  guint max_concurrent () const noexcept;
  /* The most inferences running at one time (never above capacity). */
  guint max_inferring () const noexcept;
  /* Inferences running now (received, not queued, not yet answered). */
  guint inferring_count () const noexcept;
  /* :predict requests answered 429 by the rate limit
   * (ServerOptions::rate_limit); predict_count () includes them. */
  guint throttled_count () const noexcept;
  /* Distinct client connections (remote ports) seen. */
  guint connection_count () const noexcept;
  /* Client connections open now. The server closes a connection soon (within
   * about 2 s) after its client did. */
  guint open_connection_count () const noexcept;
  /* Forgets the requests, counters, connections and the predict and
   * explain numbering (not the rate limit's tokens). */
  void reset_stats () noexcept;
  /* Waits until at least @count :predict requests were received; false if
   * @timeout_ms passed first. For tests that must not sleep. */
  bool wait_for_predict_count (guint count, guint timeout_ms) const noexcept;
  /* The same for :explain requests */
  bool wait_for_explain_count (guint count, guint timeout_ms) const noexcept;
  /* Waits until at most @count client connections are open. */
  bool wait_for_open_connections (guint count, guint timeout_ms) const noexcept;
  /* Waits until at least @count inferences are running at once. */
  bool wait_for_inferring (guint count, guint timeout_ms) const noexcept;

  /* Runtime changes; thread-safe, effective for the next request. A new
   * latency also applies to the inferences under way (counted from their
   * start), so a test can hold requests with a long latency and release
   * them with set_latency_ms (0). */
  void set_faults (std::vector<FaultRule> faults);
  void set_explain_faults (std::vector<FaultRule> faults);
  void set_latency_ms (guint latency_ms) noexcept;
  void set_scenario (Scenario scenario) noexcept;
  /* The answer of Fault::body from the next request on */
  void set_predict_body (std::shared_ptr<const std::string> body);
  void set_explain_body (std::shared_ptr<const std::string> body);
  /* A new capacity (0: unlimited), for the inferences that start from now
   * on: lowered, the running ones finish and no queued one starts until
   * fewer than @capacity run; raised, queued ones start at once (in the
   * server thread, soon after the call returns). options () keeps the
   * capacity the server started with. */
  void set_capacity (guint capacity) noexcept;
  /* A new rate limit (requests per second; 0: none) from the next request
   * on: the bucket takes the new size; turned on, it starts full; else it
   * keeps its tokens (at most the new size). options () keeps the
   * rate_limit the server started with. */
  void set_rate_limit (double rate_limit) noexcept;

  struct Impl; /* private; named here for fake_geti_server.cpp only */

private:
  explicit Server (std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

/* The PEM certificate of the CA that issued the certificate of TLS
 * servers: what a client given as its CA file accepts them with. */
const char *tls_ca_pem () noexcept;

/* True for geti_pat_<43 base62>_<6 alphanumerics>. */
bool api_key_is_well_formed (std::string_view key) noexcept;

/* The current time as live Geti writes "created": Go's
 * "2006-01-02 15:04:05.999999999 -0700", in UTC. */
std::string created_now ();

} // namespace geti::fake
