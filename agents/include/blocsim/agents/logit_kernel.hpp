#pragma once
// The two implementations of the logit rule's monthly step, adopt(): a portable one, and one for
// CPUs with AVX-512 that draws the random blocks of 16 developers at once and forms a developer's
// weights and their prefix sums in vector registers. They compute the same operations in the
// same order (agents/src/logit_kernel.hpp), so they choose the same model for every developer and
// a run's results do not depend on the machine. adopt() takes the fastest the CPU can run; these
// are for the tests that hold the two to each other and for the benchmarks.

#include <cstdint>
#include <string_view>

#include "blocsim/agents/adoption.hpp"

namespace blocsim {

enum class LogitKernel : std::uint8_t { kPortable, kAvx512 };

std::string_view logit_kernel_name(LogitKernel kernel);

// Whether this CPU (and this build) can run the kernel on an offer of `models` models. The
// AVX-512 kernel holds up to 16 models in its registers; the portable one takes any number.
bool logit_kernel_available(LogitKernel kernel, std::size_t models);

// The kernel adopt() uses for an offer of `models` models on this CPU.
LogitKernel logit_kernel_for(std::size_t models);

// adopt() with the given kernel (which must be available).
void adopt_with(LogitKernel kernel, std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                std::uint32_t end);

}  // namespace blocsim
