#pragma once
// Nation alignment: a nation's lean drifts toward its starting lean shifted by how far its
// developers have moved between US and Chinese models since the start:
//   target_n = clamp(lean0_n + pull (D_n - D0_n), -1, 1),  D_n = share_us_n - share_china_n
//   lean_n <- lean_n + rate (target_n - lean_n)
// Equations: docs/MODEL.md, "Alignment".

#include <vector>

#include "blocsim/agents/world.hpp"

namespace blocsim {

struct AlignmentParams {
  double rate = 0.0;  // share of the gap closed per month
  double pull = 0.0;  // lean per unit of dependence shift
  // How much using an open-weight model counts as depending on its lab's nation: 0, since
  // weights once downloaded run anywhere, unless a scenario says otherwise.
  double open_weight_dependence = 0.0;
};

// Net US-over-China model dependence of each nation, from the adoption shares per nation and model.
void dependence(const AlignmentParams& params, const Labs& labs, std::size_t nations,
                const std::vector<double>& share, std::vector<double>& out);

void update_alignment(const AlignmentParams& params, const std::vector<double>& dependence0,
                      const std::vector<double>& dependence_now, Nations& nations);

}  // namespace blocsim
