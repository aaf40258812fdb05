#include "blocsim/policies/policy_schedule.hpp"

#include <algorithm>
#include <climits>
#include <numeric>
#include <utility>
#include <variant>

#include "blocsim/core/distribution.hpp"
#include "instruments/instruments.hpp"

namespace blocsim {

EntityIndex EntityIndex::of(const Chips& chips, const Nations& nations, const Labs& labs,
                            const MarketParams& market) {
  EntityIndex index;
  for (std::size_t i = 0; i < nations.size(); ++i) index.nation[nations.id[i]] = i;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    index.chip[chips.id[i]] = i;
    index.maker[chips.maker[i]].push_back(i);
  }
  for (std::size_t i = 0; i < labs.size(); ++i) index.lab[labs.id[i]] = i;
  for (std::size_t i = 0; i < market.leakage.size(); ++i) index.channel[market.leakage[i].id] = i;
  return index;
}

PolicySchedule::PolicySchedule(PolicyTimeline timeline, YearMonth start, ReplicaKey key)
    : timeline_(std::move(timeline)), start_(start), key_(key) {
  const std::vector<PolicyEvent>& events = timeline_.events;
  const std::size_t E = events.size();
  fired_at_.assign(timeline_.counters.size(), {});
  windows_.assign(E, {});
  armed_from_.assign(E, 0);
  condition_held_.assign(E, 0);
  cap_of_event_.assign(E, -1);
  for (std::size_t e = 0; e < E; ++e) {
    const PolicyEvent& event = events[e];
    if (!event.trigger) {
      const int end = event.end != INT_MAX        ? event.end
                      : event.duration != INT_MAX ? event.begin + event.duration
                                                  : INT_MAX;
      windows_[e].emplace_back(event.begin, end);
    } else {
      // A trigger opens its windows as it fires (see fire()); month 0 has no previous month to
      // look at, so checks start at month 1 at the earliest.
      armed_from_[e] = std::max(event.begin, 1);
    }
    const auto* rule = std::get_if<ExportRule>(&event.effect);
    if (rule != nullptr && rule->action == ExportAction::kLicence && rule->cap_per_quarter > 0.0) {
      cap_of_event_[e] = static_cast<std::int32_t>(cap_count_++);
    }
  }
  retaliations_.assign(timeline_.retaliation.size(), {{}, std::vector<std::uint8_t>(E, 0)});
  if (timeline_.subsidy) subsidy_from_.assign(timeline_.subsidy->nations.size(), -1);
  cap_used_.assign(cap_count_, 0.0);
  // Triggered events sort by the month they are armed; their effects still apply in this order.
  order_.resize(E);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
    const int sa = windows_[a].empty() ? armed_from_[a] : windows_[a].front().first;
    const int sb = windows_[b].empty() ? armed_from_[b] : windows_[b].front().first;
    return sa < sb;
  });
}

int PolicySchedule::window_start(std::size_t event, std::size_t t) const {
  const int month = static_cast<int>(t);
  for (const auto& [first, end] : windows_[event]) {
    if (month >= first && month < end) return first;
  }
  return -1;
}

int PolicySchedule::fired_by(std::size_t counter, std::size_t t) const {
  const auto& at = fired_at_[counter];
  return static_cast<int>(
      std::count_if(at.begin(), at.end(), [&](int m) { return m <= static_cast<int>(t); }));
}

void PolicySchedule::fire(std::size_t e, int month) {
  const PolicyEvent& event = timeline_.events[e];
  const int end = std::min(event.duration == INT_MAX ? INT_MAX : month + event.duration, event.end);
  if (month >= end) return;
  windows_[e].emplace_back(month, end);
  fired_at_[event.trigger->counter].push_back(month);
}

void PolicySchedule::observe(std::size_t t, const std::function<double(std::size_t)>& metric,
                             const MarketLedger* last_ledger, const Chips& chips,
                             const Nations& nations) {
  (void)chips;
  const int month = static_cast<int>(t);
  const std::vector<PolicyEvent>& events = timeline_.events;
  // Triggers look at last month's metrics.
  for (std::size_t e = 0; e < events.size(); ++e) {
    const PolicyEvent& event = events[e];
    if (!event.trigger || month < armed_from_[e] || t == 0) continue;
    const Trigger& trigger = *event.trigger;
    const double value = metric(trigger.metric);
    const bool holds = trigger.above ? value > trigger.threshold : value < trigger.threshold;
    const bool fired_before = !fired_at_[trigger.counter].empty();
    const bool newly = holds && !condition_held_[e];
    if (holds && (trigger.repeat ? newly : !fired_before)) fire(e, month + trigger.delay_months);
    condition_held_[e] = holds ? 1 : 0;
  }

  // A chip-making nation whose demand was largely blocked last month subsidises after a lag.
  if (timeline_.subsidy && last_ledger != nullptr) {
    const SubsidyRule& rule = *timeline_.subsidy;
    for (std::size_t k = 0; k < rule.nations.size(); ++k) {
      if (subsidy_from_[k] >= 0) continue;
      if (last_ledger->blocked_share[rule.nations[k]] >= rule.blocked_share) {
        subsidy_from_[k] = month + rule.lag_months;
        fired_at_[rule.counters[k]].push_back(subsidy_from_[k]);
      }
    }
  }

  // A nation answers each export ban against it once, when the ban first comes into force.
  for (std::size_t k = 0; k < retaliations_.size(); ++k) {
    const RetaliationRule& rule = timeline_.retaliation[k];
    Retaliation& response = retaliations_[k];
    for (std::size_t e = 0; e < events.size(); ++e) {
      const PolicyEvent& event = events[e];
      const auto* ban = std::get_if<ExportRule>(&event.effect);
      if (response.answered[e] || ban == nullptr) continue;
      if (ban->action != ExportAction::kBan || ban->issuer != rule.against) continue;
      const int first = window_start(e, t);
      if (first < 0 || !ban->targets(rule.nation, nations.lean[rule.nation])) continue;
      response.answered[e] = 1;
      // Keyed by the ban's id and the rule's nations, not by their positions in the scenario, so
      // that two scenarios compared with common random numbers draw alike even when one lists
      // other events before the ban (docs/REPRODUCIBILITY.md).
      RandomStream stream(key_, Purpose::kPolicy, parameter_id("events[" + event.id + "]"),
                          parameter_id("responses.retaliation[" + rule.key + "]"));
      if (!stream.bernoulli(rule.probability)) continue;
      int end = INT_MAX;
      for (const auto& [a, b] : windows_[e]) {
        if (a == first) end = b;
      }
      const int from = month + rule.lag_months;
      if (from < end) {
        response.windows.emplace_back(from, end);
        fired_at_[rule.counter].push_back(from);
      }
    }
  }
}

void PolicySchedule::apply(std::size_t t, const Chips& chips, const Nations& nations,
                           const Labs& labs, TradeRules& rules, PolicyEffects& effects) const {
  const std::size_t C = chips.size();
  const std::size_t N = nations.size();
  const std::size_t L = labs.size();
  rules.reset(C, N, cap_count_, timeline_.channels);
  effects.price_factor.assign(L, 1.0);
  effects.banned.assign(kSectors * N * L, 0);
  effects.forced_leave.assign(kSectors * N * L, 0.0);
  effects.energy_growth_change.assign(N, 0.0);
  effects.releases.clear();

  // A new quarter starts with every cap unused.
  const bool new_quarter = quarter_of(t) != quarter_;
  for (std::size_t e = 0; e < timeline_.events.size(); ++e) {
    if (cap_of_event_[e] < 0) continue;
    const auto g = static_cast<std::size_t>(cap_of_event_[e]);
    const double used = new_quarter ? 0.0 : cap_used_[g];
    const double cap = std::get<ExportRule>(timeline_.events[e].effect).cap_per_quarter;
    rules.cap_remaining[g] = std::max(0.0, cap - used);
  }

  // Each instrument's own file says what it does (instruments/).
  for (const std::size_t e : order_) {
    const int first = window_start(e, t);
    if (first < 0) continue;
    const instruments::Month m{chips, nations, labs, static_cast<int>(t) - first, cap_of_event_[e]};
    std::visit([&](const auto& instrument) { instruments::apply(instrument, m, rules, effects); },
               timeline_.events[e].effect);
  }

  // Responses come after the scenario's own events.
  const int month = static_cast<int>(t);
  if (timeline_.subsidy) {
    const SubsidyRule& rule = *timeline_.subsidy;
    for (std::size_t k = 0; k < rule.nations.size(); ++k) {
      if (subsidy_from_[k] < 0 || month < subsidy_from_[k]) continue;
      instruments::grow_domestic_capacity(rule.nations[k], rule.capacity_growth,
                                          month - subsidy_from_[k], chips, rules);
    }
  }
  for (std::size_t k = 0; k < retaliations_.size(); ++k) {
    const RetaliationRule& rule = timeline_.retaliation[k];
    for (const auto& [first, end] : retaliations_[k].windows) {
      if (month < first || month >= end) continue;
      if (rule.measure == RetaliationMeasure::kCustomsBlock) {
        for (std::size_t c = 0; c < C; ++c) {
          if (chips.home[c] == rule.against) rules.customs_block[c * N + rule.nation] = 1;
        }
      } else {
        std::vector<std::size_t> barred;
        for (std::size_t l = 0; l < L; ++l) {
          if (labs.home[l] == rule.against) barred.push_back(l);
        }
        instruments::bar_users(rule.nation, barred, false, rule.phase_in_months, month - first, L,
                               N, effects);
      }
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
