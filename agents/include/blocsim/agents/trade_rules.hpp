#pragma once
// The trade rules in force in one month, as the chip market reads them. policies/ decides which
// rules are in force (events, triggers, durations); this is only their plain-value result.
// Precedence (docs/POLICIES.md): a customs block beats any export terms; a ban beats a licence.

#include <cstdint>
#include <vector>

namespace blocsim {

enum class ExportAccess : std::uint8_t { kAllow = 0, kLicence = 1, kBan = 2 };

// The exporter's terms for one chip to one destination.
struct ExportTerms {
  ExportAccess access = ExportAccess::kAllow;
  double tariff = 0.0;          // licence: share of the price added to the landed price
  double vetted_share = 1.0;    // licence: share of demand that may buy legally
  std::int32_t cap_group = -1;  // licence: index of the volume cap it counts against, or -1
};

struct TradeRules {
  std::size_t nations = 0;
  std::vector<ExportTerms> terms;           // [chip * nations + destination]
  std::vector<std::uint8_t> customs_block;  // [chip * nations + importer]
  std::vector<double> cap_remaining;        // per cap group: units still allowed this quarter
  std::vector<double> leakage_factor;       // per leakage channel: multiplier on its rate
  std::vector<double> capacity_factor;  // per chip: multiplier on production (subsidies, shocks)

  void reset(std::size_t chips, std::size_t nation_count, std::size_t cap_groups,
             std::size_t channels) {
    nations = nation_count;
    terms.assign(chips * nation_count, ExportTerms{});
    customs_block.assign(chips * nation_count, 0);
    cap_remaining.assign(cap_groups, 0.0);
    leakage_factor.assign(channels, 1.0);
    capacity_factor.assign(chips, 1.0);
  }
  const ExportTerms& at(std::size_t chip, std::size_t nation) const {
    return terms[chip * nations + nation];
  }
  ExportTerms& at(std::size_t chip, std::size_t nation) { return terms[chip * nations + nation]; }
  bool blocked(std::size_t chip, std::size_t nation) const {
    return customs_block[chip * nations + nation] != 0;
  }
};

}  // namespace blocsim
