# Warnings and sanitizers are applied per target, never to global flags.
function(blocsim_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  # No fused multiply-adds where the source has a multiply and an add: a kernel compiled for a
  # CPU with FMA must round as the portable one does, or results would depend on the machine.
  target_compile_options(${target} PRIVATE -ffp-contract=off)
  # GCC 12 reports -Wrestrict falsely on std::string concatenation at -O3 (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(BLOCSIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  blocsim_sanitize(${target})
endfunction()

# Sanitizers also apply to generated code and tests, which get no warning flags. Every report is
# fatal (-fno-sanitize-recover=all: UndefinedBehaviorSanitizer otherwise prints and carries on, and
# the test would pass).
function(blocsim_sanitize target)
  if(BLOCSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${BLOCSIM_SANITIZE}
                                             -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
    target_link_options(${target} PRIVATE -fsanitize=${BLOCSIM_SANITIZE} -fno-sanitize-recover=all)
  endif()
endfunction()

# The sanitizers' run-time options every test runs with (an ENVIRONMENT_MODIFICATION list; empty
# without a sanitizer): stop at the first report, with a stack, and use the ThreadSanitizer
# suppressions of tests/sanitizers/tsan.supp.
set(BLOCSIM_SANITIZER_TEST_ENVIRONMENT "")
if(BLOCSIM_SANITIZE MATCHES "address")
  list(APPEND BLOCSIM_SANITIZER_TEST_ENVIRONMENT
       "ASAN_OPTIONS=set:halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1")
endif()
if(BLOCSIM_SANITIZE MATCHES "undefined")
  list(APPEND BLOCSIM_SANITIZER_TEST_ENVIRONMENT
       "UBSAN_OPTIONS=set:print_stacktrace=1:halt_on_error=1")
endif()
if(BLOCSIM_SANITIZE MATCHES "thread")
  list(APPEND BLOCSIM_SANITIZER_TEST_ENVIRONMENT
       "TSAN_OPTIONS=set:suppressions=${CMAKE_CURRENT_LIST_DIR}/../tests/sanitizers/tsan.supp:halt_on_error=1:second_deadlock_stack=1")
endif()

# blocsim_sanitizer_environment_for_tests(TEST...): gives tests added with add_test() in the
# current folder the sanitizers' run-time options.
function(blocsim_sanitizer_environment_for_tests)
  if(BLOCSIM_SANITIZER_TEST_ENVIRONMENT AND ARGN)
    set_property(TEST ${ARGN} APPEND PROPERTY ENVIRONMENT_MODIFICATION
                 ${BLOCSIM_SANITIZER_TEST_ENVIRONMENT})
  endif()
endfunction()

# blocsim_sanitizer_environment_for_gtest(TARGET): the same for the tests gtest_discover_tests()
# finds in TARGET. Their names are known only when ctest runs, so a file that ctest includes after
# the discovered tests (whose names are in ${TARGET}_TESTS) sets the property on each.
function(blocsim_sanitizer_environment_for_gtest target)
  if(NOT BLOCSIM_SANITIZER_TEST_ENVIRONMENT)
    return()
  endif()
  set(file ${CMAKE_CURRENT_BINARY_DIR}/${target}_sanitizer_environment.cmake)
  file(WRITE ${file}
       "if(${target}_TESTS)\n"
       "  set_tests_properties(\${${target}_TESTS} PROPERTIES ENVIRONMENT_MODIFICATION\n"
       "                       [==[${BLOCSIM_SANITIZER_TEST_ENVIRONMENT}]==])\n"
       "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${file})
endfunction()

# blocsim_check_warnings_as_errors(): with BLOCSIM_WARNINGS_AS_ERRORS, every target compiled from
# our own code (libraries, the program, tests, benchmarks) must have gone through
# blocsim_target_options(); configuring fails and names any that did not. Targets compiled from
# .proto files are exempt: protoc's generated code is not ours to warn about.
function(blocsim_check_warnings_as_errors)
  if(NOT BLOCSIM_WARNINGS_AS_ERRORS)
    return()
  endif()
  set(unchecked "")
  set(folders ${PROJECT_SOURCE_DIR})
  while(folders)
    list(POP_FRONT folders folder)
    get_property(subfolders DIRECTORY ${folder} PROPERTY SUBDIRECTORIES)
    list(APPEND folders ${subfolders})
    get_property(targets DIRECTORY ${folder} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
        continue()
      endif()
      get_target_property(sources ${target} SOURCES)
      list(FILTER sources INCLUDE REGEX "\\.proto$")
      get_target_property(options ${target} COMPILE_OPTIONS)
      if(NOT sources AND NOT "-Werror" IN_LIST options)
        list(APPEND unchecked ${target})
      endif()
    endforeach()
  endwhile()
  if(unchecked)
    message(FATAL_ERROR "blocsim: BLOCSIM_WARNINGS_AS_ERRORS is on but these targets are built "
                        "without -Werror; call blocsim_target_options() on them: ${unchecked}")
  endif()
endfunction()
