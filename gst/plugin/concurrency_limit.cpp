/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "concurrency_limit.h"

#include <algorithm>
#include <cmath>

namespace gst_geti::predict {

ConcurrencyLimit::ConcurrencyLimit (guint max_limit) noexcept
    : max_ (std::max (1u, max_limit))
{
  limit_ = std::min<double> (INITIAL, max_);
}

guint
ConcurrencyLimit::limit () const noexcept
{
  return static_cast<guint> (limit_);
}

double
ConcurrencyLimit::rate () const noexcept
{
  return rate_;
}

guint
ConcurrencyLimit::max () const noexcept
{
  return max_;
}

void
ConcurrencyLimit::add (gint64 sent_us, gint64 received_us, Outcome outcome,
    guint in_flight) noexcept
{
  if (window_start_us_ == 0)
    window_start_us_ = changed_us_ = sent_us;
  else if (sent_us < changed_us_ && outcome != Outcome::timed_out)
    return;

  switch (outcome) {
    case Outcome::answered:
      answers_++;
      if (base_us_ > 0 &&
          static_cast<double> (received_us - sent_us) > LATE * base_us_)
        late_++;
      answer_times_.push_back (received_us);
      while (answer_times_.front () < received_us - RATE_HORIZON_US)
        answer_times_.pop_front ();
      rtt_sum_us_ += static_cast<double> (std::max<gint64> (
          1, received_us - sent_us));
      in_flight_sum_ += in_flight;
      break;
    case Outcome::throttled:
      throttled_++;
      break;
    case Outcome::timed_out:
      timeouts_++;
      break;
  }
  in_flight_max_ = std::max (in_flight_max_, in_flight);

  const guint samples = answers_ + throttled_ + timeouts_;
  const guint needed =
      std::max (MIN_WINDOW, static_cast<guint> (std::ceil (limit_)));
  const gint64 elapsed_us = received_us - window_start_us_;
  if ((samples >= needed && elapsed_us >= MIN_WINDOW_US) ||
      elapsed_us >= MAX_WINDOW_US)
    end_window (received_us);
}

double
ConcurrencyLimit::served_rate (gint64 now_us) const noexcept
{
  const auto first = std::lower_bound (answer_times_.begin (),
      answer_times_.end (), now_us - RATE_HORIZON_US);
  const auto count = answer_times_.end () - first;
  if (count < 2)
    return 0;
  const double span_s =
      static_cast<double> (std::max<gint64> (now_us - *first, 1)) / 1e6;
  return (count - 1) / span_s;
}

double
ConcurrencyLimit::base_rtt (gint64 now_us, double window_rtt) noexcept
{
  window_rtts_.emplace_back (now_us, window_rtt);
  while (window_rtts_.size () > 1 &&
         window_rtts_.front ().first < now_us - BASE_WINDOW_US)
    window_rtts_.pop_front ();
  double base = window_rtt;
  for (const auto &[when, rtt] : window_rtts_)
    base = std::min (base, rtt);
  return base;
}

void
ConcurrencyLimit::set_limit (double limit, gint64 now_us) noexcept
{
  const double old = limit_;
  limit_ = std::clamp (std::floor (limit), 1.0, static_cast<double> (max_));
  if (limit_ != old)
    changed_us_ = now_us;
  window_start_us_ = now_us;
  answers_ = throttled_ = timeouts_ = late_ = 0;
  rtt_sum_us_ = in_flight_sum_ = 0;
  in_flight_max_ = 0;
}

void
ConcurrencyLimit::end_window (gint64 now_us) noexcept
{
  const double elapsed_s =
      std::max (1e-3, static_cast<double> (now_us - window_start_us_) / 1e6);
  const double served = served_rate (now_us);

  if (timeouts_ > 0) {
    /* a loss: TCP halves */
    slow_start_ = false;
    before_cut_ = 0;
    probe_step_ = 1;
    quiet_windows_ = quiet_answers_ = 0;
    set_limit (limit_ / 2, now_us);
    return;
  }

  const double rtt = answers_ > 0 ? rtt_sum_us_ / answers_ : 0;
  if (throttled_ > 0) {
    /* a rate limit: pace at a little less than what got through */
    slow_start_ = false;
    before_cut_ = 0;
    probe_step_ = 1;
    quiet_windows_ = quiet_answers_ = 0;
    rate_ = served > 0 ? 0.9 * served
            : rate_ > 0 ? rate_ / 2
                        : 0.5 * (throttled_ / elapsed_s);
    rate_ = std::max (rate_, 1.0);
    double limit = limit_;
    if (rtt > 0)
      limit = std::min (limit, std::ceil (rate_ * rtt / 1e6) + 1);
    set_limit (limit, now_us);
    return;
  }
  if (answers_ == 0) {
    set_limit (limit_, now_us);
    return;
  }

  if (rate_ > 0) {
    rate_ *= 1 + RATE_GROWTH * elapsed_s;
    /* far above what is asked for: the pacing is over */
    if (rate_ > 2 * served)
      rate_ = 0;
  }
  const double rate_cap =
      rate_ > 0 ? std::ceil (rate_ * rtt / 1e6) + 1 : static_cast<double> (max_);

  const double base = base_rtt (now_us, rtt);
  const double in_flight = in_flight_sum_ / answers_;
  const double queue = in_flight * (1.0 - base / rtt);
  /* the limit was reached: not held back by what was asked */
  const bool used = in_flight_max_ >= static_cast<guint> (limit_);

  base_us_ = base;
  const double rise = rtt / base - 1;
  /* a queue the answer times show beyond their usual noise, or that
   * makes more answers late than the 95th percentile allows */
  const bool queued = queue >= BETA && rise > noise_ + NOISE_MARGIN * noise_dev_;
  const bool late =
      queue >= ALPHA && late_ >= 2 && late_ > LATE_SHARE * answers_;
  /* a weak sign must show twice in a row (once may be a stall), unless
   * the limit was just raised: then the one before is known to be good */
  const bool strong = queue >= 2 || rise >= 0.5 || probing_;
  if ((queued || late) && !strong && !suspect_) {
    suspect_ = true;
    set_limit (std::min (limit_, rate_cap), now_us);
    return;
  }
  suspect_ = false;
  if (queued || late) {
    /* less by what queued: by half at most, unless the queue is as long
     * as what is served (leaving slow start, or the capacity fell) */
    const double cut = std::max (1.0, std::round (queue));
    const double lowest = slow_start_ ? 1 : limit_ / 2;
    /* where to go back to: nowhere when this limit was a probe (the one
     * before was right), else this limit */
    before_cut_ = slow_start_ || probing_ ? 0 : limit_;
    probing_ = false;
    slow_start_ = false;
    probe_step_ = 1;
    quiet_windows_ = quiet_answers_ = 0;
    set_limit (std::min ({ limit_ - 1, std::max (limit_ - cut, lowest),
                   rate_cap }),
        now_us);
    return;
  }
  noise_dev_ += NOISE_GAIN * (std::abs (rise - noise_) - noise_dev_);
  noise_ += NOISE_GAIN * (rise - noise_);

  if (queue < ALPHA && used) {
    quiet_windows_++;
    quiet_answers_ += answers_;
    probing_ = false; /* the last raise held */
    if (slow_start_) {
      set_limit (std::min (limit_ * 2, rate_cap), now_us);
    } else if (limit_ < before_cut_) {
      /* back towards where it was before a cut, halving the distance
       * each quiet window (BIC's binary search increase) */
      quiet_windows_ = quiet_answers_ = 0;
      probing_ = true;
      set_limit (std::min (limit_ + std::max (1.0, std::floor (
                                              (before_cut_ - limit_) / 2)),
                     rate_cap),
          now_us);
    } else if (quiet_windows_ >= PROBE_EVERY &&
               quiet_answers_ >= std::max<double> (PROBE_ANSWERS,
                                     PROBE_ANSWERS_AT_ONE / limit_)) {
      quiet_windows_ = quiet_answers_ = 0;
      probing_ = true;
      set_limit (std::min (limit_ + probe_step_, rate_cap), now_us);
      probe_step_ = std::min (probe_step_ * 2, 8.0);
    } else {
      set_limit (std::min (limit_, rate_cap), now_us);
    }
  } else {
    /* between alpha and beta, or not all used: hold */
    if (queue >= ALPHA)
      probe_step_ = 1;
    set_limit (std::min (limit_, rate_cap), now_us);
  }
}

} // namespace gst_geti::predict
