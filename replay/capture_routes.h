#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shadowscale {

// The route template of a request target: scheme, host, query and fragment dropped, and every
// segment that is an identifier (all digits, a UUID, or 8+ hex digits with a digit among them)
// replaced by {id}. "/users/42/orders?page=2" -> "/users/{id}/orders".
std::string deriveRouteTemplate(std::string_view target);

// Same, appending to `out` (cleared first) so a hot loop reuses one buffer.
void deriveRouteTemplate(std::string_view target, std::string& out);

// Names the route of each request: the first user rule that matches, else the derived template.
// Rules come in two forms:
//   "METHOD /template"  METHOD or *, segments literal, {name} for any one segment, a final *
//                       for the rest: "POST /checkout", "GET /users/{id}/orders", "* /static/*".
//                       The route is the template; with the method it reads "POST /checkout".
//   "NAME=REGEX"        the ECMAScript (Perl) regex is searched in "METHOD /path" (query
//                       dropped); the route is NAME: "search=^GET /search(/|$)". Matching uses
//                       Boost.Regex, which keeps its backtracking on the heap, so paths of any
//                       length are safe (std::regex recursed per character and crashed).
class RouteNamer {
 public:
  // Throws InputError naming the rule ("--route 2: ...") when a rule is malformed.
  explicit RouteNamer(const std::vector<std::string>& rules = {});
  ~RouteNamer();
  RouteNamer(RouteNamer&&) noexcept;
  RouteNamer& operator=(RouteNamer&&) noexcept;

  // The route of one request; the view stays valid until the next call. Throws InputError
  // naming the rule and the request when a regex rule is too complex to match against it
  // (catastrophic backtracking); the caller adds the line or record.
  std::string_view route(std::string_view method, std::string_view target);

  bool hasRules() const { return !rules_.empty(); }

 private:
  struct CompiledRegex;  // a Boost.Regex, kept out of this header
  struct Rule {
    Rule();
    ~Rule();
    Rule(Rule&&) noexcept;
    Rule& operator=(Rule&&) noexcept;
    std::string name;                      // what the route becomes
    std::string where;                     // "--route 2 'NAME=REGEX'", for messages
    std::string method;                    // template rules: the method, or "*"
    std::vector<std::string> segments;     // template rules: the template's segments
    std::unique_ptr<CompiledRegex> regex;  // regex rules
  };
  bool matches(const Rule& rule, std::string_view method, std::string_view path) const;

  std::vector<Rule> rules_;
  // Regex matching is slow next to parsing a line; logs repeat paths, so results are cached
  // (bounded in entries and in request length, so memory stays flat however many distinct
  // paths a log holds).
  std::unordered_map<std::string, std::string> cache_;
  std::string key_;
  std::string result_;
};

}  // namespace shadowscale
