// libFuzzer target: an import file (any bytes: UTF-8, GB18030 or neither) read as `casetrail import`
// reads it. Problems are expected; a crash, a hang or a sanitizer report is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "cli/csv_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/dev/shm/casetrail-fuzz-import-" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    for (const char* encoding : {"auto", "utf-8", "gb18030"}) {
        try {
            (void)casetrail::cli::read_import_file(path, encoding);
        } catch (const std::invalid_argument&) {
        }
    }
    return 0;
}
