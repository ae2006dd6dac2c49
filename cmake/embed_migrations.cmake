# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0

# Run as a script at build time: writes OUTPUT, a C++ file holding every schema/NNNN_name.sql as a string,
# so that the server binary carries its own migrations.
file(GLOB sql_files "${SCHEMA_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT sql_files)
set(body "")
foreach(f IN LISTS sql_files)
  get_filename_component(name "${f}" NAME_WE)
  string(SUBSTRING "${name}" 0 4 version)
  string(SUBSTRING "${name}" 5 -1 title)
  math(EXPR version_number "${version}")
  file(READ "${f}" sql)
  string(FIND "${sql}" ")casetrail_sql\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {${version_number}, \"${title}\", R\"casetrail_sql(${sql})casetrail_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from schema/*.sql by cmake/embed_migrations.cmake. Do not edit.\n#include \"server/store/migrations.hpp\"\n\nnamespace casetrail::store {\n\nconst std::vector<Migration>& embedded_migrations() {\n    static const std::vector<Migration> all = {\n${body}    };\n    return all;\n}\n\n}  // namespace casetrail::store\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
