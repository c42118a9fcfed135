/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* What the fuzz targets share. Each target is one function,
 *
 *   GETI_FUZZ_TARGET (name)
 *   {
 *     ... data, size ...
 *   }
 *
 * which becomes geti_fuzz_<name> (data, size) and, in a libFuzzer build,
 * LLVMFuzzerTestOneInput too. The main suite's test_fuzz_regressions links
 * every target (built with GETI_FUZZ_NO_ENTRY_POINT) and runs it on the seed
 * corpus and on the inputs that once crashed it. A target checks what must
 * hold with GETI_FUZZ_CHECK, which aborts: a crash to libFuzzer, a failed
 * test to Check. */

#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#define GETI_FUZZ_CHECK(condition, ...)                                        \
  do {                                                                         \
    if (!(condition)) {                                                        \
      std::fprintf (stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,   \
          #condition);                                                         \
      std::fprintf (stderr, __VA_ARGS__);                                      \
      std::fprintf (stderr, "\n");                                             \
      std::abort ();                                                           \
    }                                                                          \
  } while (0)

#ifdef GETI_FUZZ_NO_ENTRY_POINT
#define GETI_FUZZ_TARGET(name)                                                 \
  void geti_fuzz_##name (const std::uint8_t *data, std::size_t size)
#else
#define GETI_FUZZ_TARGET(name)                                                 \
  void geti_fuzz_##name (const std::uint8_t *data, std::size_t size);          \
  extern "C" int LLVMFuzzerInitialize (int *, char ***)                        \
  {                                                                            \
    geti::fuzz::init_gstreamer ();                                             \
    return 0;                                                                  \
  }                                                                            \
  extern "C" int LLVMFuzzerTestOneInput (                                      \
      const std::uint8_t *data, std::size_t size)                              \
  {                                                                            \
    geti_fuzz_##name (data, size);                                             \
    return 0;                                                                  \
  }                                                                            \
  void geti_fuzz_##name (const std::uint8_t *data, std::size_t size)
#endif

namespace geti::fuzz {

/* Takes typed values off the front of the fuzzer's bytes; zeros once they
 * run out, so that every input describes some value. */
class ByteReader
{
public:
  ByteReader (const std::uint8_t *data, std::size_t size) noexcept
      : data_ (data), size_ (size)
  {}

  bool empty () const noexcept
  {
    return size_ == 0;
  }

  std::uint64_t bits (unsigned bytes) noexcept
  {
    std::uint64_t value = 0;
    for (unsigned i = 0; i < bytes; i++)
      value = (value << 8) | byte ();
    return value;
  }

  std::uint8_t byte () noexcept
  {
    if (size_ == 0)
      return 0;
    size_--;
    return *data_++;
  }

  bool boolean () noexcept
  {
    return byte () & 1;
  }

  /* A value in [0, bound] */
  unsigned below_or (unsigned bound) noexcept
  {
    return bound == 0 ? 0 : byte () % (bound + 1);
  }

  /* Any double, from its bit pattern (NaN and infinities included) */
  double any_double () noexcept
  {
    const std::uint64_t raw = bits (8);
    double value;
    std::memcpy (&value, &raw, sizeof value);
    return value;
  }

  /* A string of up to @max bytes (any bytes but NUL) */
  std::string string (unsigned max)
  {
    const unsigned length = below_or (max);
    std::string out;
    for (unsigned i = 0; i < length && size_ > 0; i++) {
      const char c = static_cast<char> (byte ());
      out.push_back (c == '\0' ? '0' : c);
    }
    return out;
  }

private:
  const std::uint8_t *data_;
  std::size_t size_;
};

/* gst_init () once, without a registry: the targets need the core and
 * gstvideo libraries, never a plugin. */
void init_gstreamer () noexcept;

/* Whether @text is a document json-glib reads (strict: no extensions) */
bool is_json (const std::string &text) noexcept;

} // namespace geti::fuzz
