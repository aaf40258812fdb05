# What `cmake --install build [--prefix DIR]` puts where (DIR defaults to /usr/local):
#   bin/blocsim                  the command-line program
#   lib/libblocsim_*.a           the libraries (every library target of proto/ core/ agents/
#                                policies/ scenarios/), exported as blocsim::<name without blocsim_>
#   include/blocsim/             their headers: each folder's include/ and the generated .pb.h
#   lib/cmake/blocsim/           the CMake package: find_package(blocsim) then link blocsim::scenarios
#   share/blocsim/proto/         the .proto schemas (the results format's contract)
#   share/blocsim/python/        the viz package blocsim_viz and the schemas' Python modules, where
#                                the installed `blocsim plot` finds them (BLOCSIM_INSTALL_PYTHONDIR)
# Two components: `runtime` (the program, its Python half and the schemas; what scripts/run-baseline
# installs) and `development` (libraries, headers, CMake package); without --component, both.
# tests/install/ installs into a temporary folder and uses each part from there.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(BLOCSIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/blocsim)
set(BLOCSIM_INSTALL_PYTHONDIR ${CMAKE_INSTALL_DATADIR}/blocsim/python)
# The program finds the Python half relative to its own folder, so a prefix chosen at install time
# (cmake --install --prefix) or a moved installation still works.
file(RELATIVE_PATH BLOCSIM_INSTALL_BIN_TO_PYTHONDIR /${CMAKE_INSTALL_BINDIR}
     /${BLOCSIM_INSTALL_PYTHONDIR})

# blocsim_install(): the install rules. Called once every target exists.
function(blocsim_install)
  set(libraries "")
  foreach(folder proto core agents policies scenarios)
    get_property(targets DIRECTORY ${PROJECT_SOURCE_DIR}/${folder} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "STATIC_LIBRARY")
        list(APPEND libraries ${target})
      endif()
    endforeach()
  endforeach()

  foreach(target IN LISTS libraries)
    string(REGEX REPLACE "^blocsim_" "" name ${target})
    if(NOT TARGET blocsim::${name})
      message(FATAL_ERROR "blocsim: library ${target} has no alias blocsim::${name}; add "
                          "add_library(blocsim::${name} ALIAS ${target}) beside it")
    endif()
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
    # The headers use C++20, so a project linking the library must compile as C++20 too.
    target_compile_features(${target} PUBLIC cxx_std_20)
    # Public headers: the folder's include/, and the headers protoc generated for it.
    get_target_property(source_dir ${target} SOURCE_DIR)
    get_target_property(binary_dir ${target} BINARY_DIR)
    if(IS_DIRECTORY ${source_dir}/include)
      install(DIRECTORY ${source_dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
              COMPONENT development)
    endif()
    install(DIRECTORY ${binary_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
            FILES_MATCHING PATTERN "*.pb.h" PATTERN CMakeFiles EXCLUDE)
  endforeach()
  install(TARGETS ${libraries} EXPORT blocsimTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

  install(EXPORT blocsimTargets NAMESPACE blocsim:: DESTINATION ${BLOCSIM_INSTALL_CMAKEDIR}
          COMPONENT development)
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/blocsimConfig.cmake.in
                                ${PROJECT_BINARY_DIR}/blocsimConfig.cmake
                                INSTALL_DESTINATION ${BLOCSIM_INSTALL_CMAKEDIR})
  # 0.x: a minor version may break the interface, so only the same minor version is compatible.
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/blocsimConfigVersion.cmake
                                   COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/blocsimConfig.cmake
                ${PROJECT_BINARY_DIR}/blocsimConfigVersion.cmake
                ${PROJECT_SOURCE_DIR}/cmake/FindRandom123.cmake
          DESTINATION ${BLOCSIM_INSTALL_CMAKEDIR} COMPONENT development)

  install(TARGETS blocsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/proto/ DESTINATION ${CMAKE_INSTALL_DATADIR}/blocsim/proto
          COMPONENT runtime FILES_MATCHING PATTERN "*.proto")
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/viz/blocsim_viz ${BLOCSIM_VIZ_PYTHON_DIR}/
          DESTINATION ${BLOCSIM_INSTALL_PYTHONDIR} COMPONENT runtime PATTERN __pycache__ EXCLUDE)
endfunction()
