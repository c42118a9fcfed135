/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The project document on getipredict's path: any bytes are parsed (an
 * error, or a project whose labels and tasks can be found by id); a parsed
 * project checks "pipeline" and gives every label of an answer that lacks
 * them its name and colour, and its keypoint skeleton to the prediction
 * list. Seeds: the project fixtures and the fake server's project kinds
 * (corpus/project). */
#include <gst/geti/geti.h>

#include "discovery.h"
#include "error.h"
#include "fuzz.h"
#include "prediction_convert.h"
#include "project.h"

GETI_FUZZ_TARGET (project)
{
  geti::fuzz::init_gstreamer ();

  geti::Project project;
  project.name = "stale";
  project.tasks.emplace_back ();
  GError *error = nullptr;
  const bool ok = geti::parse_project (
      reinterpret_cast<const char *> (data), size, project, &error);
  if (!ok) {
    GETI_FUZZ_CHECK (
        g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE), "error code");
    GETI_FUZZ_CHECK (project.tasks.empty () && project.name.empty (),
        "a failed parse leaves the project empty");
    g_error_free (error);
    return;
  }
  GETI_FUZZ_CHECK (error == nullptr, "success with an error");

  /* "active" is always a pipeline; a task id is one, or a settings error */
  GETI_FUZZ_CHECK (geti::validate_pipeline (project, "active", nullptr),
      "\"active\" refused");
  geti::PredictResult answer;
  gsize edges = 0;
  for (const geti::ProjectTask &task : project.tasks) {
    GETI_FUZZ_CHECK (project.find_task (task.id) != nullptr, "task not found");
    if (!geti::validate_pipeline (project, task.id, &error)) {
      GETI_FUZZ_CHECK (
          g_error_matches (error, GETI_ERROR, geti::ERROR_SETTINGS), "code");
      g_clear_error (&error);
    }
    edges += task.keypoint_edges.size ();
    for (const geti::ProjectLabel &label : task.labels) {
      GETI_FUZZ_CHECK (
          project.find_label (label.id) != nullptr, "label not found");
      /* a cached answer: the label's id only */
      geti::Prediction prediction;
      prediction.labels.emplace_back ();
      prediction.labels.back ().id = label.id;
      prediction.labels.back ().probability = 0.5;
      prediction.shape.type = geti::ShapeType::rectangle;
      answer.predictions.push_back (std::move (prediction));
    }
  }

  GstGetiPredictions *predictions =
      gst_geti::predictions_from_result (answer, 0.0, 1.0, 1.0, &project);
  GETI_FUZZ_CHECK (predictions != nullptr, "no prediction list");
  const guint n = gst_geti_predictions_get_size (predictions);
  GETI_FUZZ_CHECK (n == answer.predictions.size (), "predictions lost");
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *p = gst_geti_predictions_get (predictions, i);
    const geti::ProjectLabel *label = project.find_label (p->labels[0].id);
    GETI_FUZZ_CHECK (label != nullptr && p->labels[0].name != nullptr &&
                         label->name == p->labels[0].name,
        "label %u: the project's name", i);
    GETI_FUZZ_CHECK (p->labels[0].color == label->color.value_or (0),
        "label %u: the project's colour", i);
  }
  GETI_FUZZ_CHECK (
      gst_geti_predictions_get_n_keypoint_edges (predictions) == edges,
      "keypoint edges");
  gst_geti_predictions_unref (predictions);
}
