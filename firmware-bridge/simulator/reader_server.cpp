// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/reader_server.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <modbus/modbus.h>
#include <nlohmann/json.hpp>

#include "firmware-bridge/simulator/control_commands.hpp"
#include "firmware-bridge/simulator/epc_flood.hpp"
#include "firmware-bridge/simulator/register_image.hpp"
#include "firmware-bridge/simulator/rtu_framing.hpp"

namespace casetrail::bridge::sim {

namespace {

constexpr int kFcReadHolding = 0x03;
constexpr int kFcReadInput = 0x04;
constexpr int kFcWriteSingle = 0x06;
constexpr int kFcWriteMultiple = 0x10;
constexpr std::size_t kMaxControlLine = 4096;
constexpr std::chrono::milliseconds kContinuousRound{100};

std::uint16_t local_port(int fd) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
    return ntohs(addr.sin_port);
}

int listen_tcp(const std::string& host, std::uint16_t port, const char* what) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string(what) + " socket: " + std::strerror(errno));
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
        ::close(fd);
        throw std::runtime_error(std::string(what) + " host \"" + host + "\" is not an IPv4 address");
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        throw std::runtime_error(std::string(what) + " " + host + ":" + std::to_string(port) + ": " + reason);
    }
    return fd;
}

bool send_all(int fd, const std::string& text) {
    std::size_t sent = 0;
    while (sent < text.size()) {
        const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

// One simulated reader: its field, its registers, and the libmodbus mapping that answers from them.
struct VirtualReader {
    std::string name;
    int unit_id;
    TagField field;
    RegisterImage image;
    Noise noise;
    EpcFlood flood;
    bool offline = false;  // a scenario took it off the air: it answers nothing
    SimCounters counters;
    modbus_mapping_t* mapping = nullptr;
    std::chrono::steady_clock::time_point next_round{};

    VirtualReader(const VirtualReaderSpec& spec, std::uint64_t seed)
        : name(spec.name), unit_id(spec.unit_id), field(spec.identity.antenna_count),
          image(spec.profile, spec.identity), noise(spec.noise, seed), flood(seed ^ 0xF100F100F100F100ull) {
        for (const auto& t : spec.tags) field.add(t.epc, t.antenna, t.rssi_decidbm);
        mapping = modbus_mapping_new_start_address(0, 0, 0, 0, 0, 0, 0, 0);
        if (!mapping) throw std::runtime_error("cannot allocate a register mapping");
        // libmodbus answers from the image's own arrays (handed back before the free).
        mapping->tab_registers = image.holding();
        mapping->nb_registers = RegisterImage::kSize;
        mapping->tab_input_registers = image.input();
        mapping->nb_input_registers = RegisterImage::kSize;
    }
    ~VirtualReader() {
        mapping->tab_registers = nullptr;
        mapping->tab_input_registers = nullptr;
        modbus_mapping_free(mapping);
    }

    void run_inventory() {
        // A flood is reported first: a gateway must not depend on the true tags coming first.
        std::vector<map::TagRecord> reads;
        flood.add_round(reads, field.antenna_count());
        const auto heard = noise.round(field.inventory(), field.antenna_count());
        reads.insert(reads.end(), heard.begin(), heard.end());
        image.publish_round(reads);
        counters.rounds = image.rounds();
    }

    // Answers one request with `ctx` (whose unit id and socket are set). Writes are allowed only to the
    // trigger (and, for a handshake list, the acknowledge) register, with the profile's value.
    bool answer(modbus_t* ctx, const std::uint8_t* q, int length, int header) {
        const int fc = q[header];
        const int address = (q[header + 1] << 8) | q[header + 2];
        auto effect = RegisterImage::WriteEffect::none;
        if (fc == kFcWriteSingle || fc == kFcWriteMultiple) {
            int value = (q[header + 3] << 8) | q[header + 4];
            if (fc == kFcWriteMultiple) {
                if (value != 1) return modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS) >= 0;
                value = (q[header + 6] << 8) | q[header + 7];
            }
            effect = image.classify_write(static_cast<std::uint16_t>(address), static_cast<std::uint16_t>(value));
            if (effect == RegisterImage::WriteEffect::refused_address) {
                return modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS) >= 0;
            }
            if (effect == RegisterImage::WriteEffect::refused_value) {
                return modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE) >= 0;
            }
        } else if (fc != kFcReadHolding && fc != kFcReadInput) {
            return modbus_reply_exception(ctx, q, MODBUS_EXCEPTION_ILLEGAL_FUNCTION) >= 0;
        } else {
            const int count = (q[header + 3] << 8) | q[header + 4];
            const auto kind = fc == kFcReadHolding ? RegisterKind::holding : RegisterKind::input;
            if (auto code =
                    image.empty_answer(kind, static_cast<std::uint16_t>(address), static_cast<std::uint16_t>(count))) {
                return modbus_reply_exception(ctx, q, *code) >= 0;
            }
        }
        if (modbus_reply(ctx, q, length, mapping) < 0) return false;
        if (effect == RegisterImage::WriteEffect::trigger) run_inventory();
        if (effect == RegisterImage::WriteEffect::ack) image.acknowledge();
        return true;
    }
};

struct DelayedAnswer {
    std::chrono::steady_clock::time_point due;
    VirtualReader* reader;
    modbus_t* ctx;
    int fd;  // the TCP client, or the serial line
    std::string request;
    int header;
};

struct TcpEndpoint {
    VirtualReader* reader;
    std::string host;
    std::uint16_t port;
    int listen_fd = -1;
    modbus_t* ctx = nullptr;
};

struct RtuBus {
    SerialLine line;
    std::vector<VirtualReader*> readers;
    modbus_t* ctx = nullptr;
    int fd = -1;
    std::string pending;  // bytes received, not yet a whole frame
};

struct ReaderServer::Impl {
    std::vector<std::unique_ptr<VirtualReader>> readers;
    std::vector<TcpEndpoint> tcp;
    std::vector<RtuBus> buses;
    std::map<int, TcpEndpoint*> tcp_clients;  // fd -> endpoint
    ControlEndpoint control;
    int control_listen_fd = -1;
    std::map<int, std::string> control_clients;  // fd -> partial line
    common::Logger log;
    SimulatorOptions options;
    std::vector<DelayedAnswer> delayed;
    std::FILE* truth = nullptr;
    std::chrono::steady_clock::time_point started;
    std::size_t next_scenario = 0;

    Impl(ControlEndpoint c, common::Logger l, SimulatorOptions o)
        : control(std::move(c)), log(std::move(l)), options(std::move(o)) {}

    void write_truth(const std::string& reader, const std::string& epc, std::uint16_t antenna, std::uint16_t between,
                     const char* change) {
        if (!truth) return;
        nlohmann::json line = {{"t_us", std::chrono::duration_cast<std::chrono::microseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count()},
                               {"reader", reader},
                               {"epc", epc},
                               {"antenna", antenna ? nlohmann::json(antenna) : nlohmann::json(nullptr)},
                               {"change", change}};
        if (between) line["between"] = between;
        std::fputs((line.dump() + "\n").c_str(), truth);
        std::fflush(truth);
    }

    // What happens to one request: answered now, later, refused, dropped, or the connection cut.
    // Returns false when the connection is to be closed.
    bool handle(VirtualReader& r, modbus_t* ctx, int fd, const std::uint8_t* q, int length, int header) {
        if (r.offline) return true;
        switch (r.noise.fate()) {
            case RequestFate::drop: return true;
            case RequestFate::disconnect: return tcp_clients.count(fd) == 0;  // a serial line cannot be cut
            case RequestFate::exception: return modbus_reply_exception(ctx, q, r.noise.settings().exception_code) >= 0;
            case RequestFate::slow:
                // Late, without holding up the other readers: the answer waits in a queue.
                delayed.push_back(
                    {std::chrono::steady_clock::now() + std::chrono::milliseconds(r.noise.settings().slow_ms), &r, ctx,
                     fd, std::string(reinterpret_cast<const char*>(q), static_cast<std::size_t>(length)), header});
                return true;
            case RequestFate::answer: break;
        }
        return r.answer(ctx, q, length, header);
    }

    void answer_due() {
        const auto now = std::chrono::steady_clock::now();
        for (auto it = delayed.begin(); it != delayed.end();) {
            if (it->due > now) {
                ++it;
                continue;
            }
            const bool tcp = tcp_clients.count(it->fd) > 0;
            const bool serial =
                std::any_of(buses.begin(), buses.end(), [&](const RtuBus& b) { return b.fd == it->fd; });
            if (tcp || serial) {
                modbus_set_socket(it->ctx, it->fd);
                if (serial) modbus_set_slave(it->ctx, it->reader->unit_id);
                it->reader->answer(it->ctx, reinterpret_cast<const std::uint8_t*>(it->request.data()),
                                   static_cast<int>(it->request.size()), it->header);
            }
            it = delayed.erase(it);
        }
    }

    void run_scenario() {
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        while (next_scenario < options.scenario.size() && options.scenario[next_scenario].at_ms <= elapsed) {
            const auto& e = options.scenario[next_scenario++];
            VirtualReader* target = nullptr;
            for (auto& r : readers) {
                if (!e.reader.empty() ? r->name == e.reader : r->field.has(e.epc)) target = r.get();
            }
            if (!target && e.reader.empty()) target = readers.front().get();
            if (!target) {
                log.warn("scenario step for an unknown reader or tag skipped",
                         {{"at_ms", e.at_ms}, {"action", e.action}});
                continue;
            }
            try {
                if (e.action == "move")
                    target->field.move(e.epc, e.antenna);
                else if (e.action == "remove")
                    target->field.remove(e.epc);
                else if (e.action == "add")
                    target->field.add(e.epc, e.antenna, e.rssi_decidbm);
                else if (e.action == "park")
                    target->field.park(e.epc, e.antenna, e.antenna2);
                else if (e.action == "noise")
                    target->noise.set(e.noise);
                else if (e.action == "offline" || e.action == "online") {
                    target->offline = e.action == "offline";
                    write_truth(target->name, "", 0, 0, e.action == "offline" ? "reader_offline" : "reader_online");
                }
                log.info("scenario step",
                         {{"at_ms", e.at_ms}, {"reader", target->name}, {"action", e.action}, {"epc", e.epc}});
            } catch (const std::invalid_argument& ex) {
                log.warn("scenario step failed", {{"at_ms", e.at_ms}, {"action", e.action}, {"error", ex.what()}});
            }
        }
    }

    ~Impl() {
        for (auto& [fd, _] : tcp_clients) ::close(fd);
        for (auto& [fd, _] : control_clients) ::close(fd);
        for (auto& e : tcp) {
            if (e.listen_fd >= 0) ::close(e.listen_fd);
            if (e.ctx) modbus_free(e.ctx);
        }
        for (auto& b : buses) {
            if (b.ctx) {
                modbus_close(b.ctx);
                modbus_free(b.ctx);
            }
        }
        if (control_listen_fd >= 0) ::close(control_listen_fd);
        if (truth) std::fclose(truth);
    }

    void setup() {
        for (auto& e : tcp) {
            e.ctx = modbus_new_tcp(e.host.c_str(), e.port);
            if (!e.ctx) throw std::runtime_error("cannot create a Modbus/TCP context");
            // A client that stops mid-frame must not hang the whole simulator.
            modbus_set_indication_timeout(e.ctx, 1, 0);
            e.listen_fd = modbus_tcp_listen(e.ctx, 16);
            if (e.listen_fd < 0) {
                throw std::runtime_error("reader " + e.reader->name + ": Modbus listen on " + e.host + ":" +
                                         std::to_string(e.port) + ": " + modbus_strerror(errno));
            }
        }
        for (auto& b : buses) {
            b.ctx =
                modbus_new_rtu(b.line.device.c_str(), b.line.baud, b.line.parity, b.line.data_bits, b.line.stop_bits);
            if (!b.ctx || modbus_connect(b.ctx) != 0) {
                throw std::runtime_error("serial line " + b.line.device + ": " + modbus_strerror(errno));
            }
            b.fd = modbus_get_socket(b.ctx);
        }
        control_listen_fd = listen_tcp(control.host, control.port, "control");
    }

    // RTU: the bytes on the line become frames; each frame for one of this bus's units is answered.
    void serve_bus(RtuBus& b) {
        char buf[512];
        const ssize_t n = ::read(b.fd, buf, sizeof buf);
        if (n <= 0) return;
        b.pending.append(buf, static_cast<std::size_t>(n));
        while (true) {
            const auto frame = next_rtu_request(b.pending);
            if (frame.kind == RtuFrame::incomplete) return;
            if (frame.kind == RtuFrame::garbage) {
                b.pending.erase(0, frame.length);  // resynchronise on the next byte
                continue;
            }
            std::string req = b.pending.substr(0, frame.length);
            b.pending.erase(0, frame.length);
            const int unit = static_cast<unsigned char>(req[0]);
            for (auto* r : b.readers) {
                if (r->unit_id != unit) continue;  // another unit's frame: the bus stays silent for it
                modbus_set_slave(b.ctx, unit);
                handle(*r, b.ctx, b.fd, reinterpret_cast<const std::uint8_t*>(req.data()), static_cast<int>(req.size()),
                       1);
            }
        }
    }

    bool serve_tcp_client(int fd, TcpEndpoint& e) {
        std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
        modbus_set_socket(e.ctx, fd);
        const int rc = modbus_receive(e.ctx, query);
        if (rc == 0) return true;
        if (rc < 0) return false;
        return handle(*e.reader, e.ctx, fd, query, rc, modbus_get_header_length(e.ctx));
    }

    // "R2: move EPC 3" addresses reader R2; without a name, the reader holding the EPC, else the first.
    std::string control_command(std::string line) {
        VirtualReader* target = readers.front().get();
        if (auto colon = line.find(':'); colon != std::string::npos && line.find(' ') > colon) {
            const auto name = line.substr(0, colon);
            auto it = std::find_if(readers.begin(), readers.end(), [&](const auto& r) { return r->name == name; });
            if (it == readers.end()) return "error no reader named \"" + name + "\"\n";
            target = it->get();
            line.erase(0, colon + 1);
        } else {
            std::istringstream words(line);
            std::string cmd, epc;
            words >> cmd >> epc;
            for (auto& r : readers) {
                for (const auto& t : r->field.inventory()) {
                    if (!epc.empty() && t.epc.size() == epc.size() &&
                        std::equal(t.epc.begin(), t.epc.end(), epc.begin(),
                                   [](char a, char b) { return std::toupper(a) == std::toupper(b); })) {
                        target = r.get();
                    }
                }
            }
        }
        // Taking a reader off the air belongs to the reader, not to its tag field.
        const auto first = line.find_first_not_of(' ');
        const auto word =
            first == std::string::npos ? std::string() : line.substr(first, line.find_last_not_of(' ') - first + 1);
        if (word == "offline" || word == "online") {
            target->offline = word == "offline";
            write_truth(target->name, "", 0, 0, word == "offline" ? "reader_offline" : "reader_online");
            return "ok\n";
        }
        if (word.rfind("flood", 0) == 0 && (word.size() == 5 || word[5] == ' ')) return flood_command(*target, word);
        return run_control_command(line, target->field, target->counters);
    }

    // "flood TAGS [ROUNDS_EACH]": made-up EPCs in every round of the reader (firmware-bridge/README.md).
    static std::string flood_command(VirtualReader& r, const std::string& line) {
        std::istringstream in(line);
        std::vector<std::string> w;
        for (std::string word; in >> word;) w.push_back(word);
        std::vector<int> n;
        for (std::size_t i = 1; i < w.size(); ++i) {
            int v = 0;
            const auto [end, ec] = std::from_chars(w[i].data(), w[i].data() + w[i].size(), v);
            if (ec == std::errc{} && end == w[i].data() + w[i].size()) n.push_back(v);
        }
        if (n.size() != w.size() - 1 || n.empty() || n.size() > 2) return "error usage: flood TAGS [ROUNDS_EACH]\n";
        try {
            r.flood.set(n[0], n.size() == 2 ? n[1] : 1);
        } catch (const std::invalid_argument& e) {
            return std::string("error ") + e.what() + "\n";
        }
        return "ok\n";
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
            const std::string reply = control_command(line);
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

    void run(const std::atomic<bool>& stop) {
        started = std::chrono::steady_clock::now();
        while (!stop.load()) {
            run_scenario();
            answer_due();
            // Readers without a trigger inventory on their own.
            const auto now = std::chrono::steady_clock::now();
            bool continuous = false;
            for (auto& r : readers) {
                if (r->image.profile().trigger) continue;
                continuous = true;
                if (now >= r->next_round) {
                    r->run_inventory();
                    r->next_round = now + kContinuousRound;
                }
            }
            // poll(), not select(): a simulator of a thousand readers has more descriptors than FD_SETSIZE.
            std::vector<pollfd> fds;
            fds.reserve(2 + tcp.size() + buses.size() + tcp_clients.size() + control_clients.size());
            auto watch = [&](int fd) { fds.push_back({fd, POLLIN, 0}); };
            watch(control_listen_fd);
            for (auto& e : tcp) watch(e.listen_fd);
            for (auto& b : buses) watch(b.fd);
            for (auto& [fd, _] : tcp_clients) watch(fd);
            for (auto& [fd, _] : control_clients) watch(fd);
            const bool busy = continuous || !delayed.empty() || next_scenario < options.scenario.size();
            const int ready = ::poll(fds.data(), fds.size(), busy ? 10 : 200);
            if (ready < 0) {
                if (errno == EINTR) continue;
                throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
            }
            if (ready == 0) continue;
            std::unordered_set<int> readable;
            for (const auto& p : fds) {
                if (p.revents & (POLLIN | POLLHUP | POLLERR)) readable.insert(p.fd);
            }
            auto is_set = [&](int fd) { return readable.count(fd) > 0; };
            for (auto& e : tcp) {
                if (!is_set(e.listen_fd)) continue;
                const int fd = ::accept4(e.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    tcp_clients[fd] = &e;
                    log.info("modbus client connected", {{"reader", e.reader->name}});
                }
            }
            if (is_set(control_listen_fd)) {
                const int fd = ::accept4(control_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) control_clients[fd];
            }
            for (auto& b : buses) {
                if (is_set(b.fd)) serve_bus(b);
            }
            for (auto it = tcp_clients.begin(); it != tcp_clients.end();) {
                if (is_set(it->first) && !serve_tcp_client(it->first, *it->second)) {
                    log.info("modbus client disconnected", {{"reader", it->second->reader->name}});
                    ::close(it->first);
                    it = tcp_clients.erase(it);
                } else {
                    ++it;
                }
            }
            for (auto it = control_clients.begin(); it != control_clients.end();) {
                if (is_set(it->first) && !serve_control(it->first)) {
                    ::close(it->first);
                    it = control_clients.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
};

ReaderServer::ReaderServer(const std::vector<VirtualReaderSpec>& specs, ControlEndpoint control, common::Logger log,
                           SimulatorOptions options)
    : impl_(std::make_unique<Impl>(std::move(control), std::move(log), std::move(options))) {
    if (specs.empty()) throw std::invalid_argument("the simulator needs at least one reader");
    if (!impl_->options.truth_file.empty()) {
        impl_->truth = std::fopen(impl_->options.truth_file.c_str(), "w");
        if (!impl_->truth) throw std::runtime_error("cannot write the ground truth to " + impl_->options.truth_file);
    }
    std::stable_sort(impl_->options.scenario.begin(), impl_->options.scenario.end(),
                     [](const ScenarioEvent& a, const ScenarioEvent& b) { return a.at_ms < b.at_ms; });
    std::map<std::string, std::size_t> bus_of_device;
    for (const auto& spec : specs) {
        // Each reader its own stream of noise, fixed by the seed and its place in the list.
        impl_->readers.push_back(
            std::make_unique<VirtualReader>(spec, impl_->options.seed * 1000003 + impl_->readers.size()));
        auto* r = impl_->readers.back().get();
        for (const auto& t : r->field.inventory()) impl_->write_truth(r->name, t.epc, t.antenna, 0, "initial");
        r->field.set_observer([impl = impl_.get(), name = r->name](const std::string& epc, std::uint16_t antenna,
                                                                   std::uint16_t between, const char* change) {
            impl->write_truth(name, epc, antenna, between, change);
        });
        if (spec.rtu) {
            auto [it, fresh] = bus_of_device.emplace(spec.rtu->device, impl_->buses.size());
            if (fresh) impl_->buses.push_back({*spec.rtu, {}, nullptr, -1, {}});
            impl_->buses[it->second].readers.push_back(r);
        } else {
            impl_->tcp.push_back({r, spec.tcp_host, spec.tcp_port});
        }
    }
}

ReaderServer::~ReaderServer() = default;

void ReaderServer::listen() { impl_->setup(); }

std::uint16_t ReaderServer::control_port() const { return local_port(impl_->control_listen_fd); }

std::uint16_t ReaderServer::modbus_port(std::size_t reader) const {
    for (const auto& e : impl_->tcp) {
        if (e.reader == impl_->readers.at(reader).get()) return local_port(e.listen_fd);
    }
    return 0;
}

std::size_t ReaderServer::readers() const { return impl_->readers.size(); }

TagField& ReaderServer::field(std::size_t reader) { return impl_->readers.at(reader)->field; }

void ReaderServer::run(const std::atomic<bool>& stop) { impl_->run(stop); }

}  // namespace casetrail::bridge::sim
