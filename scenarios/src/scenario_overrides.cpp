#include "blocsim/scenarios/scenario_overrides.hpp"

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace blocsim {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string field_names(const google::protobuf::Descriptor* d) {
  std::string names;
  for (int i = 0; i < d->field_count(); ++i) names += (i ? ", " : "") + d->field(i)->name();
  return names;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      parts.push_back(path.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  return parts;
}

std::string whole_number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size();
}

// Sets `field` of `message` from text; returns an error message or "".
std::string set_scalar(Message& message, const FieldDescriptor* f, const std::string& value) {
  const auto* r = message.GetReflection();
  double number = 0.0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      if (!parse_double(value, number)) return "'" + value + "' is not a number";
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE)
        r->SetDouble(&message, f, number);
      else
        r->SetFloat(&message, f, static_cast<float>(number));
      return "";
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      const bool is_unsigned = f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                               f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64;
      // The type's range first: a cast out of it is undefined, and a wrapped value is another.
      const double most = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32    ? 2147483647.0
                          : f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ? 4294967295.0
                                                                             : 9.0e18;
      const double least = is_unsigned ? 0.0 : -most - 1.0;
      if (parse_double(value, number) && (number > most || number < least)) {
        return "'" + value + "' is out of the field's range [" + whole_number_text(least) + ", " +
               whole_number_text(most) + "]";
      }
      if (!parse_double(value, number) ||
          number != static_cast<double>(static_cast<long long>(number)) ||
          (is_unsigned && number < 0)) {
        return "'" + value + "' is not " +
               (is_unsigned ? "a whole number 0 or more" : "a whole number");
      }
      const auto whole = static_cast<long long>(number);
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          r->SetInt32(&message, f, static_cast<std::int32_t>(whole));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->SetInt64(&message, f, whole);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          r->SetUInt32(&message, f, static_cast<std::uint32_t>(whole));
          break;
        default:
          r->SetUInt64(&message, f, static_cast<std::uint64_t>(whole));
          break;
      }
      return "";
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (value != "true" && value != "false") return "'" + value + "' is not true or false";
      r->SetBool(&message, f, value == "true");
      return "";
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(&message, f, value);
      return "";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* v = f->enum_type()->FindValueByName(value);
      if (v == nullptr) {
        std::string allowed;
        for (int i = 1; i < f->enum_type()->value_count(); ++i) {
          allowed += (i > 1 ? ", " : "") + f->enum_type()->value(i)->name();
        }
        return "'" + value + "' is not one of " + allowed;
      }
      r->SetEnum(&message, f, v);
      return "";
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "is not a scalar field";
}

// Walks `path` to the field it names: `message` receives the message holding it and `f` the field.
// Returns an error message or "". `field` receives the path of the field as validation names it
// (list elements by index, e.g. "market.leakage[0].rate").
std::string resolve(v1::Scenario& scenario, const std::string& path, Message*& message,
                    const FieldDescriptor*& f, std::string& field) {
  message = &scenario;
  f = nullptr;
  field.clear();
  const std::vector<std::string> parts = split(path);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string name = parts[i];
    int index = -1;
    const std::size_t bracket = name.find('[');
    if (bracket != std::string::npos && name.back() == ']') {
      index = std::atoi(name.c_str() + bracket + 1);
      name.resize(bracket);
    }
    const auto* descriptor = message->GetDescriptor();
    f = descriptor->FindFieldByName(name);
    if (f == nullptr) {
      return "'" + name + "' is not a field of " + descriptor->name() +
             " (fields: " + field_names(descriptor) + ")";
    }
    const auto* r = message->GetReflection();
    const bool last = i + 1 == parts.size();
    field += (field.empty() ? "" : ".") + name;
    if (f->is_repeated()) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE)
        return "'" + name + "' is a list, not a scalar";
      if (index < 0) {
        // The next part is an element's id.
        if (last) return "'" + name + "' is a list: name an element by its id or [index]";
        const std::string id = parts[++i];
        std::string ids;
        for (int k = 0; k < r->FieldSize(*message, f); ++k) {
          Message* element = r->MutableRepeatedMessage(message, f, k);
          const auto* id_field = element->GetDescriptor()->FindFieldByName("id");
          if (id_field == nullptr) return "the elements of '" + name + "' have no id; use [index]";
          const std::string element_id = element->GetReflection()->GetString(*element, id_field);
          if (element_id == id) index = k;
          ids += (k ? ", " : "") + element_id;
        }
        if (index < 0) return "no element of '" + name + "' has id '" + id + "' (ids: " + ids + ")";
      } else if (index >= r->FieldSize(*message, f)) {
        return "'" + name + "' has " + std::to_string(r->FieldSize(*message, f)) +
               " elements, no [" + std::to_string(index) + "]";
      }
      message = r->MutableRepeatedMessage(message, f, index);
      field += "[" + std::to_string(index) + "]";
      if (i + 1 == parts.size()) return "names a whole element; name one of its fields";
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !last) {
      message = r->MutableMessage(message, f);
      continue;
    }
    if (!last) return "'" + name + "' is a scalar and has no field '" + parts[i + 1] + "'";
    return "";
  }
  return "names no field";
}

// Applies one override; returns an error message or "". `field` as for resolve().
std::string apply_one(v1::Scenario& scenario, const std::string& path, const std::string& value,
                      std::string& field) {
  Message* message = nullptr;
  const FieldDescriptor* f = nullptr;
  if (std::string error = resolve(scenario, path, message, f, field); !error.empty()) return error;
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    Message* nested = message->GetReflection()->MutableMessage(message, f);
    // An uncertain parameter set from the command line becomes that fixed value.
    if (f->message_type() == v1::Distribution::descriptor()) {
      double number = 0.0;
      if (!parse_double(value, number)) return "'" + value + "' is not a number";
      static_cast<v1::Distribution*>(nested)->set_fixed(number);
      return "";
    }
    return "'" + f->name() + "' is a message; name one of its fields (" +
           field_names(f->message_type()) + ")";
  }
  return set_scalar(*message, f, value);
}

}  // namespace

std::vector<AppliedOverride> apply_overrides(v1::Scenario& scenario,
                                             const std::vector<std::string>& overrides) {
  std::vector<Diagnostic> errors;
  std::vector<AppliedOverride> applied;
  for (const auto& o : overrides) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      errors.push_back({"--set", 0, 0, o, "write PATH=VALUE, e.g. market.leakage.hubs.rate=0.1"});
      continue;
    }
    const std::string path = o.substr(0, eq);
    // extends and list_mode act while files are read, before overrides apply: setting them
    // here would be ignored, so it is refused.
    if (path == "extends" || path.rfind("list_mode", 0) == 0) {
      errors.push_back({"--set", 0, 0, path,
                        "cannot be set with --set (it acts while the files are read); write a "
                        "scenario file with `" +
                            path + "` instead"});
      continue;
    }
    std::string field;
    const std::string message = apply_one(scenario, path, o.substr(eq + 1), field);
    if (!message.empty())
      errors.push_back({"--set", 0, 0, path, message});
    else
      applied.push_back({std::move(field), o});
  }
  if (!errors.empty()) throw ScenarioError(std::move(errors));
  return applied;
}

const AppliedOverride* override_of(const std::vector<AppliedOverride>& applied,
                                   const std::string& path) {
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    const std::string& field = it->field;
    if (path.compare(0, field.size(), field) != 0) continue;
    if (path.size() == field.size() || path[field.size()] == '.' || path[field.size()] == '[')
      return &*it;
  }
  return nullptr;
}

std::string find_numeric_field(v1::Scenario& scenario, const std::string& path, NumericField& out) {
  Message* message = nullptr;
  const FieldDescriptor* f = nullptr;
  if (std::string error = resolve(scenario, path, message, f, out.path); !error.empty())
    return error;
  if (f->containing_type() == v1::RunSettings::descriptor())
    return "'" + f->name() + "' is a run setting; run settings cannot be uncertain";
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      out.message = message;
      out.field = f;
      return "";
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (f->message_type() == v1::Distribution::descriptor())
        return "'" + f->name() + "' is already a distribution; give it one there instead";
      return "'" + f->name() + "' is a message, not a numeric field";
    case FieldDescriptor::CPPTYPE_BOOL:
    case FieldDescriptor::CPPTYPE_STRING:
    case FieldDescriptor::CPPTYPE_ENUM:
      break;
  }
  return "'" + f->name() + "' is a " + f->cpp_type_name() + " field, not a numeric one";
}

double set_numeric_field(const NumericField& target, double value) {
  Message& m = *target.message;
  const FieldDescriptor* f = target.field;
  const auto* r = m.GetReflection();
  // Integers take the nearest whole number their type holds.
  const auto whole = [&](double lo, double hi) {
    return std::isnan(value) ? 0.0 : std::clamp(std::nearbyint(value), lo, hi);
  };
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
      r->SetDouble(&m, f, value);
      return value;
    case FieldDescriptor::CPPTYPE_FLOAT: {
      constexpr double most = FLT_MAX;
      const auto v = static_cast<float>(std::clamp(value, -most, most));
      r->SetFloat(&m, f, v);
      return v;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      const double v = whole(-2147483648.0, 2147483647.0);
      r->SetInt32(&m, f, static_cast<std::int32_t>(v));
      return v;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const double v = whole(0.0, 4294967295.0);
      r->SetUInt32(&m, f, static_cast<std::uint32_t>(v));
      return v;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      // 2^63 itself does not fit; the largest double below it does.
      const double v = whole(-9223372036854775808.0, 9223372036854774784.0);
      r->SetInt64(&m, f, static_cast<std::int64_t>(v));
      return v;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const double v = whole(0.0, 18446744073709549568.0);
      r->SetUInt64(&m, f, static_cast<std::uint64_t>(v));
      return v;
    }
    default:
      break;
  }
  return value;
}

}  // namespace blocsim
