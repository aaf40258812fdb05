// blocsim_fuzz_replay FILE...: feeds each file to the fuzz target's entry point (scenario_fuzz.cpp)
// and reports how many it read. A crash, hang or stray exception shows as the test failing, with
// the file named on stderr before it is fed.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  int read = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "blocsim_fuzz_replay: cannot read %s\n", argv[i]);
      return 2;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s\n", argv[i]);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++read;
  }
  std::printf("%d inputs read, none crashed\n", read);
  return 0;
}
