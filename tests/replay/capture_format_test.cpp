// The capture file format: checksums, round trip, torn tails, damage, version refusal.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "core/time.h"
#include "replay/capture_crc32c.h"
#include "replay/capture_format.h"
#include "replay/capture_reader.h"
#include "replay/capture_record_view.h"
#include "replay/capture_writer.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class CaptureFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-capture-format-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

capture::CaptureHeader testHeader() {
  capture::CaptureHeader h;
  h.set_start_unix_ns(804571201LL * kSecond);
  h.set_source("unit test");
  h.set_source_format("test");
  h.set_created_by("capture_format_test");
  return h;
}

capture::CaptureRecord fullRecord(int i) {
  capture::CaptureRecord r;
  r.set_arrival_ns(i * 1234567LL - 5);
  r.set_method(i % 2 ? "POST" : "GET");
  r.set_path("/users/" + std::to_string(i) + "/orders?page=" + std::to_string(i % 7));
  r.set_route("/users/{id}/orders");
  r.set_protocol("HTTP/1.1");
  auto* h = r.add_headers();
  h->set_name("user-agent");
  h->set_value("curl/8." + std::to_string(i));
  auto* h2 = r.add_headers();
  h2->set_name("content-type");
  h2->set_value("application/json");
  r.set_body_size(100 + i);
  r.set_body_hash(0xDEADBEEF00000000ULL + i);
  r.set_status(i % 5 ? 200 : 503);
  r.set_latency_ns(i * 1000 + 7);
  r.set_response_bytes(4096 + i);
  r.set_request_bytes(300 + i);
  r.set_pool(i % 3 ? "live" : "shadow");
  r.set_mirror(i % 4 == 0);
  auto* rh = r.add_response_headers();
  rh->set_name("cache-control");
  rh->set_value("no-store");
  return r;
}

// Writes n full records and returns the frame start offsets (and the end of file last).
std::vector<std::uint64_t> writeRecords(const std::string& file, int n) {
  CaptureWriter w(file, testHeader());
  for (int i = 0; i < n; ++i) {
    capture::CaptureRecord r = fullRecord(i);
    w.write(r);
  }
  w.close();
  std::vector<std::uint64_t> offsets;
  CaptureReader reader(file);
  capture::CaptureRecord r;
  while (reader.next(r)) {
    offsets.push_back(reader.lastRecordOffset());
  }
  offsets.push_back(fs::file_size(file));
  return offsets;
}

TEST(Crc32c, MatchesPublishedCheckValues) {
  // RFC 3720 B.4 and the CRC catalogue's check value for "123456789".
  EXPECT_EQ(crc32c(std::string_view("123456789")), 0xE3069283u);
  const std::string zeros(32, '\0');
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
  const std::string ones(32, '\xFF');
  EXPECT_EQ(crc32c(ones), 0x62A8AB43u);
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) {
    ascending[i] = static_cast<char>(i);
  }
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32c, HardwareAndTablePathsAgreeOnEveryLengthAndAlignment) {
  std::string data(300, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>(i * 131 + 7);
  }
  for (std::size_t start = 0; start < 9; ++start) {
    for (std::size_t len = 0; start + len <= data.size(); len += 13) {
      ASSERT_EQ(crc32c(data.data() + start, len), crc32cSoftware(data.data() + start, len))
          << "start " << start << " len " << len;
    }
  }
}

TEST(Crc32c, ContinuesAcrossPieces) {
  const std::string_view s = "the quick brown fox jumps over the lazy dog";
  EXPECT_EQ(crc32c(s.substr(17), crc32c(s.substr(0, 17))), crc32c(s));
}

TEST(Crc32c, MaskRoundTripsAndZeroPayloadHasNonZeroMaskedCrc) {
  for (std::uint32_t v : {0u, 1u, 0xE3069283u, 0xFFFFFFFFu}) {
    EXPECT_EQ(unmaskCrc(maskCrc(v)), v);
  }
  // A zero-filled tail reads as length 0 with checksum 0: the mask makes that invalid.
  EXPECT_NE(maskCrc(crc32c(std::string_view())), 0u);
}

TEST_F(CaptureFormatTest, EveryFieldRoundTrips) {
  const std::string file = path("round.capture");
  {
    CaptureWriter w(file, testHeader());
    for (int i = 0; i < 50; ++i) {
      capture::CaptureRecord r = fullRecord(i);
      w.write(r);
    }
    w.close();
    EXPECT_EQ(w.records(), 50u);
    EXPECT_EQ(w.bytes(), fs::file_size(file));
  }
  CaptureReader reader(file);
  EXPECT_EQ(reader.header().format_version(), kCaptureFormatVersion);
  EXPECT_EQ(reader.header().start_unix_ns(), 804571201LL * kSecond);
  EXPECT_EQ(reader.header().source(), "unit test");
  EXPECT_EQ(reader.header().source_format(), "test");
  EXPECT_EQ(reader.header().created_by(), "capture_format_test");
  EXPECT_FALSE(reader.header().bodies_kept());
  capture::CaptureRecord got;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(reader.next(got)) << i;
    const capture::CaptureRecord want = fullRecord(i);
    EXPECT_EQ(got.arrival_ns(), want.arrival_ns());
    EXPECT_EQ(got.method(), want.method());
    EXPECT_EQ(got.path(), want.path());
    EXPECT_EQ(got.route(), want.route());
    EXPECT_EQ(got.protocol(), want.protocol());
    ASSERT_EQ(got.headers_size(), 2);
    EXPECT_EQ(got.headers(0).name(), "user-agent");
    EXPECT_EQ(got.headers(0).value(), want.headers(0).value());
    EXPECT_EQ(got.headers(1).value(), "application/json");
    EXPECT_TRUE(got.has_body_size());
    EXPECT_EQ(got.body_size(), want.body_size());
    EXPECT_EQ(got.body_hash(), want.body_hash());
    EXPECT_EQ(got.status(), want.status());
    EXPECT_TRUE(got.has_latency_ns());
    EXPECT_EQ(got.latency_ns(), want.latency_ns());
    EXPECT_EQ(got.response_bytes(), want.response_bytes());
    EXPECT_EQ(got.request_bytes(), want.request_bytes());
    EXPECT_EQ(got.pool(), want.pool());
    EXPECT_EQ(got.mirror(), want.mirror());
    ASSERT_EQ(got.response_headers_size(), 1);
    EXPECT_EQ(got.response_headers(0).value(), "no-store");
  }
  EXPECT_FALSE(reader.next(got));
  EXPECT_FALSE(reader.tornTail().has_value());
  EXPECT_EQ(reader.recordsRead(), 50u);
}

TEST_F(CaptureFormatTest, ViewDecodesEveryFieldAsTheMessageParserDoes) {
  const std::string file = path("view.capture");
  CaptureWriterOptions options;
  options.keep_body = true;
  {
    CaptureWriter w(file, testHeader(), options);
    for (int i = 0; i < 50; ++i) {
      capture::CaptureRecord r = fullRecord(i);
      if (i % 3 == 0) {
        r.set_body("body \xff\x00 bytes " + std::to_string(i));
        r.clear_body_size();
      }
      if (i % 5 == 0) {
        r.clear_latency_ns();
      }
      w.write(r);
    }
  }
  CaptureReader by_message(file);
  CaptureReader by_view(file);
  capture::CaptureRecord message;
  CaptureRecordView view;
  capture::CaptureRecord copied;
  int n = 0;
  while (by_message.next(message)) {
    ASSERT_TRUE(by_view.next(view));
    EXPECT_EQ(view.arrival_ns, message.arrival_ns());
    EXPECT_EQ(view.path, message.path());
    EXPECT_EQ(view.headers.size(), static_cast<std::size_t>(message.headers_size()));
    EXPECT_EQ(view.latency_ns.has_value(), message.has_latency_ns());
    EXPECT_EQ(view.body, message.body());
    view.copyTo(copied);
    EXPECT_EQ(copied.SerializeAsString(), message.SerializeAsString()) << "record " << n;
    ++n;
  }
  EXPECT_FALSE(by_view.next(view));
  EXPECT_EQ(n, 50);
}

TEST(DecodeCaptureRecord, RejectsMalformedWireFormat) {
  const std::string good = fullRecord(3).SerializeAsString();
  CaptureRecordView view;
  ASSERT_TRUE(decodeCaptureRecord(good, view));
  EXPECT_FALSE(decodeCaptureRecord(good.substr(0, good.size() - 2), view));
  EXPECT_FALSE(decodeCaptureRecord(std::string("\x0b\x01", 2), view));  // a group
  EXPECT_FALSE(decodeCaptureRecord(std::string("\x12\x7f"
                                               "abc",
                                               5),
                                   view));  // overlong
}

TEST_F(CaptureFormatTest, UnknownValuesStayUnknown) {
  const std::string file = path("unknown.capture");
  {
    CaptureWriter w(file, testHeader());
    capture::CaptureRecord r;
    r.set_arrival_ns(0);
    r.set_method("GET");
    w.write(r);
  }
  CaptureReader reader(file);
  capture::CaptureRecord got;
  ASSERT_TRUE(reader.next(got));
  EXPECT_FALSE(got.has_latency_ns());
  EXPECT_FALSE(got.has_body_size());
  EXPECT_EQ(got.status(), 0u);
}

TEST_F(CaptureFormatTest, BodiesAreDroppedUnlessAskedForButSizeAndHashStay) {
  const std::string body = "{\"cart\":[1,2,3]}";
  for (bool keep : {false, true}) {
    const std::string file = path(keep ? "kept.capture" : "dropped.capture");
    CaptureWriterOptions options;
    options.keep_body = keep;
    {
      CaptureWriter w(file, testHeader(), options);
      capture::CaptureRecord r;
      r.set_method("POST");
      r.set_body(body);
      w.write(r);
    }
    EXPECT_EQ(readBytes(file).find("cart") != std::string::npos, keep);
    CaptureReader reader(file);
    EXPECT_EQ(reader.header().bodies_kept(), keep);
    capture::CaptureRecord got;
    ASSERT_TRUE(reader.next(got));
    EXPECT_EQ(got.body_size(), body.size());
    EXPECT_EQ(got.body_hash(), captureBodyHash(body));
    EXPECT_EQ(got.body(), keep ? body : "");
  }
}

TEST_F(CaptureFormatTest, EveryCutKeepsTheCompleteRecordsAndReportsTheTornTail) {
  const std::string file = path("full.capture");
  const std::vector<std::uint64_t> offsets = writeRecords(file, 6);
  const std::string bytes = readBytes(file);
  ASSERT_EQ(offsets.size(), 7u);
  const std::string cut = path("cut.capture");
  // Every length from the first record's start to the end: each complete frame is returned,
  // the incomplete one is reported at its offset.
  for (std::uint64_t len = offsets[0]; len <= bytes.size(); ++len) {
    writeBytes(cut, bytes.substr(0, len));
    CaptureReader reader(cut, 256);  // small chunks: frames also straddle chunk boundaries
    capture::CaptureRecord r;
    std::size_t complete = 0;
    while (complete + 1 < offsets.size() && offsets[complete + 1] <= len) {
      ++complete;
    }
    std::size_t got = 0;
    while (reader.next(r)) {
      EXPECT_EQ(r.SerializeAsString(), fullRecord(static_cast<int>(got)).SerializeAsString());
      ++got;
    }
    ASSERT_EQ(got, complete) << "cut at " << len;
    if (len == offsets[complete]) {
      EXPECT_FALSE(reader.tornTail().has_value()) << "cut at " << len;
    } else {
      ASSERT_TRUE(reader.tornTail().has_value()) << "cut at " << len;
      EXPECT_EQ(reader.tornTail()->offset, offsets[complete]);
      EXPECT_EQ(reader.tornTail()->bytes, len - offsets[complete]);
    }
  }
}

TEST_F(CaptureFormatTest, AKilledWriterLeavesEveryFlushedRecordReadable) {
  const std::string file = path("killed.capture");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    CaptureWriterOptions options;
    options.buffer_bytes = 1000;  // written out every few records, as a busy recorder would
    CaptureWriter w(file, testHeader(), options);
    for (int i = 0; i < 500; ++i) {
      capture::CaptureRecord r = fullRecord(i);
      w.write(r);
    }
    ::kill(::getpid(), SIGKILL);  // no close, no destructor: the buffer tail is lost
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  CaptureReader reader(file);
  capture::CaptureRecord r;
  int n = 0;
  while (reader.next(r)) {
    ASSERT_EQ(r.SerializeAsString(), fullRecord(n).SerializeAsString());
    ++n;
  }
  EXPECT_GT(n, 400);
  EXPECT_LT(n, 500);
}

TEST_F(CaptureFormatTest, ZeroFilledTailIsNotARecord) {
  const std::string file = path("zeros.capture");
  const std::vector<std::uint64_t> offsets = writeRecords(file, 3);
  std::string bytes = readBytes(file);
  bytes.append(64, '\0');
  writeBytes(file, bytes);
  CaptureReader reader(file);
  capture::CaptureRecord r;
  int n = 0;
  try {
    while (reader.next(r)) {
      ++n;
    }
    FAIL() << "a zero-filled tail was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(n, 3);
    EXPECT_NE(std::string(e.what()).find("byte " + std::to_string(offsets[3])), std::string::npos)
        << e.what();
  }
}

TEST_F(CaptureFormatTest, DamagedRecordIsNeverReturnedAndTheErrorNamesItsOffset) {
  const std::string file = path("damaged.capture");
  const std::vector<std::uint64_t> offsets = writeRecords(file, 5);
  const std::string good = readBytes(file);
  // Flip one bit in each byte of the third record's frame in turn (length, payload, checksum).
  for (std::uint64_t at = offsets[2]; at < offsets[3]; ++at) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    writeBytes(file, bad);
    CaptureReader reader(file);
    capture::CaptureRecord r;
    int n = 0;
    try {
      while (reader.next(r)) {
        ASSERT_LT(n, 2) << "a damaged record was returned (byte " << at << ")";
        EXPECT_EQ(r.SerializeAsString(), fullRecord(n).SerializeAsString());
        ++n;
      }
      // A damaged length can make the frame run past the end: then it reads as a torn tail,
      // still never as a record.
      ASSERT_TRUE(reader.tornTail().has_value()) << "byte " << at;
      EXPECT_EQ(reader.tornTail()->offset, offsets[2]);
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(file + ": byte " + std::to_string(offsets[2])), std::string::npos)
          << what;
      EXPECT_NE(what.find("record 3"), std::string::npos) << what;
    }
    EXPECT_EQ(n, 2) << "byte " << at;
  }
}

TEST_F(CaptureFormatTest, ChecksumMismatchMessageSaysDamaged) {
  const std::string file = path("flip.capture");
  const std::vector<std::uint64_t> offsets = writeRecords(file, 2);
  std::string bytes = readBytes(file);
  bytes[offsets[1] - 6] ^= 0x01;  // inside the first record's payload
  writeBytes(file, bytes);
  CaptureReader reader(file);
  capture::CaptureRecord r;
  try {
    reader.next(r);
    FAIL() << "damage not detected";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("checksum mismatch"), std::string::npos) << e.what();
  }
}

// A header frame as a newer writer would make it: same magic and framing, higher version.
std::string fileWithVersion(std::uint32_t version) {
  capture::CaptureHeader h = testHeader();
  h.set_format_version(version);
  const std::string payload = h.SerializeAsString();
  std::string bytes(kCaptureMagic);
  bytes.push_back(static_cast<char>(payload.size()));  // < 128: a one-byte varint
  bytes += payload;
  const std::uint32_t crc = maskCrc(crc32c(payload));
  for (int i = 0; i < 4; ++i) {
    bytes.push_back(static_cast<char>(crc >> (8 * i)));
  }
  return bytes;
}

TEST_F(CaptureFormatTest, NewerFormatVersionIsRefusedWithAClearMessage) {
  const std::string file = path("future.capture");
  writeBytes(file, fileWithVersion(kCaptureFormatVersion + 1));
  try {
    CaptureReader reader(file);
    FAIL() << "a newer version was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file), std::string::npos) << what;
    EXPECT_NE(what.find("version " + std::to_string(kCaptureFormatVersion + 1) +
                        " is newer than this build reads"),
              std::string::npos)
        << what;
  }
  // The same bytes with the current version read fine: the refusal is the version's doing.
  writeBytes(file, fileWithVersion(kCaptureFormatVersion));
  CaptureReader reader(file);
  capture::CaptureRecord r;
  EXPECT_FALSE(reader.next(r));
}

TEST_F(CaptureFormatTest, NotACaptureIsRefused) {
  const std::string file = path("access.log");
  writeBytes(file, "127.0.0.1 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1\n");
  EXPECT_THROW(CaptureReader reader(file), InputError);
  writeBytes(file, "");
  EXPECT_THROW(CaptureReader reader(file), InputError);
  EXPECT_THROW(CaptureReader reader(path("missing.capture")), InputError);
}

TEST_F(CaptureFormatTest, HeaderCutOffIsRefusedButAnEmptyCaptureReads) {
  const std::string file = path("empty.capture");
  { CaptureWriter w(file, testHeader()); }
  const std::string bytes = readBytes(file);
  {
    CaptureReader reader(file);
    capture::CaptureRecord r;
    EXPECT_FALSE(reader.next(r));
    EXPECT_FALSE(reader.tornTail().has_value());
  }
  writeBytes(file, bytes.substr(0, bytes.size() - 1));
  try {
    CaptureReader reader(file);
    FAIL() << "a cut-off header was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("header is cut off"), std::string::npos) << e.what();
  }
}

TEST_F(CaptureFormatTest, ReaderMemoryStaysAtTheChunkSizeWhateverTheFileLength) {
  const std::string file = path("long.capture");
  constexpr std::size_t kChunk = 4096;
  {
    CaptureWriter w(file, testHeader());
    for (int i = 0; i < 20000; ++i) {
      capture::CaptureRecord r = fullRecord(i);
      w.write(r);
    }
  }
  ASSERT_GT(fs::file_size(file), 100 * kChunk);
  CaptureReader reader(file, kChunk);
  capture::CaptureRecord r;
  int n = 0;
  while (reader.next(r)) {
    ASSERT_LE(reader.bufferCapacity(), kChunk);
    ++n;
  }
  EXPECT_EQ(n, 20000);
}

TEST_F(CaptureFormatTest, RecordLargerThanAChunkReadsAndTheBufferShrinksAfter) {
  const std::string file = path("big.capture");
  constexpr std::size_t kChunk = 1024;
  const std::string big(100 * kChunk, 'x');
  CaptureWriterOptions options;
  options.keep_body = true;
  {
    CaptureWriter w(file, testHeader(), options);
    for (int i = 0; i < 3; ++i) {
      capture::CaptureRecord r = fullRecord(i);
      if (i == 1) {
        r.set_body(big);
      }
      w.write(r);
    }
  }
  CaptureReader reader(file, kChunk);
  capture::CaptureRecord r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.body(), big);
  ASSERT_TRUE(reader.next(r));
  EXPECT_LE(reader.bufferCapacity(), kChunk);
  EXPECT_FALSE(reader.next(r));
}

TEST_F(CaptureFormatTest, RewindReadsTheSameRecordsAgain) {
  const std::string file = path("rewind.capture");
  writeRecords(file, 10);
  CaptureReader reader(file, 128);
  capture::CaptureRecord r;
  int first = 0;
  while (reader.next(r)) {
    ++first;
  }
  reader.rewind();
  int second = 0;
  while (reader.next(r)) {
    EXPECT_EQ(r.arrival_ns(), fullRecord(second).arrival_ns());
    ++second;
  }
  EXPECT_EQ(first, 10);
  EXPECT_EQ(second, 10);
}

}  // namespace
}  // namespace shadowscale
