#pragma once
// The short table `blocsim run` prints at the end: the headline metrics at a few dates, as the
// median and the 5-95% band across replicas.

#include <cstdio>
#include <string>
#include <vector>

#include "blocsim/v1/results.pb.h"

namespace blocsim::cli {

// The headline metrics, in the order they are shown (also the order of viz/'s headline figures).
const std::vector<std::string>& headline_metrics();

// The first date, each December after it, and the last date.
std::vector<int> headline_steps(const v1::RunResult& result);

void print_headline_table(const v1::RunResult& result, std::FILE* out);

}  // namespace blocsim::cli
