// The diffusion rules inside whole scenarios: validation of every new field, the graph kinds, the
// starting state under each rule, what the rules share (common random numbers), and the metric
// adoption.world.adopted. The closed-form checks of the rules are in tests/agents/diffusion_*.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "scenario_test_support.hpp"

namespace blocsim {
namespace {

using test_support::small_baseline;

v1::Scenario with_rule(const char* rule) {
  v1::Scenario s = small_baseline();
  auto* a = s.mutable_adoption();
  v1::AdoptionRuleKind::Rule kind{};
  EXPECT_TRUE(v1::AdoptionRuleKind::Rule_Parse(rule, &kind)) << rule;
  a->set_rule(kind);
  a->mutable_bass()->set_p(0.01);
  a->mutable_bass()->set_q(0.3);
  a->mutable_threshold()->mutable_threshold()->mutable_normal()->set_mean(0.2);
  a->mutable_threshold()->mutable_threshold()->mutable_normal()->set_sd(0.1);
  a->mutable_cascade()->set_p(0.3);
  a->mutable_complex()->set_theta(2);
  a->mutable_seeding()->set_adopted_fraction(0.02);
  return s;
}

using test_support::metric_id;

// "field: message" of every problem validation finds.
std::vector<std::string> problems(const v1::Scenario& s) {
  static const LoadedScenario baseline = load_scenario("baseline");
  std::vector<std::string> out;
  for (const auto& d : validate_scenario(s, *baseline.source))
    out.push_back(d.field + ": " + d.message);
  return out;
}

bool mentions(const std::vector<std::string>& found, const std::string& text) {
  return std::any_of(found.begin(), found.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

TEST(DiffusionScenarios, TheBaselineAndEachRuleAreValid) {
  EXPECT_TRUE(problems(small_baseline()).empty());
  for (const char* rule : {"logit", "bass", "threshold", "cascade", "complex"}) {
    v1::Scenario s = with_rule(rule);
    if (std::string(rule) == "logit") s.mutable_adoption()->clear_seeding();
    EXPECT_TRUE(problems(s).empty()) << rule << ": " << (problems(s).empty() ? "" : problems(s)[0]);
  }
}

TEST(DiffusionScenarios, ValidationNamesEachBadFieldAndWhatIsAllowed) {
  struct Case {
    const char* rule;
    std::function<void(v1::Scenario&)> edit;
    const char* expected;  // a substring of "field: message"
  };
  const std::vector<Case> cases = {
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_adoption()->set_network_on(static_cast<v1::AdoptionSettings::NetworkOn>(7));
       },
       "adoption.network_on: is not a choice; allowed: MODEL, BLOC"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_adoption()->set_model_choice(static_cast<v1::AdoptionSettings::ModelChoice>(9));
       },
       "adoption.model_choice: is not a choice; allowed: LOGIT, PEERS"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_adoption()->set_rule(static_cast<v1::AdoptionRuleKind::Rule>(9));
       },
       "adoption.rule: 9 is not an adoption rule; allowed: logit, bass, threshold, cascade, "
       "complex"},
      {"logit", [](v1::Scenario&) {},
       "adoption.seeding: applies to the rules bass, threshold, cascade and complex"},
      {"bass", [](v1::Scenario& s) { s.mutable_adoption()->mutable_bass()->set_p(-0.1); },
       "adoption.bass.p: is -0.1, must be in [0, 100]"},
      {"bass", [](v1::Scenario& s) { s.mutable_adoption()->mutable_bass()->set_q(-1); },
       "adoption.bass.q: is -1, must be in [0, 100]"},
      {"bass", [](v1::Scenario& s) { s.mutable_adoption()->mutable_bass()->set_dt(-1); },
       "adoption.bass.dt: is -1, must be in [0, 1000]"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_adoption()->mutable_bass()->set_p(0);
         s.mutable_adoption()->clear_seeding();
       },
       "adoption.bass.p: is 0 and nobody could ever adopt"},
      {"threshold",
       [](v1::Scenario& s) { s.mutable_adoption()->mutable_threshold()->clear_threshold(); },
       "adoption.threshold.threshold: is missing; give the thresholds' distribution"},
      {"threshold",
       [](v1::Scenario& s) {
         s.mutable_adoption()->mutable_threshold()->mutable_threshold()->mutable_normal()->set_sd(
             -1);
       },
       "adoption.threshold.threshold.normal.sd: is -1, must be 0 or more"},
      {"cascade", [](v1::Scenario& s) { s.mutable_adoption()->mutable_cascade()->set_p(1.5); },
       "adoption.cascade.p: is 1.5, must be in [0, 1]"},
      {"cascade", [](v1::Scenario& s) { s.mutable_adoption()->clear_seeding(); },
       "adoption.seeding: is missing; a cascade spreads only from seeds"},
      {"complex", [](v1::Scenario& s) { s.mutable_adoption()->mutable_complex()->set_theta(0); },
       "adoption.complex.theta: is missing or 0; must be at least 1"},
      {"complex", [](v1::Scenario& s) { s.mutable_adoption()->mutable_complex()->set_epsilon(2); },
       "adoption.complex.epsilon: is 2, must be in [0, 1]"},
      {"complex", [](v1::Scenario& s) { s.mutable_adoption()->clear_seeding(); },
       "adoption.seeding: is missing and complex.epsilon is 0"},
      {"bass",
       [](v1::Scenario& s) { s.mutable_adoption()->mutable_seeding()->set_adopted_fraction(1.5); },
       "adoption.seeding.adopted_fraction: is 1.5, must be in [0, 1]"},
      {"bass", [](v1::Scenario& s) { s.mutable_adoption()->mutable_seeding()->add_agents(3000); },
       "adoption.seeding.agents[0]: agent 3000 does not exist; agents are 0 to developers.agents - "
       "1 (3000 agents)"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_developers()->mutable_graph()->set_kind(v1::TieGraph::ERDOS_RENYI);
         s.mutable_developers()->mutable_graph()->set_mean_degree(-2);
       },
       "developers.graph.mean_degree: is -2, must be in [0, 1000]"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_developers()->mutable_graph()->set_kind(v1::TieGraph::POWER_LAW);
         s.mutable_developers()->mutable_graph()->set_gamma(2.5);
       },
       "developers.graph.min_degree: is missing or 0; must be at least 1"},
      {"bass",
       [](v1::Scenario& s) {
         auto* g = s.mutable_developers()->mutable_graph();
         g->set_kind(v1::TieGraph::POWER_LAW);
         g->set_min_degree(5);
         g->set_max_degree(3);
       },
       "developers.graph.max_degree: is 3, must be at least min_degree (5)"},
      {"bass",
       [](v1::Scenario& s) {
         s.mutable_developers()->set_agents(200000);
         s.mutable_developers()->mutable_graph()->set_kind(v1::TieGraph::COMPLETE);
       },
       "developers.graph.kind: COMPLETE would give"},
  };
  for (const Case& c : cases) {
    v1::Scenario s = with_rule(c.rule);
    c.edit(s);
    const auto found = problems(s);
    EXPECT_TRUE(mentions(found, c.expected))
        << "expected \"" << c.expected << "\"; found " << found.size() << " problem(s)"
        << (found.empty() ? "" : ", first: " + found[0]);
  }
}

TEST(DiffusionScenarios, UnderLogitEveryoneHasAdopted) {
  const v1::Scenario s = small_baseline();
  Simulation sim(s, 1, 0);
  sim.run_to_end();
  const std::size_t adopted = metric_id(s, "adoption.world.adopted");
  for (std::size_t t = 0; t < sim.months(); ++t) EXPECT_EQ(sim.metric(adopted, t), 1.0);
}

TEST(DiffusionScenarios, BassSpreadsFromSeedsAndSharesAreOfAllDevelopers) {
  const v1::Scenario s = with_rule("bass");
  Simulation sim(s, 1, 0);
  sim.run_to_end();
  const std::size_t adopted = metric_id(s, "adoption.world.adopted");
  const std::size_t us = metric_id(s, "adoption.world.origin.us");
  const std::size_t china = metric_id(s, "adoption.world.origin.china");
  const std::size_t other = metric_id(s, "adoption.world.origin.other");
  EXPECT_LT(sim.metric(adopted, 0), 0.1);
  EXPECT_GT(sim.metric(adopted, sim.months() - 1), 0.9);
  for (std::size_t t = 0; t < sim.months(); ++t) {
    if (t > 0) {
      EXPECT_GE(sim.metric(adopted, t), sim.metric(adopted, t - 1)) << "month " << t;
    }
    // The origins' shares add up to the adopted share, not to 1.
    EXPECT_NEAR(sim.metric(us, t) + sim.metric(china, t) + sim.metric(other, t),
                sim.metric(adopted, t), 1e-12)
        << "month " << t;
  }
}

TEST(DiffusionScenarios, SeedsStartWhereLogitStartsAndEveryRuleHasTheSameGraph) {
  const v1::Scenario logit = small_baseline();
  v1::Scenario bass = with_rule("bass");
  bass.mutable_adoption()->mutable_seeding()->set_adopted_fraction(0.3);
  bass.mutable_adoption()->mutable_seeding()->add_agents(5);
  const Simulation a(logit, 9, 3);
  const Simulation b(bass, 9, 3);
  const Developers& da = a.world().developers;
  const Developers& db = b.world().developers;
  EXPECT_EQ(da.ties.offsets(), db.ties.offsets());
  EXPECT_EQ(da.ties.targets(), db.ties.targets());
  std::uint32_t seeds = 0;
  for (std::uint32_t i = 0; i < db.size(); ++i) {
    if (db.model[i] == kNoModel) continue;
    ++seeds;
    EXPECT_EQ(db.model[i], da.model[i]) << "seed " << i << " starts on its logit model";
  }
  EXPECT_NE(db.model[5], kNoModel) << "an explicit seed";
  // Binomial(3000, 0.3) plus agent 5: 4 SE = 100.
  EXPECT_NEAR(seeds, 900.0, 4.0 * std::sqrt(3000 * 0.3 * 0.7) + 1.0);
  EXPECT_EQ(b.diffusion().adopted, seeds);
}

TEST(DiffusionScenarios, ThresholdsAreDrawnOncePerDeveloper) {
  const v1::Scenario s = with_rule("threshold");  // normal, mean 0.2, sd 0.1
  const Simulation sim(s, 1, 0);
  const auto& theta = sim.diffusion().threshold;
  ASSERT_EQ(theta.size(), 3000u);
  double mean = 0.0;
  for (const double v : theta) mean += v;
  mean /= 3000.0;
  EXPECT_NEAR(mean, 0.2, 4.0 * 0.1 / std::sqrt(3000.0));
  // The same developer draws the same threshold in another run of the replica.
  const Simulation again(s, 1, 0);
  EXPECT_EQ(again.diffusion().threshold, theta);
}

// Degrees inside nations with no ties across them.
std::vector<std::uint32_t> degrees_within(v1::TieGraph graph, std::uint32_t agents) {
  v1::Scenario s = small_baseline();
  s.mutable_developers()->set_agents(agents);
  s.mutable_developers()->set_ties_across(0.0);
  *s.mutable_developers()->mutable_graph() = graph;
  const ReplicaWorld w = build_world(s, ReplicaKey::make(5, 0));
  std::vector<std::uint32_t> degree;
  for (std::uint32_t i = 0; i < w.developers.size(); ++i)
    degree.push_back(w.developers.ties.degree(i));
  return degree;
}

TEST(DiffusionScenarios, TheGraphInsideNationsIsTheOneChosen) {
  v1::TieGraph g;
  // Unset and SMALL_WORLD are the same graph: the default is unchanged.
  g.set_kind(v1::TieGraph::SMALL_WORLD);
  EXPECT_EQ(degrees_within(g, 3000), degrees_within(v1::TieGraph(), 3000));

  // Every nation of the baseline has at least 40 agents > ties_within + 1: a ring everywhere.
  g.set_kind(v1::TieGraph::RING_LATTICE);
  for (const std::uint32_t d : degrees_within(g, 3000)) EXPECT_EQ(d, 8u);

  // Complete: each agent is tied to every other agent of its nation.
  g.set_kind(v1::TieGraph::COMPLETE);
  v1::Scenario s = small_baseline();
  const std::vector<std::uint32_t> counts = agents_per_nation(s);
  const std::vector<std::uint32_t> complete = degrees_within(g, 3000);
  std::size_t i = 0;
  for (const std::uint32_t n : counts) {
    for (std::uint32_t k = 0; k < n; ++k, ++i) ASSERT_EQ(complete[i], n - 1);
  }

  // Erdos-Renyi: the mean degree is mean_degree; the number of ties is a sum of Binomial counts,
  // so its standard error is below sqrt(2 x ties) / agents.
  g.set_kind(v1::TieGraph::ERDOS_RENYI);
  g.set_mean_degree(6.0);
  const std::vector<std::uint32_t> er = degrees_within(g, 20000);
  double mean = 0.0;
  for (const std::uint32_t d : er) mean += d;
  mean /= static_cast<double>(er.size());
  EXPECT_NEAR(mean, 6.0, 4.0 * std::sqrt(2.0 * 6.0 * 20000 / 2.0) / 20000.0);

  // Power law: degrees stay within [0, max_degree] (the configuration model may erase a few
  // ties, so a degree can fall below min_degree), and most agents have min_degree.
  g.set_kind(v1::TieGraph::POWER_LAW);
  g.set_gamma(2.5);
  g.set_min_degree(2);
  g.set_max_degree(30);
  const std::vector<std::uint32_t> pl = degrees_within(g, 3000);
  EXPECT_LE(*std::max_element(pl.begin(), pl.end()), 30u);
  const auto at_min = std::count(pl.begin(), pl.end(), 2u);
  EXPECT_GT(at_min, static_cast<long>(pl.size() / 2));
}

TEST(DiffusionScenarios, TheExampleScenariosLoadAndDifferOnlyInTheirAdoptionRule) {
  const std::string dir = std::string(BLOCSIM_SOURCE_DIR) + "/scenarios/examples/";
  const v1::Scenario logit = load_scenario(dir + "diffusion_logit.textproto").scenario;
  const v1::Scenario bass = load_scenario(dir + "diffusion_bass.textproto").scenario;
  EXPECT_EQ(logit.adoption().rule(), v1::AdoptionRuleKind::logit);
  EXPECT_EQ(bass.adoption().rule(), v1::AdoptionRuleKind::bass);
  v1::Scenario a = logit;
  v1::Scenario b = bass;
  for (v1::Scenario* s : {&a, &b}) {
    s->clear_extends();
    s->clear_name();
    s->clear_description();
    s->mutable_adoption()->clear_rule();
    s->mutable_adoption()->clear_bass();
    s->mutable_adoption()->clear_seeding();
    s->mutable_adoption()->clear_model_choice();
  }
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
}

}  // namespace
}  // namespace blocsim
