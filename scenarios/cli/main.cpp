#include <CLI/CLI.hpp>
int main(int argc, char** argv) {
  CLI::App app{"blocsim"};
  app.set_version_flag("--version", "blocsim " BLOCSIM_VERSION);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
