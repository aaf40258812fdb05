#pragma once
// Counter-based random streams: every draw is a pure function of its coordinates
// (master seed, replica, purpose, step, agent, draw index), so results do not depend on thread
// count, scheduling or how replicas are split across processes. The scheme is documented in
// docs/REPRODUCIBILITY.md.
//
// Philox4x32-10 (Random123) is keyed by (hash of the master seed, replica index); its 4-word
// counter is (purpose, step, agent, block), and each block yields four 32-bit words.
// The transforms to uniform, normal, exponential and Gumbel variates are written here, not taken
// from <random>, whose distributions differ between standard libraries.

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace blocsim {

// What a random draw is for. Each purpose is its own family of streams, so adding draws for one
// purpose never shifts the numbers of another (which is what makes paired comparisons work).
enum class Purpose : std::uint32_t {
  kParameters = 1,    // per-replica draws of uncertain scenario parameters
  kGraph = 2,         // developer graph generation
  kInitialState = 3,  // initial developer choices
  kAdoption = 4,      // developer reconsideration and choice
  kLabs = 5,          // lab release timing
  kMarket = 6,        // chip market noise
  kPolicy = 7,        // stochastic policy responses
  kTest = 100,        // reserved for tests
};

// splitmix64 finaliser: spreads nearby master seeds (1, 2, 3...) over the key space.
constexpr std::uint64_t hash_seed(std::uint64_t seed) {
  seed += 0x9E3779B97F4A7C15ULL;
  seed = (seed ^ (seed >> 30)) * 0xBF58476D1CE4E5B9ULL;
  seed = (seed ^ (seed >> 27)) * 0x94D049BB133111EBULL;
  return seed ^ (seed >> 31);
}

// The key of one replica's streams.
struct ReplicaKey {
  std::uint32_t seed_hash = 0;
  std::uint32_t replica = 0;

  static ReplicaKey make(std::uint64_t master_seed, std::uint32_t replica) {
    const std::uint64_t h = hash_seed(master_seed);
    return {static_cast<std::uint32_t>(h ^ (h >> 32)), replica};
  }
};

// The raw block at one counter: four independent 32-bit words.
inline r123::Philox4x32::ctr_type philox_block(ReplicaKey key, std::uint32_t purpose,
                                               std::uint32_t step, std::uint32_t agent,
                                               std::uint32_t block) {
  const r123::Philox4x32::ctr_type ctr = {{purpose, step, agent, block}};
  const r123::Philox4x32::key_type k = {{key.seed_hash, key.replica}};
  return r123::Philox4x32{}(ctr, k);
}

// Uniform on the open interval (0, 1) from 64 random bits: the top 52 bits m give
// (m + 1/2) 2^-52 = (2m + 1) 2^-53, the centre of one of 2^52 equal cells. Every such value is
// exactly representable, so neither 0 nor 1 can occur (logs of it are always finite) and the
// values are symmetric about 1/2. (53 bits plus half a unit would need 54 significant bits: above
// 1/2 the offset is lost to rounding, and the top value (2^53 - 1/2) 2^-53 rounds to exactly 1.)
constexpr double uniform_from_bits(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 12;
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-52;
}

// A sequential stream at fixed (replica, purpose, step, agent), reading blocks 0, 1, 2... in order.
// A uniform takes two words of one block (uniform n of a stream that draws only uniforms uses
// block n / 2); next_u32 takes one word. A uniform never straddles two blocks: when only one word
// is left it is skipped.
class RandomStream {
 public:
  RandomStream(ReplicaKey key, Purpose purpose, std::uint32_t step, std::uint32_t agent)
      : key_(key), purpose_(static_cast<std::uint32_t>(purpose)), step_(step), agent_(agent) {}

  // Uniform on (0, 1).
  double uniform() {
    if (used_ > 2) refill();  // a uniform takes two words of one block
    const double u = uniform_from_bits(block_[used_], block_[used_ + 1]);
    used_ += 2;
    return u;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Standard normal by Box-Muller; both variates of a pair are used, in order.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double theta = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return r * std::cos(theta);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }

  // Exponential with the given rate (mean 1 / rate).
  double exponential(double rate = 1.0) { return -std::log(uniform()) / rate; }

  // Standard Gumbel (location 0, scale 1): argmax of U_j + Gumbel_j samples a logit choice.
  double gumbel() { return -std::log(-std::log(uniform())); }

  // Bernoulli with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  // Uniform integer in [0, n), n > 0, by Lemire's multiply-shift (bias below 2^-32 n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

 private:
  void refill() {
    const auto out = philox_block(key_, purpose_, step_, agent_, next_block_++);
    for (int i = 0; i < 4; ++i) block_[i] = out.v[i];
    used_ = 0;
  }

  ReplicaKey key_;
  std::uint32_t purpose_;
  std::uint32_t step_;
  std::uint32_t agent_;
  std::uint32_t next_block_ = 0;
  std::uint32_t block_[4] = {0, 0, 0, 0};
  int used_ = 4;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace blocsim
