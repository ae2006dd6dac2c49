#include "server_process.hpp"

namespace casetrail::test {

namespace {
JsonReply as_json(const HttpReply& r) {
    JsonReply j;
    j.status = r.status;
    j.body = nlohmann::json::parse(r.body, nullptr, false);
    return j;
}
}  // namespace

ServerProcess::ServerProcess() {
    dir.write("server.json", nlohmann::json{{"database", db.conninfo()}, {"http", {{"port", 0}}}}.dump());
    proc = std::make_unique<ChildProcess>(
        bin_path("casetrail-server"),
        std::vector<std::string>{"serve", "--config", dir.file("server.json"), "--ready-file", dir.file("ready")},
        dir.file("server.log"));
    port = ready_port(dir.file("ready"), "http_port", *proc);
}

JsonReply ServerProcess::get(const std::string& target) const { return as_json(http_get(port, target)); }

JsonReply ServerProcess::post(const std::string& target, const nlohmann::json& body) const {
    return as_json(http_send(port, "POST", target, body.dump()));
}

JsonReply ServerProcess::put(const std::string& target, const nlohmann::json& body) const {
    return as_json(http_send(port, "PUT", target, body.dump()));
}

}  // namespace casetrail::test
