// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
