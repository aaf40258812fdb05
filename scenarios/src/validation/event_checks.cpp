// The events of a scenario: ids, dates, duration and trigger; each instrument's own fields are
// checked beside its conversion, in scenarios/src/instruments/ (docs/POLICIES.md says what each
// does).
#include "../instruments/instrument_schema.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "checks.hpp"

namespace blocsim::validation {

void check_events(Checker& check, const Node& root, const v1::Scenario& s, const ScenarioIds& ids,
                  std::optional<YearMonth> start, std::optional<YearMonth> end) {
  // Metrics a trigger may watch.
  std::unordered_set<std::string> metric_names;
  for (const auto& def : metric_catalog(s)) metric_names.insert(def.name);

  // Events.
  std::unordered_set<std::string> events;
  if (static_cast<std::size_t>(s.events_size()) > kMostEvents) {
    check.error(
        root, "events",
        std::to_string(s.events_size()) + " events; at most " + std::to_string(kMostEvents));
    return;
  }
  check_unique_ids(check, root, s.events(), "events", events);
  for (int i = 0; i < s.events_size(); ++i) {
    const auto& e = s.events(i);
    const Node node = check.child(root, e, "events", i);
    const auto date = check_date(check, node, "date", e.date(), !e.has_trigger());
    if (e.has_trigger()) {
      const auto& tr = e.trigger();
      const Node at = check.child(node, tr, "trigger");
      if (metric_names.count(tr.metric()) == 0) {
        check.error(at, "metric",
                    "'" + tr.metric() + "' is not a metric of this scenario (see docs/OUTPUT.md)");
      }
      if (tr.when() == v1::Trigger::COMPARISON_UNSPECIFIED)
        check.error(at, "when", "is missing; ABOVE or BELOW");
    }
    if (date && start && end && (*date < *start || *date > *end)) {
      check.error(
          node, "date",
          e.date() + " is outside the run (" + s.run().start() + " to " + s.run().end() + ")");
    }
    const auto until = check_date(check, node, "end", e.end(), false);
    if (date && until && *until <= *date)
      check.error(node, "end", "must be after the event's date");
    if (!e.end().empty() && e.has_duration_months()) {
      // Reported at `end`: an event merged into a parent's inherits the other field, and only an
      // end can be cleared by a merge, so the line to change is the one with the end.
      check.error(node, "end",
                  "give either end or duration_months, not both (a merged event inherits one "
                  "from the event it extends: clear an inherited end with `end: \"\"`; an "
                  "inherited duration_months cannot be cleared, so write the end as "
                  "`duration_months { fixed: N }`, N months from the event's date)");
    }
    if (e.has_duration_months()) {
      check_distribution(check, check.child(node, e.duration_months(), "duration_months"), 0.0,
                         1200.0);
    }
    const bool has_effect =
        instruments::visit_effect(e, [&](const auto& message, const char* field) {
          instruments::Check c{check, check.child(node, message, field), ids};
          instruments::check_instrument(message, c);
        });
    if (!has_effect) {
      std::string allowed;
      const auto* effect = v1::Event::descriptor()->FindOneofByName("effect");
      for (int f = 0; f < effect->field_count(); ++f) {
        allowed += (f > 0 ? ", " : "") + effect->field(f)->name();
      }
      check.error(node, nullptr, "has no effect; give one of " + allowed);
    }
  }
}

}  // namespace blocsim::validation
