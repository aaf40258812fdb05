#include "blocsim/scenarios/scenario_merge.hpp"

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace blocsim {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

bool given(const Tree& tree, const FieldDescriptor* field) {
  return tree.GetLocation(field, field->is_repeated() ? 0 : -1).line >= 0;
}

void copy_scalar(Message& to, const Message& from, const FieldDescriptor* f) {
  const auto* t = to.GetReflection();
  const auto* s = from.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      t->SetInt32(&to, f, s->GetInt32(from, f));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      t->SetInt64(&to, f, s->GetInt64(from, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      t->SetUInt32(&to, f, s->GetUInt32(from, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      t->SetUInt64(&to, f, s->GetUInt64(from, f));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      t->SetDouble(&to, f, s->GetDouble(from, f));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      t->SetFloat(&to, f, s->GetFloat(from, f));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      t->SetBool(&to, f, s->GetBool(from, f));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      t->SetEnumValue(&to, f, s->GetEnumValue(from, f));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      t->SetString(&to, f, s->GetString(from, f));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
}

void append_element(Message& to, const Message& from, const FieldDescriptor* f, int i) {
  const auto* t = to.GetReflection();
  const auto* s = from.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      t->AddInt32(&to, f, s->GetRepeatedInt32(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      t->AddInt64(&to, f, s->GetRepeatedInt64(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      t->AddUInt32(&to, f, s->GetRepeatedUInt32(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      t->AddUInt64(&to, f, s->GetRepeatedUInt64(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      t->AddDouble(&to, f, s->GetRepeatedDouble(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      t->AddFloat(&to, f, s->GetRepeatedFloat(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      t->AddBool(&to, f, s->GetRepeatedBool(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      t->AddEnumValue(&to, f, s->GetRepeatedEnumValue(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      t->AddString(&to, f, s->GetRepeatedString(from, f, i));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      t->AddMessage(&to, f)->CopyFrom(s->GetRepeatedMessage(from, f, i));
      break;
  }
}

void merge_message(Message& to, const Message& from, const Tree& tree) {
  const auto* descriptor = from.GetDescriptor();
  const auto* t = to.GetReflection();
  const auto* s = from.GetReflection();
  for (int k = 0; k < descriptor->field_count(); ++k) {
    const FieldDescriptor* f = descriptor->field(k);
    if (!given(tree, f)) continue;
    if (f->is_repeated()) {
      t->ClearField(&to, f);
      for (int i = 0; i < s->FieldSize(from, f); ++i) append_element(to, from, f, i);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      // A distribution is one choice of kind: merging two kinds would make nonsense.
      const Tree* nested = tree.GetTreeForNested(f, -1);
      if (f->message_type() == v1::Distribution::descriptor() || nested == nullptr) {
        t->MutableMessage(&to, f)->CopyFrom(s->GetMessage(from, f));
      } else {
        merge_message(*t->MutableMessage(&to, f), s->GetMessage(from, f), *nested);
      }
    } else {
      copy_scalar(to, from, f);
    }
  }
}

v1::ListMode::Mode mode_of(const v1::Scenario& child, const std::string& field) {
  for (const auto& m : child.list_mode()) {
    if (m.field() == field) return m.mode();
  }
  return v1::ListMode::REPLACE;
}

// The field that identifies an element of a list: its id; an uncertain field's path.
const FieldDescriptor* key_field(const Message& element) {
  const auto* d = element.GetDescriptor();
  return d->FindFieldByName(d == v1::UncertainField::descriptor() ? "path" : "id");
}

std::string id_of(const Message& element) {
  const auto* f = key_field(element);
  return f == nullptr ? std::string() : element.GetReflection()->GetString(element, f);
}

}  // namespace

void merge_scenario(v1::Scenario& merged, const v1::Scenario& child, const Tree& tree,
                    ScenarioSource& source) {
  const auto* descriptor = v1::Scenario::descriptor();
  const auto* reflection = merged.GetReflection();
  for (int k = 0; k < descriptor->field_count(); ++k) {
    const FieldDescriptor* f = descriptor->field(k);
    if (f->name() == "extends" || f->name() == "list_mode") continue;
    if (!f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    // Every top-level list records where its elements come from, given or not.
    std::vector<int>& origin = source.list_origin[f->name()];
    std::vector<int>& counterpart = source.list_counterpart[f->name()];
    const int parent_size = reflection->FieldSize(merged, f);
    origin.clear();
    counterpart.clear();
    for (int i = 0; i < parent_size; ++i) {
      origin.push_back(-1 - i);
      counterpart.push_back(i);
    }
    if (!given(tree, f)) continue;
    const int child_size = reflection->FieldSize(child, f);
    switch (mode_of(child, f->name())) {
      case v1::ListMode::APPEND:
        for (int i = 0; i < child_size; ++i) {
          append_element(merged, child, f, i);
          origin.push_back(i);
          counterpart.push_back(-1);
        }
        break;
      case v1::ListMode::MERGE_BY_ID: {
        // The merged list's ids, each at its last position, kept as elements are appended, so
        // that merging n elements into m costs n + m lookups, not n x m comparisons.
        std::unordered_map<std::string, int> position;
        for (int j = 0; j < reflection->FieldSize(merged, f); ++j) {
          position[id_of(reflection->GetRepeatedMessage(merged, f, j))] = j;
        }
        for (int i = 0; i < child_size; ++i) {
          const Message& element = reflection->GetRepeatedMessage(child, f, i);
          const std::string id = id_of(element);
          if (key_field(element) == nullptr) {
            throw std::invalid_argument("list_mode MERGE_BY_ID: the elements of '" + f->name() +
                                        "' have no id");
          }
          const auto found = position.find(id);
          if (found != position.end()) {
            merge_message(*reflection->MutableRepeatedMessage(&merged, f, found->second), element,
                          *tree.GetTreeForNested(f, i));
            origin[static_cast<std::size_t>(found->second)] = i;
          } else {
            position[id] = reflection->FieldSize(merged, f);
            append_element(merged, child, f, i);
            origin.push_back(i);
            counterpart.push_back(-1);
          }
        }
        break;
      }
      default:
        reflection->ClearField(&merged, f);
        origin.clear();
        counterpart.clear();
        for (int i = 0; i < child_size; ++i) {
          append_element(merged, child, f, i);
          origin.push_back(i);
          counterpart.push_back(-1);
        }
        break;
    }
  }
  // Everything else: field by field.
  for (int k = 0; k < descriptor->field_count(); ++k) {
    const FieldDescriptor* f = descriptor->field(k);
    if (f->name() == "extends" || f->name() == "list_mode") continue;
    if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!given(tree, f)) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Tree* nested = tree.GetTreeForNested(f, -1);
      if (nested == nullptr) {
        reflection->MutableMessage(&merged, f)
            ->CopyFrom(child.GetReflection()->GetMessage(child, f));
      } else {
        merge_message(*reflection->MutableMessage(&merged, f),
                      child.GetReflection()->GetMessage(child, f), *nested);
      }
    } else if (f->is_repeated()) {
      reflection->ClearField(&merged, f);
      for (int i = 0; i < child.GetReflection()->FieldSize(child, f); ++i) {
        append_element(merged, child, f, i);
      }
    } else {
      copy_scalar(merged, child, f);
    }
  }
}

}  // namespace blocsim
