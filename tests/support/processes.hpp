// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Black-box helpers: run the real daemons as child processes, wait for their ready files, talk to them
// over loopback (raw HTTP, the simulator's control socket).

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace casetrail::test {

// A temporary folder for one test's files, removed at the end.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    void write(const std::string& name, const std::string& content) const;

private:
    std::string path_;
};

class ChildProcess {
public:
    // Starts `program` with `args` and this process's environment plus `extra_env` ("NAME=value");
    // its stdout and stderr go to `log_file`.
    ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& log_file,
                 const std::vector<std::string>& extra_env = {});
    ~ChildProcess();  // SIGKILL if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    // SIGTERM, then wait; returns the exit status (128+signal if killed), or -1 after the timeout.
    int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // SIGKILL, as a power cut or the OOM killer would; returns once the process is gone.
    void kill_hard();
    // Waits for the process to exit by itself; -1 after the timeout.
    int wait_exit(std::chrono::milliseconds timeout);
    std::string log() const;

private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::string log_file_;
};

// The exit status and combined output of a command that runs to completion.
struct CommandResult {
    int status = -1;
    std::string output;
};
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env = {});

// The casetrail CLI against a test server: the port of --url says which; the token of the person --by
// names (else the port's default) goes in $CASETRAIL_TOKEN.
CommandResult run_cli(const std::vector<std::string>& args, std::vector<std::string> extra_env = {});

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step = std::chrono::milliseconds(50));

// Instead of sleeping before asserting that nothing happened: waits until the server on `port` has
// finished a sweep and a step of its rules that began after the call, as GET /api/v1/health tells.
// Throws after `timeout`.
void wait_for_rules(int port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
// The same for the webhook dispatcher: two more passes over its queue finished (so one began after).
void wait_for_webhook_passes(int port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
// The same for a gateway's status file (spool/status.json, written every status_interval_ms): `rounds`
// more inventory rounds decoded of every reader, every event derived from them spooled, and
// (`written`) nothing left for the database to take.
void wait_for_gateway_rounds(const std::string& status_file, int rounds, bool written = true,
                             std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Waits for a ready file and returns the integer under `key`.
int ready_port(const std::string& file, const std::string& key, ChildProcess& owner,
               std::chrono::milliseconds timeout = std::chrono::seconds(15));

struct HttpReply {
    int status = 0;
    std::string head;  // the status line and headers
    std::string body;
};
// A plain HTTP/1.1 GET over a socket, written independently of the server's Beast code.
HttpReply http_get(int port, const std::string& target);
// Any method, with a JSON body. Unless `headers` hold an Authorization header of their own, sends the
// token of the person the body's "by" names, else the port's default token (below); a bare
// "Authorization:" sends none (a browser's request, with its cookie). Host is 127.0.0.1 unless given.
HttpReply http_send(int port, const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::string>& headers = {});
// The same from another loopback address ("127.0.0.2"; "" as http_send), for what the server counts
// per client address.
HttpReply http_send_from(const std::string& source, int port, const std::string& method, const std::string& target,
                         const std::string& body, const std::vector<std::string>& headers = {});

// The token http_get and http_send send to a server on `port` when not told otherwise (the test fixtures
// register an admin's token for the servers they start); "" sends none.
void set_default_token(int port, const std::string& token);
std::string default_token(int port);
// A person's token for a server on `port` ("" when none was registered).
void register_token(int port, const std::string& login, const std::string& token);
std::string token_of(int port, const std::string& login);
// Sends raw bytes and returns the status code of the reply (0 when the connection closes first).
int http_raw_status(int port, const std::string& request);

// One line to the simulator's control socket; returns the reply's lines.
std::string sim_control(int port, const std::string& command);

std::string bin_path(const std::string& name);

// The switch that lets casetrail-server take --clock-file (it refuses it otherwise), for ChildProcess's
// `extra_env`.
inline const std::string kTestClockEnv = "CASETRAIL_TEST_CLOCK=1";

}  // namespace casetrail::test
