// The logit kernel for CPUs with AVX-512: the definition of agents/src/logit_kernel.hpp, with
//  - the random blocks of 16 consecutive developers drawn at once (Philox4x32-10 in 16 lanes),
//    one batch ahead, and their uniforms converted in vectors;
//  - a developer's ties counted in scalar registers (4 bits per model in one word below 16 ties,
//    a byte per model in one vector up to 48), which leaves the vector units to the weights;
//  - its weights and their prefix sums in two 8-lane registers (the order scan_blocks() states),
//    and its choice by one compare of the sums against the target.
// Only these functions are compiled for AVX-512 (a target attribute, not a flag for the file, so
// that no inline function shared with the rest of the program is emitted in an AVX-512 copy);
// adopt() calls them only when the CPU has it. Offers of more than 16 models are not taken here;
// developers with more ties than the tie table holds, or with the network on the bloc, use the
// portable kernel's tie_terms() for their tie terms. The arithmetic is the same either way.

#include <algorithm>
#include <array>
#include <cstdint>

#include "blocsim/agents/adoption.hpp"
#include "logit_kernel.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#define BLOCSIM_HAVE_AVX512_KERNEL 1
#include <immintrin.h>
// GCC 12's AVX-512 intrinsics start some results from _mm512_undefined_*(), a self-initialised
// variable, which -W(maybe-)uninitialized reports wherever they are inlined (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace blocsim::detail {

#ifdef BLOCSIM_HAVE_AVX512_KERNEL

#define BLOCSIM_AVX512 [[gnu::target("avx512f,avx512bw,avx512dq,avx512vl")]]

bool cpu_has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}

namespace {

constexpr std::uint32_t kLanes = 16;

// The two uniforms of 16 consecutive developers: of their reconsidering and of their choice.
struct LaneUniforms {
  alignas(64) double reconsider[kLanes];
  alignas(64) double choice[kLanes];
};

// uniform_from_bits(hi[l], lo[l]) for the 16 lanes l, in two vectors of 8: the same integer
// (hi 2^32 + lo) >> 12, converted exactly, plus 1/2, times 2^-52.
BLOCSIM_AVX512 inline void uniforms(__m512i hi, __m512i lo, double* out) {
  const __m512i first8 = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i last8 =
      _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const __m512d half = _mm512_set1_pd(0.5);
  const __m512d scale = _mm512_set1_pd(0x1.0p-52);
  for (int part = 0; part < 2; ++part) {
    const __m512i bits =
        _mm512_srli_epi64(_mm512_permutex2var_epi32(lo, part == 0 ? first8 : last8, hi), 12);
    _mm512_store_pd(out + 8 * part,
                    _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepu64_pd(bits), half), scale));
  }
}

BLOCSIM_AVX512 inline void mul_hi_lo(__m512i c, __m512i m, __m512i& hi, __m512i& lo) {
  const __m512i even = _mm512_mul_epu32(c, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m);
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
  lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

// Block 0 of the streams (kAdoption, t, first + l) for the 16 lanes l: the words philox_block()
// gives, computed with 32 x 32 -> 64-bit vector multiplies on the even and odd lanes; words
// (0, 1) make the uniform of reconsidering, (2, 3) that of the choice.
BLOCSIM_AVX512 void philox_lanes(ReplicaKey key, std::uint32_t t, std::uint32_t first,
                                 LaneUniforms& out) {
  __m512i c0 = _mm512_set1_epi32(static_cast<int>(Purpose::kAdoption));
  __m512i c1 = _mm512_set1_epi32(static_cast<int>(t));
  __m512i c2 =
      _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first)),
                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  __m512i c3 = _mm512_setzero_si512();
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53);
  const __m512i m1 = _mm512_set1_epi64(0xCD9E8D57);
  std::uint32_t k0 = key.seed_hash;
  std::uint32_t k1 = key.replica;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {  // the Weyl key schedule of Random123's Philox4x32
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    __m512i hi0, lo0, hi1, lo1;
    mul_hi_lo(c0, m0, hi0, lo0);
    mul_hi_lo(c2, m1, hi1, lo1);
    // 0x96: the three-way exclusive or.
    c0 = _mm512_ternarylogic_epi32(hi1, c1, _mm512_set1_epi32(static_cast<int>(k0)), 0x96);
    c2 = _mm512_ternarylogic_epi32(hi0, c3, _mm512_set1_epi32(static_cast<int>(k1)), 0x96);
    c1 = lo1;
    c3 = lo0;
  }
  uniforms(c0, c1, out.reconsider);
  uniforms(c2, c3, out.choice);
}

// x shifted up by s lanes, zeros shifted in.
template <int s>
BLOCSIM_AVX512 inline __m512d shift_up(__m512d x) {
  return _mm512_castsi512_pd(
      _mm512_alignr_epi64(_mm512_castpd_si512(x), _mm512_setzero_si512(), 8 - s));
}

// One half's Hillis-Steele scan: P_i += P_{i-s} for s = 1, 2, 4.
BLOCSIM_AVX512 inline __m512d scan8(__m512d x) {
  x = _mm512_add_pd(x, shift_up<1>(x));
  x = _mm512_add_pd(x, shift_up<2>(x));
  return _mm512_add_pd(x, shift_up<4>(x));
}

// The same with 8 bits per model, as the 16 bytes of a vector, for 16 to 48 ties.
struct ByteCounts {
  alignas(16) std::uint8_t one[256][16];
};
constexpr ByteCounts make_byte_counts() {
  ByteCounts table{};
  for (std::size_t m = 0; m < 16; ++m) table.one[m][m] = 1;
  return table;
}
constexpr ByteCounts kByteCounts = make_byte_counts();

// What the developers of one call share, in the form the vector code reads it.
struct Shared {
  const AdoptionOffer* offer;
  const Developers* developers;
  LogitStep step;
  const std::uint8_t* model;
  const std::uint64_t* offsets;
  const std::uint32_t* targets;
  const double* tie_table;
  __mmask8 lanes_lo;  // the models among the lower 8 lanes
  __mmask8 lanes_hi;  // and the upper 8
  __m512i last_lane;  // lane (M - 1) mod 8, in the half last_in_hi says
  bool last_in_hi;
};

// A developer who reconsiders this month.
struct Reconsidering {
  std::uint32_t i;
  std::uint32_t current;
  std::uint64_t first_tie;  // its ties are targets[first_tie, first_tie + degree)
  std::uint32_t degree;
  const double* base;  // the offer's weights for its row
  double u;            // the uniform of its choice
};

// tie_j for the 16 lanes (1 where no tie is on j; lanes past the last model are unused), for
// the common case: fewer than 16 ties, the network on the model. The counting is scalar work (a
// load and an add per tie), which leaves the vector units to the weights; the counts become the
// indices of a permute of the tie table's row, which fits two registers.
BLOCSIM_AVX512 inline void tie_lanes(const Shared& s, const Reconsidering& r, __m512d& lo,
                                     __m512d& hi) {
  const std::uint64_t counts =
      nibble_counts(kNibbleCounts, s.model, s.targets + r.first_tie, r.degree);
  // nibbles 2b and 2b + 1 of the word are byte b's halves: split, then interleave
  const __m128i word = _mm_cvtsi64_si128(static_cast<long long>(counts));
  const __m128i low4 = _mm_set1_epi8(0x0F);
  const __m128i bytes =
      _mm_unpacklo_epi8(_mm_and_si128(word, low4), _mm_and_si128(_mm_srli_epi64(word, 4), low4));
  const double* exps = s.tie_table + r.degree * (r.degree + 1) / 2;
  const __m512d row_lo = _mm512_loadu_pd(exps);
  const __m512d row_hi = _mm512_loadu_pd(exps + 8);
  lo = _mm512_permutex2var_pd(row_lo, _mm512_cvtepu8_epi64(bytes), row_hi);
  hi = _mm512_permutex2var_pd(row_lo, _mm512_cvtepu8_epi64(_mm_srli_si128(bytes, 8)), row_hi);
}

// The same for every other developer, out of the hot loop: 16 to 48 ties counted a byte per model
// in one vector, more than the table holds or the network on the bloc by tie_terms().
[[gnu::noinline]] BLOCSIM_AVX512 void tie_lanes_otherwise(const Shared& s, const Reconsidering& r,
                                                          double* out) {
  if (r.degree > kTieTableDegree || s.step.on_bloc) {
    std::array<double, kScanSlots> tie{};
    TieCounts counts{};
    tie_terms(s.step, *s.offer, *s.developers, r.i, counts, tie);
    std::copy_n(tie.begin(), 16, out);
    return;
  }
  const std::uint32_t* ties = s.targets + r.first_tie;
  __m128i counts = _mm_setzero_si128();
  for (std::uint32_t k = 0; k < r.degree; ++k) {
    counts = _mm_add_epi8(
        counts,
        _mm_load_si128(reinterpret_cast<const __m128i*>(kByteCounts.one[s.model[ties[k]]])));
  }
  const double* exps = s.tie_table + r.degree * (r.degree + 1) / 2;
  _mm512_storeu_pd(out, _mm512_i64gather_pd(_mm512_cvtepu8_epi64(counts), exps, 8));
  _mm512_storeu_pd(out + 8,
                   _mm512_i64gather_pd(_mm512_cvtepu8_epi64(_mm_srli_si128(counts, 8)), exps, 8));
}

// The choice of a developer who reconsiders: its weights, their prefix sums, the first sum past
// the uniform's share of the total. (Two developers' chains written side by side, for the CPU to
// overlap, measured slower: the counting loops between them cost more than the overlap gains.)
BLOCSIM_AVX512 inline void choose(const Shared& s, const Reconsidering& r,
                                  std::uint8_t* __restrict next) {
  __m512d tie_lo, tie_hi;
  if (r.degree < 16 && !s.step.on_bloc) [[likely]] {
    tie_lanes(s, r, tie_lo, tie_hi);
  } else {
    alignas(64) double tie[16];
    tie_lanes_otherwise(s, r, tie);
    tie_lo = _mm512_load_pd(tie);
    tie_hi = _mm512_load_pd(tie + 8);
  }
  const __m512d sigma = _mm512_set1_pd(s.step.sigma);
  const __m512d one = _mm512_set1_pd(1.0);
  const auto at_current = static_cast<std::uint32_t>(1u << r.current);
  const __m512d switch_lo = _mm512_mask_blend_pd(static_cast<__mmask8>(at_current), sigma, one);
  const __m512d switch_hi =
      _mm512_mask_blend_pd(static_cast<__mmask8>(at_current >> 8), sigma, one);
  const __m512d w_lo =
      _mm512_mul_pd(_mm512_mul_pd(_mm512_maskz_loadu_pd(s.lanes_lo, r.base), tie_lo), switch_lo);
  const __m512d w_hi = _mm512_mul_pd(
      _mm512_mul_pd(_mm512_maskz_loadu_pd(s.lanes_hi, r.base + 8), tie_hi), switch_hi);

  const __m512d p_lo = scan8(w_lo);  // the prefix sums, in scan_blocks()'s order
  const __m512d p_hi =
      _mm512_add_pd(scan8(w_hi), _mm512_permutexvar_pd(_mm512_set1_epi64(7), p_lo));
  const __m512d total = _mm512_permutexvar_pd(s.last_lane, s.last_in_hi ? p_hi : p_lo);
  if (!(_mm512_cvtsd_f64(total) > 0.0)) return;  // everything banned: nothing to move to
  const __m512d target = _mm512_mul_pd(_mm512_set1_pd(r.u), total);
  const std::uint32_t past =
      _mm512_cmp_pd_mask(p_lo, target, _CMP_GT_OQ) |
      (static_cast<std::uint32_t>(_mm512_cmp_pd_mask(p_hi, target, _CMP_GT_OQ)) << 8) |
      (1u << (s.step.models - 1));
  auto choice = static_cast<std::uint32_t>(__builtin_ctz(past));
  const __m512d zero = _mm512_setzero_pd();
  const std::uint32_t is_zero =
      _mm512_cmp_pd_mask(w_lo, zero, _CMP_EQ_OQ) |
      (static_cast<std::uint32_t>(_mm512_cmp_pd_mask(w_hi, zero, _CMP_EQ_OQ)) << 8);
  if ((is_zero >> choice) & 1u) [[unlikely]] {  // step back onto the nearest positive weight
    const std::uint32_t below = ~is_zero & ((1u << choice) - 1u);
    choice = below != 0 ? 31u - static_cast<std::uint32_t>(__builtin_clz(below)) : 0u;
  }
  next[r.i] = static_cast<std::uint8_t>(choice);
}

}  // namespace

BLOCSIM_AVX512 void adopt_avx512(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                                 const AdoptionOffer& offer, Developers& developers,
                                 std::uint32_t begin, std::uint32_t end) {
  Shared s;
  s.offer = &offer;
  s.developers = &developers;
  s.step = logit_step(params, offer);
  const std::size_t M = s.step.models;  // 1..16
  s.model = developers.model.data();
  s.offsets = developers.ties.offsets().data();
  s.tie_table = offer.tie_factor.data();
  s.lanes_lo = static_cast<__mmask8>(M >= 8 ? 0xFF : (1u << M) - 1);
  s.lanes_hi = static_cast<__mmask8>(M > 8 ? (1u << (M - 8)) - 1 : 0);
  s.last_lane = _mm512_set1_epi64(static_cast<long long>((M - 1) % 8));
  s.last_in_hi = M > 8;
  s.targets = developers.ties.targets().data();
  // Everything the loops read, in locals: a store through a byte pointer may alias anything, so
  // the compiler would otherwise reload each of these from the structures after every choice.
  std::uint8_t* __restrict next = developers.next_model.data();
  const std::uint8_t* sector = developers.sector.data();
  const auto* nation = developers.nation.data();
  const double* forced_leave = offer.forced_leave.data();
  const double* weight = offer.weight.data();
  const std::size_t nations = offer.nations;
  const double rate = params.reconsider_rate;
  const std::uint64_t* offsets = s.offsets;
  // Whether a usage ban's forced leave raises some developer's threshold above the rate.
  const bool raised = std::any_of(forced_leave, forced_leave + kSectors * nations * M,
                                  [rate](double leave) { return leave > rate; });
  // The random blocks of the next batch are drawn before this batch is chosen, so that their
  // chain of ten dependent rounds overlaps the choices instead of delaying them.
  std::array<LaneUniforms, 2> drawn;
  std::array<Reconsidering, kLanes> reconsidering;
  if (begin < end) philox_lanes(key, t, begin, drawn[0]);
  for (std::uint32_t first = begin, batch = 0; first < end; first += kLanes, batch ^= 1) {
    if (end - first > kLanes) philox_lanes(key, t, first + kLanes, drawn[batch ^ 1]);
    const LaneUniforms& u = drawn[batch];
    const std::uint32_t lanes = std::min(kLanes, end - first);
    const auto in_batch = static_cast<__mmask16>(lanes == kLanes ? 0xFFFF : (1u << lanes) - 1);
    // Everyone keeps their model unless they reconsider (a 16-byte copy), and who reconsiders is
    // a compare of 16 uniforms at once when no usage ban raises anyone's threshold above the
    // rate: at the baseline's rate of 0.1, nine developers in ten cost nothing more.
    _mm_mask_storeu_epi8(next + first, in_batch, _mm_maskz_loadu_epi8(in_batch, s.model + first));
    std::uint32_t who = 0;
    if (!raised) {
      const __m512d threshold = _mm512_set1_pd(rate);
      who = _mm512_cmp_pd_mask(_mm512_load_pd(u.reconsider), threshold, _CMP_LT_OQ) |
            (static_cast<std::uint32_t>(
                 _mm512_cmp_pd_mask(_mm512_load_pd(u.reconsider + 8), threshold, _CMP_LT_OQ))
             << 8);
    } else {  // the threshold for 16 lanes: max(rate, forced_leave[row M + model])
      const __m512i row = _mm512_add_epi32(
          _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(in_batch, sector + first)),
                             _mm512_set1_epi32(static_cast<int>(nations))),
          _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in_batch, nation + first)));
      const __m512i at =
          _mm512_add_epi32(_mm512_mullo_epi32(row, _mm512_set1_epi32(static_cast<int>(M))),
                           _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(in_batch, s.model + first)));
      const __m512d rate_v = _mm512_set1_pd(rate);
      const __m512d low = _mm512_max_pd(
          rate_v, _mm512_mask_i32gather_pd(rate_v, static_cast<__mmask8>(in_batch),
                                           _mm512_castsi512_si256(at), forced_leave, 8));
      const __m512d high = _mm512_max_pd(
          rate_v, _mm512_mask_i32gather_pd(rate_v, static_cast<__mmask8>(in_batch >> 8),
                                           _mm512_extracti64x4_epi64(at, 1), forced_leave, 8));
      who = _mm512_cmp_pd_mask(_mm512_load_pd(u.reconsider), low, _CMP_LT_OQ) |
            (static_cast<std::uint32_t>(
                 _mm512_cmp_pd_mask(_mm512_load_pd(u.reconsider + 8), high, _CMP_LT_OQ))
             << 8);
    }
    who &= in_batch;
    std::uint32_t n = 0;
    for (; who != 0; who &= who - 1) {
      const auto l = static_cast<std::uint32_t>(__builtin_ctz(who));
      const std::uint32_t i = first + l;
      const std::size_t row = sector[i] * nations + nation[i];
      const std::uint64_t first_tie = offsets[i];
      reconsidering[n++] = {i,
                            s.model[i],
                            first_tie,
                            static_cast<std::uint32_t>(offsets[i + 1] - first_tie),
                            weight + row * M,
                            u.choice[l]};
    }
    for (std::uint32_t k = 0; k < n; ++k) choose(s, reconsidering[k], next);
  }
}

#else

bool cpu_has_avx512() {
  return false;
}

void adopt_avx512(std::uint32_t, ReplicaKey, const AdoptionParams&, const AdoptionOffer&,
                  Developers&, std::uint32_t, std::uint32_t) {}

#endif

}  // namespace blocsim::detail
