/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>

#include <string>

#include "error.h"
#include "project.h"

/* Unit tests of the project document parser, against every project fixture
 * in tests/data/geti and against malformed documents. */

using geti::Project;
using geti::ProjectLabel;
using geti::ProjectTask;

/* Every project fixture; test_every_fixture_is_covered fails when a new one
 * is added without a test. */
static const char *const project_fixtures[] = {
  "project_detection_classification_labels.json",
  "project_keypoint_detection.json",
};

static std::string
load_fixture (const char *name)
{
  g_autofree gchar *path = g_build_filename (GETI_FIXTURES_DIR, name, nullptr);
  g_autofree gchar *contents = nullptr;
  gsize length = 0;
  g_autoptr (GError) error = nullptr;
  const gboolean ok = g_file_get_contents (path, &contents, &length, &error);
  ck_assert_msg (ok, "cannot read %s: %s", path, ok ? "" : error->message);
  return std::string (contents, length);
}

static Project
parse_ok (const std::string &body)
{
  Project project;
  g_autoptr (GError) error = nullptr;
  const bool ok =
      geti::parse_project (body.data (), body.size (), project, &error);
  ck_assert_msg (ok, "parse failed: %s", ok ? "" : error->message);
  ck_assert_ptr_null (error);
  return project;
}

/* Parses @body expecting ERROR_PARSE, checks that the project was left
 * empty, and returns the message. */
static std::string
parse_error_of (const char *data, gsize size)
{
  Project project;
  project.id = "stale";
  project.name = "stale";
  project.tasks.emplace_back ();
  g_autoptr (GError) error = nullptr;
  const bool ok = geti::parse_project (data, size, project, &error);
  ck_assert_msg (!ok, "parse unexpectedly succeeded");
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE),
      "wrong error: %s", error->message);
  ck_assert_str_eq (project.id.c_str (), "");
  ck_assert_str_eq (project.name.c_str (), "");
  ck_assert_uint_eq (project.tasks.size (), 0);
  return error->message;
}

static std::string
parse_error_of (const std::string &body)
{
  return parse_error_of (body.data (), body.size ());
}

/* Asserts a parse error whose message is exactly @expected */
static void
assert_error_is (const std::string &body, const char *expected)
{
  const std::string message = parse_error_of (body);
  ck_assert_msg (message == expected,
      "for %.200s:\n  got      %s\n  expected %s", body.c_str (),
      message.c_str (), expected);
}

static void
assert_label (const ProjectLabel &label, const char *id, const char *name,
    guint32 color, const char *group, const char *parent_id, bool is_empty,
    bool is_anomalous)
{
  ck_assert_str_eq (label.id.c_str (), id);
  ck_assert_str_eq (label.name.c_str (), name);
  ck_assert_msg (label.color.has_value (), "label %s has no colour", id);
  ck_assert_uint_eq (*label.color, color);
  ck_assert_str_eq (label.group.c_str (), group);
  if (parent_id == nullptr) {
    ck_assert_msg (!label.parent_id.has_value (), "unexpected parent %s",
        label.parent_id.value_or ("").c_str ());
  } else {
    ck_assert_msg (label.parent_id.has_value (), "label %s has no parent", id);
    ck_assert_str_eq (label.parent_id->c_str (), parent_id);
  }
  ck_assert_int_eq (label.is_empty, is_empty);
  ck_assert_int_eq (label.is_anomalous, is_anomalous);
}

/* A project whose single task has the labels @labels (JSON text) */
static std::string
with_labels (const std::string &labels)
{
  return "{\"id\": \"p\", \"name\": \"n\", \"pipeline\": {\"tasks\": [{\"id\": "
         "\"t\", \"task_type\": \"detection\", \"labels\": " +
         labels + "}]}}";
}

/* A project whose single task has the keypoint structure @structure */
static std::string
with_structure (const std::string &structure)
{
  return "{\"pipeline\": {\"tasks\": [{\"id\": \"t\", \"task_type\": "
         "\"keypoint_detection\", \"labels\": [], \"keypoint_structure\": " +
         structure + "}]}}";
}

START_TEST (test_detection_classification)
{
  /* Test that a detection → classification project gives both tasks, every
   * label with colour, group, parent and empty flag, and is_anomalous false
   * where the document leaves it out. */
  const Project project =
      parse_ok (load_fixture ("project_detection_classification_labels.json"));
  ck_assert_str_eq (project.id.c_str (), "62946c61003ddb3967f14751");
  ck_assert_str_eq (project.name.c_str (), "Cards");
  ck_assert_uint_eq (project.tasks.size (), 2);

  const ProjectTask &detection = project.tasks[0];
  ck_assert_str_eq (detection.id.c_str (), "62946c61003ddb3967f14752");
  ck_assert_str_eq (detection.title.c_str (), "Detection");
  ck_assert_str_eq (detection.task_type.c_str (), "detection");
  ck_assert_uint_eq (detection.labels.size (), 2);
  assert_label (detection.labels[0], "62946c62003ddb3967f1475b", "Card",
      0x26518effu, "Default group root task", nullptr, false, false);
  assert_label (detection.labels[1], "62946c62003ddb3967f1475d", "No object",
      0xa4fc32ffu, "No object", nullptr, true, false);
  ck_assert_uint_eq (detection.keypoint_edges.size (), 0);

  const ProjectTask &classification = project.tasks[1];
  ck_assert_str_eq (classification.id.c_str (), "62946c61003ddb3967f14753");
  ck_assert_str_eq (classification.title.c_str (), "Classification");
  ck_assert_str_eq (classification.task_type.c_str (), "classification");
  ck_assert_uint_eq (classification.labels.size (), 1);
  assert_label (classification.labels[0], "62946c62003ddb3967f14760", "Hearts",
      0xff5662ffu, "Default group root task___Suit", "62946c62003ddb3967f1475b",
      false, false);
}
END_TEST

START_TEST (test_keypoint_detection)
{
  /* Test that a keypoint project keeps its label-less dataset task, its
   * keypoint labels and the skeleton edge between them. */
  const Project project =
      parse_ok (load_fixture ("project_keypoint_detection.json"));
  ck_assert_str_eq (project.id.c_str (), "62946c61003ddb3967f14750");
  ck_assert_str_eq (project.name.c_str (), "Keypoint project");
  ck_assert_uint_eq (project.tasks.size (), 2);

  const ProjectTask &dataset = project.tasks[0];
  ck_assert_str_eq (dataset.id.c_str (), "62946c61003ddb3967f1474e");
  ck_assert_str_eq (dataset.task_type.c_str (), "dataset");
  ck_assert_str_eq (dataset.title.c_str (), "Dataset");
  ck_assert_uint_eq (dataset.labels.size (), 0);
  ck_assert_uint_eq (dataset.keypoint_edges.size (), 0);

  const ProjectTask &keypoints = project.tasks[1];
  ck_assert_str_eq (keypoints.id.c_str (), "62946c61003ddb3967f1474d");
  ck_assert_str_eq (keypoints.task_type.c_str (), "keypoint_detection");
  ck_assert_str_eq (keypoints.title.c_str (), "Keypoint detection task");
  ck_assert_uint_eq (keypoints.labels.size (), 2);
  assert_label (keypoints.labels[0], "62946c62003ddb3967f1475c", "head",
      0x26518effu, "Default keypoint detection task", nullptr, false, false);
  assert_label (keypoints.labels[1], "62946c62003ddb3967f1475e", "neck",
      0xa4fc32ffu, "Default keypoint detection task", nullptr, false, false);

  ck_assert_uint_eq (keypoints.keypoint_edges.size (), 1);
  ck_assert_str_eq (
      keypoints.keypoint_edges[0].first.c_str (), "62946c62003ddb3967f1475c");
  ck_assert_str_eq (
      keypoints.keypoint_edges[0].second.c_str (), "62946c62003ddb3967f1475e");
}
END_TEST

START_TEST (test_find_label_and_task)
{
  /* Test that labels are found by id across tasks, tasks by id, and that
   * unknown ids give nullptr. */
  const Project project =
      parse_ok (load_fixture ("project_detection_classification_labels.json"));

  const ProjectLabel *card = project.find_label ("62946c62003ddb3967f1475b");
  ck_assert_ptr_eq (card, &project.tasks[0].labels[0]);
  const ProjectLabel *hearts = project.find_label ("62946c62003ddb3967f14760");
  ck_assert_ptr_eq (hearts, &project.tasks[1].labels[0]);
  ck_assert_ptr_null (project.find_label ("62946c62003ddb3967f14761"));
  ck_assert_ptr_null (project.find_label (""));

  ck_assert_ptr_eq (
      project.find_task ("62946c61003ddb3967f14753"), &project.tasks[1]);
  ck_assert_ptr_null (project.find_task ("62946c62003ddb3967f1475b"));

  const Project empty;
  ck_assert_ptr_null (empty.find_label ("62946c62003ddb3967f1475b"));
  ck_assert_ptr_null (empty.find_task ("62946c61003ddb3967f14753"));
}
END_TEST

START_TEST (test_every_fixture_is_covered)
{
  /* Test that every project fixture in the data directory is one this
   * suite checks, so a new fixture cannot go untested. */
  g_autoptr (GError) error = nullptr;
  g_autoptr (GDir) dir = g_dir_open (GETI_FIXTURES_DIR, 0, &error);
  ck_assert_msg (dir != nullptr, "%s", error ? error->message : "");
  guint seen = 0;
  while (const char *name = g_dir_read_name (dir)) {
    if (!g_str_has_prefix (name, "project_"))
      continue;
    bool known = false;
    for (const char *fixture : project_fixtures)
      known = known || g_str_equal (fixture, name);
    ck_assert_msg (known, "fixture %s has no test", name);
    seen++;
  }
  ck_assert_uint_eq (seen, G_N_ELEMENTS (project_fixtures));
}
END_TEST

START_TEST (test_optional_label_members)
{
  /* Test that anomalous labels are flagged, that #RRGGBB colours are
   * opaque, and that a label with only id and name gets the defaults. */
  const Project project = parse_ok (with_labels (
      "[{\"id\": \"n\", \"name\": \"Normal\", \"color\": \"#8BAE46\", "
      "\"group\": \"g\", \"parent_id\": null, \"is_empty\": false, "
      "\"is_anomalous\": false, \"hotkey\": \"\", \"is_deleted\": false},"
      " {\"id\": \"a\", \"name\": \"Anomalous\", \"color\": \"#ff5662ff\", "
      "\"group\": \"g\", \"is_anomalous\": true},"
      " {\"id\": \"b\", \"name\": \"Bare\"}]"));
  const auto &labels = project.tasks[0].labels;
  ck_assert_uint_eq (labels.size (), 3);
  assert_label (
      labels[0], "n", "Normal", 0x8bae46ffu, "g", nullptr, false, false);
  assert_label (
      labels[1], "a", "Anomalous", 0xff5662ffu, "g", nullptr, false, true);
  ck_assert_str_eq (labels[2].id.c_str (), "b");
  ck_assert_str_eq (labels[2].name.c_str (), "Bare");
  ck_assert (!labels[2].color.has_value ());
  ck_assert_str_eq (labels[2].group.c_str (), "");
  ck_assert (!labels[2].parent_id.has_value ());
  ck_assert (!labels[2].is_empty);
  ck_assert (!labels[2].is_anomalous);
}
END_TEST

START_TEST (test_several_edges)
{
  /* Test that every skeleton edge is kept in order, and that a structure
   * without edges gives none. */
  Project project = parse_ok (with_structure (
      "{\"edges\": [{\"nodes\": [\"a\", \"b\"]}, {\"nodes\": [\"b\", "
      "\"c\"]}], \"positions\": [{\"label\": \"a\", \"x\": 0.1, \"y\": "
      "0.2}]}"));
  const auto &edges = project.tasks[0].keypoint_edges;
  ck_assert_uint_eq (edges.size (), 2);
  ck_assert_str_eq (edges[0].first.c_str (), "a");
  ck_assert_str_eq (edges[0].second.c_str (), "b");
  ck_assert_str_eq (edges[1].first.c_str (), "b");
  ck_assert_str_eq (edges[1].second.c_str (), "c");

  project = parse_ok (with_structure ("{\"positions\": []}"));
  ck_assert_uint_eq (project.tasks[0].keypoint_edges.size (), 0);
}
END_TEST

START_TEST (test_error_bodies)
{
  /* Test that Geti error documents, which have no pipeline, are parse
   * errors. */
  const char *const names[] = { "error_project_not_found.json",
    "error_no_model_trained_legacy.json" };
  for (const char *name : names) {
    assert_error_is (load_fixture (name), "pipeline: missing");
  }
}
END_TEST

START_TEST (test_prediction_is_not_a_project)
{
  /* Test that a :predict answer given as a project is a parse error. */
  assert_error_is (
      load_fixture ("openapi_single_predict.json"), "pipeline: missing");
}
END_TEST

START_TEST (test_malformed_json)
{
  /* Test that empty, blank, invalid, truncated and deeply nested documents
   * are parse errors. */
  parse_error_of (nullptr, 0);
  parse_error_of (nullptr, 3);
  parse_error_of ("", 0);
  parse_error_of (std::string ("  \n"));
  parse_error_of (std::string ("{\"pipeline\": {\"tasks\": []"));
  parse_error_of (std::string ("{'pipeline': {'tasks': []}}"));
  parse_error_of (std::string ("{\"pipeline\": {\"tasks\": []}} // x"));
  parse_error_of (std::string (200000, '{'));
  parse_error_of (std::string (200000, '['));
  /* one document, one value: json-glib would read the first and leak the
   * rest */
  parse_error_of (std::string ("6{\"pipeline\": {\"tasks\": []}}"));
  parse_error_of (std::string ("{\"pipeline\": {\"tasks\": []}} {}"));
  parse_error_of (std::string ("[] 1"));

  const std::string body = load_fixture ("project_keypoint_detection.json");
  const std::size_t end = body.rfind ('}');
  for (std::size_t size = 1; size <= end; size++)
    parse_error_of (body.data (), size);
}
END_TEST

START_TEST (test_wrong_types)
{
  /* Test that members of the wrong type are parse errors naming their JSON
   * path. */
  const struct {
    std::string body;
    const char *message;
  } cases[] = {
    { "[]", "top level: expected an object, got an array" },
    { "{\"id\": 1, \"pipeline\": {\"tasks\": []}}",
        "id: expected a string, got a number" },
    { "{\"name\": [], \"pipeline\": {\"tasks\": []}}",
        "name: expected a string, got an array" },
    { "{\"pipeline\": []}", "pipeline: expected an object, got an array" },
    { "{\"pipeline\": {}}", "pipeline.tasks: missing" },
    { "{\"pipeline\": {\"tasks\": {}}}",
        "pipeline.tasks: expected an array, got an object" },
    { "{\"pipeline\": {\"tasks\": [{\"id\": \"t\"}, 5]}}",
        "pipeline.tasks[1]: expected an object, got a number" },
    { "{\"pipeline\": {\"tasks\": [{\"title\": \"x\"}]}}",
        "pipeline.tasks[0].id: missing" },
    { "{\"pipeline\": {\"tasks\": [{\"id\": \"t\", \"task_type\": 3}]}}",
        "pipeline.tasks[0].task_type: expected a string, got a number" },
    { with_labels ("{}"),
        "pipeline.tasks[0].labels: expected an array, got an object" },
    { with_labels ("[null]"),
        "pipeline.tasks[0].labels[0]: expected an object, got null" },
    { with_labels ("[{\"name\": \"x\"}]"),
        "pipeline.tasks[0].labels[0].id: missing" },
    { with_labels ("[{\"id\": \"x\"}]"),
        "pipeline.tasks[0].labels[0].name: missing" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"color\": \"#12345\"}]"),
        "pipeline.tasks[0].labels[0].color: expected a colour \"#RRGGBB\" or "
        "\"#RRGGBBAA\", got \"#12345\"" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"color\": 255}]"),
        "pipeline.tasks[0].labels[0].color: expected a string, got a number" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"parent_id\": 4}]"),
        "pipeline.tasks[0].labels[0].parent_id: expected a string, got a "
        "number" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"is_empty\": "
                   "\"false\"}]"),
        "pipeline.tasks[0].labels[0].is_empty: expected a boolean, got a "
        "string" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"is_anomalous\": 1}]"),
        "pipeline.tasks[0].labels[0].is_anomalous: expected a boolean, got a "
        "number" },
    { with_labels ("[{\"id\": \"x\", \"name\": \"x\", \"group\": {}}]"),
        "pipeline.tasks[0].labels[0].group: expected a string, got an "
        "object" },
    { with_structure ("[]"),
        "pipeline.tasks[0].keypoint_structure: expected an object, got an "
        "array" },
    { with_structure ("{\"edges\": {}}"),
        "pipeline.tasks[0].keypoint_structure.edges: expected an array, got "
        "an object" },
    { with_structure ("{\"edges\": [[\"a\", \"b\"]]}"),
        "pipeline.tasks[0].keypoint_structure.edges[0]: expected an object, "
        "got an array" },
    { with_structure ("{\"edges\": [{}]}"),
        "pipeline.tasks[0].keypoint_structure.edges[0].nodes: missing" },
    { with_structure ("{\"edges\": [{\"nodes\": [\"a\"]}]}"),
        "pipeline.tasks[0].keypoint_structure.edges[0].nodes: expected 2 "
        "label ids, got 1" },
    { with_structure ("{\"edges\": [{\"nodes\": [\"a\", \"b\", \"c\"]}]}"),
        "pipeline.tasks[0].keypoint_structure.edges[0].nodes: expected 2 "
        "label ids, got 3" },
    { with_structure ("{\"edges\": [{\"nodes\": [\"a\", 2]}]}"),
        "pipeline.tasks[0].keypoint_structure.edges[0].nodes[1]: expected a "
        "string, got a number" },
  };
  for (const auto &c : cases)
    assert_error_is (c.body, c.message);
}
END_TEST

static Suite *
project_suite ()
{
  Suite *s = suite_create ("project");

  TCase *fixtures = tcase_create ("fixtures");
  tcase_add_test (fixtures, test_detection_classification);
  tcase_add_test (fixtures, test_keypoint_detection);
  tcase_add_test (fixtures, test_find_label_and_task);
  tcase_add_test (fixtures, test_every_fixture_is_covered);
  suite_add_tcase (s, fixtures);

  TCase *forms = tcase_create ("forms");
  tcase_add_test (forms, test_optional_label_members);
  tcase_add_test (forms, test_several_edges);
  suite_add_tcase (s, forms);

  TCase *malformed = tcase_create ("malformed");
  tcase_add_test (malformed, test_error_bodies);
  tcase_add_test (malformed, test_prediction_is_not_a_project);
  tcase_add_test (malformed, test_malformed_json);
  tcase_add_test (malformed, test_wrong_types);
  suite_add_tcase (s, malformed);

  return s;
}

int
main ()
{
  /* A critical or warning is a bug here even when the runner did not set
   * G_DEBUG=fatal-criticals. */
  g_log_set_always_fatal (
      static_cast<GLogLevelFlags> (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING));

  SRunner *runner = srunner_create (project_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed;
}
