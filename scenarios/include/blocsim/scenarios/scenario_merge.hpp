#pragma once
// `extends`: a scenario that modifies another. The fields an extending file gives (as its text
// shows them, so that an explicit 0 or false counts) override the parent's; a message is merged
// field by field, except a Distribution, which is replaced whole; a list replaces the parent's
// unless the file's list_mode says APPEND or MERGE_BY_ID for it (top-level lists only).

#include <google/protobuf/text_format.h>

#include "blocsim/scenarios/scenario_source.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// Merges `child`, whose text has the locations `tree`, onto `merged` (which starts as the
// parent). Records in `source.list_origin` where each element of the top-level lists came from.
// Throws std::invalid_argument for a MERGE_BY_ID on a list whose elements have no id.
void merge_scenario(v1::Scenario& merged, const v1::Scenario& child,
                    const google::protobuf::TextFormat::ParseInfoTree& tree,
                    ScenarioSource& source);

}  // namespace blocsim
