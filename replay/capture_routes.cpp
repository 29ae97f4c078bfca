#include "replay/capture_routes.h"

#include <algorithm>
#include <stdexcept>

#include <boost/regex.hpp>

#include "core/input_error.h"

namespace shadowscale {

// Boost.Regex rather than std::regex: libstdc++'s matcher recurses once per character, so a rule
// such as "^GET /a.*$" overflowed the stack on a 30 KB path; Boost's perl_matcher keeps its
// backtracking state on the heap and throws when a match gets too complex instead.
struct RouteNamer::CompiledRegex {
  boost::regex regex;
};

RouteNamer::Rule::Rule() = default;
RouteNamer::Rule::~Rule() = default;
RouteNamer::Rule::Rule(Rule&&) noexcept = default;
RouteNamer::Rule& RouteNamer::Rule::operator=(Rule&&) noexcept = default;

namespace {

// ECMAScript's meaning, which the rules had with std::regex: '^' and '$' only at the ends of the
// text (not at newlines) and '.' not matching a newline; Boost's Perl syntax is otherwise the same
// for what ECMAScript accepts.
constexpr boost::regex::flag_type kRegexSyntax =
    boost::regex::ECMAScript | boost::regex::no_mod_m | boost::regex::no_mod_s;

// At most this much of a request is quoted in a message: the paths that need a bounded matcher
// are the long ones.
constexpr std::size_t kQuotedRequestLimit = 120;

// Why Boost.Regex gave up on a match, from its message: its own words ("Ran out of stack space")
// would suggest a crash, while it is the bound on the memory it keeps on the heap.
std::string whyMatchFailed(std::string_view boost_message) {
  if (boost_message.find("stack space") != std::string_view::npos) {
    return "the match needed more backtracking memory than Boost.Regex allows";
  }
  if (boost_message.find("complexity") != std::string_view::npos) {
    return "the match took more steps than Boost.Regex allows";
  }
  const std::size_t end = boost_message.find('.');
  return std::string(boost_message.substr(0, end));
}

std::string quotedRequest(std::string_view request) {
  if (request.size() <= kQuotedRequestLimit) {
    return "'" + std::string(request) + "'";
  }
  return "'" + std::string(request.substr(0, kQuotedRequestLimit)) + "...' (" +
         std::to_string(request.size()) + " characters)";
}

constexpr std::size_t kRouteCacheLimit = 1 << 16;
// Longer requests are named afresh each time: logs repeat short paths, and caching 100 KB URLs
// would let the cache's 65,536 entries grow to gigabytes.
constexpr std::size_t kCachedRequestLimit = 1024;
// Longest regex a rule may have. Boost.Regex bounds a match's work by about the square of the
// pattern's size times the request's length, so that bound only protects short patterns: a
// 5,000-character pattern with a nested repeat ran 49 s on four requests (found by fuzzing),
// 1,024 characters 2.4 s, 256 characters 0.18 s. Route regexes people write are far shorter.
constexpr std::size_t kMaxRegexLength = 256;

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isUuid(std::string_view s) {
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !isHex(s[i])) {
      return false;
    }
  }
  return true;
}

bool isIdentifier(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  bool all_digits = true;
  bool all_hex = true;
  bool any_digit = false;
  for (char c : s) {
    const bool d = isDigit(c);
    all_digits = all_digits && d;
    any_digit = any_digit || d;
    all_hex = all_hex && isHex(c);
  }
  // Words such as "deadbeef" or "facade" are hex too: a digit among 8+ hex characters tells an
  // identifier (a hash, an object id) from a word.
  return all_digits || (all_hex && any_digit && s.size() >= 8) || isUuid(s);
}

// The path part of a target: no scheme or host, no query, no fragment.
std::string_view pathOf(std::string_view target) {
  if (target.size() > 7 && target[0] != '/') {
    const std::size_t scheme = target.find("://");
    if (scheme != std::string_view::npos && scheme < 16) {
      const std::size_t slash = target.find('/', scheme + 3);
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  std::size_t end = 0;
  while (end < target.size() && target[end] != '?' && target[end] != '#') {
    ++end;
  }
  return target.substr(0, end);
}

void splitSegments(std::string_view path, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t pos = path.empty() || path[0] != '/' ? 0 : 1;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) {
      slash = path.size();
    }
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
}

}  // namespace

void deriveRouteTemplate(std::string_view target, std::string& out) {
  const std::string_view path = pathOf(target);
  // Every identifier holds a digit but a UUID of letters only, which needs 36 characters: a
  // shorter path without digits is its own template.
  if (path.size() < 36 &&
      std::none_of(path.begin(), path.end(), [](char c) { return isDigit(c); })) {
    out.assign(path);
    return;
  }
  out.clear();
  // One pass: copy each segment, then take it back out if it turned out to be an identifier.
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') {
      continue;
    }
    const std::string_view segment = path.substr(start, i - start);
    if (isIdentifier(segment)) {
      out.append("{id}");
    } else {
      out.append(segment);
    }
    if (i < path.size()) {
      out.push_back('/');
    }
    start = i + 1;
  }
}

std::string deriveRouteTemplate(std::string_view target) {
  std::string out;
  deriveRouteTemplate(target, out);
  return out;
}

RouteNamer::RouteNamer(const std::vector<std::string>& rules) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string& text = rules[i];
    const std::string where = "--route " + std::to_string(i + 1) + " '" + text + "'";
    Rule rule;
    rule.where = where;
    const std::size_t space = text.find(' ');
    const bool template_form = text.find('=') == std::string::npos && space != std::string::npos &&
                               space > 0 && space + 1 < text.size() && text[space + 1] == '/';
    if (template_form) {
      rule.method = text.substr(0, space);
      for (char c : rule.method) {
        if (!((c >= 'A' && c <= 'Z') || c == '*')) {
          throw InputError(where + ": the method must be upper case letters or *");
        }
      }
      const std::string tmpl = text.substr(space + 1);
      if (tmpl.find_first_of(" ?#") != std::string::npos) {
        throw InputError(where + ": a template has no spaces, query or fragment");
      }
      std::vector<std::string_view> segments;
      splitSegments(tmpl, segments);
      for (std::size_t s = 0; s < segments.size(); ++s) {
        if (segments[s] == "*" && s + 1 != segments.size()) {
          throw InputError(where + ": * may only be the last segment");
        }
        rule.segments.emplace_back(segments[s]);
      }
      rule.name = tmpl;
    } else {
      const std::size_t eq = text.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw InputError(where +
                         ": expected 'METHOD /template' (e.g. 'POST /checkout') or 'NAME=REGEX'");
      }
      rule.name = text.substr(0, eq);
      if (text.size() - eq - 1 > kMaxRegexLength) {
        throw InputError("--route " + std::to_string(i + 1) + " '" + text.substr(0, eq + 41) +
                         "...': a route regex may be at most " + std::to_string(kMaxRegexLength) +
                         " characters, this one has " + std::to_string(text.size() - eq - 1) +
                         " (split it into several rules)");
      }
      try {
        rule.regex = std::make_unique<CompiledRegex>(
            CompiledRegex{boost::regex(text.substr(eq + 1), kRegexSyntax)});
      } catch (const boost::regex_error& e) {
        throw InputError(where + ": invalid regex: " + e.what());
      }
    }
    rules_.push_back(std::move(rule));
  }
}

RouteNamer::~RouteNamer() = default;
RouteNamer::RouteNamer(RouteNamer&&) noexcept = default;
RouteNamer& RouteNamer::operator=(RouteNamer&&) noexcept = default;

bool RouteNamer::matches(const Rule& rule, std::string_view method, std::string_view path) const {
  if (rule.regex) {
    try {
      return boost::regex_search(key_.begin(), key_.end(), rule.regex->regex);
    } catch (const std::runtime_error& e) {
      // Boost.Regex gives up when a match takes too many steps (nested repeats such as
      // "(a+)+$" backtrack exponentially) or too much backtracking memory (a capturing group
      // repeated once per character of a long path), where std::regex ran on or crashed.
      throw InputError(rule.where + ": the regex is too complex for the request " +
                       quotedRequest(key_) + ": " + whyMatchFailed(e.what()) +
                       "; simplify the rule: no nested repeats such as (a+)+, and (?:a|b)* or "
                       "[ab]* rather than (a|b)* over long paths");
    }
  }
  if (rule.method != "*" && rule.method != method) {
    return false;
  }
  std::vector<std::string_view> segments;
  splitSegments(path, segments);
  std::size_t i = 0;
  for (; i < rule.segments.size(); ++i) {
    const std::string& want = rule.segments[i];
    if (want == "*" && i + 1 == rule.segments.size()) {
      return true;
    }
    if (i >= segments.size()) {
      return false;
    }
    const bool placeholder = want.size() >= 2 && want.front() == '{' && want.back() == '}';
    if (placeholder ? segments[i].empty() : segments[i] != want) {
      return false;
    }
  }
  return i == segments.size();
}

std::string_view RouteNamer::route(std::string_view method, std::string_view target) {
  if (rules_.empty()) {
    deriveRouteTemplate(target, result_);
    return result_;
  }
  const std::string_view path = pathOf(target);
  key_.assign(method);
  key_.push_back(' ');
  key_.append(path);
  if (auto it = cache_.find(key_); it != cache_.end()) {
    return it->second;
  }
  result_.clear();
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (matches(rule, method, path)) {
      result_ = rule.name;
      matched = true;
      break;
    }
  }
  if (!matched) {
    deriveRouteTemplate(path, result_);
  }
  if (key_.size() > kCachedRequestLimit) {
    return result_;
  }
  if (cache_.size() >= kRouteCacheLimit) {
    cache_.clear();
  }
  return cache_.emplace(key_, result_).first->second;
}

}  // namespace shadowscale
