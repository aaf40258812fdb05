#pragma once
// Output files appear whole or not at all: the bytes go to a temporary file beside the target,
// which is flushed and then renamed over it. An interrupted or failed run leaves no partial file.

#include <filesystem>
#include <string_view>

namespace blocsim {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace blocsim
