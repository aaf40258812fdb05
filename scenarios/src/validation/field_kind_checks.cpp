// The rules every field of a kind obeys, wherever it sits in the scenario: a number is finite and
// within ±kLargestNumber (no quantity of the model comes near it, and beyond it sums of a
// replica's months overflow to infinity), and a string is valid UTF-8 (results files and JSON
// carry the ids and names). One walk over the message by reflection applies them, so no field
// can be forgotten. Limits: docs/SCENARIOS.md, "Limits".
#include <cmath>
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include "checks.hpp"

namespace blocsim::validation {
namespace {

namespace pb = google::protobuf;

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + extra >= n) return false;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      const unsigned low = k == 1 ? lo : 0x80;
      const unsigned high = k == 1 ? hi : 0xBF;
      if (b < low || b > high) return false;
    }
    i += extra + 1;
  }
  return true;
}

void check_number(Checker& check, const Node& node, const char* field, double v, int index) {
  if (!std::isfinite(v)) {
    check.error(node, field, "is " + Checker::number(v) + "; a number must be finite", index);
  } else if (std::abs(v) > kLargestNumber) {
    check.error(node, field,
                "is " + Checker::number(v) + "; numbers in a scenario must lie within ±" +
                    Checker::number(kLargestNumber),
                index);
  }
}

void walk(Checker& check, const Node& node) {
  const pb::Message& m = *node.message;
  const pb::Reflection& r = *m.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  r.ListFields(m, &fields);
  for (const pb::FieldDescriptor* f : fields) {
    const char* name = f->name().c_str();
    const int count = f->is_repeated() ? r.FieldSize(m, f) : 1;
    for (int k = 0; k < count; ++k) {
      const int index = f->is_repeated() ? k : -1;
      switch (f->cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_DOUBLE:
          check_number(check, node, name,
                       f->is_repeated() ? r.GetRepeatedDouble(m, f, k) : r.GetDouble(m, f), index);
          break;
        case pb::FieldDescriptor::CPPTYPE_FLOAT:
          check_number(check, node, name,
                       f->is_repeated() ? r.GetRepeatedFloat(m, f, k) : r.GetFloat(m, f), index);
          break;
        case pb::FieldDescriptor::CPPTYPE_STRING: {
          std::string scratch;
          const std::string& s = f->is_repeated() ? r.GetRepeatedStringReference(m, f, k, &scratch)
                                                  : r.GetStringReference(m, f, &scratch);
          if (!valid_utf8(s)) check.error(node, name, "is not valid UTF-8", index);
          break;
        }
        case pb::FieldDescriptor::CPPTYPE_MESSAGE:
          walk(check,
               check.child(node,
                           f->is_repeated() ? r.GetRepeatedMessage(m, f, k) : r.GetMessage(m, f),
                           name, index));
          break;
        default:
          break;
      }
    }
  }
}

}  // namespace

void check_field_kinds(Checker& check, const v1::Scenario& s) {
  walk(check, Node{&s, ""});
}

}  // namespace blocsim::validation
