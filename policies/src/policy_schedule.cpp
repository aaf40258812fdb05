#include "blocsim/policies/policy_schedule.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

#include "blocsim/core/distribution.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"

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

// Nations that make at least one chip, in the scenario's nation order.
std::vector<std::string> chip_making_nations(const v1::Scenario& s) {
  std::set<std::string> makers;
  for (const auto& chip : s.chips()) makers.insert(chip.home_nation());
  std::vector<std::string> out;
  for (const auto& n : s.nations()) {
    if (makers.count(n.id()) != 0) out.push_back(n.id());
  }
  return out;
}

// Whether an export rule's destinations include nation n this month.
bool targets(const v1::ExportRule& r, std::size_t n, const Nations& nations,
             const EntityIndex& index) {
  for (const auto& id : r.destinations()) {
    if (index.nation.at(id) == n) return true;
  }
  for (const auto& group : r.destination_groups()) {
    const auto& members = index.group.at(group);
    if (std::find(members.begin(), members.end(), n) != members.end()) return true;
  }
  return !r.destination_bloc().empty() && in_bloc(r.destination_bloc(), nations.lean[n]);
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

std::vector<std::string> PolicySchedule::counter_names(const v1::Scenario& s) {
  std::vector<std::string> names;
  for (const auto& e : s.events()) {
    if (e.has_trigger()) names.push_back("event." + e.id());
  }
  for (const auto& r : s.responses().retaliation()) {
    names.push_back("retaliation." + r.nation() + "." + r.against());
  }
  if (s.responses().subsidy().enabled()) {
    for (const auto& n : chip_making_nations(s)) names.push_back("subsidy_response." + n);
  }
  return names;
}

PolicySchedule::PolicySchedule(const v1::Scenario& scenario, YearMonth start, std::size_t months,
                               const EntityIndex& index, ReplicaKey key)
    : events_(scenario.events().begin(), scenario.events().end()),
      channels_(index.channel.size()),
      import_substitution_(scenario.responses().import_substitution()),
      index_(index),
      start_(start),
      key_(key) {
  for (const auto& group : scenario.groups()) {
    auto& members = index_.group[group.id()];
    for (const auto& n : group.nations()) {
      const auto it = index_.nation.find(n);
      if (it == index_.nation.end()) {
        throw std::invalid_argument("group '" + group.id() + "' names unknown nation '" + n + "'");
      }
      members.push_back(it->second);
    }
  }
  counters_ = counter_names(scenario);
  fired_at_.assign(counters_.size(), {});
  const std::size_t E = events_.size();
  windows_.assign(E, {});
  armed_from_.assign(E, 0);
  condition_held_.assign(E, 0);
  trigger_metric_.assign(E, 0);
  duration_.assign(E, INT_MAX);
  counter_of_event_.assign(E, -1);
  int next_counter = 0;
  for (std::size_t e = 0; e < E; ++e) {
    const v1::Event& event = events_[e];
    int begin = 0;
    if (!event.date().empty()) {
      const auto date = YearMonth::parse(event.date());
      if (!date) throw std::invalid_argument("event '" + event.id() + "' has a bad date");
      begin = date->index() - start.index();
    } else if (!event.has_trigger()) {
      throw std::invalid_argument("event '" + event.id() + "' has neither a date nor a trigger");
    }
    const bool triggered = event.has_trigger();
    int end = INT_MAX;
    if (!event.end().empty()) {
      const auto end_date = YearMonth::parse(event.end());
      if (!end_date) throw std::invalid_argument("event '" + event.id() + "' has a bad end date");
      end = end_date->index() - start.index();
    } else if (event.has_duration_months()) {
      const double drawn =
          draw_parameter(to_distribution(event.duration_months()),
                         parameter_path("events", event.id(), "duration_months"), key, 0.0);
      duration_[e] = static_cast<int>(std::lround(std::max(0.0, drawn)));
      end = begin + duration_[e];
    }
    if (!triggered) {
      windows_[e].emplace_back(begin, end);
    } else {
      // A trigger opens its windows as it fires (see fire()); month 0 has no previous month to
      // look at, so checks start at month 1 at the earliest.
      armed_from_[e] = std::max(begin, 1);
      const auto it = index_.metric.find(event.trigger().metric());
      if (it == index_.metric.end()) {
        throw std::invalid_argument("event '" + event.id() + "' triggers on unknown metric '" +
                                    event.trigger().metric() + "'");
      }
      trigger_metric_[e] = it->second;
      counter_of_event_[e] = next_counter++;
    }

    // Check every id now, so a bad scenario fails before the first month.
    switch (event.effect_case()) {
      case v1::Event::kExportRule: {
        const auto& r = event.export_rule();
        lookup(index_.nation, r.issuer(), "nation", event);
        for (const auto& c : r.chips()) lookup(index_.chip, c, "chip", event);
        for (const auto& n : r.destinations()) lookup(index_.nation, n, "nation", event);
        for (const auto& g : r.destination_groups()) {
          if (index_.group.count(g) == 0) {
            throw std::invalid_argument("event '" + event.id() + "' names unknown group '" + g +
                                        "'");
          }
        }
        break;
      }
      case v1::Event::kCustomsRule:
        lookup(index_.nation, event.customs_rule().importer(), "nation", event);
        for (const auto& c : event.customs_rule().chips()) lookup(index_.chip, c, "chip", event);
        break;
      case v1::Event::kLeakageChange:
        lookup(index_.channel, event.leakage_change().channel(), "leakage channel", event);
        break;
      case v1::Event::kPriceChange:
        lookup(index_.lab, event.price_change().lab(), "lab", event);
        break;
      case v1::Event::kUsageBan:
        lookup(index_.nation, event.usage_ban().nation(), "nation", event);
        for (const auto& l : event.usage_ban().labs()) lookup(index_.lab, l, "lab", event);
        break;
      case v1::Event::kModelRelease:
        lookup(index_.lab, event.model_release().lab(), "lab", event);
        break;
      case v1::Event::kSubsidy:
        lookup(index_.nation, event.subsidy().nation(), "nation", event);
        break;
      case v1::Event::kCapacityShock:
        for (const auto& c : event.capacity_shock().chips()) lookup(index_.chip, c, "chip", event);
        break;
      case v1::Event::kEnergyBuildout:
        lookup(index_.nation, event.energy_buildout().nation(), "nation", event);
        break;
      case v1::Event::EFFECT_NOT_SET:
        throw std::invalid_argument("event '" + event.id() + "' has no effect");
    }
  }

  // Responses.
  for (const auto& r : scenario.responses().retaliation()) {
    if (index_.nation.count(r.nation()) == 0 || index_.nation.count(r.against()) == 0) {
      throw std::invalid_argument("a retaliation rule names an unknown nation ('" + r.nation() +
                                  "' against '" + r.against() + "')");
    }
    retaliations_.push_back({r,
                             index_.nation.at(r.nation()),
                             index_.nation.at(r.against()),
                             static_cast<std::size_t>(next_counter++),
                             {},
                             std::vector<std::uint8_t>(E, 0)});
  }
  if (scenario.responses().subsidy().enabled()) {
    subsidy_rule_ = scenario.responses().subsidy();
    for (const auto& n : chip_making_nations(scenario)) {
      subsidy_responses_.push_back(
          {index_.nation.at(n), static_cast<std::size_t>(next_counter++), -1});
    }
  }

  cap_of_event_.assign(E, -1);
  for (std::size_t e = 0; e < E; ++e) {
    const auto& ev = events_[e];
    if (ev.has_export_rule() && ev.export_rule().action() == v1::LICENCE &&
        ev.export_rule().cap_per_quarter() > 0.0) {
      cap_of_event_[e] = static_cast<std::int32_t>(cap_count_++);
    }
  }
  cap_used_.assign(cap_count_, 0.0);
  // Triggered events sort by the month they are armed; their effects still apply in this order.
  order_.resize(E);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
    const int sa = windows_[a].empty() ? armed_from_[a] : windows_[a].front().first;
    const int sb = windows_[b].empty() ? armed_from_[b] : windows_[b].front().first;
    return sa < sb;
  });
  (void)months;
}

bool PolicySchedule::in_force(std::size_t event, std::size_t t) const {
  return window_start(event, t) >= 0;
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
  const v1::Event& event = events_[e];
  int end = duration_[e] == INT_MAX ? INT_MAX : month + duration_[e];
  if (!event.end().empty()) {
    end = std::min(end, YearMonth::parse(event.end())->index() - start_.index());
  }
  if (month >= end) return;
  windows_[e].emplace_back(month, end);
  fired_at_[static_cast<std::size_t>(counter_of_event_[e])].push_back(month);
}

void PolicySchedule::observe(std::size_t t, const std::function<double(std::size_t)>& metric,
                             const MarketLedger* last_ledger, const Chips& chips,
                             const Nations& nations) {
  (void)chips;
  const int month = static_cast<int>(t);
  // Triggers look at last month's metrics.
  for (std::size_t e = 0; e < events_.size(); ++e) {
    const v1::Event& event = events_[e];
    if (!event.has_trigger() || month < armed_from_[e] || t == 0) continue;
    const auto& trigger = event.trigger();
    const double value = metric(trigger_metric_[e]);
    const bool holds = trigger.when() == v1::Trigger::ABOVE ? value > trigger.threshold()
                                                            : value < trigger.threshold();
    const bool fired_before = !fired_at_[static_cast<std::size_t>(counter_of_event_[e])].empty();
    const bool newly = holds && !condition_held_[e];
    if (holds && (trigger.repeat() ? newly : !fired_before)) {
      fire(e, month + static_cast<int>(trigger.delay_months()));
    }
    condition_held_[e] = holds ? 1 : 0;
  }

  // A chip-making nation whose demand was largely blocked last month subsidises after a lag.
  if (subsidy_rule_.has_value() && last_ledger != nullptr) {
    for (auto& response : subsidy_responses_) {
      if (response.active_from >= 0) continue;
      if (last_ledger->blocked_share[response.nation] >= subsidy_rule_->blocked_share()) {
        response.active_from = month + static_cast<int>(subsidy_rule_->lag_months());
        fired_at_[response.counter].push_back(response.active_from);
      }
    }
  }

  // A nation answers each export ban against it once, when the ban first comes into force.
  for (std::size_t k = 0; k < retaliations_.size(); ++k) {
    Retaliation& response = retaliations_[k];
    for (std::size_t e = 0; e < events_.size(); ++e) {
      const v1::Event& event = events_[e];
      if (response.answered[e] || !event.has_export_rule()) continue;
      const auto& rule = event.export_rule();
      if (rule.action() != v1::BAN || index_.nation.at(rule.issuer()) != response.against) continue;
      const int first = window_start(e, t);
      if (first < 0 || !targets(rule, response.nation, nations, index_)) continue;
      response.answered[e] = 1;
      // Keyed by the ban's id and the rule's nations, not by their positions in the scenario, so
      // that two scenarios compared with common random numbers draw alike even when one lists
      // other events before the ban (docs/REPRODUCIBILITY.md).
      RandomStream stream(key_, Purpose::kPolicy, parameter_id("events[" + event.id() + "]"),
                          parameter_id("responses.retaliation[" + response.rule.nation() + "." +
                                       response.rule.against() + "]"));
      if (!stream.bernoulli(response.rule.probability())) continue;
      int end = INT_MAX;
      for (const auto& [a, b] : windows_[e]) {
        if (a == first) end = b;
      }
      const int from = month + static_cast<int>(response.rule.lag_months());
      if (from < end) {
        response.windows.emplace_back(from, end);
        fired_at_[response.counter].push_back(from);
      }
    }
  }
}

void PolicySchedule::apply_usage_ban(std::size_t nation, const std::vector<std::size_t>& barred,
                                     bool public_only, double phase_in, int months_in,
                                     std::size_t L, std::size_t N, PolicyEffects& effects) const {
  // Users leave at an even pace: of those still on a banned model, 1 / (months left) must
  // reconsider, so none remain when the phase-in ends.
  const double leave = months_in < phase_in ? 1.0 / (phase_in - months_in) : 1.0;
  for (std::size_t sector = public_only ? 1 : 0; sector < kSectors; ++sector) {
    for (const std::size_t l : barred) {
      const std::size_t at = (sector * N + nation) * L + l;
      effects.banned[at] = 1;
      effects.forced_leave[at] = std::max(effects.forced_leave[at], leave);
    }
  }
}

void PolicySchedule::apply_event(std::size_t e, std::size_t t, const Chips& chips,
                                 const Nations& nations, const Labs& labs, TradeRules& rules,
                                 PolicyEffects& effects) const {
  const std::size_t C = chips.size();
  const std::size_t N = nations.size();
  const std::size_t L = labs.size();
  const v1::Event& event = events_[e];
  const int first = window_start(e, t);
  const int months_in = static_cast<int>(t) - first;
  switch (event.effect_case()) {
    case v1::Event::kExportRule: {
      const auto& r = event.export_rule();
      const std::size_t issuer = index_.nation.at(r.issuer());
      for (std::size_t c = 0; c < C; ++c) {
        if (chips.home[c] != issuer || chips.perf_train[c] < r.min_perf_train()) continue;
        if (r.chips_size() > 0 &&
            std::find(r.chips().begin(), r.chips().end(), chips.id[c]) == r.chips().end()) {
          continue;
        }
        for (std::size_t n = 0; n < N; ++n) {
          if (n == issuer || !targets(r, n, nations, index_)) continue;
          ExportTerms& terms = rules.at(c, n);
          switch (r.action()) {
            case v1::LICENCE:
              terms = {ExportAccess::kLicence, r.tariff(),
                       r.vetted_share() > 0.0 ? r.vetted_share() : 1.0, cap_of_event_[e]};
              break;
            case v1::BAN:
              terms = {ExportAccess::kBan, 0.0, 0.0, -1};
              break;
            default:
              terms = ExportTerms{};
              break;
          }
        }
      }
      break;
    }
    case v1::Event::kCustomsRule: {
      const auto& r = event.customs_rule();
      const std::size_t importer = index_.nation.at(r.importer());
      for (std::size_t c = 0; c < C; ++c) {
        const bool named =
            std::find(r.chips().begin(), r.chips().end(), chips.id[c]) != r.chips().end();
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
      std::vector<std::size_t> barred;
      for (std::size_t l = 0; l < L; ++l) {
        const bool by_origin = !b.origin().empty() && labs.origin[l] == origin_named(b.origin());
        const bool by_name =
            std::find(b.labs().begin(), b.labs().end(), labs.id[l]) != b.labs().end();
        if ((by_origin || by_name) && !(b.closed_only() && labs.open[l])) barred.push_back(l);
      }
      apply_usage_ban(index_.nation.at(b.nation()), barred, b.public_sector_only(),
                      b.phase_in_months(), months_in, L, N, effects);
      break;
    }
    case v1::Event::kModelRelease: {
      const auto& r = event.model_release();
      const std::size_t lab = index_.lab.at(r.lab());
      if (months_in == 0) {
        const int open = r.openness() == v1::OPEN ? 1 : r.openness() == v1::CLOSED ? 0 : -1;
        effects.releases.push_back({lab, r.quality(), open});
      }
      if (r.price_factor() > 0.0) effects.price_factor[lab] *= r.price_factor();
      break;
    }
    case v1::Event::kSubsidy: {
      const std::size_t nation = index_.nation.at(event.subsidy().nation());
      const double factor =
          std::pow(1.0 + event.subsidy().capacity_growth(), static_cast<double>(months_in) / 12.0);
      for (std::size_t c = 0; c < C; ++c) {
        if (chips.home[c] == nation) rules.capacity_factor[c] *= factor;
      }
      break;
    }
    case v1::Event::kCapacityShock: {
      const auto& r = event.capacity_shock();
      for (std::size_t c = 0; c < C; ++c) {
        const bool named =
            std::find(r.chips().begin(), r.chips().end(), chips.id[c]) != r.chips().end();
        if (named || (!r.maker().empty() && chips.maker[c] == r.maker())) {
          rules.capacity_factor[c] *= r.factor();
        }
      }
      break;
    }
    case v1::Event::kEnergyBuildout:
      effects.energy_growth_change[index_.nation.at(event.energy_buildout().nation())] +=
          event.energy_buildout().growth_change();
      break;
    case v1::Event::EFFECT_NOT_SET:
      break;
  }
}

void PolicySchedule::apply(std::size_t t, const Chips& chips, const Nations& nations,
                           const Labs& labs, TradeRules& rules, PolicyEffects& effects) const {
  const std::size_t C = chips.size();
  const std::size_t N = nations.size();
  const std::size_t L = labs.size();
  rules.reset(C, N, cap_count_, channels_);
  effects.price_factor.assign(L, 1.0);
  effects.banned.assign(kSectors * N * L, 0);
  effects.forced_leave.assign(kSectors * N * L, 0.0);
  effects.energy_growth_change.assign(N, 0.0);
  effects.releases.clear();

  // A new quarter starts with every cap unused.
  const bool new_quarter = quarter_of(t) != quarter_;
  for (std::size_t e = 0; e < events_.size(); ++e) {
    if (cap_of_event_[e] < 0) continue;
    const auto g = static_cast<std::size_t>(cap_of_event_[e]);
    const double used = new_quarter ? 0.0 : cap_used_[g];
    rules.cap_remaining[g] = std::max(0.0, events_[e].export_rule().cap_per_quarter() - used);
  }

  for (const std::size_t e : order_) {
    if (in_force(e, t)) apply_event(e, t, chips, nations, labs, rules, effects);
  }

  // Responses come after the scenario's own events.
  const int month = static_cast<int>(t);
  if (subsidy_rule_.has_value()) {
    for (const auto& response : subsidy_responses_) {
      if (response.active_from < 0 || month < response.active_from) continue;
      const double factor = std::pow(1.0 + subsidy_rule_->capacity_growth(),
                                     static_cast<double>(month - response.active_from) / 12.0);
      for (std::size_t c = 0; c < C; ++c) {
        if (chips.home[c] == response.nation) rules.capacity_factor[c] *= factor;
      }
    }
  }
  for (const auto& response : retaliations_) {
    for (const auto& [first, end] : response.windows) {
      if (month < first || month >= end) continue;
      if (response.rule.measure() == v1::Retaliation::CUSTOMS_BLOCK) {
        for (std::size_t c = 0; c < C; ++c) {
          if (chips.home[c] == response.against) rules.customs_block[c * N + response.nation] = 1;
        }
      } else {
        std::vector<std::size_t> barred;
        for (std::size_t l = 0; l < L; ++l) {
          if (labs.home[l] == response.against) barred.push_back(l);
        }
        apply_usage_ban(response.nation, barred, false, response.rule.phase_in_months(),
                        month - first, L, N, effects);
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
