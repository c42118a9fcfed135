/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* fake-geti-server: the project's fake Geti server as a program, for the
 * demo and the benchmarks. It runs until SIGINT or SIGTERM.
 *
 * With --print-env it prints, once it listens, GETI_SERVER=..., GETI_*=...
 * lines (values shell-quoted where needed), GETI_PROJECT_URL=... (the
 * project's address as Geti's web UI shows it, which getipredict takes alone)
 * among them, and then an empty line, so that a script can start it in the
 * background and take over the settings:
 *
 *   coproc GETI { exec fake-geti-server --print-env --latency-ms 40; }
 *   while read -r line <&"${GETI[0]}" && [ -n "$line" ]; do
 *     eval "export $line"
 *   done
 *   ... gst-launch-1.0 ... getipredict server="$GETI_SERVER" ...
 *   kill "$GETI_PID"; wait "$GETI_PID"
 */

#include <glib-unix.h>
#include <glib.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "fake_geti_server.h"

using namespace geti::fake;

namespace {

/* KEY=value, the value shell-quoted only when it needs it, so that both
 * `eval` and `export "$line"` read it. */
void
print_env (const char *name, const std::string &value)
{
  bool plain = !value.empty ();
  for (char c : value)
    if (!g_ascii_isalnum (c) && g_utf8_strchr ("-_.:/@%+,", -1, c) == nullptr)
      plain = false;
  if (plain) {
    std::printf ("%s=%s\n", name, value.c_str ());
  } else {
    g_autofree char *quoted = g_shell_quote (value.c_str ());
    std::printf ("%s=%s\n", name, quoted);
  }
}

gboolean
on_signal (gpointer loop)
{
  g_main_loop_quit (static_cast<GMainLoop *> (loop));
  return G_SOURCE_CONTINUE;
}

} // namespace

int
main (int argc, char **argv)
{
  gint port = 0, latency_ms = 0, capacity = 0, retry_after_s = 1;
  gint slow_ms = 5000, seed = 1;
  gdouble rate_limit = 0.0;
  g_autofree char *scenario_name = nullptr;
  g_autofree char *project_kind_name = nullptr;
  g_autofree char *api_key = nullptr;
  g_autofree char *organization_id = nullptr;
  g_autofree char *workspace_id = nullptr;
  g_autofree char *project_id = nullptr;
  g_autofree char *project_name = nullptr;
  g_auto (GStrv) fault_texts = nullptr;
  g_auto (GStrv) explain_fault_texts = nullptr;
  g_autofree char *explain_body_file = nullptr;
  g_autofree char *ca_file = nullptr;
  g_autofree char *predict_body_file = nullptr;
  gboolean print_env_lines = FALSE, verbose = FALSE, tls = FALSE;
  gboolean no_explain_label_names = FALSE;

  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
        "Port on 127.0.0.1 (default 0: any free port)", "PORT" },
    { "latency-ms", 'l', 0, G_OPTION_ARG_INT, &latency_ms,
        "Time each inference takes at least (default 0)", "MS" },
    { "capacity", 'c', 0, G_OPTION_ARG_INT, &capacity,
        "Inferences at once, more wait in turn (default 0: unlimited)", "N" },
    { "rate-limit", 'r', 0, G_OPTION_ARG_DOUBLE, &rate_limit,
        "At most R predict requests per second, the others answered 429 at "
        "once (a token bucket of max(1, R/10) requests; default 0: no "
        "limit)",
        "R" },
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_name,
        "What predict answers: detection (default), shapes, keypoints-ovms, "
        "classification, empty, anomaly (Normal/Anomalous, an anomaly "
        "project)",
        "NAME" },
    { "project-kind", 0, 0, G_OPTION_ARG_STRING, &project_kind_name,
        "The project: detection (default), task-chain (detection -> "
        "classification), keypoint, anomaly",
        "KIND" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &fault_texts,
        "Inject a fault into every EVERYth predict request (default 1: all), "
        "each with PROBABILITY (default 1); repeatable, the first that "
        "applies wins. KIND: 500, 503, 429, 204, garbage, wrong-type, "
        "truncated, close, slow, body (the --predict-body file)",
        "KIND[:EVERY[:PROBABILITY]]" },
    { "explain-fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &explain_fault_texts,
        "The same for explain requests (numbered apart); body answers the "
        "--explain-body file",
        "KIND[:EVERY[:PROBABILITY]]" },
    { "explain-body", 0, 0, G_OPTION_ARG_FILENAME, &explain_body_file,
        "What the body fault of explain answers: this file's bytes, as JSON",
        "FILE" },
    { "no-explain-label-names", 0, 0, G_OPTION_ARG_NONE,
        &no_explain_label_names,
        "Explain maps without \"label_name\" (as Geti 2.x's schema has them)",
        nullptr },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after_s,
        "Retry-After of the 429 fault, in seconds (default 1)", "S" },
    { "predict-body", 0, 0, G_OPTION_ARG_FILENAME, &predict_body_file,
        "What the body fault answers: this file's bytes, as JSON", "FILE" },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms,
        "Delay of the slow fault (default 5000)", "MS" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
        "Seed of the fault probabilities (default 1)", "N" },
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key,
        "The API key to accept (geti_pat_<43>_<6>; default: a fixed one)",
        "KEY" },
    { "organization-id", 0, 0, G_OPTION_ARG_STRING, &organization_id,
        "Organization UUID", "UUID" },
    { "workspace-id", 0, 0, G_OPTION_ARG_STRING, &workspace_id,
        "Workspace UUID", "UUID" },
    { "project-id", 0, 0, G_OPTION_ARG_STRING, &project_id,
        "Project id (24 hex digits)", "ID" },
    { "project-name", 0, 0, G_OPTION_ARG_STRING, &project_name, "Project name",
        "NAME" },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &tls,
        "Serve HTTPS with a certificate for 127.0.0.1 issued by a test CA",
        nullptr },
    { "write-ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
        "Write the test CA certificate (PEM) to FILE, for a client's CA file",
        "FILE" },
    { "print-env", 'e', 0, G_OPTION_ARG_NONE, &print_env_lines,
        "Once listening, print GETI_SERVER=..., GETI_ORGANIZATION_ID=..., "
        "GETI_WORKSPACE_ID=..., GETI_PROJECT_ID=..., GETI_PROJECT_URL=..., "
        "GETI_API_KEY=... and an "
        "empty line on stdout",
        nullptr },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
        "One line per request on stderr", nullptr },
    { nullptr },
  };

  g_autoptr (GOptionContext) context =
      g_option_context_new ("- a fake Intel Geti server for tests and demos");
  g_option_context_set_summary (context,
      "Serves the Geti REST predict, explain, project and listing endpoints "
      "on 127.0.0.1 and answers predict with the boxes of the bright blobs "
      "of the uploaded JPEG, explain with maps bright where they are.");
  g_option_context_add_main_entries (context, entries, nullptr);
  g_autoptr (GError) error = nullptr;
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("fake-geti-server: %s\n", error->message);
    return 2;
  }
  if (port < 0 || port > 65535 || latency_ms < 0 || capacity < 0 ||
      retry_after_s < 0 || slow_ms < 0 || !(rate_limit >= 0.0) ||
      std::isinf (rate_limit)) {
    g_printerr ("fake-geti-server: negative or out-of-range number\n");
    return 2;
  }

  ServerOptions options;
  options.port = static_cast<guint> (port);
  options.latency_ms = static_cast<guint> (latency_ms);
  options.capacity = static_cast<guint> (capacity);
  options.rate_limit = rate_limit;
  options.retry_after_s = static_cast<guint> (retry_after_s);
  options.slow_ms = static_cast<guint> (slow_ms);
  options.random_seed = static_cast<guint32> (seed);
  options.verbose = verbose;
  options.tls = tls;
  if (ca_file != nullptr &&
      !g_file_set_contents (ca_file, tls_ca_pem (), -1, &error)) {
    g_printerr ("fake-geti-server: %s\n", error->message);
    return 1;
  }
  if (scenario_name != nullptr) {
    std::optional<Scenario> scenario = scenario_from_string (scenario_name);
    if (!scenario) {
      g_printerr ("fake-geti-server: unknown scenario '%s'\n", scenario_name);
      return 2;
    }
    options.scenario = *scenario;
  }
  if (project_kind_name != nullptr) {
    std::optional<ProjectKind> kind =
        project_kind_from_string (project_kind_name);
    if (!kind) {
      g_printerr (
          "fake-geti-server: unknown project kind '%s'\n", project_kind_name);
      return 2;
    }
    options.project_kind = *kind;
  }
  for (char **text = fault_texts; text != nullptr && *text != nullptr; text++) {
    std::optional<FaultRule> rule = fault_rule_from_string (*text);
    if (!rule) {
      g_printerr ("fake-geti-server: bad --fault '%s' (expected "
                  "KIND[:EVERY[:PROBABILITY]])\n",
          *text);
      return 2;
    }
    options.faults.push_back (*rule);
  }
  for (char **text = explain_fault_texts; text != nullptr && *text != nullptr;
       text++) {
    std::optional<FaultRule> rule = fault_rule_from_string (*text);
    if (!rule) {
      g_printerr ("fake-geti-server: bad --explain-fault '%s' (expected "
                  "KIND[:EVERY[:PROBABILITY]])\n",
          *text);
      return 2;
    }
    options.explain_faults.push_back (*rule);
  }
  options.explain_label_names = !no_explain_label_names;
  if (explain_body_file != nullptr) {
    gchar *contents = nullptr;
    gsize length = 0;
    if (!g_file_get_contents (explain_body_file, &contents, &length, &error)) {
      g_printerr ("fake-geti-server: %s\n", error->message);
      return 1;
    }
    options.explain_body =
        std::make_shared<const std::string> (contents, length);
    g_free (contents);
  }
  if (predict_body_file != nullptr) {
    gchar *contents = nullptr;
    gsize length = 0;
    if (!g_file_get_contents (predict_body_file, &contents, &length, &error)) {
      g_printerr ("fake-geti-server: %s\n", error->message);
      return 1;
    }
    options.predict_body =
        std::make_shared<const std::string> (contents, length);
    g_free (contents);
  }
  if (api_key != nullptr)
    options.api_key = api_key;
  if (organization_id != nullptr)
    options.organization_id = organization_id;
  if (workspace_id != nullptr)
    options.workspace_id = workspace_id;
  if (project_id != nullptr)
    options.project_id = project_id;
  if (project_name != nullptr)
    options.project_name = project_name;

  /* before --print-env's lines: whoever read them may stop us at once */
  g_autoptr (GMainLoop) loop = g_main_loop_new (nullptr, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  std::unique_ptr<Server> server = Server::start (options, &error);
  if (!server) {
    g_printerr ("fake-geti-server: %s\n", error->message);
    return 1;
  }

  if (print_env_lines) {
    print_env ("GETI_SERVER", server->url ());
    print_env ("GETI_ORGANIZATION_ID", options.organization_id);
    print_env ("GETI_WORKSPACE_ID", options.workspace_id);
    print_env ("GETI_PROJECT_ID", options.project_id);
    print_env ("GETI_PROJECT_NAME", options.project_name);
    print_env ("GETI_PROJECT_URL", server->url () + "/organizations/" +
                                       options.organization_id +
                                       "/workspaces/" + options.workspace_id +
                                       "/projects/" + options.project_id);
    print_env ("GETI_API_KEY", options.api_key);
    std::printf ("\n");
    std::fflush (stdout);
  }
  g_autofree char *limit =
      rate_limit > 0.0 ? g_strdup_printf (", rate limit %g/s", rate_limit)
                       : g_strdup ("");
  g_printerr ("fake-geti-server: listening on %s (project %s, scenario %s, "
              "latency %u ms, capacity %u%s)\n",
      server->url ().c_str (),
      project_kind_to_string (server->options ().project_kind),
      scenario_to_string (options.scenario), options.latency_ms,
      options.capacity, limit);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  guint predictions = server->predict_count ();
  guint explanations = server->explain_count ();
  guint throttled = server->throttled_count ();
  server.reset ();
  g_autofree char *throttled_text =
      rate_limit > 0.0
          ? g_strdup_printf (" (%u predict requests answered 429 by the rate "
                             "limit)",
                throttled)
          : g_strdup ("");
  g_printerr ("fake-geti-server: stopped after %u predict requests and %u "
              "explain requests%s\n",
      predictions, explanations, throttled_text);
  return 0;
}
