# omnihub_module() and omnihub_test(): a static library per module, an INTERFACE target of
# its public headers, and one GoogleTest binary per module.
#
# Include boundaries are real: each module sees its own folder whole, but of the modules it
# USES only the public headers (symlinked into build/api/<name>/<name>/). Including a private
# header of another module fails to compile.

set(OMNIHUB_API_ROOT "${CMAKE_BINARY_DIR}/api")
set(OMNIHUB_OWN_ROOT "${CMAKE_BINARY_DIR}/own")
set_property(GLOBAL PROPERTY OMNIHUB_PUBLIC_HEADERS "")

# omnihub_module(name SOURCES a.cc ... [PUBLIC_HEADERS a.h ...] [USES x_api ...]
#                [EVENTS_USES y_events ...] [LIBS Foo::Foo ...] [MIGRATIONS])
# PUBLIC_HEADERS defaults to <name>.h types.h events.h when they exist.
#
# A module with an events.h also gets <name>_events: only its events.h and types.h (value
# types, no service), for the modules that subscribe to its changes. EVENTS_USES names the
# _events targets its types.h needs in turn.
function(omnihub_module name)
  cmake_parse_arguments(M "MIGRATIONS" "" "SOURCES;PUBLIC_HEADERS;USES;EVENTS_USES;LIBS" ${ARGN})
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT M_PUBLIC_HEADERS)
    foreach(h ${name}.h types.h events.h)
      if(EXISTS "${dir}/${h}")
        list(APPEND M_PUBLIC_HEADERS ${h})
      endif()
    endforeach()
  endif()

  # Public view: only the declared headers.
  file(MAKE_DIRECTORY "${OMNIHUB_API_ROOT}/${name}/${name}")
  foreach(h ${M_PUBLIC_HEADERS})
    get_filename_component(hdir "${h}" DIRECTORY)
    file(MAKE_DIRECTORY "${OMNIHUB_API_ROOT}/${name}/${name}/${hdir}")
    file(CREATE_LINK "${dir}/${h}" "${OMNIHUB_API_ROOT}/${name}/${name}/${h}" SYMBOLIC)
    set_property(GLOBAL APPEND PROPERTY OMNIHUB_PUBLIC_HEADERS "${name}/${h}|${name}_api")
  endforeach()
  # Own view: the whole folder.
  file(MAKE_DIRECTORY "${OMNIHUB_OWN_ROOT}/${name}")
  file(CREATE_LINK "${dir}" "${OMNIHUB_OWN_ROOT}/${name}/${name}" SYMBOLIC)

  add_library(${name}_api INTERFACE)
  target_include_directories(${name}_api INTERFACE "${OMNIHUB_API_ROOT}/${name}")
  target_link_libraries(${name}_api INTERFACE ${M_USES})

  if(EXISTS "${dir}/events.h")
    set(events_root "${CMAKE_BINARY_DIR}/events/${name}")
    file(MAKE_DIRECTORY "${events_root}/${name}")
    foreach(h events.h types.h)
      if(EXISTS "${dir}/${h}")
        file(CREATE_LINK "${dir}/${h}" "${events_root}/${name}/${h}" SYMBOLIC)
      endif()
    endforeach()
    add_library(${name}_events INTERFACE)
    target_include_directories(${name}_events INTERFACE "${events_root}")
    target_link_libraries(${name}_events INTERFACE core_api changes_api ${M_EVENTS_USES})
  endif()

  if(M_MIGRATIONS)
    omnihub_embed_migrations(${name} "${dir}/migrations" migrations_cc)
    list(APPEND M_SOURCES "${migrations_cc}")
  endif()

  if(M_SOURCES)
    add_library(omnihub_${name} STATIC ${M_SOURCES})
    target_include_directories(omnihub_${name} PRIVATE "${OMNIHUB_OWN_ROOT}/${name}")
    target_link_libraries(omnihub_${name} PUBLIC ${name}_api ${M_LIBS})
    foreach(u ${M_USES})
      string(REGEX REPLACE "_api$" "" used "${u}")
      if(TARGET omnihub_${used})
        target_link_libraries(omnihub_${name} PUBLIC omnihub_${used})
      endif()
    endforeach()
    target_compile_options(omnihub_${name} PRIVATE ${OMNIHUB_WARNINGS})
  endif()
endfunction()

# Turns migrations/NNNN_name.sql into a generated .cc defining <name>::Migrations().
function(omnihub_embed_migrations name sql_dir out_var)
  file(GLOB sql_files CONFIGURE_DEPENDS "${sql_dir}/*.sql")
  list(SORT sql_files)
  set(body "")
  foreach(f ${sql_files})
    get_filename_component(base "${f}" NAME_WE)
    string(REGEX MATCH "^[0-9]+" version "${base}")
    string(REGEX REPLACE "^0+" "" version "${version}")
    file(READ "${f}" sql)
    string(APPEND body "      {${version}, \"${base}\", R\"omnihub_sql(${sql})omnihub_sql\"},\n")
  endforeach()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}_migrations.cc")
  file(WRITE "${out}.tmp"
"// Generated from ${sql_dir} by omnihub_embed_migrations(); do not edit.
#include \"storage/migrations.h\"

namespace omnihub::${name} {

storage::MigrationSet Migrations() {
  return storage::MigrationSet{
    \"${name}\",
    {
${body}    }};
}

}  // namespace omnihub::${name}
")
  file(COPY_FILE "${out}.tmp" "${out}" ONLY_IF_DIFFERENT)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# omnihub_test(name SOURCES a_test.cc ... [OWN module] [USES x_api ...] [LIBS ...])
# OWN gives the test the module's private view (tests sit beside the code).
function(omnihub_test name)
  cmake_parse_arguments(T "" "OWN" "SOURCES;USES;LIBS" ${ARGN})
  add_executable(${name}_test ${T_SOURCES})
  if(T_OWN)
    target_include_directories(${name}_test PRIVATE "${OMNIHUB_OWN_ROOT}/${T_OWN}")
    if(TARGET omnihub_${T_OWN})
      target_link_libraries(${name}_test PRIVATE omnihub_${T_OWN})
    endif()
  endif()
  foreach(u ${T_USES})
    string(REGEX REPLACE "_api$" "" used "${u}")
    if(TARGET omnihub_${used})
      target_link_libraries(${name}_test PRIVATE omnihub_${used})
    else()
      target_link_libraries(${name}_test PRIVATE ${u})
    endif()
  endforeach()
  target_link_libraries(${name}_test PRIVATE omnihub_testing ${T_LIBS} GTest::gtest GTest::gmock)
  target_compile_options(${name}_test PRIVATE ${OMNIHUB_WARNINGS})
  add_test(NAME ${name} COMMAND ${name}_test --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES TIMEOUT 600)
endfunction()

# check_headers: every public header compiles alone.
function(omnihub_check_headers)
  get_property(entries GLOBAL PROPERTY OMNIHUB_PUBLIC_HEADERS)
  set(srcs "")
  set(libs "")
  foreach(e ${entries})
    string(REPLACE "|" ";" parts "${e}")
    list(GET parts 0 header)
    list(GET parts 1 lib)
    string(MAKE_C_IDENTIFIER "${header}" ident)
    set(src "${CMAKE_BINARY_DIR}/check_headers/${ident}.cc")
    file(WRITE "${src}.tmp" "#include \"${header}\"  // must compile alone\n")
    file(COPY_FILE "${src}.tmp" "${src}" ONLY_IF_DIFFERENT)
    list(APPEND srcs "${src}")
    list(APPEND libs ${lib})
  endforeach()
  list(REMOVE_DUPLICATES libs)
  add_library(check_headers OBJECT EXCLUDE_FROM_ALL ${srcs})
  target_link_libraries(check_headers PRIVATE ${libs})
  target_compile_options(check_headers PRIVATE ${OMNIHUB_WARNINGS})
endfunction()
