// blocsim_results_equal [--ignore-metric NAME]... [--ignore-field FIELD]... A B: exit 0 when two
// results files are equal in everything but provenance (and the metrics and RunResult fields
// named), 1 when they differ (saying where first), 2 when one cannot be read. Ignoring a metric
// lets a change that adds a metric show that it left every other number as it was; ignoring
// `scenario_text` lets a change of the scenario format's spelling show the same.

#include <cstdio>
#include <cstring>
#include <exception>
#include <set>
#include <string>
#include <vector>

#include "blocsim/core/results_io.hpp"

namespace {

void drop_metrics(blocsim::v1::RunResult& results, const std::set<std::string>& names) {
  auto* metrics = results.mutable_metrics();
  for (int m = metrics->size() - 1; m >= 0; --m) {
    if (names.count(metrics->Get(m).name()) != 0) metrics->DeleteSubrange(m, 1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::set<std::string> ignored;
  std::vector<const google::protobuf::FieldDescriptor*> ignored_fields;
  int arg = 1;
  for (; arg + 1 < argc; arg += 2) {
    if (std::strcmp(argv[arg], "--ignore-metric") == 0) {
      ignored.insert(argv[arg + 1]);
    } else if (std::strcmp(argv[arg], "--ignore-field") == 0) {
      const auto* field = blocsim::v1::RunResult::descriptor()->FindFieldByName(argv[arg + 1]);
      if (field == nullptr) {
        std::fprintf(stderr, "--ignore-field: RunResult has no field %s\n", argv[arg + 1]);
        return 2;
      }
      ignored_fields.push_back(field);
    } else {
      break;
    }
  }
  if (argc - arg != 2) {
    std::fprintf(stderr,
                 "usage: blocsim_results_equal [--ignore-metric NAME]... [--ignore-field FIELD]... "
                 "A B\n");
    return 2;
  }
  try {
    auto a = blocsim::read_results(argv[arg]);
    auto b = blocsim::read_results(argv[arg + 1]);
    drop_metrics(a, ignored);
    drop_metrics(b, ignored);
    for (const auto* field : ignored_fields) {
      a.GetReflection()->ClearField(&a, field);
      b.GetReflection()->ClearField(&b, field);
    }
    if (blocsim::results_without_provenance(a) == blocsim::results_without_provenance(b)) return 0;
    for (int m = 0; m < a.metrics_size() && m < b.metrics_size(); ++m) {
      if (a.metrics(m).SerializeAsString() != b.metrics(m).SerializeAsString()) {
        std::fprintf(stderr, "first difference in metric %s\n", a.metrics(m).name().c_str());
        return 1;
      }
    }
    if (a.metrics_size() != b.metrics_size()) {
      std::fprintf(stderr, "%d metrics against %d\n", a.metrics_size(), b.metrics_size());
      return 1;
    }
    // Name the first other field that differs.
    a.clear_provenance();
    b.clear_provenance();
    const auto* type = a.GetDescriptor();
    const auto* reflect = a.GetReflection();
    for (int f = 0; f < type->field_count(); ++f) {
      const auto* field = type->field(f);
      blocsim::v1::RunResult only_a;
      blocsim::v1::RunResult only_b;
      const std::vector<const google::protobuf::FieldDescriptor*> one{field};
      reflect->SwapFields(&a, &only_a, one);
      reflect->SwapFields(&b, &only_b, one);
      if (blocsim::results_without_provenance(only_a) !=
          blocsim::results_without_provenance(only_b)) {
        std::fprintf(stderr, "results differ in %s\n", field->name().c_str());
        return 1;
      }
    }
    std::fprintf(stderr, "results differ outside the metrics\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}
