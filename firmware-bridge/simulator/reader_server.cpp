#include "simulator/reader_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <modbus/modbus.h>
#include <nlohmann/json.hpp>

#include "simulator/register_image.hpp"

namespace casetrail::bridge::sim {

namespace {

constexpr int kFcReadHolding = 0x03;
constexpr int kFcReadInput = 0x04;
constexpr std::chrono::milliseconds kContinuousRound{100};
constexpr int kFcWriteSingle = 0x06;
constexpr int kFcWriteMultiple = 0x10;
constexpr std::size_t kMaxControlLine = 4096;

std::uint16_t local_port(int fd) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
    return ntohs(addr.sin_port);
}

int listen_tcp(const std::string& host, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("control socket: ") + std::strerror(errno));
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
        ::close(fd);
        throw std::runtime_error("control host \"" + host + "\" is not an IPv4 address");
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        throw std::runtime_error("control socket " + host + ":" + std::to_string(port) + ": " + reason);
    }
    return fd;
}

}  // namespace

struct ReaderServer::Impl {
    TagField& field;
    RegisterImage image;
    ServerEndpoints endpoints;
    support::Logger log;

    modbus_t* ctx = nullptr;
    modbus_mapping_t* mapping = nullptr;
    int modbus_listen_fd = -1;
    int control_listen_fd = -1;
    std::vector<int> modbus_clients;
    std::map<int, std::string> control_clients;  // fd -> partial line
    SimCounters counters;
    // A reader without a trigger inventories on its own; the simulator runs a round this often.
    std::chrono::steady_clock::time_point next_continuous_round{};

    Impl(TagField& f, Profile profile, const map::Identity& id, ServerEndpoints ep, support::Logger l)
        : field(f), image(std::move(profile), id), endpoints(std::move(ep)), log(std::move(l)) {}

    ~Impl() {
        for (int fd : modbus_clients) ::close(fd);
        for (auto& [fd, _] : control_clients) ::close(fd);
        if (modbus_listen_fd >= 0) ::close(modbus_listen_fd);
        if (control_listen_fd >= 0) ::close(control_listen_fd);
        if (mapping) {
            // The register arrays belong to the image, not to libmodbus.
            mapping->tab_registers = nullptr;
            mapping->tab_input_registers = nullptr;
            modbus_mapping_free(mapping);
        }
        if (ctx) modbus_free(ctx);
    }

    void run_inventory() {
        image.publish_round(field.inventory());
        counters.rounds = image.rounds();
    }

    void setup() {
        ctx = modbus_new_tcp(endpoints.modbus_host.c_str(), endpoints.modbus_port);
        if (!ctx) throw std::runtime_error("cannot create a Modbus/TCP server context");
        // A client that stops mid-frame must not hang the whole simulator.
        modbus_set_indication_timeout(ctx, 1, 0);
        // libmodbus answers from the image's own arrays (swapped in, handed back before the free).
        mapping = modbus_mapping_new_start_address(0, 0, 0, 0, 0, 0, 0, 0);
        if (!mapping) throw std::runtime_error("cannot allocate the register mapping");
        std::free(mapping->tab_registers);
        std::free(mapping->tab_input_registers);
        mapping->tab_registers = image.holding();
        mapping->nb_registers = RegisterImage::kSize;
        mapping->tab_input_registers = image.input();
        mapping->nb_input_registers = RegisterImage::kSize;

        modbus_listen_fd = modbus_tcp_listen(ctx, 16);
        if (modbus_listen_fd < 0) {
            throw std::runtime_error("Modbus listen on " + endpoints.modbus_host + ":" +
                                     std::to_string(endpoints.modbus_port) + ": " + modbus_strerror(errno));
        }
        control_listen_fd = listen_tcp(endpoints.control_host, endpoints.control_port);
    }

    // Writes are allowed only to the trigger (and, for a handshake list, the acknowledge) register, with
    // the profile's value. Returns what the accepted write means.
    std::optional<RegisterImage::WriteEffect> check_request(const std::uint8_t* q, int header) {
        const int fc = q[header];
        const int address = (q[header + 1] << 8) | q[header + 2];
        if (fc == kFcReadHolding || fc == kFcReadInput) return RegisterImage::WriteEffect::none;
        int value = -1;
        if (fc == kFcWriteSingle) {
            value = (q[header + 3] << 8) | q[header + 4];
        } else if (fc == kFcWriteMultiple) {
            const int count = (q[header + 3] << 8) | q[header + 4];
            if (count != 1) {
                modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
                return std::nullopt;
            }
            value = (q[header + 6] << 8) | q[header + 7];
        } else {
            modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_FUNCTION);
            return std::nullopt;
        }
        const auto effect = image.classify_write(static_cast<std::uint16_t>(address), static_cast<std::uint16_t>(value));
        if (effect == RegisterImage::WriteEffect::refused_address) {
            modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
            return std::nullopt;
        }
        if (effect == RegisterImage::WriteEffect::refused_value) {
            modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
            return std::nullopt;
        }
        return effect;
    }

    // Returns false when the client is gone.
    bool serve_modbus(int fd) {
        std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
        modbus_set_socket(ctx, fd);
        const int rc = modbus_receive(ctx, query);
        if (rc == 0) return true;  // not for us (filtered by libmodbus)
        if (rc < 0) return false;
        const int header = modbus_get_header_length(ctx);
        const auto effect = check_request(query, header);
        if (!effect) return true;
        if (modbus_reply(ctx, query, rc, mapping) < 0) return false;
        if (*effect == RegisterImage::WriteEffect::trigger) run_inventory();
        if (*effect == RegisterImage::WriteEffect::ack) image.acknowledge();
        return true;
    }

    bool serve_control(int fd) {
        char buf[1024];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        std::string& pending = control_clients[fd];
        pending.append(buf, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
            std::string line = pending.substr(0, nl);
            pending.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::string reply = run_control_command(line, field, counters);
            if (reply.rfind("ok", 0) == 0 || reply.find("\nok") != std::string::npos) {
                log.info("control command", {{"command", line}});
            }
            if (!send_all(fd, reply)) return false;
        }
        if (pending.size() > kMaxControlLine) {
            send_all(fd, "error line too long\n");
            return false;
        }
        return true;
    }

    static bool send_all(int fd, const std::string& text) {
        std::size_t sent = 0;
        while (sent < text.size()) {
            const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    void accept_on(int listen_fd, bool is_modbus) {
        const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        if (is_modbus) {
            modbus_clients.push_back(fd);
            log.info("modbus client connected", {{"clients", modbus_clients.size()}});
        } else {
            control_clients[fd];
        }
    }

    void run(const std::atomic<bool>& stop) {
        while (!stop.load()) {
            fd_set rset;
            FD_ZERO(&rset);
            int maxfd = std::max(modbus_listen_fd, control_listen_fd);
            FD_SET(modbus_listen_fd, &rset);
            FD_SET(control_listen_fd, &rset);
            for (int fd : modbus_clients) {
                FD_SET(fd, &rset);
                maxfd = std::max(maxfd, fd);
            }
            for (auto& [fd, _] : control_clients) {
                FD_SET(fd, &rset);
                maxfd = std::max(maxfd, fd);
            }
            if (!image.profile().trigger && std::chrono::steady_clock::now() >= next_continuous_round) {
                run_inventory();
                next_continuous_round = std::chrono::steady_clock::now() + kContinuousRound;
            }
            timeval tv{0, image.profile().trigger ? 200'000 : 20'000};
            const int ready = ::select(maxfd + 1, &rset, nullptr, nullptr, &tv);
            if (ready < 0) {
                if (errno == EINTR) continue;
                throw std::runtime_error(std::string("select: ") + std::strerror(errno));
            }
            if (ready == 0) continue;
            if (FD_ISSET(modbus_listen_fd, &rset)) accept_on(modbus_listen_fd, true);
            if (FD_ISSET(control_listen_fd, &rset)) accept_on(control_listen_fd, false);
            for (auto it = modbus_clients.begin(); it != modbus_clients.end();) {
                if (FD_ISSET(*it, &rset) && !serve_modbus(*it)) {
                    ::close(*it);
                    it = modbus_clients.erase(it);
                    log.info("modbus client disconnected", {{"clients", modbus_clients.size()}});
                } else {
                    ++it;
                }
            }
            for (auto it = control_clients.begin(); it != control_clients.end();) {
                if (FD_ISSET(it->first, &rset) && !serve_control(it->first)) {
                    ::close(it->first);
                    it = control_clients.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
};

ReaderServer::ReaderServer(TagField& field, Profile profile, map::Identity identity, ServerEndpoints endpoints,
                           support::Logger log)
    : impl_(std::make_unique<Impl>(field, std::move(profile), identity, std::move(endpoints), std::move(log))) {}

ReaderServer::~ReaderServer() = default;

void ReaderServer::listen() {
    impl_->setup();
    bound_modbus_port_ = local_port(impl_->modbus_listen_fd);
    bound_control_port_ = local_port(impl_->control_listen_fd);
}

void ReaderServer::run(const std::atomic<bool>& stop) { impl_->run(stop); }

}  // namespace casetrail::bridge::sim
