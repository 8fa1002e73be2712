// SPDX-License-Identifier: MIT
#include "io/http.hpp"

#include <curl/curl.h>

namespace berth::io {

std::string http_library_version() { return curl_version(); }

}  // namespace berth::io
