# Every dependency is a Debian 12 package (scripts/setup installs them); nothing is downloaded.
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(Protobuf REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)

if(BLOCSIM_WITH_MPI)
  find_package(MPI COMPONENTS CXX)
  if(NOT MPI_CXX_FOUND)
    message(WARNING "blocsim: Open MPI not found; building for one process. Run scripts/setup.")
    set(BLOCSIM_WITH_MPI OFF)
  endif()
endif()

# Random123 is header-only and ships no CMake package: cmake/FindRandom123.cmake finds its header.
find_package(Random123 REQUIRED)

if(BLOCSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(BLOCSIM_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# viz/ and its tests need an interpreter with Debian's python3-protobuf, numpy and matplotlib;
# the python3 first on PATH may be a separate build without them, so prefer Debian's.
set(BLOCSIM_PYTHON "" CACHE FILEPATH "Python interpreter with protobuf, numpy and matplotlib")
if(NOT BLOCSIM_PYTHON)
  foreach(candidate /usr/bin/python3 python3)
    find_program(_py NAMES ${candidate} NO_CACHE)
    if(_py)
      execute_process(COMMAND ${_py} -c "import google.protobuf, numpy, matplotlib"
                      RESULT_VARIABLE _py_ok OUTPUT_QUIET ERROR_QUIET)
      if(_py_ok EQUAL 0)
        set(BLOCSIM_PYTHON ${_py} CACHE FILEPATH "Python interpreter with protobuf, numpy and matplotlib" FORCE)
        break()
      endif()
    endif()
    unset(_py)
  endforeach()
endif()
if(BLOCSIM_PYTHON)
  message(STATUS "blocsim: Python for viz/: ${BLOCSIM_PYTHON}")
else()
  message(WARNING "blocsim: no Python interpreter with protobuf, numpy and matplotlib was found; "
                  "viz/ tests are skipped. Run scripts/setup, or pass -DBLOCSIM_PYTHON=/usr/bin/python3.")
endif()
