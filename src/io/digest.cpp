// SPDX-License-Identifier: MIT
#include "io/digest.hpp"

#include <openssl/evp.h>

#include "core/error.hpp"

namespace berth::io {

std::string sha256_digest(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &length, EVP_sha256(), nullptr) != 1) {
    throw Error("sha256 failed");
  }
  static const char k_hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 15];
  }
  return out;
}

}  // namespace berth::io
