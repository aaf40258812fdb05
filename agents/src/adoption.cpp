#include "blocsim/agents/adoption.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <string>

#include "blocsim/agents/logit_kernel.hpp"
#include "logit_kernel.hpp"

namespace blocsim {

double origin_sign(Origin origin) {
  switch (origin) {
    case Origin::kUs:
      return 1.0;
    case Origin::kChina:
      return -1.0;
    case Origin::kOther:
      return 0.0;
  }
  return 0.0;
}

double price_sensitivity(const AdoptionParams& params, double gdp_per_capita) {
  return params.beta_log_price *
         std::pow(params.gdp_per_capita_ref / gdp_per_capita, params.price_income_elasticity);
}

double utility_before_price(const AdoptionParams& params, const Labs& labs, std::size_t j,
                            double lean) {
  return params.beta_quality * labs.quality[j] + params.beta_open * labs.open[j] +
         params.home_bloc * lean * origin_sign(labs.origin[j]);
}

void price_the_offer(const AdoptionParams& params, const Nations& nations, const Labs& labs,
                     const std::vector<std::uint8_t>& banned, AdoptionOffer& offer) {
  const std::size_t M = labs.size();
  const std::size_t N = nations.size();
  offer.models = M;
  offer.nations = N;
  offer.weight.resize(kSectors * N * M);
  offer.forced_leave.resize(kSectors * N * M, 0.0);
  offer.origin = labs.origin;
  std::vector<double>& w = offer.weight;
  for (std::size_t n = 0; n < N; ++n) {
    const double sensitivity = price_sensitivity(params, nations.gdp_per_capita[n]);
    // Utilities are shifted by their maximum before exponentiating; the shift cancels in every
    // choice probability and keeps exp() finite.
    double max_v = -INFINITY;
    for (std::size_t j = 0; j < M; ++j) {
      const double v = utility_before_price(params, labs, j, nations.lean[n]) -
                       sensitivity * std::log(labs.price[j] + params.price_floor);
      w[n * M + j] = v / params.mu;
      max_v = std::max(max_v, w[n * M + j]);
    }
    // The public sector row differs from the private one only by its bans.
    for (std::size_t j = 0; j < M; ++j) {
      const double e = std::exp(w[n * M + j] - max_v);
      for (std::size_t sector = 0; sector < kSectors; ++sector) {
        const std::size_t at = (sector * N + n) * M + j;
        w[at] = banned[at] ? 0.0 : e;
      }
    }
  }
  complete_offer(params, offer);
}

void complete_offer(const AdoptionParams& params, AdoptionOffer& offer) {
  const double j_over_mu = params.network_j / params.mu;
  if (!offer.tie_factor.empty() && offer.tie_factor_j_over_mu == j_over_mu) return;
  offer.tie_factor.clear();
  for (std::uint32_t d = 0; d <= kTieTableDegree; ++d) {
    const double inverse_degree = d == 0 ? 0.0 : 1.0 / static_cast<double>(d);
    for (std::uint32_t k = 0; k <= d; ++k) {
      offer.tie_factor.push_back(k == 0 ? 1.0 : std::exp(j_over_mu * k * inverse_degree));
    }
  }
  offer.tie_factor_j_over_mu = j_over_mu;
}

namespace detail {

LogitStep logit_step(const AdoptionParams& params, const AdoptionOffer& offer) {
  LogitStep step;
  step.models = offer.models;
  step.j_over_mu = params.network_j / params.mu;
  step.sigma = std::exp(-params.switching_cost / params.mu);
  step.on_bloc = params.network_on == NetworkOn::kBloc;
  if (offer.tie_factor.empty() || offer.tie_factor_j_over_mu != step.j_over_mu) {
    throw std::logic_error("adopt: the offer's tie table is missing or stale (complete_offer)");
  }
  return step;
}

}  // namespace detail

std::string_view logit_kernel_name(LogitKernel kernel) {
  return kernel == LogitKernel::kAvx512 ? "avx512" : "portable";
}

bool logit_kernel_available(LogitKernel kernel, std::size_t models) {
  if (kernel == LogitKernel::kPortable) return true;
  static const bool has_avx512 = detail::cpu_has_avx512();
  return has_avx512 && models >= 1 && models <= detail::kScanBlock;
}

LogitKernel logit_kernel_for(std::size_t models) {
  return logit_kernel_available(LogitKernel::kAvx512, models) ? LogitKernel::kAvx512
                                                              : LogitKernel::kPortable;
}

void adopt_with(LogitKernel kernel, std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                std::uint32_t end) {
  if (!logit_kernel_available(kernel, offer.models)) {
    throw std::logic_error("adopt_with: the " + std::string(logit_kernel_name(kernel)) +
                           " kernel cannot run here");
  }
  if (kernel == LogitKernel::kAvx512) {
    detail::adopt_avx512(t, key, params, offer, developers, begin, end);
  } else {
    detail::adopt_portable(t, key, params, offer, developers, begin, end);
  }
}

// The logit choice of docs/MODEL.md ("Adoption"), with the order of its floating-point
// operations fixed by agents/src/logit_kernel.hpp, so both kernels choose alike.
void adopt(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
           std::uint32_t end) {
  adopt_with(logit_kernel_for(offer.models), t, key, params, offer, developers, begin, end);
}

void commit_choices(Developers& developers) {
  developers.model.swap(developers.next_model);
}

void tally_adoption(const Developers& developers, std::size_t nations, std::size_t models,
                    std::vector<double>& share) {
  share.assign(nations * models, 0.0);
  // Counted in integers, in four interleaved tables (a count incremented in memory is a chain of
  // dependent adds whenever neighbours share a model, which is most of the time), then scaled:
  // k x 1.0 summed is exactly k, so the shares are the doubles a sum of ones would give.
  std::array<std::array<std::uint32_t, 256>, 4> count{};
  const std::uint8_t* model = developers.model.data();
  for (std::size_t n = 0; n < nations; ++n) {
    const std::uint32_t first = developers.first[n];
    const std::uint32_t last = developers.first[n + 1];
    if (last == first) continue;
    std::uint32_t i = first;
    for (; i + 4 <= last; i += 4) {  // kNoModel counts in slot 255, which no model reads
      ++count[0][model[i]];
      ++count[1][model[i + 1]];
      ++count[2][model[i + 2]];
      ++count[3][model[i + 3]];
    }
    for (; i < last; ++i) ++count[0][model[i]];
    const double inverse = 1.0 / static_cast<double>(last - first);
    for (std::size_t j = 0; j < models; ++j) {
      const std::uint32_t k = count[0][j] + count[1][j] + count[2][j] + count[3][j];
      share[n * models + j] = static_cast<double>(k) * inverse;
    }
    for (auto& table : count) {
      std::fill_n(table.begin(), models, 0u);
      table[kNoModel] = 0;
    }
  }
}

}  // namespace blocsim
