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
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  TieCounts counts{};
  std::array<double, kScanSlots> tie{};
  std::array<double, kScanSlots> weight{};
  std::array<double, kScanSlots> sum{};

  for (std::uint32_t i = begin; i < end; ++i) {
    const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
    const std::uint8_t current = model[i];
    next[i] = current;
    const auto block = philox_block(key, static_cast<std::uint32_t>(Purpose::kAdoption), t, i, 0);
    if (uniform_from_bits(block.v[0], block.v[1]) >=
        reconsider_threshold(params, offer, row, current)) {
      continue;
    }
    const auto degree = developers.ties.degree(i);
    if (M <= 16 && degree < 16 && !step.on_bloc) {  // the common case, without a count array
      const std::uint64_t packed =
          nibble_counts(kNibbleCounts, model, developers.ties.neighbours(i).data(), degree);
      const double* exps = offer.tie_factor.data() + degree * (degree + 1) / 2;
      for (std::size_t j = 0; j < M; ++j) tie[j] = exps[(packed >> (4 * j)) & 15];
    } else {
      tie_terms(step, offer, developers, i, counts, tie);
    }
    const double* base = offer.weight.data() + row * M;
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
