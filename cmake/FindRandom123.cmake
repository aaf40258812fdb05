# Random123 (Debian's librandom123-dev) is header-only and ships no CMake package: this module
# finds its header and defines Random123::Random123. blocsim's build uses it, and it is installed
# beside blocsimConfig.cmake so that find_package(blocsim) finds Random123 the same way.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Random123 REQUIRED_VARS RANDOM123_INCLUDE_DIR)
if(Random123_FOUND AND NOT TARGET Random123::Random123)
  add_library(Random123::Random123 INTERFACE IMPORTED)
  target_include_directories(Random123::Random123 INTERFACE ${RANDOM123_INCLUDE_DIR})
endif()
mark_as_advanced(RANDOM123_INCLUDE_DIR)
