#include "gateway/event_writer.hpp"

#include <nlohmann/json.hpp>

#include "store/errors.hpp"

namespace casetrail::gateway {

namespace {
constexpr std::chrono::milliseconds kFirstRetry{200};
constexpr std::chrono::milliseconds kMaxRetry{5000};
}  // namespace

EventWriter::EventWriter(store::EventStore& store, spool::Spool& spool, WriterSettings settings,
                         GatewayHealth& health, support::Logger log)
    : store_(store), spool_(spool), settings_(settings), health_(health), log_(std::move(log)) {}

EventWriter::~EventWriter() {
    if (thread_.joinable()) stop(std::chrono::milliseconds(0));
}

void EventWriter::start() { thread_ = std::thread([this] { run(); }); }

void EventWriter::enqueue(std::vector<SpooledEvent> events) {
    if (events.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& e : events) queue_.push_back(std::move(e));
    }
    cv_.notify_one();
}

std::size_t EventWriter::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void EventWriter::stop(std::chrono::milliseconds deadline) {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        stop_deadline_ = std::chrono::steady_clock::now() + deadline;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void EventWriter::run() {
    std::chrono::milliseconds retry{0};
    bool outage_logged = false;
    std::unique_lock lock(mutex_);
    while (true) {
        // Wait for a full batch, or for the first queued event to be flush_interval old.
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (!stopping_ && queue_.size() < settings_.batch_size) {
            cv_.wait_for(lock, settings_.flush_interval,
                         [&] { return stopping_ || queue_.size() >= settings_.batch_size; });
        }
        if (queue_.empty()) {
            if (stopping_) return;
            continue;
        }
        const std::size_t n = std::min(queue_.size(), settings_.batch_size);
        std::vector<store::EventRow> batch;
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) batch.push_back(queue_[i].row);
        const std::uint64_t last_seq = queue_[n - 1].seq;
        lock.unlock();
        bool ok = false;
        try {
            store_.write_batch(batch);
            ok = true;
            health_.database_ok = true;
            spool_.ack(last_seq);
        } catch (const store::StoreUnavailable& e) {
            health_.database_ok = false;
            if (!outage_logged) log_.warn("database unavailable; events stay in the spool", {{"error", e.what()}});
            outage_logged = true;
        } catch (const std::exception& e) {
            // Not a link problem: keep the batch (it is in the spool) and say so loudly; retry with backoff.
            log_.error("event batch not written", {{"error", e.what()}, {"events", batch.size()}});
        }
        lock.lock();
        if (ok) {
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            health_.events_written += n;
            if (outage_logged) log_.info("database reachable again", {{"queued", queue_.size()}});
            outage_logged = false;
            retry = std::chrono::milliseconds(0);
            continue;
        }
        if (stopping_ && std::chrono::steady_clock::now() >= stop_deadline_) {
            log_.warn("stopping with events not yet in the database; they stay in the spool for the next start",
                      {{"events", queue_.size()}});
            return;
        }
        retry = retry.count() == 0 ? kFirstRetry : std::min(retry * 2, kMaxRetry);
        cv_.wait_for(lock, retry, [&] { return stopping_ && std::chrono::steady_clock::now() >= stop_deadline_; });
    }
}

}  // namespace casetrail::gateway
