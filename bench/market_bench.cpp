// Market clearing, clear_market(), on the baseline world (30 nations, 8 chips, its leakage
// channels and licence caps) with the trade rules in force two years in (after the baseline's
// dated events), and with those of the first month.

#include "blocsim/agents/chip_market.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"

namespace {

using namespace blocsim;

void BM_ClearMarketBaseline(benchmark::State& state) {
  const auto month = static_cast<std::size_t>(state.range(0));
  const LoadedScenario loaded = load_scenario("baseline", {"developers.agents=2000"});
  Simulation simulation(loaded.scenario, loaded.scenario.run().seed(), 0);
  for (std::size_t t = 0; t <= month; ++t) simulation.step();
  const ReplicaWorld& w = simulation.world();
  MarketLedger ledger = simulation.ledger();
  const std::vector<double> carried = simulation.ledger().inventory_in;
  std::vector<double> inventory = carried;
  for (auto _ : state) {
    inventory = carried;  // the same month every time
    clear_market(month, w.months, w.chips, w.nations, simulation.rules(), w.market, inventory,
                 ledger);
    benchmark::DoNotOptimize(ledger.delivered.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(w.chips.size() * w.nations.size()));
  state.counters["chips"] = static_cast<double>(w.chips.size());
  state.counters["nations"] = static_cast<double>(w.nations.size());
}
BENCHMARK(BM_ClearMarketBaseline)
    ->ArgNames({"month"})
    ->Arg(0)
    ->Arg(24)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
