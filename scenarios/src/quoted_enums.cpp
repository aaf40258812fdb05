#include "quoted_enums.hpp"

#include <cctype>
#include <vector>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace blocsim {
namespace {

namespace pb = google::protobuf;
using Token = pb::io::Tokenizer;

class IgnoreErrors : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string&) override {}
};

// The tokenizer counts a tab as reaching the next multiple of 8; the byte offset of a token
// follows the same rule along its line.
std::size_t offset_of(const std::string& text, const std::vector<std::size_t>& line_start, int line,
                      int column) {
  std::size_t at = line_start[static_cast<std::size_t>(line)];
  for (int c = 0; c < column && at < text.size(); ++at)
    c = text[at] == '\t' ? c + 8 - c % 8 : c + 1;
  return at;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (const char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string unquote_enum_values(std::string text, const pb::Descriptor& type) {
  std::vector<std::size_t> line_start{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_start.push_back(i + 1);
  }
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  IgnoreErrors ignore;
  Token tokens(&input, &ignore);
  tokens.set_comment_style(Token::SH_COMMENT_STYLE);
  tokens.set_allow_f_after_float(true);
  tokens.set_require_space_after_number(false);
  tokens.set_allow_multiline_strings(true);

  // Where the walk is: inside which message, after which field name, expecting what.
  enum class Expect { kName, kAfterName, kValue, kListValue };
  struct Frame {
    const pb::Descriptor* type;
    const pb::FieldDescriptor* field;  // the parent's field this message is the value of
    bool in_list;
  };
  std::vector<Frame> stack{{&type, nullptr, false}};
  const pb::FieldDescriptor* field = nullptr;
  Expect expect = Expect::kName;
  std::vector<std::pair<std::size_t, std::size_t>> rewrites;  // offset, length of a quoted name

  const auto open = [&](bool in_list) {
    const pb::Descriptor* inner = field != nullptr ? field->message_type() : nullptr;
    stack.push_back({inner, field, in_list});
    field = nullptr;
    expect = Expect::kName;
  };
  const auto value = [&](const Token::Token& t) {
    if (t.type != Token::TYPE_STRING || field == nullptr || field->enum_type() == nullptr) return;
    if (t.text.size() < 2 || !is_identifier(t.text.substr(1, t.text.size() - 2))) return;
    rewrites.emplace_back(offset_of(text, line_start, t.line, t.column), t.text.size());
  };

  while (tokens.Next()) {
    const Token::Token& t = tokens.current();
    const bool opens = t.text == "{" || t.text == "<";
    const bool closes = t.text == "}" || t.text == ">";
    switch (expect) {
      case Expect::kName:
        if (t.type == Token::TYPE_IDENTIFIER) {
          const pb::Descriptor* in = stack.back().type;
          field = in != nullptr ? in->FindFieldByName(t.text) : nullptr;
          expect = Expect::kAfterName;
        } else if (closes && stack.size() > 1) {
          field = stack.back().field;
          expect = stack.back().in_list ? Expect::kListValue : Expect::kName;
          stack.pop_back();
        }
        break;
      case Expect::kAfterName:
        if (t.text == ":") {
          expect = Expect::kValue;
        } else if (opens) {
          open(false);
        } else {
          expect = Expect::kName;
        }
        break;
      case Expect::kValue:
        if (t.text == "[") {
          expect = Expect::kListValue;
        } else if (opens) {
          open(false);
        } else if (t.text != "-") {
          value(t);
          expect = Expect::kName;
        }
        break;
      case Expect::kListValue:
        if (t.text == "]") {
          expect = Expect::kName;
        } else if (opens) {
          open(true);
        } else if (t.text != "," && t.text != "-") {
          value(t);
        }
        break;
    }
  }
  for (const auto& [at, length] : rewrites) {
    if (at + length > text.size() || (text[at] != '"' && text[at] != '\'')) continue;
    text.replace(at, length, text.substr(at + 1, length - 2) + "  ");
  }
  return text;
}

}  // namespace blocsim
