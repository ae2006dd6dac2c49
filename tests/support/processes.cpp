// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/processes.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <nlohmann/json.hpp>

extern char** environ;

namespace casetrail::test {

std::string bin_path(const std::string& name) { return std::string(CT_BIN_DIR) + "/" + name; }

TempDir::TempDir() {
    char tmpl[] = "/tmp/casetrail-test.XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& content) const {
    std::ofstream out(file(name));
    out << content;
    if (!out) throw std::runtime_error("cannot write " + file(name));
}

namespace {

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::string& log_file,
            const std::vector<std::string>& extra_env) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(all.size() + 1);
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_store;
    // An entry of `extra_env` replaces the inherited one of its name (getenv would find the first).
    const auto overridden = [&extra_env](const char* inherited) {
        for (const auto& e : extra_env) {
            const auto name_end = e.find('=') + 1;
            if (name_end > 0 && std::strncmp(inherited, e.c_str(), name_end) == 0) return true;
        }
        return false;
    };
    for (char** e = environ; *e; ++e) {
        if (!overridden(*e)) env_store.emplace_back(*e);
    }
    for (const auto& e : extra_env) env_store.push_back(e);
    std::vector<char*> envp;
    envp.reserve(env_store.size() + 1);
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// `source`: the local address to connect from ("" for the system's choice), e.g. 127.0.0.2: every
// 127/8 address is the loopback, so a test can be several clients the server tells apart by address.
int connect_loopback(int port, const std::string& source = "") {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (!source.empty()) {
        sockaddr_in from{};
        from.sin_family = AF_INET;
        if (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
            ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
            ::close(fd);
            throw std::runtime_error("cannot connect from " + source);
        }
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
    return fd;
}

void send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

std::string read_until_close(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::string& log_file, const std::vector<std::string>& extra_env)
    : log_file_(log_file) {
    pid_ = spawn(program, args, log_file, extra_env);
}

ChildProcess::~ChildProcess() {
    // SIGTERM first: a daemon stops as in the field (and writes its coverage counters); SIGKILL if not.
    if (pid_ > 0 && running()) {
        ::kill(pid_, SIGTERM);
        if (wait_exit(std::chrono::seconds(5)) < 0) {
            ::kill(pid_, SIGKILL);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
    }
}

bool ChildProcess::running() {
    if (status_ >= 0) return false;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = decode_status(st);
        return false;
    }
    return true;
}

int ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
    wait_until([&] { return !running(); }, timeout, std::chrono::milliseconds(20));
    return status_;
}

int ChildProcess::terminate(std::chrono::milliseconds timeout) {
    if (running()) ::kill(pid_, SIGTERM);
    return wait_exit(timeout);
}

void ChildProcess::kill_hard() {
    if (running()) ::kill(pid_, SIGKILL);
    wait_exit(std::chrono::seconds(10));
}

std::string ChildProcess::log() const { return read_all(log_file_); }

CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env) {
    char tmpl[] = "/tmp/casetrail-cmd.XXXXXX";
    const int fd = ::mkstemp(tmpl);
    ::close(fd);
    const pid_t pid = spawn(program, args, tmpl, extra_env);
    int st = 0;
    ::waitpid(pid, &st, 0);
    CommandResult r{decode_status(st), read_all(tmpl)};
    ::unlink(tmpl);
    return r;
}

CommandResult run_cli(const std::vector<std::string>& args, std::vector<std::string> extra_env) {
    std::string url, by;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--url" && i + 1 < args.size()) url = args[i + 1];
        if (args[i].rfind("--url=", 0) == 0) url = args[i].substr(6);
        if (args[i] == "--by" && i + 1 < args.size()) by = args[i + 1];
    }
    const auto colon = url.rfind(':');
    if (colon != std::string::npos && colon + 1 < url.size() &&
        std::isdigit(static_cast<unsigned char>(url[colon + 1]))) {
        const int port = std::atoi(url.c_str() + colon + 1);
        auto token = by.empty() ? "" : token_of(port, by);
        if (token.empty()) token = default_token(port);
        if (!token.empty()) extra_env.push_back("CASETRAIL_TOKEN=" + token);
    }
    return run_command(bin_path("casetrail"), args, extra_env);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(step);
    }
}

namespace {

// Waits until `read()` (nullopt: not readable yet) has grown by `more` and `done(value)` holds.
void wait_for_progress(const char* what, const std::function<std::optional<nlohmann::json>()>& read,
                       const std::function<bool(const nlohmann::json& start, const nlohmann::json& now)>& done,
                       std::chrono::milliseconds timeout) {
    std::optional<nlohmann::json> start;
    const bool ok = wait_until(
        [&] {
            const auto now = read();
            if (!now) return false;
            if (!start) start = now;
            return done(*start, *now);
        },
        timeout);
    if (!ok) throw std::runtime_error(std::string("waited in vain for ") + what);
}

std::optional<nlohmann::json> health_of(int port) {
    const auto r = http_get(port, "/api/v1/health");
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.is_object()) return std::nullopt;
    return j;
}

}  // namespace

void wait_for_rules(int port, std::chrono::milliseconds timeout) {
    wait_for_progress(
        "a sweep and a step of the rules that began after the call", [port] { return health_of(port); },
        [](const nlohmann::json& start, const nlohmann::json& now) {
            // Every sweep numbered past those begun at the first reading began after it.
            return now["rules"]["sweeps"].get<long long>() > start["rules"]["sweeps_started"].get<long long>() &&
                   now["rules"]["steps"].get<long long>() > start["rules"]["steps_started"].get<long long>();
        },
        timeout);
}

void wait_for_webhook_passes(int port, std::chrono::milliseconds timeout) {
    wait_for_progress(
        "two passes of the webhook dispatcher", [port] { return health_of(port); },
        [](const nlohmann::json& start, const nlohmann::json& now) {
            return now["webhooks"]["passes"].get<long long>() >= start["webhooks"]["passes"].get<long long>() + 2;
        },
        timeout);
}

void wait_for_gateway_rounds(const std::string& status_file, int rounds, bool written,
                             std::chrono::milliseconds timeout) {
    // The file as it stood at the call may be up to one interval old: start from the next one written.
    std::string stale;
    const auto read = [&]() -> std::optional<nlohmann::json> {
        std::ifstream in(status_file);
        auto j = nlohmann::json::parse(in, nullptr, false);
        if (!in || !j.is_object() || !j.contains("reader_rounds")) return std::nullopt;
        if (stale.empty()) stale = j["ts"].get<std::string>();
        if (j["ts"] == stale) return std::nullopt;
        return j;
    };
    wait_for_progress(
        "gateway rounds", read,
        [rounds, written](const nlohmann::json& start, const nlohmann::json& now) {
            for (const auto& [reader, n] : start["reader_rounds"].items()) {
                if (now["reader_rounds"][reader].get<long long>() < n.get<long long>() + rounds) return false;
            }
            return now["events_spooled"] == now["events_derived"] && (!written || now["events_queued"] == 0);
        },
        timeout);
}

int ready_port(const std::string& file, const std::string& key, ChildProcess& owner,
               std::chrono::milliseconds timeout) {
    int port = -1;
    wait_until(
        [&] {
            if (!owner.running()) return true;
            std::ifstream in(file);
            if (!in) return false;
            try {
                port = nlohmann::json::parse(in).at(key).get<int>();
                return true;
            } catch (const std::exception&) {
                return false;
            }
        },
        timeout);
    if (port < 0) throw std::runtime_error("no " + key + " in " + file + "; the daemon's log:\n" + owner.log());
    return port;
}

HttpReply http_get(int port, const std::string& target) { return http_send(port, "GET", target, ""); }

namespace {
std::mutex token_mutex;
std::map<int, std::string> tokens_by_port;
std::map<std::pair<int, std::string>, std::string> tokens_by_login;
}  // namespace

void register_token(int port, const std::string& login, const std::string& token) {
    std::lock_guard lock(token_mutex);
    tokens_by_login[{port, login}] = token;
}

std::string token_of(int port, const std::string& login) {
    std::lock_guard lock(token_mutex);
    const auto it = tokens_by_login.find({port, login});
    return it == tokens_by_login.end() ? "" : it->second;
}

void set_default_token(int port, const std::string& token) {
    std::lock_guard lock(token_mutex);
    tokens_by_port[port] = token;
}

std::string default_token(int port) {
    std::lock_guard lock(token_mutex);
    const auto it = tokens_by_port.find(port);
    return it == tokens_by_port.end() ? "" : it->second;
}

HttpReply http_send(int port, const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::string>& headers) {
    return http_send_from("", port, method, target, body, headers);
}

HttpReply http_send_from(const std::string& source, int port, const std::string& method, const std::string& target,
                         const std::string& body, const std::vector<std::string>& headers) {
    const int fd = connect_loopback(port, source);
    std::string head = method + " " + target + " HTTP/1.1\r\nConnection: close\r\n";
    bool authorized = false, host = false;
    for (const auto& h : headers) {
        const bool auth = h.size() >= 14 && strncasecmp(h.c_str(), "Authorization:", 14) == 0;
        authorized = authorized || auth;
        host = host || (h.size() >= 5 && strncasecmp(h.c_str(), "Host:", 5) == 0);
        if (!(auth && h.size() == 14)) head += h + "\r\n";  // a bare "Authorization:" only keeps the token away
    }
    if (!host) head += "Host: 127.0.0.1\r\n";
    if (!authorized) {
        // The person a body's "by" names acts with their own token, when one was registered.
        std::string token;
        if (const auto j = nlohmann::json::parse(body, nullptr, false);
            j.is_object() && j.contains("by") && j["by"].is_string()) {
            token = token_of(port, j["by"].get<std::string>());
        }
        if (token.empty()) token = default_token(port);
        if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    }
    if (!body.empty() || method != "GET") {
        head += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    send_all(fd, head + "\r\n" + body);
    const std::string raw = read_until_close(fd);
    ::close(fd);
    HttpReply r;
    if (raw.rfind("HTTP/1.1 ", 0) == 0) r.status = std::atoi(raw.c_str() + 9);
    const auto split = raw.find("\r\n\r\n");
    if (split != std::string::npos) {
        r.head = raw.substr(0, split);
        r.body = raw.substr(split + 4);
    }
    return r;
}

int http_raw_status(int port, const std::string& request) {
    const int fd = connect_loopback(port);
    send_all(fd, request);
    const std::string raw = read_until_close(fd);
    ::close(fd);
    if (raw.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::atoi(raw.c_str() + 9);
}

std::string sim_control(int port, const std::string& command) {
    const int fd = connect_loopback(port);
    send_all(fd, command + "\n");
    std::string out;
    char c;
    // Read lines until the closing "ok"/"error" line.
    std::string line;
    while (::recv(fd, &c, 1, 0) == 1) {
        out.push_back(c);
        if (c != '\n') {
            line.push_back(c);
            continue;
        }
        const bool last = line.rfind("ok", 0) == 0 || line.rfind("error", 0) == 0;
        line.clear();
        if (last) break;
    }
    ::close(fd);
    return out;
}

}  // namespace casetrail::test
