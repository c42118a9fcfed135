/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "error.h"

#include <algorithm>
#include <cstring>

/* What a GETI_ERROR carries besides its message (an extended GError
 * domain, GLib >= 2.68): where the message names settings, counted from
 * its end so that g_prefix_error () leaves them in place. */
struct GetiErrorPrivate {
  static constexpr guint max_spans = 4;
  struct {
    gsize from_end; /* of the name's first byte */
    gsize length;
    geti::Setting setting;
  } spans[max_spans];
  guint n_spans;
  gsize message_length; /* when it was set */
};

static void
geti_error_private_init (GetiErrorPrivate *priv)
{
  *priv = GetiErrorPrivate ();
}

static void
geti_error_private_copy (const GetiErrorPrivate *src, GetiErrorPrivate *dest)
{
  *dest = *src;
}

static void
geti_error_private_clear (GetiErrorPrivate *)
{}

static GQuark geti_error_quark ();
G_DEFINE_EXTENDED_ERROR (GetiError, geti_error)

namespace geti {

GQuark
error_quark () noexcept
{
  return geti_error_quark ();
}

const char *
setting_name (Setting setting) noexcept
{
  switch (setting) {
    case Setting::server:
      return "the server";
    case Setting::api_key:
      return "the API key setting";
    case Setting::organization_id:
      return "the organization id";
    case Setting::workspace_id:
      return "the workspace id";
    case Setting::project_id:
      return "the project id";
    case Setting::project_url:
      return "the project URL";
    case Setting::project_name:
      return "the project name";
    case Setting::pipeline:
      return "the pipeline";
    case Setting::ssl_ca_file:
      return "the CA file";
    case Setting::none:
      break;
  }
  return "a setting";
}

Setting
error_setting (const GError *error) noexcept
{
  if (error == nullptr || error->domain != GETI_ERROR)
    return Setting::none;
  const GetiErrorPrivate *priv = geti_error_get_private (error);
  return priv->n_spans > 0 ? priv->spans[0].setting : Setting::none;
}

char *
error_message_naming (
    const GError *error, const char *(*name) (Setting setting)) noexcept
{
  if (error == nullptr)
    return nullptr;
  const gsize length = std::strlen (error->message);
  if (error->domain != GETI_ERROR)
    return g_strdup (error->message);
  const GetiErrorPrivate *priv = geti_error_get_private (error);
  /* g_prefix_error () only adds in front: the end is the message set */
  if (length < priv->message_length)
    return g_strdup (error->message);
  GString *text = g_string_sized_new (length + 16);
  gsize at = 0;
  for (guint i = 0; i < priv->n_spans; i++) {
    const gsize start = length - priv->spans[i].from_end;
    g_string_append_len (text, error->message + at, start - at);
    g_string_append (text, name (priv->spans[i].setting));
    at = start + priv->spans[i].length;
  }
  g_string_append (text, error->message + at);
  return g_string_free (text, FALSE);
}

SettingMessage &
SettingMessage::operator<< (Setting setting)
{
  const char *name = setting_name (setting);
  spans_.push_back ({ text_.size (), std::strlen (name), setting });
  text_ += name;
  return *this;
}

SettingMessage &
SettingMessage::operator<< (std::string_view text)
{
  text_ += text;
  return *this;
}

SettingMessage &
SettingMessage::operator<< (const SettingMessage &more)
{
  for (const Span &span : more.spans_)
    spans_.push_back (
        { text_.size () + span.start, span.length, span.setting });
  text_ += more.text_;
  return *this;
}

void
set_setting_error (
    GError **error, int code, const SettingMessage &message) noexcept
{
  if (error == nullptr)
    return;
  g_set_error_literal (error, GETI_ERROR, code, message.text_.c_str ());
  if (*error == nullptr || (*error)->domain != GETI_ERROR)
    return; /* already set: GLib warned */
  GetiErrorPrivate *priv = geti_error_get_private (*error);
  const gsize length = message.text_.size ();
  priv->message_length = length;
  priv->n_spans = static_cast<guint> (
      std::min<gsize> (message.spans_.size (), GetiErrorPrivate::max_spans));
  for (guint i = 0; i < priv->n_spans; i++) {
    const SettingMessage::Span &span = message.spans_[i];
    priv->spans[i] = { length - span.start, span.length, span.setting };
  }
}

bool
error_is_transient (const GError *error) noexcept
{
  if (error == nullptr || error->domain != GETI_ERROR)
    return false;
  switch (error->code) {
    case ERROR_NO_MODEL:
    case ERROR_RATE_LIMITED:
    case ERROR_SERVER:
    case ERROR_NETWORK:
    case ERROR_TIMEOUT:
      return true;
    default:
      return false;
  }
}

guint
error_http_status (const GError *error) noexcept
{
  if (error == nullptr || error->domain != GETI_ERROR)
    return 0;
  switch (error->code) {
    case ERROR_NO_MODEL:
      return 204;
    case ERROR_BAD_REQUEST:
      return 400;
    case ERROR_UNAUTHORIZED:
      return 401;
    case ERROR_FORBIDDEN:
      return 403;
    case ERROR_NOT_FOUND:
      return 404;
    case ERROR_RATE_LIMITED:
      return 429;
    default:
      return 0;
  }
}

} // namespace geti
