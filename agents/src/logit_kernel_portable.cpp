// The logit kernel in plain C++: the definition of agents/src/logit_kernel.hpp, one developer at
// a time. Every CPU runs it; the AVX-512 kernel must agree with it bit for bit
// (tests/agents/adoption_kernel_test.cpp).

#include <algorithm>
#include <array>

#include "blocsim/agents/adoption.hpp"
#include "logit_kernel.hpp"

namespace blocsim::detail {

void adopt_portable(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                    const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                    std::uint32_t end) {
  const LogitStep step = logit_step(params, offer);
  const std::size_t M = step.models;
  // Pointers and constants in locals: a store through a byte pointer may alias anything, so the
  // compiler would otherwise reload them from the structures after every developer.
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* __restrict next = developers.next_model.data();
  const std::uint8_t* sector = developers.sector.data();
  const auto* nation = developers.nation.data();
  const std::uint64_t* offsets = developers.ties.offsets().data();
  const std::uint32_t* targets = developers.ties.targets().data();
  const double* forced_leave = offer.forced_leave.data();
  const double* weights = offer.weight.data();
  const double* tie_table = offer.tie_factor.data();
  const std::size_t nations = offer.nations;
  const double rate = params.reconsider_rate;
  TieCounts counts{};
  std::array<double, kScanSlots> tie{};
  std::array<double, kScanSlots> weight{};
  std::array<double, kScanSlots> sum{};

  for (std::uint32_t i = begin; i < end; ++i) {
    const std::size_t row = sector[i] * nations + nation[i];
    const std::uint8_t current = model[i];
    next[i] = current;
    const auto block = philox_block(key, static_cast<std::uint32_t>(Purpose::kAdoption), t, i, 0);
    // the threshold of agents/src/logit_kernel.hpp, from the locals
    if (uniform_from_bits(block.v[0], block.v[1]) >=
        std::max(rate, forced_leave[row * M + current])) {
      continue;
    }
    const auto degree = static_cast<std::uint32_t>(offsets[i + 1] - offsets[i]);
    if (M <= 16 && degree < 16 && !step.on_bloc) {  // the common case, without a count array
      const std::uint64_t packed =
          nibble_counts(kNibbleCounts, model, targets + offsets[i], degree);
      const double* exps = tie_table + degree * (degree + 1) / 2;
      for (std::size_t j = 0; j < M; ++j) tie[j] = exps[(packed >> (4 * j)) & 15];
    } else {
      tie_terms(step, offer, developers, i, counts, tie);
    }
    const double* base = weights + row * M;
    for (std::size_t j = 0; j < M; ++j) {
      weight[j] = base[j] * tie[j] * (j == current ? 1.0 : step.sigma);
    }
    scan_blocks(weight, sum, M);
    const std::uint8_t choice =
        choose_from_scan(weight, sum, M, uniform_from_bits(block.v[2], block.v[3]));
    if (choice != kNoModel) next[i] = choice;  // everything banned: nothing to move to
  }
}

}  // namespace blocsim::detail
