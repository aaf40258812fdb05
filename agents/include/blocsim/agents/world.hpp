#pragma once
// The world of one replica as arrays of plain values (structure of arrays), indexed by dense ids:
// nation n, chip c, lab l (a lab offers one model, so a model's id is its lab's id), developer i.
// Static facts (a chip's performance) and monthly state (a nation's stock) sit side by side; the
// monthly step reads and writes these arrays and allocates nothing. docs/MODEL.md gives every
// quantity's unit and equation.

#include <cstdint>
#include <string>
#include <vector>

#include "blocsim/core/developer_graph.hpp"

namespace blocsim {

// Where a model or chip comes from, by its maker's home nation: the USA, China, or elsewhere.
enum class Origin : std::uint8_t { kUs = 0, kChina = 1, kOther = 2 };
inline constexpr int kOrigins = 3;

struct Chips {
  std::vector<std::string> id;
  std::vector<std::string> maker;
  std::vector<std::uint16_t> home;  // nation id of the maker
  std::vector<Origin> origin;
  std::vector<double> perf_train;      // H100 = 1
  std::vector<double> perf_inference;  // H100 = 1
  std::vector<double> price;           // USD per chip
  // capacity[c * months + t]: units produced in month t (scenario schedule x this replica's
  // capacity factor x shocks in force).
  std::vector<double> capacity;

  std::size_t size() const { return id.size(); }
};

struct Nations {
  std::vector<std::string> id;         // ISO3
  std::vector<double> gdp;             // trillion USD
  std::vector<double> gdp_per_capita;  // USD, for price sensitivity
  std::vector<double> energy_gw;       // power for AI compute this month
  std::vector<double> energy_growth;   // per year
  std::vector<double> chip_budget;     // USD per month this month
  std::vector<double> budget_growth;   // per year
  std::vector<double> developers;      // real developers (not agents)
  std::vector<double> lean0;           // alignment at the start, [-1, 1]
  std::vector<double> lean;            // alignment now
  std::vector<double> stock;           // compute stock, H100e (training)
  std::vector<std::uint8_t> hub;       // transshipment hub
  std::vector<Origin> origin;          // USA -> kUs, CHN -> kChina, others kOther

  std::size_t size() const { return id.size(); }
};

struct Labs {
  std::vector<std::string> id;
  std::vector<std::uint16_t> home;  // nation id
  std::vector<Origin> origin;
  std::vector<std::uint8_t> open;     // open weights
  std::vector<double> compute_share;  // of the home nation's usable compute
  std::vector<double> efficiency;     // algorithmic efficiency now
  std::vector<double> quality;        // quality index of the released model (100 + k log10 X)
  std::vector<double> cost;           // serving cost, USD per million tokens now
  std::vector<double> price;          // blended USD per million tokens now
  std::vector<double> release_rate;   // releases per month

  std::size_t size() const { return id.size(); }
};

// Developer agents. Agents of one nation are contiguous: agents first[n] .. first[n + 1] - 1.
struct Developers {
  std::vector<std::uint16_t> nation;
  std::vector<std::uint8_t> sector;      // 0 private, 1 public sector (usage bans may target it)
  std::vector<std::uint8_t> model;       // lab id of the model in use
  std::vector<std::uint8_t> next_model;  // this month's choices (synchronous update)
  std::vector<std::uint32_t> first;      // per nation, size nations + 1
  std::vector<double> weight;            // real developers per agent, per nation
  DeveloperGraph ties;

  std::uint32_t size() const { return static_cast<std::uint32_t>(nation.size()); }
};

}  // namespace blocsim
