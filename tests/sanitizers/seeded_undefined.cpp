// A signed integer overflow, decided at run time. An UndefinedBehaviorSanitizer build must report
// it and stop with a failure status (-fno-sanitize-recover=all): a report that only prints would
// let a test with undefined behaviour pass.
#include <climits>
#include <cstdio>
#include <cstdlib>

int main(int argc, char**) {
  volatile int big = INT_MAX - 1 + argc;  // INT_MAX with no arguments
  const int sum = big + 1;                // overflows
  std::printf("%d\n", sum);
  return 0;
}
