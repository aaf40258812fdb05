#pragma once

#include <string>

#include <google/protobuf/descriptor.h>

namespace blocsim {

// Scenario files written before the adoption rule became an enum quote its value
// (`rule: "bass"`), which the protobuf text format refuses for an enum field. This rewrites a
// quoted identifier given to an enum field of `type` (at any depth) as the bare name, padded with
// two spaces so that every later line and column, and so every error location, stays the same.
// Anything it does not recognise is left for the parser to report.
std::string unquote_enum_values(std::string text, const google::protobuf::Descriptor& type);

}  // namespace blocsim
