#pragma once
// Routes requests to handlers by method and path pattern ("/api/v1/dossiers/{id}/location"), and maps
// the exceptions handlers throw to the one JSON error shape: invalid -> 400, unknown -> 404, not allowed
// now or colliding -> 409, database unreachable -> 503, anything else -> 500 (logged, not shown).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api_types.hpp"
#include "support/json_log.hpp"

namespace casetrail::http {

using Handler = std::function<ApiResponse(const ApiRequest&, const RouteParams&)>;

struct Route {
    std::string method;
    std::string pattern;
    Handler handler;
};

class Router {
public:
    explicit Router(support::Logger log) : log_(std::move(log)) {}

    void add(std::string method, std::string pattern, Handler handler);
    const std::vector<Route>& routes() const { return routes_; }

    // Never throws.
    ApiResponse handle(const ApiRequest& request) const;

private:
    std::vector<Route> routes_;
    support::Logger log_;
};

// The percent-decoded query parameters of a request target; domain::InvalidArgument for a bad escape.
std::map<std::string, std::string> parse_query(std::string_view target);

// Decodes %XX escapes; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace casetrail::http
