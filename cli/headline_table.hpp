#pragma once
// The short table `blocsim run` prints at the end: the headline metrics at a few dates, as the
// median and the 5-95% band across replicas.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "blocsim/scenarios/run_scenario.hpp"
#include "blocsim/v1/results.pb.h"

namespace blocsim::cli {

// The headline metrics, in the order they are shown: the registry's entries marked `headline`
// (scenarios/include/blocsim/scenarios/metrics_catalog.hpp); viz/'s headline figures show the
// same metrics but the regime indicator.
const std::vector<std::string>& headline_metrics();

// The metrics a table shows: the headline ones when `patterns` is empty, else, pattern by
// pattern, the names of `available` it matches (`*` and `?` as in a shell: `chips.china.*`), in
// `available`'s order and once each. Throws std::invalid_argument naming a pattern that matches
// nothing, so that a mistyped --metric is said before the run, not found empty after it.
std::vector<std::string> chosen_metrics(const std::vector<std::string>& patterns,
                                        const std::vector<std::string>& available);

// The first date, each December after it, and the last date.
std::vector<int> headline_steps(const v1::RunResult& result);

// The width the end tables are made to fit: $COLUMNS when set to a number, else the terminal's
// width when `out` is one, else 100 columns (a file, a pipe, a log).
int table_width(std::FILE* out);

// The date columns of a table, in blocks [first, last) that each fit `width` after a name column
// of `name_width` (each block at least one column): a table wider than the terminal wraps into
// blocks of dates, each with its own header, instead of running off the side.
std::vector<std::pair<int, int>> column_blocks(int columns, int name_width, int column_width,
                                               int width);

// What is wrong with a --dates month for a run over `months` (YYYY-MM each): "" if nothing,
// else the reason, with the format or the run's range, for "blocsim: error: --dates D: ...".
std::string date_problem(const std::string& date, const std::vector<std::string>& months);

// The end table: one row per metric, one column per step (`steps` indexes result.dates(); empty:
// headline_steps).
void print_headline_table(const v1::RunResult& result, std::FILE* out,
                          const std::vector<std::string>& metrics = headline_metrics(),
                          std::vector<int> steps = {});

// What fired by the end of the run (triggered events and responses, the policy.fired.* metrics):
// the mean number of fires per replica and the share of replicas in which each fired at least
// once. Prints nothing when the scenario has no triggers and no responses.
void print_fired_counts(const std::vector<FiredCount>& fired, const v1::RunResult& result,
                        std::FILE* out);

}  // namespace blocsim::cli
