// SPDX-License-Identifier: MIT
#include "io/digest.hpp"

#include <openssl/evp.h>

#include "core/error.hpp"

namespace berth::io {

std::string digest_of(std::string_view algorithm, std::string_view bytes) {
  const EVP_MD* md_type = algorithm == "sha256"   ? EVP_sha256()
                          : algorithm == "sha512" ? EVP_sha512()
                                                  : nullptr;
  if (md_type == nullptr) {
    throw Error("unsupported digest algorithm \"" + std::string(algorithm.substr(0, 16)) + "\"");
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &length, md_type, nullptr) != 1) {
    throw Error(std::string(algorithm) + " failed");
  }
  static const char k_hex[] = "0123456789abcdef";
  std::string out = std::string(algorithm) + ":";
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 15];
  }
  return out;
}

std::string sha256_digest(std::string_view bytes) { return digest_of("sha256", bytes); }

}  // namespace berth::io
