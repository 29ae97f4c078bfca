#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace shadowscale::studio {

// A fresh folder per test under the system's temporary folder, removed afterwards.
class StudioTestDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("shadowscale-studio-" + std::string(info->test_suite_name()) + "-" + info->name() +
            "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }

  // Copies a file of the repository (e.g. "docs/examples/shop-access.log") into the folder.
  std::string copyFromSource(const std::string& relative, const std::string& name) const {
    std::filesystem::copy_file(std::filesystem::path(SHADOWSCALE_SOURCE_DIR) / relative,
                               path(name));
    return path(name);
  }

  // Names of the files in the folder, sorted.
  std::string listing() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const std::string& n : names) {
      out += (out.empty() ? "" : " ") + n;
    }
    return out;
  }

  std::filesystem::path dir_;
};

}  // namespace shadowscale::studio
