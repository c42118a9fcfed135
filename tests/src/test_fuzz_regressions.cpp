/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>

#include <cstdint>
#include <string>
#include <vector>

/* The fuzz targets of tests/fuzz, in the main suite: each runs on its seed
 * corpus (tests/fuzz/corpus/<target>) and on every input that once made it
 * fail (tests/fuzz/regressions/<target>, one file per bug, named after it).
 * A target aborts on what it finds, so a regression is a test that dies;
 * the sanitizer build of the suite catches the memory errors. */

void geti_fuzz_predict_response (const std::uint8_t *data, std::size_t size);
void geti_fuzz_project (const std::uint8_t *data, std::size_t size);
void geti_fuzz_meta_json (const std::uint8_t *data, std::size_t size);
void geti_fuzz_discovery (const std::uint8_t *data, std::size_t size);

namespace {

using Target = void (*) (const std::uint8_t *, std::size_t);

const struct {
  const char *name;
  Target run;
} targets[] = {
  { "predict_response", geti_fuzz_predict_response },
  { "project", geti_fuzz_project },
  { "meta_json", geti_fuzz_meta_json },
  { "discovery", geti_fuzz_discovery },
};

std::vector<std::string>
files_in (const char *kind, const char *target)
{
  std::vector<std::string> paths;
  g_autofree gchar *dir_path =
      g_build_filename (GETI_FUZZ_DIR, kind, target, nullptr);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, nullptr);
  if (dir == nullptr)
    return paths;
  while (const gchar *name = g_dir_read_name (dir)) {
    g_autofree gchar *path = g_build_filename (dir_path, name, nullptr);
    paths.emplace_back (path);
  }
  return paths;
}

/* Runs @target on every file of tests/fuzz/@kind/<target>; returns how many */
gsize
run_on (const char *kind, gsize index)
{
  const auto paths = files_in (kind, targets[index].name);
  for (const std::string &path : paths) {
    g_autofree gchar *contents = nullptr;
    gsize length = 0;
    ck_assert_msg (
        g_file_get_contents (path.c_str (), &contents, &length, nullptr),
        "cannot read %s", path.c_str ());
    /* If the target aborts, Check names the last checkpoint: the input */
    _mark_point (path.c_str (), 0);
    targets[index].run (
        reinterpret_cast<const std::uint8_t *> (contents), length);
  }
  return paths.size ();
}

} // namespace

/* Test that each fuzz target passes on its seed corpus, which it must have */
START_TEST (test_corpus)
{
  const gsize n = run_on ("corpus", _i);
  ck_assert_msg (n > 0, "no seeds in tests/fuzz/corpus/%s", targets[_i].name);
}
END_TEST

/* Test that each fuzz target passes on the inputs that once failed it */
START_TEST (test_regressions)
{
  run_on ("regressions", _i);
}
END_TEST

/* Test that every regression input is filed under a target that exists */
START_TEST (test_regressions_have_targets)
{
  g_autofree gchar *path =
      g_build_filename (GETI_FUZZ_DIR, "regressions", nullptr);
  g_autoptr (GDir) dir = g_dir_open (path, 0, nullptr);
  ck_assert_msg (dir != nullptr, "no %s", path);
  while (const gchar *name = g_dir_read_name (dir)) {
    if (g_str_equal (name, "README.md"))
      continue;
    bool known = false;
    for (const auto &target : targets)
      known = known || g_str_equal (name, target.name);
    ck_assert_msg (known, "regressions/%s: no such fuzz target", name);
  }
}
END_TEST

static Suite *
fuzz_regressions_suite ()
{
  Suite *s = suite_create ("fuzz_regressions");
  TCase *tc = tcase_create ("general");
  const int n = G_N_ELEMENTS (targets);
  tcase_add_loop_test (tc, test_corpus, 0, n);
  tcase_add_loop_test (tc, test_regressions, 0, n);
  tcase_add_test (tc, test_regressions_have_targets);
  suite_add_tcase (s, tc);
  return s;
}

int
main ()
{
  /* The targets run GStreamer without a registry (GST_REGISTRY_DISABLE), so
   * without the tracer plugins: the suites' GST_TRACERS=leaks would only
   * make GStreamer >= 1.24 warn that there is no such tracer */
  g_unsetenv ("GST_TRACERS");
  SRunner *runner = srunner_create (fuzz_regressions_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
