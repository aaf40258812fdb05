#include "blocsim/policies/policy_schedule.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "blocsim/core/distribution.hpp"

namespace blocsim {

namespace {

std::size_t lookup(const std::unordered_map<std::string, std::size_t>& map, const std::string& id,
                   const char* kind, const v1::Event& event) {
  const auto it = map.find(id);
  if (it == map.end()) {
    throw std::invalid_argument("event '" + event.id() + "' names unknown " + kind + " '" + id +
                                "'");
  }
  return it->second;
}

bool in_bloc(const std::string& bloc, double lean) {
  if (bloc == "china") return lean < 0.0;
  if (bloc == "us") return lean > 0.0;
  return false;
}

Origin origin_named(const std::string& name) {
  if (name == "us") return Origin::kUs;
  if (name == "china") return Origin::kChina;
  return Origin::kOther;
}

}  // namespace

EntityIndex EntityIndex::of(const Chips& chips, const Nations& nations, const Labs& labs,
                            const MarketParams& market) {
  EntityIndex index;
  for (std::size_t i = 0; i < nations.size(); ++i) index.nation[nations.id[i]] = i;
  for (std::size_t i = 0; i < chips.size(); ++i) index.chip[chips.id[i]] = i;
  for (std::size_t i = 0; i < labs.size(); ++i) index.lab[labs.id[i]] = i;
  for (std::size_t i = 0; i < market.leakage.size(); ++i) index.channel[market.leakage[i].id] = i;
  return index;
}

PolicySchedule::PolicySchedule(const google::protobuf::RepeatedPtrField<v1::Event>& events,
                               YearMonth start, std::size_t months, const EntityIndex& index,
                               ReplicaKey key)
    : events_(events.begin(), events.end()),
      channels_(index.channel.size()),
      index_(index),
      start_(start) {
  windows_.reserve(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e) {
    const v1::Event& event = events_[e];
    const auto date = YearMonth::parse(event.date());
    if (!date) throw std::invalid_argument("event '" + event.id() + "' has no valid date");
    const int begin = date->index() - start.index();
    int end = INT_MAX;
    if (!event.end().empty()) {
      const auto end_date = YearMonth::parse(event.end());
      if (!end_date) throw std::invalid_argument("event '" + event.id() + "' has a bad end date");
      end = end_date->index() - start.index();
    } else if (event.has_duration_months()) {
      const double months_in_force = draw_parameter(
          event.duration_months(), "events[" + event.id() + "].duration_months", key, 0.0);
      end = begin + static_cast<int>(std::lround(std::max(0.0, months_in_force)));
    }
    windows_.emplace_back(begin, end);

    // Check every id now, so a bad scenario fails before the first month.
    switch (event.effect_case()) {
      case v1::Event::kExportRule: {
        const auto& r = event.export_rule();
        lookup(index.nation, r.issuer(), "nation", event);
        for (const auto& c : r.chips()) lookup(index.chip, c, "chip", event);
        for (const auto& n : r.destinations()) lookup(index.nation, n, "nation", event);
        break;
      }
      case v1::Event::kCustomsRule:
        lookup(index.nation, event.customs_rule().importer(), "nation", event);
        for (const auto& c : event.customs_rule().chips()) lookup(index.chip, c, "chip", event);
        break;
      case v1::Event::kLeakageChange:
        lookup(index.channel, event.leakage_change().channel(), "leakage channel", event);
        break;
      case v1::Event::kPriceChange:
        lookup(index.lab, event.price_change().lab(), "lab", event);
        break;
      case v1::Event::kUsageBan:
        lookup(index.nation, event.usage_ban().nation(), "nation", event);
        for (const auto& l : event.usage_ban().labs()) lookup(index.lab, l, "lab", event);
        break;
      case v1::Event::EFFECT_NOT_SET:
        throw std::invalid_argument("event '" + event.id() + "' has no effect");
    }
  }
  cap_of_event_.assign(events_.size(), -1);
  for (std::size_t e = 0; e < events_.size(); ++e) {
    const auto& ev = events_[e];
    if (ev.has_export_rule() && ev.export_rule().action() == v1::LICENCE &&
        ev.export_rule().cap_per_quarter() > 0.0) {
      cap_of_event_[e] = static_cast<std::int32_t>(cap_count_++);
    }
  }
  cap_used_.assign(cap_count_, 0.0);
  order_.resize(events_.size());
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
    return windows_[a].first < windows_[b].first;
  });
  (void)months;
}

bool PolicySchedule::in_force(std::size_t event, std::size_t t) const {
  const int month = static_cast<int>(t);
  return month >= windows_[event].first && month < windows_[event].second;
}

void PolicySchedule::apply(std::size_t t, const Chips& chips, const Nations& nations,
                           const Labs& labs, TradeRules& rules, PolicyEffects& effects) const {
  const std::size_t C = chips.size();
  const std::size_t N = nations.size();
  const std::size_t L = labs.size();
  rules.reset(C, N, cap_count_, channels_);
  effects.price_factor.assign(L, 1.0);
  effects.banned.assign(N * L, 0);
  effects.forced_leave.assign(N * L, 0.0);

  // A new quarter starts with every cap unused.
  const bool new_quarter = quarter_of(t) != quarter_;
  for (std::size_t e = 0; e < events_.size(); ++e) {
    if (cap_of_event_[e] < 0) continue;
    const auto g = static_cast<std::size_t>(cap_of_event_[e]);
    const double used = new_quarter ? 0.0 : cap_used_[g];
    rules.cap_remaining[g] = std::max(0.0, events_[e].export_rule().cap_per_quarter() - used);
  }

  for (const std::size_t e : order_) {
    if (!in_force(e, t)) continue;
    const v1::Event& event = events_[e];
    switch (event.effect_case()) {
      case v1::Event::kExportRule: {
        const auto& r = event.export_rule();
        const std::size_t issuer = index_.nation.at(r.issuer());
        std::vector<std::uint8_t> destination(N, 0);
        for (const auto& id : r.destinations()) destination[index_.nation.at(id)] = 1;
        for (std::size_t n = 0; n < N; ++n) {
          if (!r.destination_bloc().empty() && in_bloc(r.destination_bloc(), nations.lean[n])) {
            destination[n] = 1;
          }
        }
        for (std::size_t c = 0; c < C; ++c) {
          if (chips.home[c] != issuer || chips.perf_train[c] < r.min_perf_train()) continue;
          if (r.chips_size() > 0 &&
              std::find(r.chips().begin(), r.chips().end(), chips.id[c]) == r.chips().end()) {
            continue;
          }
          for (std::size_t n = 0; n < N; ++n) {
            if (!destination[n] || n == issuer) continue;
            ExportTerms& terms = rules.at(c, n);
            switch (r.action()) {
              case v1::LICENCE:
                terms = {ExportAccess::kLicence, r.tariff(),
                         r.vetted_share() > 0.0 ? r.vetted_share() : 1.0, cap_of_event_[e]};
                break;
              case v1::BAN: terms = {ExportAccess::kBan, 0.0, 0.0, -1}; break;
              default: terms = ExportTerms{}; break;
            }
          }
        }
        break;
      }
      case v1::Event::kCustomsRule: {
        const auto& r = event.customs_rule();
        const std::size_t importer = index_.nation.at(r.importer());
        for (std::size_t c = 0; c < C; ++c) {
          const bool named = std::find(r.chips().begin(), r.chips().end(), chips.id[c]) !=
                             r.chips().end();
          if (named || (!r.maker().empty() && chips.maker[c] == r.maker())) {
            rules.customs_block[c * N + importer] = r.block() ? 1 : 0;
          }
        }
        break;
      }
      case v1::Event::kLeakageChange:
        rules.leakage_factor[index_.channel.at(event.leakage_change().channel())] *=
            event.leakage_change().factor();
        break;
      case v1::Event::kPriceChange:
        effects.price_factor[index_.lab.at(event.price_change().lab())] *=
            event.price_change().factor();
        break;
      case v1::Event::kUsageBan: {
        const auto& b = event.usage_ban();
        const std::size_t n = index_.nation.at(b.nation());
        const int months_in = static_cast<int>(t) - windows_[e].first;
        const double phase_in = b.phase_in_months();
        // Users leave at an even pace: of those still on a banned model, 1 / (months left)
        // must reconsider, so none remain when the phase-in ends.
        const double leave =
            months_in < phase_in ? 1.0 / (phase_in - months_in) : 1.0;
        for (std::size_t l = 0; l < L; ++l) {
          const bool by_origin = !b.origin().empty() && labs.origin[l] == origin_named(b.origin());
          const bool by_name =
              std::find(b.labs().begin(), b.labs().end(), labs.id[l]) != b.labs().end();
          if (!(by_origin || by_name) || (b.closed_only() && labs.open[l])) continue;
          effects.banned[n * L + l] = 1;
          effects.forced_leave[n * L + l] = std::max(effects.forced_leave[n * L + l], leave);
        }
        break;
      }
      case v1::Event::EFFECT_NOT_SET: break;
    }
  }
}

void PolicySchedule::record_cap_usage(std::size_t t, const MarketLedger& ledger) {
  const int quarter = quarter_of(t);
  if (quarter != quarter_) {
    std::fill(cap_used_.begin(), cap_used_.end(), 0.0);
    quarter_ = quarter;
  }
  for (std::size_t g = 0; g < cap_count_; ++g) cap_used_[g] += ledger.cap_used[g];
}

}  // namespace blocsim
