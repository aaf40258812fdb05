# Warnings and sanitizers are applied per target, never to global flags.
function(blocsim_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  # GCC 12 reports -Wrestrict falsely on std::string concatenation at -O3 (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(BLOCSIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  blocsim_sanitize(${target})
endfunction()

# Sanitizers also apply to generated code and tests, which get no warning flags.
function(blocsim_sanitize target)
  if(BLOCSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${BLOCSIM_SANITIZE} -fno-omit-frame-pointer -g)
    target_link_options(${target} PRIVATE -fsanitize=${BLOCSIM_SANITIZE})
  endif()
endfunction()
