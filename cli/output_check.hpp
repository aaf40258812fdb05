#pragma once
// What the commands check before any work: that the output can be written where asked (so that
// a long run does not end in "cannot write"), and that a seed is a seed.

#include <CLI/CLI.hpp>
#include <string>

namespace blocsim::cli {

// Why `output` cannot take a results file, or "" when it can: it must be a path, absent or a
// regular file (never a folder, device or FIFO, which a rename would replace), in an existing
// folder where a file can be created (tried by creating and removing one: permissions alone do
// not tell, root ignores them).
std::string output_problem(const std::string& output);

// Removes what an earlier writer of `output` killed mid-write left behind: OUTPUT.tmp.PID files
// (write_file_atomically) of processes that no longer exist. Returns how many it removed.
int remove_stale_temporaries(const std::string& output);

// A seed: a decimal number from 0 to 18446744073709551615, nothing else (no sign, no exponent,
// no empty string), so that no typed seed wraps round to another.
class SeedValidator : public CLI::Validator {
 public:
  SeedValidator();
};

}  // namespace blocsim::cli
