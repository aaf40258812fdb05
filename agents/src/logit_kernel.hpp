#pragma once
// Private to agents/: the definition both implementations of the logit kernel compute, operation
// for operation, so that a developer's choice does not depend on which one ran (the portable one,
// logit_kernel_portable.cpp, or the AVX-512 one, logit_kernel_avx512.cpp). docs/MODEL.md,
// "Adoption", states the choice; this file states the order of its floating-point operations.
//
// For developer i on model c who reconsiders this month (u0 < max(reconsider rate, forced leave)):
//   w_j = (base_j x tie_j) x (j == c ? 1 : sigma)       tie_j = exp(J/mu k_j/d), 1 when k_j = 0
//   P_j = the inclusive prefix sums of w, formed by scan_blocks() below
//   choice = the first j < M - 1 with P_j > u1 P_{M-1}, else M - 1; stepped back onto a model
//            of positive weight if rounding left it on a zero one; no move if P_{M-1} is not > 0.
// u0 and u1 are the uniforms of words (0, 1) and (2, 3) of block 0 of the developer's adoption
// stream (Purpose::kAdoption, step t, agent i): the first two uniforms a RandomStream would give.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/world.hpp"
#include "model_choice.hpp"

namespace blocsim::detail {

// The prefix sums are formed in blocks of 16 models: within a block, a Hillis-Steele scan of each
// half of 8 (steps 1, 2, 4: P_i += P_{i-s}), then the upper half adds the lower half's last sum,
// then the block adds the previous block's last sum. That is what two 8-lane vectors compute
// with three shifted adds each, so the vector kernel needs no dependency chain through the models
// (a sequential sum costs one add latency per model). Slots past the last model hold 0.
inline constexpr std::size_t kScanBlock = 16;
inline constexpr std::size_t kScanSlots = (kMaxModels + kScanBlock - 1) / kScanBlock * kScanBlock;

// One half: P_i = x_i + x_{i-1} (i >= 1), then + P_{i-2} (i >= 2), then + P_{i-4} (i >= 4).
inline void scan_half(const double* x, double* p) {
  const double a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
  const double a4 = x[4], a5 = x[5], a6 = x[6], a7 = x[7];
  const double b1 = a1 + a0, b2 = a2 + a1, b3 = a3 + a2, b4 = a4 + a3;
  const double b5 = a5 + a4, b6 = a6 + a5, b7 = a7 + a6;
  const double c2 = b2 + a0, c3 = b3 + b1, c4 = b4 + b2, c5 = b5 + b3;
  const double c6 = b6 + b4, c7 = b7 + b5;
  p[0] = a0, p[1] = b1, p[2] = c2, p[3] = c3;
  p[4] = c4 + a0, p[5] = c5 + b1, p[6] = c6 + c2, p[7] = c7 + c3;
}

// The prefix sums of w[0, models) into p (slots past the last model of its block must be 0 in w).
inline void scan_blocks(const std::array<double, kScanSlots>& w, std::array<double, kScanSlots>& p,
                        std::size_t models) {
  for (std::size_t block = 0; block < models; block += kScanBlock) {
    scan_half(&w[block], &p[block]);
    if (models > block + 8) {  // else the upper half holds no model: nothing reads it
      scan_half(&w[block + 8], &p[block + 8]);
      for (std::size_t i = block + 8; i < block + kScanBlock; ++i) p[i] = p[i] + p[block + 7];
    }
    if (block > 0) {
      for (std::size_t i = block; i < block + kScanBlock; ++i) p[i] = p[i] + p[block - 1];
    }
  }
}

// The choice from the weights and their prefix sums; kNoModel when every weight is 0. The first
// sum past the target is found without a branch per model (the scan runs backwards, keeping the
// lowest index past it).
inline std::uint8_t choose_from_scan(const std::array<double, kScanSlots>& w,
                                     const std::array<double, kScanSlots>& p, std::size_t models,
                                     double u) {
  const double total = p[models - 1];
  if (!(total > 0.0)) return kNoModel;
  const double target = u * total;
  std::size_t choice = models - 1;
  for (std::size_t j = models - 1; j-- > 0;) choice = p[j] > target ? j : choice;
  while (w[choice] == 0.0 && choice > 0) --choice;
  return static_cast<std::uint8_t>(choice);
}

// What every developer of one call shares.
struct LogitStep {
  std::size_t models = 0;
  double j_over_mu = 0.0;
  double sigma = 0.0;  // exp(-c / mu), the switching term
  bool on_bloc = false;
};

// Checks the offer's tie table (adoption.cpp).
LogitStep logit_step(const AdoptionParams& params, const AdoptionOffer& offer);

// The two kernels, in logit_kernel_portable.cpp and logit_kernel_avx512.cpp; adopt_avx512 takes
// offers of 1 to 16 models and runs only where cpu_has_avx512().
void adopt_portable(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                    const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                    std::uint32_t end);
void adopt_avx512(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                  const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                  std::uint32_t end);
bool cpu_has_avx512();

// A tie's model as a count to add, for developers with fewer than 16 ties and offers of at most
// 16 models: 4 bits per model, models 0..15 in one 64-bit word (no count can reach 16). Rows past
// 15 add nothing, so that a tie with no model (kNoModel) counts for none, as in tie_terms().
struct NibbleCounts {
  std::uint64_t one[256];
};
constexpr NibbleCounts make_nibble_counts() {
  NibbleCounts table{};
  for (std::size_t m = 0; m < 16; ++m) table.one[m] = std::uint64_t{1} << (4 * m);
  return table;
}
inline constexpr NibbleCounts kNibbleCounts = make_nibble_counts();

// The packed counts of developer i's `degree` (< 16) ties.
inline std::uint64_t nibble_counts(const NibbleCounts& table, const std::uint8_t* model,
                                   const std::uint32_t* ties, std::uint32_t degree) {
  std::uint64_t counts = degree % 2 != 0 ? table.one[model[ties[degree - 1]]] : 0;
  for (std::uint32_t k = 0; k + 1 < degree; k += 2) {  // half the loop's branches
    counts += table.one[model[ties[k]]] + table.one[model[ties[k + 1]]];
  }
  return counts;
}

// Counts of a developer's ties by model byte (a tie with no model, kNoModel, lands in a slot no
// model reads). All zero between developers: tie_terms() clears what it used.
using TieCounts = std::array<std::uint32_t, 256>;

// tie_j for every model, by counting: from the offer's table for degrees it holds, evaluated
// beyond it (the same expression as the table's, so the same doubles).
inline void tie_terms(const LogitStep& step, const AdoptionOffer& offer,
                      const Developers& developers, std::uint32_t i, TieCounts& on,
                      std::array<double, kScanSlots>& tie) {
  const std::size_t M = step.models;
  const std::uint8_t* model = developers.model.data();
  const auto ties = developers.ties.neighbours(i);
  for (const std::uint32_t v : ties) ++on[model[v]];
  on[kNoModel] = 0;
  if (step.on_bloc) count_by_origin(on, offer);
  const auto degree = static_cast<std::uint32_t>(ties.size());
  if (degree <= kTieTableDegree) {
    const double* exps = offer.tie_factor.data() + degree * (degree + 1) / 2;
    for (std::size_t j = 0; j < M; ++j) tie[j] = exps[on[j]];
  } else {
    const double inverse_degree = 1.0 / static_cast<double>(degree);
    for (std::size_t j = 0; j < M; ++j) {
      tie[j] = on[j] != 0 ? std::exp(step.j_over_mu * on[j] * inverse_degree) : 1.0;
    }
  }
  std::fill_n(on.begin(), M, 0u);
}

}  // namespace blocsim::detail
